"""In a real browser: a counselor finds an event in the calendar, signs up, sees the seat booked and the check-in
code; the next person finds the session full and joins the waitlist; the first cancels and the second is promoted."""

import datetime
import re

import pytest

from people.models import Role
from tests.browser.test_login_journeys import sign_in
from tests.factories import UserFactory
from tests.workshops.conftest import events_index, make_event  # noqa: F401 - fixtures
from workshops.models import Registration

pytestmark = pytest.mark.browser


def test_sign_up_waitlist_and_promotion(page, people, make_event, tree, screenshot, browser, live_server):  # noqa: F811
    event = make_event(title="浏览器工作坊", capacity=1, starts_in=datetime.timedelta(days=3))
    page.goto("/accounts/login/")
    sign_in(page, "jinan.counselor@example.cn")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    page.goto("/workshops/calendar/?view=list")
    page.get_by_role("link", name="浏览器工作坊").click()
    page.get_by_role("button", name="报名").click()
    page.wait_for_url(re.compile(r"/workshops/.*"))
    assert "报名成功" in page.locator(".messages").inner_text()
    assert "已预订" in page.locator("table").inner_text()
    screenshot("workshop-booked")
    page.goto("/workshops/my/")
    page.get_by_role("link", name="浏览器工作坊").click()
    assert page.locator(".check-in-code svg").count() == 1

    UserFactory(email="second@example.cn", real_name="第二位学员", organization=tree["jinan_agency"],
                roles=[Role.COUNSELOR])
    second = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    second.goto("/accounts/login/")
    sign_in(second, "second@example.cn")
    second.wait_for_url(re.compile(r"/dashboard/$"))
    second.goto(event.url)
    second.get_by_role("button", name="加入候补").click()
    second.wait_for_load_state()
    assert "候补中" in second.locator("table").inner_text()

    page.goto(event.url)
    page.get_by_role("button", name="取消报名").click()
    page.wait_for_load_state()
    assert Registration.objects.get(user__email="second@example.cn").status == Registration.Status.BOOKED
    second.reload()
    assert "已预订" in second.locator("table").inner_text()
