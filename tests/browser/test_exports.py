"""The background exports in a real Chromium (views/exports.py): an M&E officer presses an
export button of the dashboard and of the IATI screen (forms that POST with the CSRF token),
lands on the export's page, which follows the worker until the file is offered; an old link
to the export's address (a GET) shows the button and queues nothing until it is pressed."""

import re

import pytest
from django_tasks_db.models import DBTaskResult

from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot
from tests.factories import reach_report
from tests.reporting.test_export_tasks import run_queued

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPORT_PAGE = re.compile(r".*/admin/reporting/exports/[0-9a-f-]+/$")


def follow_to_the_file(page):
    """The export's page waits, then (the worker having run) offers the file."""
    page.wait_for_url(EXPORT_PAGE)
    assert page.locator('[data-export-status="pending"]').is_visible()
    assert DBTaskResult.objects.count() == 1
    run_queued()
    ready = page.locator('[data-export-status="ready"] a')  # after the page's own reload
    ready.wait_for()
    with page.expect_download() as download:
        ready.click()
    return download.value.suggested_filename


def test_the_dashboards_button_queues_and_lands_on_the_exports_page(
    browser_page, world, database_queue, artifacts
):
    import datetime

    reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio,
        datetime.date(2026, 2, 1), {world.people: 1500}, status="validated",
    )  # fmt: skip
    page = browser_page
    log_in(page, world.me_officer.username)
    page.goto("/admin/reporting/dashboard/?month_from=&by=country")
    assert not DBTaskResult.objects.exists()  # showing the buttons queues nothing
    page.locator("[data-dashboard-exports] button", has_text="CSV").click()
    assert follow_to_the_file(page).startswith("reach-by-country")
    keep_screenshot(page, artifacts / "export-ready.png")


def test_an_old_link_shows_the_button_and_the_iati_screens_button_queues(
    browser_page, world, database_queue, artifacts
):
    page = browser_page
    log_in(page, world.me_officer.username)
    page.goto("/admin/reporting/dashboard/export/csv/?month_from=&by=country")  # a bookmark
    assert page.locator("[data-export-start] button").is_visible()
    keep_screenshot(page, artifacts / "export-button.png")
    page.goto("/admin/reporting/iati/?download=1")  # the IATI screen's old download link
    assert page.locator("[data-iati-download] button").is_visible()
    assert not DBTaskResult.objects.exists()
    page.locator("[data-iati-download] button").click()
    assert follow_to_the_file(page).endswith(".xml")
