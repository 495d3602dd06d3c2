"""Benchmark: the progression evaluator on many counselors at once (certification.evaluator.evaluate_many).

Usage: .venv/bin/python scripts/benchmark_progression.py [counselors]    (default 10,000)
       DATABASE_URL selects PostgreSQL (the database is created if missing); without it a throwaway SQLite file.

It migrates a fresh database, writes a synthetic population (levels, practice dates, education, three credit
entries each; tests/certification/population.py), then evaluates everybody against their next level three times
and prints the wall-clock time of each run, the number of SQL queries, and how many are eligible.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/benchmark-progression.sqlite3")


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main(size: int) -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        ensure_postgres_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certification.evaluator import evaluate_many
    from people.models import User
    from tests.certification.population import build_population

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build_population(size)
    print(f"{connection.vendor}: wrote {size} counselors in {time.perf_counter() - started:.1f} s")
    for run in range(1, 4):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            evaluations = evaluate_many(User.objects.filter(email__startswith="bench"))
            elapsed = time.perf_counter() - started
        eligible = sum(evaluation.eligible for evaluation in evaluations.values())
        print(f"run {run}: evaluated {len(evaluations)} counselors in {elapsed:.2f} s "
              f"({len(queries)} queries, {eligible} eligible)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
