"""Streaming readers of a filled template: XLSX (sheet "Reach") and CSV, row by row.

Neither loads the file: the XLSX reader parses the sheet's XML a megabyte at a time
(xlsx_rows), the CSV reader decodes line by line. Both give (row number, {column: raw value})
with the template's column names, whatever the case or spacing of the headers; raw values are
what the file holds (whole numbers may come as floats, months as dates or serial numbers).
"""

import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from .columns import REQUIRED, Layout, blank
from .xlsx_rows import Workbook

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
            if value is not None
            and value != ""
            and column is not None
            and not (type(value) is str and value.isspace())
        }
        if values:
            yield number, values


def read_xlsx(file, layout: Layout) -> Iterator[tuple[int, dict]]:
    """Sheet "Reach", or the first sheet (see xlsx_rows for why not openpyxl here)."""
    try:
        workbook = Workbook(file)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise FileRefused(_("This is not an XLSX file that can be read.")) from error
    try:
        yield from _rows(workbook.rows(SHEET if SHEET in workbook.sheets else None), layout)
    finally:
        workbook.close()


def read_csv(file, layout: Layout) -> Iterator[tuple[int, dict]]:
    """UTF-8 (with or without BOM), comma or semicolon separated."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        yield from _rows(csv.reader(itertools.chain([first], text), delimiter=delimiter), layout)
    except UnicodeDecodeError as error:
        raise FileRefused(_("The CSV file is not in UTF-8: save it as “CSV UTF-8”.")) from error
    finally:
        text.detach()  # leave the caller's file open: the importer reads it twice


def read_rows(file, file_format: str, layout: Layout) -> Iterator[tuple[int, dict]]:
    """Rows of a binary file object; `file_format` is "xlsx" or "csv"."""
    if file_format == "csv":
        return read_csv(file, layout)
    if file_format == "xlsx":
        return read_xlsx(file, layout)
    raise FileRefused(_("Upload an XLSX or CSV file."))


def file_format_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
