"""Right-to-left campaign pages on a narrow phone screen, in a real Chromium."""

import pytest
from django.utils import translation

from tests.conftest import keep_screenshot
from tests.factories import CountryFactory, campaign_page, country_page, image, material

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
@pytest.mark.parametrize(
    ("code", "languages", "country_code", "title"),
    [
        ("ps", "fa-af, ps", "AF", "د سمندر لاره مرګ ده"),
        ("ar", "ar, fr, zgh", "MA", "البحر لا يرحم"),
        ("ti", "ti", "ER", "ባሕሪ ኣይምሕርን"),
    ],
)
def test_campaign_page_renders_in_its_script_and_direction(
    browser_page, artifacts, code, languages, country_code, title
):
    country = CountryFactory(code=country_code, languages=languages)
    page_model = campaign_page(
        country_page(country),
        slug=f"sea-{code}",
        image=image(),
        **{f"title_{code}": title, "objective": "Know the risks before you leave."},
    )
    material(page_model, languages=(code, "en"))
    with translation.override(code):
        url = page_model.get_url()
    page = browser_page
    page.goto(url)
    direction = "rtl" if code in {"ps", "ar"} else "ltr"
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("h1").inner_text() == title
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == direction
    # English fallback text keeps its own direction inside the page.
    lead = page.locator("p.lead")
    assert (lead.get_attribute("lang"), lead.get_attribute("dir")) == ("en", "ltr")
    assert page.evaluate("getComputedStyle(document.querySelector('p.lead')).direction") == "ltr"
    # Nothing overflows the phone's width; the hero image has its size and is WebP.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    hero = page.locator("img.hero")
    assert hero.get_attribute("width") and hero.get_attribute("height")
    assert ".webp" in hero.get_attribute("src") and hero.get_attribute("srcset")
    # The text is drawn with a system font that has the script's glyphs (not empty boxes).
    assert page.evaluate(
        "document.fonts.check('16px system-ui', document.querySelector('h1').innerText)"
    )
    keep_screenshot(page, artifacts / f"campaign-{code}-phone.png", full_page=True)
    assert page.requests.foreign() == []
