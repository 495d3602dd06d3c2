"""In a real browser, in Chinese: a counselor's way through the provincial skills competition to the showcase.

The Jinan counselor opens the competition's page and registers (报名) → takes the knowledge round's contest on the
site (start, answer, submit; no score is shown before publication) → advances to the final, where two experts score
the performance on their workbench in /experts/ → the results are published → the counselor sees 一等奖 on 我的竞赛
and on the entry's page, the award certificate and the competition credit (学时) on My CPD, and anonymous visitors
find the winner in the public showcase (/showcase/).

Set up through the services (preconditions and organizer steps, not what the journey is about): the competition
with its knowledge round (ranked per city, the best one advances) and its judged final (rubric, two experts per
entry, one first prize, 8 credit hours), the contest paper, the expert pool; ranking, panel assignment
(competitions.judging.assign_round_panels), the publicity period (ended by moving its dates) and publication.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions import ranking, results
from competitions.judging import assign_round_panels
from competitions.models import Entry, Round, RoundEntry
from cpd.models import Certificate, CreditEntry
from experts.models import PanelSeat, Publicity
from tests.browser.test_certification_journey import switch_to
from tests.competitions.core_fixtures import contest_index, make_competition, make_contest  # noqa: F401 - fixtures
from tests.experts.builders import make_expert, make_rubric

pytestmark = pytest.mark.browser

TITLE = "2026年山东省职业指导人员职业技能竞赛"
EXPERT_SCORES = (90, 86)


@pytest.fixture
def setting(tree, people, make_contest):  # noqa: F811 - fixture imported above
    competition = make_competition(tree["province"], title=TITLE, rounds=[
        ("市级初赛：知识竞赛", Round.Format.KNOWLEDGE, True), ("省级决赛：情景模拟", Round.Format.PERFORMANCE, False),
    ])
    knowledge, final = competition.rounds.order_by("sequence")
    Round.objects.filter(pk=knowledge.pk).update(advance=Round.Advance.TOP_N, advance_count=1)
    Round.objects.filter(pk=final.pk).update(
        rubric=make_rubric(name="情景模拟评分表"), panel_size=2, first_prizes=1, credit_hours=Decimal("8"),
        performance=Round.Performance.SIMULATION,
    )
    contest = make_contest(knowledge, questions=2, title="技能竞赛知识赛卷")
    experts = [
        make_expert(tree["province"], email="judge1@example.cn", real_name="韩雪梅", max_concurrent=20),
        make_expert(tree["province"], email="judge2@example.cn", real_name="周建国", max_concurrent=20),
    ]
    return {"competition": competition, "knowledge": Round.objects.get(pk=knowledge.pk),
            "final": Round.objects.get(pk=final.pk), "contest": contest, "experts": experts}


def test_a_counselor_registers_competes_is_judged_and_wins_a_prize_shown_in_the_showcase(
    page, people, setting, screenshot
):
    counselor, admin = people["jinan_counselor"], people["province_admin"]
    competition, knowledge, final = setting["competition"], setting["knowledge"], setting["final"]

    # The counselor finds the competition and registers on its page (报名).
    switch_to(page, counselor.email)
    page.goto(reverse("competitions:list"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(re.compile(rf"/competitions/{competition.pk}/$"))
    assert "市级初赛：知识竞赛" in page.locator("main").inner_text()
    register = page.locator("#register-button")
    assert register.inner_text() == "报名"
    register.click()
    page.wait_for_url(re.compile(rf"/competitions/{competition.pk}/register/$"))
    page.locator("input[name=confirm]").check()
    screenshot("competition-journey-register")
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url(re.compile(r"/competitions/entries/\d+/$"))
    entry = Entry.objects.get(competition=competition, entrant=counselor)
    assert entry.status == Entry.Status.REGISTERED
    assert "已报名" in page.locator("main").inner_text()

    # 我的竞赛 offers the knowledge contest: start, answer both questions (the first choice is right), submit.
    page.goto(reverse("competitions:mine"))
    assert TITLE in page.locator("main").inner_text()
    page.locator(f"tr[data-round='{knowledge.pk}'] a.contest-link").click()
    page.wait_for_url(re.compile(r"/contests/contest-\d+/$"))
    assert "技能竞赛知识赛卷" in page.locator("main").inner_text()
    page.get_by_role("button", name="开始答题").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    for question in page.locator("li.question").all():
        question.get_by_label("建立信任").check()
    screenshot("competition-journey-contest")
    page.locator("#submit-attempt-button").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/result/$"))
    assert page.locator("#attempt-score-withheld").is_visible()  # no score before the results are published
    assert page.locator("#attempt-score").count() == 0
    knowledge_entry = RoundEntry.objects.get(round=knowledge, entry=entry)
    assert knowledge_entry.score == Decimal("100.00")

    # The organizer ranks the knowledge round (the best of Jinan advances) and seats the final's panels.
    assert ranking.rank_round(knowledge, admin) == {"ranked": 1, "advanced": 1, "prizes": 0}
    final_entry = RoundEntry.objects.get(round=final, entry=entry)
    report = assign_round_panels(final, admin)
    assert len(report.seated) == 1 and not report.failed
    seats = sorted(PanelSeat.objects.live().filter(panel=report.seated[0]).select_related("expert__user"),
                   key=lambda seat: seat.expert.user.email)
    assert [seat.expert.user.email for seat in seats] == ["judge1@example.cn", "judge2@example.cn"]

    # Each expert scores the performance on the workbench (every criterion at their mark).
    for seat, mark in zip(seats, EXPERT_SCORES, strict=True):
        switch_to(page, seat.expert.user.email)
        page.goto(reverse("experts:workbench"))
        page.locator("a.review-link").first.click()
        page.wait_for_url(re.compile(rf"/experts/seats/{seat.pk}/$"))
        assert TITLE in page.locator("main").inner_text()
        for field in page.locator("input[data-score]").all():
            maximum = float(field.get_attribute("max") or 100)
            field.fill(f"{maximum * mark / 100:g}")
        page.locator("textarea[name=comment]").fill("情景模拟中咨询思路清晰，方案可行。")
        if mark == EXPERT_SCORES[0]:
            screenshot("competition-journey-expert")
        page.get_by_role("button", name="提交评分").click()
        page.wait_for_load_state()
    final_entry.refresh_from_db()
    assert final_entry.score == Decimal("88.00")

    # Before publication the entrant sees no result of the final.
    switch_to(page, counselor.email)
    page.goto(reverse("competitions:entry", args=[entry.pk]))
    assert "一等奖" not in page.locator("main").inner_text()

    # The organizer ranks the final, runs the publicity period (公示) to its end and publishes.
    assert ranking.rank_round(final, admin)["prizes"] == 1
    results.open_round_publicity(final, days=5, actor=admin)
    Publicity.objects.for_subject(final).update(starts_on=timezone.localdate() - datetime.timedelta(days=6),
                                                ends_on=timezone.localdate() - datetime.timedelta(days=1))
    results.publish_round(final, admin)
    final.refresh_from_db()
    assert final.status == Round.Status.PUBLISHED

    # The counselor sees the prize on 我的竞赛 and on the entry's page.
    page.goto(reverse("competitions:mine"))
    assert "一等奖" in page.locator(f"tr[data-round='{final.pk}']").inner_text()
    screenshot("competition-journey-mine")
    page.goto(reverse("competitions:entry", args=[entry.pk]))
    row = page.locator(f"tr[data-round='{final.pk}']").inner_text()
    assert "一等奖" in row and "88" in row
    screenshot("competition-journey-entry")

    # My CPD: the award certificate and the competition's 8 hours.
    page.goto("/cpd/")
    cpd = page.locator("main").inner_text()
    assert f"{TITLE} · 省级决赛：情景模拟 一等奖" in cpd
    assert "8.0 / 90.0" in cpd  # the cycle's hours: the final's 8 competition hours
    by_kind = page.locator("table").filter(has_text="类型").first.inner_text()
    assert "学时" in by_kind and re.search(r"竞赛\s+8\.0", by_kind)
    screenshot("competition-journey-cpd")

    # Anyone reads the winner in the public showcase.
    page.context.clear_cookies()
    page.goto("/showcase/")
    showcase = page.locator("main").inner_text()
    assert TITLE in showcase and "济南学员" in showcase and "一等奖" in showcase
    screenshot("competition-journey-showcase")

    assert CreditEntry.objects.filter(counselor=counselor, kind=CreditEntry.Kind.COMPETITION).count() == 1
    assert Certificate.objects.filter(holder=counselor, kind=Certificate.Kind.AWARD).count() == 1
