"""Benchmark: site search latency (p50/p95) over the demo library and over a generated corpus of 10,000 resources.

Usage: .venv/bin/python scripts/benchmark_search.py [resources]   (DATABASE_URL selects PostgreSQL; default SQLite)

It creates a throwaway test database, loads the demo data (with the library), times the search page for a set of
two-character and longer Chinese queries, then adds generated resources (titles and summaries built from the domain's
compound words, indexed through the jieba backend in bulk; on PostgreSQL followed by ANALYZE, as autovacuum would) and
times the same queries again. It prints the figures
with the page's query count and destroys the database.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
os.environ.setdefault("TEST_SQLITE_NAME", "benchmark-search.sqlite3")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

QUERIES = ["管理", "就业", "规划", "援助", "测评", "职业生涯规划", "高校毕业生就业指导", "创业 政策", "招聘会"]
WORDS = ["公共就业服务", "职业生涯规划", "就业创业政策", "高校毕业生就业指导", "职业能力测评", "招聘管理系统",
         "失业人员再就业援助", "就业心理调适", "求职技巧训练", "特殊群体职业指导", "劳动力市场信息", "职业道德"]
KINDS = ["courseware", "book", "report", "case", "policy", "video", "template"]
ROUNDS = 5


def measure(client, label: str) -> None:
    timings, counts = [], set()
    for _ in range(ROUNDS):
        for query in QUERIES:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get("/search/", {"q": query})
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            counts.add(len(captured))
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{label}: {len(timings)} searches, p50 {p50:.1f} ms, p95 {p95:.1f} ms, queries per page {sorted(counts)}")


def generate(count: int, first: int = 0) -> None:
    from library.models import ResourceIndexPage, ResourcePage

    rng = random.Random(2026)  # noqa: S311 - reproducible sample text, not security
    index = ResourceIndexPage.objects.first()
    backend = get_search_backend()
    batch = []
    for number in range(first, first + count):
        words = rng.sample(WORDS, 3)
        page = ResourcePage(
            title=f"{words[0]}与{words[1]}实务（第{number}辑）",
            slug=f"bench-{number}",
            kind=rng.choice(KINDS),
            summary=f"本资料围绕{words[0]}、{words[1]}和{words[2]}展开，供职业指导人员参考。",
            live=True,
        )
        index.add_child(instance=page)
        batch.append(page)
        if len(batch) == 500:
            backend.add_bulk(ResourcePage, batch)
            batch = []
    if batch:
        backend.add_bulk(ResourcePage, batch)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from home import demo_data
        from library.models import ResourcePage
        from people.models import User

        demo_data.load()
        client = Client()
        client.force_login(User.objects.get(email="counselor@demo.example"))
        print(f"database: {connection.vendor}")
        measure(client, f"demo corpus ({ResourcePage.objects.count()} resources)")
        started = time.perf_counter()
        generate(count)
        print(f"generated and indexed {count} resources in {time.perf_counter() - started:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load: fresh planner statistics
                cursor.execute("ANALYZE")
        measure(client, f"generated corpus ({ResourcePage.objects.count()} resources)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
