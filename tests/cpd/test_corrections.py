"""Ledger corrections in the admin: reversing an entry and adding a manual adjustment, each with a reason, inside
the admin's scope only, confirmed before writing, and written once however often the form is sent."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cpd.models import CreditEntry
from cpd.services import CreditError, record_adjustment

pytestmark = pytest.mark.django_db


@pytest.fixture
def jinan_entry(people, credit):
    return credit(people["jinan_counselor"], "course:1:enrollment:1", title="济南专属课程")


@pytest.fixture
def qingdao_entry(people, credit):
    return credit(people["qingdao_counselor"], "course:2:enrollment:2", title="青岛专属课程")


def adjustment_data(person, **overrides):
    data = {
        "email": person.email, "hours": "6.0", "category": "professional", "topic": "",
        "occurred_on": timezone.localdate().isoformat(), "title": "省级培训补录", "reason": "线下培训补录",
        "token": "form-nonce-1",
    }
    data.update(overrides)
    return data


def test_reversal_asks_for_confirmation_and_a_reason_then_reverses_once(jinan_client, jinan_entry):
    url = reverse("cpd_credit_reverse", args=[jinan_entry.pk])
    page = jinan_client.get(url)
    assert page.status_code == 200 and "济南专属课程" in page.content.decode()
    assert jinan_client.post(url, {"reason": "  "}).status_code == 400
    assert not CreditEntry.objects.filter(reverses=jinan_entry).exists()

    assert jinan_client.post(url, {"reason": "重复记录"}).status_code == 302
    again = jinan_client.post(url, {"reason": "重复记录"})  # a double submit
    assert again.status_code == 400
    reversals = CreditEntry.objects.filter(reverses=jinan_entry)
    assert reversals.count() == 1
    assert reversals.get().hours == -jinan_entry.hours and reversals.get().reason == "重复记录"
    assert ModelLogEntry.objects.filter(action="cpd.credit.reversed").count() == 2  # on the entry and its reversal


def test_reversal_outside_the_scope_is_a_404_and_writes_nothing(jinan_client, qingdao_entry):
    url = reverse("cpd_credit_reverse", args=[qingdao_entry.pk])
    assert jinan_client.get(url).status_code == 404
    assert jinan_client.post(url, {"reason": "越权"}).status_code == 404
    assert not CreditEntry.objects.filter(reverses=qingdao_entry).exists()


def test_counselors_and_trainers_cannot_open_the_correction_screens(client, people, jinan_entry):
    for who in ("jinan_counselor", "trainer", "expert"):
        client.force_login(people[who])
        assert client.get(reverse("cpd_credit_reverse", args=[jinan_entry.pk])).status_code in (302, 403)
        assert client.get(reverse("cpd_credit_adjust")).status_code in (302, 403)
    assert not CreditEntry.objects.filter(reverses=jinan_entry).exists()


def test_a_reversal_cannot_be_reversed(jinan_client, jinan_entry):
    url = reverse("cpd_credit_reverse", args=[jinan_entry.pk])
    jinan_client.post(url, {"reason": "重复记录"})
    reversal = CreditEntry.objects.get(reverses=jinan_entry)
    response = jinan_client.post(reverse("cpd_credit_reverse", args=[reversal.pk]), {"reason": "再冲销"})
    assert response.status_code == 400
    assert CreditEntry.objects.count() == 2


def test_the_ledger_offers_reverse_and_adjust_to_admins(jinan_client, jinan_entry):
    html = jinan_client.get(reverse("credit_entries:index")).content.decode()
    assert reverse("cpd_credit_reverse", args=[jinan_entry.pk]) in html
    assert reverse("cpd_credit_adjust") in html


def test_adjustment_shows_a_summary_first_and_records_once_on_double_confirm(jinan_client, people):
    counselor = people["jinan_counselor"]
    url = reverse("cpd_credit_adjust")
    form = jinan_client.get(url)
    assert form.status_code == 200 and 'name="token"' in form.content.decode()

    summary = jinan_client.post(url, adjustment_data(counselor))
    assert summary.status_code == 200 and "线下培训补录" in summary.content.decode()
    assert not CreditEntry.objects.filter(kind=CreditEntry.Kind.ADJUSTMENT).exists()

    assert jinan_client.post(url, adjustment_data(counselor, confirm="1")).status_code == 302
    assert jinan_client.post(url, adjustment_data(counselor, confirm="1")).status_code == 302
    entry = CreditEntry.objects.get(kind=CreditEntry.Kind.ADJUSTMENT)
    assert entry.counselor == counselor and entry.hours == Decimal("6.0") and entry.reason == "线下培训补录"
    assert entry.recorded_by == people["jinan_admin"]
    assert ModelLogEntry.objects.filter(action="cpd.credit.adjusted").count() == 1


def test_adjustment_requires_a_reason_and_a_past_date(jinan_client, people):
    counselor = people["jinan_counselor"]
    url = reverse("cpd_credit_adjust")
    assert jinan_client.post(url, adjustment_data(counselor, reason="", confirm="1")).status_code == 400
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert jinan_client.post(url, adjustment_data(counselor, occurred_on=tomorrow, confirm="1")).status_code == 400
    assert jinan_client.post(url, adjustment_data(counselor, hours="-3", confirm="1")).status_code == 400
    assert not CreditEntry.objects.exists()


def test_adjustment_outside_the_scope_or_of_oneself_is_refused(jinan_client, people):
    url = reverse("cpd_credit_adjust")
    for person in (people["qingdao_counselor"], people["jinan_admin"]):
        assert jinan_client.post(url, adjustment_data(person, confirm="1")).status_code == 400
    assert not CreditEntry.objects.exists()


def test_record_adjustment_service_checks_scope_and_reason(people):
    today = timezone.localdate()
    with pytest.raises(CreditError) as error:
        record_adjustment(people["qingdao_counselor"].pk, actor=people["jinan_admin"], hours=2, category="public",
                          occurred_on=today, reason="补录", token="t1")
    assert error.value.code == "not_found"
    with pytest.raises(CreditError) as error:
        record_adjustment(people["jinan_counselor"].pk, actor=people["trainer"], hours=2, category="public",
                          occurred_on=today, reason="补录", token="t1")
    assert error.value.code == "not_found"
    with pytest.raises(CreditError) as error:
        record_adjustment(people["jinan_counselor"].pk, actor=people["jinan_admin"], hours=2, category="public",
                          occurred_on=today, reason=" ", token="t1")
    assert error.value.code == "reason_required"
    entry = record_adjustment(people["jinan_counselor"].pk, actor=people["province_admin"], hours=2,
                              category="public", occurred_on=today, reason="补录", token="t1")
    assert entry.kind == CreditEntry.Kind.ADJUSTMENT and entry.source_ref == "adjustment:t1"
