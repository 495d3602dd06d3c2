"""The legacy level-certificate import: every row checked first with errors by row and column in Chinese, nothing
imported when any row is bad, re-importing creates nothing twice, UTF-8/GBK CSV and XLSX read by content, and the
screen is for province admins only."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from certification import importing
from certification.models import LevelRecord
from tests.helpers import body, refused

pytestmark = pytest.mark.django_db
HEADER = ["邮箱", "等级", "证书编号", "取证日期"]


def csv_upload(rows, encoding="utf-8", name="certificates.csv"):
    text = "\n".join(",".join(row) for row in [HEADER, *rows])
    return SimpleUploadedFile(name, text.encode(encoding))


def good_rows(people):
    return [
        [people["jinan_counselor"].email, "四级", "S2018370100001", "2018-06-30"],
        [people["qingdao_counselor"].email, "五级职业指导师", "S2015370200002", "2015/3/1"],
        [people["qingdao_counselor"].email, "中级工", "S2019370200003", "2019年9月1日"],
    ]


def run(upload, people):
    return importing.import_records(upload, people["province_admin"], max_rows=100)


def test_a_clean_file_creates_recognised_records_and_audits_them(people):
    report = run(csv_upload(good_rows(people)), people)
    assert report.is_clean and report.created == 3
    records = LevelRecord.objects.filter(basis=LevelRecord.Basis.RECOGNISED)
    assert {(r.holder.email, r.level.code, r.certificate_number) for r in records} == {
        (people["jinan_counselor"].email, "level-4", "S2018370100001"),
        (people["qingdao_counselor"].email, "level-5", "S2015370200002"),
        (people["qingdao_counselor"].email, "level-4", "S2019370200003"),
    }
    assert ModelLogEntry.objects.filter(action="certification.level_record.imported").count() == 3


def test_reimporting_the_same_file_in_gbk_creates_nothing_twice(people):
    run(csv_upload(good_rows(people)), people)
    report = run(csv_upload(good_rows(people), encoding="gbk"), people)
    assert report.is_clean and report.created == 0 and report.unchanged == 3
    assert LevelRecord.objects.count() == 3


def test_an_xlsx_named_anything_is_read_by_its_content(people):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in good_rows(people):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(SimpleUploadedFile("certificates.csv", buffer.getvalue()), people)
    assert report.is_clean and report.created == 3


def test_any_bad_row_imports_nothing_and_names_row_and_column_in_chinese(people):
    rows = [
        *good_rows(people),
        ["nobody@example.cn", "四级", "S1", "2018-06-30"],
        [people["trainer"].email, "首席职业指导师", "S2", "2018-06-30"],
        [people["trainer"].email, "三级", "S2018370100001", "明天"],
        [people["expert"].email, "二级", "", "2090-01-01"],
        ["not-an-address", "一级", "S3", "2018-06-30"],
    ]
    with translation.override("zh-hans"):
        report = run(csv_upload(rows), people)
    assert not report.is_clean and LevelRecord.objects.count() == 0
    assert report.bad_rows == [5, 6, 7, 8, 9]
    found = {(error.row, error.column_label) for error in report.errors}
    with translation.override("zh-hans"):
        labels = {column: str(label) for column, label in importing.COLUMN_LABELS.items()}
    assert (5, labels["email"]) in found
    assert (6, labels["level"]) in found
    assert (7, labels["certificate_number"]) in found and (7, labels["obtained_on"]) in found
    assert (8, labels["certificate_number"]) in found and (8, labels["obtained_on"]) in found
    assert (9, labels["email"]) in found
    assert all(any("\u4e00" <= char <= "\u9fff" for char in error.message) for error in report.errors)


def test_a_different_record_of_the_same_level_is_an_error_not_an_overwrite(people):
    run(csv_upload(good_rows(people)[:1]), people)
    rows = [[people["jinan_counselor"].email, "四级", "OTHER-NUMBER", "2018-06-30"]]
    report = run(csv_upload(rows), people)
    assert [error.column for error in report.errors] == ["level"]
    assert LevelRecord.objects.get().certificate_number == "S2018370100001"


def test_headers_missing_and_unreadable_files_are_refused_whole(people):
    with pytest.raises(importing.ImportFileError):
        run(SimpleUploadedFile("c.csv", "邮箱,等级\na@b.cn,四级".encode()), people)
    with pytest.raises(importing.ImportFileError):
        run(SimpleUploadedFile("c.xlsx", b"not a workbook"), people)
    with pytest.raises(importing.ImportFileError):
        run(SimpleUploadedFile("c.csv", b"\x00\x01binary"), people)


def test_the_screen_imports_for_province_admins_and_offers_the_template(client, people):
    client.force_login(people["province_admin"])
    url = reverse("certification_legacy_import")
    assert client.get(url).status_code == 200
    template = client.get(reverse("certification_legacy_import_template"))
    assert template.status_code == 200 and template.content[:4] == b"PK\x03\x04"
    response = client.post(url, {"file": csv_upload(good_rows(people))})
    assert response.status_code == 200 and 'id="import-result"' in body(response)
    bad = client.post(url, {"file": csv_upload([["x", "九级", "", ""]])})
    assert bad.status_code == 400 and 'id="import-errors"' in body(bad)


@pytest.mark.parametrize("who", ["jinan_admin", "trainer", "jinan_counselor"])
def test_the_screen_is_for_province_admins_only(client, people, who):
    client.force_login(people[who])
    for url in (reverse("certification_legacy_import"), reverse("certification_legacy_import_template")):
        response = client.get(url)
        assert refused(response) or response["Location"].startswith(reverse("account_login"))
    assert not LevelRecord.objects.exists()


def test_the_demo_file_with_errors_imports_nothing(people):
    path = Path(__file__).parents[2] / "home" / "demo_content" / "level_certificates_with_errors.csv"
    demo = importing.read_rows(SimpleUploadedFile(path.name, path.read_bytes()), max_rows=100)
    report = importing.validate(demo)
    assert {4, 5, 6, 7} <= set(report.bad_rows)
    assert not LevelRecord.objects.exists()
