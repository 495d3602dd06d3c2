"""Real concurrency on PostgreSQL (SQLite has no row locks; skipped there): ten submits of one attempt at once grade
it once and credit the course once; simultaneous starts never duplicate an attempt number nor open two attempts."""

import pytest
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from courses.models import Enrollment
from cpd.models import Certificate, CreditEntry
from quizzes import services
from quizzes.models import Attempt
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.helpers import run_together
from tests.quizzes.conftest import answers_for


@pytest.mark.postgres
def test_ten_concurrent_submits_grade_once_and_credit_once(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, quiz, counselor,  # noqa: F811
):
    attempt = services.start_attempt(counselor, quiz)
    services.save_answers(attempt.pk, counselor, answers_for(attempt))

    outcomes = run_together(*(lambda: services.finish_attempt(attempt.pk, user=counselor) for _ in range(10)))

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    assert sorted(changed for _attempt, changed in outcomes) == [False] * 9 + [True]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    for action in ("quizzes.attempt.submitted", "quizzes.attempt.graded"):
        assert ModelLogEntry.objects.filter(object_id=str(attempt.pk), action=action).count() == 1
    enrollment = Enrollment.objects.get(user=counselor)
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert CreditEntry.objects.filter(counselor=counselor, source_ref=enrollment.source_ref).count() == 1
    assert Certificate.objects.filter(holder=counselor, source_ref=enrollment.source_ref).count() == 1


@pytest.mark.postgres
def test_concurrent_starts_open_one_attempt_with_unique_numbers(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, quiz, counselor,  # noqa: F811
):
    outcomes = run_together(*(lambda: services.start_attempt(counselor, quiz) for _ in range(6)))
    assert {outcome.pk for outcome in outcomes if isinstance(outcome, Attempt)} == {
        Attempt.objects.get(user=counselor).pk}, outcomes
    services.finish_attempt(outcomes[0].pk, user=counselor)

    outcomes = run_together(*(lambda: services.start_attempt(counselor, quiz) for _ in range(6)))
    assert all(isinstance(outcome, Attempt) for outcome in outcomes), outcomes
    assert sorted(Attempt.objects.filter(user=counselor).values_list("number", flat=True)) == [1, 2]
    assert Attempt.objects.open().filter(user=counselor).count() == 1


def test_the_database_refuses_a_duplicate_number_or_a_second_open_attempt(quiz, counselor):
    attempt = services.start_attempt(counselor, quiz)
    fields = {"quiz": quiz, "user": counselor, "enrollment": attempt.enrollment, "quiz_title": quiz.title}
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(number=1, status=Attempt.Status.GRADED, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(number=2, **fields)
