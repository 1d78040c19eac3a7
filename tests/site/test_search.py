import pytest
from django.core.management import call_command

from tests.factories import CountryFactory, campaign_page, country_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    sn = country_page(CountryFactory(code="SN", languages="fr, wo"))
    campaign_page(sn, title="Desert route", title_fr="La route du désert", slug="desert")
    al = country_page(CountryFactory(code="AL", languages="sq"))
    campaign_page(al, title="Sea crossing", title_sq="Kalimi i detit", slug="sea")
    call_command("update_index", verbosity=0)


def test_search_finds_pages_and_shows_them_in_the_visitors_language(client, indexed):
    response = client.get("/fr/search/", {"q": "désert"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "La route du désert</a>" in html
    assert "Sea crossing" not in html


def test_results_are_limited_to_pages_offered_in_the_language(client, indexed):
    assert "Kalimi i detit</a>" in client.get("/sq/search/", {"q": "Kalimi"}).content.decode()
    # The Albanian campaign has no Wolof version: it is not listed on the Wolof site.
    assert "Kalimi i detit</a>" not in client.get("/wo/search/", {"q": "Kalimi"}).content.decode()


def test_empty_and_overlong_queries_are_harmless(client, indexed):
    assert client.get("/en/search/").status_code == 200
    assert client.get("/en/search/", {"q": "x" * 5000}).status_code == 200
