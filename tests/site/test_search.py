"""The public search (campaigns/site/search.py): ranked results in the visitor's language, with
country, campaign and a highlighted line; never an unpublished, private or draft item; a fixed
number of queries."""

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from campaigns.site.search import RESULTS_PER_PAGE
from campaigns.site.search_text import query_words, snippet, word_pattern
from tests.factories import (
    CountryFactory,
    campaign_page,
    country_page,
    home_page,
    material,
    module_data,
)

pytestmark = pytest.mark.django_db


def text_body(*paragraphs):
    return [{"type": "text", "value": f"<p>{paragraph}</p>"} for paragraph in paragraphs]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        home_page()
        sn = country_page(
            CountryFactory(code="SN", languages="fr, wo"), title_fr="Sénégal", intro_fr="Dakar"
        )
        visas = campaign_page(
            sn,
            slug="visas",
            title="Visas: the legal way",
            title_fr="Visas : la voie légale",
            objective="How to ask for a visa.",
            objective_fr="Comment demander un visa de travail <sans> intermédiaire.",
            key_messages_fr="Un visa ne s'achète pas.",
        )
        desert = campaign_page(
            sn,
            slug="desert",
            title="The desert is not a road",
            title_fr="La route du désert",
            objective_fr="Les risques de la traversée du Sahara.",
            body_fr=text_body(
                "Des passeurs promettent un passage sans papiers ni visa, puis abandonnent "
                "les voyageurs dans le désert."
            ),
        )
        sea = campaign_page(
            sn,
            slug="sea",
            title="The sea takes lives",
            title_fr="La mer prend des vies",
            objective_fr="Les pirogues chavirent.",
        )
        # Wolof only: a French visitor reads it in Wolof, marked as such.
        wolof = campaign_page(
            sn, slug="wolof", title="Jobs", objective_wo="Liggéey ci Senegaal, visa amul solo."
        )
        hidden = campaign_page(sn, slug="hidden", title="Visa secrets", title_fr="Visa secret")
        hidden.unpublish()
        private = campaign_page(sn, slug="private", title="Visa staff", title_fr="Visa équipe")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        poster = material(visas, languages=("fr",), title="Visa poster", title_fr="Affiche visa")
        material(sea, ("fr",), title="Sea visa poster", title_fr="Affiche visa de la mer")
        material(visas, ("fr",), live=False, title="Visa draft", title_fr="Brouillon visa")
        material(private, ("fr",), title="Visa team poster", title_fr="Affiche équipe visa")
        ma = country_page(CountryFactory(code="MA", languages="ar, fr"), title_ar="المغرب")
        arabic = campaign_page(
            ma,
            slug="tashira",
            title="Visa information",
            title_ar="معلومات عن التأشيرة",
            objective_ar="لا تدفع للوسطاء مقابل الحصول على التأشيرة، فهي مجانية في القنصلية.",
        )
        al = country_page(CountryFactory(code="AL", languages="sq"))
        albanian = campaign_page(al, slug="sea", title="Sea crossing", title_sq="Kalimi i detit")
        yield SimpleNamespace(
            sn=sn, visas=visas, desert=desert, sea=sea, wolof=wolof, hidden=hidden,
            private=private, poster=poster, ma=ma, arabic=arabic, al=al, albanian=albanian,
        )  # fmt: skip


def results(client, language, query, **params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    ol = re.search(r'<ol class="results".*?</ol>', html, re.S)
    items = re.findall(r"<li>.*?</li>", ol.group(0), re.S) if ol else []
    return html, items


# --- Ranking ----------------------------------------------------------------------------------


def test_visa_ranks_the_campaign_about_visas_first_and_leaves_out_the_rest(client, world):
    html, items = results(client, "fr", "visa")
    assert "/visas/" in items[0] and "<mark>Visas</mark> : la voie légale" in items[0]
    listed = "\n".join(items)
    # The desert campaign mentions visas in its body only: listed, below.
    assert listed.index("/desert/") > listed.index("/visas/")
    # Campaigns that never say it are not listed (the sea's poster about visas is).
    assert '/sea/"' not in listed
    # The poster about visas is listed under its campaign, leading to its entry there.
    assert f'/visas/#material-{world.poster.pk}">Affiche <mark>visa</mark></a>' in items[0]
    assert "Supports :" in items[0] or "Supports:" in items[0]
    # A material whose campaign is not found is a result of its own, with campaign and country.
    sea_poster = next(item for item in items if "/sea/#material-" in item)
    assert "Affiche ·" in sea_poster and "La mer prend des vies" in sea_poster
    assert "Sénégal" in sea_poster
    assert len(items) == 4  # visas, desert, the Wolof campaign, the sea's poster


def test_more_words_found_rank_higher_and_stray_words_do_not_list_everything(client, world):
    _html, items = results(client, "fr", "la route du désert")
    assert len(items) == 1 and "/desert/" in items[0]
    # Senegal is not a word of the visas campaign, but it is the campaign's country.
    _html, items = results(client, "fr", "visa sénégal")
    assert "/visas/" in items[0]


def test_a_country_is_found_by_its_name_in_the_visitors_language(client, world):
    _html, items = results(client, "fr", "Sénégal")
    assert "/senegal/" in items[0] or "/sn/" in items[0]


# --- What a result shows ----------------------------------------------------------------------


def test_the_line_is_french_text_around_the_word_escaped_and_highlighted(client, world):
    _html, items = results(client, "fr", "travail")
    (item,) = items
    assert "Comment demander un visa de <mark>travail</mark> &lt;sans&gt; intermédiaire." in item
    assert "<sans>" not in item
    assert 'lang="' not in item  # all of it in French
    assert "Campagne · Sénégal" in item


def test_text_from_another_language_carries_its_lang_and_dir(client, world):
    _html, items = results(client, "fr", "Liggéey")
    (item,) = items
    assert '<p lang="wo" dir="ltr"><mark>Liggéey</mark> ci Senegaal' in item
    assert 'lang="en" dir="ltr">Jobs</a>' in item


def test_arabic_results_highlight_a_word_inside_its_prefixes(client, world):
    html, items = results(client, "ar", "تأشيرة")
    (item,) = items
    assert '<html lang="ar" dir="rtl">' in html
    assert "معلومات عن <mark>التأشيرة</mark>" in item
    assert "مقابل الحصول على <mark>التأشيرة،</mark>" not in item  # the comma is not the word's
    assert "مقابل الحصول على <mark>التأشيرة</mark>، فهي" in item
    assert 'lang="' not in item


def test_results_are_paginated(client, world, db):
    for number in range(RESULTS_PER_PAGE + 2):
        campaign_page(world.sn, slug=f"extra-{number}", title=f"Extra {number}",
                      title_fr=f"Campagne visa {number}")  # fmt: skip
    html, items = results(client, "fr", "visa")
    assert len(items) == RESULTS_PER_PAGE and 'rel="next"' in html
    html, items = results(client, "fr", "visa", page=2)
    assert items and 'rel="prev"' in html and "Page 2 sur 2" in html


# --- Denials ----------------------------------------------------------------------------------


def test_unpublished_private_and_draft_items_never_appear(client, world):
    for language in ("fr", "en"):
        html, _items = results(client, language, "visa")
        for hidden in ("/hidden/", "/private/", "Visa secret", "Visa équipe", "Visa staff"):
            assert hidden not in html
        for draft in ("Brouillon", "Visa draft", "Affiche équipe", "Visa team"):
            assert draft not in html


def test_results_are_limited_to_pages_offered_in_the_language(client, world):
    assert "<mark>Kalimi</mark> i detit" in results(client, "sq", "Kalimi")[0]
    # The Albanian campaign has no Wolof version: it is not listed on the Wolof site.
    assert results(client, "wo", "Kalimi")[1] == []


# --- Empty, nothing found, odd queries --------------------------------------------------------


def test_an_empty_query_and_no_results_lead_to_the_countries(client, world):
    for query in ("", "zzzqqq"):
        html, items = results(client, "fr", query)
        assert items == []
        assert 'href="/fr/campagnes/senegal/"' in html or "Sénégal</a>" in html
        assert "Maroc</a>" in html
    assert "Aucun résultat pour" in results(client, "fr", "zzzqqq")[0]


def test_overlong_and_odd_queries_are_harmless(client, world):
    html, _items = results(client, "en", "visa " * 2000)
    assert 'value="visa visa' in html and "visa " * 41 not in html
    for query in ("%", "_", "\\", "'\"<script>", "visa%", "ቪዛ"):
        html, _items = results(client, "en", query)
        assert "<script>" not in html.split("<main", 1)[1]
    assert client.get("/en/search/", {"q": "visa", "page": "x"}).status_code == 200
    assert client.get("/en/search/", {"q": "visa", "page": "999"}).status_code == 200


# --- Queries ----------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_hits(client, world, db):
    client.get("/fr/search/", {"q": "visa"})  # Wagtail caches the sites' root paths
    with CaptureQueriesContext(connection) as few:
        _html, items = results(client, "fr", "visa")
    before = len(items)
    for number in range(8):
        page = campaign_page(world.sn, slug=f"more-{number}", title_fr=f"Visa {number}")
        material(page, languages=("fr",), title_en="Poster", title_fr=f"Affiche visa {number}")
    with CaptureQueriesContext(connection) as many:
        _html, items = results(client, "fr", "visa")
    assert len(items) > before
    # Countries, private pages' restrictions, campaign pages, country pages, materials and
    # their versions: six, whatever the number of hits (and what the site's header needs).
    assert len(many.captured_queries) == len(few.captured_queries) <= 8
    with CaptureQueriesContext(connection) as none_found:
        _html, items = results(client, "fr", "zzzqqq")
    # No versions to load; the country list instead: the restrictions again, the country pages.
    assert items == [] and len(none_found.captured_queries) == len(few.captured_queries) + 1


def test_case_is_ignored_in_every_script(client, world):
    for query in ("VISA", "SÉNÉGAL", "LIGGÉEY", "liggéey", "ViSaS"):
        assert results(client, "fr", query)[1], query


# --- The words and the line (no database) -----------------------------------------------------


def test_query_words():
    assert query_words("L'immigration, c'est quoi ?") == ["immigration", "est", "quoi"]
    assert query_words("  VISA visa ") == ["visa"]
    assert query_words("a") == ["a"]
    assert len(query_words("w " * 50 + "x" * 300)) <= 8


def test_words_start_text_words():
    assert word_pattern("visa").search("Des visas") and not word_pattern("visa").search("envisage")
    assert not word_pattern("visa").search("les visages")
    assert word_pattern("ቪዛ").search("ቪዛታት")  # Tigrinya: any continuation
    assert word_pattern("état").search("L'État")


def test_snippet_cuts_long_text_around_the_first_match():
    text = "Début. " + "mot " * 100 + "Le visa est gratuit. " + "fin " * 100
    line = str(snippet(text, [word_pattern("visa")]))
    assert line.startswith("… ") and line.endswith(" …") and "<mark>visa</mark>" in line
    assert len(re.sub("<[^>]+>", "", line)) <= 170
