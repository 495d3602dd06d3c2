"""Anonymous respondents: a token works once; a replay, a forged or tampered token changes nothing; rate limits,
the honeypot and the minimum time refuse with a translated message; nothing personal is stored."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Campaign, Response, ResponseToken
from tests.evaluations.conftest import answers, open_form, respond, send
from tests.helpers import body

pytestmark = pytest.mark.django_db


def test_the_form_needs_no_account_and_its_token_works_once(client, participant):
    page, token = open_form(client, participant)
    assert page.status_code == 200 and token
    assert "匿名" in body(page)  # the privacy text, in Chinese
    data = answers(participant.campaign.questionnaire, 5)
    first = send(client, token, data)
    assert first.status_code == 302 and first["Location"] == reverse("evaluations:thanks")
    assert Response.objects.filter(participant=participant, source="student").count() == 1
    replay = send(client, token, data)
    assert replay.status_code == 409
    assert "已经提交" in body(replay)
    assert Response.objects.count() == 1


def test_a_forged_token_changes_nothing(client, participant):
    response = send(client, "not-a-token", answers(participant.campaign.questionnaire))
    assert response.status_code == 400 and "无效" in body(response)
    assert not Response.objects.exists()


def test_a_tampered_token_changes_nothing(client, participant):
    _page, token = open_form(client, participant)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = send(client, tampered, answers(participant.campaign.questionnaire))
    assert response.status_code == 400
    assert not Response.objects.exists()
    assert ResponseToken.objects.get().used_at is None


def test_a_token_signed_for_students_cannot_be_used_as_society(client, participant, settings):
    """The source travels signed with the token key; a student token re-signed as society is still refused."""
    from django.core import signing

    _page, token = open_form(client, participant)
    key = signing.loads(token, salt=services.TOKEN_SALT)["k"]
    forged = signing.dumps({"k": key, "s": "society"}, salt=services.TOKEN_SALT, compress=True)
    response = send(client, forged, answers(participant.campaign.questionnaire))
    assert response.status_code == 400 and not Response.objects.exists()


def test_an_incomplete_form_comes_back_and_the_token_still_works(client, participant):
    _page, token = open_form(client, participant)
    again = send(client, token, {})
    assert again.status_code == 400 and "必答" in body(again)
    assert send(client, token, answers(participant.campaign.questionnaire)).status_code == 302
    assert Response.objects.count() == 1


def test_a_rating_outside_the_scale_is_refused(client, participant):
    _page, token = open_form(client, participant)
    data = answers(participant.campaign.questionnaire)
    data[next(iter(data))] = "9"
    assert send(client, token, data).status_code == 400
    assert not Response.objects.exists()


def test_opening_the_link_too_often_is_rate_limited(client, participant):
    for _ in range(services.TOKENS_PER_IP_HOUR):
        assert open_form(client, participant)[0].status_code == 200
    refused, token = open_form(client, participant)
    assert refused.status_code == 429 and token is None
    assert "请求过于频繁" in body(refused)
    assert ResponseToken.objects.count() == services.TOKENS_PER_IP_HOUR
    assert open_form(client, participant, ip="203.0.113.77")[0].status_code == 200  # another network


def test_the_honeypot_refuses_a_bot(client, participant):
    _page, token = open_form(client, participant)
    data = {**answers(participant.campaign.questionnaire), services.HONEYPOT: "http://spam.example"}
    assert send(client, token, data).status_code == 400
    assert not Response.objects.exists()


def test_a_society_form_sent_at_once_is_refused_then_held_for_moderation(client, participant):
    _page, token = open_form(client, participant, society=True)
    fast = send(client, token, answers(participant.campaign.questionnaire))
    assert fast.status_code == 400 and "阅读" in body(fast)
    assert not Response.objects.exists()
    assert respond(client, participant, society=True).status_code == 302
    response = Response.objects.get()
    assert response.source == "society" and response.status == Response.Status.PENDING


def test_a_closed_campaign_takes_no_response(client, participant, people):
    _page, token = open_form(client, participant)
    Campaign.objects.filter(pk=participant.campaign_id).update(status=Campaign.Status.CLOSED)
    assert send(client, token, answers(participant.campaign.questionnaire)).status_code == 400
    assert open_form(client, participant)[0].status_code == 400
    assert not Response.objects.exists()


def test_an_unknown_link_is_a_404(client, db):
    assert client.get(reverse("evaluations:respond", args=["nosuchkey"])).status_code == 404


def test_nothing_personal_about_the_respondent_is_stored(client, participant):
    respond(client, participant, comment="老师很耐心", ip="192.0.2.44")
    response = Response.objects.get()
    stored = [response.ip_hash, ResponseToken.objects.get().ip_hash]
    assert all(value and "192.0.2.44" not in value for value in stored)
    assert response.comment_status == Response.CommentStatus.PENDING
