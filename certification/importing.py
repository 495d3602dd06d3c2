"""Importing level certificates obtained before the platform (legacy records) from an XLSX or CSV spreadsheet.

The rules: only province admins import (the records are the basis of every later level decision); each row names a
counselor by e-mail, a skill level (五级 … 一级; the appointed 首席 title is never imported), the certificate number
and the date obtained, and becomes a `LevelRecord` with basis "recognised". Every row is validated before anything is
written, and a file with any bad row imports nothing; the report names each bad row and column in the reader's
language. Importing is idempotent: a row whose counselor already holds a valid record of that level with the same
certificate number is left as it is (counted as unchanged), never duplicated; a different valid record of that level,
or the certificate number on another counselor's record, is an error to settle by hand. The write is one transaction;
the unique "one valid record per counselor and level" constraint settles a race between two imports, and every
record created is audited ("certification.level_record.imported"). The file is read by lms.tables.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from wagtail.log_actions import log

from lms.importing import ImportReport as BaseImportReport
from lms.importing import RowError as BaseRowError
from lms.importing import rows_from_table
from lms.tables import TableFileError as ImportFileError  # noqa: F401 (callers catch importing.ImportFileError)
from lms.tables import cell_text, read_cells
from people.models import User
from standards.models import Level

from .models import LevelRecord

# Column -> the header names accepted for it (Chinese first, as in the template; English also accepted).
COLUMNS = {
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
    "level": ("等级", "职业技能等级", "level"),
    "certificate_number": ("证书编号", "证书号", "certificate number", "certificate no."),
    "obtained_on": ("取证日期", "发证日期", "获证日期", "date obtained", "obtained on"),
}
COLUMN_LABELS = {
    "email": gettext_lazy("E-mail"),
    "level": gettext_lazy("Level"),
    "certificate_number": gettext_lazy("Certificate number"),
    "obtained_on": gettext_lazy("Date obtained"),
}
IMPORT_PERMISSION = "certification.add_levelrecord"
MAX_NUMBER_LENGTH = LevelRecord._meta.get_field("certificate_number").max_length
EARLIEST = date(1994, 1, 1)  # the national vocational qualification system for the trade began in the 1990s


class ImportConflictError(Exception):
    """Another import (or an admin) recorded some of the same levels at the same moment."""


class RowError(BaseRowError):
    column_labels = COLUMN_LABELS


@dataclass
class ImportReport(BaseImportReport):
    created: int = 0
    unchanged: int = 0


# --- reading ------------------------------------------------------------------------------------------------------


def _column(header) -> str | None:
    text = cell_text(header).lower()
    return next((column for column, names in COLUMNS.items() if text in names), None)


def read_rows(upload, max_rows: int) -> list[dict]:
    """The data rows of the file as {column: raw cell, "_row": spreadsheet row number}."""
    return rows_from_table(
        read_cells(upload), column_of=_column, required=COLUMNS, label_of=COLUMN_LABELS.__getitem__,
        no_rows_message=_("The file has a header row but no certificates."), max_rows=max_rows,
    )


# --- validating ---------------------------------------------------------------------------------------------------


def level_names() -> dict[str, Level]:
    """Every way a spreadsheet may name a skill level: 五级, 五级职业指导师, the grade (初级工), the code
    (level-5) and the English name, compared without case and spaces."""
    names = {}
    for level in Level.objects.ladder():
        short = level.name_zh.removesuffix("职业指导师")
        for name in (level.name_zh, short, level.grade_name, level.code, level.name_en):
            if name:
                names["".join(name.split()).casefold()] = level
    return names


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    return datetime.strptime(text, "%Y-%m-%d").date()


def validate(rows: list[dict]) -> ImportReport:
    """Check every row: the counselor exists, the level is a skill level, the number and date are sound, and the
    row neither repeats another row nor contradicts a valid record. A fixed number of queries for any file."""
    report = ImportReport()
    levels = level_names()
    emails = {cell_text(row.get("email")).lower() for row in rows}
    numbers = {cell_text(row.get("certificate_number")) for row in rows}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    held = {(record.holder_id, record.level_id): record
            for record in LevelRecord.objects.valid().filter(holder__in=users.values())}
    numbered = {record.certificate_number: record
                for record in LevelRecord.objects.valid().filter(certificate_number__in=numbers - {""})}
    seen_pairs: dict[tuple, int] = {}
    seen_numbers: dict[str, int] = {}
    today = timezone.localdate()

    for row in rows:
        number = row["_row"]
        errors: list[RowError] = []
        clean = {"_row": number}

        email = cell_text(row.get("email")).lower()
        user = users.get(email)
        if not email:
            errors.append(RowError(number, "email", _("The e-mail address is missing.")))
        elif not _valid_email(email):
            errors.append(RowError(number, "email", _("“%(value)s” is not a valid e-mail address.")
                                   % {"value": email}))
        elif user is None:
            errors.append(RowError(number, "email", _("Nobody on the platform has the e-mail address "
                                                      "“%(value)s”; import the counselor first.") % {"value": email}))
        clean["holder"] = user

        raw_level = cell_text(row.get("level"))
        level = levels.get("".join(raw_level.split()).casefold())
        if not raw_level:
            errors.append(RowError(number, "level", _("The level is missing.")))
        elif level is None:
            errors.append(RowError(number, "level", _("“%(value)s” is not a skill level; write 五级, 四级, 三级, 二级 "
                                                      "or 一级.") % {"value": raw_level}))
        clean["level"] = level

        certificate = cell_text(row.get("certificate_number"))
        if not certificate:
            errors.append(RowError(number, "certificate_number", _("The certificate number is missing.")))
        elif len(certificate) > MAX_NUMBER_LENGTH:
            errors.append(RowError(number, "certificate_number", _(
                "The certificate number is longer than %(max)s characters.") % {"max": MAX_NUMBER_LENGTH}))
        elif certificate in seen_numbers:
            errors.append(RowError(number, "certificate_number", _(
                "The same certificate number is also in row %(row)s.") % {"row": seen_numbers[certificate]}))
        else:
            seen_numbers[certificate] = number
        clean["certificate_number"] = certificate

        raw_date = row.get("obtained_on")
        clean["obtained_on"] = None
        if not cell_text(raw_date):
            errors.append(RowError(number, "obtained_on", _("The date obtained is missing.")))
        else:
            try:
                obtained = _date(raw_date)
            except ValueError:
                errors.append(RowError(number, "obtained_on", _("“%(value)s” is not a date; write it as "
                                                                "2018-06-30.") % {"value": cell_text(raw_date)}))
            else:
                if obtained > today:
                    errors.append(RowError(number, "obtained_on", _("The date is in the future.")))
                elif obtained < EARLIEST:
                    errors.append(RowError(number, "obtained_on", _("The date is implausibly early.")))
                clean["obtained_on"] = obtained

        if user is not None and level is not None:
            pair = (user.pk, level.pk)
            existing = held.get(pair)
            if pair in seen_pairs:
                errors.append(RowError(number, "level", _("This counselor and level are also in row %(row)s.")
                                       % {"row": seen_pairs[pair]}))
            seen_pairs.setdefault(pair, number)
            if existing is not None and existing.certificate_number != certificate:
                errors.append(RowError(number, "level", _(
                    "This counselor already holds a record of this level (certificate number “%(number)s”); "
                    "revoke it first if it is wrong.") % {"number": existing.certificate_number or "—"}))
            elif existing is not None and clean["obtained_on"] and existing.obtained_on != clean["obtained_on"]:
                errors.append(RowError(number, "obtained_on", _(
                    "This certificate is already recorded as obtained on %(date)s; revoke the record first if "
                    "that is wrong.") % {"date": existing.obtained_on.isoformat()}))
            clean["existing"] = existing
        other = numbered.get(certificate)
        if other is not None and other != clean.get("existing"):
            errors.append(RowError(number, "certificate_number", _(
                "This certificate number is already recorded on another level record.")))

        report.add_row(clean, errors)
    return report


def _valid_email(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


# --- applying -----------------------------------------------------------------------------------------------------


def apply(report: ImportReport, actor) -> ImportReport:
    """Write a clean report in one transaction: a recognised LevelRecord per row not recorded yet."""
    report.require_clean()
    new = [
        LevelRecord(holder=row["holder"], level=row["level"], obtained_on=row["obtained_on"],
                    certificate_number=row["certificate_number"], basis=LevelRecord.Basis.RECOGNISED)
        for row in report.rows if row["existing"] is None
    ]
    try:
        with transaction.atomic():
            for record in new:
                record.save()
                log(record, "certification.level_record.imported", user=actor,
                    data={"certificate_number": record.certificate_number})
    except IntegrityError as exc:
        raise ImportConflictError(_(
            "Some of these levels were recorded by someone else at the same moment. Upload the file again."
        )) from exc
    report.created = len(new)
    report.unchanged = len(report.rows) - len(new)
    return report


def import_records(upload, actor, *, max_rows: int) -> ImportReport:
    """Read, validate and (only when every row is clean) apply an import file of a province admin."""
    if not (actor.has_perm(IMPORT_PERMISSION) and actor.manages_whole_province):
        raise PermissionError("only province admins import level records")
    report = validate(read_rows(upload, max_rows))
    if report.is_clean:
        apply(report, actor)
    return report


def template_workbook() -> bytes:
    """An XLSX template with the Chinese headers and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "等级证书"
    sheet.append([names[0] for names in COLUMNS.values()])
    sheet.append(["zhang.san@example.cn", "四级", "S2018370100001234", "2018-06-30"])
    for column in "ABCD":
        sheet.column_dimensions[column].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
