"""Campaigns and questionnaires in the admin and the services: scope, weights, opening and closing, read-only
questionnaires and their versions, and peers (colleagues only, never oneself, once per pair)."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Campaign, Participant, PeerAssignment, Questionnaire, Response
from people.models import Role, User
from tests.evaluations.conftest import answers
from tests.factories import UserFactory
from tests.helpers import body

pytestmark = pytest.mark.django_db


def campaign_form(organization, questionnaire, **overrides):
    data = {
        "name": "2026年上半年评价", "organization": organization.pk, "opens_on": "2026-03-01",
        "closes_on": "2026-06-30", "questionnaire": questionnaire.pk, "peer_weight": "40", "student_weight": "40",
        "society_weight": "20", "min_responses": "5", "peer_selection": "admin", "peers_per_counselor": "5",
    }
    data.update(overrides)
    return data


def test_a_city_admin_creates_a_campaign_for_their_subtree_only(client, people, tree, questionnaire):
    client.force_login(people["jinan_admin"])
    url = reverse("evaluation_campaigns:add")
    outside = client.post(url, campaign_form(tree["qingdao"], questionnaire))
    assert outside.status_code == 200 and not Campaign.objects.exists()
    created = client.post(url, campaign_form(tree["jinan"], questionnaire))
    assert created.status_code == 302, body(created)
    campaign = Campaign.objects.get()
    assert campaign.status == Campaign.Status.DRAFT and campaign.created_by == people["jinan_admin"]


def test_the_weights_must_sum_to_100(client, people, tree, questionnaire):
    client.force_login(people["province_admin"])
    response = client.post(reverse("evaluation_campaigns:add"),
                           campaign_form(tree["province"], questionnaire, society_weight="30"))
    assert response.status_code == 200 and "100" in body(response)
    assert not Campaign.objects.exists()


def test_campaign_lists_are_scoped(client, people, campaign):
    client.force_login(people["qingdao_admin"])
    assert campaign.name not in body(client.get(reverse("evaluation_campaigns:index")))
    client.force_login(people["jinan_admin"])
    assert campaign.name in body(client.get(reverse("evaluation_campaigns:index")))


def test_opening_enrols_approved_counselors_and_locks_the_questionnaire(people, tree, questionnaire, colleagues):
    UserFactory(email="pending.c@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                approval_status=User.ApprovalStatus.PENDING)
    campaign = Campaign.objects.create(name="评价", organization=tree["jinan"], opens_on="2026-01-01",
                                       closes_on="2026-12-31", questionnaire=questionnaire)
    count = services.open_campaign(campaign.pk, actor=people["jinan_admin"])
    enrolled = set(Participant.objects.filter(campaign=campaign).values_list("counselor__email", flat=True))
    assert count == len(enrolled) == 5 and "pending.c@example.cn" not in enrolled
    assert people["qingdao_counselor"].email not in enrolled
    questionnaire.refresh_from_db()
    assert questionnaire.is_locked
    with pytest.raises(services.EvaluationError) as error:
        services.open_campaign(campaign.pk, actor=people["jinan_admin"])
    assert error.value.code == "not_draft"


def test_open_and_close_through_the_admin(client, people, tree, questionnaire, colleagues):
    campaign = Campaign.objects.create(name="评价", organization=tree["jinan"], opens_on="2026-01-01",
                                       closes_on="2026-12-31", questionnaire=questionnaire)
    client.force_login(people["jinan_admin"])
    act = reverse("evaluations_campaign_act", args=[campaign.pk])
    assert client.get(reverse("evaluations_campaign", args=[campaign.pk])).status_code == 200
    client.post(act, {"action": "open"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    client.post(act, {"action": "auto_peers"})
    assert PeerAssignment.objects.filter(participant__campaign=campaign).count() == 5 * 4
    client.post(act, {"action": "close"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    client.force_login(people["qingdao_admin"])
    assert client.post(act, {"action": "open"}).status_code in (403, 404)


def test_a_used_questionnaire_is_read_only_and_changes_through_a_new_version(client, people, campaign, questionnaire):
    client.force_login(people["province_admin"])
    edit = client.get(reverse("evaluation_questionnaires:edit", args=[questionnaire.pk]))
    assert edit.status_code == 302 and edit["Location"] == reverse("evaluations_new_version", args=[questionnaire.pk])
    assert client.get(edit["Location"]).status_code == 200
    made = client.post(reverse("evaluations_new_version", args=[questionnaire.pk]))
    copy = Questionnaire.objects.exclude(pk=questionnaire.pk).get()
    assert made["Location"] == reverse("evaluation_questionnaires:edit", args=[copy.pk])
    assert copy.version == 2 and copy.previous == questionnaire and not copy.is_locked
    assert list(copy.items.values_list("text", flat=True)) == list(questionnaire.items.values_list("text", flat=True))
    assert client.get(made["Location"]).status_code == 200
    client.force_login(people["jinan_admin"])
    assert client.post(reverse("evaluations_new_version", args=[questionnaire.pk])).status_code in (302, 403)
    assert Questionnaire.objects.count() == 2


def test_peers_are_colleagues_never_oneself_and_once(participant, people, colleagues):
    admin = people["jinan_admin"]
    with pytest.raises(services.EvaluationError) as error:
        services.assign_peer(participant.pk, participant.counselor, actor=admin)
    assert error.value.code == "self"
    with pytest.raises(services.EvaluationError) as error:
        services.assign_peer(participant.pk, people["qingdao_counselor"], actor=admin)
    assert error.value.code == "not_a_colleague"
    services.assign_peer(participant.pk, colleagues[0], actor=admin)
    with pytest.raises(services.EvaluationError) as error:
        services.assign_peer(participant.pk, colleagues[0], actor=admin)
    assert error.value.code == "duplicate"
    with pytest.raises(services.EvaluationError) as error:
        services.assign_peer(participant.pk, colleagues[1], actor=people["qingdao_admin"])
    assert error.value.code == "not_found"


def test_a_counselor_chooses_peers_only_when_the_campaign_says_so(client, participant, people, colleagues):
    client.force_login(people["jinan_counselor"])
    url = reverse("evaluations:choose_peer", args=[participant.pk])
    client.post(url, {"reviewer": colleagues[0].pk})
    assert not PeerAssignment.objects.exists()
    Campaign.objects.filter(pk=participant.campaign_id).update(peer_selection="counselor", peers_per_counselor=2)
    assert "选择评价您的同事" in body(client.get(reverse("evaluations:mine")))
    for colleague in colleagues[:3]:
        client.post(url, {"reviewer": colleague.pk})
    assert PeerAssignment.objects.filter(participant=participant).count() == 2
    client.post(url, {"reviewer": "abc"})
    assert PeerAssignment.objects.count() == 2


def test_a_peer_answers_once(client, participant, people, colleagues):
    assignment = services.assign_peer(participant.pk, colleagues[0], actor=people["jinan_admin"])
    client.force_login(colleagues[0])
    assert "等待我评价的同事" in body(client.get(reverse("evaluations:mine")))
    url = reverse("evaluations:peer", args=[assignment.pk])
    data = answers(participant.campaign.questionnaire, 4)
    assert client.post(url, {}).status_code == 400
    assert client.post(url, data).status_code == 302
    client.post(url, data)
    assert Response.objects.filter(source="peer").count() == 1
    assert "您已评价过这位同事" in body(client.get(url))


def test_the_dashboard_shows_the_card_and_the_moderation_queue(client, participant, people):
    from tests.evaluations.conftest import respond_many

    respond_many(participant, [4], source="society")
    client.force_login(people["jinan_counselor"])
    assert "我的评价" in body(client.get(reverse("home:dashboard")))
    client.force_login(people["jinan_admin"])
    page = body(client.get(reverse("home:dashboard")))
    assert "待审核的评价" in page
