"""Fixtures for the CPD tests: the seeded topics and levels, and a helper that records credit."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from cpd.models import CPDPeriod, CreditEntry
from cpd.services import record_credit


@pytest.fixture
def seeded_standards(db):
    """The levels and topics the data migration seeds, put back if a transactional test has flushed them."""
    importlib.import_module("standards.migrations.0002_seed_levels_and_topics").seed(apps, None)


@pytest.fixture
def this_year(db) -> CPDPeriod:
    today = timezone.localdate()
    return CPDPeriod.objects.create(
        name=f"{today.year}年度", starts_on=datetime.date(today.year, 1, 1), ends_on=datetime.date(today.year, 12, 31)
    )


@pytest.fixture
def last_year(db) -> CPDPeriod:
    year = timezone.localdate().year - 1
    return CPDPeriod.objects.create(
        name=f"{year}年度", starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 12, 31),
        target_hours=Decimal("80.0"),
    )


@pytest.fixture
def credit():
    """record_credit with defaults: credit(user, "course:1", hours=8, ...)."""

    def make(user, source_ref, **kwargs):
        kwargs.setdefault("hours", Decimal("8.0"))
        kwargs.setdefault("category", CreditEntry.Category.PROFESSIONAL)
        kwargs.setdefault("kind", CreditEntry.Kind.COURSE)
        kwargs.setdefault("title", "职业咨询实务")
        kwargs.setdefault("occurred_on", timezone.localdate())
        return record_credit(user, source_ref=source_ref, **kwargs)

    return make


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Certificates go to private storage; each test gets its own, outside MEDIA_ROOT."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT
