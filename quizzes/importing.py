"""Importing questions into the bank from an XLSX or CSV spreadsheet (the layout of Chinese exam banks).

The rule: every row is validated before anything is written, and a file with any bad row imports nothing; the
report names each bad row, its column (the spreadsheet's own header) and the problem in the reader's language. The
file is recognised by its content (a ZIP signature means XLSX; otherwise CSV in UTF-8 or GBK). Importing is
idempotent: a row whose type and question text are already in the bank is skipped, not duplicated. The import is
one transaction and is audited (one "quizzes.question.imported" entry per question).

Header (row 1): 题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,答案,计分,主题,等级,难度,分值,解析,评分标准
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.importing import ImportReport as BaseImportReport
from lms.importing import RowError, rows_from_table
from lms.tables import TableFileError as ImportFileError  # noqa: F401 (callers catch importing.ImportFileError)
from lms.tables import cell_text as _cell
from lms.tables import read_cells
from standards.models import Level, Topic

from .models import Choice, Difficulty, Kind, Question, Scoring

LETTERS = "ABCDEF"
HEADERS = ["题型", "题干", *[f"选项{letter}" for letter in LETTERS], "答案", "计分", "主题", "等级", "难度", "分值",
           "解析", "评分标准"]
REQUIRED_HEADERS = ["题型", "题干", "答案", "主题", "等级"]
KINDS = {"单选": Kind.SINGLE, "单选题": Kind.SINGLE, "多选": Kind.MULTIPLE, "多选题": Kind.MULTIPLE,
         "判断": Kind.TRUE_FALSE, "判断题": Kind.TRUE_FALSE, "填空": Kind.FILL_BLANK, "填空题": Kind.FILL_BLANK,
         "论述": Kind.ESSAY, "论述题": Kind.ESSAY, "案例分析": Kind.ESSAY, "简答": Kind.ESSAY,
         **{kind.value: kind for kind in Kind}}
TRUE_FALSE = {"对": True, "正确": True, "√": True, "是": True, "true": True, "t": True,
              "错": False, "错误": False, "×": False, "否": False, "false": False, "f": False}
SCORING = {"": Scoring.ALL_OR_NOTHING, "全对": Scoring.ALL_OR_NOTHING, "全部正确": Scoring.ALL_OR_NOTHING,
           "按比例": Scoring.PARTIAL, "部分得分": Scoring.PARTIAL, "all": Scoring.ALL_OR_NOTHING,
           "partial": Scoring.PARTIAL}
DIFFICULTY = {"易": Difficulty.EASY, "容易": Difficulty.EASY, "中": Difficulty.MEDIUM, "中等": Difficulty.MEDIUM,
              "难": Difficulty.HARD, "困难": Difficulty.HARD, "": Difficulty.MEDIUM,
              **{choice.value: choice for choice in Difficulty}}
MAX_STEM = 2000
BLANK = re.compile(r"_{2,}")


@dataclass
class ImportReport(BaseImportReport):
    created: int = 0
    skipped: int = 0


# --- reading ------------------------------------------------------------------------------------------------------


def _header(cell) -> str | None:
    """A header cell as one of HEADERS (full-width forms folded, spaces dropped), or None for another column."""
    header = unicodedata.normalize("NFKC", _cell(cell)).replace(" ", "")
    return header if header in HEADERS else None


def read_rows(upload, max_rows: int = 2000) -> list[dict]:
    """The data rows of an uploaded file as {header: text, "_row": spreadsheet row number}."""
    return rows_from_table(
        read_cells(upload), column_of=_header, required=REQUIRED_HEADERS, label_of=str,
        no_rows_message=_("The file has a header row but no questions."), max_rows=max_rows, value_of=_cell,
    )


# --- validating ---------------------------------------------------------------------------------------------------


def _letters(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).upper()
    return [char for char in folded if not char.isspace() and char not in ",，、;；"]


def _validate_row(row: dict, topics: dict, levels: dict, errors: list[RowError]) -> dict:
    number = row["_row"]

    def error(column, message):
        errors.append(RowError(number, column, message))

    clean = {"_row": number}
    kind = KINDS.get(row.get("题型", ""))
    if kind is None:
        error("题型", _("Unknown question type “%(value)s”; write 单选, 多选, 判断, 填空 or 论述.")
              % {"value": row.get("题型", "")})
    clean["kind"] = kind

    stem = row.get("题干", "")
    if not stem:
        error("题干", _("The question text is missing."))
    elif len(stem) > MAX_STEM:
        error("题干", _("The question text is longer than %(max)s characters.") % {"max": MAX_STEM})
    clean["stem"] = stem

    options = [(letter, row.get(f"选项{letter}", "")) for letter in LETTERS]
    given = [letter for letter, text in options if text]
    answer = row.get("答案", "")
    clean["choices"] = []
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        present = LETTERS[: len(given)]
        if len(given) < 2:
            error("选项A", _("A choice question needs at least two choices (选项A, 选项B, ...)."))
        elif "".join(given) != present:
            error(f"选项{LETTERS[len(given) - 1]}", _("Fill the choices in order from 选项A without gaps."))
        letters = _letters(answer)
        if not letters:
            error("答案", _("The answer is missing: write the letter(s) of the correct choice(s)."))
        elif any(letter not in given for letter in letters):
            error("答案", _("The answer “%(value)s” names a choice that does not exist.") % {"value": answer})
        elif kind == Kind.SINGLE and len(set(letters)) != 1:
            error("答案", _("A single choice question has exactly one correct choice."))
        if any(len(text) > 500 for _letter, text in options):
            error("选项A", _("A choice is longer than 500 characters."))
        clean["choices"] = [(text, letter in letters) for letter, text in options if text]
    elif kind is not None and given:
        error(f"选项{given[0]}", _("Only 单选 and 多选 questions have choices."))

    clean["true_false"] = None
    clean["accepted"] = ""
    if kind == Kind.TRUE_FALSE:
        value = TRUE_FALSE.get(unicodedata.normalize("NFKC", answer).strip().lower())
        if value is None:
            error("答案", _("Write 对 or 错 as the answer of a true-or-false question."))
        clean["true_false"] = value
    elif kind == Kind.FILL_BLANK:
        accepted = [part.strip() for part in re.split(r"[|｜]", answer) if part.strip()]
        if not accepted:
            error("答案", _("Give the accepted answers, separated by |."))
        if stem and not BLANK.search(unicodedata.normalize("NFKC", stem)):
            error("题干", _("Show the blank in the question text as ____."))
        clean["accepted"] = "\n".join(accepted)

    scoring = SCORING.get(row.get("计分", ""))
    if scoring is None:
        error("计分", _("Write 全对 or 按比例 (multiple choice only)."))
    clean["scoring"] = scoring if kind == Kind.MULTIPLE else Scoring.ALL_OR_NOTHING

    topic = topics.get(row.get("主题", "").upper()) or topics.get(row.get("主题", ""))
    if topic is None:
        error("主题", _("Unknown topic “%(value)s”; use a topic code such as COUNSEL.")
              % {"value": row.get("主题", "")})
    clean["topic"] = topic
    level = levels.get(row.get("等级", "").lower()) or levels.get(row.get("等级", ""))
    if level is None:
        error("等级", _("Unknown level “%(value)s”; use a level code such as level-5.")
              % {"value": row.get("等级", "")})
    clean["level"] = level
    difficulty = DIFFICULTY.get(row.get("难度", ""))
    if difficulty is None:
        error("难度", _("Write 易, 中 or 难 as the difficulty."))
    clean["difficulty"] = difficulty

    raw_points = row.get("分值", "")
    try:
        points = Decimal(raw_points) if raw_points else Decimal(10 if kind == Kind.ESSAY else 1)
        if not Decimal("0.5") <= points <= Decimal(100):
            raise InvalidOperation
    except InvalidOperation:
        error("分值", _("The points must be a number between 0.5 and 100."))
        points = None
    clean["points"] = points

    clean["explanation"] = row.get("解析", "")
    clean["rubric"] = row.get("评分标准", "")
    if kind == Kind.ESSAY and not clean["rubric"]:
        error("评分标准", _("An essay question needs its rubric (评分标准)."))
    return clean


def validate(rows: list[dict]) -> ImportReport:
    """Check every row; clean rows go to report.rows, problems to report.errors."""
    report = ImportReport()
    topics = {}
    for topic in Topic.objects.all():
        topics[topic.code.upper()] = topic
        topics[topic.name_zh] = topic
    levels = {}
    for level in Level.objects.all():
        levels[level.code.lower()] = level
        levels[level.name_zh] = level
    seen: dict[tuple, int] = {}
    for row in rows:
        errors: list[RowError] = []
        clean = _validate_row(row, topics, levels, errors)
        key = (clean["kind"], clean["stem"])
        if clean["stem"] and key in seen:
            errors.append(RowError(row["_row"], "题干", _("The same question is also in row %(row)s.")
                                   % {"row": seen[key]}))
        elif clean["stem"]:
            seen[key] = row["_row"]
        report.add_row(clean, errors)
    return report


# --- applying -----------------------------------------------------------------------------------------------------


def apply(report: ImportReport, actor) -> ImportReport:
    """Write a clean report in one transaction; rows already in the bank (same type and text) are skipped."""
    report.require_clean()
    with transaction.atomic():
        existing = set(
            Question.objects.filter(stem__in=[row["stem"] for row in report.rows]).values_list("kind", "stem")
        )
        new_rows = [row for row in report.rows if (row["kind"], row["stem"]) not in existing]
        questions = Question.objects.bulk_create([
            Question(kind=row["kind"], stem=row["stem"], topic=row["topic"], level=row["level"],
                     difficulty=row["difficulty"], points=row["points"], scoring=row["scoring"],
                     true_false_answer=row["true_false"], accepted_answers=row["accepted"],
                     explanation=row["explanation"], rubric=row["rubric"], owner=actor)
            for row in new_rows
        ])
        by_key = {(question.kind, question.stem): question for question in questions}
        Choice.objects.bulk_create([
            Choice(question=by_key[(row["kind"], row["stem"])], text=text, is_correct=correct, sort_order=index)
            for row in new_rows
            for index, (text, correct) in enumerate(row["choices"])
        ])
        for question in by_key.values():
            log(question, "quizzes.question.imported", user=actor)
    report.created = len(new_rows)
    report.skipped = len(report.rows) - report.created
    return report


def import_questions(upload, actor, *, max_rows: int = 2000) -> ImportReport:
    """Read, validate and (only when every row is clean) apply a question file."""
    report = validate(read_rows(upload, max_rows))
    if report.is_clean:
        apply(report, actor)
    return report


def template_rows():
    """The rows of the XLSX import template: the header and one example row per question type."""
    blank = [""] * 6
    yield HEADERS
    yield ["单选", "职业咨询中，建立咨询关系的首要条件是（　）。", "信任", "收费", "测评", "推荐岗位", "", "",
           "A", "", "COUNSEL", "level-5", "易", 1, "信任是咨询关系的基础。", ""]
    yield ["多选", "以下属于就业援助对象的有（　）。", "零就业家庭成员", "长期失业人员", "应届硕士", "", "", "",
           "AB", "按比例", "ASSIST", "level-4", "中", 2, "就业困难人员是援助重点。", ""]
    yield ["判断", "一个培训日按8学时计算。", *blank, "对", "", "ETHICS", "level-5", "易", 1, "", ""]
    yield ["填空", "继续教育每年应不少于____学时。", *blank, "90|九十", "", "POLICY", "level-5", "易", 1, "", ""]
    yield ["论述", "结合案例，分析求职者的职业困惑并提出指导方案。", *blank, "", "", "COUNSEL", "level-3", "难",
           10, "", "1. 识别问题（4分）；2. 指导方案（6分）"]
