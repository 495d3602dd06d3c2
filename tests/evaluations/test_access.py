"""Who sees what: every evaluation URL for every role. A counselor sees only their own aggregates, never a single
response, never below the minimum; admins see the same aggregates for their scope only."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Campaign, Participant, Response
from people.models import Role, User
from tests.evaluations.conftest import close, respond_many
from tests.factories import UserFactory
from tests.helpers import body, refused

pytestmark = pytest.mark.django_db

SECRET = "这条评论只能在审核后出现"


@pytest.fixture
def accounts(people, tree):
    return {
        **people,
        "pending": UserFactory(email="pending@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                               approval_status=User.ApprovalStatus.PENDING),
        "rejected": UserFactory(email="rejected@example.cn", organization=tree["jinan_agency"],
                                roles=[Role.COUNSELOR], approval_status=User.ApprovalStatus.REJECTED),
    }


def get_as(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.fixture
def closed_below_minimum(participant, people):
    respond_many(participant, [5, 5, 1, 1], comment=SECRET)
    close(participant.campaign, people["jinan_admin"])
    return participant


def test_the_counselor_sees_not_enough_responses_and_no_single_answer(client, closed_below_minimum, people):
    page = body(get_as(client, people["jinan_counselor"], reverse("evaluations:mine")))
    assert "回复不足" in page
    assert SECRET not in page and "综合得分" not in page


def test_the_counselor_sees_aggregates_without_any_single_response(client, participant, people):
    made = respond_many(participant, [5, 5, 4, 4, 2], comment=SECRET)
    for response in made[:1]:
        services.moderate(response.pk, actor=people["jinan_admin"], decision="accept_scores")
    close(participant.campaign, people["jinan_admin"])
    page = body(get_as(client, people["jinan_counselor"], reverse("evaluations:mine")))
    assert "综合得分" in page and "80.0" in page
    assert SECRET not in page  # comments were not accepted
    for ip_hash in Response.objects.values_list("ip_hash", flat=True):
        assert ip_hash not in page


@pytest.mark.parametrize("role", [None, "pending", "rejected"])
def test_my_evaluations_needs_an_approved_account(client, accounts, campaign, role):
    response = get_as(client, accounts.get(role), reverse("evaluations:mine"))
    assert response.status_code == (302 if role is None else 403)


def test_another_counselor_sees_nothing_of_mine(client, closed_below_minimum, people):
    page = body(get_as(client, people["qingdao_counselor"], reverse("evaluations:mine")))
    assert people["jinan_counselor"].real_name not in page and closed_below_minimum.campaign.name not in page


@pytest.mark.parametrize("role", [None, "pending", "rejected", "qingdao_counselor", "qingdao_admin", "jinan_admin",
                                  "province_admin", "expert", "jinan_counselor"])
def test_a_peer_task_is_only_the_reviewers(client, accounts, participant, colleagues, people, role):
    assignment = services.assign_peer(participant.pk, colleagues[0], actor=people["jinan_admin"])
    url = reverse("evaluations:peer", args=[assignment.pk])
    response = get_as(client, accounts.get(role), url)
    expected = {None: 302, "pending": 403, "rejected": 403}.get(role, 404)
    assert response.status_code == expected
    assert get_as(client, colleagues[0], url).status_code == 200


def test_choosing_peers_for_someone_else_is_a_404(client, participant, people, colleagues):
    client.force_login(people["qingdao_counselor"])
    response = client.post(reverse("evaluations:choose_peer", args=[participant.pk]), {"reviewer": colleagues[0].pk})
    assert response.status_code == 404


ADMIN_URLS = ["evaluations_results", "evaluations_campaign"]


@pytest.mark.parametrize("url_name", ADMIN_URLS)
@pytest.mark.parametrize("role", [None, "pending", "rejected", "jinan_counselor", "qingdao_counselor", "expert",
                                  "qingdao_admin"])
def test_admin_pages_refuse_everyone_outside_the_scope(client, accounts, campaign, url_name, role):
    response = get_as(client, accounts.get(role), reverse(url_name, args=[campaign.pk]))
    if role is None:
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert refused(response), response.status_code


@pytest.mark.parametrize("role", ["jinan_admin", "province_admin"])
def test_admins_in_scope_read_the_aggregates(client, accounts, closed_below_minimum, role):
    campaign = closed_below_minimum.campaign
    page = body(get_as(client, accounts[role], reverse("evaluations_results", args=[campaign.pk])))
    assert closed_below_minimum.counselor.real_name in page and "回复不足" in page
    assert SECRET not in page
    export = get_as(client, accounts[role], reverse("evaluations_results", args=[campaign.pk]) + "?export=csv")
    text = body(export)
    assert closed_below_minimum.counselor.email in text and "回复不足" in text and SECRET not in text


def test_a_province_campaign_shows_a_city_admin_only_their_people(client, people, tree, questionnaire, colleagues):
    campaign = Campaign.objects.create(
        name="全省评价", organization=tree["province"], opens_on="2026-01-01", closes_on="2026-12-31",
        questionnaire=questionnaire,
    )
    services.open_campaign(campaign.pk, actor=people["province_admin"])
    assert Participant.objects.filter(campaign=campaign, counselor=people["qingdao_counselor"]).exists()
    page = body(get_as(client, people["jinan_admin"], reverse("evaluations_results", args=[campaign.pk])))
    assert people["jinan_counselor"].real_name in page and people["qingdao_counselor"].real_name not in page
    assert refused(get_as(client, people["jinan_admin"], reverse("evaluations_campaign", args=[campaign.pk])))


def test_the_moderation_queue_is_scoped(client, participant, people):
    respond_many(participant, [4], source="society", comment=SECRET)
    assert SECRET in body(get_as(client, people["jinan_admin"], reverse("evaluations_moderation")))
    assert SECRET not in body(get_as(client, people["qingdao_admin"], reverse("evaluations_moderation")))
    assert refused(get_as(client, people["jinan_counselor"], reverse("evaluations_moderation")))
    client.force_login(people["qingdao_admin"])
    response = Response.objects.get()
    client.post(reverse("evaluations_moderate", args=[response.pk]), {"decision": "accept"})
    assert Response.objects.get().status == Response.Status.PENDING


def test_the_society_directory_is_public_and_lists_names_only(client, participant):
    page = body(client.get(reverse("evaluations:society")))
    assert participant.counselor.real_name in page
    assert participant.counselor.email not in page
