"""Fixtures for the expert pool: a panel subject adapter over cpd.ExternalClaim (a model that exists below
experts), a rubric, and a pool spread over the test organization tree."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from cpd.models import CreditEntry, ExternalClaim
from experts import subjects
from standards.models import Topic
from tests.experts.builders import make_expert, make_rubric


class ClaimAdapter(subjects.SubjectAdapter):
    """Reviews an external claim: its counselor and the counselor's organization subtree are in conflict."""

    def __init__(self):
        self.results = []

    def title(self, obj):
        return obj.title

    def excluded_user_ids(self, obj):
        return {obj.counselor_id}

    def excluded_organizations(self, obj):
        return [obj.counselor.organization]

    def topics(self, obj):
        return [obj.topic] if obj.topic_id else []

    def on_panel_result(self, panel):
        self.results.append((panel.pk, panel.result, panel.result_basis))


@pytest.fixture
def adapter():
    registered = ClaimAdapter()
    subjects.register(ExternalClaim, registered)
    yield registered
    subjects.unregister(ExternalClaim)


@pytest.fixture
def topics(db):
    importlib.import_module("standards.migrations.0002_seed_levels_and_topics").seed(apps, None)
    return {topic.code: topic for topic in Topic.objects.all()}


@pytest.fixture
def rubric(db):
    return make_rubric()


def make_claim(counselor, *, topic=None, title="参加全国职业指导论坛"):
    return ExternalClaim.objects.create(
        counselor=counselor, activity_kind=ExternalClaim.ActivityKind.CONFERENCE, title=title,
        occurred_on=datetime.date(2025, 5, 1), hours=Decimal("8.0"), category=CreditEntry.Category.PROFESSIONAL,
        topic=topic,
    )


@pytest.fixture
def claim(people, topics, adapter):
    """A claim by the Jinan counselor (济南市公共就业服务中心 under 济南市)."""
    return make_claim(people["jinan_counselor"], topic=topics["COUNSEL"])


@pytest.fixture
def pool(tree, people, topics):
    """Two experts in Jinan (in conflict with Jinan subjects), four in Qingdao, one at the province."""
    return {
        "jinan_uni": make_expert(tree["jinan_university"], email="e.jinan.uni@example.cn", topics=[topics["COUNSEL"]]),
        "jinan_agency": make_expert(tree["jinan_agency"], email="e.jinan.agency@example.cn"),
        "qingdao_1": make_expert(tree["qingdao_university"], email="e.qd1@example.cn", topics=[topics["COUNSEL"]]),
        "qingdao_2": make_expert(tree["qingdao_agency"], email="e.qd2@example.cn", topics=[topics["PLAN"]]),
        "qingdao_3": make_expert(tree["qingdao"], email="e.qd3@example.cn", topics=[topics["COUNSEL"]]),
        "province": make_expert(tree["province"], email="e.prov@example.cn", tier="provincial"),
    }
