"""A Senegal reporter reports by spreadsheet: template, one bad row, fix, import, submit.

The Dakar report's second row leaves its report-level cells blank ("as above", issue 12 item 4)
and the result page lists the reports created, with their totals and links."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from campaigns.reach.models import ReachReport, Status
from tests.browser.admin_steps import log_in
from tests.conftest import ARTIFACTS, keep_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(template: bytes, region_of_second_report: str) -> bytes:
    """Two reports of March: Dakar (people reached, split; broadcasts on a second row, its
    data source, verification and notes blank: as above) and another region (broadcasts)."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Reach"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    first_free = next(
        row for row in range(2, sheet.max_row + 1)
        if not sheet.cell(row, columns["Organisation"]).value
    )  # fmt: skip
    header = {"Data source": "attendance", "Verification": "documents"}
    rows = [
        {"Region": "SN-DK · Dakar", "Indicator": "people-reached", "Total": 30,
         "Female 15-24": 20, "Male 25+": 10, "Notes": "Spots in Wolof", **header},
        {"Region": "SN-DK · Dakar", "Indicator": "broadcasts", "Total": 6},
        {"Region": region_of_second_report, "Indicator": "broadcasts", "Total": 4, **header},
    ]  # fmt: skip
    for offset, values in enumerate(rows):
        values |= {"Organisation": "IOM Senegal", "Month": "2026-03", "Channel": "radio"}
        for name, value in values.items():
            sheet.cell(first_free + offset, columns[name], value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(page, content: bytes):
    page.goto("/admin/reach/spreadsheet/upload/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "reach-march.xlsx", "mimeType": "application/octet-stream",
                "buffer": content}],
    )  # fmt: skip
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/admin/reach/spreadsheet/*/")


def test_a_reporter_uploads_fixes_a_row_and_submits(browser_page, world):
    page = browser_page
    log_in(page, "sn-reporter")
    page.goto("/admin/reach/spreadsheet/")
    page.get_by_role("link", name="Download a template").click()
    page.select_option("select[name=campaign]", str(world.sn_campaign.pk))
    page.fill("input[name=start]", "2026-01")
    page.fill("input[name=end]", "2026-06")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the template").click()
    template = open(download.value.path(), "rb").read()  # noqa: SIM115 (read at once)

    upload(page, fill(template, "SN-XX"))
    report = page.locator("table.reach-row-report")
    # The import's page may still be polling (reloading) when it lands: expect() waits for the
    # outcome where page.content() would race a navigation.
    expect(page.locator("body")).to_contain_text("nothing was saved")
    row = report.locator("tbody tr").first
    assert row.locator("td").nth(1).inner_text() == "Region"
    assert row.locator("td").nth(2).inner_text() == "SN-XX"
    keep_screenshot(page, ARTIFACTS / "reach-upload-row-report.png", full_page=True)
    assert not ReachReport.objects.exists()

    upload(page, fill(template, "SN-TH · Thiès"))
    expect(page.locator("[data-count=created]")).to_have_text("2")
    listed = page.locator("table[data-outcome=created] tbody tr")
    assert listed.count() == 2
    dakar = listed.filter(has_text="SN-DK")
    assert "people-reached 30 · broadcasts 6" in dakar.locator("td").nth(1).inner_text()
    assert "/reachreport/inspect/" in dakar.get_by_role("link").get_attribute("href")
    page.get_by_role("button", name="Submit these 2 reports").click()
    expect(page.locator("body")).to_contain_text("2 reports submitted for validation.")
    reports = ReachReport.objects.filter(campaign=world.sn_campaign)
    assert reports.get(region__code="SN-DK").notes == "Spots in Wolof"
    assert sorted(reports.values_list("region__code", "status")) == [
        ("SN-DK", Status.SUBMITTED),
        ("SN-TH", Status.SUBMITTED),
    ]
    keep_screenshot(page, ARTIFACTS / "reach-upload-submitted.png", full_page=True)
