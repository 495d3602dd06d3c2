"""Importing questions from CSV (UTF-8 or GBK) and XLSX: the demo header, row-level Chinese errors, nothing imported
when any row is bad, re-importing adds nothing twice; the admin screen."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from quizzes import importing
from quizzes.models import Choice, Kind, Question, Scoring
from tests.helpers import body

HEADER = "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,答案,计分,主题,等级,难度,分值,解析,评分标准"
GOOD = [
    "单选,建立咨询关系的首要条件是（　）。,信任,收费,测评,推荐,,,B,,COUNSEL,level-5,易,1,信任是基础。,",
    "多选,就业援助对象包括（　）。,零就业家庭成员,长期失业人员,应届硕士,,,,ＡＢ,按比例,ASSIST,level-4,中,2,,",
    "判断,一个培训日按8学时计算。,,,,,,,对,,ETHICS,level-5,易,1,,",
    "填空,继续教育每年不少于____学时。,,,,,,,90|九十,,POLICY,level-5,易,1,,",
    "论述,结合案例分析求职者的职业困惑。,,,,,,,,,COUNSEL,level-3,难,10,,1. 识别问题（4分）；2. 方案（6分）",
]
BAD = [
    "问答,什么是职业指导？,,,,,,,,,COUNSEL,level-5,易,1,,",
    "单选,以下正确的是（　）。,甲,乙,丙,丁,,,G,,COUNSEL,level-5,易,1,,",
    "判断,职业指导师共分五个等级。,,,,,,,对,,NOSUCH,level-5,易,1,,",
]


def csv_upload(rows, encoding="utf-8", name="questions.csv"):
    return SimpleUploadedFile(name, "\n".join([HEADER, *rows]).encode(encoding), content_type="text/csv")


def xlsx_upload(rows, name="questions.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for line in [HEADER, *rows]:
        sheet.append([cell if cell else None for cell in line.split(",")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_clean_csv_imports_every_type(db, people):
    report = importing.import_questions(csv_upload(GOOD), people["trainer"])
    assert report.is_clean and report.created == 5
    single = Question.objects.get(kind=Kind.SINGLE)
    assert [(c.text, c.is_correct) for c in single.choices.order_by("sort_order")] == [
        ("信任", False), ("收费", True), ("测评", False), ("推荐", False)]
    multiple = Question.objects.get(kind=Kind.MULTIPLE)
    assert multiple.scoring == Scoring.PARTIAL and multiple.choices.filter(is_correct=True).count() == 2
    assert Question.objects.get(kind=Kind.TRUE_FALSE).true_false_answer is True
    assert Question.objects.get(kind=Kind.FILL_BLANK).accepted_list == ["90", "九十"]
    essay = Question.objects.get(kind=Kind.ESSAY)
    assert essay.points == 10 and essay.rubric.startswith("1.")
    assert set(Question.objects.values_list("owner", flat=True)) == {people["trainer"].pk}
    assert ModelLogEntry.objects.filter(action="quizzes.question.imported").count() == 5


def test_reimporting_skips_what_is_in_the_bank(db, people):
    importing.import_questions(csv_upload(GOOD), people["trainer"])
    report = importing.import_questions(csv_upload(GOOD, encoding="gb18030"), people["trainer"])
    assert (report.created, report.skipped) == (0, 5)
    assert Question.objects.count() == 5 and Choice.objects.count() == 7


@pytest.mark.parametrize("upload", [lambda rows: csv_upload(rows), lambda rows: csv_upload(rows, "gbk"),
                                    lambda rows: xlsx_upload(rows)], ids=["csv-utf8", "csv-gbk", "xlsx"])
def test_bad_rows_are_each_reported_in_chinese_and_nothing_is_imported(db, people, upload):
    with translation.override("zh-hans"):
        report = importing.import_questions(upload([*GOOD, *BAD]), people["trainer"])
    assert not report.is_clean
    assert report.bad_rows == [7, 8, 9]
    messages = {(error.row, error.column): error.message for error in report.errors}
    assert "题型" in messages[(7, "题型")] or "问答" in messages[(7, "题型")]
    assert "G" in messages[(8, "答案")]
    assert "NOSUCH" in messages[(9, "主题")]
    assert all(any("\u4e00" <= char <= "\u9fff" for char in error.message) for error in report.errors)
    assert Question.objects.count() == 0 and Choice.objects.count() == 0


def test_unreadable_files_and_missing_columns_are_refused(db, people):
    with pytest.raises(importing.ImportFileError):
        importing.import_questions(SimpleUploadedFile("q.xlsx", b"not a workbook"), people["trainer"])
    with pytest.raises(importing.ImportFileError):
        importing.import_questions(SimpleUploadedFile("q.csv", "题干,答案\n甲,乙".encode()), people["trainer"])
    with pytest.raises(importing.ImportFileError):
        importing.import_questions(SimpleUploadedFile("q.csv", b"\x00\x01\x02"), people["trainer"])


def test_the_admin_import_screen(client, people):
    client.force_login(people["trainer"])
    url = reverse("quizzes_admin:import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": csv_upload([*GOOD, *BAD])})
    assert response.status_code == 400 and 'id="import-errors"' in body(response)
    assert Question.objects.count() == 0
    response = client.post(url, {"file": xlsx_upload(GOOD)})
    assert response.status_code == 200 and 'id="import-done"' in body(response)
    assert Question.objects.count() == 5
    template = client.get(reverse("quizzes_admin:import_template"))
    assert template.status_code == 200
    assert template["Content-Disposition"].endswith('filename="question-import-template.xlsx"')
    assert b"".join(template.streaming_content).startswith(b"PK")  # read to the end, which closes the file
    client.force_login(people["jinan_counselor"])
    assert client.get(url).status_code in (302, 403)


def test_the_demo_bank_imports_cleanly_and_the_demo_error_file_is_refused(db, people):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "home" / "demo_content"
    bad = SimpleUploadedFile("questions_with_errors.csv", (folder / "questions_with_errors.csv").read_bytes())
    report = importing.import_questions(bad, people["trainer"])
    assert len(report.bad_rows) == 3 and Question.objects.count() == 0
    good = SimpleUploadedFile("questions.csv", (folder / "questions.csv").read_bytes())
    report = importing.import_questions(good, people["trainer"])
    assert report.is_clean and report.created >= 150
