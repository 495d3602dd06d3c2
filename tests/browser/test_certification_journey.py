"""In a real browser, in Chinese: the whole way up one level of the ladder.

A counselor sees on 我的晋级 the hours they lack for 五级 → completes a course → is eligible → applies → the Jinan
organization admin endorses → the province admin opens the round, accepts the application and assigns the skills
panel → three experts score on their workbench → the province admin publishes the results → the counselor sees the
new level, downloads the level certificate, and the public verification page confirms it.

Set up in the database (preconditions, not steps a person takes here): 142 of the 150 hours, a one-lesson course, the
expert pool and rubric, the draft round, and the theory exam score (the exam has its own tests in tests/exams; it is
written through certification.services.record_assessment_score exactly as the exam's quiz host writes it).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from certification import services
from certification.models import AssessmentRound, LevelApplication, LevelRecord
from cpd.models import Certificate
from experts.models import PanelSeat
from standards.models import Level
from tests.browser.test_login_journeys import sign_in
from tests.certification.helpers import credit
from tests.courses.conftest import catalogue, make_course  # noqa: F401 - fixtures
from tests.experts.builders import make_expert, make_rubric
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.browser

EXPERT_SCORES = (82, 78, 80)


@pytest.fixture
def setting(people, tree, make_course):  # noqa: F811 - fixture imported above
    counselor = people["jinan_counselor"]
    credit(counselor, 142, datetime.date.today() - datetime.timedelta(days=30))
    course = make_course(lessons=1, title="职业指导人员职业道德与基础知识", slug="ethics", hours=Decimal("8"))
    experts = [
        make_expert(tree["qingdao_agency"], email="expert1@example.cn", real_name="韩雪梅"),
        make_expert(tree["qingdao_agency"], email="expert2@example.cn", real_name="周建国"),
        make_expert(OrganizationFactory(name="烟台大学", code="ytu", parent=tree["province"]),
                    email="expert3@example.cn", real_name="刘文博"),
    ]
    assessment_round = AssessmentRound.objects.create(
        name="2026年第三批五级职业指导师评价", level=Level.objects.get(code="level-5"),
        applications_open_on=datetime.date.today() - datetime.timedelta(days=5),
        applications_close_on=datetime.date.today() + datetime.timedelta(days=20),
        chair=people["province_admin"], skills_rubric=make_rubric(), created_by=people["province_admin"],
    )
    return {"counselor": counselor, "course": course, "experts": experts, "round": assessment_round}


def switch_to(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    sign_in(page, email)
    page.wait_for_url(re.compile(r"/(dashboard|admin)/"))


def test_a_counselor_climbs_one_level_from_missing_hours_to_a_verified_certificate(page, people, setting, screenshot):
    counselor, assessment_round = setting["counselor"], setting["round"]

    # 我的晋级 says what is missing: 8 of the 150 hours, with the way to the courses; no apply button yet.
    switch_to(page, counselor.email)
    page.goto("/progression/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    checklist = page.locator("section[aria-labelledby=checklist-heading]")
    assert "尚差 8 学时" in checklist.inner_text()
    assert page.get_by_role("link", name=re.compile("申报")).count() == 0
    screenshot("journey-progression-lacking-hours")

    # The counselor takes the course to the end.
    page.goto(setting["course"].url)
    page.locator("#enroll-button").click()
    page.wait_for_load_state()
    page.locator("#continue-link").click()
    page.wait_for_url(re.compile(r"/lesson-1/$"))
    page.locator("#mark-done-button").click()
    page.wait_for_load_state()

    # Now eligible: the apply button, the profile facts to confirm, and the application submitted.
    page.goto("/progression/")
    page.get_by_role("link", name="申报五级职业指导师").click()
    page.wait_for_url(re.compile(r"/progression/apply/$"))
    page.locator("textarea[name=statement]").fill("在济南市公共就业服务中心从事职业指导工作三年。")
    page.locator("input[name=profile_confirmed]").check()
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url(re.compile(r"/progression/$"))
    application = LevelApplication.objects.get(applicant=counselor)
    assert application.status == LevelApplication.Status.SUBMITTED
    screenshot("journey-progression-submitted")

    # The Jinan admin endorses it from the application queue.
    switch_to(page, people["jinan_admin"].email)
    page.goto(reverse("certification_queue"))
    row = page.locator("tr").filter(has_text="济南学员")
    screenshot("journey-queue-jinan")
    row.locator("button[name=decision][value=approve]").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == LevelApplication.Status.ENDORSED

    # The province admin opens the round, accepts the application and assigns the skills panel.
    switch_to(page, people["province_admin"].email)
    page.goto(reverse("certification_round", args=[assessment_round.pk]))
    page.get_by_role("button", name="开放批次").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="将所选申报纳入本批次").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="组建专家评审组").click()
    page.wait_for_load_state()
    screenshot("journey-round-panels")
    application.refresh_from_db()
    assert application.round_id == assessment_round.pk
    seats = PanelSeat.objects.filter(panel__object_id=application.pk).select_related("expert__user")
    assert sorted(seat.expert.user.email for seat in seats) == ["expert1@example.cn", "expert2@example.cn",
                                                                 "expert3@example.cn"]
    services.record_assessment_score(application.pk, part="theory", score=Decimal("76"), source="exam:journey")

    # Each expert scores on the workbench (every criterion at their mark, so the total is that mark).
    for seat, mark in zip(sorted(seats, key=lambda s: s.expert.user.email), EXPERT_SCORES, strict=True):
        switch_to(page, seat.expert.user.email)
        page.goto(reverse("experts:workbench"))
        page.locator("a.review-link").first.click()
        page.wait_for_url(re.compile(rf"/experts/seats/{seat.pk}/$"))
        for field in page.locator("input[data-score]").all():
            field.fill(str(mark))
        page.locator("textarea[name=comment]").fill("情景模拟完成较好，方案设计思路清楚。")
        if mark == EXPERT_SCORES[0]:
            screenshot("journey-expert-scoring")
        page.get_by_role("button", name="提交评分").click()
        page.wait_for_load_state()
    application.refresh_from_db()
    assert application.skills_score == Decimal("80.00")

    # The province admin publishes the results.
    switch_to(page, people["province_admin"].email)
    page.goto(reverse("certification_round", args=[assessment_round.pk]))
    page.get_by_role("button", name="公布结果").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == LevelApplication.Status.PASSED

    # The counselor sees the new level and downloads the certificate; the public page confirms it.
    switch_to(page, counselor.email)
    page.goto("/progression/")
    assert "现等级：五级职业指导师" in page.locator("section[aria-labelledby=ladder-heading]").inner_text()
    screenshot("journey-progression-passed")
    download = page.get_by_role("link", name="下载 PDF")
    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    page.get_by_role("link", name="公开查验").click()
    page.wait_for_url(re.compile(r"/cpd/verify/"))
    verification = page.locator("main").inner_text()
    assert "济南学员" in verification and "五级职业指导师" in verification
    screenshot("journey-verification")

    assert LevelRecord.objects.filter(holder=counselor, level__code="level-5").count() == 1
    assert Certificate.objects.filter(holder=counselor, kind=Certificate.Kind.LEVEL).count() == 1
