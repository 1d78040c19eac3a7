"""Streaming readers of a filled template: XLSX (sheet "Reach") and CSV, row by row.

Neither loads the file: openpyxl's read-only mode parses the sheet as it goes, and the CSV
reader decodes line by line. Both give (row number, {column: raw value}) with the template's
column names, whatever the case or spacing of the headers; raw values are what the file holds
(LibreOffice may give floats for whole numbers, datetimes for months, "" for empty cells).
"""

import codecs
import csv
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .columns import REQUIRED, Layout, blank

SHEET = "Reach"


class FileRefused(Exception):
    """The file as a whole cannot be read (not a spreadsheet, columns missing or unknown)."""


def _columns(header_row, layout: Layout) -> list[str | None]:
    columns, unknown = [], []
    for header in header_row:
        if blank(header):
            columns.append(None)
            continue
        column = layout.column_for(header)
        if column is None:
            unknown.append(str(header))
        elif column in columns:
            raise FileRefused(_("The column “%(column)s” appears twice.") % {"column": header})
        columns.append(column)
    if unknown:
        raise FileRefused(
            _("Unknown column(s): %(columns)s. Use the columns of the downloaded template.")
            % {"columns": ", ".join(f"“{c}”" for c in unknown)}
        )
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise FileRefused(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(f"“{c}”" for c in missing)}
        )
    return columns


def _rows(rows, layout: Layout) -> Iterator[tuple[int, dict]]:
    rows = iter(rows)
    for header_number, header_row in enumerate(rows, 1):  # noqa: B007 (used after the loop)
        if not all(blank(cell) for cell in header_row):
            break
    else:
        raise FileRefused(_("The file has no header row."))
    columns = _columns(header_row, layout)
    for number, row in enumerate(rows, header_number + 1):
        values = {
            column: value
            for column, value in zip(columns, row, strict=False)
            if column is not None and not blank(value)
        }
        if values:
            yield number, values


def read_xlsx(file, layout: Layout) -> Iterator[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise FileRefused(_("This is not an XLSX file that can be read.")) from error
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        yield from _rows(sheet.iter_rows(values_only=True), layout)
    finally:
        workbook.close()


def read_csv(file, layout: Layout) -> Iterator[tuple[int, dict]]:
    """UTF-8 (with or without BOM), comma or semicolon separated."""
    text = codecs.getreader("utf-8-sig")(file, errors="strict")
    try:
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        lines = _chain_first(first, text)
        yield from _rows(csv.reader(lines, delimiter=delimiter), layout)
    except UnicodeDecodeError as error:
        raise FileRefused(_("The CSV file is not in UTF-8: save it as “CSV UTF-8”.")) from error


def _chain_first(first, rest):
    yield first
    yield from rest


def read_rows(file, file_format: str, layout: Layout) -> Iterator[tuple[int, dict]]:
    """Rows of a binary file object; `file_format` is "xlsx" or "csv"."""
    if file_format == "csv":
        return read_csv(file, layout)
    if file_format == "xlsx":
        return read_xlsx(file, layout)
    raise FileRefused(_("Upload an XLSX or CSV file."))


def file_format_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
