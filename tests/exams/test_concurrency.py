"""Real concurrency on PostgreSQL (SQLite has no row locks; skipped there): ten submits of one exam attempt at once
grade it once and write the theory score to the application once; simultaneous starts open one attempt."""

import pytest
from wagtail.models import ModelLogEntry

from certification.models import LevelApplication
from quizzes import services
from quizzes.models import Attempt
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.helpers import run_together
from tests.quizzes.conftest import answers_for


@pytest.mark.postgres
def test_ten_concurrent_submits_record_the_theory_score_once(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, exam, candidate,  # noqa: F811
):
    attempt = services.start_attempt(candidate, exam)
    services.save_answers(attempt.pk, candidate, answers_for(attempt))

    outcomes = run_together(*(lambda: services.finish_attempt(attempt.pk, user=candidate) for _ in range(10)))

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    assert sorted(changed for _attempt, changed in outcomes) == [False] * 9 + [True]
    application = LevelApplication.objects.get(applicant=candidate)
    assert application.theory_score == 100
    assert ModelLogEntry.objects.filter(object_id=str(application.pk),
                                        action="certification.application.scored").count() == 1


@pytest.mark.postgres
def test_concurrent_starts_of_an_exam_open_one_attempt(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, exam, candidate,  # noqa: F811
):
    outcomes = run_together(*(lambda: services.start_attempt(candidate, exam) for _ in range(6)))
    assert {outcome.pk for outcome in outcomes if isinstance(outcome, Attempt)} == {
        Attempt.objects.get(user=candidate).pk}, outcomes
