"""Interface words set in the CMS (issue 15): read before the catalogues, cached, set by the
people who know the language in Settings > Interface words, refused to everyone else."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    ME_OFFICERS,
    REPORTERS,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.i18n.interface_words import resolve_word, word_in
from campaigns.models import TranslatorLanguages
from campaigns.translation import interface_words
from campaigns.translation.interface_words import (
    catalog_entries,
    forget_words,
    public_word,
    public_words,
    save_entries,
)
from campaigns.translation.interface_words_admin import InterfaceWordsMenuItem, word_key
from campaigns.translation.models import InterfaceWord
from tests.factories import (
    CountryFactory,
    campaign_page,
    country_page,
    fresh,
    home_page,
    material,
    module_data,
    role_user,
)

SENEGAL_WOLOF = ["wo", "fr", "ff", "en"]
KNOW = "What you should know"
NOTE_ONE = "Part of this page is not yet translated and is shown in %(languages)s."
NOTE_MANY = "Parts of this page are not yet translated and are shown in %(languages)s."
RESULTS_ONE = '%(counter)s result for <q dir="auto">%(query)s</q>'
RESULTS_MANY = '%(counter)s results for <q dir="auto">%(query)s</q>'
WORDS_TABLE = InterfaceWord._meta.db_table


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        home_page()
        setup_roles()
        senegal = CountryFactory(code="SN", languages="fr, wo, ff")
        campaign = campaign_page(country_page(senegal), slug="sea", title="The sea")
        material(campaign, languages=("fr", "wo"))
        wolof = role_user(TRANSLATORS, "wolof-translator")
        TranslatorLanguages.objects.create(user=wolof, languages=["wo"])
        yield {
            "campaign": campaign,
            "wolof": wolof,
            "translator": role_user(TRANSLATORS, "translator"),
            "editor": role_user(EDITORS, "editor"),
            "admin": role_user(ADMINISTRATORS, "administrator"),
            "reviewer": role_user(REVIEWERS, "reviewer"),
            "finance": role_user(FINANCE, "finance"),
            "me_officer": role_user(ME_OFFICERS, "me-officer"),
            "reporter": role_user(REPORTERS, "reporter"),
        }


@pytest.fixture
def world(people, db):
    forget_words()
    cache.clear()
    yield fresh(people)
    forget_words()  # the rows are rolled back: so is what was read of them


def set_word(code, message, forms, context="", plural=""):
    return InterfaceWord.objects.create(
        language=code, message=message, context=context, plural=plural, forms=forms
    )


def edit_url(code):
    return reverse("interface_words:edit", args=[code])


def denied(response) -> bool:
    """403, or Wagtail's turn of an admin view's PermissionDenied: to the dashboard, with a
    message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def shown_menu(user) -> bool:
    request = RequestFactory().get("/admin/")
    request.user = user
    return InterfaceWordsMenuItem("Interface words", "/admin/interface-words/").is_shown(request)


def form_data(code, words: dict) -> dict:
    """The POST of the language's screen: every row empty but ``words`` (message -> forms)."""
    data = {}
    for word in public_words():
        count = interface_words.plural_count(code) if word.plural else 1
        forms = words.get(word.message, [""] * count)
        for index in range(count):
            data[f"w-{word_key(word)}-{index}"] = forms[index]
    return data


# --- The list of words --------------------------------------------------------------------------


def test_the_public_words_are_the_ui_tags_and_the_words_resolved_in_python(world):
    words = {word.message: word for word in public_words()}
    assert "campaigns/includes/material_version.html" in words["Download"].places
    assert words[NOTE_ONE].plural == NOTE_MANY
    assert words[RESULTS_ONE].plural == RESULTS_MANY
    assert "Radio spot" in words and "Prevention campaigns" in words  # resolved in Python
    assert "Save" not in words and "Translation status" not in words  # the admin's words
    assert public_word("Download") is words["Download"]


def test_every_public_word_is_a_msgid_of_the_catalogues_as_makecatalogues_extracts_it(world):
    from babel.messages.pofile import read_po
    from django.conf import settings

    with open(settings.LOCALE_PATHS[0] / "fr/LC_MESSAGES/django.po", "rb") as po_file:
        catalogue = read_po(po_file)
    for word in public_words():
        entry = catalogue.get(word.message, context=word.context or None)
        assert entry is not None, word
        assert (entry.id[1] if isinstance(entry.id, tuple) else "") == word.plural, word


# --- The source, before the catalogues ------------------------------------------------------------


def test_a_word_set_in_the_cms_comes_before_the_catalogue(world):
    assert resolve_word(KNOW, ["fr", "en"]).value == "Ce que vous devez savoir"
    set_word("fr", KNOW, ["À savoir"])
    assert resolve_word(KNOW, ["fr", "en"]).value == "À savoir"


def test_a_wolof_word_set_in_the_cms_is_shown_unmarked_on_a_wolof_page(world):
    assert resolve_word("Download", SENEGAL_WOLOF).language.code == "fr"
    set_word("wo", "Download", ["Yebbi"])
    word = resolve_word("Download", SENEGAL_WOLOF)
    assert (word.value, word.language.code, word.lang_attrs) == ("Yebbi", "wo", "")


def test_without_a_cms_word_the_fallback_is_unchanged(world):
    set_word("wo", "Download", ["Yebbi"])
    set_word("wo", KNOW, [""])  # an empty translation is no translation
    word = resolve_word(KNOW, SENEGAL_WOLOF)
    assert (word.value, word.language.code) == ("Ce que vous devez savoir", "fr")
    assert word_in("ti", KNOW) is None


def test_plural_forms_follow_the_languages_rule(world):
    arabic = ["صفر", "واحد", "اثنان", "قليل", "كثير", "مئة"]
    set_word("ar", NOTE_ONE, [f"{form} %(languages)s" for form in arabic], plural=NOTE_MANY)
    chain = ["ar", "en"]
    for number, expected in [(0, 0), (1, 1), (2, 2), (5, 3), (11, 4), (100, 5)]:
        word = resolve_word(NOTE_ONE, chain, plural=NOTE_MANY, number=number)
        assert word.value == f"{arabic[expected]} %(languages)s", number
    set_word("wo", NOTE_ONE, ["Wolof %(languages)s"], plural=NOTE_MANY)  # Wolof: one form
    for number in (1, 2, 7):
        assert word_in("wo", NOTE_ONE, plural=NOTE_MANY, number=number) == "Wolof %(languages)s"


def test_words_are_read_in_one_query_then_from_the_cache_and_forgotten_on_save(world):
    set_word("wo", "Download", ["Yebbi"])
    forget_words()
    with CaptureQueriesContext(connection) as cold:
        for code in SENEGAL_WOLOF:
            word_in(code, KNOW)
            word_in(code, "Download")
    assert len(cold.captured_queries) == 1
    interface_words._new_request()  # another request: the shared cache, no query
    with CaptureQueriesContext(connection) as warm:
        assert word_in("wo", "Download") == "Yebbi"
    assert warm.captured_queries == []
    row = InterfaceWord.objects.get(language="wo", message="Download")
    row.forms = ["Yebbil"]
    row.save()
    assert word_in("wo", "Download") == "Yebbil"
    row.delete()
    assert word_in("wo", "Download") is None


def test_words_changed_in_an_uncommitted_transaction_stay_out_of_the_shared_cache(world):
    set_word("wo", "Download", ["Yebbi"])  # the test's transaction never commits
    assert word_in("wo", "Download") == "Yebbi"
    shared = cache.get(interface_words.CACHE_KEY, version=interface_words.CACHE_VERSION)
    assert "wo" not in (shared or {})


def test_a_public_page_reads_the_words_in_one_query_cold_and_none_warm(client, world):
    set_word("wo", "Download", ["Yebbi"])
    forget_words()
    cache.clear()
    with translation.override("wo"):
        url = world["campaign"].get_url()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200
    assert "Yebbi" in response.text
    reads = [q["sql"] for q in cold.captured_queries if WORDS_TABLE in q["sql"]]
    assert len(reads) == 1
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert not [q for q in warm.captured_queries if WORDS_TABLE in q["sql"]]


# --- For the PO export and import ----------------------------------------------------------


def test_catalog_entries_list_every_word_with_its_cms_translation(world):
    set_word("wo", "Download", ["Yebbi"])
    entries = {(message, context): forms for message, context, _p, forms in catalog_entries("wo")}
    assert len(entries) == len(public_words())
    assert entries[("Download", "")] == ["Yebbi"]
    assert entries[(KNOW, "")] == []


def test_save_entries_saves_checked_entries_and_deletes_emptied_ones(world):
    set_word("wo", KNOW, ["Li nga wara xam"])
    entries = [("Download", "", "", ["Yebbi"]), (KNOW, "", "", [])]
    assert save_entries("wo", entries, world["wolof"]) == 2
    row = InterfaceWord.objects.get(language="wo")
    assert (row.message, row.forms, row.updated_by) == ("Download", ["Yebbi"], world["wolof"])
    assert save_entries("wo", entries, world["wolof"]) == 0  # unchanged


def test_save_entries_refuses_everything_when_one_entry_is_wrong(world):
    entries = [
        ("Download", "", "", ["Yebbi"]),
        ("Page %(number)s of %(total)s", "", "", ["Xët %(number)s"]),  # lost %(total)s
    ]
    with pytest.raises(ValidationError) as error:
        save_entries("wo", entries, world["wolof"])
    assert "%(total)s" in str(error.value)
    with pytest.raises(ValidationError, match="not a word of the public pages"):
        save_entries("wo", [("Invented", "", "", ["X"])], None)
    assert not InterfaceWord.objects.exists()


def test_save_entries_refuses_a_language_the_translator_may_not_translate(world):
    with pytest.raises(PermissionDenied):
        save_entries("fr", [("Download", "", "", ["Prendre"])], world["wolof"])
    with pytest.raises(ValidationError):
        save_entries("en", [("Download", "", "", ["Get"])], None)
    assert not InterfaceWord.objects.exists()


# --- Who may use the admin screens ----------------------------------------------------------


@pytest.mark.parametrize("role", ["wolof", "translator", "editor", "admin"])
def test_translators_editors_and_administrators_open_the_screens(client, world, role):
    assert shown_menu(world[role])
    client.force_login(world[role])
    assert client.get(reverse("interface_words:index")).status_code == 200
    assert client.get(edit_url("wo")).status_code == 200


@pytest.mark.parametrize("role", ["reviewer", "finance", "me_officer", "reporter"])
def test_other_roles_are_refused_by_get_and_post(client, world, role):
    assert not shown_menu(world[role])
    client.force_login(world[role])
    assert denied(client.get(reverse("interface_words:index")))
    assert denied(client.get(edit_url("wo")))
    response = client.post(edit_url("wo"), form_data("wo", {"Download": ["Yebbi"]}))
    assert denied(response)
    assert not InterfaceWord.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    for url in (reverse("interface_words:index"), edit_url("wo")):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.post(edit_url("wo"), form_data("wo", {"Download": ["Yebbi"]}))
    assert not InterfaceWord.objects.exists()


def test_a_wolof_translator_is_refused_french_by_get_and_post(client, world):
    client.force_login(world["wolof"])
    index = client.get(reverse("interface_words:index")).text
    assert edit_url("wo") in index and edit_url("fr") not in index
    assert denied(client.get(edit_url("fr")))
    response = client.post(edit_url("fr"), form_data("fr", {"Download": ["Prendre"]}))
    assert denied(response)
    assert not InterfaceWord.objects.exists()


def test_english_and_unknown_languages_have_no_screen(client, world):
    client.force_login(world["admin"])
    assert denied(client.get(edit_url("en")))
    assert client.get(edit_url("xx")).status_code == 404


# --- The screen ---------------------------------------------------------------------------------


def test_the_wolof_screen_shows_the_english_and_the_french_beside(client, world):
    client.force_login(world["wolof"])
    html = client.get(edit_url("wo")).text
    assert "Download" in html
    assert '<span lang="fr" dir="ltr">Télécharger</span>' in html
    assert 'lang="wo" dir="ltr"' in html


def test_the_arabic_screen_writes_right_to_left(client, world):
    client.force_login(world["editor"])
    html = client.get(edit_url("ar")).text
    assert 'lang="ar" dir="rtl"' in html
    assert html.count('lang="ar" dir="rtl"') >= len(public_words())


def test_saving_a_word_shows_it_on_the_public_wolof_page(client, world):
    client.force_login(world["wolof"])
    response = client.post(edit_url("wo"), form_data("wo", {"Download": ["Yebbi"]}))
    assert response.status_code == 302
    row = InterfaceWord.objects.get()
    assert (row.language, row.message, row.forms) == ("wo", "Download", ["Yebbi"])
    assert row.updated_by == world["wolof"]
    client.logout()
    with translation.override("wo"):
        url = world["campaign"].get_url()
    assert ">Yebbi</a>" in client.get(url).text


def test_a_lost_placeholder_is_shown_on_its_row_and_nothing_is_saved(client, world):
    client.force_login(world["wolof"])
    words = {"Download": ["Yebbi"], "Page %(number)s of %(total)s": ["Xët %(number)s"]}
    response = client.post(edit_url("wo"), form_data("wo", words))
    assert response.status_code == 200
    assert "Nothing was saved" in response.text
    assert "Keep the placeholders exactly as in the English" in response.text
    assert 'value="Yebbi"' in response.text  # what was typed is kept for the correction
    assert not InterfaceWord.objects.exists()


@pytest.mark.parametrize(
    ("message", "typed", "error"),
    [
        ("Download", "<b>Yebbi</b>", "No HTML here"),
        ("Download", "Yebbi" * 40, "Too long"),
        (RESULTS_ONE, "%(counter)s %(query)s", "Keep the HTML tags exactly"),
        (
            "Page %(number)s of %(total)s",
            "%(number)s / %(total)s 100%",
            "Write a percent sign as %%",
        ),
    ],
)
def test_bad_input_is_refused_with_its_reason(client, world, message, typed, error):
    client.force_login(world["wolof"])
    response = client.post(edit_url("wo"), form_data("wo", {message: [typed]}))
    assert response.status_code == 200
    assert error in response.text
    assert not InterfaceWord.objects.exists()


def test_a_translator_without_a_limit_sees_every_language_but_english(client, world):
    client.force_login(world["translator"])
    html = client.get(reverse("interface_words:index")).text
    assert edit_url("fr") in html and edit_url("ti") in html and edit_url("en") not in html
    assert Group.objects.get(name=TRANSLATORS) in world["translator"].groups.all()


def test_emptying_a_row_deletes_its_word_and_a_row_not_sent_is_kept(client, world):
    set_word("wo", KNOW, ["Li nga wara xam"])
    set_word("wo", "Download", ["Yebbi"])
    client.force_login(world["wolof"])
    data = form_data("wo", {"Download": ["Yebbil"]})
    del data[f"w-{word_key(public_word(KNOW))}-0"]  # a word the form did not show
    assert client.post(edit_url("wo"), data).status_code == 302
    assert InterfaceWord.objects.get(message=KNOW).forms == ["Li nga wara xam"]
    assert InterfaceWord.objects.get(message="Download").forms == ["Yebbil"]
    assert client.post(edit_url("wo"), form_data("wo", {})).status_code == 302
    assert not InterfaceWord.objects.exists()
