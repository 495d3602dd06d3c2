"""In a real browser, in Chinese: a counselor opens 我的评价 and gets their share link; five people answer through
the anonymous form, each in a fresh browser with no account; the campaign's administrator closes the campaign; the
counselor sees the aggregate (and never a single response)."""

import re

import pytest

from evaluations.models import Response
from tests.browser.conftest import SHOTS
from tests.browser.test_login_journeys import sign_in
from tests.evaluations.conftest import campaign, colleagues, participant, questionnaire  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def answer_anonymously(browser, live_server, link, score, screenshot=None):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(link)
    assert "匿名" in phone.locator(".eval-privacy").inner_text()
    for question in phone.locator("fieldset").all():
        question.locator(f"input[value='{score}']").check()
    if screenshot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(screenshot), full_page=True)
    phone.get_by_role("button", name="提交评价").click()
    phone.wait_for_url(re.compile(r"/evaluations/thanks/$"))
    assert "已收到" in phone.locator("main").inner_text()
    context.close()


def test_share_link_five_anonymous_responses_then_the_aggregate(
    page, browser, live_server, people, participant, screenshot  # noqa: F811
):
    page.goto("/accounts/login/")
    sign_in(page, "jinan.counselor@example.cn")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    page.get_by_role("link", name="我的评价").first.click()
    page.wait_for_url(re.compile(r"/evaluations/$"))
    assert page.locator(".eval-qr svg").count() == 1
    link = page.get_by_label("学生/服务对象评价链接").input_value()
    assert participant.share_key in link
    screenshot("evaluation-mine-open")

    for index, score in enumerate([5, 4, 5, 4, 4]):
        answer_anonymously(browser, live_server, link, score,
                           screenshot=SHOTS / "evaluation-form-phone.png" if index == 0 else None)
    assert Response.objects.filter(participant=participant, source="student").count() == 5

    page.reload()
    assert "目前已收到 5 份答卷" in page.locator("main").inner_text()

    admin = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    admin.goto("/accounts/login/")
    sign_in(admin, "jinan.admin@example.cn")
    admin.wait_for_url(re.compile(r"/dashboard/$"))
    admin.goto(f"/admin/evaluations/campaigns/{participant.campaign_id}/")
    admin.get_by_role("button", name="结束评价活动").click()
    admin.wait_for_load_state()
    assert "评价活动已结束" in admin.locator("body").inner_text()

    page.reload()
    text = page.locator("main").inner_text()
    assert "综合得分" in text and "88.0" in text  # students' mean 4.4 of 5
    assert "回复不足" in text  # peers and society have none: hidden, left out of the composite
    screenshot("evaluation-mine-results")
