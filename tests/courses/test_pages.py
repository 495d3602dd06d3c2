"""The catalogue, course, lesson and my-learning pages: what they show, the actions behind them, and a query count
that does not grow with the number of lessons or enrollments."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.caching import forget_learners
from courses.models import CourseItemProgress, CoursePage, Enrollment, LessonPage
from people.models import Role
from tests.factories import UserFactory
from tests.helpers import body

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # warm the per-revision caches, as a running site has them
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def first_lesson(course):
    return LessonPage.objects.child_of(course).order_by("path").first()


@pytest.fixture
def counselor_client(client, people):
    client.force_login(people["jinan_counselor"])
    return client


def test_course_and_lesson_pages_run_the_same_queries_for_2_and_50_lessons(
    counselor_client, people, make_course, django_assert_num_queries
):
    small, large = make_course(lessons=2), make_course(lessons=50)
    for course in (small, large):
        enrollment = services.enroll(people["jinan_counselor"], course)
        for lesson in LessonPage.objects.child_of(course).order_by("path")[:1]:
            services.mark_item_complete(enrollment, lesson)
    for page in ((small, large), (first_lesson(small), first_lesson(large))):
        expected = count_queries(counselor_client, page[0].url)
        counselor_client.get(page[1].url)
        with django_assert_num_queries(expected):
            counselor_client.get(page[1].url)


def test_my_learning_runs_the_same_queries_for_2_and_50_enrollments(
    client, people, make_course, django_assert_num_queries
):
    courses = [make_course(lessons=2) for _ in range(50)]
    few, many = (UserFactory(organization=people["jinan_counselor"].organization, roles=[Role.COUNSELOR])
                 for _ in range(2))
    for user, chosen in ((few, courses[:2]), (many, courses)):
        for course in chosen:
            services.mark_item_complete(services.enroll(user, course), first_lesson(course))
    client.force_login(few)
    expected = count_queries(client, reverse("courses:my_learning"))
    client.force_login(many)
    client.get(reverse("courses:my_learning"))
    with django_assert_num_queries(expected):
        response = client.get(reverse("courses:my_learning"))
    assert body(response).count("data-enrollment=") == 20  # paginated


def test_catalogue_filters_and_shows_my_status(counselor_client, people, make_course, catalogue):
    taken = make_course(title="职业咨询基础", topics=("COUNSEL",))
    make_course(title="创业指导实务", level="level-4", topics=("STARTUP",))
    services.enroll(people["jinan_counselor"], taken)
    page = body(counselor_client.get(catalogue.url))
    assert "职业咨询基础" in page and "创业指导实务" in page and 'data-status="active"' in page
    filtered = body(counselor_client.get(catalogue.url, {"topic": "STARTUP"}))
    assert "创业指导实务" in filtered and "职业咨询基础" not in filtered
    by_level = body(counselor_client.get(catalogue.url, {"level": "level-5", "page": "x", "audience": "bogus"}))
    assert "职业咨询基础" in by_level and "创业指导实务" not in by_level


def test_enroll_work_through_and_complete(counselor_client, people, make_course):
    course = make_course(lessons=2)
    response = counselor_client.post(reverse("courses:enroll", args=[course.pk]))
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(user=people["jinan_counselor"], course=course)
    first, second = LessonPage.objects.child_of(course).order_by("path")
    page = body(counselor_client.get(first.url))
    assert "建立信任" in page and 'id="mark-done-button"' in page
    assert CourseItemProgress.objects.filter(enrollment=enrollment, page=first).exists()
    assert counselor_client.post(reverse("courses:lesson_done", args=[first.pk]))["Location"] == second.url
    response = counselor_client.post(reverse("courses:lesson_done", args=[second.pk]), follow=True)
    assert "Congratulations" in body(response) or "恭喜" in body(response)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    # a double submit changes nothing
    counselor_client.post(reverse("courses:lesson_done", args=[second.pk]))
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at == enrollment.completed_at


def test_lessons_are_closed_to_people_not_enrolled(client, counselor_client, make_course):
    course = make_course(lessons=1)
    lesson = first_lesson(course)
    page = body(counselor_client.get(lesson.url))
    assert 'id="lesson-closed"' in page and "建立信任" not in page
    anonymous = body(client.get(lesson.url)) if client is not counselor_client else ""
    assert "建立信任" not in anonymous
    response = counselor_client.post(reverse("courses:lesson_done", args=[lesson.pk]), follow=True)
    assert response.status_code == 200 and not CourseItemProgress.objects.exists()


def test_bad_actions_get_messages_not_errors(counselor_client, people, make_course):
    assert counselor_client.post(reverse("courses:enroll", args=[999999])).status_code == 404
    assert counselor_client.get(reverse("courses:enroll", args=[1])).status_code == 405
    assigned = make_course(enrollment_policy=CoursePage.EnrollmentPolicy.ASSIGNED)
    response = counselor_client.post(reverse("courses:enroll", args=[assigned.pk]), follow=True)
    assert response.status_code == 200 and not Enrollment.objects.exists()
    response = counselor_client.post(reverse("courses:withdraw", args=[12345]), follow=True)
    assert response.status_code == 200


def test_withdraw_and_enroll_again(counselor_client, people, make_course):
    course = make_course()
    enrollment = services.enroll(people["jinan_counselor"], course)
    counselor_client.post(reverse("courses:withdraw", args=[enrollment.pk]))
    assert Enrollment.objects.get(pk=enrollment.pk).status == Enrollment.Status.WITHDRAWN
    counselor_client.post(reverse("courses:enroll", args=[course.pk]))
    assert Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).count() == 1


def test_sign_in_is_required_for_my_learning(client):
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_cached_parts_follow_publication(counselor_client, people, make_course):
    course = make_course(lessons=2)
    services.enroll(people["jinan_counselor"], course)
    first, second = LessonPage.objects.child_of(course).order_by("path")
    assert "建立信任" in body(counselor_client.get(first.url))
    first.body = [("paragraph", "<p>修订后的内容</p>")]
    first.save_revision().publish()
    assert "修订后的内容" in body(counselor_client.get(first.url))
    assert second.title in body(counselor_client.get(course.url))
    second.unpublish()
    assert second.title not in body(counselor_client.get(course.url))
    assert counselor_client.get(second.url).status_code == 404


def test_dashboard_shows_what_to_continue(counselor_client, people, make_course, django_assert_num_queries):
    first = make_course(lessons=2, title="职业咨询基础")
    services.enroll(people["jinan_counselor"], first)
    page = body(counselor_client.get(reverse("home:dashboard")))
    assert 'id="continue-heading"' in page and "职业咨询基础" in page and "第1讲" in page
    expected = count_queries(counselor_client, reverse("home:dashboard"))
    for _ in range(3):
        services.enroll(people["jinan_counselor"], make_course(lessons=2))
    counselor_client.get(reverse("home:dashboard"))
    with django_assert_num_queries(expected):
        counselor_client.get(reverse("home:dashboard"))


def test_routing_finds_children_of_other_types(catalogue, make_course):
    from wagtail.models import Page

    course = make_course(lessons=1)
    other = course.add_child(instance=Page(title="测验", slug="quiz"))
    assert [page.pk for page in catalogue.resolve_path([course.slug, "quiz"])] == [course.pk, other.pk]
    assert catalogue.resolve_path([course.slug, "missing"]) is None


# Wagtail leaves the temporary file of a freshly generated rendition to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_catalogue_runs_the_same_queries_for_2_and_14_courses(
    counselor_client, people, make_course, catalogue, django_assert_num_queries
):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from courses.models import TrainingPlan, TrainingPlanEntry
    from standards.models import Level

    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), "#0b4f8a").save(buffer, "PNG")
    image = get_image_model().objects.create(title="封面", file=ImageFile(buffer, name="cover.png"))
    plan = TrainingPlan.objects.create(level=Level.objects.get(code="level-5"))
    for _ in range(2):
        course = make_course(cover_image=image)
        TrainingPlanEntry.objects.create(plan=plan, course=course)
    expected = count_queries(counselor_client, catalogue.url)
    for _ in range(12):
        course = make_course(cover_image=image)
        TrainingPlanEntry.objects.create(plan=plan, course=course)
        services.enroll(people["jinan_counselor"], course)
    counselor_client.get(catalogue.url)
    with django_assert_num_queries(expected):
        response = counselor_client.get(catalogue.url)
    assert body(response).count('class="card course-card"') == 12


def test_previews_render_the_draft_for_authors(make_course):
    course = make_course(lessons=1)
    lesson = first_lesson(course)
    lesson.body = [("paragraph", "<p>草稿中的新段落</p>")]
    draft = lesson.save_revision().as_object()
    response = draft.make_preview_request()
    assert response.status_code == 200 and "草稿中的新段落" in body(response)
    assert course.make_preview_request().status_code == 200


def test_marking_a_later_lesson_goes_forward_and_names_the_lesson(counselor_client, people, make_course):
    """Marking lesson 2 while lesson 1 is still open leads on to lesson 3 (not back to 1) and says which was marked."""
    course = make_course(lessons=3)
    services.enroll(people["jinan_counselor"], course)
    first, second, third = LessonPage.objects.child_of(course).order_by("path")
    response = counselor_client.post(reverse("courses:lesson_done", args=[second.pk]), follow=True)
    assert response.redirect_chain[-1][0] == third.url
    text = body(response)
    assert f"“{second.title}”" in text and f"“{third.title}”" in text
    # after the last one, the skipped first lesson is next
    response = counselor_client.post(reverse("courses:lesson_done", args=[third.pk]))
    assert response["Location"] == first.url


def test_a_minimum_time_lesson_shows_a_disabled_countdown_button(counselor_client, people, make_course):
    """Until the minimum time has passed the button is disabled and shows the time left; the server still refuses."""
    course = make_course(lessons=1)
    lesson = first_lesson(course)
    lesson.completion, lesson.min_minutes = LessonPage.Completion.MIN_TIME, 3
    lesson.save_revision().publish()
    services.enroll(people["jinan_counselor"], course)
    page = body(counselor_client.get(lesson.url))
    assert 'id="mark-done-button" disabled data-seconds-left="' in page and "js/lesson.js" in page
    assert "3" in page.split('id="mark-done-button"')[1].split("</button>")[0]
    response = counselor_client.post(reverse("courses:lesson_done", args=[lesson.pk]))
    assert response["Location"] == lesson.url
    assert not Enrollment.objects.get(course=course).progress
    CourseItemProgress.objects.filter(page=lesson).update(opened_at=timezone.now() - timedelta(minutes=4))
    forget_learners(course.pk, [people["jinan_counselor"].pk])  # the learner state is cached per learner
    page = body(counselor_client.get(lesson.url))
    assert 'id="mark-done-button">' in page and "data-seconds-left" not in page
