"""Benchmark at provincial scale: report pages, staff homes and the main admin listings against a bare Wagtail page,
served by ONE gunicorn worker, for the province admin and a city admin; then the export of 1,000,000 progress rows.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_scale_bench .venv/bin/python scripts/benchmark_reports.py \
           [requests per page, default 30] [port, default 8109]

It migrates the database, loads the default scale with `load_scale_data` unless scale data is already there (the
generator's sizes can be given in SCALE_ARGS, e.g. SCALE_ARGS="--counselors 2000 --progress 100000"), starts
`gunicorn lms.wsgi -w 1` with DEBUG off, signs in the scale logins by session cookie, warms up, and prints p50/p95 per
page with the ratio of its p95 to the bare page's p95 (goal: at most 20). The pages are the staff home
(/admin/), every argument-free URL of `reports.urls` (when the reports app is installed), the enrollment listing and
its search, the ledger, the registrations, and a trainer's courses. Last, it writes 1,000,000 progress rows (or all
there are) as CSV and as XLSX with the export writers in a fresh process, as the export task does, and prints the
time and the peak memory growth of that process (goal: under 100 MB).
"""

import http.client
import os
import shlex
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
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lms_scale_bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import reverse  # noqa: E402

from home import scale_data  # noqa: E402
from people.models import User  # noqa: E402

EXPORT_CODE = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
import django; django.setup()
from courses.models import CourseItemProgress
from lms import spreadsheets
fmt, limit = sys.argv[1], int(sys.argv[2])
rows_qs = CourseItemProgress.objects.values_list("enrollment__user__email", "enrollment__course_title", "page_id",
                                                  "opened_at", "completed_at").order_by("pk")[:limit]
def resident_mb():  # resident memory now: ru_maxrss would report the peak of django.setup(), not of the export
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
peak = [0.0]
def rows():
    yield ["email", "course", "item", "opened", "done"]
    for number, row in enumerate(rows_qs.iterator(chunk_size=2000)):
        if number % 5000 == 0:
            peak[0] = max(peak[0], resident_mb())
        yield row
before = resident_mb()
started = time.monotonic()
with open(f"/tmp/benchmark-progress.{fmt}", "wb") as handle:
    if fmt == "csv":
        for line in spreadsheets.csv_lines(rows()):
            handle.write(line.encode())
    else:
        spreadsheets.write_xlsx(rows(), handle)
after = max(peak[0], resident_mb())
print(f"{time.monotonic() - started:.1f} {after - before:.1f} {os.path.getsize(handle.name) / 1e6:.1f}")
"""


def session_cookie(user) -> str:
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def timed(port: int, path: str, cookie: str) -> tuple[float, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return (time.perf_counter() - started) * 1000, response.status


def report_paths() -> list[str]:
    try:
        from reports import urls as report_urls
    except ImportError:
        return []
    paths = []
    for pattern in report_urls.urlpatterns:
        if pattern.pattern.regex.groups == 0 and getattr(pattern, "name", None):
            namespace = getattr(report_urls, "app_name", None)
            try:
                paths.append(reverse(f"{namespace}:{pattern.name}" if namespace else pattern.name))
            except Exception:  # noqa: S112 - a pattern mounted elsewhere or needing arguments is skipped
                continue
    return paths


def main():
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8109
    call_command("migrate", verbosity=0)
    if not User.objects.filter(email__endswith=scale_data.EMAIL_DOMAIN).exists():
        call_command("load_scale_data", *shlex.split(os.environ.get("SCALE_ARGS", "")))
    counts = scale_data.Generator.counts()
    print("data:", counts)
    logins = {
        "province": User.objects.get(email=scale_data.ADMINS[0][0]),
        "city": User.objects.get(email=scale_data.ADMINS[1][0]),
        "trainer": User.objects.filter(email__startswith="t", email__endswith=scale_data.EMAIL_DOMAIN).first(),
    }
    cookies = {name: session_cookie(user) for name, user in logins.items()}
    pages = [("bare Wagtail page", "/")]
    pages += [("staff home", reverse("wagtailadmin_home"))]
    pages += [(f"report {path}", path) for path in report_paths()]
    pages += [
        ("enrollments", reverse("enrollments:index")),
        ("enrollments search", reverse("enrollments:index") + "?q=%E7%8E%8B"),
        ("ledger", _url_of("cpd.CreditEntry")),
        ("registrations", _url_of("workshops.Registration")),
    ]
    server = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn, fixed arguments
        [str(ROOT / ".venv/bin/gunicorn"), "lms.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "300"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.dev"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4)
        for who in ("province", "city", "trainer"):
            own = pages if who != "trainer" else [pages[0], pages[1], ("trainer's courses",
                                                                       reverse("courses_admin:my_courses"))]
            print(f"\n== {who} ({logins[who].email}), {requests} requests per page, one gunicorn worker")
            bare_p95 = None
            for label, path in own:
                for _ in range(3):
                    timed(port, path, cookies[who])
                samples, statuses = [], set()
                for _ in range(requests):
                    elapsed, status = timed(port, path, cookies[who])
                    samples.append(elapsed)
                    statuses.add(status)
                samples.sort()
                p50 = statistics.median(samples)
                p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
                bare_p95 = bare_p95 or p95
                print(f"{label:<48} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  p95/bare {p95 / bare_p95:5.1f}x"
                      f"  status {sorted(statuses)}")
    finally:
        server.terminate()
        server.wait()
    limit = 1_000_000
    print(f"\n== export of {min(limit, counts['progress']):,} progress rows (fresh process, as the export task)")
    for export_format in ("csv", "xlsx"):
        output = subprocess.run([sys.executable, "-c", EXPORT_CODE, export_format, str(limit)], cwd=ROOT,  # noqa: S603
                                capture_output=True, text=True, check=True).stdout.split()
        print(f"{export_format:<5} {output[0]:>7} s   peak memory growth {output[1]:>7} MB   file {output[2]} MB")


def _url_of(label: str) -> str:
    from django.apps import apps
    from wagtail.admin.viewsets import viewsets

    model = apps.get_model(label)
    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is model:
            return reverse(viewset.get_url_name("index"))
    raise LookupError(label)


if __name__ == "__main__":
    main()
