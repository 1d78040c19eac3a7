"""Search results on a 360 x 740 phone, in a real Chromium: nothing wider than the screen, the
words highlighted, Arabic right to left."""

import pytest

from tests.conftest import keep_screenshot
from tests.factories import CountryFactory, campaign_page, country_page, home_page, material

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def pages():
    home_page()
    sn = country_page(CountryFactory(code="SN", languages="fr, wo"), title_fr="Sénégal")
    visas = campaign_page(
        sn,
        slug="visas",
        title="Visas",
        title_fr="Visas : la voie légale, sans intermédiaire ni passeur payé d'avance",
        objective_fr=(
            "Comment demander un visa de travail ou d'études auprès du consulat, quels "
            "documents réunir, combien cela coûte vraiment (https://exemple.org/un-tres-long-"
            "lien-sans-espaces-qui-ne-doit-pas-elargir-la-page) et pourquoi il ne faut jamais "
            "payer un intermédiaire."
        ),
    )
    material(visas, languages=("fr",), title="Visa poster", title_fr="Affiche : le visa gratuit")
    campaign_page(
        sn, slug="desert", title="Desert", title_fr="La route du désert",
        objective_wo="Liggéey ci Senegaal, visa amul solo.",
    )  # fmt: skip
    ma = country_page(CountryFactory(code="MA", languages="ar, fr"))
    campaign_page(
        ma,
        slug="tashira",
        title="Visa information",
        title_ar="معلومات عن التأشيرة",
        objective_ar="لا تدفع للوسطاء مقابل الحصول على التأشيرة، فهي مجانية في القنصلية.",
    )


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_results_fit_a_phone_in_french_and_arabic(browser_page, pages, artifacts):
    page = browser_page
    page.goto("/fr/search/?q=visa")
    assert page.locator("ol.results > li").count() == 2  # the poster under its campaign
    assert page.locator("ol.results mark").count() >= 3
    assert page.locator("p[lang=wo]").count() == 1  # the Wolof objective, marked as such
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    keep_screenshot(page, artifacts / "search-fr-phone.png", full_page=True)

    page.goto("/ar/search/?q=التأشيرة")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("ol.results mark").first.inner_text() == "التأشيرة"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    keep_screenshot(page, artifacts / "search-ar-phone.png", full_page=True)

    page.goto("/fr/search/?q=zzzqqq")
    assert page.locator("#countries-heading").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    keep_screenshot(page, artifacts / "search-none-fr-phone.png", full_page=True)
    assert page.requests.foreign() == []
