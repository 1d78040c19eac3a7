"""Issue 15: a translator limited to Wolof sets the Wolof for "Download" in Settings > Interface
words, in a real Chromium, and sees it on the public Wolof campaign page."""

import pytest
from django.utils import translation

from campaigns.access.roles import TRANSLATORS, setup_roles
from campaigns.models import TranslatorLanguages
from campaigns.translation.interface_words import forget_words
from campaigns.translation.models import InterfaceWord
from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot
from tests.factories import role_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def words_forgotten():
    forget_words()
    yield
    forget_words()


def test_a_wolof_translator_sets_download_and_sees_it_on_the_wolof_page(
    browser_page, world, artifacts, words_forgotten
):
    setup_roles()  # again: the world's first run came before its pages (no page permissions)
    translator = role_user(TRANSLATORS, "wolof-translator")
    TranslatorLanguages.objects.create(user=translator, languages=["wo"])
    with translation.override("wo"):
        public_url = world.sn_campaign.get_url()
    page = browser_page

    page.goto(public_url)  # before: the French word, marked as French
    download = page.locator("a[download]").first
    assert download.inner_text() == "Télécharger"
    assert download.locator("span").get_attribute("lang") == "fr"

    log_in(page, translator.username)
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Interface words").click()
    page.wait_for_url("**/admin/interface-words/")
    languages = page.locator("[data-interface-languages] tbody tr")
    assert languages.count() == 1  # Wolof only, not French
    languages.get_by_role("link").click()
    page.wait_for_url("**/admin/interface-words/wo/")

    row = page.locator('tr[data-word="Download"]')
    assert row.locator('span[lang="fr"]').inner_text() == "Télécharger"  # shown while empty
    field = row.locator("input")
    assert (field.get_attribute("lang"), field.get_attribute("dir")) == ("wo", "ltr")
    field.fill("Yebbi")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "1 word changed" in page.locator(".messages").inner_text()
    keep_screenshot(page, artifacts / "interface-words-wolof.png", full_page=False)
    assert InterfaceWord.objects.get(language="wo", message="Download").forms == ["Yebbi"]

    page.goto(public_url)
    download = page.locator("a[download]").first
    assert download.inner_text() == "Yebbi"
    assert download.locator("span").count() == 0  # in the page's own language: unmarked
    assert page.requests.foreign() == []


def test_an_editor_writes_arabic_words_right_to_left(
    browser_page, world, artifacts, words_forgotten
):
    setup_roles()
    page = browser_page
    log_in(page, world.editor.username)
    page.goto("/admin/interface-words/ar/")
    row = page.locator('tr[data-word="What you should know"]')
    field = row.locator("input")
    assert page.evaluate("(el) => getComputedStyle(el).direction", field.element_handle()) == "rtl"
    plural = page.locator('tr[data-word^="Part of this page"] textarea')
    assert plural.count() == 6  # Arabic's six plural forms
    field.fill("ما يجب أن تعرفه %(oops)s")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    errors = page.locator("[data-interface-errors]")
    assert "Nothing was saved" in errors.inner_text()
    errors.get_by_role("link", name="What you should know").click()  # to the row
    # Scrolled (smoothly) to the row, far down the list.
    page.wait_for_function(
        """(id) => { const top = document.getElementById(id).getBoundingClientRect().top;
                     return top >= 0 && top < innerHeight; }""",
        arg=row.get_attribute("id"),
    )
    assert "Keep the placeholders" in row.locator("[data-word-errors]").inner_text()
    assert row.locator("input").input_value() == "ما يجب أن تعرفه %(oops)s"
    keep_screenshot(page, artifacts / "interface-words-arabic-error.png", full_page=False)
    assert not InterfaceWord.objects.exists()
