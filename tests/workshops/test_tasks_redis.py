"""Reminders through a real Celery worker on Redis (db 5): the beat task run twice, and each fanned-out e-mail task
delivered twice, still send one reminder per booked registration.

The worker (the `celery_worker` fixture of tests/celery_worker.py) runs in a thread of this process, so the locmem
outbox is shared.
Run with: REDIS_URL=redis://127.0.0.1:6379/5 DATABASE_URL=postgres://... .venv/bin/pytest -m redis tests/workshops
"""

import datetime
import os

import pytest

from tests.celery_worker import wait_until
from workshops import services, tasks
from workshops.models import Registration, SentNotification

pytestmark = pytest.mark.redis


@pytest.fixture
def celery_broker_url():
    """This module's worker consumes from Redis db 5."""
    return os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")


def test_reminders_twice_through_a_real_worker_send_one_e_mail_each(
    celery_worker, make_event, counselors, mailoutbox, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    event = make_event(capacity=3, starts_in=datetime.timedelta(hours=10))
    for person in counselors(4):
        Registration.objects.create(session=event.session, user=person, title=event.title,
                                    status=services._seat_status(event.session, event.session.starts_at
                                                                 - datetime.timedelta(days=1)))
    booked = list(Registration.objects.filter(status="booked"))
    assert len(booked) == 3

    tasks.send_reminders.delay()
    tasks.send_reminders.delay()
    wait_until(celery_worker, "workshops.tasks.send_reminders", 2)
    wait_until(celery_worker, "workshops.tasks.send_notification", 6)
    tasks.send_notification.delay(booked[0].pk, "reminder", services.schedule_key(event.session))
    wait_until(celery_worker, "workshops.tasks.send_notification", 7)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(r.user.email for r in booked)
    assert SentNotification.objects.filter(kind="reminder").count() == 3
