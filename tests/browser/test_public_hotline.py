"""The hotline and the interface words on a 360 x 740 phone, in Chromium: the hotline in the first
screen of campaign and country pages (wo, ar, ti), the call bar on screen while scrolling (no
JavaScript), French words marked lang="fr" on a Wolof page, an Arabic number's digits in order.
Screenshots go to test-artifacts/ and /tmp."""

from pathlib import Path

import pytest
from django.utils import translation

from tests.conftest import keep_screenshot
from tests.factories import CountryFactory, campaign_page, country_page, image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path("/tmp")


@pytest.fixture
def phone_pages(transactional_db):
    countries = {
        "SN": CountryFactory(code="SN", languages="fr, wo, ff", hotline="+221 800 00 00 01"),
        "MA": CountryFactory(code="MA", languages="ar, fr, zgh", hotline="+212 800 00 00 05"),
        "ER": CountryFactory(code="ER", languages="ti", hotline="+291 800 00 10"),
    }
    body = [("text", f"<p>{'Long text. ' * 60}</p>")] * 8
    titles = {"SN": ("wo", "Màndiŋ mi du yoon"), "MA": ("ar", "البحر لا يرحم"),
              "ER": ("ti", "ባሕሪ ኣይምሕርን")}  # fmt: skip
    result = {}
    for key, country in countries.items():
        code, title = titles[key]
        page = campaign_page(
            country_page(country), slug=f"phone-{key.lower()}", image=image(title=f"p-{key}"),
            body=body, key_messages="Know the risks.", key_messages_fr="Connaître les risques.",
            **{f"title_{code}": title},
        )  # fmt: skip
        with translation.override(code):
            result[code] = page.get_url()
            result[f"{code}-country"] = page.get_parent().get_url()
    return result


def hotline_box(page):
    return page.locator(".hotline-card .hotline a").first.bounding_box()


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_on_a_phone_the_hotline_is_in_the_first_screen_and_the_call_bar_stays(
    browser_page, phone_pages, artifacts
):
    page = browser_page
    for code, url in phone_pages.items():  # campaign and country pages in wo, ar, ti
        page.goto(url)
        box = hotline_box(page)
        assert box and box["y"] + box["height"] <= PHONE["height"], (code, box)
        keep_screenshot(page, SCREENSHOTS / f"hotline-{code}-first-screen.png")
        keep_screenshot(page, artifacts / f"hotline-{code}-first-screen.png")
        # Half-way down, the call bar is still on screen, at the bottom.
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
        bar = page.locator(".call-bar").bounding_box()
        assert bar and bar["y"] >= 0 and bar["y"] + bar["height"] <= PHONE["height"] + 1, code
        assert bar["y"] > PHONE["height"] / 2, code
        keep_screenshot(page, SCREENSHOTS / f"hotline-{code}-scrolled.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], code
        assert page.requests.foreign() == []


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_on_a_phone_words_fall_back_marked_and_digits_stay_in_order(browser_page, phone_pages):
    page = browser_page
    page.goto(phone_pages["wo"])
    heading = page.locator("#key-messages span")
    assert (heading.get_attribute("lang"), heading.inner_text()) == (
        "fr",
        "Ce que vous devez savoir",
    )
    page.goto(phone_pages["ti"])
    assert page.locator("#hotline-heading span").get_attribute("lang") == "en"
    page.goto(phone_pages["ar"])
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    number = page.locator(".hotline-card bdi")
    assert page.evaluate("e => getComputedStyle(e).direction", number.element_handle()) == "ltr"
    # The digits are drawn left to right in the order written: '+' first, '5' last.
    boxes = page.evaluate(
        """e => { const range = document.createRange(); const text = e.firstChild;
        const box = i => { range.setStart(text, i); range.setEnd(text, i + 1);
                           return range.getBoundingClientRect().x; };
        return [box(0), box(text.length - 1)]; }""",
        number.element_handle(),
    )
    assert boxes[0] < boxes[1]
    keep_screenshot(page, SCREENSHOTS / "hotline-ar-digits.png")
