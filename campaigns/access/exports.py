"""Spreadsheet exports never hand a formula to the person who opens them (CSV/formula injection).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their
fullwidth forms, which some spreadsheet programs also read as a formula) is run as a formula by
Excel, LibreOffice and Google Sheets when a CSV is opened: ``=HYPERLINK("https://…","Click")``
typed by a reporter in a note, a material title or a funder's name would become a live link or
worse for the M&E officer who downloads the list. The OWASP advice is followed:

- CSV: such a text is written with a leading single quote (``'=HYPERLINK(…)``), which spreadsheet
  programs show as text. Real numbers stay numbers: values of a number type are written as they
  are, and so is a text that is only a plain number (``-12``, ``+3.5``), which cannot be a formula.
- XLSX: every text cell is written with the string type (``data_type = "s"``), never as a formula,
  so the text reads back unchanged; numbers and dates keep their types.

Every list export in the admin is Wagtail's ``SpreadsheetExportMixin`` (the project's viewsets'
``list_export``, the campaign audit, and Wagtail's own reports such as the site history, which show
page titles). ``install()`` makes that mixin neutralise every cell and heading, so each of them, and
any export added later, is covered; campaigns.access.admin_hooks calls it once. The reach import's
row report (``campaigns/reach/spreadsheet/row_report.py``) writes its CSV and XLSX with
``csv_cell`` and ``xlsx_cell`` below.
"""

import re

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from wagtail.admin.views.mixins import SpreadsheetExportMixin

# What starts a formula (or a DDE call) in Excel, LibreOffice Calc or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program could read `text` as a formula. Leading spaces are looked
    through: some programs trim them before deciding."""
    stripped = text.lstrip(" ")
    return stripped.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(stripped)


def csv_cell(value):
    """`value` as it may be written to a CSV cell: a formula-like text gets a leading quote;
    anything else (numbers, dates, None, ordinary text) is returned unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def xlsx_cell(worksheet, value):
    """An openpyxl cell for a write-only `worksheet`: text is always text (never a formula);
    numbers, dates and None keep their types."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def text_never_formula(worksheet) -> None:
    """For a worksheet built in openpyxl's normal mode: every cell openpyxl took for a formula
    (text starting with ``=``) becomes text again. Call it before saving a workbook whose cells
    hold text that people typed (names, notes)."""
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


class SafeSpreadsheetExportMixin:
    """The neutralising versions of ``SpreadsheetExportMixin``'s cell and heading methods;
    ``install()`` puts them on that mixin, so every export view in the admin has them."""

    def preprocess_field_value(self, field, value, export_format):
        value = _wagtail_preprocess(self, field, readable_cell(self, field, value), export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return csv_cell(value)
        return value  # XLSX: Wagtail's generate_xlsx_row already turns "f" cells into text

    def get_heading(self, queryset, field):
        return csv_cell(_wagtail_get_heading(self, queryset, field))


def readable_cell(view, field, value):
    """A value as the reader's admin words it: "Yes"/"No" for a boolean (not True/False), a
    choice's label for its stored code ("Poster", not "poster")."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    model = getattr(view, "model", None)
    if isinstance(value, str) and model is not None and "." not in field:
        try:
            choices = model._meta.get_field(field).flatchoices
        except (FieldDoesNotExist, AttributeError):
            return value
        return str(dict(choices or ()).get(value, value))
    return value


_wagtail_preprocess = SpreadsheetExportMixin.preprocess_field_value
_wagtail_get_heading = SpreadsheetExportMixin.get_heading


def install() -> None:
    """Neutralise every export made with Wagtail's SpreadsheetExportMixin (idempotent)."""
    SpreadsheetExportMixin.preprocess_field_value = (
        SafeSpreadsheetExportMixin.preprocess_field_value
    )
    SpreadsheetExportMixin.get_heading = SafeSpreadsheetExportMixin.get_heading
    SpreadsheetExportMixin.neutralises_formulas = True
