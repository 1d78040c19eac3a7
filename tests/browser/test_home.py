"""The public home page in a real Chromium: language, direction, switcher, no foreign requests."""

import pytest

from tests.conftest import keep_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_in_english_then_switch_to_pashto(browser_page, home):
    page = browser_page
    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Know the risks. Know your options."

    # The language menu is a disclosure naming the current language; it opens on a tap.
    page.locator(".language-menu > summary").click()
    switcher = page.get_by_role("navigation", name="Languages")
    assert switcher.get_by_role("link", name="English").get_attribute("aria-current") == "page"
    switcher.get_by_role("link", name="پښتو").click()
    page.wait_for_url("**/ps/")
    assert page.locator("html").get_attribute("lang") == "ps"
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The page really lays out right to left: the header starts on the right.
    direction = page.evaluate("getComputedStyle(document.querySelector('header')).direction")
    assert direction == "rtl"
    assert page.requests, "the browser made no request at all"
    assert page.requests.foreign() == []


@pytest.mark.parametrize("browser_page", [{"width": 360, "height": 740}], indirect=True)
def test_skip_link_is_first_and_visible_on_focus_on_a_narrow_screen(browser_page, home, artifacts):
    page = browser_page
    page.goto("/ar/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    keep_screenshot(page, artifacts / "home-ar-narrow.png", full_page=True)
