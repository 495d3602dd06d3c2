"""Helpers for the certification tests: credit hours, hold levels, and bring an application to any status."""

import datetime
from decimal import Decimal

from cpd.models import CreditEntry
from cpd.services import record_credit
from standards.models import Level, Topic
from tests.factories import LevelRecordFactory

_sources = iter(range(1, 10**9))


def level(code: str) -> Level:
    return Level.objects.get(code=code)


def credit(user, hours, on, *, category="professional", topic=None):
    return record_credit(
        user, hours=Decimal(str(hours)), category=category, kind=CreditEntry.Kind.COURSE,
        source_ref=f"test:{next(_sources)}", title="测试课程", occurred_on=on,
        topic=Topic.objects.get(code=topic) if topic else None,
    )


def hold(user, code: str, on: datetime.date):
    return LevelRecordFactory(holder=user, level=level(code), obtained_on=on)
