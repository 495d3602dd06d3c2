"""Contested sign-offs on PostgreSQL with real threads: the supervisor's form submitted twice at the same moment
signs off once and records one credit entry; sign-off racing a return makes exactly one decision. Skipped without
PostgreSQL."""

import pytest

from cpd.models import CreditEntry
from practicum import services
from practicum.models import Placement
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.helpers import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("migrated_data_kept")]


def test_two_sign_offs_at_once_record_credit_once(transactional_db, django_db_serialized_rollback, submitted, people):
    placement, token = submitted
    outcomes = run_together(
        lambda: services.sign_off(token, hours="18", assessment="表现优秀", signature="李主管"),
        lambda: services.sign_off(token, hours="18", assessment="表现优秀", signature="李主管"),
    )
    assert sum(isinstance(outcome, Placement) for outcome in outcomes) == 1, outcomes
    assert [o.code for o in outcomes if isinstance(o, services.PracticumError)] == ["invalid_link"]
    assert CreditEntry.objects.filter(counselor=people["jinan_counselor"]).count() == 1
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.SIGNED_OFF


def test_sign_off_racing_a_return_makes_one_decision(transactional_db, django_db_serialized_rollback, submitted):
    placement, token = submitted
    outcomes = run_together(
        lambda: services.sign_off(token, hours="18", assessment="好", signature="李主管"),
        lambda: services.return_placement(token, reason="请补充"),
    )
    assert sum(isinstance(outcome, Placement) for outcome in outcomes) == 1, outcomes
    status = Placement.objects.get(pk=placement.pk).status
    assert CreditEntry.objects.count() == (1 if status == Placement.Status.SIGNED_OFF else 0)


def test_ten_sign_offs_at_once_record_credit_once(transactional_db, django_db_serialized_rollback, submitted):
    _placement, token = submitted
    outcomes = run_together(*[
        (lambda: services.sign_off(token, hours="10", assessment="好", signature="李主管")) for _ in range(10)
    ])
    assert sum(isinstance(outcome, Placement) for outcome in outcomes) == 1, outcomes
    assert CreditEntry.objects.count() == 1
