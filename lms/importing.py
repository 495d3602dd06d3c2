"""The flow every spreadsheet importer shares: map the header row, check every row, import nothing unless all are clean.

The rules: a file without the required columns, without data rows or with more rows than allowed is refused as a
whole (`TableFileError`, a translated message naming the missing columns); blank rows are skipped and every other
row keeps its spreadsheet row number; each importer validates every row and files a row either as clean or as its
errors (`RowError`: row, column, message), and a report with any error is never applied. The importers
(people, quizzes, certification) keep their own columns, checks and writes; the file itself is read by lms.tables.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.translation import gettext as _

from .tables import TableFileError, is_blank


@dataclass
class RowError:
    """A problem with one cell: the spreadsheet row number, the importer's column and a translated message."""

    row: int
    column: str
    message: str
    column_labels: ClassVar[Mapping] = {}  # an importer's subclass names its columns for the reader

    @property
    def column_label(self) -> str:
        return str(self.column_labels.get(self.column, self.column))


@dataclass
class ImportReport:
    """The outcome of validating a file: the clean rows and the errors; importers add their own counters."""

    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    def add_row(self, clean: dict, errors: list[RowError]) -> None:
        """File a validated row: its errors when it has any, else the clean row to apply."""
        if errors:
            self.errors.extend(errors)
        else:
            self.rows.append(clean)

    def require_clean(self) -> None:
        """Refuse to apply a report with errors (a file with any bad row imports nothing)."""
        if not self.is_clean:
            raise ValueError("apply() needs a report without errors")


def rows_from_table(table: list[list], *, column_of: Callable[[object], str | None], required: Iterable[str],
                    label_of: Callable[[str], str], no_rows_message: str, max_rows: int,
                    value_of: Callable[[object], object] = lambda cell: cell) -> list[dict]:
    """The data rows of a table as {column: value, "_row": spreadsheet row number}, blank rows skipped.

    `column_of` maps a header cell to the importer's column (None: a column the importer ignores), `label_of` names
    a missing required column for the reader, `value_of` turns a cell into the value kept (the raw cell by default).
    """
    if not table:
        raise TableFileError(_("The file is empty."))
    headers = [column_of(cell) for cell in table[0]]
    missing = [column for column in required if column not in headers]
    if missing:
        raise TableFileError(
            _("The file lacks the required columns: %(columns)s. Download the template to see the layout.")
            % {"columns": "、".join(str(label_of(column)) for column in missing)}
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if is_blank(cells):
            continue
        row = {header: value_of(cell) for header, cell in zip(headers, cells, strict=False) if header}
        row["_row"] = number
        rows.append(row)
    if not rows:
        raise TableFileError(no_rows_message)
    if len(rows) > max_rows:
        raise TableFileError(_("The file has %(count)s rows; at most %(max)s are allowed.")
                             % {"count": len(rows), "max": max_rows})
    return rows
