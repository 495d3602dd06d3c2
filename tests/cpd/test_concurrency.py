"""Ten workers credit the same completion at the same moment: the unique constraint lets exactly one entry in,
and every worker gets that entry back. Needs PostgreSQL (real concurrent transactions); skipped otherwise.
"""

import datetime
from decimal import Decimal

import pytest

from cpd.models import CreditEntry
from cpd.services import CreditError, record_credit, reverse_credit
from tests.helpers import run_together

pytestmark = pytest.mark.postgres


def test_ten_workers_record_the_same_source_once(transactional_db, django_db_serialized_rollback, people):
    counselor = people["jinan_counselor"]

    def record():
        return record_credit(
            counselor,
            hours=Decimal("8.0"),
            category=CreditEntry.Category.PROFESSIONAL,
            kind=CreditEntry.Kind.COURSE,
            source_ref="course:12:enrollment:34",
            title="职业咨询实务",
            occurred_on=datetime.date(2026, 5, 1),
        )

    outcomes = run_together(*([record] * 10))

    assert all(isinstance(outcome, CreditEntry) for outcome in outcomes), outcomes
    assert CreditEntry.objects.filter(counselor=counselor, source_ref="course:12:enrollment:34").count() == 1
    assert len({outcome.pk for outcome in outcomes}) == 1


def test_two_admins_reverse_the_same_entry_once(transactional_db, django_db_serialized_rollback, people):
    entry = record_credit(
        people["jinan_counselor"], hours=8, category="professional", kind="course", source_ref="course:1",
        title="职业咨询实务", occurred_on=datetime.date(2026, 5, 1),
    )

    def reverse(actor):
        return lambda: reverse_credit(entry.pk, actor=actor, reason="重复记录")

    outcomes = run_together(reverse(people["jinan_admin"]), reverse(people["province_admin"]))

    winners = [outcome for outcome in outcomes if isinstance(outcome, CreditEntry)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, CreditError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].code == "already_reversed"
    assert CreditEntry.objects.filter(reverses=entry).count() == 1
