"""/healthz reports the database, the cache and the Celery broker; any failing check turns it into a 503."""

import pytest
from django.urls import reverse

from home import health


def test_healthz_reports_every_component(client, db, settings):
    """In the embedded default (no broker configured) tasks run eagerly; with REDIS_URL the broker is reached."""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    broker = "ok" if settings.CELERY_BROKER_URL else "eager"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": broker}}


def test_healthz_needs_no_login_and_no_mfa(client, people, settings):
    settings.LMS_REQUIRE_MFA_FOR_STAFF = True
    client.force_login(people["trainer"])
    assert client.get(reverse("healthz")).status_code == 200


@pytest.mark.parametrize("name", ["database", "cache", "broker"])
def test_a_failing_check_makes_healthz_answer_503(client, db, monkeypatch, name):
    def broken():
        raise ConnectionError("down")

    monkeypatch.setitem(health.CHECKS, name, broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"][name] == "error: ConnectionError"
    assert all(value in ("ok", "eager") for key, value in body["checks"].items() if key != name)


def test_the_error_does_not_leak_details(client, db, monkeypatch):
    def broken():
        raise RuntimeError("password=secret host=10.0.0.5")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    assert "secret" not in client.get(reverse("healthz")).content.decode()


def test_an_unreachable_broker_is_reported(client, db, settings, monkeypatch):
    from kombu import Connection

    from lms.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error:")


def test_healthz_only_answers_get(client, db):
    assert client.post(reverse("healthz")).status_code == 405
