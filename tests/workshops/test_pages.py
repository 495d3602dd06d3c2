"""The event page, the calendar (month and list), my registrations: what they show, their filters, and a fixed
number of queries whatever the number of registrations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.helpers import body
from workshops import services
from workshops.models import Feedback, Registration, WorkshopPage


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _fill(event, people, extra_sessions=()):
    for person in people:
        services.sign_up(event.session.pk, person)


@pytest.mark.parametrize("viewer", ["anonymous", "counselor"])
def test_event_page_queries_do_not_grow_with_registrations(client, make_event, counselors, people, viewer):
    small = make_event(capacity=2, sessions=2)
    large = make_event(capacity=100, sessions=2)
    _fill(small, counselors(3, prefix="s"))
    _fill(large, counselors(300, prefix="l"))
    if viewer == "counselor":
        client.force_login(people["jinan_counselor"])
        services.sign_up(small.session.pk, people["jinan_counselor"])
        services.sign_up(large.session.pk, people["jinan_counselor"])
    _queries(client, small.url)  # warm caches (site root, content types)
    assert _queries(client, small.url) == _queries(client, large.url)
    page = body(client.get(large.url))
    assert large.title in page


def test_calendar_queries_do_not_grow_with_registrations(client, make_event, counselors, people):
    small = make_event(capacity=2, starts_in=datetime.timedelta(days=2))
    _fill(small, counselors(3, prefix="s"))
    client.force_login(people["jinan_counselor"])
    month = timezone.localtime(small.session.starts_at).strftime("%Y-%m")
    url_month = reverse("workshops:calendar") + f"?month={month}"
    url_list = reverse("workshops:calendar") + "?view=list"
    _queries(client, url_month)
    few_month, few_list = _queries(client, url_month), _queries(client, url_list)
    for n in range(5):
        event = make_event(capacity=60, starts_in=datetime.timedelta(days=2, hours=n))
        _fill(event, counselors(60, prefix=f"l{n}-"))
    assert _queries(client, url_month) == few_month
    assert _queries(client, url_list) == few_list


def test_calendar_filters_by_city_kind_level_and_topic(client, make_event, tree, counselors):
    from standards.models import Level, Topic

    jinan = make_event(title="济南研讨会", kind=WorkshopPage.Kind.SEMINAR, starts_in=datetime.timedelta(days=1))
    qingdao = make_event(title="青岛训练营", kind=WorkshopPage.Kind.TRAINING_CAMP, organization=tree["qingdao_agency"],
                         level=Level.objects.get(code="level-4"), starts_in=datetime.timedelta(days=1))
    qingdao.topics.set([Topic.objects.get(code="PLAN")])
    qingdao.save()
    url = reverse("workshops:calendar") + "?view=list"
    everything = body(client.get(url))
    assert jinan.title in everything and qingdao.title in everything
    assert "青岛市" in everything
    by_city = body(client.get(url + "&city=qingdao"))
    assert qingdao.title in by_city and jinan.title not in by_city
    by_kind = body(client.get(url + "&kind=seminar"))
    assert jinan.title in by_kind and qingdao.title not in by_kind
    assert jinan.title not in body(client.get(url + "&level=level-4"))
    assert qingdao.title in body(client.get(url + "&topic=PLAN"))
    assert client.get(reverse("workshops:calendar") + "?month=2026-99&city=nowhere").status_code == 200


def test_signing_up_through_the_page(client, make_event, people):
    event = make_event(capacity=1)
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("workshops:register", args=[event.session.pk]), {"next": event.url})
    assert response.status_code == 302 and response["Location"] == event.url
    again = client.post(reverse("workshops:register", args=[event.session.pk]), follow=True)
    assert Registration.objects.count() == 1
    assert "already registered" in body(again) or "已经报名" in body(again)
    mine = body(client.get(reverse("workshops:mine")))
    assert event.title in mine
    assert client.post(reverse("workshops:register", args=[999999])).status_code == 302


def test_sign_up_needs_a_login_and_a_post(client, make_event):
    event = make_event()
    assert client.post(reverse("workshops:register", args=[event.session.pk])).status_code == 302
    assert Registration.objects.count() == 0


def test_session_ics_and_personal_feed(client, make_event, people):
    event = make_event()
    response = client.get(reverse("workshops:session_ics", args=[event.session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in response.content.decode() and event.title in response.content.decode()

    client.force_login(people["jinan_counselor"])
    services.sign_up(event.session.pk, people["jinan_counselor"])
    client.post(reverse("workshops:regenerate_feed"))
    feed = people["jinan_counselor"].workshop_feed
    first_token = feed.token
    public = client.__class__()
    calendar = public.get(reverse("workshops:feed", args=[first_token]))
    assert calendar.status_code == 200 and event.title in calendar.content.decode()
    client.post(reverse("workshops:regenerate_feed"))
    assert public.get(reverse("workshops:feed", args=[first_token])).status_code == 404
    client.post(reverse("workshops:revoke_feed"))
    assert public.get(reverse("workshops:feed", args=["nonsense"])).status_code == 404


def test_feedback_once_after_attending(client, make_event, people):
    event = make_event()
    registration = services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["jinan_counselor"])
    url = reverse("workshops:feedback", args=[registration.pk])
    client.post(url, {"rating": 5, "comment": "很好"})
    assert not hasattr(Registration.objects.get(pk=registration.pk), "feedback_cache")
    from workshops.models import Feedback

    assert not Feedback.objects.exists()  # before the session took place
    start = timezone.now() - datetime.timedelta(hours=4)
    event.sessions.update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    Registration.objects.filter(pk=registration.pk).update(attendance="attended")
    assert client.post(url, {"rating": 9}).status_code == 200
    assert not Feedback.objects.exists()
    client.post(url, {"rating": 4, "comment": "很好"})
    client.post(url, {"rating": 1, "comment": "再来一次"})
    assert list(Feedback.objects.values_list("rating", flat=True)) == [4]
    other = client.__class__()
    other.force_login(people["qingdao_counselor"])
    assert other.get(url).status_code == 404


def test_the_events_index_lists_upcoming_sessions(client, make_event, events_index):
    upcoming = make_event(title="即将举行的工作坊")
    past = make_event(title="已结束的工作坊", starts_in=datetime.timedelta(days=-3))
    page = body(client.get(events_index.url))
    assert upcoming.title in page and past.title not in page


def test_a_draft_event_takes_no_sign_ups(make_event, people):
    event = make_event()
    event.unpublish()
    with pytest.raises(services.RegistrationError) as error:
        services.sign_up(event.session.pk, people["jinan_counselor"])
    assert error.value.code == "not_found"


def test_my_registrations_roster_and_admin_listing_queries_do_not_grow(client, make_event, counselors, people):
    small = make_event(capacity=2, owner=people["trainer"])
    large = make_event(capacity=40, owner=people["trainer"])
    _fill(small, counselors(3, prefix="s"))
    _fill(large, counselors(60, prefix="l"))
    client.force_login(people["trainer"])
    roster_small = reverse("workshops:roster", args=[small.session.pk])
    roster_large = reverse("workshops:roster", args=[large.session.pk])
    _queries(client, roster_small)
    assert _queries(client, roster_small) == _queries(client, roster_large)

    client.force_login(people["province_admin"])
    listing = reverse("workshop_registrations:index")
    few = _queries(client, listing + f"?event={small.pk}")
    assert _queries(client, listing + f"?event={large.pk}") == few

    person = people["jinan_counselor"]
    client.force_login(person)
    services.sign_up(small.session.pk, person)
    few = _queries(client, reverse("workshops:mine"))
    for _ in range(8):
        services.sign_up(make_event(capacity=5).session.pk, person)
    assert _queries(client, reverse("workshops:mine")) == few


def test_the_dashboard_shows_my_next_sessions(client, make_event, people):
    event = make_event(title="下周的研讨会")
    services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["jinan_counselor"])
    page = body(client.get(reverse("home:dashboard")))
    assert "下周的研讨会" in page and reverse("workshops:mine") in page


@pytest.mark.parametrize("viewer", ["trainer", "province_admin", "jinan_admin"])
def test_admin_session_listing_queries_do_not_grow_with_sessions(client, make_event, people, viewer):
    event = make_event(owner=people["trainer"])
    client.force_login(people[viewer])
    listing = reverse("workshop_sessions:index")
    roster = reverse("workshops:roster", args=[event.session.pk])
    assert (roster in body(client.get(listing))) == (viewer != "jinan_admin")
    few = _queries(client, listing)
    for _ in range(6):
        make_event(owner=people["trainer"], sessions=2)
    assert _queries(client, listing) == few


def test_admin_feedback_listing_queries_do_not_grow(client, make_event, counselors, people):
    event = make_event(capacity=40, owner=people["trainer"])
    registrations = [services.sign_up(event.session.pk, person) for person in counselors(12)]
    client.force_login(people["province_admin"])
    listing = reverse("workshop_feedback:index")
    Feedback.objects.create(registration=registrations[0], rating=5, comment="好")
    _queries(client, listing)
    few = _queries(client, listing)
    for registration in registrations[1:]:
        Feedback.objects.create(registration=registration, rating=4, comment="不错")
    assert _queries(client, listing) == few


def test_approval_queue_queries_do_not_grow(client, make_event, counselors, people):
    event = make_event(capacity=40, requires_approval=True)
    people_waiting = counselors(10)
    services.sign_up(event.session.pk, people_waiting[0])
    client.force_login(people["jinan_admin"])
    queue = reverse("workshops_approvals")
    _queries(client, queue)
    few = _queries(client, queue)
    for person in people_waiting[1:]:
        services.sign_up(event.session.pk, person)
    assert _queries(client, queue) == few
