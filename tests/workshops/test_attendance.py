"""The trainer's roster: who may see it, marking attendance, QR check-in (twice is harmless, forged is refused),
the XLSX export, and attendance credit through the CPD ledger (once per registration)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cpd.models import Certificate, CreditEntry
from tests.helpers import body
from workshops import services
from workshops.models import Registration, WorkshopPage


@pytest.fixture
def past_event(make_event, people, counselors):
    event = make_event(capacity=3, hours=Decimal("6.0"), kind=WorkshopPage.Kind.PRACTICUM)
    event.trainers.add(people["trainer"])
    event.save()
    registrations = [services.sign_up(event.session.pk, person) for person in counselors(4)]
    start = timezone.now() - datetime.timedelta(hours=3)
    event.sessions.update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    event.registrations = registrations
    return event


def test_only_the_events_trainers_and_province_admins_see_the_roster(client, past_event, people):
    url = reverse("workshops:roster", args=[past_event.session.pk])
    for name, status in [("trainer", 200), ("province_admin", 200), ("jinan_counselor", 404), ("jinan_admin", 404)]:
        client.force_login(people[name])
        assert client.get(url).status_code == status, name
    client.force_login(people["trainer"])
    page = body(client.get(url))
    assert all(r.user.real_name in page for r in past_event.registrations)
    assert "?print=1" in page
    assert body(client.get(url + "?print=1")).count("signature") >= 3


def test_roster_xlsx(client, past_event, people):
    client.force_login(people["trainer"])
    response = client.get(reverse("workshops:roster_xlsx", args=[past_event.session.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == past_event.title
    assert len(rows) == 2 + 4
    assert {row[2] for row in rows[2:]} == {r.user.email for r in past_event.registrations}


def test_a_formula_in_a_name_is_neutralized_in_the_roster_xlsx(client, past_event, people):
    payload = '=HYPERLINK("http://x","y")'
    person = past_event.registrations[0].user
    person.real_name = payload
    person.save()
    client.force_login(people["trainer"])
    response = client.get(reverse("workshops:roster_xlsx", args=[past_event.session.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    names = [row[1].value for row in book.active.iter_rows(min_row=3)]
    assert "'" + payload in names
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)


def test_check_in_by_code_twice_is_harmless_and_a_forged_code_is_refused(client, past_event, people):
    booked = past_event.registrations[0]
    token = services.check_in_token(booked)
    client.force_login(people["trainer"])
    first = client.post(reverse("workshops:check_in"), {"code": token})
    assert first.status_code == 200
    checked = Registration.objects.get(pk=booked.pk)
    assert checked.checked_in_at is not None and checked.attendance == "attended"
    second = client.post(reverse("workshops:check_in"), {"code": token})
    assert second.status_code == 200
    assert Registration.objects.get(pk=booked.pk).checked_in_at == checked.checked_in_at
    forged = client.post(reverse("workshops:check_in"), {"code": token[:-2] + "xx"})
    assert forged.status_code == 400
    assert "not valid" in body(forged) or "无效" in body(forged)
    outsider = client.__class__()
    outsider.force_login(people["qingdao_counselor"])
    assert outsider.post(reverse("workshops:check_in"), {"code": token}).status_code == 400


def test_the_participant_sees_a_qr_code(client, past_event):
    booked = past_event.registrations[0]
    client.force_login(booked.user)
    page = body(client.get(reverse("workshops:registration", args=[booked.pk])))
    assert "<svg" in page and "check-in" in page


def test_attendance_is_credited_once_with_a_certificate(client, past_event, people):
    attended, partial, absent, waiting = past_event.registrations
    assert waiting.status == "waitlisted"
    client.force_login(people["trainer"])
    mark = reverse("workshops:mark", args=[past_event.session.pk])
    client.post(mark, {"registration": attended.pk, "attendance": "attended"})
    client.post(mark, {"registration": partial.pk, "attendance": "partial"})
    client.post(mark, {"registration": absent.pk, "attendance": "no_show"})
    client.post(mark, {"registration": waiting.pk, "attendance": "attended"})
    client.post(mark, {"registration": attended.pk, "attendance": "bogus"})
    assert dict(Registration.objects.values_list("pk", "attendance")) == {
        attended.pk: "attended", partial.pk: "partial", absent.pk: "no_show", waiting.pk: ""}

    credit = reverse("workshops:record_credit", args=[past_event.session.pk])
    client.post(credit)
    client.post(credit)
    entries = {e.counselor_id: e for e in CreditEntry.objects.all()}
    assert set(entries) == {attended.user_id, partial.user_id}
    assert entries[attended.user_id].hours == Decimal("6.0")
    assert entries[partial.user_id].hours == Decimal("3.0")
    assert entries[attended.user_id].kind == CreditEntry.Kind.PRACTICUM
    source = f"workshop-session:{past_event.session.pk}:registration:{attended.pk}"
    assert entries[attended.user_id].source_ref == source
    certificates = Certificate.objects.all()
    assert [(c.holder_id, c.kind) for c in certificates] == [(attended.user_id, Certificate.Kind.WORKSHOP_ATTENDANCE)]
    response = client.post(mark, {"registration": attended.pk, "attendance": "no_show"}, follow=True)
    assert Registration.objects.get(pk=attended.pk).attendance == "attended"
    assert "credit" in body(response).lower() or "学时" in body(response)


def test_credit_waits_for_the_session(make_event, people):
    event = make_event()
    event.trainers.add(people["trainer"])
    event.save()
    with pytest.raises(services.RegistrationError) as error:
        services.record_attendance_credit(event.session.pk, people["trainer"])
    assert error.value.code == "not_started"


def test_feedback_aggregates_on_the_roster(client, past_event, people):
    attended = past_event.registrations[0]
    Registration.objects.filter(pk=attended.pk).update(attendance="attended")
    services.give_feedback(attended.pk, attended.user, 4, "案例很实用")
    client.force_login(people["trainer"])
    page = body(client.get(reverse("workshops:roster", args=[past_event.session.pk])))
    assert "案例很实用" in page and "4.0" in page


def test_check_in_opens_two_hours_before_the_start(client, make_event, people):
    event = make_event(owner=people["trainer"], starts_in=datetime.timedelta(hours=3))
    booked = services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["trainer"])
    early = client.post(reverse("workshops:check_in"), {"code": services.check_in_token(booked)})
    assert early.status_code == 400
    booked.refresh_from_db()
    assert booked.checked_in_at is None and booked.attendance == ""
    event.sessions.update(starts_at=timezone.now() + datetime.timedelta(minutes=90),
                          ends_at=timezone.now() + datetime.timedelta(hours=4))
    assert client.post(reverse("workshops:check_in"), {"code": services.check_in_token(booked)}).status_code == 200
    booked.refresh_from_db()
    assert booked.checked_in_at is not None
