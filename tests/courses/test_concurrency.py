"""Several workers mark the last lesson done at the same moment (a double click, a retried task): the enrollment row
lock and the conditional update complete the course once, credit once and certify once. Needs PostgreSQL (SQLite
has no row locks); skipped otherwise."""

import pytest

from courses import services
from courses.models import Enrollment, LessonPage
from cpd.models import Certificate, CreditEntry
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.helpers import run_together

pytestmark = pytest.mark.postgres


def test_concurrent_completion_of_the_last_item_completes_and_credits_once(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, make_course, people,  # noqa: F811
):
    course = make_course(lessons=2)
    counselor = people["jinan_counselor"]
    enrollment = services.enroll(counselor, course)
    first, last = LessonPage.objects.child_of(course).order_by("path")
    services.mark_item_complete(enrollment, first)

    outcomes = run_together(*(lambda: services.mark_item_complete(Enrollment.objects.get(pk=enrollment.pk), last)
                              for _ in range(6)))

    assert sorted(outcomes, key=str) == [False] * 5 + [True], outcomes
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert CreditEntry.objects.filter(counselor=counselor, source_ref=enrollment.source_ref).count() == 1
    assert Certificate.objects.filter(holder=counselor, source_ref=enrollment.source_ref).count() == 1


def test_the_same_person_enrolling_twice_at_once_gets_one_enrollment(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, make_course, people,  # noqa: F811
):
    course = make_course(lessons=1)
    counselor = people["jinan_counselor"]
    outcomes = run_together(*(lambda: services.enroll(counselor, course) for _ in range(5)))
    assert sum(isinstance(outcome, Enrollment) for outcome in outcomes) == 1, outcomes
    assert {outcome.code for outcome in outcomes if isinstance(outcome, services.EnrollmentError)} == {"already"}
    assert Enrollment.objects.filter(user=counselor, course=course).count() == 1


def test_two_admins_decide_the_same_request_once(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, make_course, people,  # noqa: F811
):
    from courses.models import CoursePage

    course = make_course(enrollment_policy=CoursePage.EnrollmentPolicy.APPROVAL)
    enrollment = services.enroll(people["jinan_counselor"], course)
    outcomes = run_together(
        lambda: services.decide_enrollment(enrollment.pk, actor=people["jinan_admin"], approve=True),
        lambda: services.decide_enrollment(enrollment.pk, actor=people["province_admin"], approve=False),
    )
    assert sum(isinstance(outcome, Enrollment) for outcome in outcomes) == 1, outcomes
    assert [outcome.code for outcome in outcomes if isinstance(outcome, services.EnrollmentError)] == ["not_pending"]
