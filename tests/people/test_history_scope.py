"""Wagtail's site history and the other admin reports show each role only what lies in its scope."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.log_actions import log

from library.models import ResourcePage
from people.models import Role
from tests.factories import UserFactory
from tests.library.builders import resource

JINAN_NAME = "济南张三"
QINGDAO_NAME = "青岛李四"
CLOSED_TITLE = "济南内部政策汇编"

REPORTS = ["locked_pages", "workflow", "workflow_tasks", "site_history", "aging_pages", "page_types_usage"]
PROVINCE_ONLY = {"workflow", "workflow_tasks", "page_types_usage"}


@pytest.fixture
def history(people, tree):
    """Entries about a Jinan counselor, a Qingdao counselor, and a resource restricted to Jinan."""
    jinan = UserFactory(real_name=JINAN_NAME, organization=tree["jinan_agency"], roles=[Role.COUNSELOR])
    qingdao = UserFactory(real_name=QINGDAO_NAME, organization=tree["qingdao_agency"], roles=[Role.COUNSELOR])
    log(jinan, "people.signup.approved", user=people["jinan_admin"])
    log(jinan, "wagtail.edit", user=jinan)
    log(qingdao, "people.signup.approved", user=people["qingdao_admin"])
    closed = resource(CLOSED_TITLE, access=ResourcePage.Access.RESTRICTED, restricted_to=tree["jinan"])
    log(closed, "wagtail.edit", user=people["province_admin"])
    return {"jinan": jinan, "qingdao": qingdao, "closed": closed}


def site_history_text(client, export=None):
    params = {"export": export} if export else {}
    response = client.get(reverse("wagtailadmin_reports:site_history"), params)
    assert response.status_code == 200
    if export == "xlsx":
        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        return "\n".join(",".join(str(cell) for cell in row) for row in sheet.iter_rows(values_only=True))
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_qingdao_admin_sees_only_qingdao_people(client, people, history, export):
    client.force_login(people["qingdao_admin"])
    text = site_history_text(client, export)
    assert QINGDAO_NAME in text
    assert JINAN_NAME not in text
    assert CLOSED_TITLE not in text


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_trainer_sees_no_other_person_and_no_closed_resource(client, people, tree, history, export):
    trainer = UserFactory(organization=tree["qingdao_agency"], roles=[Role.TRAINER])
    client.force_login(trainer)
    text = site_history_text(client, export)
    assert JINAN_NAME not in text
    assert QINGDAO_NAME not in text
    assert CLOSED_TITLE not in text


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_province_admin_sees_everything(client, people, history, export):
    client.force_login(people["province_admin"])
    text = site_history_text(client, export)
    assert JINAN_NAME in text
    assert QINGDAO_NAME in text
    assert CLOSED_TITLE in text


def test_jinan_admin_reads_the_resource_restricted_to_jinan(client, people, history):
    client.force_login(people["jinan_admin"])
    text = site_history_text(client)
    assert JINAN_NAME in text
    assert QINGDAO_NAME not in text


def test_filters_offer_no_name_from_outside_the_scope(client, people, history):
    """The "user" filter lists the people who acted on entries in scope: not the Jinan admin."""
    client.force_login(people["qingdao_admin"])
    text = site_history_text(client)
    assert people["jinan_admin"].real_name not in text
    assert people["qingdao_admin"].real_name in text


def test_a_guessed_filter_on_a_jinan_person_finds_nothing(client, people, history):
    client.force_login(people["qingdao_admin"])
    response = client.get(reverse("wagtailadmin_reports:site_history_results"), {"label": JINAN_NAME[:2]})
    assert JINAN_NAME not in response.content.decode()


def test_site_history_runs_a_fixed_number_of_queries(client, people, tree, history, django_assert_max_num_queries):
    client.force_login(people["qingdao_admin"])
    url = reverse("wagtailadmin_reports:site_history")
    client.get(url)  # warm the content-type and permission caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(60):  # more than a page of 50
        person = UserFactory(organization=tree["qingdao_agency"], roles=[Role.COUNSELOR])
        log(person, "people.signup.approved", user=people["qingdao_admin"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("role", ["province_admin", "qingdao_admin", "jinan_admin", "trainer"])
def test_each_report_for_each_role(client, people, history, role, name):
    """Province admins open every report; the others never get a site-wide report. The closed resource is restricted
    to Jinan: only the Qingdao admin must not see it (the trainer of the fixture works in Jinan)."""
    client.force_login(people[role])
    response = client.get(reverse(f"wagtailadmin_reports:{name}"))
    if role == "province_admin":
        assert response.status_code == 200
    elif name in PROVINCE_ONLY:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302, 403)
    if role == "qingdao_admin" and response.status_code == 200:
        assert CLOSED_TITLE not in response.content.decode()
    if role in ("qingdao_admin", "trainer") and response.status_code == 200:
        assert JINAN_NAME not in response.content.decode()


@pytest.mark.parametrize("name", sorted(PROVINCE_ONLY))
def test_site_wide_reports_are_not_in_the_menu_of_other_roles(client, people, history, name):
    menu_name = {"workflow": "workflows", "workflow_tasks": "workflow-tasks", "page_types_usage": "page-types-usage"}
    url = reverse(f"wagtailadmin_reports:{name}")
    client.force_login(people["trainer"])
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(people["province_admin"])
    assert menu_name[name] in client.get(reverse("wagtailadmin_home")).content.decode()


def test_locked_pages_hide_closed_resources(client, people, tree, history):
    closed = history["closed"]
    closed.locked, closed.locked_by = True, people["province_admin"]
    closed.save(update_fields=["locked", "locked_by"])
    lead = UserFactory(organization=tree["qingdao"], roles=[Role.PROVINCE_ADMIN])
    client.force_login(lead)
    assert CLOSED_TITLE in client.get(reverse("wagtailadmin_reports:locked_pages")).content.decode()
    trainer = UserFactory(organization=tree["qingdao_agency"], roles=[Role.TRAINER])
    closed.locked_by = trainer  # a lock the trainer holds on a page now closed to them is not listed either
    closed.save(update_fields=["locked_by"])
    client.force_login(trainer)
    response = client.get(reverse("wagtailadmin_reports:locked_pages"))
    assert CLOSED_TITLE not in response.content.decode()


def test_page_history_of_a_page_the_trainer_cannot_edit_is_refused(client, people, history):
    client.force_login(people["trainer"])
    response = client.get(reverse("wagtailadmin_pages:history", args=[history["closed"].pk]))
    assert response.status_code in (302, 403)
    assert CLOSED_TITLE not in response.content.decode()
