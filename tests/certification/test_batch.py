"""Batch evaluation of 10,000 counselors runs in the same fixed number of queries as for one (the figure the
benchmark script times is scripts/benchmark_progression.py)."""

import datetime

from certification.evaluator import evaluate_many
from people.models import User
from tests.certification.population import build_population

BATCH_QUERIES = 8  # 7, plus the published competition prizes of the fast track (competitions.fast_track)


def test_ten_thousand_counselors_in_fixed_queries(db, django_assert_num_queries):
    build_population(10_000)
    with django_assert_num_queries(BATCH_QUERIES):
        evaluations = evaluate_many(User.objects.filter(email__startswith="bench"), on=datetime.date(2026, 6, 1))
    assert len(evaluations) == 8_333  # 一级 holders (one in six) have no next level
    assert any(e.eligible for e in evaluations.values()) and not all(e.eligible for e in evaluations.values())
