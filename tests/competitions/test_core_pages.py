"""The entrant's pages: who reaches every competition and entry URL (anonymous, pending, rejected, counselor own and
other, university admin own and other, province admin, expert not seated and seated), results hidden until the
round is published, registration through the forms, and fixed query counts for the list, 我的竞赛 and the entry
page (one row and many)."""

import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from competitions import registration
from competitions.models import Competition, Entry, Round, RoundEntry
from experts.models import Panel, PanelSeat
from people.models import Role, User
from tests.competitions.core_fixtures import make_competition, pdf
from tests.experts.builders import make_expert, make_rubric
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEAM = [{"name": "张三", "major": "心理学", "year_of_study": 2}]


@pytest.fixture
def entries(skills, students, people, university_admins):
    """The Jinan counselor's skills entry and the Jinan university's team."""
    mine = registration.register_counselor(people["jinan_counselor"], skills.pk)
    team = registration.register_team(university_admins["jinan"], students.pk, team_name="启航队", members=TEAM,
                                      files=[pdf()])
    return {"counselor": mine, "team": team}


@pytest.fixture
def users(people, university_admins, tree):
    pending = UserFactory(email="pending@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                          approval_status=User.ApprovalStatus.PENDING)
    rejected = UserFactory(email="rejected@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                           approval_status=User.ApprovalStatus.REJECTED)
    seated = UserFactory(email="seated.expert@example.cn", organization=tree["qingdao_university"],
                         roles=[Role.EXPERT])
    return {**people, "pending": pending, "rejected": rejected, "jinan_university_admin": university_admins["jinan"],
            "qingdao_university_admin": university_admins["qingdao"], "seated_expert": seated}


def seat(expert_user, entry):
    """Seat `expert_user` on a panel judging the entry's first round entry."""
    expert = make_expert(expert_user.organization, email=expert_user.email)
    round_entry = entry.rounds.first()
    panel = Panel.objects.create(content_type=ContentType.objects.get_for_model(RoundEntry),
                                 object_id=round_entry.pk, subject_title=entry.title, purpose="competitions.round",
                                 rubric=make_rubric(), size=1)
    PanelSeat.objects.create(panel=panel, expert=expert)


def status_for(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if getattr(response, "streaming", False):  # a download: read it, which closes the file
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    return response.status_code


# who → (counselor's entry, the team)
ENTRY_ACCESS = {
    None: (302, 302),
    "pending": (403, 403),
    "rejected": (403, 403),
    "jinan_counselor": (200, 404),
    "qingdao_counselor": (404, 404),
    "jinan_university_admin": (404, 200),
    "qingdao_university_admin": (404, 404),
    "jinan_admin": (200, 200),  # the city admin: both entries are from Jinan
    "qingdao_admin": (404, 404),
    "province_admin": (200, 200),
    "expert": (404, 404),
    "seated_expert": (404, 200),
}


@pytest.mark.parametrize("who", list(ENTRY_ACCESS))
def test_entry_and_material_urls_for_every_role(client, entries, users, who):
    seat(users["seated_expert"], entries["team"])
    user = users[who] if who else None
    counselor_entry, team = entries["counselor"], entries["team"]
    expected_counselor, expected_team = ENTRY_ACCESS[who]
    assert status_for(client, user, reverse("competitions:entry", args=[counselor_entry.pk])) == expected_counselor
    assert status_for(client, user, reverse("competitions:entry", args=[team.pk])) == expected_team
    material = team.materials.get()
    assert status_for(client, user, reverse("competitions:material", args=[material.pk])) == expected_team


@pytest.mark.parametrize("who", list(ENTRY_ACCESS))
def test_withdraw_url_for_every_role(client, entries, users, who):
    user = users[who] if who else None
    client.logout()
    if user is not None:
        client.force_login(user)
    team = entries["team"]
    response = client.post(reverse("competitions:withdraw", args=[team.pk]))
    team.refresh_from_db()
    if who == "jinan_university_admin":
        assert team.status == Entry.Status.WITHDRAWN
    else:
        assert team.status == Entry.Status.REGISTERED
        assert response.status_code in (302, 403, 404)


@pytest.mark.parametrize("who", [None, "pending", "jinan_counselor", "province_admin", "expert"])
def test_the_list_and_the_competition_page_are_public_except_drafts(client, skills, tree, users, who):
    draft = make_competition(tree["province"], title="草稿竞赛", status=Competition.Status.DRAFT)
    user = users[who] if who else None
    expected = 403 if who == "pending" else 200
    assert status_for(client, user, reverse("competitions:list")) == expected
    assert status_for(client, user, reverse("competitions:detail", args=[skills.pk])) == expected
    draft_status = status_for(client, user, reverse("competitions:detail", args=[draft.pk]))
    assert draft_status == {"province_admin": 200, "pending": 403}.get(who, 404)


@pytest.mark.parametrize("who, expected", [(None, 302), ("pending", 403), ("jinan_counselor", 200),
                                           ("province_admin", 200)])
def test_mine_for_every_role(client, users, entries, who, expected):
    assert status_for(client, users[who] if who else None, reverse("competitions:mine")) == expected


def publish_results(entry, status):
    row = entry.rounds.get()
    RoundEntry.objects.filter(pk=row.pk).update(score=Decimal("87.65"), rank=3, prize=RoundEntry.Prize.SECOND)
    Round.objects.filter(pk=row.round_id).update(status=status)


@pytest.mark.parametrize("status", [Round.Status.PLANNED, Round.Status.OPEN, Round.Status.JUDGING,
                                    Round.Status.PUBLICITY])
def test_scores_ranks_and_prizes_are_hidden_before_publication(client, entries, people, status):
    publish_results(entries["counselor"], status)
    client.force_login(people["jinan_counselor"])
    for url in (reverse("competitions:entry", args=[entries["counselor"].pk]), reverse("competitions:mine"),
                reverse("home:dashboard")):
        text = client.get(url).content.decode()
        assert "87.65" not in text and "二等奖" not in text, url
        assert 'class="result-rank"' not in text


def test_scores_ranks_and_prizes_show_once_published(client, entries, people):
    publish_results(entries["counselor"], Round.Status.PUBLISHED)
    client.force_login(people["jinan_counselor"])
    for url in (reverse("competitions:entry", args=[entries["counselor"].pk]), reverse("competitions:mine")):
        text = client.get(url).content.decode()
        assert "87.65" in text and "二等奖" in text


def test_the_register_button_reads_baoming_not_the_sign_ups_zhuce(client, skills, people):
    """A competition's register button says 报名 (to enter a competition); 注册 stays the account sign-up's."""
    client.force_login(people["jinan_counselor"])
    page = client.get(reverse("competitions:detail", args=[skills.pk])).content.decode()
    button = re.search(r'id="register-button"[^>]*>([^<]*)</a>', page)
    assert button is not None and button.group(1) == "报名"


def test_a_counselor_registers_through_the_form(client, skills, people):
    client.force_login(people["jinan_counselor"])
    page = client.get(reverse("competitions:detail", args=[skills.pk])).content.decode()
    assert 'id="register-button"' in page
    assert client.post(reverse("competitions:register", args=[skills.pk]), {}).status_code == 200  # unconfirmed
    response = client.post(reverse("competitions:register", args=[skills.pk]), {"confirm": "on"})
    entry = Entry.objects.get(entrant=people["jinan_counselor"])
    assert response["Location"] == reverse("competitions:entry", args=[entry.pk])
    again = client.post(reverse("competitions:register", args=[skills.pk]), {"confirm": "on"})
    assert again["Location"] == reverse("competitions:entry", args=[entry.pk]) and Entry.objects.count() == 1
    page = client.get(reverse("competitions:detail", args=[skills.pk])).content.decode()
    assert 'id="register-button"' not in page and 'id="my-entries"' in page


def test_the_competition_page_says_why_one_cannot_register(client, skills, people):
    client.force_login(people["trainer"])
    page = client.get(reverse("competitions:detail", args=[skills.pk])).content.decode()
    assert 'id="register-refusal"' in page and 'id="register-button"' not in page
    assert client.get(reverse("competitions:register", args=[skills.pk])).status_code == 302


def test_a_university_admin_registers_a_team_through_the_form(client, students, university_admins):
    client.force_login(university_admins["jinan"])
    data = {"team_name": "远航队", "plan": pdf(), "members-TOTAL_FORMS": "3", "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "3",
            "members-0-name": "王五", "members-0-major": "人力资源管理", "members-0-year_of_study": "3",
            "members-1-name": "赵六"}
    response = client.post(reverse("competitions:register", args=[students.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get(title="远航队")
    assert [m.name for m in entry.team.all()] == ["王五", "赵六"] and entry.materials.count() == 1


def test_bad_input_on_the_team_form_changes_nothing(client, students, university_admins):
    client.force_login(university_admins["jinan"])
    data = {"team_name": "远航队", "members-TOTAL_FORMS": "3", "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "3", "members-0-year_of_study": "abc"}
    assert client.post(reverse("competitions:register", args=[students.pk]), data).status_code == 200
    data.update({"plan": pdf(), "members-0-year_of_study": ""})
    assert client.post(reverse("competitions:register", args=[students.pk]), data).status_code == 200  # no student
    assert not Entry.objects.exists()


def test_unknown_ids_are_404(client, people):
    client.force_login(people["jinan_counselor"])
    for name in ("competitions:detail", "competitions:entry", "competitions:material"):
        assert client.get(reverse(name, args=[987654])).status_code == 404
    assert client.get("/competitions/99999999999999999999/").status_code == 404


# --- query counts --------------------------------------------------------------------------------------------------


def many_competitions(tree, count):
    for index in range(count):
        make_competition(tree["province"], title=f"竞赛{index}")


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the caches (the site's root paths) that later requests read
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_runs_a_fixed_number_of_queries(client, tree, people):
    client.force_login(people["jinan_counselor"])
    many_competitions(tree, 1)
    one = count_queries(client, reverse("competitions:list"))
    many_competitions(tree, 12)
    assert count_queries(client, reverse("competitions:list")) == one
    assert count_queries(client, reverse("competitions:list") + "?state=open&kind=skills&year=2026") == one


def test_mine_runs_a_fixed_number_of_queries(client, tree, people, university_admins, students):
    admin = university_admins["jinan"]
    client.force_login(admin)
    registration.register_team(admin, students.pk, team_name="队0", members=TEAM, files=[pdf()])
    one = count_queries(client, reverse("competitions:mine"))
    for index in range(1, 8):
        registration.register_team(admin, students.pk, team_name=f"队{index}", members=TEAM, files=[pdf()])
    assert count_queries(client, reverse("competitions:mine")) == one


def test_mine_with_a_knowledge_round_runs_a_fixed_number_of_queries(client, tree, people, make_contest):
    user = people["jinan_counselor"]
    client.force_login(user)
    first = make_competition(tree["province"], title="竞赛A")
    make_contest(first.rounds.get(sequence=1))
    registration.register_counselor(user, first.pk)
    one = count_queries(client, reverse("competitions:mine"))
    assert "contest-link" in client.get(reverse("competitions:mine")).content.decode()
    for index in range(4):
        other = make_competition(tree["province"], title=f"竞赛B{index}")
        make_contest(other.rounds.get(sequence=1))
        registration.register_counselor(user, other.pk)
    assert count_queries(client, reverse("competitions:mine")) == one


def test_the_entry_page_runs_a_fixed_number_of_queries(client, students, university_admins):
    admin = university_admins["jinan"]
    client.force_login(admin)
    small = registration.register_team(admin, students.pk, team_name="小队", members=TEAM, files=[pdf()])
    big = registration.register_team(admin, students.pk, team_name="大队", members=TEAM * 3,
                                     files=[pdf("a.pdf")])
    one = count_queries(client, reverse("competitions:entry", args=[small.pk]))
    assert count_queries(client, reverse("competitions:entry", args=[big.pk])) == one


@pytest.mark.parametrize("who, expected", [
    (None, 302), ("pending", 403), ("rejected", 403), ("jinan_counselor", 200), ("qingdao_counselor", 200),
    ("trainer", 302), ("jinan_university_admin", 302), ("province_admin", 302), ("expert", 302),
])
def test_the_registration_form_for_every_role(client, skills, users, who, expected):
    """Only counselors reach the skills registration form; others are sent back to the page with the reason."""
    assert status_for(client, users[who] if who else None, reverse("competitions:register", args=[skills.pk])) \
        == expected


@pytest.mark.parametrize("who, expected", [
    (None, 302), ("jinan_counselor", 302), ("jinan_university_admin", 200), ("qingdao_university_admin", 200),
    ("jinan_admin", 302), ("province_admin", 302),
])
def test_the_team_form_for_every_role(client, students, users, who, expected):
    assert status_for(client, users[who] if who else None, reverse("competitions:register", args=[students.pk])) \
        == expected
