"""Fixtures for scene-based practice: partners in Jinan and Qingdao, a placement of the Jinan counselor in each
state, and helpers to log days and to read the supervisor's token from the e-mail."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practicum import services
from practicum.models import Partner, Placement


@pytest.fixture
def partners(tree):
    return {
        "jinan": Partner.objects.create(name="济南高新区人才市场", city=tree["jinan"], kind=Partner.Kind.SERVICE_AGENCY,
                                        contact_name="王经理", contact_phone="0531-88000000"),
        "qingdao": Partner.objects.create(name="海尔集团人力资源部", city=tree["qingdao"], kind=Partner.Kind.EMPLOYER),
    }


def fields(partner, **overrides):
    today = timezone.localdate()
    data = {
        "partner": partner, "event": None, "title": "企业招聘现场实践",
        "starts_on": today - datetime.timedelta(days=20),
        "ends_on": today + datetime.timedelta(days=10), "supervisor_name": "李主管", "supervisor_title": "招聘主管",
        "supervisor_email": "supervisor@partner.example", "supervisor_phone": "13800000000",
        "objectives": "熟悉企业招聘流程，参与岗位分析。", "planned_hours": Decimal("24"), "topic": None,
        "category": "professional",
    }
    data.update(overrides)
    return data


@pytest.fixture
def planned(people, partners):
    """A placement of the Jinan counselor, arranged by the Jinan admin (planned)."""
    return services.create_placement(people["jinan_admin"], counselor=people["jinan_counselor"],
                                     **fields(partners["jinan"]))


def log_days(placement, counselor, days=3, hours="6"):
    for offset in range(days):
        services.save_entry(placement.pk, counselor, day=placement.starts_on + datetime.timedelta(days=offset),
                            hours=hours, activities=f"第{offset + 1}天：参与招聘会", reflection="收获")


@pytest.fixture
def in_progress(planned, people):
    log_days(planned, people["jinan_counselor"])
    return Placement.objects.get(pk=planned.pk)


def token_from_mail() -> str:
    """The token of the last sign-off e-mail (the link's last path segment)."""
    match = re.search(r"/practice/sign-off/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.fixture
def submitted(in_progress, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(in_progress.pk, people["jinan_counselor"])
    return Placement.objects.get(pk=in_progress.pk), token_from_mail()


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)
