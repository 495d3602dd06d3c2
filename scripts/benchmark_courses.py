"""Benchmark: the course and lesson pages against a bare Wagtail page, served by ONE gunicorn worker to a signed-in
counselor.

Usage: .venv/bin/python scripts/benchmark_courses.py [requests] [port]
       (DATABASE_URL selects the database, e.g. postgres://postgres@127.0.0.1:5432/lms_crs_bench, which is created
       if missing; without it a throwaway SQLite file in /tmp. REDIS_URL, if set, is used as the cache.)

It migrates the database, builds a course of 12 lessons from the demo content with the counselor enrolled and part
way through, starts `gunicorn lms.wsgi -w 1` with DEBUG off, warms up, then requests the three pages in turn and
prints p50/p95 latency per page and each page's p50 relative to the bare page (the home page: a Wagtail page with
no extras). The goal is a ratio of at most 1.3 at p50.
"""

import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/benchmark-courses.sqlite3")


def ensure_postgres_database(url: str) -> None:
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


ensure_postgres_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def build() -> tuple[str, list[tuple[str, str]]]:
    """The data, a signed-in session cookie, and the (label, path) pairs to measure."""
    from courses import services
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from home.demo_content.courses import COURSES
    from home.models import HomePage
    from people.models import Role
    from standards.models import Level, Topic
    from tests.factories import OrganizationFactory, UserFactory, city, province

    jinan = city("济南市", "jinan", parent=province())
    agency = OrganizationFactory(name="济南市公共就业服务中心", code="jinan-hrss", parent=jinan)
    counselor = UserFactory(email="bench.counselor@example.cn", organization=agency, roles=[Role.COUNSELOR])
    trainer = UserFactory(email="bench.trainer@example.cn", organization=agency, roles=[Role.TRAINER])
    home = HomePage.objects.first()
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(title="课程中心", slug="courses"))
    course = CoursePage.objects.filter(slug="bench-course").first()
    if course is None:
        data = COURSES[0]
        course = CoursePage(
            title=data["title"], slug="bench-course", level=Level.objects.get(code=data["level"]),
            hours=data["hours"], category=data["category"], summary=data["summary"],
            objectives="\n".join(data["objectives"]),
        )
        index.add_child(instance=course)
        course.topics.set(Topic.objects.filter(code__in=data["topics"]))
        course.trainers.create(user=trainer)
        course.save_revision().publish()
        lessons = [lesson for item in COURSES for lesson in item["lessons"]]
        for number in range(12):
            lesson = lessons[number % len(lessons)]
            page = course.add_child(instance=LessonPage(
                title=f"{number + 1}. {lesson['title']}", slug=f"lesson-{number + 1}", body=lesson["body"],
                estimated_minutes=lesson.get("minutes", 20),
            ))
            page.save_revision().publish()
    enrollment = services.live_enrollment(counselor, course) or services.enroll(counselor, course)
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    for lesson in lessons[:3]:
        services.mark_item_complete(enrollment, lesson)
    client = Client()
    client.force_login(counselor)
    return client.cookies["sessionid"].value, [
        ("bare Wagtail page (home)", home.url_path[len(home.url_path) - 1:]),
        ("course page", f"/{index.slug}/{course.slug}/"),
        ("lesson page", f"/{index.slug}/{course.slug}/{lessons[4].slug}/"),
    ]


def get(port: int, path: str, session: str) -> float:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": f"sessionid={session}; django_language=zh-hans", "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    conn.close()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed


def wait_for(port: int, process) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("HEAD", "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main(requests: int, port: int) -> None:
    call_command("migrate", verbosity=0)
    session, pages = build()
    connection.close()
    process = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn, fixed arguments
        [str(ROOT / ".venv/bin/gunicorn"), "lms.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "LOG_LEVEL": "WARNING"},
    )
    try:
        wait_for(port, process)
        for _ in range(20):  # warm-up: imports, template loading, per-revision caches
            for _label, path in pages:
                get(port, path, session)
        samples = {path: [] for _label, path in pages}
        for _ in range(requests):
            for _label, path in pages:
                samples[path].append(get(port, path, session))
    finally:
        process.terminate()
        process.wait(timeout=10)
    bare_p50 = statistics.median(samples[pages[0][1]])
    print(f"database: {connection.vendor}   gunicorn workers: 1   requests per page: {requests}")
    for label, path in pages:
        values = sorted(samples[path])
        p50, p95 = statistics.median(values), values[int(len(values) * 0.95) - 1]
        print(f"{label:<26} {path:<34} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p50 ratio {p50 / bare_p50:4.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else 8103)
