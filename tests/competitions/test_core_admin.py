"""The competition screens of the admin: the editor with tracks and rounds inline and its validation, scope (a
province admin runs every competition, a city admin only those their city organizes), the status page moving a
competition forward, the entries listing scoped by organization with its export, and disqualification."""

import pytest
from django.urls import reverse

from competitions import registration
from competitions.models import Competition, Entry
from tests.competitions.core_fixtures import make_competition
from tests.experts.builders import make_rubric
from tests.helpers import body, refused

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/competitions_setup/new/"
INDEX_URL = "/admin/competitions_setup/"
ENTRIES_URL = "/admin/competition_entries/"


def form_data(organizer, rounds, tracks=(), **fields):
    data = {
        "title": "2027年技能竞赛", "kind": "skills", "year": "2027", "organizer": str(organizer.pk),
        "description": "", "registration_opens_at": "2027-03-01 09:00", "registration_closes_at": "2027-04-01 18:00",
        "min_level": "", "max_team_size": "1",
        "tracks-TOTAL_FORMS": str(len(tracks)), "tracks-INITIAL_FORMS": "0", "tracks-MIN_NUM_FORMS": "0",
        "tracks-MAX_NUM_FORMS": "1000",
        "rounds-TOTAL_FORMS": str(len(rounds)), "rounds-INITIAL_FORMS": "0", "rounds-MIN_NUM_FORMS": "1",
        "rounds-MAX_NUM_FORMS": "1000",
    }
    for index, name in enumerate(tracks):
        data.update({f"tracks-{index}-name": name, f"tracks-{index}-description": "",
                     f"tracks-{index}-sort_order": "0"})
    for index, values in enumerate(rounds):
        row = {"sequence": "1", "name": "初赛", "format": "knowledge", "performance": "", "opens_at": "",
               "closes_at": "", "rubric": "", "panel_size": "3", "tie_break": "shared", "advance": "none",
               "advance_count": "", "advance_share": "", "first_prizes": "0", "second_prizes": "0",
               "third_prizes": "0", "merit_prizes": "0", "credit_hours": "0"}
        row.update(values)
        data.update({f"rounds-{index}-{key}": value for key, value in row.items()})
    data.update(fields)
    return data


def test_a_province_admin_builds_a_competition_with_tracks_and_rounds(client, tree, people):
    rubric = make_rubric()
    client.force_login(people["province_admin"])
    assert client.get(ADD_URL).status_code == 200
    data = form_data(tree["province"], tracks=["公共就业服务", "高校就业指导"], rounds=[
        {"sequence": "1", "name": "市级初赛", "format": "knowledge", "advance": "top_share", "advance_share": "30"},
        {"sequence": "2", "name": "省级决赛", "format": "performance", "performance": "speech",
         "rubric": str(rubric.pk), "first_prizes": "3", "second_prizes": "6"},
    ], organization_kinds=["agency", "university"])
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, body(response)[:3000]
    competition = Competition.objects.get(title="2027年技能竞赛")
    assert competition.status == Competition.Status.DRAFT and competition.created_by == people["province_admin"]
    assert competition.organization_kinds == ["agency", "university"]
    assert [t.name for t in competition.tracks.all()] == ["公共就业服务", "高校就业指导"]
    assert [(r.sequence, r.format, r.advance_share) for r in competition.rounds.all()] == [
        (1, "knowledge", 30), (2, "performance", None)]


@pytest.mark.parametrize("rounds, fields, message", [
    ([{"sequence": "1"}, {"sequence": "1", "name": "决赛"}], {}, ""),  # the formset's own duplicate check
    ([{"format": "submission"}], {}, "A judged round needs a rubric."),
    ([{"advance": "top_n"}], {}, "Say how many entries advance."),
    ([{"advance": "top_share", "advance_share": "150"}], {}, "Give the share as a percentage from 1 to 100."),
    ([{"advance": "none", "advance_count": "5"}], {}, "Choose how entries advance"),
    ([{"advance": "top_n", "advance_count": "5", "first_prizes": "1"}], {},
     "Prizes are given only in a round that advances nobody"),
    ([{}], {"registration_closes_at": "2027-02-01 09:00"}, "Registration must close after it opens."),
    ([], {}, ""),
])
def test_the_editor_refuses_inconsistent_competitions(client, tree, people, rounds, fields, message):
    from django.utils import translation

    client.force_login(people["province_admin"])
    with translation.override("en"):
        response = client.post(ADD_URL, form_data(tree["province"], rounds=rounds, **fields),
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not Competition.objects.exists()
    if message:
        from django.utils.translation import gettext

        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            assert gettext(message) in body(response) or message in body(response)


def test_a_city_admin_organizes_only_for_their_city(client, tree, people):
    client.force_login(people["jinan_admin"])
    assert client.post(ADD_URL, form_data(tree["province"], rounds=[{}])).status_code == 200
    assert not Competition.objects.exists()
    assert client.post(ADD_URL, form_data(tree["jinan"], rounds=[{}])).status_code == 302
    assert Competition.objects.get().organizer == tree["jinan"]


def test_the_listing_and_editor_are_scoped(client, tree, people):
    provincial = make_competition(tree["province"], title="省赛")
    jinan = make_competition(tree["jinan"], title="济南市赛")
    client.force_login(people["jinan_admin"])
    listing = body(client.get(INDEX_URL))
    assert "济南市赛" in listing and "省赛" not in listing
    assert refused(client.get(f"{INDEX_URL}edit/{provincial.pk}/"))
    assert client.get(f"{INDEX_URL}edit/{jinan.pk}/").status_code == 200
    assert refused(client.get(reverse("competitions_admin:competition", args=[provincial.pk])))
    client.force_login(people["jinan_counselor"])
    assert refused(client.get(INDEX_URL))
    assert refused(client.get(reverse("competitions_admin:competition", args=[jinan.pk])))
    client.force_login(people["province_admin"])
    listing = body(client.get(INDEX_URL))
    assert "济南市赛" in listing and "省赛" in listing


def test_nobody_deletes_a_competition(client, tree, people):
    competition = make_competition(tree["province"])
    client.force_login(people["province_admin"])
    assert refused(client.post(f"{INDEX_URL}delete/{competition.pk}/"))
    assert Competition.objects.filter(pk=competition.pk).exists()


def test_the_status_page_moves_the_competition_forward(client, tree, people):
    competition = make_competition(tree["province"], status=Competition.Status.DRAFT)
    client.force_login(people["province_admin"])
    page = client.get(reverse("competitions_admin:competition", args=[competition.pk]))
    assert page.status_code == 200 and 'id="competition-next-step"' in body(page)
    url = reverse("competitions_admin:status", args=[competition.pk])
    client.post(url, {"transition": "open_registration"})
    client.post(url, {"transition": "finish"})  # not possible from registration: a message, nothing changes
    competition.refresh_from_db()
    assert competition.status == Competition.Status.REGISTRATION
    client.force_login(people["qingdao_admin"])
    assert client.post(url, {"transition": "start"}).status_code == 404


@pytest.fixture
def two_entries(skills, people):
    return (registration.register_counselor(people["jinan_counselor"], skills.pk),
            registration.register_counselor(people["qingdao_counselor"], skills.pk))


def test_the_entries_listing_is_scoped_and_exports(client, people, two_entries):
    client.force_login(people["jinan_admin"])
    listing = body(client.get(ENTRIES_URL))
    assert "济南学员" in listing and "青岛学员" not in listing
    export = body(client.get(ENTRIES_URL + "?export=csv"))
    assert "济南学员" in export and "青岛学员" not in export
    client.force_login(people["province_admin"])
    listing = body(client.get(ENTRIES_URL + f"?round={two_entries[0].rounds.get().round_id}&status=registered"))
    assert "济南学员" in listing and "青岛学员" in listing
    client.force_login(people["jinan_counselor"])
    assert refused(client.get(ENTRIES_URL))


def test_an_organizer_disqualifies_an_entry_from_its_page(client, people, two_entries):
    jinan_entry = two_entries[0]
    url = reverse("competitions_admin:entry", args=[jinan_entry.pk])
    client.force_login(people["jinan_admin"])  # sees the entry (their subtree) but does not run the competition
    page = client.get(url)
    assert page.status_code == 200 and 'id="disqualify-button"' not in body(page)
    client.post(url, {"reason": "材料不实"})
    jinan_entry.refresh_from_db()
    assert jinan_entry.status == Entry.Status.REGISTERED
    client.force_login(people["qingdao_admin"])
    assert client.get(url).status_code == 404
    client.force_login(people["province_admin"])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "材料不实"}).status_code == 302
    jinan_entry.refresh_from_db()
    assert jinan_entry.status == Entry.Status.DISQUALIFIED and jinan_entry.status_reason == "材料不实"
    assert client.get(f"{ENTRIES_URL}edit/{jinan_entry.pk}/")["Location"] == url
