"""Issue 6's form path in a real Chromium: a Senegal reporter enters a report with its figures
grid (the running total turns red on a mismatch, then fixes it), saves and submits it; an M&E
officer validates it and locks the month."""

import re

import pytest

from campaigns.models import MonthLock, ReachReport
from campaigns.reach.models import Status
from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSPECT = re.compile(r".*/reachreport/inspect/\d+/$")


def take_step(page, name):
    page.locator(f"[data-reach-steps] a[data-step={name}]").click()
    page.locator(f"button[name=action-{name}]").click()
    page.wait_for_url(INSPECT)


def test_a_reporter_enters_and_submits_figures_an_me_officer_validates_and_locks(
    browser_page,
    world,
    artifacts,
):
    page = browser_page
    log_in(page, "sn-reporter")
    page.goto("/admin/snippets/campaigns/reachreport/add/")
    page.select_option("select[name=campaign]", str(world.sn_campaign.pk))
    page.select_option("select[name=organisation]", str(world.iom_senegal.pk))
    page.fill("input[name=month]", "2026-04")
    page.locator("textarea[name=notes]").click()  # close the date picker
    page.select_option("select[name=region]", str(world.thies.pk))
    page.select_option("select[name=channel]", str(world.sessions.pk))
    page.fill("textarea[name=notes]", "Two sessions in Thiès schools")

    block = page.locator('[data-reach-indicator="people-reached"]')
    block.locator("input[name='value__people-reached__total']").fill("10")
    block.locator("input[name='value__people-reached__female__15-24']").fill("6")
    block.locator("input[name='value__people-reached__male__25plus']").fill("3")
    running = block.locator("[data-reach-sum]")
    assert "reach-figure__sum--mismatch" in running.get_attribute("class")
    assert "adds up to 9, not to the total 10" in running.inner_text()
    keep_screenshot(page, artifacts / "reach-form-mismatch.png", full_page=True)
    block.locator("input[name='value__people-reached__male__25plus']").fill("4")
    assert "reach-figure__sum--ok" in running.get_attribute("class")
    keep_screenshot(page, artifacts / "reach-form-fixed.png", full_page=True)

    page.get_by_role("button", name="Save").click()
    page.wait_for_url(INSPECT)
    report = ReachReport.objects.get()
    assert report.values.get().total == 10
    take_step(page, "submit")
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    keep_screenshot(page, artifacts / "reach-report-submitted.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, "me-officer")
    page.goto(f"/admin/snippets/campaigns/reachreport/inspect/{report.pk}/")
    take_step(page, "validate")
    report.refresh_from_db()
    assert report.status == Status.VALIDATED

    page.goto("/admin/reach/months/lock/")
    page.select_option("select[name=country]", str(world.senegal.pk))
    page.fill("input[name=month]", "2026-04")
    page.get_by_role("button", name="Show the month's reports").click()
    page.wait_for_load_state()
    keep_screenshot(page, artifacts / "reach-lock-month.png", full_page=True)
    page.locator("button[name=action-lock-month]").click()
    page.wait_for_url(re.compile(r".*/admin/reach/months/$"))
    assert MonthLock.objects.filter(country=world.senegal, month="2026-04-01").exists()
    report.refresh_from_db()
    assert report.status == Status.LOCKED
    keep_screenshot(page, artifacts / "reach-locked-months.png", full_page=True)
