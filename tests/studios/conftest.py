"""Fixtures for studios: the seeded standard (version 1), a Jinan studio led by the Jinan counselor with a member,
a Qingdao studio, and a pool of experts (one of them in the Jinan studio's own organization, never to be seated)."""

import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Role
from standards.models import Topic
from studios.models import Standard, Studio, StudioMembership
from tests.experts.builders import make_expert
from tests.factories import UserFactory


@pytest.fixture
def standard(db):
    """Version 1 as the data migration seeds it (seeded again if a flush removed it)."""
    importlib.import_module("studios.migrations.0003_seed_standard_v1").seed(apps, None)
    return Standard.objects.get(version=1)


@pytest.fixture
def topics(db):
    importlib.import_module("standards.migrations.0002_seed_levels_and_topics").seed(apps, None)
    return {topic.code: topic for topic in Topic.objects.all()}


def make_studio(organization, lead, *, name="泉城就业指导工作室", kind=Studio.Kind.STUDIO, members=(), services=(),
                **fields) -> Studio:
    studio = Studio.objects.create(name=name, kind=kind, organization=organization, lead=lead,
                                   address=fields.pop("address", "济南市历下区解放路1号"),
                                   opening_hours=fields.pop("opening_hours", "周一至周五 9:00–17:00"), **fields)
    for member in members:
        StudioMembership.objects.create(studio=studio, member=member)
    studio.services.set(services)
    return studio


@pytest.fixture
def member(tree):
    return UserFactory(email="member@example.cn", real_name="工作室成员", organization=tree["jinan_agency"],
                       roles=[Role.COUNSELOR])


@pytest.fixture
def studio(people, tree, member, topics):
    return make_studio(tree["jinan_agency"], people["jinan_counselor"], members=[member],
                       services=[topics["COUNSEL"], topics["PLAN"]])


@pytest.fixture
def qingdao_studio(people, tree):
    return make_studio(tree["qingdao_agency"], people["qingdao_counselor"], name="海之韵职业指导站",
                       kind=Studio.Kind.STATION, address="青岛市市南区香港中路1号")


@pytest.fixture
def pool(tree):
    return [
        make_expert(tree["qingdao_university"], email="s1@example.cn", real_name="青岛专家"),
        make_expert(tree["qingdao_agency"], email="s2@example.cn", real_name="青岛专家二"),
        make_expert(tree["province"], email="s3@example.cn", tier="provincial", real_name="省级专家"),
        make_expert(tree["jinan_agency"], email="s4@example.cn", real_name="济南专家"),  # never seated
    ]


def pdf(name="场地照片.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def full_lines(assessment, value="9"):
    return {line.criterion_id: (value, "已达标") for line in assessment.lines.all()}
