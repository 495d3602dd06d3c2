"""Bulk import of counselors: all rows are checked first, a file with any bad row imports nothing, and importing
the same file again creates nobody twice. The importer's scope limits which organizations and people a file may name.
"""

import csv
import io
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from people import importing
from people.models import Role, User

pytestmark = pytest.mark.django_db

HEADERS = ["邮箱", "姓名", "手机", "机构代码", "岗位", "专兼职", "从业起始日期", "最高学历"]
BAD_DATA_ROWS = {10: "email", 500: "organization", 1000: "practising_since"}  # 1-based data rows


def person_row(n: int, *, code: str = "jinan-hrss") -> list:
    return [f"counselor{n:04d}@import.example.cn", f"学员{n:04d}", f"1380000{n:04d}", code, "职业指导员",
            "专职" if n % 2 else "兼职", "2015-09-01", "本科"]


def thousand_rows(*, broken: bool) -> list[list]:
    rows = [person_row(n, code="sdu" if n % 3 == 0 else "jinan-hrss") for n in range(1, 1001)]
    if broken:
        rows[10 - 1][0] = "not-an-e-mail"
        rows[500 - 1][3] = "no-such-organization"
        rows[1000 - 1][6] = "2021-02-30"
    return rows


def xlsx_file(rows: list[list], name: str = "counselors.xlsx", headers=HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def csv_file(rows: list[list], encoding: str, name: str = "counselors.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), content_type="text/csv")


def run_import(upload, actor, **kwargs):
    return importing.import_people(upload, actor, send_invitations=False, max_rows=5000, **kwargs)


def chinese_or_none(message: str) -> str | None:
    """The zh-Hans translation of `message` if the compiled catalogue already has it (another helper adds it)."""
    with translation.override("zh-hans"):
        translated = translation.gettext(message)
    return translated if translated != message else None


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["jinan_admin"])
    return client


def post_import(admin_client, upload, send_invitations=False):
    data = {"file": upload}
    if send_invitations:
        data["send_invitations"] = "on"
    return admin_client.post(reverse("people_import"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")


# --- The 1,000-row journey ----------------------------------------------------------------------------------------


def test_a_thousand_rows_with_three_bad_ones_import_nothing_then_all_then_none(admin_client, people):
    before = User.objects.count()

    response = post_import(admin_client, xlsx_file(thousand_rows(broken=True)))
    assert response.status_code == 400
    report = response.context["report"]
    assert report.bad_rows == [n + 1 for n in BAD_DATA_ROWS]  # the header is spreadsheet row 1
    assert {(error.row, error.column) for error in report.errors} == {(n + 1, c) for n, c in BAD_DATA_ROWS.items()}
    assert User.objects.count() == before
    html = response.content.decode()
    for row in ("11", "501", "1001"):
        assert f"<td>{row}</td>" in html
    expected = chinese_or_none("There is no organization with the code “%(code)s” in your scope.")
    if expected:
        assert expected % {"code": "no-such-organization"} in html

    response = post_import(admin_client, xlsx_file(thousand_rows(broken=False)))
    assert response.status_code == 200
    assert response.context["report"].created == 1000
    imported = User.objects.filter(email__endswith="@import.example.cn")
    assert imported.count() == 1000
    assert User.objects.count() == before + 1000
    assert imported.filter(groups__name=Role.COUNSELOR.value).count() == 1000
    assert imported.filter(approval_status=User.ApprovalStatus.APPROVED, organization__code="sdu").count() == 333
    assert not any(user.has_usable_password() for user in imported[:20])
    addresses = EmailAddress.objects.filter(email__endswith="@import.example.cn")
    assert addresses.count() == 1000
    assert not addresses.filter(verified=True).exists()

    response = post_import(admin_client, xlsx_file(thousand_rows(broken=False)))
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1000)
    assert User.objects.count() == before + 1000
    assert EmailAddress.objects.filter(email__endswith="@import.example.cn").count() == 1000


def test_a_second_import_updates_changed_people(people):
    run_import(xlsx_file([person_row(1), person_row(2)]), people["jinan_admin"])
    changed = person_row(2)
    changed[4] = "科长"
    report = run_import(xlsx_file([person_row(1), changed]), people["jinan_admin"])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert User.objects.get(email="counselor0002@import.example.cn").post == "科长"


# --- File formats ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_csv_in_utf8_with_bom_and_in_gbk(people, encoding):
    report = run_import(csv_file([person_row(1), person_row(2, code="sdu")], encoding), people["jinan_admin"])
    assert report.is_clean, report.errors
    assert report.created == 2
    person = User.objects.get(email="counselor0002@import.example.cn")
    assert person.real_name == "学员0002"
    assert person.organization.code == "sdu"
    assert person.employment == User.Employment.PART_TIME
    assert person.education == User.Education.BACHELOR


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a spreadsheet at all\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",  # an old .xls
    ],
    ids=["text", "png", "xls"],
)
def test_a_file_named_xlsx_that_is_no_spreadsheet_gets_a_clear_message(admin_client, content):
    before = User.objects.count()
    response = post_import(admin_client, SimpleUploadedFile("counselors.xlsx", content))
    assert response.status_code == 400
    with translation.override("zh-hans"):
        unreadable = translation.gettext(
            "The XLSX file could not be read; save it again from your spreadsheet program."
        )
    assert response.context["file_error"] == unreadable  # not "lacks the required columns"
    assert User.objects.count() == before


def test_a_zip_that_is_no_workbook_gets_a_clear_message(admin_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    response = post_import(admin_client, SimpleUploadedFile("counselors.xlsx", buffer.getvalue()))
    assert response.status_code == 400
    assert response.context["file_error"]


def test_missing_required_columns_are_named(admin_client, people):
    upload = xlsx_file([["a@import.example.cn", "张三"]], headers=["邮箱", "姓名"])
    response = post_import(admin_client, upload)
    assert response.status_code == 400
    with translation.override("en"), pytest.raises(importing.ImportFileError) as error:
        run_import(xlsx_file([["a@import.example.cn", "张三"]], headers=["邮箱", "姓名"]), people["jinan_admin"])
    assert "Organization code" in str(error.value)
    assert "E-mail" not in str(error.value)
    expected = chinese_or_none("Organization code")
    if expected:
        assert expected in response.context["file_error"]


def test_an_empty_file_and_a_header_only_file(people):
    with pytest.raises(importing.ImportFileError):
        run_import(SimpleUploadedFile("empty.csv", b""), people["jinan_admin"])
    with pytest.raises(importing.ImportFileError):
        run_import(xlsx_file([]), people["jinan_admin"])


@override_settings(LMS_IMPORT_MAX_ROWS=5)
def test_too_many_rows_is_a_file_error(admin_client):
    response = post_import(admin_client, xlsx_file([person_row(n) for n in range(1, 7)]))
    assert response.status_code == 400
    assert response.context["file_error"]
    assert not User.objects.filter(email__endswith="@import.example.cn").exists()


# --- Row errors -----------------------------------------------------------------------------------------------------


def test_a_duplicate_email_within_the_file_is_a_row_error(people):
    rows = [person_row(1), person_row(2), person_row(1)]
    report = run_import(xlsx_file(rows), people["jinan_admin"])
    assert [(error.row, error.column) for error in report.errors] == [(4, "email")]
    assert not User.objects.filter(email__endswith="@import.example.cn").exists()


def test_an_email_of_a_qingdao_person_is_a_row_error_for_the_jinan_admin(people):
    row = person_row(1)
    row[0] = people["qingdao_counselor"].email.upper()
    report = run_import(xlsx_file([person_row(2), row]), people["jinan_admin"])
    assert [(error.row, error.column) for error in report.errors] == [(3, "email")]
    qingdao = User.objects.get(pk=people["qingdao_counselor"].pk)
    assert qingdao.real_name == "青岛学员"
    assert qingdao.organization.code == "qingdao-hrss"


@pytest.mark.parametrize("code", ["qingdao-hrss", "ouc", "qingdao", "shandong"])
def test_an_organization_outside_the_scope_is_a_row_error(people, code):
    report = run_import(xlsx_file([person_row(1, code=code)]), people["jinan_admin"])
    assert [(error.row, error.column) for error in report.errors] == [(2, "organization")]
    assert report.created == 0


def test_the_province_admin_imports_into_both_cities(people):
    report = run_import(xlsx_file([person_row(1), person_row(2, code="ouc")]), people["province_admin"])
    assert report.created == 2


@pytest.mark.parametrize(
    ("index", "value", "column"),
    [
        (1, "", "real_name"),
        (2, "phone?", "phone"),
        (5, "sometimes", "employment"),
        (6, "2999-01-01", "practising_since"),
        (6, "1900-01-01", "practising_since"),
        (7, "小学", "education"),
        (0, "", "email"),
        (3, "", "organization"),
    ],
)
def test_each_bad_value_is_reported_on_its_column(people, index, value, column):
    row = person_row(1)
    row[index] = value
    report = run_import(xlsx_file([person_row(2), row]), people["jinan_admin"])
    assert [(error.row, error.column) for error in report.errors] == [(3, column)]


def test_errors_are_in_chinese_for_a_chinese_request(admin_client):
    row = person_row(1)
    row[1] = ""
    response = post_import(admin_client, xlsx_file([row]))
    assert response.status_code == 400
    assert [(error.row, error.column) for error in response.context["report"].errors] == [(2, "real_name")]
    expected = chinese_or_none("The name is missing.")
    if expected:
        assert expected in response.content.decode()


def test_a_counselor_cannot_import(client, people):
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("people_import"), {"file": xlsx_file([person_row(1)])})
    assert response.status_code in (302, 403)
    assert not User.objects.filter(email__endswith="@import.example.cn").exists()
