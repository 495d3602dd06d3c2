"""Evaluation pages run a fixed number of queries as rows grow: 我的评价 with one or many responses and campaigns,
the admin results with one or many counselors, the moderation queue and the society directory with one or many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import Campaign, Participant
from people.models import Role
from tests.evaluations.conftest import close, respond_many
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def closed_campaign(people, organization, questionnaire, name, scores=(5,) * 5):
    """A campaign over `organization`, opened, answered with `scores` for each counselor, then closed."""
    today = timezone.localdate()
    campaign = Campaign.objects.create(name=name, organization=organization, questionnaire=questionnaire,
                                       opens_on=today - datetime.timedelta(days=60), closes_on=today)
    services.open_campaign(campaign.pk, actor=people["jinan_admin"])
    for participant in Participant.objects.filter(campaign=campaign):
        respond_many(participant, list(scores))
    close(campaign, people["jinan_admin"])
    return campaign


def test_my_evaluations_page_is_fixed(client, participant, people, tree, questionnaire, colleagues):
    client.force_login(people["jinan_counselor"])
    url = reverse("evaluations:mine")
    closed_campaign(people, tree["jinan_agency"], questionnaire, "往期评价")
    respond_many(participant, [4])
    services.assign_peer(Participant.objects.get(campaign=participant.campaign, counselor=colleagues[0]).pk,
                         people["jinan_counselor"], actor=people["jinan_admin"])
    few = queries(client, url)
    respond_many(participant, [4] * 8)
    for index in range(3):
        closed_campaign(people, tree["jinan_agency"], questionnaire, f"更早的评价{index}", scores=(3,) * 6)
    for colleague in colleagues[1:]:
        services.assign_peer(Participant.objects.get(campaign=participant.campaign, counselor=colleague).pk,
                             people["jinan_counselor"], actor=people["jinan_admin"])
    assert queries(client, url) == few


def test_the_results_page_is_fixed(client, people, tree, questionnaire, colleagues):
    """One counselor (the university's) against six (the agency's), both campaigns closed with figures."""
    UserFactory(email="uni@example.cn", organization=tree["jinan_university"], roles=[Role.COUNSELOR])
    one = closed_campaign(people, tree["jinan_university"], questionnaire, "高校评价")
    many = closed_campaign(people, tree["jinan_agency"], questionnaire, "机构评价", scores=(4,) * 6)
    client.force_login(people["jinan_admin"])
    assert Participant.objects.filter(campaign=one).count() == 1
    assert Participant.objects.filter(campaign=many).count() >= 5
    assert queries(client, reverse("evaluations_results", args=[one.pk])) == queries(
        client, reverse("evaluations_results", args=[many.pk])
    )


def test_the_moderation_queue_is_fixed(client, participant, people, colleagues):
    client.force_login(people["jinan_admin"])
    url = reverse("evaluations_moderation")
    respond_many(participant, [4], source="society", comment="很好")
    few = queries(client, url)
    for colleague in colleagues:
        respond_many(Participant.objects.get(campaign=participant.campaign, counselor=colleague), [3, 4],
                     source="society", comment="有帮助")
    assert queries(client, url) == few


def test_the_society_directory_is_fixed(client, campaign, tree):
    url = reverse("evaluations:society") + f"?campaign={campaign.pk}"
    few = queries(client, url)
    for index in range(12):
        counselor = UserFactory(email=f"dir{index}@example.cn", organization=tree["jinan_university"],
                                roles=[Role.COUNSELOR])
        services.ensure_participant(campaign, counselor)
    assert queries(client, url) == few
