"""Issue 12, items 1-3 in a real Chromium, as an M&E officer: the listing's main link of a
submitted report opens its screen with the steps, three reports are validated at once from the
listing, and a month is locked after confirming what it freezes, then reopened with a reason."""

import re

import pytest

from campaigns.models import MonthLock, ReachReport
from campaigns.reach.models import Status
from tests.browser.admin_steps import log_in
from tests.factories import reach_report
from tests.reach.conftest import MARCH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTING = "/admin/snippets/campaigns/reachreport/"


def test_an_me_officer_opens_bulk_validates_locks_and_reopens_a_month(browser_page, world):
    page = browser_page
    w = world
    submitted = [
        reach_report(w.sn_campaign, w.iom_senegal, region, channel, MARCH, {w.broadcasts: 2},
                     status=Status.SUBMITTED)
        for region, channel in ((w.dakar, w.radio), (w.thies, w.radio), (w.dakar, w.sessions))
    ]  # fmt: skip
    draft = reach_report(w.sn_campaign, w.iom_senegal, w.thies, w.sessions, MARCH, {})
    log_in(page, "me-officer")

    # 1. The main link of a submitted report opens its screen, where Validate is offered.
    page.goto(LISTING)
    page.locator(f"#snippet_{submitted[0].pk}_title").click()
    page.wait_for_url(re.compile(rf".*/reachreport/inspect/{submitted[0].pk}/$"))
    assert page.locator("[data-reach-steps] a[data-step=validate]").is_visible()

    # 2. The three submitted reports validated at once from the listing.
    page.goto(LISTING)
    for report in submitted:
        page.locator(f"input.bulk-action-checkbox[data-object-id='{report.pk}']").check()
    page.locator(".bulk-actions-buttons").get_by_role("link", name="Validate").click()
    page.wait_for_url(re.compile(r".*/admin/bulk/campaigns/reachreport/validate/.*"))
    page.locator("main form").get_by_role("button", name="Validate").click()
    page.wait_for_url(re.compile(rf".*{LISTING}.*"))
    assert "3 reports validated." in page.locator(".messages").inner_text()
    statuses = set(ReachReport.objects.filter(pk__in=[r.pk for r in submitted])
                   .values_list("status", flat=True))  # fmt: skip
    assert statuses == {Status.VALIDATED}

    # 3. Lock the month after confirming the draft it freezes, then reopen it with a reason.
    page.goto(f"/admin/reach/months/lock/?country={w.senegal.pk}&month=2026-03")
    frozen = page.locator("[data-reach-month-status=draft]")
    assert frozen.get_by_role("link").count() == 1
    page.locator("input[name=freeze]").check()
    page.locator("button[name=action-lock-month]").click()
    page.wait_for_url(re.compile(r".*/admin/reach/months/$"))
    assert MonthLock.objects.filter(country=w.senegal, month=MARCH).exists()
    page.locator("a[data-reopen-month]").click()
    page.fill("textarea[name=reason]", "Late radio logs")
    page.locator("button[name=action-reopen-month]").click()
    page.wait_for_url(re.compile(r".*/admin/reach/months/$"))
    assert not MonthLock.objects.exists()
    assert ReachReport.objects.get(pk=submitted[0].pk).status == Status.VALIDATED
    assert ReachReport.objects.get(pk=draft.pk).status == Status.DRAFT
