"""Each e-mail is sent once: the reminder sweep and the feedback sweep may run twice, a task may be retried."""

import datetime

import pytest
from django.utils import timezone

from workshops import notifications, services, tasks
from workshops.models import Registration, SentNotification, WorkshopSession


def test_running_the_reminder_task_twice_sends_one_e_mail_per_registration(make_event, counselors, mailoutbox):
    soon = make_event(capacity=3, starts_in=datetime.timedelta(hours=20))
    later = make_event(capacity=3, starts_in=datetime.timedelta(days=3))
    registrations = [services.sign_up(soon.session.pk, person) for person in counselors(4)]
    services.sign_up(later.session.pk, counselors(1, prefix="later")[0])
    mailoutbox.clear()

    tasks.send_reminders.delay()
    tasks.send_reminders.delay()

    booked = [r for r in registrations if r.status == Registration.Status.BOOKED]
    assert sorted(message.to[0] for message in mailoutbox) == sorted(r.user.email for r in booked)
    assert all("提醒" in m.subject or "Reminder" in m.subject for m in mailoutbox)
    assert SentNotification.objects.filter(kind="reminder").count() == 3


def test_a_moved_session_is_reminded_again_for_its_new_time(make_event, counselors, mailoutbox):
    event = make_event(starts_in=datetime.timedelta(hours=20))
    services.sign_up(event.session.pk, counselors(1)[0])
    tasks.send_reminders.delay()
    session = WorkshopSession.objects.get(pk=event.session.pk)
    session.starts_at += datetime.timedelta(hours=1)
    session.ends_at += datetime.timedelta(hours=1)
    session.save()
    mailoutbox.clear()
    tasks.send_reminders.delay()
    tasks.send_reminders.delay()
    assert len(mailoutbox) == 1


def test_a_notification_task_retried_sends_nothing_new(make_event, counselors, mailoutbox):
    event = make_event()
    registration = services.sign_up(event.session.pk, counselors(1)[0])
    assert notifications.send(registration.pk, "booked") is True
    assert notifications.send(registration.pk, "booked") is False
    tasks.send_notification.delay(registration.pk, "booked")
    assert len(mailoutbox) == 1


def test_a_failed_send_can_be_retried(make_event, counselors, mailoutbox, monkeypatch):
    event = make_event()
    registration = services.sign_up(event.session.pk, counselors(1)[0])

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with pytest.raises(OSError):
        notifications.send(registration.pk, "booked")
    assert not SentNotification.objects.exists()
    monkeypatch.undo()
    assert notifications.send(registration.pk, "booked") is True


def test_feedback_requests_go_to_attendees_once(make_event, counselors, mailoutbox):
    event = make_event(starts_in=datetime.timedelta(days=5))
    attendee, absent = (services.sign_up(event.session.pk, person) for person in counselors(2))
    start = timezone.now() - datetime.timedelta(hours=5)
    WorkshopSession.objects.filter(pk=event.session.pk).update(starts_at=start,
                                                               ends_at=start + datetime.timedelta(hours=3))
    Registration.objects.filter(pk=attendee.pk).update(attendance="attended")
    Registration.objects.filter(pk=absent.pk).update(attendance="no_show")
    mailoutbox.clear()
    tasks.send_feedback_requests.delay()
    tasks.send_feedback_requests.delay()
    assert [m.to for m in mailoutbox] == [[attendee.user.email]]
    assert f"/workshops/my/{attendee.pk}/feedback/" in mailoutbox[0].body


def test_the_beat_schedule_names_the_sweeps(settings):
    tasks_named = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"workshops.tasks.send_reminders", "workshops.tasks.send_feedback_requests"} <= tasks_named
