"""Reach > Languages and materials in a real Chromium on a 360-px phone: the three sections read
without the page scrolling sideways (tables become labelled rows), and a section downloads."""

import pytest

from tests.browser.admin_steps import log_in
from tests.reporting.test_languages import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Boxes sticking out of a 360-px screen, outside any box that scrolls sideways on its own.
STICKING_OUT = """(width) => [...document.querySelectorAll("main *")].filter((el) => {
  const r = el.getBoundingClientRect();
  if (!r.width || r.right <= width + 1) return false;
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return false;
  }
  return true;
}).slice(0, 8).map((el) => `${el.tagName}.${el.className}: ${el.getBoundingClientRect().right}`)"""


@pytest.mark.parametrize("browser_page", [{"width": 360, "height": 780}], indirect=True)
def test_me_officer_reads_the_languages_screen_on_a_phone(browser_page, world, artifacts):
    build(world)
    page = browser_page
    log_in(page, world.me_officer.username)
    page.goto("/admin/reporting/languages/")
    stale = page.locator(f'[data-section=distributions] tr[data-material="{world.stale.pk}"]')
    assert "older than the source" in stale.inner_text()
    assert "People reached" in stale.inner_text() and "200" in stale.inner_text()
    pulaar = page.locator("[data-section=coverage] table[data-country=SN] tr[data-language=ff]")
    assert "reach but no published content" in pulaar.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert page.evaluate(STICKING_OUT, 360) == []
    page.locator("[data-languages-filters] > summary").click()  # the filters fit too
    assert page.evaluate(STICKING_OUT, 360) == []
    page.set_viewport_size({"width": 360, "height": 3600})  # the admin scrolls in its own box
    page.screenshot(path=artifacts / "languages-360.png")
    with page.expect_download() as download:
        page.locator("[data-section=coverage] .rl-downloads a", has_text="XLSX").click()
    assert download.value.suggested_filename == "reach-coverage.xlsx"
