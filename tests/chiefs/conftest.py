"""Fixtures for chief counselor appointment: the seeded ladder, a 一级 holder in Jinan, a nominating round and a pool
of experts outside Jinan."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chiefs.models import ChiefRound
from standards.models import Level
from tests.experts.builders import make_expert, make_rubric
from tests.factories import LevelRecordFactory


@pytest.fixture
def ladder(db):
    importlib.import_module("standards.migrations.0002_seed_levels_and_topics").seed(apps, None)
    return {level.code: level for level in Level.objects.all()}


@pytest.fixture
def holder(people, ladder):
    """The Jinan counselor, holding 一级 since 2019."""
    counselor = people["jinan_counselor"]
    LevelRecordFactory(holder=counselor, level=ladder["level-1"], obtained_on=datetime.date(2019, 6, 30))
    return counselor


@pytest.fixture
def chief_round(db, people):
    today = timezone.localdate()
    return ChiefRound.objects.create(
        name="2026年度首席职业指导师评选", nominations_open_on=today - datetime.timedelta(days=10),
        nominations_close_on=today + datetime.timedelta(days=20), rubric=make_rubric("首席评审表"),
        chair=people["province_admin"], duties="牵头开展疑难个案会诊，带教青年职业指导人员。",
    )


@pytest.fixture
def chief_pool(tree):
    return [
        make_expert(tree["qingdao_university"], email="c1@example.cn"),
        make_expert(tree["qingdao_agency"], email="c2@example.cn"),
        make_expert(tree["province"], email="c3@example.cn", tier="provincial"),
        make_expert(tree["jinan_agency"], email="c4@example.cn"),  # the nominee's own agency: never seated
    ]


def pdf(name="获奖证书.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
