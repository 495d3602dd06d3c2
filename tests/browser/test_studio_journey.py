"""In a real browser, in Chinese: a studio's way to its rating in the public directory.

The lead (the Jinan counselor) opens 我的工作室, starts the self-assessment, self-scores every criterion with a note
and an evidence file, saves the draft and submits it → the Jinan organization admin endorses it from the admin queue
→ the province admin seats a panel of three from the same queue → each expert scores on the workbench in /experts/
(the summary shows the self-assessment) → the rating (优秀) shows on the public directory and the studio's page.

Set up in the database (preconditions): the seeded standard, the studio with its member, the expert pool.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from experts.models import PanelSeat
from studios.models import SelfAssessment, Studio
from tests.browser.test_certification_journey import switch_to
from tests.experts.builders import make_expert
from tests.studios.conftest import member, standard, studio, topics  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

EXPERT_SCORES = (92, 90, 94)


@pytest.fixture
def setting(studio, standard, tree, tmp_path):  # noqa: F811 - fixtures imported above
    experts = [
        make_expert(tree["qingdao_agency"], email="expert1@example.cn", real_name="韩雪梅"),
        make_expert(tree["qingdao_university"], email="expert2@example.cn", real_name="周建国"),
        make_expert(tree["province"], email="expert3@example.cn", real_name="刘文博", tier="provincial"),
    ]
    evidence = Path(tmp_path) / "场地照片.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return {"studio": studio, "experts": experts, "evidence": evidence}


def test_a_studio_self_assesses_is_rated_by_experts_and_shows_in_the_directory(page, people, setting, screenshot):
    studio = setting["studio"]  # noqa: F811 - the fixture's studio

    # The lead starts the self-assessment on 我的工作室 and fills in every criterion.
    switch_to(page, people["jinan_counselor"].email)
    page.goto(reverse("studios:mine"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert studio.name in page.locator("main").inner_text()
    page.get_by_role("button", name="开始自评").click()
    page.wait_for_url(re.compile(r"/studios/assessments/\d+/$"))
    assessment = SelfAssessment.objects.get(studio=studio)
    page.locator("textarea[name=summary]").fill("年服务求职者620人次，开展团体辅导24场。")
    for field in page.locator("input[name^=score_]").all():
        field.fill("9.5")
    first = assessment.lines.order_by("criterion__sort_order").first().criterion_id
    page.locator(f"textarea[name=note_{first}]").fill("服务场所60平方米，标识醒目。")
    page.locator(f"input[name=files_{first}]").set_input_files(str(setting["evidence"]))
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert "草稿已保存" in page.locator("body").inner_text()
    assert assessment.evidence.count() == 1
    screenshot("studio-journey-self-assessment")
    page.get_by_role("button", name="提交本单位审核").click()
    page.wait_for_url(re.compile(r"/studios/mine/$"))
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.SUBMITTED and str(assessment.self_score) == "95.00"

    # The Jinan organization admin endorses it from the queue.
    switch_to(page, people["jinan_admin"].email)
    page.goto(reverse("studios_queue"))
    row = page.locator("tr").filter(has_text=studio.name)
    screenshot("studio-journey-queue")
    row.locator("button[name=decision][value=endorse]").click()
    page.wait_for_load_state()
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.ENDORSED

    # The province admin seats the expert panel.
    switch_to(page, people["province_admin"].email)
    page.goto(reverse("studios_queue") + "?status=endorsed")
    page.locator("tr").filter(has_text=studio.name).locator("button[name=decision][value=panel]").click()
    page.wait_for_load_state()
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.IN_REVIEW
    seats = sorted(PanelSeat.objects.filter(panel__object_id=assessment.pk, panel__purpose="studios.rating")
                   .select_related("expert__user"), key=lambda seat: seat.expert.user.email)
    assert [seat.expert.user.email for seat in seats] == ["expert1@example.cn", "expert2@example.cn",
                                                          "expert3@example.cn"]

    # Each expert scores on the workbench; the summary shows the self-assessment and its evidence.
    for seat, mark in zip(seats, EXPERT_SCORES, strict=True):
        switch_to(page, seat.expert.user.email)
        page.goto(reverse("experts:workbench"))
        page.locator("a.review-link").first.click()
        page.wait_for_url(re.compile(rf"/experts/seats/{seat.pk}/$"))
        assert "场地照片.pdf" in page.locator("main").inner_text()
        for field in page.locator("input[data-score]").all():
            maximum = float(field.get_attribute("max") or 100)
            field.fill(f"{maximum * mark / 100:g}")
        if mark == EXPERT_SCORES[0]:
            screenshot("studio-journey-expert")
        page.get_by_role("button", name="提交评分").click()
        page.wait_for_load_state()
    assessment.refresh_from_db()
    studio.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.RATED
    assert studio.rating == Studio.Rating.EXCELLENT and str(studio.rating_score) == "92.00"

    # Anyone sees the rating in the public directory and on the studio's page.
    page.context.clear_cookies()
    page.goto(reverse("studios:directory") + "?city=" + studio.city.code)
    card = page.locator(f"[data-studio='{studio.pk}']")
    assert "优秀" in card.inner_text()
    screenshot("studio-journey-directory")
    card.get_by_role("link", name=studio.name).click()
    page.wait_for_url(re.compile(rf"/studios/{studio.pk}/$"))
    facts = page.locator("main").inner_text()
    assert "优秀" in facts and "92.00" in facts
    screenshot("studio-journey-studio-page")
