"""Invitations through a real Celery worker on Redis: the e-mail arrives, and a repeated task sends nothing new
once the person has set a password (tasks take ids and are safe to run again).

The worker (the `celery_worker` fixture of tests/celery_worker.py) runs in a thread of this process, so the locmem
outbox is shared, and consumes from Redis db 15. Run with: REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/pytest -m redis
"""

import threading
import time

import pytest
from celery.result import EagerResult
from django.core import mail

from people.models import Role
from people.services import invite
from people.tasks import send_invitation
from tests.celery_worker import wait_for
from tests.factories import UserFactory

pytestmark = pytest.mark.redis


@pytest.fixture
def invitee(tree):
    person = UserFactory(
        email="new.counselor@example.cn", real_name="新学员", organization=tree["jinan_agency"], roles=[Role.COUNSELOR]
    )
    person.set_unusable_password()
    person.save(update_fields=["password"])
    return person


@pytest.fixture
def org_admin(tree):
    return UserFactory(email="jinan.admin@example.cn", organization=tree["jinan"], roles=[Role.ORG_ADMIN])


def test_the_task_is_not_run_eagerly(celery_worker, invitee):
    result = send_invitation.delay(invitee.pk)
    assert not isinstance(result, EagerResult)
    assert wait_for(celery_worker, result.id) == "SUCCESS"
    name, _, _, thread = celery_worker.finished[-1]
    assert name == "people.tasks.send_invitation"
    assert thread != threading.get_ident()  # run by the worker's thread, not inline in the test


def test_an_invitation_arrives_through_the_worker(celery_worker, org_admin, invitee):
    mail.outbox.clear()
    invite(org_admin, invitee)  # enqueued on commit; transactional_db commits at once

    deadline = time.monotonic() + 15
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.counselor@example.cn"]
    assert "/accounts/password/reset/key/" in message.body


def test_a_repeated_invitation_after_the_password_is_set_sends_nothing(celery_worker, invitee):
    mail.outbox.clear()
    first = send_invitation.delay(invitee.pk)
    assert wait_for(celery_worker, first.id) == "SUCCESS"
    assert len(mail.outbox) == 1

    invitee.set_password("Chosen-Pass-2026")
    invitee.save(update_fields=["password"])

    second = send_invitation.delay(invitee.pk)  # a retry or a duplicate delivery of the same task
    assert wait_for(celery_worker, second.id) == "SUCCESS"
    assert len(mail.outbox) == 1


def test_two_deliveries_before_the_password_is_set_each_send_a_fresh_link(celery_worker, invitee):
    """An admin may re-send an invitation; each one is delivered (the link is valid until the password is set)."""
    mail.outbox.clear()
    for _ in range(2):
        assert wait_for(celery_worker, send_invitation.delay(invitee.pk).id) == "SUCCESS"
    assert [m.to for m in mail.outbox] == [["new.counselor@example.cn"]] * 2
