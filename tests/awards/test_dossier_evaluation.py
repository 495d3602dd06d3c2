"""The star dossier carries the nominee's multi-source evaluation record (registered by the evaluations app), under
the same rule as everywhere: figures only from a closed campaign with at least the minimum number of responses."""

import pytest
from django.urls import reverse

from awards.dossiers import dossier
from awards.models import Nomination
from tests.awards.conftest import nominate_star
from tests.evaluations import conftest as evaluation_fixtures
from tests.evaluations.conftest import close, respond_many

pytestmark = pytest.mark.django_db

# The evaluations app's fixtures: an open Jinan campaign and the Jinan counselor taking part in it.
questionnaire = evaluation_fixtures.questionnaire
colleagues = evaluation_fixtures.colleagues
campaign = evaluation_fixtures.campaign
participant = evaluation_fixtures.participant


def _evaluation_html(nomination, people, rf):
    request = rf.get("/")
    request.user = people["province_admin"]
    loaded = list(Nomination.objects.filter(pk=nomination.pk).select_related("award_type", "cycle"))
    sections = dossier(loaded, request)[nomination.pk]
    return next(section["html"] for section in sections if section["key"] == "evaluations")


def test_the_dossier_shows_the_composite_of_a_closed_campaign(rf, people, participant, cycle, award_types):
    respond_many(participant, [4] * 5)  # students: 4 of 5 on every criterion → 80
    close(participant.campaign, people["jinan_admin"])
    nomination = nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    html = _evaluation_html(nomination, people, rf)
    assert "2026年济南市职业指导人员评价" in html and "80.0" in html


def test_below_the_minimum_the_dossier_shows_no_figures(rf, people, participant, cycle, award_types):
    respond_many(participant, [5] * 4)
    close(participant.campaign, people["jinan_admin"])
    nomination = nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    html = _evaluation_html(nomination, people, rf)
    assert "100.0" not in html and "5" in html  # the minimum is named, no score is shown


def test_the_nomination_page_renders_the_evaluation_section(client, people, participant, cycle, award_types):
    respond_many(participant, [4] * 5)
    close(participant.campaign, people["jinan_admin"])
    nomination = nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    client.force_login(people["province_admin"])
    page = client.get(reverse("awards:dossier", args=[nomination.pk]))
    assert page.status_code == 200 and "80.0" in page.content.decode()
