"""Streaming readers of a filled template: XLSX (sheet "Reach") and CSV, row by row, within limits.

Neither loads the file: the XLSX reader parses the sheet's XML as it is inflated (xlsx_rows),
the CSV reader decodes line by line. Both give (row number, {column: raw value}) with the
template's column names, whatever the case or spacing of the headers; raw values are what the
file holds (whole numbers may come as floats, months as dates or serial numbers). A file too
big (limits.py), malformed or not in UTF-8 is refused as a whole with FileRefused, never read
in part: the importer then saves nothing.
"""

import csv
import io
import zipfile
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .columns import MONTH, REQUIRED, Layout, blank
from .limits import FileRefused, Limits, setting_name
from .xlsx_rows import DAYS_1904, Workbook

SHEET = "Reach"
__all__ = ["FileRefused", "file_format_of", "read_rows"]


def _columns(header: dict, layout: Layout) -> dict[int, str]:
    """{column index: template column} of the header row's cells."""
    columns: dict[int, str] = {}
    unknown = []
    for index, value in sorted(header.items()):
        if blank(value):
            continue
        column = layout.column_for(value)
        if column is None:
            unknown.append(str(value))
        elif column in columns.values():
            raise FileRefused(_("The column “%(column)s” appears twice.") % {"column": value})
        else:
            columns[index] = column
    if unknown:
        raise FileRefused(
            _("Unknown column(s): %(columns)s. Use the columns of the downloaded template.")
            % {"columns": ", ".join(f"“{c}”" for c in unknown)}
        )
    missing = [column for column in REQUIRED if column not in columns.values()]
    if missing:
        raise FileRefused(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(f"“{c}”" for c in missing)}
        )
    return columns


def _rows(rows, layout: Layout) -> Iterator[tuple[int, dict]]:
    """`rows`: (number, iterable of (column index, value)) -> (number, {column: value})."""
    rows = iter(rows)
    for _number, cells in rows:
        header = dict(cells)
        if not all(blank(value) for value in header.values()):
            break
    else:
        raise FileRefused(_("The file has no header row."))
    get = _columns(header, layout).get
    for number, cells in rows:
        values = {
            column: value
            for index, value in cells
            if (column := get(index)) is not None
            and value is not None
            and value != ""
            and not (type(value) is str and value.isspace())
        }
        if values:
            yield number, values


def _xlsx_refusal(error) -> FileRefused:
    if isinstance(error, RuntimeError) and "encrypted" in str(error):
        return FileRefused(_("The XLSX file is protected by a password: save it without one."))
    if isinstance(error, NotImplementedError):
        return FileRefused(_("The XLSX file is compressed in a way that cannot be read."))
    return FileRefused(_("This is not an XLSX file that can be read."))


READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, RuntimeError,
               NotImplementedError, OSError)  # fmt: skip


def read_xlsx(file, layout: Layout, limits: Limits) -> Iterator[tuple[int, dict]]:
    """Sheet "Reach", or the first sheet (see xlsx_rows for why not openpyxl here)."""
    try:
        workbook = Workbook(file, limits)
    except READ_ERRORS as error:
        raise _xlsx_refusal(error) from error
    try:
        rows = workbook.rows(SHEET if SHEET in workbook.sheets else None)
        numbered = ((number, cells.items()) for number, cells in rows)
        for number, values in _rows(numbered, layout):
            if workbook.date1904:
                month = values.get(MONTH)
                if type(month) is int or type(month) is float:  # a date's serial number
                    values[MONTH] = month + DAYS_1904  # as the 1900 system counts
            yield number, values
    except READ_ERRORS as error:
        raise _xlsx_refusal(error) from error
    finally:
        workbook.close()


def _lines(text, limits: Limits) -> Iterator[str]:
    """The text's lines, refusing one longer than the limit before reading it all."""
    for number in range(1, 1 << 62):
        line = text.readline(limits.line_chars + 2)
        if not line:
            return
        if len(line.rstrip("\r\n")) > limits.line_chars:
            raise FileRefused(
                _(
                    "Line %(line)s of the CSV file is longer than %(count)s characters. "
                    "(Limit %(name)s.)"
                )
                % {
                    "line": f"{number:,}",
                    "count": f"{limits.line_chars:,}",
                    "name": setting_name("line_chars"),
                }
            )
        if "\0" in line:  # no text holds one (PostgreSQL refuses it): a binary file
            raise FileRefused(
                _("Line %(line)s of the CSV file holds a NUL character: is it a CSV file?")
                % {"line": f"{number:,}"}
            )
        yield line


def _records(reader, limits: Limits) -> Iterator[tuple[int, Iterator]]:
    number, most = 0, limits.rows
    try:
        for number, record in enumerate(reader, 1):  # noqa: B007 (the row that failed)
            if number > most:
                raise FileRefused(
                    _("The CSV file has more than %(count)s rows. (Limit %(name)s.)")
                    % {"count": f"{most:,}", "name": setting_name("rows")}
                )
            yield number, enumerate(record)
    except csv.Error as error:
        raise FileRefused(
            _("Row %(row)s of the CSV file cannot be read: %(error)s.")
            % {"row": number + 1, "error": error}
        ) from error


def read_csv(file, layout: Layout, limits: Limits) -> Iterator[tuple[int, dict]]:
    """UTF-8 (with or without BOM), comma or semicolon separated."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        lines = _lines(text, limits)
        first = next(lines, "")
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(_chain(first, lines), delimiter=delimiter)
        yield from _rows(_records(reader, limits), layout)
    except UnicodeDecodeError as error:
        raise FileRefused(_("The CSV file is not in UTF-8: save it as “CSV UTF-8”.")) from error
    finally:
        text.detach()  # leave the caller's file open: the importer reads it twice


def _chain(first, lines):
    if first:
        yield first
    yield from lines


def _size(file) -> int | None:
    size = getattr(file, "size", None)
    if size is None:
        try:
            position = file.tell()
            size = file.seek(0, io.SEEK_END)
            file.seek(position)
        except (AttributeError, OSError, ValueError):
            return None
    return size


def read_rows(file, file_format: str, layout: Layout, limits: Limits | None = None):
    """Rows of a binary file object; `file_format` is "xlsx" or "csv"."""
    limits = limits or Limits.from_settings()
    size = _size(file)
    if size is not None and size > limits.upload_bytes:
        raise FileRefused(too_big_message(size, limits))
    if file_format == "csv":
        return read_csv(file, layout, limits)
    if file_format == "xlsx":
        return read_xlsx(file, layout, limits)
    raise FileRefused(_("Upload an XLSX or CSV file."))


def too_big_message(size: int, limits: Limits) -> str:
    return _("The file is %(size)s MB; files up to %(limit)s MB are read. (Limit %(name)s.)") % {
        "size": f"{size / (1024 * 1024):,.1f}",
        "limit": f"{limits.upload_bytes / (1024 * 1024):,.0f}",
        "name": setting_name("upload_bytes"),
    }


def file_format_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
