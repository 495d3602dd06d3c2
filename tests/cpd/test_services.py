"""The ledger's rules: one entry per source, corrections only by reversal (once, with a reason, never of a
reversal), and no row is ever changed or deleted."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from wagtail.models import ModelLogEntry

from cpd import services
from cpd.models import CreditEntry, LedgerError
from cpd.services import CreditError, reverse_credit

pytestmark = pytest.mark.django_db


# --- record_credit ----------------------------------------------------------------------------------------------------


def test_recording_the_same_source_twice_returns_the_first_entry(people, credit):
    counselor = people["jinan_counselor"]
    first = credit(counselor, "course:12:enrollment:34", hours=Decimal("12.0"))
    again = credit(counselor, "course:12:enrollment:34", hours=Decimal("99.0"), title="changed")
    assert again.pk == first.pk
    assert again.hours == Decimal("12.0")
    assert CreditEntry.objects.filter(counselor=counselor).count() == 1
    assert ModelLogEntry.objects.filter(action="cpd.credit.recorded", object_id=str(first.pk)).count() == 1


def test_the_same_source_for_another_counselor_is_a_new_entry(people, credit):
    a = credit(people["jinan_counselor"], "workshop:3:registration:1")
    b = credit(people["qingdao_counselor"], "workshop:3:registration:1")
    assert a.pk != b.pk


def test_losing_the_insert_race_returns_the_winners_entry_and_keeps_the_transaction(people):
    """The insert runs in a savepoint: when another worker inserted between the check and the insert, the
    IntegrityError is caught, the winner's entry is returned, and the caller's transaction is still usable."""
    counselor = people["jinan_counselor"]
    winner = CreditEntry.objects.create(
        counselor=counselor, hours=Decimal("2.0"), category="public", kind="exam", source_ref="exam:1:attempt:1",
        title="政策法规考试", occurred_on="2026-03-01",
    )
    real_filter = CreditEntry.objects.filter
    calls = []

    def check_misses_once(*args, **kwargs):
        calls.append(kwargs)
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if len(calls) == 1 else queryset

    with transaction.atomic(), mock.patch.object(CreditEntry.objects, "filter", side_effect=check_misses_once):
        entry = services.record_credit(
            counselor, hours=2, category="public", kind="exam", source_ref="exam:1:attempt:1", title="x",
            occurred_on="2026-03-01",
        )
        assert entry.pk == winner.pk
        assert CreditEntry.objects.count() == 1
    assert len(calls) == 2
    assert not ModelLogEntry.objects.filter(action="cpd.credit.recorded").exists()


@pytest.mark.parametrize("hours", [0, -1, "-0.5", "1.25", "abc", None, "NaN", "100000"])
def test_non_positive_or_malformed_hours_are_refused(people, credit, hours):
    with pytest.raises(CreditError) as error:
        credit(people["jinan_counselor"], "course:1:enrollment:1", hours=hours)
    assert error.value.code == "invalid_hours"
    assert not CreditEntry.objects.exists()


def test_an_adjustment_needs_a_reason(people, credit):
    with pytest.raises(CreditError) as error:
        credit(people["jinan_counselor"], "adjustment:1", kind=CreditEntry.Kind.ADJUSTMENT)
    assert error.value.code == "reason_required"
    entry = credit(people["jinan_counselor"], "adjustment:1", kind=CreditEntry.Kind.ADJUSTMENT, reason="补录2025年培训")
    assert entry.reason == "补录2025年培训"


def test_a_reversal_source_cannot_be_recorded_directly(people, credit):
    with pytest.raises(CreditError) as error:
        credit(people["jinan_counselor"], "reversal:1")
    assert error.value.code == "source_required"


# --- reverse_credit ---------------------------------------------------------------------------------------------------


def test_a_reversal_cancels_the_entry_and_is_audited(people, credit):
    counselor = people["jinan_counselor"]
    entry = credit(counselor, "course:1:enrollment:1", hours=Decimal("8.0"))
    reversal = reverse_credit(entry.pk, actor=people["jinan_admin"], reason="重复记录")
    assert reversal.hours == Decimal("-8.0")
    assert reversal.reverses == entry
    assert reversal.source_ref == f"reversal:{entry.pk}"
    assert reversal.recorded_by == people["jinan_admin"]
    assert (reversal.category, reversal.kind, reversal.occurred_on) == (entry.category, entry.kind, entry.occurred_on)
    assert CreditEntry.objects.filter(counselor=counselor).totals()["total"] == Decimal("0.0")
    assert ModelLogEntry.objects.filter(action="cpd.credit.reversed", object_id=str(reversal.pk)).exists()
    assert ModelLogEntry.objects.filter(action="cpd.credit.reversed", object_id=str(entry.pk)).exists()


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reversal_needs_a_reason(people, credit, reason):
    entry = credit(people["jinan_counselor"], "course:1:enrollment:1")
    with pytest.raises(CreditError) as error:
        reverse_credit(entry.pk, actor=people["jinan_admin"], reason=reason)
    assert error.value.code == "reason_required"
    assert CreditEntry.objects.count() == 1


def test_an_entry_is_reversed_only_once(people, credit):
    entry = credit(people["jinan_counselor"], "course:1:enrollment:1")
    reverse_credit(entry.pk, actor=people["jinan_admin"], reason="重复记录")
    with pytest.raises(CreditError) as error:
        reverse_credit(entry.pk, actor=people["province_admin"], reason="再次冲销")
    assert error.value.code == "already_reversed"
    assert CreditEntry.objects.count() == 2


def test_a_reversal_is_never_reversed(people, credit):
    entry = credit(people["jinan_counselor"], "course:1:enrollment:1")
    reversal = reverse_credit(entry.pk, actor=people["jinan_admin"], reason="重复记录")
    with pytest.raises(CreditError) as error:
        reverse_credit(reversal.pk, actor=people["jinan_admin"], reason="冲销错了")
    assert error.value.code == "reversal_of_reversal"


@pytest.mark.parametrize("actor", ["qingdao_admin", "jinan_counselor", "trainer"])
def test_only_an_admin_whose_scope_holds_the_counselor_may_reverse(people, credit, actor):
    entry = credit(people["jinan_counselor"], "course:1:enrollment:1")
    with pytest.raises(CreditError) as error:
        reverse_credit(entry.pk, actor=people[actor], reason="试图冲销")
    assert error.value.code == "not_found"
    assert CreditEntry.objects.count() == 1


# --- Append-only ------------------------------------------------------------------------------------------------------


def test_an_entry_cannot_be_changed_or_deleted(people, credit):
    entry = credit(people["jinan_counselor"], "course:1:enrollment:1", hours=Decimal("8.0"))
    entry.hours = Decimal("80.0")
    with pytest.raises(LedgerError):
        entry.save()
    with pytest.raises(LedgerError):
        entry.delete()
    with pytest.raises(LedgerError):
        CreditEntry.objects.filter(pk=entry.pk).update(hours=Decimal("80.0"))
    with pytest.raises(LedgerError):
        CreditEntry.objects.all().delete()
    with pytest.raises(LedgerError):
        CreditEntry.objects.bulk_update([entry], ["hours"])
    assert CreditEntry.objects.get(pk=entry.pk).hours == Decimal("8.0")


def test_the_database_refuses_negative_hours_outside_a_reversal(people):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CreditEntry.objects.create(
            counselor=people["jinan_counselor"], hours=Decimal("-1.0"), category="public", kind="course",
            source_ref="course:9", title="x", occurred_on="2026-01-05",
        )
