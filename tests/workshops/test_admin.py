"""The workshops in the Wagtail admin: trainers author events and edit only their own; the registrations listing
and the approval queue are scoped like people; an organizer's edit (publish) tells the registered people; a
session with registrations cannot be deleted from the editor; every change is in the audit log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from people.models import Role
from tests.factories import UserFactory
from tests.helpers import body, refused
from workshops import services
from workshops.models import Registration, WorkshopSession


@pytest.fixture
def other_trainer(tree):
    return UserFactory(email="trainer2@example.cn", organization=tree["qingdao_agency"], roles=[Role.TRAINER])


def test_trainers_add_events_and_edit_only_their_own(client, people, make_event, events_index, other_trainer):
    client.force_login(people["trainer"])
    add = reverse("wagtailadmin_pages:add", args=["workshops", "workshoppage", events_index.pk])
    form = client.get(add)
    assert form.status_code == 200
    assert "济南学员" not in body(form)  # only trainers and experts are offered as the event's trainers
    mine = make_event(owner=people["trainer"])
    theirs = make_event(owner=other_trainer)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[mine.pk])).status_code == 200
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[theirs.pk])))


def _edit_data(page, sessions):
    return nested_form_data({
        "title": page.title, "slug": page.slug, "kind": page.kind, "delivery": page.delivery, "summary": "",
        "description": rich_text(""), "organization": page.organization_id, "experts": "", "level": "",
        "audience": page.audience, "hours": "4.0", "hours_basis": page.hours_basis, "professional": "on",
        "promotion_stop_hours": "12", "issues_certificate": "on",
        "sessions": inline_formset(sessions, initial=1),
    })


def _session_form(session, **changes):
    values = {
        "id": session.pk, "starts_at": f"{session.starts_at:%Y-%m-%d %H:%M}",
        "ends_at": f"{session.ends_at:%Y-%m-%d %H:%M}",
        "venue": session.venue, "address": session.address, "online_url": "", "capacity": session.capacity,
        "registration_opens_at": "", "registration_closes_at": "", "cancellation_deadline": "",
        "status": session.status, "cancellation_reason": "", "ORDER": "1",
    }
    values.update(changes)
    return values


def test_a_session_with_registrations_cannot_be_deleted_in_the_editor(client, people, make_event):
    event = make_event(owner=people["trainer"])
    services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["province_admin"])
    data = _edit_data(event, [_session_form(event.session, DELETE="1")])
    data["action-publish"] = "action-publish"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)
    assert response.status_code == 200
    assert "cancelled instead of deleting" in body(response) or "不要删除" in body(response)
    assert WorkshopSession.objects.filter(pk=event.session.pk).exists()


def test_publishing_a_moved_session_tells_the_registered_people(client, people, make_event, mailoutbox, on_commit):
    event = make_event(owner=people["trainer"])
    services.sign_up(event.session.pk, people["jinan_counselor"])
    client.force_login(people["province_admin"])
    # The editor reads times in Asia/Shanghai, so the form gets local times.
    later = timezone.localtime(event.session.starts_at + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    data = _edit_data(event, [_session_form(
        event.session, starts_at=f"{later:%Y-%m-%d %H:%M}",
        ends_at=f"{later + datetime.timedelta(hours=3):%Y-%m-%d %H:%M}")])
    data["action-publish"] = "action-publish"
    with on_commit(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)
    assert response.status_code == 302, body(response)[:2000]
    assert WorkshopSession.objects.get(pk=event.session.pk).starts_at == later
    assert [m.to for m in mailoutbox if "更改" in m.subject or "Changed" in m.subject] == [
        [people["jinan_counselor"].email]]


def test_registrations_listing_is_scoped(client, people, make_event, other_trainer):
    mine = make_event(owner=people["trainer"])
    theirs = make_event(title="青岛的活动", owner=other_trainer)
    services.sign_up(mine.session.pk, people["jinan_counselor"])
    services.sign_up(theirs.session.pk, people["qingdao_counselor"])
    url = reverse("workshop_registrations:index")
    client.force_login(people["jinan_admin"])
    listing = body(client.get(url))
    assert people["jinan_counselor"].real_name in listing and people["qingdao_counselor"].real_name not in listing
    client.force_login(people["trainer"])
    listing = body(client.get(url))
    assert people["jinan_counselor"].real_name in listing and "青岛的活动" not in listing
    client.force_login(people["province_admin"])
    listing = body(client.get(url))
    assert people["jinan_counselor"].real_name in listing and people["qingdao_counselor"].real_name in listing
    client.force_login(people["jinan_counselor"])
    assert refused(client.get(url)) or client.get(url).status_code == 302


def test_org_admins_approve_only_their_own_peoples_sign_ups(client, people, make_event):
    event = make_event(requires_approval=True)
    jinan = services.sign_up(event.session.pk, people["jinan_counselor"])
    qingdao = services.sign_up(event.session.pk, people["qingdao_counselor"])
    client.force_login(people["jinan_admin"])
    queue = body(client.get(reverse("workshops_approvals")))
    assert people["jinan_counselor"].real_name in queue and people["qingdao_counselor"].real_name not in queue
    client.post(reverse("workshops_decide", args=[qingdao.pk]), {"decision": "approve"})
    client.post(reverse("workshops_decide", args=[jinan.pk]), {"decision": "approve"})
    client.post(reverse("workshops_decide", args=[jinan.pk]), {"decision": "bogus"})
    assert Registration.objects.get(pk=qingdao.pk).status == Registration.Status.PENDING
    assert Registration.objects.get(pk=jinan.pk).status == Registration.Status.BOOKED
    client.force_login(people["trainer"])
    assert client.get(reverse("workshops_approvals")).status_code in (302, 403)


def test_changes_are_in_the_audit_log(make_event, people):
    event = make_event(capacity=1)
    first = services.sign_up(event.session.pk, people["jinan_counselor"])
    services.sign_up(event.session.pk, people["qingdao_counselor"])
    services.cancel_registration(first.pk, people["jinan_counselor"])
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"workshops.registration.created", "workshops.registration.cancelled",
            "workshops.registration.promoted"} <= actions


def test_session_listing_and_feedback_for_trainers(client, people, make_event, other_trainer):
    mine = make_event(title="我的工作坊", owner=people["trainer"], capacity=1,
                      starts_in=datetime.timedelta(days=-1))
    theirs = make_event(title="别人的工作坊", owner=other_trainer, starts_in=datetime.timedelta(days=-1))
    first = Registration.objects.create(session=mine.session, user=people["jinan_counselor"], status="booked",
                                        title=mine.title, attendance="attended")
    Registration.objects.create(session=mine.session, user=people["qingdao_counselor"], status="waitlisted",
                                title=mine.title)
    other = Registration.objects.create(session=theirs.session, user=people["expert"], status="booked",
                                        title=theirs.title, attendance="attended")
    services.give_feedback(first.pk, people["jinan_counselor"], 4, "很实用")
    services.give_feedback(other.pk, people["expert"], 2, "别人的评价")
    client.force_login(people["trainer"])
    sessions = body(client.get(reverse("workshop_sessions:index")))
    assert "我的工作坊" in sessions and "别人的工作坊" not in sessions
    assert "4.0" in sessions or "4" in sessions
    feedback = body(client.get(reverse("workshop_feedback:index")))
    assert "很实用" in feedback and "别人的评价" not in feedback
