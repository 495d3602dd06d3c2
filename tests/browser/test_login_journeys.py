"""In a real browser: a counselor signs in to the Chinese dashboard; a trainer reaches the Chinese Wagtail admin
through the allauth login."""

import re

import pytest

from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()


def test_a_counselor_signs_in_and_sees_the_chinese_dashboard(page, people, screenshot):
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    sign_in(page, "jinan.counselor@example.cn")

    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "济南学员" in page.locator("h1").inner_text()
    screenshot("counselor-dashboard")


def test_a_trainer_reaches_the_wagtail_admin_through_the_allauth_login(page, people, screenshot):
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=(/|%2F)admin(/|%2F)$"))
    screenshot("admin-login")
    sign_in(page, "trainer@example.cn")

    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"  # Wagtail spells it in lower case
    # Wagtail's own zh-Hans catalogue: the site-wide search box, the sidebar's help menu, the account link.
    assert page.locator("input[name=q]").first.get_attribute("placeholder").startswith("搜索")
    assert page.locator(".menuitem-label", has_text="帮助").is_visible()
    assert page.get_by_role("link", name="账号", exact=True).is_visible()
    assert "山东省职业指导师培训平台" in page.locator("h1").inner_text()
    screenshot("trainer-admin")
