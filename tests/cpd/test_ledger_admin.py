"""The ledger browser in the Wagtail admin: read-only for everyone, and scoped like people (the Jinan admin never
sees a Qingdao counselor's entries, in the listing, filters, export or by a guessed URL); periods for province admins.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from cpd.models import CPDPeriod, CreditEntry
from tests.helpers import body, refused

pytestmark = pytest.mark.django_db

QINGDAO_TITLE = "青岛专属课程"
JINAN_TITLE = "济南专属课程"


@pytest.fixture
def entries(people, credit):
    return {
        "jinan": credit(people["jinan_counselor"], "course:1:enrollment:1", title=JINAN_TITLE),
        "qingdao": credit(people["qingdao_counselor"], "course:2:enrollment:2", title=QINGDAO_TITLE),
    }


def test_jinan_admin_lists_only_jinan_entries(jinan_client, entries):
    response = jinan_client.get(reverse("credit_entries:index"))
    assert response.status_code == 200
    html = body(response)
    assert JINAN_TITLE in html
    assert QINGDAO_TITLE not in html
    assert {entry.pk for entry in response.context["object_list"]} == {entries["jinan"].pk}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "青岛"},
        {"q": "qingdao"},
        {"organization": "qingdao"},
        {"organization": "qingdao-hrss"},
        {"kind": "course", "category": "professional"},
        {"occurred_on_after": "2000-01-01", "occurred_on_before": "2100-12-31"},
    ],
)
def test_searches_and_filters_cannot_reach_qingdao(jinan_client, entries, tree, params):
    if "organization" in params:
        params = {"organization": tree["qingdao_agency" if params["organization"] == "qingdao-hrss" else "qingdao"].pk}
    response = jinan_client.get(reverse("credit_entries:index"), params)
    assert response.status_code == 200
    assert QINGDAO_TITLE not in body(response)


def test_organization_filter_offers_only_the_jinan_subtree_and_narrows_to_it(jinan_client, entries, tree):
    response = jinan_client.get(reverse("credit_entries:index"))
    choices = {org.code for org in response.context["filters"].form.fields["organization"].queryset}
    assert choices == {"jinan", "jinan-hrss", "sdu"}
    response = jinan_client.get(reverse("credit_entries:index"), {"organization": tree["jinan_university"].pk})
    assert JINAN_TITLE not in body(response)
    response = jinan_client.get(reverse("credit_entries:index"), {"organization": tree["jinan"].pk})
    assert JINAN_TITLE in body(response)


def test_period_filter(jinan_client, entries, this_year, last_year):
    assert JINAN_TITLE in body(jinan_client.get(reverse("credit_entries:index"), {"period": this_year.pk}))
    assert JINAN_TITLE not in body(jinan_client.get(reverse("credit_entries:index"), {"period": last_year.pk}))


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_holds_only_jinan(jinan_client, entries, export_format):
    response = jinan_client.get(reverse("credit_entries:index"), {"export": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        text = body(response)
    else:
        import io

        from openpyxl import load_workbook

        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        text = "\n".join(",".join(str(cell) for cell in row) for row in sheet.iter_rows(values_only=True))
    assert JINAN_TITLE in text
    assert "jinan.counselor@example.cn" in text
    assert QINGDAO_TITLE not in text


@pytest.mark.parametrize("view", ["inspect", "history", "usage", "edit", "delete"])
def test_guessed_urls_of_a_qingdao_entry_are_refused(jinan_client, entries, view):
    response = jinan_client.get(reverse(f"credit_entries:{view}", args=[entries["qingdao"].pk]))
    assert refused(response)
    assert QINGDAO_TITLE not in body(response)


def test_jinan_entry_can_be_inspected_but_not_edited_added_or_deleted(jinan_client, client, people, entries):
    entry = entries["jinan"]
    assert jinan_client.get(reverse("credit_entries:inspect", args=[entry.pk])).status_code == 200
    assert jinan_client.get(reverse("credit_entries:history", args=[entry.pk])).status_code == 200
    for c, user in ((jinan_client, None), (client, people["province_admin"])):
        if user:
            c.force_login(user)
        assert refused(c.get(reverse("credit_entries:edit", args=[entry.pk])))
        assert refused(c.post(reverse("credit_entries:edit", args=[entry.pk]), {"hours": "99"}))
        assert refused(c.post(reverse("credit_entries:delete", args=[entry.pk])))
        assert refused(c.get(reverse("credit_entries:add")))
    assert CreditEntry.objects.get(pk=entry.pk).hours == Decimal("8.0")


def test_even_a_superuser_cannot_edit_the_ledger(client, entries, tree):
    from tests.factories import UserFactory

    root = UserFactory(email="root@example.cn", organization=tree["province"], is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse("credit_entries:index")).status_code == 200
    assert refused(client.post(reverse("credit_entries:delete", args=[entries["qingdao"].pk])))
    assert CreditEntry.objects.filter(pk=entries["qingdao"].pk).exists()


def test_province_admin_sees_both_cities(client, people, entries):
    client.force_login(people["province_admin"])
    html = body(client.get(reverse("credit_entries:index")))
    assert JINAN_TITLE in html and QINGDAO_TITLE in html


@pytest.mark.parametrize("role", ["jinan_counselor", "trainer", "expert"])
def test_others_cannot_reach_the_ledger(client, people, entries, role):
    client.force_login(people[role])
    for url in (
        reverse("credit_entries:index"),
        reverse("credit_entries:index") + "?export=csv",
        reverse("credit_entries:inspect", args=[entries["jinan"].pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert JINAN_TITLE not in body(response)


def test_the_ledger_listing_runs_as_many_queries_for_30_entries_as_for_3(jinan_client, people, credit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert jinan_client.get(reverse("credit_entries:index")).status_code == 200
        return len(captured)

    for n in range(3):
        credit(people["jinan_counselor"], f"course:{n}")
    count()
    few = count()
    for n in range(3, 30):
        credit(people["jinan_counselor"], f"course:{n}")
    assert count() == few


def test_province_admin_edits_periods_and_overlaps_are_refused(client, people, this_year):
    client.force_login(people["province_admin"])
    assert client.get(reverse("cpd_periods:index")).status_code == 200
    data = {
        "name": this_year.name,
        "starts_on": this_year.starts_on.isoformat(),
        "ends_on": this_year.ends_on.isoformat(),
        "target_hours": "72.0",
        "min_professional_share": "0.667",
    }
    response = client.post(reverse("cpd_periods:edit", args=[this_year.pk]), data)
    assert response.status_code == 302
    this_year.refresh_from_db()
    assert this_year.target_hours == Decimal("72.0")
    overlapping = {**data, "name": "重叠", "starts_on": this_year.ends_on.isoformat(),
                   "ends_on": this_year.ends_on.replace(year=this_year.ends_on.year + 1).isoformat()}
    response = client.post(reverse("cpd_periods:add"), overlapping)
    assert response.status_code == 200
    assert CPDPeriod.objects.count() == 1
    assert refused(client.post(reverse("cpd_periods:delete", args=[this_year.pk])))


@pytest.mark.parametrize("role", ["jinan_admin", "jinan_counselor"])
def test_others_cannot_edit_periods(client, people, this_year, role):
    client.force_login(people[role])
    response = client.get(reverse("cpd_periods:edit", args=[this_year.pk]))
    # Organization admins are refused by the permission policy; counselors never get into the admin at all.
    assert refused(response) or response["Location"].startswith(reverse("account_login"))
