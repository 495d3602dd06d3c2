"""Bad input on every workshop URL: unknown or foreign ids, bad query parameters, wrong methods, anonymous
visitors and counselors on trainer screens get a 404/403/405/redirect or a translated message, never a 500, and
change nothing."""

import pytest
from django.urls import reverse

from tests.helpers import body, refused
from workshops import services
from workshops.models import Feedback, Registration


@pytest.mark.parametrize("query", [
    "?city=%00", "?level=%00", "?topic=%00", "?kind=%00", "?month=%00", "?view=%00",
    "?month=2026-13", "?month=abc", "?month=0000-00", "?month=9999-01", "?view=zzz", "?level=zzz", "?city=zzz",
    "?topic=zzz", "?kind=zzz", "?view=list&page=abc", "?view=list&page=99999", "?page=-1",
])
def test_calendar_bad_queries(client, people, make_event, query):
    """Odd values give the calendar; a NUL byte is refused at the edge (lms.input) with a 400."""
    make_event()
    expected = 400 if "%00" in query else 200
    assert client.get(reverse("workshops:calendar") + query).status_code == expected


def test_index_and_mine_bad_page(client, people, make_event, events_index):
    make_event()
    assert client.get(events_index.url + "?page=abc").status_code == 200
    client.force_login(people["jinan_counselor"])
    assert client.get(reverse("workshops:mine") + "?page=abc").status_code == 200
    assert client.get(reverse("workshops:mine") + "?page=99999").status_code == 200


def test_unknown_and_foreign_ids(client, people, make_event):
    event = make_event()
    other = services.sign_up(event.session.pk, people["qingdao_counselor"])
    client.force_login(people["jinan_counselor"])
    for name in ("registration", "feedback"):
        assert client.get(reverse(f"workshops:{name}", args=[other.pk])).status_code == 404
        assert client.get(reverse(f"workshops:{name}", args=[99999])).status_code == 404
    response = client.post(reverse("workshops:cancel", args=[other.pk]))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == Registration.Status.BOOKED
    assert client.post(reverse("workshops:register", args=[99999])).status_code == 302
    assert client.get(reverse("workshops:session_ics", args=[99999])).status_code == 404
    assert client.get(reverse("workshops:feed", args=["nope"])).status_code == 404


def test_get_on_post_only_endpoints(client, people, make_event):
    event = make_event()
    mine = services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["jinan_counselor"])
    for url in (reverse("workshops:register", args=[event.session.pk]), reverse("workshops:cancel", args=[mine.pk]),
                reverse("workshops:regenerate_feed"), reverse("workshops:revoke_feed"),
                reverse("workshops:mark", args=[event.session.pk]),
                reverse("workshops:record_credit", args=[event.session.pk])):
        assert client.get(url).status_code == 405
    mine.refresh_from_db()
    assert mine.status == Registration.Status.BOOKED


def test_anonymous_visitors_are_sent_to_log_in(client, make_event):
    event = make_event()
    for url in (reverse("workshops:mine"), reverse("workshops:roster", args=[event.session.pk]),
                reverse("workshops:check_in")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("workshops:register", args=[event.session.pk])).status_code == 302
    assert not Registration.objects.exists()


def test_counselor_on_trainer_screens(client, people, make_event):
    event = make_event()
    booking = services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["jinan_counselor"])
    for name in ("roster", "roster_xlsx"):
        assert client.get(reverse(f"workshops:{name}", args=[event.session.pk])).status_code == 404
    assert client.post(reverse("workshops:mark", args=[event.session.pk]),
                       {"registration": booking.pk, "attendance": "attended"}).status_code == 404
    assert client.post(reverse("workshops:record_credit", args=[event.session.pk])).status_code == 404
    code = services.check_in_token(booking)
    assert client.post(reverse("workshops:check_in"), {"code": code}).status_code == 400
    booking.refresh_from_db()
    assert booking.attendance == "" and booking.checked_in_at is None


@pytest.mark.parametrize("data", [
    {"registration": "abc", "attendance": "attended"}, {"registration": "5", "attendance": "zzz"}, {},
    {"registration": "99999999999999999999999", "attendance": "attended"},
])
def test_trainer_marks_garbage(client, people, make_event, data):
    event = make_event(owner=people["trainer"])
    client.force_login(people["trainer"])
    assert client.post(reverse("workshops:mark", args=[event.session.pk]), data).status_code == 302


def test_trainer_cannot_mark_another_sessions_registration(client, people, make_event):
    mine = make_event(owner=people["trainer"])
    other = make_event()
    booking = services.sign_up(other.session.pk, people["jinan_counselor"])
    client.force_login(people["trainer"])
    client.post(reverse("workshops:mark", args=[mine.session.pk]), {"registration": booking.pk,
                                                                     "attendance": "attended"})
    booking.refresh_from_db()
    assert booking.attendance == ""


@pytest.mark.parametrize("code", ["", "garbage", "1:abc:def", "x" * 5000])
def test_check_in_garbage(client, people, code):
    client.force_login(people["trainer"])
    assert client.get(reverse("workshops:check_in"), {"code": code}).status_code == 200
    assert client.post(reverse("workshops:check_in"), {"code": code}).status_code == 400


@pytest.mark.parametrize("data", [{"rating": "abc"}, {"rating": "9"}, {}, {"rating": "5", "comment": "x" * 3000}])
def test_feedback_garbage(client, people, make_event, data):
    event = make_event()
    booking = services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["jinan_counselor"])
    assert client.post(reverse("workshops:feedback", args=[booking.pk]), data).status_code == 200
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("next_url", ["//evil.example/", "/\\evil.example/", "https://evil.example/"])
def test_next_stays_on_the_site(client, people, make_event, next_url):
    event = make_event()
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("workshops:register", args=[event.session.pk]), {"next": next_url})
    assert response["Location"] == reverse("workshops:mine")


def test_admin_approval_garbage(client, people, make_event):
    event = make_event(requires_approval=True)
    pending = services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["jinan_admin"])
    assert client.get(reverse("workshops_approvals") + "?p=abc").status_code == 200
    decide = "workshops_decide"
    for registration_id, data in ((pending.pk, {"decision": "zzz"}), (99999, {"decision": "approve"}),
                                  (pending.pk, {"decision": "reject", "reason": "x" * 500})):
        assert client.post(reverse(decide, args=[registration_id]), data).status_code == 302
    assert client.get(reverse(decide, args=[pending.pk])).status_code == 405
    pending.refresh_from_db()
    assert pending.status == Registration.Status.PENDING
    client.force_login(people["qingdao_admin"])
    client.post(reverse(decide, args=[pending.pk]), {"decision": "approve"})
    pending.refresh_from_db()
    assert pending.status == Registration.Status.PENDING
    client.force_login(people["jinan_counselor"])
    assert refused(client.get(reverse("workshops_approvals"))) or client.get(
        reverse("workshops_approvals")).status_code == 302


@pytest.mark.parametrize("query", ["?p=abc", "?status=zzz", "?kind=zzz", "?event=abc", "?event=99999", "?q=%00",
                                   "?ordering=zzz", "?attendance=zzz", "?rating=zzz"])
def test_admin_listings_bad_queries(client, people, make_event, query):
    make_event()
    client.force_login(people["jinan_admin"])
    expected = 400 if "%00" in query else 200  # a NUL byte is refused at the edge (lms.input)
    for name in ("workshop_sessions:index", "workshop_registrations:index", "workshop_feedback:index"):
        assert client.get(reverse(name) + query).status_code == expected, name


def test_admin_listings_are_read_only(client, people, make_event):
    event = make_event()
    registration = services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["jinan_admin"])
    edit = reverse("workshop_registrations:edit", args=[registration.pk])
    assert edit not in body(client.get(reverse("workshop_registrations:index")))
    assert refused(client.get(edit))
    assert refused(client.post(edit, {}))
    assert refused(client.post(reverse("workshop_registrations:delete", args=[registration.pk])))
    assert client.get(reverse("workshop_registrations:inspect", args=[registration.pk])).status_code == 200
    assert client.get(reverse("workshops_approvals")).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.BOOKED


@pytest.mark.parametrize("token", ["%00", "a%00b", "x" * 300])
def test_feed_with_a_garbage_token(client, db, token):
    expected = 400 if "%00" in token else 404  # a NUL byte is refused at the edge (lms.input)
    assert client.get(f"/workshops/feed/{token}.ics").status_code == expected


def test_nul_characters_in_forms(client, people, make_event):
    event = make_event(requires_approval=True)
    pending = services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["trainer"])
    assert client.post(reverse("workshops:check_in"), {"code": "a\x00b"}).status_code == 400
    client.force_login(people["jinan_admin"])
    client.post(reverse("workshops_decide", args=[pending.pk]), {"decision": "reject", "reason": "a\x00b"})
    assert client.get(reverse("workshop_registrations:index") + "?q=%00").status_code == 400
    pending.refresh_from_db()
    assert pending.status == Registration.Status.PENDING
