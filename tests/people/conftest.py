"""Fixtures for the people tests."""

import importlib

import pytest
from django.apps import apps


@pytest.fixture
def seeded_standards(db):
    """The levels and topics the data migration seeds, put back if a transactional test has flushed them.

    A transactional test (the PostgreSQL concurrency tests) empties every table when it ends; with --reuse-db that
    empty state outlives the run, so tests that read seeded rows re-run the (idempotent) seed first.
    """
    importlib.import_module("standards.migrations.0002_seed_levels_and_topics").seed(apps, None)
