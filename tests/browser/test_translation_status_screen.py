"""Reports > Translation status in a real Chromium at 1280 px, as a campaign editor: each
country's table has its own languages, the whole site's pages list theirs as chips, nothing
scrolls sideways, an out-of-date translation is said in words, and a cell opens the editor on its
language."""

import pytest

from campaigns.access.roles import EDITORS, setup_roles
from campaigns.translation.units import current
from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot
from tests.factories import (
    CountryFactory,
    campaign_page,
    country_page,
    home_page,
    material,
    role_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Boxes wider than their scrolling box: what would make a reader scroll sideways.
OVERFLOWING = """() => [...document.querySelectorAll("main .ts-scroll, main")]
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => `${el.className || el.tagName}: ${el.scrollWidth} > ${el.clientWidth}`)"""


def build():
    home_page()
    senegal = country_page(title_fr="Sénégal", title_wo="Senegaal")
    campaign = campaign_page(senegal, title_wo="Màndiŋ mi du yoon", objective_wo="Xamal ndaw ñi")
    material(campaign, languages=("fr", "wo"), title_fr="Affiche")
    for code, languages in (("AF", "fa-af, ps"), ("IQ", "ar, ckb"), ("NG", "en, ha, yo, ig, pcm")):
        page = country_page(CountryFactory(code=code, languages=languages), slug=code.lower())
        campaign_page(page, slug=f"campaign-{code.lower()}", title=f"Know the routes ({code})")
    draft = current(campaign)
    draft.objective = "Tell young people what the desert route really costs."
    draft.save_revision()  # the Wolof objective is now out of date
    return campaign


def test_the_matrix_fits_1280_px_and_opens_the_editor_on_a_language(browser_page, artifacts):
    campaign = build()
    setup_roles()  # on the tree built: editors may edit every page
    editor = role_user(EDITORS, "awa")
    page = browser_page
    log_in(page, editor.username)
    page.goto("/admin/reports/translation-status/")

    senegal = page.locator("[data-group=SN]")
    headers = senegal.locator("th.ts-lang .ts-lang__native")
    assert headers.evaluate_all("els => els.map((el) => el.lang)") == ["fr", "wo", "ff", "en"]
    nigeria = page.locator("[data-group=NG] th.ts-lang")
    assert nigeria.count() == 6  # its five languages and French: the widest country
    assert page.locator("[data-group=site] li.ts-cell").count() >= 16
    assert page.evaluate(OVERFLOWING) == []

    wolof = senegal.locator("tr.ts-row--campaign").locator("[data-language=wo]")
    assert "1 text out of date" in wolof.inner_text()
    page.set_viewport_size({"width": 1280, "height": 2400})
    keep_screenshot(page, artifacts / "translation-status-1280.png", full_page=True)
    for code in ("SN", "NG"):  # for people to look at
        page.locator(f"[data-group={code}]").screenshot(
            path=artifacts / f"translation-status-{code}.png"
        )

    wolof.locator("a").click()
    page.wait_for_url(f"**/admin/pages/{campaign.pk}/edit/?language=wo")
