"""Fixtures for research projects: the seeded ladder, a 二级 lead in Jinan with two members, the library index, and a
project in each state."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from people.models import Role
from research import services
from research.models import Membership, Project
from standards.models import Level
from tests.factories import LevelRecordFactory, UserFactory
from tests.library.builders import library_index


@pytest.fixture
def ladder(db):
    importlib.import_module("standards.migrations.0002_seed_levels_and_topics").seed(apps, None)
    return {level.code: level for level in Level.objects.all()}


@pytest.fixture
def lead(people, ladder, tree):
    person = UserFactory(email="lead@example.cn", real_name="课题负责人", organization=tree["jinan_agency"],
                         roles=[Role.COUNSELOR])
    LevelRecordFactory(holder=person, level=ladder["level-2"], obtained_on=datetime.date(2020, 6, 30))
    return person


@pytest.fixture
def member(people):
    return people["jinan_counselor"]


def plan(**overrides):
    today = timezone.localdate()
    data = {"title": "高校毕业生求职心理调适研究", "summary": "研究毕业生求职焦虑的成因与干预。",
            "objectives": "形成干预方案", "methods": "问卷调查与个案访谈", "schedule": "第一阶段：调研\n第二阶段：干预",
            "starts_on": today - datetime.timedelta(days=60), "ends_on": today + datetime.timedelta(days=120)}
    data.update(overrides)
    return data


@pytest.fixture
def proposed(lead, member):
    return services.propose_project(lead, members=[(member, Membership.Role.CORE, "问卷设计")], **plan())


@pytest.fixture
def running(proposed, people, lead):
    services.approve_project(proposed.pk, actor=people["jinan_admin"])
    services.start_project(proposed.pk, lead)
    return Project.objects.get(pk=proposed.pk)


def pdf(name="研究报告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def concluded(running, lead):
    library_index()
    due_on = running.starts_on + datetime.timedelta(days=30)
    services.save_milestone(running.pk, lead, title="完成问卷调查", due_on=due_on)
    services.add_output(running.pk, lead, kind="report", title="求职心理调适研究报告", summary="报告摘要",
                        upload=pdf(), is_final=True)
    services.conclude_project(running.pk, lead, conclusion="干预方案有效。")
    return Project.objects.get(pk=running.pk)
