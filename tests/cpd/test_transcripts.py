"""Transcripts: a counselor downloads their own record of a period as CSV (streamed, UTF-8 with BOM) and PDF;
organization admins download those of the people in their scope only; every other guess is a 404.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cpd.models import CreditEntry
from cpd.services import reverse_credit

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(people, credit, this_year, last_year):
    counselor = people["jinan_counselor"]
    kept = credit(counselor, "course:1:enrollment:1", title="职业咨询实务", hours=Decimal("8.0"))
    credit(counselor, "workshop:3:registration:9", title="招聘指导工作坊", hours=Decimal("4.5"),
           category=CreditEntry.Category.PUBLIC, kind=CreditEntry.Kind.WORKSHOP)
    wrong = credit(counselor, "course:2:enrollment:2", title="误记的课程", hours=Decimal("2.0"))
    reverse_credit(wrong.pk, actor=people["jinan_admin"], reason="重复记录")
    credit(counselor, "course:9:enrollment:1", title="去年的课程", occurred_on=last_year.starts_on)
    credit(people["qingdao_counselor"], "course:1:enrollment:5", title="青岛学员的课程")
    return {"period": this_year, "kept": kept}


def rows(response) -> list[list[str]]:
    assert response.streaming
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_my_csv_lists_the_period_entries_and_totals(client, people, record):
    client.force_login(people["jinan_counselor"])
    response = client.get(reverse("cpd:transcript_csv", args=[record["period"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = rows(response)
    titles = [row[1] for row in table[2:] if len(row) > 1]
    assert "职业咨询实务" in titles and "招聘指导工作坊" in titles
    assert titles.count("误记的课程") == 2  # the entry and its reversal
    assert "去年的课程" not in titles and "青岛学员的课程" not in titles
    totals = {row[0]: row[5] for row in table if len(row) > 5}
    assert totals["总学时"] == "12.5"
    assert totals["专业科目"] == "8.0"
    assert totals["公需科目"] == "4.5"


def test_my_pdf_transcript_has_the_entries(client, people, record):
    client.force_login(people["jinan_counselor"])
    response = client.get(reverse("cpd:transcript_pdf", args=[record["period"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "职业咨询实务" in text and "济南学员" in text and "12.5" in text
    assert "青岛学员的课程" not in text


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
@pytest.mark.parametrize(("who", "allowed"), [("jinan_admin", True), ("province_admin", True),
                                              ("qingdao_admin", False), ("qingdao_counselor", False),
                                              ("trainer", False), ("expert", False)])
def test_only_admins_in_scope_reach_a_counselors_transcript(client, people, record, who, allowed, fmt):
    client.force_login(people[who])
    url = reverse(f"cpd:transcript_for_{fmt}", args=[record["period"].pk, people["jinan_counselor"].pk])
    response = client.get(url)
    assert response.status_code == (200 if allowed else 404)


def test_an_unknown_period_is_a_404(client, people, record):
    client.force_login(people["jinan_counselor"])
    assert client.get(reverse("cpd:transcript_csv", args=[999999])).status_code == 404


def test_transcripts_need_a_login(client, record, people):
    for url in (reverse("cpd:transcript_csv", args=[record["period"].pk]),
                reverse("cpd:transcript_for_pdf", args=[record["period"].pk, people["jinan_counselor"].pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_formula_in_a_title_is_neutralized_and_negative_hours_stay_numbers(client, people, record, credit):
    """OWASP: a text cell beginning with = + - @ is written with a leading apostrophe; numbers are left alone."""
    payload = '=HYPERLINK("http://x","y")'
    credit(people["jinan_counselor"], "course:7:enrollment:7", title=payload)
    client.force_login(people["jinan_counselor"])
    table = rows(client.get(reverse("cpd:transcript_csv", args=[record["period"].pk])))
    titles = [row[1] for row in table[2:] if len(row) > 1]
    assert "'" + payload in titles and payload not in titles
    assert "-2.0" in [row[5] for row in table if len(row) > 5]  # the reversal, as a number
