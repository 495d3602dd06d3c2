"""Every CSV and XLSX the project writes goes through here, so that no cell can become a spreadsheet formula.

OWASP's rule for CSV injection: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
read by Excel, WPS and LibreOffice as a formula (`=HYPERLINK(...)` in a counselor's name becomes a live link), so
such a cell gets a leading apostrophe. Numbers, dates and empty cells are left as they are. The writers take any
iterable of rows and return a response: CSV streams line by line (UTF-8 with a byte-order mark, so that Excel reads
Chinese), XLSX is written in openpyxl's write-only mode into a temporary file that the response streams and closes.
Wagtail's list exports (`list_export` on viewsets) are covered by `NeutralizedExportMixin`, which the `exports` app
applies to every listing together with streaming and background jobs for large exports.
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralize(value):
    """The value with a leading apostrophe when it is text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralize_row(row: Iterable) -> list:
    return [neutralize(value) for value in row]


class _Echo:
    """The write() of a file that hands each CSV line back instead of storing it."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]):
    """The CSV text one line at a time, the first carrying the byte-order mark; cells are neutralized."""
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, datetime.date, datetime.time)) or hasattr(value, "as_tuple"):
        return value  # numbers (Decimal too), dates and times are written as they are
    return neutralize(force_str(value))


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download of `rows` (each an iterable of cells) named `filename` (with its extension)."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(filename)
    return response


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)  # local (Asia/Shanghai) wall time; XLSX has no time zones
    elif not (value is None or isinstance(value, (int, float, datetime.date, datetime.time))
              or hasattr(value, "as_tuple")):
        value = neutralize(force_str(value))
    cell = WriteOnlyCell(sheet, value)
    if cell.data_type == "f":  # belt and braces: a neutralized value never reads as a formula, but keep it text
        cell.data_type = "s"
    return cell


def write_xlsx(rows: Iterable[Iterable], handle, sheet_title: str = "Sheet1",
               column_widths: dict[str, int] | None = None) -> None:
    """Write `rows` as an XLSX workbook (cells neutralized) into the open binary file `handle`.

    openpyxl's write-only mode keeps one row in memory at a time and spools the sheet to a temporary file, so a
    million rows cost disk, not memory."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(sheet_title))
    for column, width in (column_widths or {}).items():
        sheet.column_dimensions[column].width = width
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    book.save(handle)


def _sheet_title(title: str) -> str:
    """At most 31 characters and none of the characters Excel forbids in a sheet name."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in force_str(title)).strip()
    return cleaned[:31] or "Sheet1"


def xlsx_file(rows: Iterable[Iterable], sheet_title: str = "Sheet1", column_widths: dict[str, int] | None = None):
    """An open binary temporary file holding `rows` as an XLSX workbook (cells neutralized), positioned at 0."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    write_xlsx(rows, handle, sheet_title, column_widths)
    handle.seek(0)
    return handle


def xlsx_response(rows: Iterable[Iterable], filename: str, sheet_title: str = "Sheet1",
                  column_widths: dict[str, int] | None = None) -> FileResponse:
    """An XLSX download of `rows` named `filename` (with its extension), written to disk first, not memory."""
    return FileResponse(
        xlsx_file(rows, sheet_title, column_widths), as_attachment=True, filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )


def _attachment(filename: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=filename)


class NeutralizedExportMixin:
    """For views built on Wagtail's SpreadsheetExportMixin: every exported value is neutralized (after Wagtail's
    own preprocessing, which turns model instances into their text), and the CSV starts with a byte-order mark."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralize(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        yield BOM.encode()
        yield from super().stream_csv(queryset)
