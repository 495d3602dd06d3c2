"""Judging: panels for a whole round at once (idempotent, conflicts, unseated entries reported), the panel's result
becoming the score once, and experts reaching only the entries they are seated on (workbench and materials)."""

from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from competitions.access import seated_expert
from competitions.judging import JudgingError, assign_round_panels
from competitions.models import EntryMaterial, Round, RoundEntry
from experts.models import Panel, PanelSeat
from tests.competitions.results_builders import make_competition, make_entry, make_round, score_all
from tests.experts.builders import make_expert
from tests.helpers import body


@pytest.fixture
def judged(tree, people):
    """A performance final with panels of two, two entries (Jinan, Qingdao) and four experts: two in Jinan's agency
    (in conflict with the Jinan entry), one in Qingdao's agency (in conflict with the Qingdao entry), one at the
    province."""
    competition = make_competition(tree["province"])
    final = make_round(competition, panel_size=2, status=Round.Status.OPEN, first_prizes=1)
    jinan = make_entry(competition, final, entrant=people["jinan_counselor"], organization=tree["jinan_agency"])
    qingdao = make_entry(competition, final, entrant=people["qingdao_counselor"], organization=tree["qingdao_agency"])
    experts = {
        "jinan_1": make_expert(tree["jinan_agency"], email="j1@example.cn"),
        "jinan_2": make_expert(tree["jinan_agency"], email="j2@example.cn"),
        "qingdao": make_expert(tree["qingdao_agency"], email="q1@example.cn"),
        "province": make_expert(tree["province"], email="p1@example.cn"),
    }
    return final, jinan, qingdao, experts


def _seated_users(round_entry):
    panel = Panel.objects.get(object_id=round_entry.pk, purpose__startswith="competitions.round.")
    return set(PanelSeat.objects.live().filter(panel=panel).values_list("expert__user__email", flat=True))


def test_panels_for_the_whole_round_respect_conflicts_and_are_idempotent(people, judged):
    final, jinan, qingdao, _experts = judged
    report = assign_round_panels(final, people["province_admin"])
    assert len(report.seated) == 2 and not report.failed
    assert "j1@example.cn" not in _seated_users(jinan) and "j2@example.cn" not in _seated_users(jinan)
    assert "q1@example.cn" not in _seated_users(qingdao)
    again = assign_round_panels(final, people["province_admin"])
    assert (len(again.seated), len(again.existing)) == (0, 2)
    assert Panel.objects.count() == 2
    final.refresh_from_db()
    assert final.status == Round.Status.JUDGING


def test_an_entry_without_enough_free_experts_is_reported_and_the_others_are_seated(tree, people, judged):
    final, jinan, qingdao, experts = judged
    for key in ("qingdao",):
        experts[key].active = False
        experts[key].save()
    report = assign_round_panels(final, people["province_admin"])
    # Jinan's entry: the province and ... only one expert outside Jinan's agency is active: not enough for two
    assert [round_entry.pk for round_entry, _message in report.failed] == [jinan.pk]
    assert [panel.object_id for panel in report.seated] == [qingdao.pk]
    make_expert(tree["qingdao_university"], email="q2@example.cn")
    later = assign_round_panels(final, people["province_admin"])
    assert [panel.object_id for panel in later.seated] == [jinan.pk]


def test_the_team_registrar_and_the_course_team_are_never_seated(tree, people):
    competition = make_competition(tree["province"], kind="students")
    final = make_round(competition, format=Round.Format.SUBMISSION, panel_size=1, status=Round.Status.OPEN)
    registrar = make_expert(tree["qingdao"], email="registrar@example.cn")
    team = make_entry(competition, final, title="海大追梦队", organization=tree["qingdao_university"],
                      registered_by=registrar.user)
    make_expert(tree["province"], email="free@example.cn")
    assign_round_panels(final, people["province_admin"])
    assert _seated_users(team) == {"free@example.cn"}


def test_the_panels_result_becomes_the_score_once(people, judged):
    final, _jinan, qingdao, _experts = judged
    report = assign_round_panels(final, people["province_admin"])
    panel = next(p for p in report.seated if p.object_id == qingdao.pk)
    score_all(panel, [80, 84])
    qingdao.refresh_from_db()
    assert qingdao.score == D("82.00")
    from competitions.subjects import RoundEntryAdapter

    panel.refresh_from_db()
    panel.result = D("10")
    RoundEntryAdapter().on_panel_result(panel)  # a second notice never overwrites the score
    qingdao.refresh_from_db()
    assert qingdao.score == D("82.00")


def test_only_organizers_assign_and_only_judged_rounds(tree, people, judged):
    final, *_rest = judged
    for user in ("jinan_admin", "jinan_counselor", "expert"):
        with pytest.raises(JudgingError) as error:
            assign_round_panels(final, people[user])
        assert error.value.code == "forbidden"
    knowledge = make_round(final.competition, sequence=2, name="知识赛", format=Round.Format.KNOWLEDGE)
    with pytest.raises(JudgingError) as error:
        assign_round_panels(knowledge, people["province_admin"])
    assert error.value.code == "not_judged"
    assert not Panel.objects.exists()


def test_a_city_organizer_assigns_its_own_competitions_panels(tree, people):
    competition = make_competition(tree["jinan"], title="济南市职业指导技能竞赛")
    round_ = make_round(competition, panel_size=1, status=Round.Status.OPEN)
    make_entry(competition, round_, entrant=people["jinan_counselor"], organization=tree["jinan_agency"])
    make_expert(tree["qingdao"], email="qd@example.cn")
    report = assign_round_panels(round_, people["jinan_admin"])
    assert len(report.seated) == 1


def _material(round_entry):
    material = EntryMaterial(entry=round_entry.entry, original_name="plan.pdf", size=9, content_type="application/pdf")
    material.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    material.save()
    return material


def _get(client, url) -> int:
    """GET a download and close its file (as the server does), without closing the test's database connection."""
    response = client.get(url)
    if response.streaming:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return response.status_code


def test_experts_see_only_the_entries_they_are_seated_expert(client, people, judged):
    final, jinan, qingdao, experts = judged
    assign_round_panels(final, people["province_admin"])
    jinan_material, qingdao_material = _material(jinan), _material(qingdao)
    seat = PanelSeat.objects.filter(panel__object_id=qingdao.pk, expert=experts["jinan_1"]).first()
    assert seat is not None  # Jinan's agency experts judge the Qingdao entry
    client.force_login(experts["jinan_1"].user)
    page = client.get(reverse("experts:seat", args=[seat.pk]))
    assert page.status_code == 200
    text = body(page)
    assert "青岛学员" in text and reverse("competitions:material", args=[qingdao_material.pk]) in text
    assert _get(client, reverse("competitions:material", args=[qingdao_material.pk])) == 200
    assert _get(client, reverse("competitions:material", args=[jinan_material.pk])) == 404
    others = PanelSeat.objects.filter(panel__object_id=jinan.pk)
    for other in others:
        assert client.get(reverse("experts:seat", args=[other.pk])).status_code == 404
    judge = experts["jinan_1"].user
    assert seated_expert(judge, qingdao.entry) and not seated_expert(judge, jinan.entry)
    for user in ("jinan_counselor", "jinan_admin", "expert"):  # another entrant, another city, an unseated expert
        client.force_login(people[user])
        assert _get(client, reverse("competitions:material", args=[qingdao_material.pk])) in (403, 404), user
    client.force_login(people["province_admin"])
    assert _get(client, reverse("competitions:material", args=[qingdao_material.pk])) == 200
    client.logout()
    assert _get(client, reverse("competitions:material", args=[qingdao_material.pk])) == 302
    assert RoundEntry.objects.filter(score__isnull=False).count() == 0
