"""Two admins approve the same claim at the same moment: one wins, the other is told someone else decided, and the
ledger holds one entry. Needs PostgreSQL (real row locks); skipped otherwise."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cpd.models import CreditEntry, ExternalClaim
from cpd.services import ClaimError, approve_claim, reject_claim, submit_claim
from tests.helpers import run_together

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("second", ["approve", "reject"])
def test_two_admins_decide_the_same_claim_at_once(transactional_db, django_db_serialized_rollback, people, second):
    claim = submit_claim(
        people["jinan_counselor"], activity_kind="conference", title="全国职业指导年会",
        occurred_on=datetime.date(2026, 1, 10), hours=Decimal("6.0"), category="professional",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    other = (
        (lambda: approve_claim(claim.pk, actor=people["province_admin"]))
        if second == "approve"
        else (lambda: reject_claim(claim.pk, actor=people["province_admin"], reason="证明不清"))
    )
    outcomes = run_together(lambda: approve_claim(claim.pk, actor=people["jinan_admin"]), other)

    winners = [outcome for outcome in outcomes if isinstance(outcome, ExternalClaim)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, ClaimError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].code == "already_decided"
    claim.refresh_from_db()
    expected = 1 if claim.status == ExternalClaim.Status.APPROVED else 0
    assert CreditEntry.objects.filter(source_ref=f"claim:{claim.pk}").count() == expected
