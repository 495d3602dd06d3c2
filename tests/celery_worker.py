"""A real Celery worker on Redis for tests marked `redis`: the worker runs in a thread of the test process
(celery.contrib.testing.worker), so the locmem outbox is shared, and consumes from a Redis database of its own.

tests/conftest.py loads this module as a plugin, so every test may ask for `celery_worker`; a module overrides
`celery_broker_url` to give its worker a Redis database of its own (CELERY_TEST_BROKER_URL overrides every default).
"""

import os
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from lms.celery import app
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows


def forget_broker_connections():
    """Drop the app's cached connection and producer pools, which still point at the broker configured before."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_broker_url():
    return os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def celery_worker(celery_broker_url, migrated_data_kept, transactional_db, django_db_serialized_rollback):  # noqa: F811
    """A real worker consuming from Redis (not eager), stopped and the app restored afterwards. `worker.finished`
    lists (task name, task id, state, thread id) as tasks end; `worker.done` is notified each time."""
    overrides = {"broker_url": celery_broker_url, "task_always_eager": False, "worker_hijack_root_logger": False}
    previous = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    forget_broker_connections()
    app.connection_for_write().channel().client.flushdb()  # no stale messages from earlier runs
    finished = []
    done = threading.Condition()

    def record(sender=None, task_id=None, state=None, **kwargs):
        with done:
            finished.append((sender.name, task_id, state, threading.get_ident()))
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


def _wait(worker, condition, timeout: float, failure: str):
    deadline = time.monotonic() + timeout
    with worker.done:
        while not (result := condition()):
            remaining = deadline - time.monotonic()
            assert remaining > 0, failure
            worker.done.wait(remaining)
    return result


def wait_for(worker, task_id, timeout=15):
    """Block until the worker has run the task with this id, and return its final state."""
    states = lambda: [state for _, finished_id, state, _ in worker.finished if finished_id == task_id]  # noqa: E731
    return _wait(worker, states, timeout, f"the worker did not run task {task_id} within {timeout}s")[0]


def wait_until(worker, name, count, timeout=30):
    """Block until the worker has run `count` tasks called `name`."""
    ran = lambda: [entry for entry in worker.finished if entry[0] == name]  # noqa: E731
    _wait(worker, lambda: len(ran()) >= count, timeout, f"{len(ran())} of {count} {name} tasks ran within {timeout}s")
