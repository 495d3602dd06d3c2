"""Contested evaluation writes on PostgreSQL with real threads: one anonymous token sent twice at the same moment
records one response; one peer assignment answered twice at once records one; two moderators deciding one response
at once make one decision. Skipped without PostgreSQL."""

import pytest

from evaluations import services
from evaluations.models import Response, ResponseToken
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.evaluations.conftest import answers
from tests.helpers import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("migrated_data_kept")]


def test_one_token_sent_twice_at_once_records_one_response(transactional_db, django_db_serialized_rollback,
                                                           participant):
    _participant, signed = services.issue_token(participant.share_key, "student", "203.0.113.9")
    data = answers(participant.campaign.questionnaire, 4)
    outcomes = run_together(*[lambda: services.submit_anonymous(signed, data, "203.0.113.9")] * 4)
    assert sum(isinstance(outcome, Response) for outcome in outcomes) == 1, outcomes
    assert {o.code for o in outcomes if isinstance(o, services.EvaluationError)} == {"used"}
    assert Response.objects.count() == 1
    assert ResponseToken.objects.get().used_at is not None


def test_one_peer_assignment_answered_twice_at_once_records_one(transactional_db, django_db_serialized_rollback,
                                                              participant, colleagues, people):
    assignment = services.assign_peer(participant.pk, colleagues[0], actor=people["jinan_admin"])
    data = answers(participant.campaign.questionnaire, 3)
    outcomes = run_together(*[lambda: services.submit_peer(assignment.pk, colleagues[0], data)] * 3)
    assert sum(isinstance(outcome, Response) for outcome in outcomes) == 1, outcomes
    assert Response.objects.filter(source="peer").count() == 1


def test_two_moderators_decide_one_response_once(transactional_db, django_db_serialized_rollback, participant,
                                                 people):
    _participant, signed = services.issue_token(participant.share_key, "society", "203.0.113.10")
    ResponseToken.objects.update(issued_at=ResponseToken.objects.get().issued_at.replace(year=2020))
    response = services.submit_anonymous(signed, answers(participant.campaign.questionnaire), "203.0.113.10")
    outcomes = run_together(
        lambda: services.moderate(response.pk, actor=people["jinan_admin"], decision="accept"),
        lambda: services.moderate(response.pk, actor=people["province_admin"], decision="reject"),
    )
    assert sum(isinstance(outcome, Response) for outcome in outcomes) == 1, outcomes
    assert [o.code for o in outcomes if isinstance(o, services.EvaluationError)] == ["already_decided"]
