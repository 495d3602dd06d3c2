"""Reminders through a real Celery worker on Redis (db 5): the beat task run twice, and each fanned-out e-mail task
delivered twice, still send one reminder per booked registration.

The worker runs in a thread of this process (celery.contrib.testing.worker), so the locmem outbox is shared.
Run with: REDIS_URL=redis://127.0.0.1:6379/5 DATABASE_URL=postgres://... .venv/bin/pytest -m redis tests/workshops
"""

import datetime
import os
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from lms.celery import app
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from workshops import services, tasks
from workshops.models import Registration, SentNotification

pytestmark = pytest.mark.redis

BROKER_URL = "redis://127.0.0.1:6379/5"


def forget_broker_connections():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_worker(migrated_data_kept, transactional_db, django_db_serialized_rollback):  # noqa: F811
    overrides = {
        "broker_url": os.environ.get("CELERY_TEST_BROKER_URL", BROKER_URL),
        "task_always_eager": False,
        "worker_hijack_root_logger": False,
    }
    previous = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    forget_broker_connections()
    app.connection_for_write().channel().client.flushdb()
    finished = []
    done = threading.Condition()

    def record(sender=None, task_id=None, state=None, **kwargs):
        with done:
            finished.append(sender.name)
            done.notify_all()

    task_postrun.connect(record, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
            worker.finished, worker.done = finished, done
            yield worker
    finally:
        task_postrun.disconnect(record)
        app.conf.update(previous)
        forget_broker_connections()


def wait_until(worker, name, count, timeout=30):
    deadline = time.monotonic() + timeout
    with worker.done:
        while worker.finished.count(name) < count:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{worker.finished.count(name)} of {count} {name} tasks ran within {timeout}s"
            worker.done.wait(remaining)


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
