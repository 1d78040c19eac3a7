"""Issue 15's editor in a real Chromium at 1280 px: a translator limited to Wolof opens Senegal's
campaign page, lands on Wolof with Senegal's four languages as toggles (the twelve others folded
under "Other languages"), reads the French source above the Wolof objective, writes the Wolof and
saves a draft."""

import re

import pytest

from campaigns.access.roles import TRANSLATORS, setup_roles
from campaigns.models import CampaignPage, TranslatorLanguages
from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot
from tests.factories import campaign_page, home_page, role_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRENCH = "Connaître les vrais risques de la route du désert."
WOLOF = "Xam ay loraange yu dëgg ci yoonu màndiŋ mi."


def toggles(page, selector=".locale-picker button.locale-toggle"):
    """The codes of the picker's toggles that show (their text is the code, in capitals by CSS)."""
    buttons = page.locator(f"{selector}:visible")
    return [buttons.nth(i).text_content().strip() for i in range(buttons.count())]


def test_wolof_translator_translates_beside_the_french_source(browser_page, artifacts):
    home_page()
    setup_roles()
    campaign = campaign_page(objective_fr=FRENCH)
    translator = role_user(TRANSLATORS, username="moussa")
    TranslatorLanguages.objects.create(user=translator, languages=["wo"])
    page = browser_page
    log_in(page, translator.username)

    page.goto(f"/admin/pages/{campaign.pk}/edit/")
    page.wait_for_selector(".locale-picker ul.locales[data-arranged]", state="attached")

    # Wolof first; Senegal's languages as toggles; the others folded away, still reachable.
    assert toggles(page, ".locale-picker button.locale-toggle.showing-locale") == ["wo"]
    assert page.locator("button.locale-toggle[aria-pressed=true]").text_content() == "wo"
    assert toggles(page) == ["fr", "wo", "ff", "en"]
    others = page.locator(".locale-picker details.locale-others")
    assert others.locator("summary").inner_text().endswith("Other languages")
    assert not others.locator("button", has_text=re.compile("^ha$")).is_visible()
    keep_screenshot(page, artifacts / "translator-editor-wolof.png")

    # The Wolof objective, with the French it is translated from above it; not the English.
    wolof = page.locator("textarea[name=objective_wo]")
    assert wolof.is_visible()
    assert not page.locator("textarea[name=objective_en]").is_visible()
    source = page.locator("#objective_wo-source")
    assert source.is_visible()
    assert source.get_by_text("Source (French)").is_visible()
    text = source.locator(".translator-source__text")
    assert (text.get_attribute("lang"), text.get_attribute("dir")) == ("fr", "ltr")
    assert text.inner_text().strip() == FRENCH
    assert source.bounding_box()["y"] < wolof.bounding_box()["y"]
    wolof.scroll_into_view_if_needed()
    keep_screenshot(page, artifacts / "translator-editor-source.png")

    # A folded language opens from the disclosure.
    others.locator("summary").click()
    assert "ha" in toggles(page)
    keep_screenshot(page, artifacts / "translator-editor-other-languages.png")

    # The Wolof is written and saved as a draft; the screen comes back on Wolof.
    wolof.fill(WOLOF)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(rf".*/admin/pages/{campaign.pk}/edit/$"))
    page.wait_for_selector(".locale-picker ul.locales[data-arranged]", state="attached")
    assert toggles(page, ".locale-picker button.locale-toggle.showing-locale") == ["wo"]
    saved = CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object()
    assert saved.objective_wo == WOLOF
    assert saved.objective_fr == FRENCH and saved.objective_en == campaign.objective_en
    assert page.requests.foreign() == []
