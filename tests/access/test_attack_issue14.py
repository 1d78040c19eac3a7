"""Attack on issue 14's additions: footer pages, site identity, home, search, hotlines, reach.

Each hole found has its test here beside the fix; what held has a test proving the denial.
"""

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import PageViewRestriction

from campaigns.access.roles import setup_roles
from campaigns.models import HomeFeaturedCampaign, HomePage, InfoPage
from tests.factories import (
    CountryFactory,
    campaign_index,
    campaign_page,
    country_page,
    fresh,
    home_page,
    module_data,
)

pytestmark = pytest.mark.django_db


def add_info_page(home, slug, title):
    page = InfoPage(slug=slug, title=title, show_in_menus=True)
    with translation.override("en"):
        home.add_child(instance=page)
        page.save_revision().publish()
    return InfoPage.objects.get(pk=page.pk)


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """Senegal (public) with a public and a private campaign; Morocco's whole country page is
    private (signed-in staff only); a public and a private footer page."""
    with module_data(django_db_blocker):
        setup_roles()
        home = home_page()
        sn_page = country_page(CountryFactory(code="SN", languages="fr, wo"))
        public = campaign_page(sn_page, slug="open", title="Open campaign ZQX")
        private = campaign_page(sn_page, slug="staff", title="Staff-only campaign QQW")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        ma_page = country_page(
            CountryFactory(code="MA", languages="ar, fr"), slug="ma", title="Hidden Morocco KPW"
        )
        PageViewRestriction.objects.create(page=ma_page, restriction_type="login")
        ma_campaign = campaign_page(
            ma_page, slug="ma-campaign", title="Hidden Moroccan campaign JJV"
        )
        about = add_info_page(home, "about", "About us VVB")
        internal = add_info_page(home, "internal", "Internal procedures WWZ")
        PageViewRestriction.objects.create(page=internal, restriction_type="login")
        home = HomePage.objects.get(pk=home.pk)
        home.featured_campaigns = [
            HomeFeaturedCampaign(campaign=private, sort_order=0),
            HomeFeaturedCampaign(campaign=ma_campaign, sort_order=1),
            HomeFeaturedCampaign(campaign=public, sort_order=2),
        ]
        home.save_revision().publish()
        cache.clear()
        yield {
            "home": home,
            "index": campaign_index(),
            "sn_page": sn_page,
            "public": public,
            "private": private,
            "ma_page": ma_page,
            "ma_campaign": ma_campaign,
            "about": about,
            "internal": internal,
        }


@pytest.fixture
def world(world_data, db):
    cache.clear()
    yield fresh(world_data)
    cache.clear()


def page_html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# --- Hole: private pages' titles listed on the home, the index and in the footer ---------------


@pytest.mark.parametrize("code", ["en", "fr"])
def test_home_never_lists_private_campaigns_or_countries(client, world, code):
    html = page_html(client, f"/{code}/")
    assert "Open campaign ZQX" in html  # the featured public campaign is there
    for secret in ("Staff-only campaign QQW", "Hidden Moroccan campaign JJV"):
        assert secret not in html
    assert 'href="/en/campaigns/ma/' not in html and 'href="/fr/campaigns/ma/' not in html
    assert "Morocco" not in html and "Maroc" not in html


def test_home_latest_campaigns_leave_out_private_ones(client, world):
    home = world["home"]
    home.featured_campaigns = []
    home.save_revision().publish()
    html = page_html(client, "/en/")
    assert "Open campaign ZQX" in html
    assert "Staff-only campaign QQW" not in html
    assert "Hidden Moroccan campaign JJV" not in html


def test_index_never_lists_private_campaigns_or_countries(client, world):
    with translation.override("en"):
        path = world["index"].get_url()
    html = page_html(client, path)
    assert "Open campaign ZQX" in html
    for secret in ("Staff-only campaign QQW", "Hidden Moroccan campaign JJV"):
        assert secret not in html
    assert 'href="/en/campaigns/ma/' not in html and 'href="/fr/campaigns/ma/' not in html
    assert "Morocco" not in html and "Maroc" not in html


def test_footer_never_links_a_private_footer_page(client, world):
    html = page_html(client, "/en/")
    assert "About us VVB" in html
    assert "Internal procedures WWZ" not in html


def test_the_private_pages_themselves_stay_closed(client, world):
    for page in (world["private"], world["ma_campaign"], world["internal"]):
        with translation.override("en"):
            response = client.get(page.get_url())
        assert response.status_code == 302  # to the login
        assert "/login/" in response["Location"]


def test_a_footer_page_made_private_leaves_the_cached_footer_at_once(client, world):
    assert "About us VVB" in page_html(client, "/en/")  # cached now
    restriction = PageViewRestriction.objects.create(page=world["about"], restriction_type="login")
    assert "About us VVB" not in page_html(client, "/en/")
    restriction.delete()
    assert "About us VVB" in page_html(client, "/en/")
