"""The XLSX template for one campaign and period, pre-filled with the user's figures.

Sheet "Reach" has one row per report and indicator (columns in campaigns.reach.spreadsheet
.columns), with drop-down lists taken from a hidden "Lists" sheet; "Instructions" explains the
columns and indicators in the user's language. Reports the user can see for that campaign and
period are filled in, so download, change, upload round-trips (with "update existing").
"""

import datetime
from io import BytesIO

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns.access.exports import text_never_formula
from campaigns.reach.access import organisations_for_reporting, reports_visible_to
from campaigns.reach.models import (
    AgeBand,
    DataSource,
    Indicator,
    ReachBreakdown,
    ReachValue,
    Verification,
)

from . import columns as col
from .columns import labelled, layout

EMPTY_ROWS = 500  # rows below the pre-filled ones that carry the drop-downs
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WIDTHS = {col.CAMPAIGN: 22, col.ORGANISATION: 24, col.MONTH: 10, col.REGION: 22,
          col.CHANNEL: 24, col.MATERIAL: 48, col.LANGUAGE: 10, col.INDICATOR: 36,
          col.TOTAL: 10, col.DATA_SOURCE: 14, col.VERIFICATION: 14, col.NOTES: 40}  # fmt: skip


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def template_months(campaign, start, end, today=None) -> list[datetime.date]:
    """The period's months within the campaign's dates, past months only (the current month is
    still running: the rules refuse it, so the template does not offer it)."""
    today = today or timezone.localdate()
    return [
        month
        for month in months_between(start, end)
        if month < today.replace(day=1)
        and (not campaign.start_date or month >= campaign.start_date.replace(day=1))
        and (not campaign.end_date or month <= campaign.end_date)
    ]


def _lists(campaign, user, months, indicators):
    country = campaign.country
    organisations = organisations_for_reporting(user).filter(countries=country).order_by("name")
    from campaigns.models import Channel

    materials = campaign.materials.order_by("title")
    return {
        col.CAMPAIGN: [campaign.code],
        col.ORGANISATION: [org.name for org in organisations],
        col.MONTH: [f"{month:%Y-%m}" for month in months],
        col.REGION: [labelled(r.code, r.name) for r in country.regions.order_by("code")],
        col.CHANNEL: [labelled(c.code, c.name) for c in Channel.objects.all()],
        col.MATERIAL: [labelled(m.uuid, m.title) for m in materials],
        col.LANGUAGE: country.language_codes,
        col.INDICATOR: [labelled(i.code, i.name) for i in indicators],
        col.DATA_SOURCE: list(DataSource.values),
        col.VERIFICATION: list(Verification.values),
    }


def _existing_rows(campaign, user, months, sheet_layout):
    """The visible current reports of the period, one row per indicator."""
    if not months:
        return
    reports = (
        reports_visible_to(user)
        .filter(campaign=campaign, is_current=True, month__gte=months[0], month__lte=months[-1])
        .select_related("organisation", "region", "channel", "material")
        .prefetch_related(
            Prefetch(
                "values",
                ReachValue.objects.select_related("indicator").prefetch_related(
                    Prefetch("breakdown", ReachBreakdown.objects.select_related("age_band"))
                ),
            )
        )
        .order_by("month", "organisation__name", "region__code", "channel__code")
    )
    for report in reports:
        for value in sorted(report.values.all(), key=lambda v: v.indicator.code):
            row = {
                col.CAMPAIGN: campaign.code,
                col.ORGANISATION: report.organisation.name,
                col.MONTH: f"{report.month:%Y-%m}",
                col.REGION: labelled(report.region.code, report.region.name),
                col.CHANNEL: labelled(report.channel.code, report.channel.name),
                col.MATERIAL: labelled(report.material.uuid, report.material.title)
                if report.material
                else None,
                col.LANGUAGE: report.language or None,
                col.INDICATOR: labelled(value.indicator.code, value.indicator.name),
                col.TOTAL: value.total,
                col.DATA_SOURCE: report.data_source,
                col.VERIFICATION: report.verification,
                col.NOTES: report.notes or None,
            }
            for cell in value.breakdown.all():
                column = sheet_layout.cell_column(
                    cell.sex, cell.age_band.code if cell.age_band else None
                )
                row[column] = cell.count
            yield row


def _instructions(sheet, indicators, sheet_layout):
    bold = Font(bold=True)
    lines = [
        (_("How to fill in this file"),),
        (_("One row per report and indicator: campaign, organisation, month, region and "
           "channel name the report; repeat them on each of its indicators' rows."),),
        (_("Material, language, data source, verification and notes belong to the report: "
           "left blank on its later rows, they are as on its first row."),),
        (_("Choose values from the drop-down lists; the code before “·” is what counts."),),
        (_("Give whole numbers. Fill only the breakdown columns the row's indicator uses "
           "(see below); the breakdown must add up to the total."),),
        (_("Months are written YYYY-MM. Past months only, within the campaign's dates."),),
        (_("Upload the file under Reach > Import spreadsheet. If any row is wrong, nothing "
           "is saved and you get a row-by-row report. Uploading the same file twice does not "
           "count twice; to change figures already sent, tick “update existing open reports”."),),
        (),
        (_("Code"), _("Name"), _("Definition"), _("Unit"), _("Breakdown columns")),
    ]  # fmt: skip
    for row in lines:
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[len(lines)]:
        cell.font = bold
    for indicator in indicators:
        if indicator.by_sex and indicator.by_age:
            cells = [c for c, (sex, band) in sheet_layout.cells.items() if sex and band]
        elif indicator.by_sex:
            cells = [c for c, (sex, band) in sheet_layout.cells.items() if sex and not band]
        elif indicator.by_age:
            cells = [c for c, (sex, band) in sheet_layout.cells.items() if band and not sex]
        else:
            cells = [_("none (total only)")]
        sheet.append(
            [indicator.code, indicator.name, indicator.definition, indicator.unit, ", ".join(cells)]
        )
    for letter, width in zip("ABCDE", (22, 36, 60, 12, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def build_template(campaign, user, start, end, today=None) -> bytes:
    """The workbook as bytes; `start`/`end` are months (first days)."""
    months = template_months(campaign, start, end, today)
    indicators = list(Indicator.objects.filter(active=True).order_by("code"))
    sheet_layout = layout(list(AgeBand.objects.values_list("code", "name")))
    lists = _lists(campaign, user, months, indicators)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Reach"
    sheet.append(sheet_layout.columns)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    sheet.freeze_panes = "A2"
    positions = {name: index for index, name in enumerate(sheet_layout.columns, 1)}
    for row in _existing_rows(campaign, user, months, sheet_layout):
        sheet.append([row.get(name) for name in sheet_layout.columns])
    filled = sheet.max_row
    last = filled + EMPTY_ROWS
    for name, index in positions.items():
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(name, max(9, len(name) + 2))
        if name == col.MONTH:  # text, or spreadsheet programs turn 2026-03 into a date
            for row_number in range(2, last + 1):
                sheet.cell(row_number, index).number_format = "@"

    hidden = workbook.create_sheet("Lists")
    hidden.sheet_state = "hidden"
    for list_index, (name, items) in enumerate(lists.items(), 1):
        letter = get_column_letter(list_index)
        hidden.cell(1, list_index, name)
        for item_index, item in enumerate(items, 2):
            hidden.cell(item_index, list_index, item)
        if not items:
            continue
        validation = DataValidation(
            type="list",
            formula1=f"Lists!${letter}$2:${letter}${len(items) + 1}",
            allow_blank=True,
            showErrorMessage=name not in (col.MATERIAL,),
            errorStyle="warning",
            error=_("Choose a value from the list."),
        )
        sheet.add_data_validation(validation)
        column = get_column_letter(positions[name])
        validation.add(f"{column}2:{column}{last}")
        if name == col.CAMPAIGN:
            for row_number in range(filled + 1, last + 1):
                sheet.cell(row_number, positions[name], campaign.code)

    _instructions(workbook.create_sheet("Instructions"), indicators, sheet_layout)
    for worksheet in workbook.worksheets:  # text people typed (names, notes, definitions)
        text_never_formula(worksheet)  # stays text, never a live formula
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
