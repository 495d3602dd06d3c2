"""The finished screens: the navigation reaches 我的报名, staff dashboards show their queues instead of a level
ladder, the favicon is linked, `make run` takes HOST and PORT, and the JSON log writes Chinese as is."""

import json
import logging
import logging.config
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from people.models import Role
from tests.helpers import body

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_my_registrations_is_in_the_navigation_and_on_the_calendar(client, people):
    client.force_login(people["jinan_counselor"])
    page = body(client.get(reverse("workshops:calendar")))
    nav = page.split('class="site-nav"')[1].split("</nav>")[0]
    assert f'href="{reverse("workshops:mine")}"' in nav
    assert page.count(f'href="{reverse("workshops:mine")}"') >= 2  # the navigation and the calendar itself
    assert 'rel="icon"' in page and "img/favicon.svg" in page


def test_staff_see_their_queues_and_counselors_their_ladder(client, people):
    client.force_login(people["jinan_admin"])
    staff = body(client.get(reverse("home:dashboard")))
    assert 'id="waiting-heading"' in staff and reverse("people_pending") in staff
    assert 'class="ladder"' not in staff
    client.force_login(people["jinan_counselor"])
    counselor = body(client.get(reverse("home:dashboard")))
    assert 'class="ladder"' in counselor and 'id="waiting-heading"' not in counselor
    assert people["jinan_counselor"].has_role(Role.COUNSELOR)


def test_the_account_email_page_reads_in_chinese_with_a_row_per_address(client, people):
    client.force_login(people["jinan_counselor"])
    page = body(client.get(reverse("account_email")))
    assert "Email" not in page.split('<main id="main"')[1]
    assert "电子邮箱" in page and 'type="radio"' not in page and 'class="address-row"' in page


@pytest.mark.parametrize(("variables", "address"), [
    ({}, "127.0.0.1:8000"),
    ({"PORT": "8080"}, "127.0.0.1:8080"),
    ({"HOST": "localhost", "PORT": "9000"}, "localhost:9000"),
])
def test_make_run_serves_on_host_and_port(variables, address):
    dry_run = subprocess.run(  # noqa: S603
        ["make", "-n", "run", *(f"{key}={value}" for key, value in variables.items())],  # noqa: S607
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    assert f"runserver {address}" in dry_run


def test_the_json_log_keeps_chinese_readable():
    formatter = logging.config.dictConfigClass(settings.LOGGING).configure_formatter(
        settings.LOGGING["formatters"]["json"]
    )
    record = logging.LogRecord("wagtail", logging.INFO, __file__, 1, "已发布：课程中心", None, None)
    line = formatter.format(record)
    assert "课程中心" in line and json.loads(line)["message"] == "已发布：课程中心"
