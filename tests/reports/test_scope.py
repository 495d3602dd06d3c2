"""A city admin never sees a figure or a row from outside their subtree: in any report, chart, table, export or link;
naming another city's node is a 404; counselors, trainers and experts cannot open the reports at all."""

import pytest
from django.urls import reverse

from tests.helpers import body

pytestmark = pytest.mark.django_db

REPORTS = {
    "completion": ("organizations", "courses", "levels", "months", "people"),
    "compliance": ("organizations", "behind"),
    "progression": ("organizations", "eligible", "applications", "rounds"),
    "workshops": ("kinds", "organizations"),
    "staffing": ("organizations", "universities"),
}
QINGDAO_MARKS = ("青岛", "qingdao", "中国海洋大学")


def assert_no_qingdao(text: str):
    for mark in QINGDAO_MARKS:
        assert mark not in text


@pytest.fixture
def filled(populate, universities):
    populate(3, named=True)
    universities(2, "qingdao")
    universities(2, "jinan")


@pytest.mark.parametrize("report", REPORTS)
def test_city_admin_sees_only_their_subtree_on_the_page(jinan_client, filled, report):
    response = jinan_client.get(reverse(f"reports:{report}"))
    assert response.status_code == 200
    html = body(response)
    assert "济南" in html
    assert_no_qingdao(html)


@pytest.mark.parametrize(("report", "table"), [(r, t) for r, tables in REPORTS.items() for t in tables])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_every_export_of_a_city_admin_stays_in_their_subtree(jinan_client, filled, report, table, export_format):
    response = jinan_client.get(reverse(f"reports:{report}"), {"table": table, "export": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        assert_no_qingdao(body(response))
    else:
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
        cells = " ".join(str(cell) for row in book.active.iter_rows(values_only=True) for cell in row)
        assert_no_qingdao(cells)


@pytest.mark.parametrize("report", REPORTS)
def test_naming_another_city_is_a_404_for_the_page_and_its_exports(jinan_client, filled, tree, report):
    url = reverse(f"reports:{report}")
    for org in ("qingdao", "qingdao_agency", "province"):
        assert jinan_client.get(url, {"org": tree[org].pk}).status_code == 404
        assert jinan_client.get(url, {"org": tree[org].pk, "export": "csv"}).status_code == 404
    for bad in ("abc", "9" * 30, "-1"):
        assert jinan_client.get(url, {"org": bad}).status_code == 404


def test_unknown_table_or_period_is_a_404(jinan_client, filled):
    assert jinan_client.get(reverse("reports:completion"), {"table": "secret", "export": "csv"}).status_code == 404
    assert jinan_client.get(reverse("reports:compliance"), {"period": "999999"}).status_code == 404


def test_the_province_admin_sees_both_cities_and_drills_down(client, people, filled, tree):
    client.force_login(people["province_admin"])
    html = body(client.get(reverse("reports:compliance")))
    assert "济南市" in html and "青岛市" in html
    html = body(client.get(reverse("reports:completion"), {"org": tree["qingdao"].pk}))
    assert "青岛市公共就业服务中心" in html and "济南市公共就业服务中心" not in html


@pytest.mark.parametrize("who", ["jinan_counselor", "trainer", "expert"])
def test_people_without_a_scope_to_report_on_are_refused(client, people, who):
    client.force_login(people[who])
    for report in REPORTS:
        assert client.get(reverse(f"reports:{report}")).status_code in (302, 403)


def test_the_reminder_page_refuses_another_city(jinan_client, filled, tree, populate):
    url = reverse("reports:remind", args=[populate.period.pk])
    assert jinan_client.get(url, {"org": tree["qingdao"].pk}).status_code == 404
    assert jinan_client.post(url, {"org": tree["qingdao"].pk}).status_code == 404
    assert jinan_client.get(reverse("reports:remind", args=[999999])).status_code == 404


@pytest.mark.parametrize("params", [{"p": "abc"}, {"p": "-1"}, {"cp": "99999"}, {"period": "abc"}, {"org": "1\x00"},
                                    {"export": "pdf"}, {"table": "people", "export": "csv", "org": "x"}])
@pytest.mark.parametrize("report", REPORTS)
def test_bad_input_is_never_a_500(jinan_client, filled, report, params):
    """A control character is refused at the edge (lms.input, 400); every other odd value shows the page or a 404."""
    assert jinan_client.get(reverse(f"reports:{report}"), params).status_code in (200, 400, 404)
