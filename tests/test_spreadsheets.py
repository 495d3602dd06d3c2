"""Spreadsheet formula injection (OWASP): every CSV and XLSX the project writes neutralizes text cells that a
spreadsheet would run as a formula. The helper itself, the user export in both formats, and a guard that every admin
listing with `list_export` goes through the neutralizing mixin."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from lms.spreadsheets import NeutralizedExportMixin, csv_response, neutralize, xlsx_response

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("value", [PAYLOAD, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_starts_a_formula_gets_an_apostrophe(value):
    assert neutralize(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "a=b", "", None, 5, -5, Decimal("-2.5"), 1.5, datetime.date(2026, 1, 1)])
def test_other_values_are_left_alone(value):
    assert neutralize(value) == value


def read_csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(response) -> list[tuple]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def test_the_writers_neutralize_text_and_keep_numbers():
    rows = [["名字", "数"], [PAYLOAD, Decimal("-2.0")], ["张三", 3]]
    assert read_csv(csv_response(rows, "x.csv"))[1] == ["'" + PAYLOAD, "-2.0"]
    response = xlsx_response(rows, "x.xlsx")
    written = read_xlsx(response)
    response.file_to_stream.close()  # a server closes the response; this one never went through one
    assert written[1] == ("'" + PAYLOAD, -2)
    assert written[2] == ("张三", 3)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_formula_in_a_name_is_neutralized_in_the_user_export(client, people, export_format):
    person = people["jinan_counselor"]
    person.real_name = PAYLOAD
    person.save()
    client.force_login(people["province_admin"])
    response = client.get(reverse("wagtailusers_users:index"), {"export": export_format})
    assert response.status_code == 200
    rows = read_csv(response) if export_format == "csv" else read_xlsx(response)
    names = [row[0] for row in rows]
    assert "'" + PAYLOAD in names
    assert PAYLOAD not in names


def export_views():
    """Every view class that a URL resolves to and that serves a Wagtail spreadsheet export (a pattern shadowed by
    an earlier one with the same route is never reached, so it does not count)."""
    first_by_route = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            else:
                first_by_route.setdefault(route, pattern.callback)

    walk(get_resolver().url_patterns)
    found = set()
    for callback in first_by_route.values():
        view_class = getattr(callback, "view_class", None)
        list_export = getattr(callback, "view_initkwargs", {}).get("list_export")
        if view_class and issubclass(view_class, SpreadsheetExportMixin) and (list_export or view_class.list_export):
            found.add(view_class)
    return found


def test_every_project_listing_export_is_neutralized():
    views = export_views()
    assert len(views) >= 14, "the URL map should hold the project's export views"
    unprotected = sorted(
        f"{view.__module__}.{view.__qualname__}" for view in views if not issubclass(view, NeutralizedExportMixin)
    )
    assert unprotected == []


def test_a_formula_in_a_name_is_neutralized_in_the_site_history_export(client, people):
    """Wagtail's site history report names who acted; a self-chosen name must not run as a formula."""
    from wagtail.log_actions import log

    actor = people["province_admin"]
    actor.real_name = PAYLOAD
    actor.save()
    log(people["jinan_counselor"], "wagtail.edit", user=actor)
    client.force_login(actor)
    rows = read_csv(client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"}))
    cells = {cell for row in rows for cell in row}
    assert "'" + PAYLOAD in cells
    assert PAYLOAD not in cells


def test_the_admin_reports_still_answer_and_refuse_counselors(client, people):
    client.force_login(people["province_admin"])
    for name in ("site_history", "locked_pages", "aging_pages", "workflow", "workflow_tasks"):
        assert client.get(reverse(f"wagtailadmin_reports:{name}")).status_code == 200, name
    assert client.get(reverse("wagtailredirects:index")).status_code == 200
    client.force_login(people["jinan_counselor"])
    assert client.get(reverse("wagtailadmin_reports:site_history")).status_code in (302, 403)
