"""The results board: scoped to the competition's organizers for every role, fixed queries for 1 and many entries,
its JSON for the self-refresh, and its actions as thin callers that show refusals without a 500."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.judging import assign_round_panels
from competitions.models import Round, RoundEntry
from people.models import Role
from tests.competitions.results_builders import make_competition, make_entry, make_round, pool
from tests.factories import UserFactory
from tests.helpers import body, refused


@pytest.fixture
def city_round(tree, people):
    """Jinan's own competition: a knowledge round ranked per city with two entries."""
    competition = make_competition(tree["jinan"], title="济南市职业指导技能竞赛")
    round_ = make_round(competition, format=Round.Format.KNOWLEDGE, first_prizes=1, status=Round.Status.OPEN)
    make_entry(competition, round_, entrant=people["jinan_counselor"], organization=tree["jinan_agency"],
               score=D("91"))
    make_entry(competition, round_, title="山大队", organization=tree["jinan_university"],
               registered_by=people["jinan_admin"], score=D("88"))
    return round_


def _urls(round_):
    return [
        reverse("competitions_results"),
        reverse("competitions_results_board", args=[round_.pk]),
        reverse("competitions_results_board_data", args=[round_.pk]),
    ]


def test_every_role_reaches_only_what_it_organizes(client, tree, people, city_round):
    pending = UserFactory(organization=tree["jinan"], roles=[Role.ORG_ADMIN])
    pending.approval_status = pending.ApprovalStatus.PENDING
    pending.save()
    rejected = UserFactory(organization=tree["jinan"], roles=[Role.ORG_ADMIN])
    rejected.approval_status = rejected.ApprovalStatus.REJECTED
    rejected.save()
    board, data = _urls(city_round)[1:]
    client.logout()
    for url in (board, data):
        assert client.get(url).status_code == 302  # to the login
    for user in (people["jinan_counselor"], people["qingdao_admin"], people["expert"], pending, rejected):
        client.force_login(user)
        for url in (board, data):
            assert refused(client.get(url)), (user, url)
        assert refused(client.post(reverse("competitions_results_action", args=[city_round.pk, "rank"])))
    assert not RoundEntry.objects.filter(rank__isnull=False).exists()
    for user in (people["jinan_admin"], people["province_admin"]):
        client.force_login(user)
        listing = client.get(_urls(city_round)[0])
        assert listing.status_code == 200 and "济南市职业指导技能竞赛" in body(listing)
        assert client.get(board).status_code == 200
        assert client.get(data).json()["rows"][0]["score"] in ("91.00", "88.00")
    client.force_login(people["qingdao_admin"])
    assert "济南市职业指导技能竞赛" not in body(client.get(_urls(city_round)[0]))


def test_the_board_shows_progress_and_outcomes_after_ranking(client, people, city_round):
    client.force_login(people["jinan_admin"])
    response = client.post(reverse("competitions_results_action", args=[city_round.pk, "rank"]))
    assert response.status_code == 302
    page = body(client.get(reverse("competitions_results_board", args=[city_round.pk])))
    assert "济南学员" in page and "山大队" in page and "济南市" in page
    rows = client.get(reverse("competitions_results_board_data", args=[city_round.pk])).json()["rows"]
    assert sorted((row["rank"], row["score"]) for row in rows) == [("1", "91.00"), ("2", "88.00")]
    assert "competition-board.js" in page


@pytest.mark.parametrize("action", ["panels", "publicity", "publish"])
def test_refused_actions_show_a_message_and_change_nothing(client, people, city_round, action):
    client.force_login(people["jinan_admin"])
    response = client.post(reverse("competitions_results_action", args=[city_round.pk, action]), {"days": "x"},
                           follow=True)
    assert response.status_code == 200
    assert next(iter(response.context["messages"])).level_tag == "error"
    city_round.refresh_from_db()
    assert city_round.status == Round.Status.OPEN


def test_an_unknown_action_or_round_is_a_404(client, people, city_round):
    client.force_login(people["province_admin"])
    assert client.post(reverse("competitions_results_action", args=[city_round.pk, "delete"])).status_code == 404
    assert client.get(reverse("competitions_results_board", args=[city_round.pk + 999])).status_code == 404


def test_the_board_runs_the_same_queries_for_1_and_30_entries(client, tree, people):
    competition = make_competition(tree["province"])
    round_ = make_round(competition, panel_size=1, status=Round.Status.OPEN)
    pool(tree, 1)
    client.force_login(people["province_admin"])
    url = reverse("competitions_results_board", args=[round_.pk])

    def add_and_count(count):
        start = RoundEntry.objects.filter(round=round_).count()
        for index in range(start, start + count):
            organization = tree["jinan_agency"] if index % 2 else tree["qingdao_university"]
            make_entry(competition, round_, title=f"参赛作品{index}", organization=organization,
                       registered_by=people["province_admin"])
        assign_round_panels(round_, people["province_admin"])
        client.get(url)  # warm the content type cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and body(response).count("参赛作品") == start + count
        return len(queries)

    assert add_and_count(1) == add_and_count(29)
