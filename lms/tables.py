"""Reading an uploaded spreadsheet (XLSX, or CSV in UTF-8 or GBK) into a table of cells, for every importer.

The file is recognised by its content, not its name: a ZIP signature means XLSX (the first sheet is read, formulas
as their cached values); a file named .xlsx whose content is not a workbook is refused as an unreadable XLSX rather
than read as CSV and reported as lacking every column; anything else with NUL bytes near the start is neither
format; CSV text is decoded as UTF-8 (with or without BOM), else GB18030 (a superset of GBK). Importers map the
header row to their columns and validate the cells themselves. Errors are `TableFileError` with a translated message.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import load_workbook

XLSX_SIGNATURE = b"PK\x03\x04"


class TableFileError(Exception):
    """The file as a whole cannot be read (format, encoding)."""


def cell_text(value) -> str:
    """A cell as trimmed text: None is empty, a whole float (how spreadsheets hold 2015) has no decimals."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_blank(cells) -> bool:
    return all(cell_text(cell) == "" for cell in cells)


def read_cells(upload) -> list[list]:
    """The rows of the uploaded file as lists of raw cell values (XLSX keeps dates and numbers typed)."""
    data = upload.read()
    named_xlsx = (getattr(upload, "name", "") or "").lower().endswith((".xlsx", ".xlsm"))
    unreadable_xlsx = _("The XLSX file could not be read; save it again from your spreadsheet program.")
    if data[:4] == XLSX_SIGNATURE:
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            table = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
            workbook.close()
        except Exception as exc:  # openpyxl raises many types for corrupt files
            raise TableFileError(unreadable_xlsx) from exc
        return table
    if named_xlsx:
        raise TableFileError(unreadable_xlsx)
    if b"\x00" in data[:2048]:
        raise TableFileError(_("The file is neither an XLSX nor a CSV file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableFileError(_("The CSV file is not in UTF-8 or GBK encoding."))
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # a NUL byte or an overlong field further in
        raise TableFileError(_("The CSV file could not be read; save it again from your spreadsheet program.")) \
            from exc
