"""Enrolling, progress and completion through courses.services."""

import pytest

from courses import services
from courses.models import CourseItemProgress, CoursePage, Enrollment, LessonPage
from courses.services import EnrollmentError
from cpd.models import Certificate, CreditEntry
from people.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(LessonPage.objects.child_of(course).order_by("path"))


def test_completing_every_required_lesson_completes_and_credits_once(make_course, people):
    course = make_course(lessons=3)
    counselor = people["jinan_counselor"]
    enrollment = services.enroll(counselor, course)
    first, second, third = lessons_of(course)
    assert services.mark_item_complete(enrollment, first) is False
    assert Enrollment.objects.get(pk=enrollment.pk).progress == 33
    assert services.mark_item_complete(enrollment, second) is False
    assert services.mark_item_complete(enrollment, third) is True
    assert services.mark_item_complete(enrollment, third) is False
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED and enrollment.progress == 100
    entry = CreditEntry.objects.get(counselor=counselor)
    assert entry.source_ref == f"course:{course.pk}:enrollment:{enrollment.pk}" and entry.hours == course.hours
    assert Certificate.objects.filter(holder=counselor, source_ref=entry.source_ref).count() == 1


def test_optional_lessons_do_not_hold_back_completion(make_course, people):
    course = make_course(lessons=2)
    optional = lessons_of(course)[1]
    LessonPage.objects.filter(pk=optional.pk).update(required=False)
    enrollment = services.enroll(people["jinan_counselor"], course)
    assert services.mark_item_complete(enrollment, lessons_of(course)[0]) is True


def test_current_enrollment_and_item_access(make_course, people):
    course = make_course(lessons=2, sequential=True)
    counselor = people["jinan_counselor"]
    first, second = lessons_of(course)
    assert services.current_enrollment(counselor, course) is None
    enrollment, reason = services.item_access(counselor, first)
    assert enrollment is None and reason
    enrollment = services.enroll(counselor, course)
    assert services.current_enrollment(counselor, course) == enrollment
    assert services.item_access(counselor, first) == (enrollment, None)
    locked_enrollment, reason = services.item_access(counselor, second)
    assert locked_enrollment == enrollment and "第1讲" in reason
    services.mark_item_complete(enrollment, first)
    assert services.item_access(counselor, second) == (enrollment, None)


def test_second_enrollment_is_refused(make_course, people):
    course = make_course()
    services.enroll(people["jinan_counselor"], course)
    with pytest.raises(EnrollmentError) as error:
        services.enroll(people["jinan_counselor"], course)
    assert error.value.code == "already"
    assert Enrollment.objects.count() == 1


def test_prerequisites_and_window_are_enforced(make_course, people):
    from django.utils import timezone

    basic = make_course()
    advanced = make_course()
    advanced.prerequisites.add(basic)
    advanced.save()
    with pytest.raises(EnrollmentError) as error:
        services.enroll(people["jinan_counselor"], advanced)
    assert error.value.code == "prerequisites" and basic.title in error.value.message
    closed = make_course(enrollment_closes_at=timezone.now() - timezone.timedelta(days=1))
    with pytest.raises(EnrollmentError) as error:
        services.enroll(people["jinan_counselor"], closed)
    assert error.value.code == "window"
    assert not Enrollment.objects.exists()


def test_audience_and_assigned_only(make_course, people):
    university_only = make_course(audience="university")
    with pytest.raises(EnrollmentError) as error:
        services.enroll(people["jinan_counselor"], university_only)
    assert error.value.code == "audience"
    assigned = make_course(enrollment_policy=CoursePage.EnrollmentPolicy.ASSIGNED)
    with pytest.raises(EnrollmentError) as error:
        services.enroll(people["jinan_counselor"], assigned)
    assert error.value.code == "assigned_only"


def test_approval_first_decision_wins_and_is_scoped(make_course, people):
    course = make_course(enrollment_policy=CoursePage.EnrollmentPolicy.APPROVAL)
    enrollment = services.enroll(people["jinan_counselor"], course)
    assert enrollment.status == Enrollment.Status.PENDING
    with pytest.raises(EnrollmentError) as error:
        services.decide_enrollment(enrollment.pk, actor=people["qingdao_admin"], approve=True)
    assert error.value.code == "not_found"
    services.decide_enrollment(enrollment.pk, actor=people["jinan_admin"], approve=True)
    with pytest.raises(EnrollmentError) as error:
        services.decide_enrollment(enrollment.pk, actor=people["province_admin"], approve=False, reason="x")
    assert error.value.code == "not_pending"
    assert Enrollment.objects.get(pk=enrollment.pk).status == Enrollment.Status.ACTIVE


def test_assigning_to_an_organization_is_idempotent(make_course, people, tree):
    course = make_course(enrollment_policy=CoursePage.EnrollmentPolicy.ASSIGNED)
    extra = UserFactory(organization=tree["jinan_university"], roles=[Role.COUNSELOR])
    result = services.assign_course(course, actor=people["jinan_admin"], organization=tree["jinan"])
    assert result == {"created": 2, "activated": 0, "existing": 0}
    again = services.assign_course(course, actor=people["jinan_admin"], organization=tree["jinan"], users=[extra])
    assert again == {"created": 0, "activated": 0, "existing": 2}
    assert set(Enrollment.objects.values_list("user__email", flat=True)) == {
        people["jinan_counselor"].email, extra.email
    }
    with pytest.raises(EnrollmentError) as error:
        services.assign_course(course, actor=people["jinan_admin"], organization=tree["qingdao"])
    assert error.value.code == "outside_scope"


def test_min_time_rule_is_measured_on_the_server(make_course, people):
    from django.utils import timezone

    course = make_course(lessons=1)
    lesson = lessons_of(course)[0]
    LessonPage.objects.filter(pk=lesson.pk).update(completion="min_time", min_minutes=10)
    lesson.refresh_from_db()
    counselor = people["jinan_counselor"]
    enrollment = services.enroll(counselor, course)
    services.open_item(enrollment, lesson)
    with pytest.raises(EnrollmentError) as error:
        services.complete_lesson(counselor, lesson)
    assert error.value.code == "too_early"
    CourseItemProgress.objects.update(opened_at=timezone.now() - timezone.timedelta(minutes=11))
    assert services.complete_lesson(counselor, lesson) is True


def test_a_left_course_records_nothing(make_course, people):
    course = make_course(lessons=1)
    enrollment = services.enroll(people["jinan_counselor"], course)
    services.withdraw(people["jinan_counselor"], enrollment.pk)
    assert services.mark_item_complete(enrollment, lessons_of(course)[0]) is False
    assert not CourseItemProgress.objects.exists()
