"""Fixtures for evaluations: the seeded default questionnaire, Jinan colleagues, an open campaign over Jinan, and
helpers that fill in the anonymous form as a respondent's phone would."""

import datetime
import importlib
import itertools
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import Campaign, Item, Participant, Questionnaire, ResponseToken
from people.models import Role
from tests.factories import UserFactory

ADDRESSES = itertools.count(1)  # a distinct address per simulated phone
TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture
def questionnaire(db):
    importlib.import_module("evaluations.migrations.0002_seed_default_questionnaire").seed(apps, None)
    return Questionnaire.objects.get(version=1, previous__isnull=True)


@pytest.fixture
def colleagues(people, tree):
    """Four more approved counselors at the Jinan agency (the Jinan counselor's colleagues)."""
    return [UserFactory(email=f"jinan.colleague{i}@example.cn", real_name=f"同事{i}", organization=tree["jinan_agency"],
                        roles=[Role.COUNSELOR]) for i in range(4)]


@pytest.fixture
def campaign(people, tree, questionnaire, colleagues):
    """An open Jinan campaign (min 5, weights 40/40/20) with every approved Jinan counselor enrolled."""
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="2026年济南市职业指导人员评价", organization=tree["jinan"], opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=30), questionnaire=questionnaire, created_by=people["jinan_admin"],
    )
    services.open_campaign(campaign.pk, actor=people["jinan_admin"])
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def participant(campaign, people):
    return Participant.objects.get(campaign=campaign, counselor=people["jinan_counselor"])


def answers(questionnaire, score=4, comment=""):
    data = {}
    for item in questionnaire.items.all():
        if item.kind == Item.Kind.SCALE:
            data[f"q{item.pk}"] = str(score)
        elif comment:
            data[f"q{item.pk}"] = comment
    return data


def open_form(client, participant, society=False, ip="203.0.113.5"):
    name = "evaluations:respond_society" if society else "evaluations:respond"
    response = client.get(reverse(name, args=[participant.share_key]), REMOTE_ADDR=ip)
    match = TOKEN.search(response.content.decode())
    return response, (match.group(1) if match else None)


def send(client, token, data, ip="203.0.113.5"):
    return client.post(reverse("evaluations:submit"), {"token": token, **data}, REMOTE_ADDR=ip)


def respond(client, participant, score=4, comment="", society=False, ip="203.0.113.5"):
    """Open the link and send the form (society forms are back-dated past the minimum time)."""
    _page, token = open_form(client, participant, society=society, ip=ip)
    if society:
        ResponseToken.objects.filter(used_at__isnull=True).update(
            issued_at=timezone.now() - datetime.timedelta(minutes=2)
        )
    return send(client, token, answers(participant.campaign.questionnaire, score, comment), ip=ip)


def respond_many(participant, scores, source="student", comment=""):
    """Record responses through the services (a distinct address each, as different phones would be)."""
    made = []
    for score in scores:
        serial = next(ADDRESSES)
        ip = f"10.{serial // 65536 % 256}.{serial // 256 % 256}.{serial % 256}"
        _participant, signed = services.issue_token(participant.share_key, source, ip)
        if source == "society":
            ResponseToken.objects.filter(used_at__isnull=True).update(
                issued_at=timezone.now() - datetime.timedelta(minutes=2)
            )
        made.append(services.submit_anonymous(signed, answers(participant.campaign.questionnaire, score, comment), ip))
    return made


def peer_responses(participant, reviewers, score, actor):
    for reviewer in reviewers:
        assignment = services.assign_peer(participant.pk, reviewer, actor=actor)
        services.submit_peer(assignment.pk, reviewer, answers(participant.campaign.questionnaire, score))


def close(campaign, actor):
    services.close_campaign(campaign.pk, actor=actor)
    campaign.refresh_from_db()
