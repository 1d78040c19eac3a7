"""The home page, the language menu, the header and the footer on a 360 x 740 phone (and 320 px),
in a real Chromium: nothing wider than the screen, the hotline one tap from the home page."""

import pytest
from django.utils import translation

from campaigns.models import InfoPage, SiteSettings
from tests.conftest import keep_screenshot
from tests.factories import CountryFactory, campaign_page, country_page, home_page, image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def build_site():
    home = home_page()
    senegal = CountryFactory(code="SN", languages="fr, wo, ff", hotline="+221 800 00 00 00")
    sn_page = country_page(senegal, title_fr="Sénégal", title_wo="Senegaal")
    campaign_page(sn_page, title_fr="La mer ne pardonne pas", title_wo="Géej gi du baal kenn")
    iraq = CountryFactory(code="IQ", languages="ar, ckb", hotline="+964 800 000 0007")
    campaign_page(country_page(iraq, slug="iq", title_ar="العراق"), slug="sea", title_ar="البحر")
    about = InfoPage(slug="about", title="About us", title_fr="Qui sommes-nous", show_in_menus=True)
    with translation.override("en"):
        home.add_child(instance=about)
        about.save_revision().publish()
    SiteSettings.objects.create(
        site_name_en="Prevention campaigns",
        organisation_name_en="IOM",
        logo=image(title="Logo", size=(240, 160)),
    )
    return sn_page


def assert_fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for selector in (".site-search button", ".language-menu > summary", ".site-name"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, selector


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
@pytest.mark.parametrize("code", ["fr", "ar", "wo"])
def test_home_fits_a_phone_and_its_language_menu_opens_on_one_line(browser_page, artifacts, code):
    build_site()
    page = browser_page
    page.goto(f"/{code}/")
    assert_fits(page, PHONE["width"])
    # The language menu's summary is one line (about 44 px high), beside the site's name.
    summary = page.locator(".language-menu > summary")
    assert summary.bounding_box()["height"] < 56
    assert page.locator(".site-name img.logo").is_visible()
    # The hotlines are on the first screens, one tap away.
    call = page.locator('a.country-call[href="tel:+221800000000"]')
    assert call.is_visible()
    keep_screenshot(page, artifacts / f"home-{code}-phone.png")
    summary.click()
    links = page.locator(".language-menu .languages a")
    assert links.count() == 16
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    keep_screenshot(page, artifacts / f"home-{code}-phone-languages.png")
    assert page.requests.foreign() == []


@pytest.mark.parametrize("browser_page", [{"width": 320, "height": 640}], indirect=True)
@pytest.mark.parametrize("code", ["fr", "ar", "wo", "ti", "ka"])
def test_header_fits_320_px_in_every_script(browser_page, code):
    sn_page = build_site()
    page = browser_page
    for path in (f"/{code}/", "/fr/search/?q=mer"):
        page.goto(path)
        assert_fits(page, 320)
    with translation.override("fr"):
        page.goto(sn_page.get_url())
    assert_fits(page, 320)


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_from_the_root_to_the_senegal_hotline_in_wolof(browser_page, artifacts):
    build_site()
    page = browser_page
    page.set_extra_http_headers({"Accept-Language": "wo,fr;q=0.8"})
    page.goto("/")
    page.wait_for_url("**/wo/")
    # Tap one: Senegal, in Wolof.
    page.get_by_role("link", name="Senegaal", exact=True).click()
    page.wait_for_url("**/wo/**")
    assert page.locator("html").get_attribute("lang") == "wo"
    # Tap two: the hotline, within the first screen.
    call = page.locator('a[href="tel:+221800000000"]').first
    box = call.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"]
    keep_screenshot(page, artifacts / "senegal-wo-from-root.png")


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_footer_pages_open_from_every_page(browser_page):
    build_site()
    page = browser_page
    page.goto("/fr/")
    page.locator("footer").get_by_role("link", name="Qui sommes-nous").click()
    page.wait_for_url("**/fr/about/")
    assert page.locator("h1").inner_text() == "Qui sommes-nous"
    assert "Qui sommes-nous - " in page.title()
