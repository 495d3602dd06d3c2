"""Sign-up rules: seats then waitlist, one live registration per person, eligibility, windows, approval."""

import datetime

import pytest
from django.utils import timezone

from certification.models import LevelRecord
from standards.audiences import Audience
from standards.models import Level
from workshops import services
from workshops.models import Registration, WorkshopSession

Status = Registration.Status


def test_the_thirty_first_request_is_waitlisted(make_event, counselors):
    event = make_event(capacity=30)
    results = [services.sign_up(event.session.pk, c) for c in counselors(31)]
    assert [r.status for r in results].count(Status.BOOKED) == 30
    assert results[-1].status == Status.WAITLISTED
    assert results[0].title == event.title


def test_signing_up_twice_is_refused(make_event, counselors):
    event = make_event()
    (person,) = counselors(1)
    services.sign_up(event.session.pk, person)
    with pytest.raises(services.RegistrationError) as error:
        services.sign_up(event.session.pk, person)
    assert error.value.code == "duplicate"
    assert Registration.objects.count() == 1


def test_a_cancelled_registration_may_sign_up_again(make_event, counselors):
    event = make_event()
    (person,) = counselors(1)
    first = services.sign_up(event.session.pk, person)
    services.cancel_registration(first.pk, person)
    again = services.sign_up(event.session.pk, person)
    assert again.status == Status.BOOKED


def test_cancelling_promotes_the_first_waiting_person(make_event, counselors, mailoutbox, on_commit):
    event = make_event(capacity=1)
    first, second, third = (services.sign_up(event.session.pk, c) for c in counselors(3))
    assert (first.status, second.status, third.status) == (Status.BOOKED, Status.WAITLISTED, Status.WAITLISTED)
    with on_commit(execute=True):
        services.cancel_registration(first.pk, first.user)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Status.BOOKED and second.promoted_at is not None
    assert third.status == Status.WAITLISTED
    assert [m.to for m in mailoutbox] == [[second.user.email]]


def test_no_promotion_shortly_before_the_start(make_event, counselors):
    event = make_event(capacity=1, starts_in=datetime.timedelta(hours=5), promotion_stop_hours=12)
    people = counselors(3)
    first = services.sign_up(event.session.pk, people[0])
    second = services.sign_up(event.session.pk, people[1])
    services.cancel_registration(first.pk, people[0])
    second.refresh_from_db()
    assert second.status == Status.WAITLISTED
    walk_in = services.sign_up(event.session.pk, people[2])
    assert walk_in.status == Status.BOOKED


def test_cancellation_after_the_cut_off_is_refused(make_event, counselors):
    cut_off = timezone.now() + datetime.timedelta(hours=1)
    event = make_event(session_fields={"cancellation_deadline": cut_off})
    (person,) = counselors(1)
    registration = services.sign_up(event.session.pk, person)
    WorkshopSession.objects.filter(pk=event.session.pk).update(
        cancellation_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(services.RegistrationError) as error:
        services.cancel_registration(registration.pk, person)
    assert error.value.code == "too_late"
    registration.refresh_from_db()
    assert registration.status == Status.BOOKED


def test_someone_elses_registration_cannot_be_cancelled(make_event, counselors):
    event = make_event()
    owner, other = counselors(2)
    registration = services.sign_up(event.session.pk, owner)
    with pytest.raises(services.RegistrationError) as error:
        services.cancel_registration(registration.pk, other)
    assert error.value.code == "not_found"


def test_sign_up_outside_the_window_is_refused(make_event, counselors):
    event = make_event(session_fields={"registration_opens_at": timezone.now() + datetime.timedelta(days=1)})
    with pytest.raises(services.RegistrationError) as error:
        services.sign_up(event.session.pk, counselors(1)[0])
    assert error.value.code == "closed"


def test_audience_and_level_are_checked(make_event, counselors, tree):
    university_only = make_event(audience=Audience.UNIVERSITY)
    (agency_person,) = counselors(1)
    with pytest.raises(services.RegistrationError) as error:
        services.sign_up(university_only.session.pk, agency_person)
    assert error.value.code == "not_eligible_audience"

    level_3 = make_event(level=Level.objects.get(code="level-3"))
    with pytest.raises(services.RegistrationError) as error:
        services.sign_up(level_3.session.pk, agency_person)
    assert error.value.code == "not_eligible_level"
    LevelRecord.objects.create(holder=agency_person, level=Level.objects.get(code="level-2"),
                               obtained_on=datetime.date(2024, 1, 1))
    assert services.sign_up(level_3.session.pk, agency_person).status == Status.BOOKED


def test_approval_by_the_counselors_organization_admin_only(make_event, counselors, people):
    event = make_event(capacity=1, requires_approval=True)
    jinan_person, other = counselors(2)
    pending = services.sign_up(event.session.pk, jinan_person)
    assert pending.status == Status.PENDING
    with pytest.raises(services.RegistrationError) as error:
        services.approve_registration(pending.pk, people["qingdao_admin"])
    assert error.value.code == "not_found"
    approved = services.approve_registration(pending.pk, people["jinan_admin"])
    assert approved.status == Status.BOOKED
    with pytest.raises(services.RegistrationError) as error:
        services.reject_registration(pending.pk, people["jinan_admin"])
    assert error.value.code == "already_decided"
    second = services.sign_up(event.session.pk, other)
    assert services.approve_registration(second.pk, people["province_admin"]).status == Status.WAITLISTED


def test_organizer_cancels_a_session_and_everyone_is_told(make_event, counselors, mailoutbox, on_commit):
    event = make_event(capacity=2)
    registrations = [services.sign_up(event.session.pk, c) for c in counselors(3)]
    session = WorkshopSession.objects.get(pk=event.session.pk)
    session.status, session.cancellation_reason = WorkshopSession.Status.CANCELLED, "讲师因病"
    with on_commit(execute=True):
        session.save()
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.CANCELLED}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.user.email for r in registrations)
    assert "讲师因病" in mailoutbox[0].body


def test_moving_a_session_tells_everyone_once(make_event, counselors, mailoutbox, on_commit):
    event = make_event()
    services.sign_up(event.session.pk, counselors(1)[0])
    session = WorkshopSession.objects.get(pk=event.session.pk)
    session.starts_at += datetime.timedelta(days=1)
    session.ends_at += datetime.timedelta(days=1)
    with on_commit(execute=True):
        session.save()
    with on_commit(execute=True):
        session.save()
        WorkshopSession.objects.get(pk=session.pk).save()
    assert len(mailoutbox) == 1
    assert "更改" in mailoutbox[0].subject or "Changed" in mailoutbox[0].subject


def test_more_capacity_promotes_the_waitlist(make_event, counselors):
    event = make_event(capacity=1)
    regs = [services.sign_up(event.session.pk, c) for c in counselors(3)]
    session = WorkshopSession.objects.get(pk=event.session.pk)
    session.capacity = 2
    session.save()
    assert [Registration.objects.get(pk=r.pk).status for r in regs] == [Status.BOOKED, Status.BOOKED,
                                                                         Status.WAITLISTED]


def test_english_e_mail_for_an_english_sign_up(make_event, counselors, mailoutbox, on_commit):
    event = make_event()
    with on_commit(execute=True):
        services.sign_up(event.session.pk, counselors(1)[0], language="en")
    assert mailoutbox[0].subject.startswith("Your seat is booked")
    with on_commit(execute=True):
        services.sign_up(event.session.pk, counselors(2, prefix="z")[1])
    assert not mailoutbox[1].subject.startswith("Your seat")


def test_people_awaiting_approval_cannot_sign_up(make_event, counselors):
    event = make_event()
    (person,) = counselors(1)
    person.approval_status = person.ApprovalStatus.PENDING
    person.save()
    with pytest.raises(services.RegistrationError) as error:
        services.sign_up(event.session.pk, person)
    assert error.value.code == "not_approved"


def test_a_rejection_tells_the_reason(make_event, people, mailoutbox, on_commit):
    event = make_event(requires_approval=True)
    pending = services.sign_up(event.session.pk, people["jinan_counselor"])
    with on_commit(execute=True):
        services.reject_registration(pending.pk, people["jinan_admin"], "本期名额优先安排新入职人员")
    assert "本期名额优先安排新入职人员" in mailoutbox[-1].body


def test_a_sign_up_left_pending_until_the_start_cannot_be_approved(make_event, counselors, people):
    event = make_event(requires_approval=True)
    (person,) = counselors(1)
    pending = services.sign_up(event.session.pk, person)
    WorkshopSession.objects.filter(pk=event.session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1), ends_at=timezone.now() + datetime.timedelta(hours=2)
    )
    with pytest.raises(services.RegistrationError) as error:
        services.approve_registration(pending.pk, people["jinan_admin"])
    assert error.value.code == "too_late"
    assert services.reject_registration(pending.pk, people["jinan_admin"]).status == Status.REJECTED
