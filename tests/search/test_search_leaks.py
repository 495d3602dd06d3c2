"""Search shows only what the visitor could open: lesson text is found and quoted only for enrolled learners and the
course team, so sliding a query over a lesson recovers nothing for anyone else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CoursePage, Enrollment, LessonPage
from courses.services import enroll, withdraw
from people.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/search/"
SECRET = "岗位胜任力矩阵的第七项指标是沟通弹性"


@pytest.fixture
def course(make_course):
    course = make_course(lessons=2, title="职业咨询实务", summary="面向初级职业指导人员的咨询方法课程")
    lesson = LessonPage.objects.child_of(course).first().specific
    lesson.body = [("paragraph", f"<p>本讲要点：{SECRET}。</p>")]
    lesson.save_revision().publish()
    return course


def page_text(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response.content.decode(), [hit["page"].title for hit in response.context["results"] or []]


def slide(client, text=SECRET, width=4):
    """Search every `width`-character slice of `text`; return what came back about the lesson."""
    leaked = []
    for start in range(len(text) - width + 1):
        content, titles = page_text(client, text[start:start + width])
        leaked += [title for title in titles if title.startswith("第")]
        results = content.split('class="search-results"', 1)[-1]  # the query itself is echoed in the form
        leaked += [text[start:start + width]] if text[start:start + width] in results else []
    return leaked


@pytest.mark.parametrize("who", ["anonymous", "not_enrolled", "pending"])
def test_sliding_queries_recover_nothing(client, people, course, who):
    if who == "not_enrolled":
        client.force_login(people["qingdao_counselor"])
    elif who == "pending":
        person = people["jinan_counselor"]
        course.enrollment_policy = CoursePage.EnrollmentPolicy.APPROVAL
        course.save_revision().publish()
        assert enroll(person, course).status == Enrollment.Status.PENDING
        client.force_login(person)
    assert slide(client) == []


def test_the_course_is_still_found_by_its_own_summary(client, course):
    _content, titles = page_text(client, "咨询方法")
    assert titles == ["职业咨询实务"]


def test_an_enrolled_learner_finds_the_lesson_with_an_excerpt(client, people, course):
    learner = people["jinan_counselor"]
    enroll(learner, course)
    client.force_login(learner)
    content, titles = page_text(client, "胜任力")
    assert "第1讲" in titles
    assert "沟通弹性" in content


def test_the_course_team_finds_the_lesson(client, tree, course):
    from courses.models import CourseTrainer

    trainer = UserFactory(organization=tree["jinan_agency"], roles=[Role.TRAINER])
    CourseTrainer.objects.create(course=course, user=trainer)
    client.force_login(trainer)
    assert "第1讲" in page_text(client, "胜任力")[1]


def test_a_withdrawn_learner_no_longer_finds_it(client, people, course):
    learner = people["jinan_counselor"]
    withdraw(learner, enroll(learner, course).pk)
    client.force_login(learner)
    assert page_text(client, "胜任力")[1] == []


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_enrollments(client, people, make_course):
    learner = people["jinan_counselor"]
    client.force_login(learner)
    enroll(learner, make_course(lessons=2))
    _queries(client, {"q": "咨询"})
    few = _queries(client, {"q": "咨询"})
    for _ in range(5):
        enroll(learner, make_course(lessons=3))
    assert _queries(client, {"q": "咨询"}) <= few
