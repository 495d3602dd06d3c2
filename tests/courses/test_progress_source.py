"""One source of progress: the stored Enrollment.progress is recomputed when a course's items change (an item added,
removed, or made optional), and the course page, my learning, the dashboard's continue list and the admin listing all
show that one figure."""

import re

import pytest
from django.urls import reverse

from courses import services
from courses.models import Enrollment, LessonPage
from tests.factories import UserFactory


@pytest.fixture
def learners(people, make_course):
    course = make_course(lessons=3)
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    rows = []
    for number in range(3):
        user = UserFactory(email=f"learner{number}@example.cn", organization=people["jinan_counselor"].organization)
        enrollment = services.enroll(user, course)
        services.mark_item_complete(enrollment, lessons[0])
        rows.append(enrollment)
    return course, lessons, rows


def stored(rows):
    return [Enrollment.objects.get(pk=row.pk).progress for row in rows]


def test_adding_an_item_lowers_every_enrollment(learners, django_capture_on_commit_callbacks):
    course, _lessons, rows = learners
    assert stored(rows) == [33, 33, 33]
    with django_capture_on_commit_callbacks(execute=True):
        course.add_child(instance=LessonPage(title="第4讲", slug="lesson-4")).save_revision().publish()
    assert stored(rows) == [25, 25, 25]


def test_removing_or_making_optional_raises_it_and_may_complete(learners, django_capture_on_commit_callbacks):
    course, lessons, rows = learners
    with django_capture_on_commit_callbacks(execute=True):
        lessons[2].unpublish()
    assert stored(rows) == [50, 50, 50]
    with django_capture_on_commit_callbacks(execute=True):
        lessons[1].required = False
        lessons[1].save_revision().publish()
    statuses = [Enrollment.objects.get(pk=row.pk) for row in rows]
    assert [(row.progress, row.status) for row in statuses] == [(100, Enrollment.Status.COMPLETED)] * 3
    assert services.recompute_progress(course.pk) == 0  # idempotent


def test_deleting_an_item_recomputes(learners, django_capture_on_commit_callbacks):
    _course, lessons, rows = learners
    with django_capture_on_commit_callbacks(execute=True):
        lessons[2].delete()
    assert stored(rows) == [50, 50, 50]


def test_the_screens_show_the_stored_figure(client, learners, people, django_capture_on_commit_callbacks):
    course, _lessons, rows = learners
    with django_capture_on_commit_callbacks(execute=True):
        course.add_child(instance=LessonPage(title="第4讲", slug="lesson-4")).save_revision().publish()
    learner = rows[0].user
    client.force_login(learner)
    course_html = client.get(course.url).content.decode()
    assert re.search(r'<progress[^>]*value="25"', course_html)
    learning_html = client.get(reverse("courses:my_learning")).content.decode()
    assert re.search(r'<progress[^>]*value="25"', learning_html)
    client.force_login(people["province_admin"])
    listing = client.get(reverse("enrollments:index"), {"export": "csv"})
    lines = b"".join(listing.streaming_content).decode("utf-8-sig").splitlines()
    assert sum(1 for line in lines if learner.email in line and ",25," in line) == 1
