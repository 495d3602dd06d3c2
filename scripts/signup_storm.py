"""Proof: 200 simultaneous sign-ups for 30 seats through the real HTTP stack never oversell.

Creates a throwaway PostgreSQL database (lms_ws_bench), migrates it, creates 200 counselors with a signed-in session
each and one event, and starts gunicorn with several sync workers on it. Each repetition adds a fresh session with
30 seats and fires 200 authenticated POSTs at its sign-up URL from 200 threads released at the same moment
(a barrier), then counts in the database: exactly 30 booked and 170 waitlisted, no 5xx, one registration per
person. Prints a line per repetition and a summary; exits 1 if any repetition is wrong.

Usage: .venv/bin/python scripts/signup_storm.py [REPETITIONS] [--workers N]
Needs PostgreSQL on 127.0.0.1 (trust auth, user postgres). Port 8111.
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
DB_NAME = "lms_ws_bench"
PORT = 8111
PEOPLE = 200
SEATS = 30
WORK_DIR = Path(tempfile.mkdtemp(prefix="lms-signup-storm-"))
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
    "DEBUG": "off",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "EMAIL_URL": "locmem://",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "MEDIA_ROOT": str(WORK_DIR / "media"),
    "PRIVATE_MEDIA_ROOT": str(WORK_DIR / "private-media"),
    "LOG_LEVEL": "WARNING",
}
ENV.pop("REDIS_URL", None)
ENV.pop("CELERY_BROKER_URL", None)
os.environ.update(ENV)
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)
sys.path.insert(0, str(BASE_DIR))


def run(*command):
    subprocess.run(command, check=True, cwd=BASE_DIR, env=ENV, stdout=subprocess.DEVNULL)  # noqa: S603


def prepare():
    """The database, the people (each with a session cookie and a CSRF token) and the event."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from home.models import HomePage
    from people.models import Organization, Role, User, role_group
    from workshops.models import WorkshopIndexPage, WorkshopPage

    root = Organization.add_root(name="山东省", code="shandong", kind=Organization.Kind.PROVINCE)
    city = root.add_child(name="济南市", code="jinan", kind=Organization.Kind.CITY)
    agency = city.add_child(name="济南市公共就业服务中心", code="jinan-hrss", kind=Organization.Kind.EMPLOYMENT_AGENCY)
    users = User.objects.bulk_create(
        [User(email=f"storm{i:03d}@example.cn", real_name=f"学员{i:03d}", organization=agency,
              password="!")  # noqa: S106 - an unusable password: they sign in by session
         for i in range(PEOPLE)]
    )
    role_group(Role.COUNSELOR).user_set.add(*users)
    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append({"sessionid": store.session_key, "csrftoken": _get_new_csrf_string()})
    index = HomePage.objects.first().add_child(instance=WorkshopIndexPage(title="培训活动", slug="workshops"))
    page = index.add_child(instance=WorkshopPage(title="抢座工作坊", slug="storm", organization=city,
                                                 promotion_stop_hours=0))
    return page, cookies, timezone.now() + datetime.timedelta(days=7)


def new_session(page, start):
    from workshops.models import WorkshopSession

    return WorkshopSession.objects.create(page=page, starts_at=start, ends_at=start + datetime.timedelta(hours=3),
                                          capacity=SEATS, venue="济南")


def storm(url: str, cookies: list[dict]) -> Counter:
    barrier = threading.Barrier(len(cookies))
    codes: list = [None] * len(cookies)

    def post(index: int, jar: dict):
        with requests.Session() as client:
            client.cookies.update(jar)
            barrier.wait(timeout=60)
            try:
                response = client.post(url, headers={"X-CSRFToken": jar["csrftoken"]}, allow_redirects=False,
                                       timeout=120)
                codes[index] = response.status_code
            except requests.RequestException as error:
                codes[index] = type(error).__name__

    threads = [threading.Thread(target=post, args=(i, jar)) for i, jar in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(codes)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("repetitions", nargs="?", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", DB_NAME)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME)
    run(sys.executable, "manage.py", "migrate", "-v0")
    page, cookies, start = prepare()

    from workshops.models import Registration

    gunicorn = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("gunicorn")), "lms.wsgi", "-w", str(args.workers), "-b",
         f"127.0.0.1:{PORT}", "--backlog", "2048", "--timeout", "120", "--log-level", "warning"],
        cwd=BASE_DIR, env=ENV, stdout=open(WORK_DIR / "gunicorn.log", "wb"), stderr=subprocess.STDOUT,  # noqa: SIM115
        start_new_session=True,
    )
    failures = 0
    try:
        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.3)
        print(f"gunicorn: {args.workers} sync workers on PostgreSQL {DB_NAME}; {PEOPLE} people, {SEATS} seats")
        for repetition in range(1, args.repetitions + 1):
            session = new_session(page, start + datetime.timedelta(days=repetition))
            began = time.monotonic()
            codes = storm(f"http://127.0.0.1:{PORT}/workshops/sessions/{session.pk}/register/", cookies)
            elapsed = time.monotonic() - began
            statuses = Counter(Registration.objects.filter(session=session).values_list("status", flat=True))
            people = Registration.objects.filter(session=session).values("user").distinct().count()
            server_errors = sum(n for code, n in codes.items() if not isinstance(code, int) or code >= 500)
            ok = (statuses["booked"] == SEATS and statuses["waitlisted"] == PEOPLE - SEATS and server_errors == 0
                  and people == PEOPLE and sum(statuses.values()) == PEOPLE)
            failures += not ok
            other = sum(statuses.values()) - statuses["booked"] - statuses["waitlisted"]
            print(f"#{repetition:02d} {'OK  ' if ok else 'FAIL'} booked={statuses['booked']} "
                  f"waitlisted={statuses['waitlisted']} other={other} "
                  f"http={dict(sorted(codes.items(), key=str))} 5xx/errors={server_errors} {elapsed:.2f}s", flush=True)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    print(f"summary: {args.repetitions - failures}/{args.repetitions} repetitions exactly {SEATS} booked and "
          f"{PEOPLE - SEATS} waitlisted with no 5xx; gunicorn log {WORK_DIR / 'gunicorn.log'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
