"""Benchmark: importing 1,000 counselors, and the admin people listing and dashboard with them in the database.

Usage: .venv/bin/python scripts/benchmark_people.py [rows]    (DATABASE_URL selects PostgreSQL; default SQLite)

It creates a throwaway test database, prints wall-clock figures and query counts, and destroys the database.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
os.environ.setdefault("TEST_SQLITE_NAME", "benchmark-db.sqlite3")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from people import importing  # noqa: E402
from people.models import Role  # noqa: E402


def workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["邮箱", "姓名", "手机", "机构代码", "岗位", "专兼职", "从业起始日期", "最高学历"])
    for number in range(rows):
        sheet.append([f"bench{number}@example.cn", f"学员{number}", "13800000000", "jinan-hrss", "职业指导员",
                      "专职" if number % 3 else "兼职", "2016-09-01", "本科"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed_requests(client, url, n=30):
    samples, queries = [], 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], queries


def main(rows: int) -> None:
    from tests.factories import OrganizationFactory, UserFactory, city, province

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        jinan = city("济南市", "jinan", parent=province())
        OrganizationFactory(name="济南市公共就业服务中心", code="jinan-hrss", parent=jinan)
        admin = UserFactory(email="bench.admin@example.cn", organization=jinan, roles=[Role.ORG_ADMIN])
        data = workbook(rows)
        for label in ("first import", "same file again"):
            start = time.perf_counter()
            report = importing.import_people(io.BytesIO(data), admin, send_invitations=False, max_rows=rows)
            elapsed = time.perf_counter() - start
            print(f"{label:<18} {rows} rows: {elapsed:6.2f} s  created={report.created} updated={report.updated} "
                  f"unchanged={report.unchanged}")
        client = Client()
        client.force_login(admin)
        for label, url in (("people listing", reverse("wagtailusers_users:index")),
                           ("dashboard", reverse("home:dashboard"))):
            p50, p95, queries = timed_requests(client, url)
            print(f"{label:<18} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  queries {queries}")
        print(f"database: {connection.vendor}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
