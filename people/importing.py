"""Bulk import of counselors from XLSX or CSV.

The rule: every row is validated before anything is written, and a file with any bad row imports nothing; the
report names each bad row and column in the reader's language. Importing is idempotent by e-mail address: a
person who already exists in the importer's scope is updated, never duplicated, and a person who exists outside
it is an error. The whole import is one transaction; the unique e-mail constraint settles a race between two
imports of the same people.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from lms.importing import ImportReport as BaseImportReport
from lms.importing import RowError as BaseRowError
from lms.importing import rows_from_table
from lms.tables import TableFileError as ImportFileError  # noqa: F401 (callers catch importing.ImportFileError)
from lms.tables import cell_text as _text
from lms.tables import read_cells

from .models import Organization, Role, User

# Column -> the header names accepted for it (Chinese first, as in the template; English also accepted).
COLUMNS = {
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
    "real_name": ("姓名", "name", "real name"),
    "phone": ("手机", "手机号", "phone"),
    "organization": ("机构代码", "organization code", "organization"),
    "post": ("岗位", "岗位/职务", "职务", "post"),
    "employment": ("专兼职", "employment"),
    "practising_since": ("从业起始日期", "practising since"),
    "education": ("最高学历", "education"),
}
REQUIRED_COLUMNS = ("email", "real_name", "organization")
COLUMN_LABELS = {
    "email": gettext_lazy("E-mail"),
    "real_name": gettext_lazy("Name"),
    "phone": gettext_lazy("Phone"),
    "organization": gettext_lazy("Organization code"),
    "post": gettext_lazy("Post"),
    "employment": gettext_lazy("Full-time or part-time"),
    "practising_since": gettext_lazy("Practising since"),
    "education": gettext_lazy("Highest education"),
}
EMPLOYMENT_VALUES = {
    "专职": User.Employment.FULL_TIME,
    "全职": User.Employment.FULL_TIME,
    "full_time": User.Employment.FULL_TIME,
    "full-time": User.Employment.FULL_TIME,
    "兼职": User.Employment.PART_TIME,
    "part_time": User.Employment.PART_TIME,
    "part-time": User.Employment.PART_TIME,
}
EDUCATION_VALUES = {
    "中专及以下": User.Education.SECONDARY,
    "高中及以下": User.Education.SECONDARY,
    "大专": User.Education.JUNIOR_COLLEGE,
    "专科": User.Education.JUNIOR_COLLEGE,
    "本科": User.Education.BACHELOR,
    "硕士": User.Education.MASTER,
    "硕士研究生": User.Education.MASTER,
    "博士": User.Education.DOCTORATE,
    "博士研究生": User.Education.DOCTORATE,
    **{choice.value: choice for choice in User.Education},
}
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9\- ]{5,18}[0-9]$")
PROFILE_FIELDS = ("real_name", "phone", "organization", "post", "employment", "practising_since", "education")


class RowError(BaseRowError):
    column_labels = COLUMN_LABELS


@dataclass
class ImportReport(BaseImportReport):
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# --- Reading ------------------------------------------------------------------------------------------------------


def _canonical_header(raw) -> str | None:
    text = str(raw or "").strip().lower()
    for column, names in COLUMNS.items():
        if text in names:
            return column
    return None


def read_table(upload, max_rows: int) -> list[dict]:
    """Read an uploaded XLSX or CSV file (lms.tables: recognised by its content) into rows of this import."""
    return rows_from_table(
        read_cells(upload), column_of=_canonical_header, required=REQUIRED_COLUMNS,
        label_of=COLUMN_LABELS.__getitem__, no_rows_message=_("The file has a header row but no people."),
        max_rows=max_rows,
    )


# --- Validating ---------------------------------------------------------------------------------------------------


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y-%m"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def validate(rows: list[dict], actor: User) -> ImportReport:
    """Check every row against the rules and the actor's scope; returns a report with clean rows and errors."""
    report = ImportReport()
    organizations = {org.code: org for org in Organization.objects.visible_to(actor).filter(is_active=True)}
    emails_in_file = [_text(row.get("email")).lower() for row in rows]
    existing = {
        user.email: user
        for user in User.objects.filter(email__in=[email for email in emails_in_file if email]).select_related(
            "organization"
        )
    }
    visible_ids = set(User.objects.visible_to(actor).filter(email__in=existing).values_list("pk", flat=True))
    seen: dict[str, int] = {}
    today = timezone.localdate()

    for row in rows:
        number = row["_row"]
        errors: list[RowError] = []
        clean: dict = {"_row": number}

        email = _text(row.get("email")).lower()
        try:
            validate_email(email)
            clean["email"] = email
        except ValidationError:
            errors.append(RowError(number, "email", _("“%(value)s” is not a valid e-mail address.") % {"value": email}
                                   if email else _("The e-mail address is missing.")))
        if email and email in seen:
            errors.append(RowError(number, "email", _("The same e-mail address is also in row %(row)s.") % {
                "row": seen[email]}))
        elif email:
            seen[email] = number
        if email in existing and existing[email].pk not in visible_ids:
            errors.append(RowError(number, "email", _(
                "This e-mail address belongs to a person of another organization.")))

        name = _text(row.get("real_name"))
        if not name:
            errors.append(RowError(number, "real_name", _("The name is missing.")))
        elif len(name) > 60:
            errors.append(RowError(number, "real_name", _("The name is longer than 60 characters.")))
        clean["real_name"] = name

        code = _text(row.get("organization"))
        if not code:
            errors.append(RowError(number, "organization", _("The organization code is missing.")))
        elif code not in organizations:
            errors.append(RowError(number, "organization", _(
                "There is no organization with the code “%(code)s” in your scope.") % {"code": code}))
        else:
            clean["organization"] = organizations[code]

        phone = _text(row.get("phone"))
        if phone and not PHONE_PATTERN.match(phone):
            errors.append(RowError(number, "phone", _("“%(value)s” is not a phone number.") % {"value": phone}))
        clean["phone"] = phone

        post = _text(row.get("post"))
        if len(post) > 60:
            errors.append(RowError(number, "post", _("The post is longer than 60 characters.")))
        clean["post"] = post

        employment = _text(row.get("employment"))
        if employment and employment.lower() not in EMPLOYMENT_VALUES:
            errors.append(RowError(number, "employment", _("Write 专职 (full-time) or 兼职 (part-time).")))
        clean["employment"] = EMPLOYMENT_VALUES.get(employment.lower(), "") if employment else ""

        education = _text(row.get("education"))
        if education and education not in EDUCATION_VALUES:
            errors.append(RowError(number, "education", _(
                "Write one of 中专及以下, 大专, 本科, 硕士, 博士.")))
        clean["education"] = EDUCATION_VALUES.get(education, "") if education else ""

        raw_date = row.get("practising_since")
        clean["practising_since"] = None
        if _text(raw_date):
            try:
                started = _parse_date(raw_date)
            except ValueError:
                errors.append(RowError(number, "practising_since", _(
                    "“%(value)s” is not a date; write it as 2015-09-01.") % {"value": _text(raw_date)}))
            else:
                if started > today:
                    errors.append(RowError(number, "practising_since", _("The date is in the future.")))
                elif started.year < 1950:
                    errors.append(RowError(number, "practising_since", _("The date is implausibly early.")))
                clean["practising_since"] = started

        report.add_row(clean, errors)
    return report


# --- Applying -----------------------------------------------------------------------------------------------------


class ImportConflictError(Exception):
    """Another import created some of the same people at the same moment."""


def apply(report: ImportReport, actor: User, *, send_invitations: bool) -> ImportReport:
    """Write a clean report in one transaction: create new people, update existing ones, invite the new."""
    from .tasks import send_invitation

    report.require_clean()
    counselor_group = Group.objects.get(name=Role.COUNSELOR.value)
    try:
        with transaction.atomic():
            existing = {
                user.email: user
                for user in User.objects.visible_to(actor)
                .select_for_update()
                .filter(email__in=[row["email"] for row in report.rows])
            }
            new_users, changed_users = [], []
            for row in report.rows:
                user = existing.get(row["email"])
                if user is None:
                    new_users.append(User(email=row["email"], **{name: row[name] for name in PROFILE_FIELDS}))
                    new_users[-1].set_unusable_password()
                    continue
                changes = {name: row[name] for name in PROFILE_FIELDS if getattr(user, name) != row[name]}
                if changes:
                    for name, value in changes.items():
                        setattr(user, name, value)
                    changed_users.append(user)
            User.objects.bulk_create(new_users, batch_size=500)
            if changed_users:
                User.objects.bulk_update(changed_users, list(PROFILE_FIELDS), batch_size=500)
            created = list(User.objects.filter(email__in=[user.email for user in new_users]))
            User.groups.through.objects.bulk_create(
                [User.groups.through(user_id=user.pk, group_id=counselor_group.pk) for user in created],
                batch_size=500,
            )
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=user, email=user.email, primary=True, verified=False) for user in created],
                batch_size=500,
            )
            for user in created:
                log(user, "people.user.imported", user=actor)
            for user in changed_users:
                log(user, "people.user.updated_by_import", user=actor)
            if send_invitations:
                ids = [user.pk for user in created]
                transaction.on_commit(lambda: [send_invitation.delay(user_id) for user_id in ids])
    except IntegrityError as exc:
        raise ImportConflictError(
            _("Some of these people were created by someone else at the same moment. Upload the file again.")
        ) from exc
    report.created = len(created)
    report.updated = len(changed_users)
    report.unchanged = len(report.rows) - report.created - report.updated
    return report


def import_people(upload, actor: User, *, send_invitations: bool, max_rows: int) -> ImportReport:
    """Read, validate and (only when every row is clean) apply an import file."""
    report = validate(read_table(upload, max_rows), actor)
    if report.is_clean:
        apply(report, actor, send_invitations=send_invitations)
    return report


def template_rows():
    """The rows of the XLSX import template: the Chinese headers and one example row."""
    yield [names[0] for names in COLUMNS.values()]
    yield ["zhang.san@example.cn", "张三", "13800000000", "jinan-hrss", "职业指导员", "专职", "2015-09-01", "本科"]
