"""Reach > Dashboard in a real Chromium: an M&E officer filters Senegal and the EU's funding,
groups by channel, and reads the totals, the charts and their tables, the targets; at 360 px the
page itself never scrolls sideways (tables scroll in their own box); the XLSX downloads."""

import datetime
import re

import pytest
from django.utils import timezone

from campaigns.models import Target
from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot
from tests.factories import agreement, allocation, funder, reach_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Boxes sticking out of the screen that are not inside a box scrolling sideways on its own.
STICKING_OUT = """(width) => [...document.querySelectorAll("main *")].filter((el) => {
  const r = el.getBoundingClientRect();
  if (!r.width || r.right <= width + 1 || el.closest("details:not([open])")) return false;
  const root = document.querySelector("[data-reach-dashboard]");
  for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
    if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return false;
  }
  return true;
}).slice(0, 8).map((el) => `${el.tagName}.${el.className} ${el.name || ""} ${el.type || ""}: `
  + `${Math.round(el.getBoundingClientRect().left)}-${Math.round(el.getBoundingClientRect().right)}`
  + ` in ${el.parentElement.className}`)"""


def snapshot(page, path):
    """A picture of the whole dashboard for people to look at (the admin scrolls inside its
    own box, so the window is made as tall as the dashboard first); never a reason to fail."""
    size = page.viewport_size
    height = page.evaluate(
        "Math.ceil(document.querySelector('[data-reach-dashboard]').scrollHeight + 200)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(height, 12000)})
    keep_screenshot(page, path, full_page=True)
    page.set_viewport_size(size)


def months_back(count):
    month = timezone.localdate().replace(day=1)
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def build(world):
    """Senegal, funded by the EU: radio and community sessions in the last months; Guinea:
    radio, not funded by the EU (filtered out)."""
    eu = funder(name="European Union", logo=False)
    allocation(agreement(eu, reference="EU-2026"), world.sn_campaign)
    last, before = months_back(1), months_back(2)
    people = world.people
    for month, region, channel, count in (
        (before, world.dakar, world.radio, 1200),
        (last, world.dakar, world.radio, 1500),
        (last, world.thies, world.sessions, 340),
    ):
        reach_report(
            world.sn_campaign, world.iom_senegal, region, channel, month,
            {people: (count, [("female", world.youth, count - 100), ("male", world.adults, 100)])},
            language="wo", status="validated",
        )  # fmt: skip
    reach_report(
        world.gn_campaign, world.radio_guinea, world.conakry, world.radio, last, {people: 777},
        status="validated",
    )  # fmt: skip
    Target.objects.create(campaign=world.sn_campaign, indicator=people, value=10000)
    return eu


@pytest.mark.parametrize("browser_page", [{"width": 360, "height": 780}], indirect=True)
def test_me_officer_filters_senegal_and_eu_funding_on_a_phone(browser_page, world, artifacts):
    eu = build(world)
    page = browser_page
    log_in(page, world.me_officer.username)
    page.goto("/admin/reporting/dashboard/")
    assert page.locator("[data-dashboard-default]").is_visible()  # says what it shows
    page.locator("[data-dashboard-filters] > summary").click()
    page.select_option("select[name=country]", str(world.senegal.pk))
    page.select_option("select[name=funder]", str(eu.pk))
    page.select_option("select[name=by]", "channel")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r".*country=.*funder=.*by=channel"))

    totals = page.locator("[data-dashboard-totals] [data-indicator=people-reached] [data-total]")
    assert totals.inner_text() == "3,040"  # Senegal's only: Guinea's 777 is not EU-funded
    by_channel = page.locator("[data-dashboard-by=channel] [data-dashboard-table]")
    assert "Radio" in by_channel.inner_text() and "Community sessions" in by_channel.inner_text()
    assert "777" not in page.locator("main").inner_text()
    charts = page.locator("[data-reach-dashboard] svg[role=img]")
    assert charts.count() >= 4  # by channel, per month, target, sex and age
    assert charts.first.is_visible()
    assert "30%" in page.locator("[data-dashboard-targets]").inner_text()  # 3,040 of 10,000

    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert page.evaluate(STICKING_OUT, 360) == []
    page.locator("[data-dashboard-filters] > summary").click()  # the filters fit too
    assert page.evaluate(STICKING_OUT, 360) == []
    snapshot(page, artifacts / "dashboard-360.png")

    with page.expect_download() as download:
        page.locator("[data-dashboard-exports] button", has_text="XLSX").click()  # a form (POST)
    assert download.value.suggested_filename.startswith("reach-by-channel-")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280 + 1
    page.reload()
    snapshot(page, artifacts / "dashboard-1280.png")
