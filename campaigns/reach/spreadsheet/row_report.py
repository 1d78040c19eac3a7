"""The row-by-row report of an import (row, column, value, what is wrong) as XLSX or CSV."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from campaigns.access.exports import csv_cell, xlsx_cell


def headings() -> list[str]:
    return [_("Row"), _("Column"), _("Value"), _("What is wrong"), _("Level")]


def _cells(problem: dict) -> list:
    return [problem.get("row"), problem.get("column"), problem.get("value"),
            problem.get("message"), problem.get("level")]  # fmt: skip


def as_csv(problems: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings())
    for problem in problems:
        # A reporter's cell is shown as text, never run as a formula by whoever opens the report.
        writer.writerow(["" if cell is None else csv_cell(cell) for cell in _cells(problem)])
    return ("\ufeff" + out.getvalue()).encode()  # BOM: spreadsheet programs then read UTF-8


def as_xlsx(problems: list[dict]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Problems"))
    for letter, width in zip("ABCDE", (8, 18, 30, 80, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headings():
        cell = xlsx_cell(sheet, text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for problem in problems:  # text cells are text, never formulas; numbers stay numbers
        sheet.append([xlsx_cell(sheet, value) for value in _cells(problem)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def as_text(problems: list[dict]) -> str:
    """For the command line: one line per problem."""
    lines = []
    for problem in problems:
        where = _("row %(row)s") % {"row": problem["row"]} if problem.get("row") else _("file")
        column = f", {problem['column']}" if problem.get("column") else ""
        value = problem.get("value")
        shown = f" = {value!r}" if value not in (None, "") else ""
        lines.append(
            f"{problem.get('level', 'error')}: {where}{column}{shown}: {problem['message']}"
        )
    return "\n".join(lines)
