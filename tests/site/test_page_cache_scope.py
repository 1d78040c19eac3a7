"""A campaign page's publish purges only the pages it reaches (campaigns/site/page_cache_scope.py),
and never leaves a stale page: checked against the truth on the whole demo site.

Each test fills the cache with every page version of the demo (campaign and country pages in each
of their languages, the site-wide pages in three), makes a change as an editor would (inside
``django_capture_on_commit_callbacks(execute=True)``, so the commit's hooks run), then visits
every version again: each hit must be byte for byte what an uncached render gives now (the CSP
nonce aside). What stayed a hit is also checked, so that the scope is not silently global.
"""

import re

import pytest
from django.utils import translation

from campaigns.models import CampaignPage, CountryPage, InfoPage
from campaigns.site import page_cache_scope as scope
from campaigns.site.page_cache import Stamps, page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "cache_on")]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"
SITEWIDE_LANGUAGES = ("fr", "en", "ar")
NONCE = re.compile(rb'nonce="[^"]*"')


def versions() -> dict[str, object]:
    """Every public URL of the demo's live pages (the site-wide ones in three languages), with
    its page."""
    from wagtail.models import Page

    found = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        codes = page.offered_language_codes()
        if not isinstance(page, (CampaignPage, CountryPage)):
            codes = [code for code in codes if code in SITEWIDE_LANGUAGES]
        for code in codes:
            with translation.override(code):
                found[page.get_url()] = page
    return found


def get(client, path):
    return client.get(path, HTTP_USER_AGENT=BROWSER)


def body(response) -> bytes:
    return NONCE.sub(b'nonce=""', response.content)


def fill(client, urls):
    for url in urls:
        get(client, url)
        assert get(client, url)["X-Cache"] == "hit", url


def visit_all(client, settings, urls) -> dict[str, str]:
    """Visit every URL through the cache; each hit compared with an uncached render. Returns
    each URL's X-Cache (or its status when not a 200)."""
    outcome = {}
    for url in urls:
        response = get(client, url)
        if response.status_code != 200:
            outcome[url] = response.status_code
            continue
        outcome[url] = response["X-Cache"]
        if outcome[url] == "hit":
            settings.PAGE_CACHE_SECONDS = 0
            truth = get(client, url)
            settings.PAGE_CACHE_SECONDS = 120
            assert body(response) == body(truth), f"stale page served: {url}"
    return outcome


@pytest.fixture
def site(client):
    urls = versions()
    fill(client, urls)
    return urls


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def publish_with(page, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            page = page.get_latest_revision_as_object()
            for name, value in fields.items():
                setattr(page, name, value)
            page.save_revision().publish()

    return publish_with


def guinea():
    return CampaignPage.objects.filter(country__code="GN").order_by("path").first()


def test_a_campaigns_new_title_purges_its_country_and_the_pages_above_only(
    client, settings, site, publish
):
    campaign = guinea()
    publish(campaign, title_fr="La route du désert, édition 2")
    outcome = visit_all(client, settings, site)
    with translation.override("fr"):
        campaign_url, country_url = campaign.get_url(), campaign.get_parent().get_url()
        home_url = campaign.get_site().root_page.get_url()
    for url in (campaign_url, country_url, home_url):
        assert outcome[url] == "miss", url
    assert "La route du désert, édition 2" in get(client, country_url).content.decode()
    others = [url for url, page in site.items() if page.get_parent().pk != campaign.get_parent().pk]
    kept = [url for url in others if outcome[url] == "hit"]
    # Other countries' pages and the site-wide pages without a list of campaigns stay cached.
    assert len(kept) >= len(others) * 0.6, (len(kept), len(others))
    info = InfoPage.objects.live().first()
    with translation.override("fr"):
        assert outcome[info.get_url()] == "hit"


def test_unpublishing_a_campaign_purges_its_pages_and_the_lists(
    client, settings, site, django_capture_on_commit_callbacks
):
    campaign = guinea()
    with translation.override("fr"):
        url, country_url = campaign.get_url(), campaign.get_parent().get_url()
        title = campaign.title
    with django_capture_on_commit_callbacks(execute=True):
        campaign.unpublish()
    outcome = visit_all(client, settings, site)
    assert outcome[url] == 404
    assert outcome[country_url] == "miss"
    assert title not in get(client, country_url).content.decode()


def test_a_new_address_purges_everything(client, settings, site, publish):
    campaign = guinea()
    with translation.override("fr"):
        old = campaign.get_url()
    publish(campaign, slug_fr="nouvelle-adresse")
    outcome = visit_all(client, settings, site)
    assert outcome[old] == 404
    assert "hit" not in outcome.values()


def test_a_page_linking_to_a_campaign_of_another_section_is_purged_with_it(
    client, settings, site, publish
):
    """A call to action shows the linked page's address only today; a page showing a page of
    another section is purged with it all the same (the template may show more one day)."""
    campaign = guinea()
    linking = CampaignPage.objects.filter(country__code="SN").order_by("path").first()
    body = [("call_to_action", {"text": "Lire", "page": campaign, "url": ""})]
    publish(linking, body_fr=body)
    fill(client, site)
    publish(campaign, title_fr="La route du désert, édition 3")
    outcome = visit_all(client, settings, site)
    with translation.override("fr"):
        assert outcome[linking.get_url()] == "miss"
        assert outcome[linking.get_parent().get_url()] == "hit"  # the Senegal page


def test_a_stamp_missing_at_the_start_of_a_render_is_made_only_if_no_purge_came():
    cache = page_cache()
    key = scope.section_key("fr", "campagnes/guinee")
    cache.delete_many([key, scope.LINKS_KEY])
    read = Stamps(generation=1, section=None, links=None)  # as read before the render
    scope.purge_stamps(cache, [key])  # a publish commits while the page renders
    assert scope.complete(cache, read, key, needs_links=False) is None  # not stored
    cache.delete_many([key, scope.LINKS_KEY])
    stamps = scope.complete(cache, read, key, needs_links=True)
    assert stamps.section == cache.get(key) and stamps.links == cache.get(scope.LINKS_KEY)
    assert scope.complete(cache, read._replace(section=5), key, needs_links=False).links is None


def test_addresses_that_are_not_pages_leave_no_stamp(client):
    cache = page_cache()
    for n in range(5):
        assert get(client, f"/fr/nothing-here-{n}/").status_code == 404
        assert cache.get(scope.section_key("fr", f"nothing-here-{n}")) is None


def test_sections_of_an_address_cover_every_depth_of_the_sites_root():
    sections = scope.sections_of_url_path("home/campagnes/guinee/la-route/")
    assert {"campagnes/guinee", "guinee/la-route", "la-route"} <= sections
    assert scope.section_of_path("fr", "/fr/campagnes/guinee/la-route/") == "campagnes/guinee"
    assert scope.section_of_path("fr", "/fr/") == ""
    assert "" in scope.sections_of_url_path("home/")
