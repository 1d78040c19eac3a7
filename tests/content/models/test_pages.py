"""Which language versions a country's pages have, and how missing text is shown."""

import re

import pytest
from django.utils import translation
from wagtail.models import Page

from tests.factories import CountryFactory, campaign_page, country_page, material, module_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def senegal_data(django_db_setup, django_db_blocker):
    """Senegal, its campaign and a poster: built once for the module, rolled back after its last
    test."""
    with module_data(django_db_blocker):
        country = CountryFactory(code="SN", languages="fr, wo, ff", contact_details_fr="OIM Dakar")
        parent = country_page(country, title_fr="Sénégal", title_wo="Senegaal")
        page = campaign_page(
            parent,
            title="The desert is not a road",
            title_fr="Le désert n'est pas une route",
            title_wo="Màndiŋ mi du yoon",
            objective="Know the risks.",
            objective_fr="Connaître les risques.",
            key_messages_fr="Le désert tue.\nIl existe des voies légales.",
        )
        material(page, languages=("wo",), title="Poster", title_fr="Affiche")
        yield page


@pytest.fixture
def senegal_campaign(senegal_data, db):
    """The module's campaign, fetched again (a test may change it)."""
    return Page.objects.get(pk=senegal_data.pk).specific


def url(page, code):
    with translation.override(code):
        return page.get_url()


def test_page_is_offered_in_country_and_site_wide_languages(client, senegal_campaign):
    html = client.get(url(senegal_campaign, "wo")).content.decode()
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html)
    assert alternates == ["fr", "wo", "ff", "en"]
    nav = html.split('<nav class="languages"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'hreflang="([^"]+)"', nav) == ["fr", "wo", "ff", "en"]


@pytest.mark.parametrize(
    ("accept", "expected"), [("ff", "ff"), ("ar", "fr"), ("", "fr"), ("en-GB,en;q=0.8", "en")]
)
def test_a_language_not_offered_redirects_to_the_best_version(
    client, senegal_campaign, accept, expected
):
    response = client.get(url(senegal_campaign, "ar"), HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == url(senegal_campaign, expected)


def test_wolof_page_falls_back_to_french_and_says_so(client, senegal_campaign):
    html = client.get(url(senegal_campaign, "wo")).content.decode()
    assert '<html lang="wo" dir="ltr">' in html
    assert "<h1>Màndiŋ mi du yoon</h1>" in html  # translated: no lang attribute needed
    assert '<p class="lead" lang="fr" dir="ltr">Connaître les risques.</p>' in html
    assert '<ul lang="fr" dir="ltr"><li>' in html  # the key messages, in French
    assert 'class="fallback-note"' in html
    assert "Farañse" in html  # "French", named in Wolof by CLDR
    assert '<span lang="wo" dir="ltr">Wolof</span>' in html  # the poster's Wolof version


def test_fully_translated_page_has_no_fallback_note(client, senegal_campaign):
    html = client.get(url(senegal_campaign, "fr")).content.decode()
    assert "fallback-note" not in html
    assert "<h1>Le désert n&#x27;est pas une route</h1>" in html


def test_rtl_fallback_text_carries_its_own_direction(client):
    country = CountryFactory(code="AF", languages="fa-af, ps")
    page = campaign_page(country_page(country), objective_fa_af="خطرات را بدانید.")
    html = client.get(url(page, "ps")).content.decode()
    assert '<html lang="ps" dir="rtl">' in html
    assert '<p class="lead" lang="fa-af" dir="rtl">خطرات را بدانید.</p>' in html
    english = client.get(url(page, "en")).content.decode()
    assert '<html lang="en" dir="ltr">' in english


def test_country_page_lists_its_campaigns_in_the_visitors_language(client, senegal_campaign):
    parent = senegal_campaign.get_parent().specific
    html = client.get(url(parent, "fr")).content.decode()
    assert "<h1>Sénégal</h1>" in html
    assert "Le désert n&#x27;est pas une route</a>" in html
    assert 'href="tel:+221800000000"' in html


def test_sitemap_lists_exactly_the_offered_versions(client, senegal_campaign):
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    campaign_urls = [loc for loc in locations if "desert" in loc]
    assert sorted(loc.split("/")[3] for loc in campaign_urls) == ["en", "ff", "fr", "wo"]


def test_end_date_before_start_is_refused(senegal_campaign):
    import datetime

    from django.core.exceptions import ValidationError

    senegal_campaign.end_date = datetime.date(2025, 1, 1)
    with pytest.raises(ValidationError) as error:
        senegal_campaign.full_clean()
    assert "end_date" in error.value.message_dict


def test_sitemap_lists_each_countrys_transparency_page_in_its_languages(client, senegal_campaign):
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    transparency = sorted(loc.split("/")[3] for loc in locations if "/transparency/SN/" in loc)
    assert transparency == ["en", "ff", "fr", "wo"]
    assert all(client.get(loc).status_code == 200 for loc in locations if "/transparency/" in loc)
