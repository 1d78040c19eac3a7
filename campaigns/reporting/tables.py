"""A dashboard view's figures as a table, written as CSV, XLSX or HXL with the filters on top.

A ``Table`` has a title, ``Column``s (a key, a heading in the reader's language, an optional HXL
hashtag such as ``#country+code`` or ``#reached+f``) and rows (dicts by key or tuples by
position). Each writer puts the title and the filters that chose the figures ("Country:
Senegal", "Period: 2026-01 – 2026-12", from ``ReachFilter.describe()``) above the table, one per
line, then a blank line, then the headings and the rows, so a file read months later still says
what it holds. Rows are read once per file written: pass a list to write several formats.

Choices, and why:

- CSV is UTF-8 with a byte order mark, comma-separated (RFC 4180). Without the BOM, Excel on
  Windows reads a CSV as the machine's ANSI code page and shows Arabic, Pashto or "Sénégal" as
  mojibake; with it, Excel and LibreOffice (which preselects UTF-8 in its import dialog) read
  every script right; Python (``utf-8-sig``) and pandas skip it, and libhxl reads it as part of
  the title line, which it passes over. A ``sep=,`` line is not written: Excel then ignores the
  BOM. People whose Excel expects ";" (French or Dutch settings) open the XLSX, which has no
  such ambiguity. Numbers are written plainly (``1234.5``), months as ``2026-01``, dates as
  ISO 8601, so tools read them without guessing a locale.
- XLSX (openpyxl's write-only mode, so memory stays flat with the number of rows): numbers are
  numbers, dates are dates (months shown ``yyyy-mm``), text is always text (control characters,
  which openpyxl refuses, are dropped).
- HXL is the same CSV with the hashtag row directly under the headings. libhxl (and so HDX and
  the HXL Proxy) first guesses the delimiter from the first line holding a "#" that splits, on
  any of ``, \\t ; : |``, into cells of which half are hashtags (``CSVInput._detect_delimiter``),
  then takes the first such row within 25 as the hashtag row and the row above as the headings
  (``Column.parse_list``). A filter line "Campaign: #EndMalaria" split on ":" is half hashtags,
  and a heading "#Reached" would be taken for a tag. So in the HXL file the "#" of the title,
  filter lines and headings is written as the fullwidth "＃" (U+FF03, which looks the same): the
  hashtag row is then the first line with a "#". libhxl compares cells after ``unidecode``, which
  turns "＃" back into "#", so a title or heading that would still start with "#" gets a leading
  "'" as well. At most ``MAX_FILTER_LINES`` filter lines keep the hashtag row within 25 rows.
- Every text cell goes through ``campaigns.access.exports`` (``csv_cell``/``xlsx_cell``), so a
  campaign title such as ``=HYPERLINK(...)`` stays text in any spreadsheet program.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from campaigns.access.exports import csv_cell, xlsx_cell

FORMATS = ("csv", "xlsx", "hxl")
MAX_FILTER_LINES = 20  # title + filters + blank + headings stay within libhxl's 25 rows
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "hxl": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"csv": ".csv", "hxl": "-hxl.csv", "xlsx": ".xlsx"}


@dataclass(frozen=True)
class Column:
    """A column: `key` finds the value in a dict row; `heading` is shown to people (in their
    language); `hxl` is the hashtag for the HXL file (``#reached+f``); `kind="month"` writes a
    date as ``2026-01``."""

    key: str
    heading: str
    hxl: str = ""
    kind: str = ""


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Mapping | Sequence] = field(default_factory=list)

    def headings(self) -> list[str]:
        return [str(column.heading) for column in self.columns]

    def hashtags(self) -> list[str]:
        return [column.hxl for column in self.columns]

    def values(self):
        """Each row's values in column order."""
        keys = [column.key for column in self.columns]
        for row in self.rows:
            if isinstance(row, Mapping):
                yield [row.get(key) for key in keys]
            else:
                yield list(row)[: len(keys)]


Filters = Sequence[tuple[str, str]]


def preamble(table: Table, filters: Filters) -> list[str]:
    """The lines above the table: its title, then "Label: value" per filter."""
    lines = [
        gettext("%(label)s: %(value)s") % {"label": label, "value": value}
        for label, value in filters
    ]
    if len(lines) > MAX_FILTER_LINES:
        lines[MAX_FILTER_LINES - 1 :] = ["; ".join(lines[MAX_FILTER_LINES - 1 :])]
    return [str(table.title), *lines]


def _plain(value, kind: str = ""):
    """A value as text for CSV: numbers plainly, months as 2026-01, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.strftime("%Y-%m") if kind == "month" else value.isoformat()
    return csv_cell(str(value))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _csv(table: Table, filters: Filters, hashtags: bool) -> bytes:
    if hashtags:
        from hxl.datatypes import normalise_string  # libhxl takes half a second to import

    def text(value: str) -> str:
        value = _one_line(value)
        if hashtags:
            value = value.replace("#", "\uff03")
            if normalise_string(value).startswith("#"):
                value = "'" + value
        return csv_cell(value)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in preamble(table, filters):
        writer.writerow([text(line)])
    writer.writerow([])
    writer.writerow([text(heading) for heading in table.headings()])
    if hashtags:
        writer.writerow(table.hashtags())
    kinds = [column.kind for column in table.columns]
    for values in table.values():
        writer.writerow([_plain(value, kind) for value, kind in zip(values, kinds, strict=False)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_csv(table: Table, filters: Filters = ()) -> bytes:
    """UTF-8 CSV (with a BOM) with the title and filters above the headings."""
    return _csv(table, filters, hashtags=False)


def as_hxl(table: Table, filters: Filters = ()) -> bytes:
    """The CSV with the HXL hashtag row directly under the headings (libhxl reads it).
    libhxl only finds a hashtag row in which at least half the cells are tags: a table with
    fewer tagged columns is a programming error (ValueError), not a file nobody can read."""
    tagged = sum(1 for tag in table.hashtags() if tag)
    if 2 * tagged < len(table.columns):
        raise ValueError(
            f"HXL needs at least half the columns tagged ({tagged} of {len(table.columns)})"
        )
    return _csv(table, filters, hashtags=True)


def sheet_title(title: str) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\ ."""
    title = _xlsx_text(title)
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip(" '")
    return cleaned[:31].strip() or gettext("Figures")


def as_xlsx(table: Table, filters: Filters = ()) -> bytes:
    """An XLSX workbook of one sheet: title (bold) and filters, a blank row, then the table
    with bold headings frozen at the top; numbers and dates keep their types."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(table.title))
    bold = Font(bold=True)
    lines = preamble(table, filters)
    header_row = len(lines) + 2
    sheet.freeze_panes = f"A{header_row + 1}"
    for index, column in enumerate(table.columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = max(12, min(len(str(column.heading)) + 4, 60))
    for number, line in enumerate(lines):
        cell = xlsx_cell(sheet, _xlsx_text(line))
        if number == 0:
            cell.font = bold
        sheet.append([cell])
    sheet.append([])
    headings = []
    for heading in table.headings():
        cell = xlsx_cell(sheet, _xlsx_text(heading))
        cell.font = bold
        headings.append(cell)
    sheet.append(headings)
    kinds = [column.kind for column in table.columns]
    for values in table.values():
        sheet.append(
            [_xlsx_value(sheet, value, kind) for value, kind in zip(values, kinds, strict=False)]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(sheet, value, kind: str):
    """A typed cell: numbers and dates as such (months shown yyyy-mm), anything else as text
    that is never a formula."""
    if isinstance(value, bool):
        value = _plain(value)
    if value is None or isinstance(value, int | float | Decimal | date):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date) and not isinstance(value, datetime):
            cell.number_format = "yyyy-mm" if kind == "month" else "yyyy-mm-dd"
        return cell
    return xlsx_cell(sheet, _xlsx_text(value))


def _xlsx_text(value) -> str:
    """Text openpyxl accepts: it refuses control characters (a vertical tab pasted into an
    organisation's name would stop the whole export)."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


WRITERS = {"csv": as_csv, "xlsx": as_xlsx, "hxl": as_hxl}


def download(table: Table, filters: Filters, fmt: str, filename: str) -> HttpResponse:
    """The table as a file to download: `fmt` is one of FORMATS (anything else raises
    ValueError: a view answers 404), `filename` the name without its extension."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown export format {fmt!r}; expected one of {FORMATS}")
    response = HttpResponse(WRITERS[fmt](table, filters), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename + EXTENSIONS[fmt]
    )
    return response
