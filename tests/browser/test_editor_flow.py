"""Issue 3's path, in a real Chromium: an editor creates a country and a campaign page in English,
translates it into French and Wolof, adds a Wolof poster and publishes; a visitor reads it."""

import re

import pytest
from django.utils import translation

from campaigns.models import CampaignPage, Country, Material
from tests.browser.admin_steps import choose, log_in, publish, show_language
from tests.conftest import keep_screenshot
from tests.factories import campaign_index, document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_publishes_a_translated_campaign_with_a_wolof_poster(
    browser_page, superuser, artifacts
):
    page = browser_page
    index = campaign_index()
    poster = document("poster-wo.pdf")
    log_in(page, superuser.username)

    # A country of origin, with its languages in order.
    page.goto("/admin/snippets/campaigns/country/add/")
    page.fill("input[name=code]", "SN")
    page.fill("input[name=languages]", "fr, wo")
    page.fill("input[name=hotline]", "+221 800 00 00 00")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r".*/admin/snippets/campaigns/country/$"))
    country = Country.objects.get(code="SN")

    # Its country page.
    page.goto(f"/admin/pages/add/campaigns/countrypage/{index.pk}/")
    page.fill("input[name=title_en]", "Senegal")
    choose(page, "Choose country of origin", "Senegal")
    assert country.code == "SN"
    keep_screenshot(page, artifacts / "editor-country-page.png")
    publish(page)
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    keep_screenshot(page, artifacts / "editor-country-page-published.png")

    # The campaign page, written in English, then translated into French and Wolof.
    country_page = country.page
    page.goto(f"/admin/pages/add/campaigns/campaignpage/{country_page.pk}/")
    page.fill("input[name=title_en]", "The sea does not forgive")
    page.fill("textarea[name=objective_en]", "Know the real risks of the sea route.")
    page.fill("textarea[name=key_messages_en]", "Pirogues capsize.\nTalk to someone who came back.")
    show_language(page, "fr")
    page.fill("input[name=title_fr]", "La mer ne pardonne pas")
    page.fill("textarea[name=objective_fr]", "Connaître les vrais risques de la route maritime.")
    show_language(page, "wo")
    page.fill("input[name=title_wo]", "Géej gi baalul")
    page.fill("textarea[name=key_messages_wo]", "Gaal yi dañuy dàpp.")
    keep_screenshot(page, artifacts / "editor-campaign-wolof.png", full_page=True)
    publish(page)
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    campaign = CampaignPage.objects.get(title_en="The sea does not forgive")
    assert campaign.live and campaign.country == country
    assert (campaign.title_fr, campaign.title_wo) == ("La mer ne pardonne pas", "Géej gi baalul")

    # A Wolof poster for it.
    page.goto("/admin/snippets/campaigns/material/add/")
    page.get_by_role("button", name=re.compile("Choose a page")).click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name="The sea does not forgive").first.click()
    modal.wait_for(state="hidden")
    page.fill("input[name=title_en]", "Poster: the sea does not forgive")
    page.select_option("select[name='versions-0-language']", "wo")
    choose(page, "Choose a document", "poster-wo.pdf")
    publish(page)
    page.wait_for_url(re.compile(r".*/admin/snippets/campaigns/material/$"))
    poster_material = Material.objects.get()
    assert poster_material.live and poster_material.language_codes == ["wo"]
    assert poster_material.versions.get().document == poster

    # A visitor reads the Wolof page and finds the poster.
    with translation.override("wo"):
        wolof_url = campaign.get_url()
    page.goto(wolof_url)
    assert page.locator("html").get_attribute("lang") == "wo"
    assert page.locator("h1").inner_text() == "Géej gi baalul"
    lead = page.locator("p.lead")
    assert lead.get_attribute("lang") == "fr"  # not yet in Wolof: French, marked as such
    materials = page.locator("#materials-heading + ul")
    assert "Wolof" in materials.inner_text()
    href = materials.get_by_role("link", name=re.compile(".")).first.get_attribute("href")
    # Storage may suffix the name when another test stored a poster-wo.pdf first.
    assert re.fullmatch(r"/documents/\d+/poster-wo[^/]*\.pdf", href), href
    keep_screenshot(page, artifacts / "visitor-campaign-wolof.png", full_page=True)
    assert page.requests.foreign() == []
