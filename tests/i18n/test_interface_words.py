"""Interface words fall back along the page's language chain, and say which language they are in."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation
from wagtail.models import Page

from campaigns.i18n import interface_words
from campaigns.i18n.interface_words import (
    as_gettext_tags,
    chain_for,
    resolve_word,
    word_in,
)
from campaigns.management.commands.makecatalogues import extract_file
from tests.factories import CountryFactory, campaign_page, country_page, module_data

SENEGAL_WOLOF = ["wo", "fr", "ff", "en"]  # Country(languages="fr, wo, ff").fallback_chain("wo")
NOTE_ONE = "Part of this page is not yet translated and is shown in %(languages)s."
NOTE_MANY = "Parts of this page are not yet translated and are shown in %(languages)s."


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load interface_tags %}" + source).render(context)


@pytest.fixture
def cms_source():
    """A stand-in for translations stored in the CMS (issue 15), removed after the test."""
    saved = list(interface_words.WORD_SOURCES)
    words = {}

    def source(code, message, context, plural, number):
        return words.get((code, message))

    interface_words.add_word_source(source)
    yield words
    interface_words.WORD_SOURCES[:] = saved


# --- The chain --------------------------------------------------------------------------------


def test_wolof_word_missing_falls_back_to_french_not_english():
    assert word_in("wo", "What you should know") is None  # the wo catalogue exists, empty
    word = resolve_word("What you should know", SENEGAL_WOLOF)
    assert (word.value, word.language.code) == ("Ce que vous devez savoir", "fr")
    assert word.lang_attrs == ' lang="fr" dir="ltr"'
    assert word.marked() == '<span lang="fr" dir="ltr">Ce que vous devez savoir</span>'


def test_tigrinya_falls_back_to_english_marked_as_english():
    word = resolve_word("What you should know", ["ti", "en"])
    assert (word.value, word.language.code) == ("What you should know", "en")
    assert word.marked() == '<span lang="en" dir="ltr">What you should know</span>'


def test_arabic_page_gets_the_arabic_catalogues_word_unmarked():
    word = resolve_word("What you should know", ["ar", "fr", "zgh", "en"])
    assert (word.value, word.language.code) == ("ما يجب أن تعرفه", "ar")
    assert word.lang_attrs == ""
    assert word.marked() == "ما يجب أن تعرفه"


def test_english_page_shows_the_source_unmarked():
    word = resolve_word("What you should know", ["en"])
    assert (word.value, word.lang_attrs) == ("What you should know", "")


def test_english_source_compiled_into_a_plural_is_not_a_translation():
    """Babel compiles an untranslated plural with the English forms: that is no Wolof."""
    assert word_in("wo", NOTE_ONE, plural=NOTE_MANY, number=2) is None
    note = resolve_word(NOTE_ONE, SENEGAL_WOLOF, plural=NOTE_MANY, number=2)
    assert note.language.code == "fr"
    assert note.value.startswith("Des parties de cette page")
    tigrinya = resolve_word(NOTE_ONE, ["ti", "en"], plural=NOTE_MANY, number=1)
    assert (tigrinya.value, tigrinya.language.code) == (NOTE_ONE, "en")


def test_a_word_only_in_the_cms_is_used_before_the_next_language(cms_source):
    cms_source[("wo", "What you should know")] = "Li nga wara xam"
    word = resolve_word("What you should know", SENEGAL_WOLOF)
    assert (word.value, word.lang_attrs) == ("Li nga wara xam", "")


def test_rtl_word_from_another_rtl_language_carries_its_language(cms_source):
    cms_source[("fa-af", "A word only in Dari")] = "کلمه"
    word = resolve_word("A word only in Dari", ["ps", "fa-af", "en"])
    assert word.marked() == '<span lang="fa-af" dir="rtl">کلمه</span>'


def test_an_unknown_word_ends_in_english_marked():
    word = resolve_word("No catalogue has this", ["ar", "fr", "en"])
    assert word.marked() == '<span lang="en" dir="ltr">No catalogue has this</span>'


def test_pages_without_a_country_use_the_language_then_english():
    assert chain_for(None, "wo") == ["wo", "en"]
    assert chain_for(object(), "ar") == ["ar", "en"]
    assert chain_for(None, "en") == ["en"]


@pytest.mark.django_db
def test_a_country_gives_its_chain():
    country = CountryFactory.build(code="SN", languages="fr, wo, ff")
    assert chain_for(None, "wo", country=country) == SENEGAL_WOLOF
    assert chain_for(None, "fr", country=country) == ["fr", "wo", "ff", "en"]


# --- The tags ---------------------------------------------------------------------------------


class FakePage:
    def __init__(self, chain):
        self.chain = chain

    def fallback_chain(self, code):
        return self.chain


def test_ui_tag_marks_a_fallen_back_word():
    with translation.override("wo"):
        html = render('<h2>{% ui "What you should know" %}</h2>', page=FakePage(SENEGAL_WOLOF))
    assert html == '<h2><span lang="fr" dir="ltr">Ce que vous devez savoir</span></h2>'


def test_ui_tag_as_gives_plain_text_for_attributes():
    with translation.override("wo"):
        html = render(
            '{% ui "Search" as label %}<input placeholder="{{ label }}"{{ label.lang_attrs }}>',
            page=FakePage(SENEGAL_WOLOF),
        )
    assert html == '<input placeholder="Rechercher" lang="fr" dir="ltr">'


def test_ui_tag_without_a_page_uses_the_language_then_english():
    with translation.override("wo"):
        assert render('{% ui "Search" %}') == '<span lang="en" dir="ltr">Search</span>'
    with translation.override("ar"):
        assert render('{% ui "Search" %}') == "بحث"


def test_view_may_set_the_chain():
    with translation.override("wo"):
        assert render('{% ui "Search" %}', ui_chain=["wo", "fr"]).startswith('<span lang="fr"')


def test_ui_tag_escapes_and_takes_a_context():
    assert render('{% ui "<b>" %}') == "&lt;b&gt;"
    assert render('{% ui "May" context "month" %}') == "May"


def test_blockui_plural_with_variables_in_the_chains_language():
    source = (
        "{% blockui count counter=names|length with languages=names|join:', ' %}"
        "Part of this page is not yet translated and is shown in {{ languages }}.{% plural %}"
        "Parts of this page are not yet translated and are shown in {{ languages }}."
        "{% endblockui %}"
    )
    with translation.override("wo"):
        html = render(source, page=FakePage(SENEGAL_WOLOF), names=["<A>", "B"])
    assert html == (
        '<span lang="fr" dir="ltr">Des parties de cette page ne sont pas encore traduites et '
        "s’affichent en &lt;A&gt;, B.</span>"
    )
    with translation.override("ti"):
        html = render(source, page=FakePage(["ti", "en"]), names=["A"])
    assert html == (
        '<span lang="en" dir="ltr">Part of this page is not yet translated and is shown in A.'
        "</span>"
    )
    with translation.override("ar"):
        html = render(source, page=FakePage(["ar", "en"]), names=["A"])
    assert html.startswith("جزء من هذه الصفحة") and "lang=" not in html


def test_language_names_are_listed_and_marked_in_the_pages_language():
    with translation.override("ar"):
        assert render("{{ names|in_page_language }}", names=["الإنجليزية", "الفرنسية"]) == (
            '<span lang="ar" dir="rtl">الإنجليزية والفرنسية</span>'
        )
    with translation.override("fr"):
        assert render("{{ names|in_page_language }}", names=["<b>"]) == (
            '<span lang="fr" dir="ltr">&lt;b&gt;</span>'
        )


def test_blockui_asvar_gives_the_text():
    html = render(
        "{% blockui with n=name asvar label %}Hello {{ n }}{% endblockui %}[{{ label }}]",
        name="Awa",
    )
    assert html == "[Hello Awa]"


# --- Extraction -------------------------------------------------------------------------------


def test_makecatalogues_extracts_ui_words(tmp_path):
    assert as_gettext_tags('{% ui "A" as b %}') == '{% translate "A" as b %}'
    template = tmp_path / "words.html"
    template.write_text(
        '{% load interface_tags %}<h2>{% ui "Only in a ui tag" %}</h2>'
        '{% ui "Month" context "calendar" as m %}'
        "{% blockui count counter=n %}One thing{% plural %}{{ counter }} things{% endblockui %}",
        encoding="utf-8",
    )
    messages = [(message, context) for message, _comments, context in extract_file(template)]
    assert ("Only in a ui tag", None) in messages
    assert ("Month", "calendar") in messages
    assert (("One thing", "%(counter)s things"), None) in messages


def test_public_templates_converted_to_ui_keep_their_words_in_the_catalogues():
    templates = Path(__file__).resolve().parents[2] / "campaigns/templates/campaigns"
    messages = {
        message
        for name in (
            "campaign_page.html",
            "country_page.html",
            "includes/hotline.html",
            "includes/call_bar.html",
        )
        for message, _comments, _context in extract_file(templates / name)
    }
    assert {"What you should know", "For:", "Campaigns", "Talk to someone", "Call"} <= messages


# --- Pages ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        senegal = CountryFactory(code="SN", languages="fr, wo, ff")
        eritrea = CountryFactory(code="ER", languages="ti", hotline="+291 800 00 10")
        morocco = CountryFactory(code="MA", languages="ar, fr, zgh", hotline="+212 800 00 00 05")
        yield {
            "wo": campaign_page(
                country_page(senegal), slug="wo-page", title_wo="Màndiŋ mi du yoon",
                key_messages="Know the risks.", key_messages_fr="Connaître les risques.",
            ),
            "ti": campaign_page(
                country_page(eritrea), slug="ti-page", title_ti="ባሕሪ ኣይምሕርን",
                key_messages="Know the risks.",
            ),
            "ar": campaign_page(
                country_page(morocco), slug="ar-page", title_ar="البحر لا يرحم",
                key_messages="Know the risks.", key_messages_ar="اعرف المخاطر.",
            ),
        }  # fmt: skip


def page_html(client, pages, code) -> str:
    page = Page.objects.get(pk=pages[code].pk).specific
    with translation.override(code):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_wolof_campaign_page_shows_french_words_marked_french(client, pages):
    html = page_html(client, pages, "wo")
    assert '<html lang="wo" dir="ltr">' in html
    assert (
        '<h2 id="key-messages"><span lang="fr" dir="ltr">Ce que vous devez savoir</span></h2>'
        in html
    )
    assert '<span lang="fr" dir="ltr">Parlez à quelqu’un</span>' in html
    note = re.search(r'<p class="fallback-note" role="note">(.*?)</p>', html).group(1)
    assert note.startswith('<span lang="fr" dir="ltr">Des parties de cette page')
    # The languages are named in Wolof, and marked so inside the French sentence.
    assert '<span lang="wo" dir="ltr">Àngale, Farañse</span>' in note
    assert "What you should know" not in html


@pytest.mark.django_db
def test_tigrinya_campaign_page_shows_english_words_marked_english(client, pages):
    html = page_html(client, pages, "ti")
    assert '<html lang="ti" dir="ltr">' in html
    assert (
        '<span lang="en" dir="ltr">Part of this page is not yet translated and is shown in '
        '<span lang="ti" dir="ltr">እንግሊዝኛ</span>.</span>'
    ) in html
    assert '<span lang="en" dir="ltr">What you should know</span>' in html
    assert '<span lang="en" dir="ltr">Talk to someone</span>' in html


@pytest.mark.django_db
def test_arabic_campaign_page_shows_arabic_words_unmarked(client, pages):
    html = page_html(client, pages, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h2 id="key-messages">ما يجب أن تعرفه</h2>' in html
    assert "What you should know" not in html
