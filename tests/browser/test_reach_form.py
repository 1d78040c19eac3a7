"""Issue 6's form path in a real Chromium: a Senegal reporter enters a report with its figures
grid (the running total turns red on a mismatch, then fixes it), saves and submits it; an M&E
officer validates it and locks the month.

Issue 12 item 6 on the way: on a 360-px phone every input of a four-band grid can be reached
(on screen, or in the grid's own sideways-scrolling box) and the month reads on one line; the
organisation is preselected, the data source is not, and the material and language lists follow
the campaign chosen without a reload."""

import re

import pytest

from campaigns.models import MonthLock, ReachReport
from campaigns.reach.models import Status
from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot
from tests.factories import AgeBandFactory, campaign_page, material

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSPECT = re.compile(r".*/reachreport/inspect/\d+/$")


def take_step(page, name):
    page.locator(f"[data-reach-steps] a[data-step={name}]").click()
    page.locator(f"button[name=action-{name}]").click()
    page.wait_for_url(INSPECT)


# Each grid input on screen, else in a sideways-scrolling grid box that brings it on screen (and
# not under the sticky row labels); every other field on screen (a select as wide as its longest
# choice once pushed the whole form sideways); the page itself never scrolls sideways.
RIVER_LEAFLET = "River leaflet for community sessions in the Saint-Louis and Matam regions"
SELECTS_CUT_OFF = """(width) => [...document.querySelectorAll("form select")]
  .filter((s) => { const r = s.getBoundingClientRect(); return r.width && r.right > width; })
  .map((s) => `${s.name} ends at ${Math.round(s.getBoundingClientRect().right)}`)"""
UNREACHABLE_INPUTS = """(width) => {
  const problems = [];
  for (const input of document.querySelectorAll("[data-reach-indicator] table input")) {
    const box = input.closest("[data-reach-grid-scroll]");
    if (box) box.scrollLeft = 0;
    let r = input.getBoundingClientRect();
    if (r.left >= 0 && r.right <= width) continue;
    const overflow = box ? getComputedStyle(box).overflowX : "";
    if (!["auto", "scroll"].includes(overflow)) {
      problems.push(`${input.name} cut off at ${Math.round(r.left)}-${Math.round(r.right)}`);
      continue;
    }
    const b = box.getBoundingClientRect();
    box.scrollLeft += r.right - Math.min(width, b.right) + 4;
    r = input.getBoundingClientRect();
    const label = input.closest("tr").querySelector("th").getBoundingClientRect();
    if (r.left < Math.max(0, b.left, label.right - 1) || r.right > Math.min(width, b.right) + 1) {
      problems.push(`${input.name} not reachable by scrolling its grid`);
    }
    box.scrollLeft = 0;
  }
  for (const field of document.querySelectorAll("form select, form textarea, form input")) {
    const r = field.getBoundingClientRect();
    if (!field.closest("[data-reach-grid-scroll]") && r.width && (r.left < 0 || r.right > width)) {
      problems.push(`${field.name} cut off at ${Math.round(r.left)}-${Math.round(r.right)}`);
    }
  }
  const page = document.scrollingElement;
  if (page.scrollWidth > width) problems.push(`the page is ${page.scrollWidth}px wide`);
  return problems;
}"""

# The month input's text ("September 2025" in the user's language) fits its box on one line.
MONTH_FITS = """(input) => {
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const [year, month] = input.value.split("-").map(Number);
  const text = new Date(year, month - 1, 1).toLocaleDateString(
    document.documentElement.lang || undefined, {month: "long", year: "numeric"});
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const box = input.getBoundingClientRect();
  return {text, need: context.measureText(text).width + 28, room, left: box.left, right: box.right};
}"""


def check_the_form_on_a_phone(page, artifacts):
    """360 px wide: the grid's inputs are reachable and the month is on one line."""
    page.set_viewport_size({"width": 360, "height": 780})
    page.fill("input[name=month]", "2025-09")  # the longest month name
    page.locator("textarea[name=notes]").click()  # close the date picker
    month = page.locator("input[name=month]")
    month.scroll_into_view_if_needed()
    fits = month.evaluate(MONTH_FITS)
    assert fits["need"] <= fits["room"] and fits["left"] >= 0 and fits["right"] <= 360, fits
    label = page.locator("label[for=id_month]").bounding_box()
    line = page.locator("label[for=id_region]").bounding_box()
    assert label["height"] <= line["height"] + 1, (label, line)  # one line, like its neighbours
    keep_screenshot(page, artifacts / "reach-form-360-month.png")
    assert page.evaluate(UNREACHABLE_INPUTS, 360) == []
    grid = page.locator('[data-reach-indicator="people-reached"] [data-reach-grid-scroll]')
    grid.scroll_into_view_if_needed()
    keep_screenshot(page, artifacts / "reach-form-360-grid.png")
    page.set_viewport_size({"width": 1280, "height": 900})


def options(page, name):
    return page.locator(f"select[name={name}] option").all_inner_texts()


def test_a_reporter_enters_and_submits_figures_an_me_officer_validates_and_locks(
    browser_page,
    world,
    artifacts,
):
    # Four age bands, as in the demo: 0-14, 15-24, 25-34, 35+.
    world.adults.name, world.adults.max_age = "25–34", 34
    world.adults.save()
    AgeBandFactory(code="0-14", name="0–14", min_age=0, max_age=14, sort_order=0)
    AgeBandFactory(code="35-plus", name="35+", min_age=35, max_age=None, sort_order=3)
    river = campaign_page(world.sn_campaign.get_parent(), slug="river", title="River (SN)")
    # A long title, as real materials have: its select must not push the form sideways.
    material(river, languages=("fr",), title=RIVER_LEAFLET)
    material(world.gn_campaign, languages=("fr",), title="Sea poster")

    page = browser_page
    log_in(page, "sn-reporter")
    page.goto("/admin/snippets/campaigns/reachreport/add/")
    # One organisation: already chosen. No data source chosen for the reporter.
    assert page.input_value("select[name=organisation]") == str(world.iom_senegal.pk)
    assert page.input_value("select[name=data_source]") == ""
    # The material list follows the campaign, without a reload.
    page.select_option("select[name=campaign]", str(river.pk))
    assert options(page, "material")[1:] == [RIVER_LEAFLET]
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate(SELECTS_CUT_OFF, 360) == []  # the long title's select fits too
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("select[name=campaign]", str(world.sn_campaign.pk))
    assert options(page, "material")[1:] == ["Poster"]
    check_the_form_on_a_phone(page, artifacts)
    page.fill("input[name=month]", "2026-04")
    page.locator("textarea[name=notes]").click()  # close the date picker
    page.select_option("select[name=region]", str(world.thies.pk))
    page.select_option("select[name=channel]", str(world.sessions.pk))
    page.select_option("select[name=data_source]", "attendance")
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
    # Guinea's campaign: its material, and its languages (no Wolof), without a reload.
    page.goto("/admin/snippets/campaigns/reachreport/add/")
    assert "Wolof" in options(page, "language")
    page.select_option("select[name=campaign]", str(world.gn_campaign.pk))
    assert options(page, "material")[1:] == ["Sea poster"]
    assert "Wolof" not in options(page, "language") and "French" in options(page, "language")
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
