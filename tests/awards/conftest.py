"""Fixtures for awards: the seeded award types, an open 2026–2030 cycle with its quotas, a studio in Jinan, a course,
a pool of experts outside Jinan (and one inside, never seated on Jinan nominations) and builders for nominations
at each step of the path."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from awards import services
from awards.models import AwardType, Cycle, Nomination
from experts.models import PanelSeat, Publicity
from experts.services import submit_score
from people.models import Role
from studios.models import Studio, StudioMembership
from tests.courses.conftest import catalogue, make_course  # noqa: F401  (fixtures for gold-course nominations)
from tests.experts.builders import full_marks, make_expert
from tests.factories import UserFactory


@pytest.fixture
def award_types(db):
    """The three seeded award types by code (seeded again after a transactional test flushed them)."""
    if not AwardType.objects.exists():
        importlib.import_module("awards.migrations.0002_seed_award_types").seed(apps, None)
    return {award_type.code: award_type for award_type in AwardType.objects.all()}


@pytest.fixture
def cycle(award_types):
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        name="2026—2030年度评优", starts_year=2026, ends_year=2030,
        nominations_open_on=today - datetime.timedelta(days=10),
        nominations_close_on=today + datetime.timedelta(days=30),
    )
    services.ensure_quotas(cycle)
    return cycle


def quota(cycle, award_types, code):
    return cycle.quotas.get(award_type=award_types[code])


@pytest.fixture
def studio(tree, people):
    studio = Studio.objects.create(name="泉城就业指导工作室", organization=tree["jinan_agency"], city=tree["jinan"],
                                   lead=people["jinan_counselor"], rating=Studio.Rating.EXCELLENT,
                                   rating_score=Decimal("92.50"), rated_on=datetime.date(2025, 11, 3))
    member = UserFactory(email="studio.member@example.cn", real_name="工作室成员", organization=tree["jinan_agency"],
                         roles=[Role.COUNSELOR])
    StudioMembership.objects.create(studio=studio, member=member, role="骨干")
    return studio


@pytest.fixture
def pool(tree):
    return [
        make_expert(tree["qingdao_university"], email="a1@example.cn"),
        make_expert(tree["qingdao_agency"], email="a2@example.cn"),
        make_expert(tree["province"], email="a3@example.cn", tier="provincial"),
        make_expert(tree["province"], email="a5@example.cn", tier="provincial"),
        make_expert(tree["jinan_university"], email="a4@example.cn"),  # Jinan's subtree: never on Jinan nominations
    ]


def nominate_star(admin, nominee, cycle, award_types, submit=True):
    return services.create_nomination(
        admin, cycle_id=cycle.pk, award_type_id=award_types["star"].pk, nominee=nominee,
        statement="服务业绩突出，群众评价好。", submit=submit,
    )


def reviewed(nomination, province_admin, score=85):
    """Seat the panel and let every expert score it; returns the nomination with its review score."""
    services.start_review(nomination.pk, actor=province_admin)
    for seat in PanelSeat.objects.filter(panel__object_id=nomination.pk, panel__purpose="awards.review"):
        submit_score(seat.pk, user=seat.expert.user, scores=full_marks(seat.panel.rubric, score))
    return Nomination.objects.get(pk=nomination.pk)


def in_publicity(nomination, province_admin, *, over=True):
    """Recommend and open the publicity; `over` moves the period into the past so it can be confirmed."""
    services.recommend(nomination.pk, actor=province_admin)
    starts_on = timezone.localdate() - datetime.timedelta(days=30 if over else 0)
    services.open_publicity(nomination.pk, actor=province_admin, starts_on=starts_on)
    return Publicity.objects.for_subject(nomination).get()
