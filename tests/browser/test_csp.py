"""The Content-Security-Policy (cms/csp.py) breaks nothing: a real Chromium logs no violation on
the public pages (home, a campaign page, open data with its chart) or in the admin (sign-in,
dashboard, a page's editor with its preview, a country's editor with an inline panel)."""

import datetime

import pytest
from django.urls import reverse

from tests.browser.admin_steps import log_in
from tests.factories import reach_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each frame records the violations the browser reports (the preview's iframe included).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const { violatedDirective, blockedURI, sourceFile, lineNumber } = event;
  window.__csp.push(`${violatedDirective} ${blockedURI} ${sourceFile}:${lineNumber}`);
}, true);
"""


def violations(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate("window.__csp || []")
        except Exception:  # a frame gone meanwhile
            continue
    return found + page.csp_console


@pytest.fixture
def csp_page(browser_page):
    browser_page.add_init_script(RECORD_VIOLATIONS)
    browser_page.csp_console = []
    browser_page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and browser_page.csp_console.append(message.text)
        ),
    )
    return browser_page


def test_public_pages_keep_the_policy(csp_page, world):
    w = world
    reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, datetime.date(2026, 3, 1),
                 {w.people: 1200}, status="validated")  # fmt: skip
    page = csp_page
    response = page.goto("/en/")
    policy = response.headers["content-security-policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy  # no script at all
    assert page.locator("link[rel=stylesheet]").count() >= 1
    # The stylesheet applied: the header is laid out by site.css, not the browser's defaults.
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") in {
        "absolute",
        "fixed",
    }
    for path in (w.sn_campaign.get_url(), "/fr/open-data/"):
        page.goto(path)
        assert page.locator("h1").is_visible()
    # Open data's inline <style> (nonce) and the chart's (hash) both applied.
    assert page.evaluate("getComputedStyle(document.querySelector('.od-filters')).display") == (
        "flex"
    )
    assert page.locator(".od-chart svg").count() >= 1
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.od-chart svg .rc-text, .od-chart svg text'))"
        ".fontSize"
    ) in {"13px", "11px"}
    assert violations(page) == []


def test_admin_keeps_its_policy(csp_page, world, superuser):
    w = world
    page = csp_page
    response = page.goto("/admin/login/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    log_in(page, superuser.username)
    assert page.locator("main").is_visible()
    page.goto(f"/admin/pages/{w.sn_campaign.pk}/edit/")
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("iframe[id='w-preview-iframe']")
    assert "Desert (SN)" in preview.locator("h1").inner_text()
    page.goto(reverse("wagtailsnippets_campaigns_country:edit", args=[w.senegal.pk]))
    # The regions' inline panel is set up by an inline <script>: its "Add" button works.
    total = page.locator("#id_regions-TOTAL_FORMS")
    before = int(total.input_value())
    page.locator("#id_regions-ADD").click()
    assert int(total.input_value()) == before + 1
    assert violations(page) == []
