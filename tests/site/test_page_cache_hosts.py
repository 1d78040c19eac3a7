"""The page cache and the Host header (campaigns/site/page_cache.py, ``cacheable_host``): only
a Site's own address (or an exact ALLOWED_HOSTS entry) is stored and served; any other spelling
Django and Wagtail accept (letter case, a port) is rendered afresh and never stored, since the
page's hreflang links carry the Host it was asked with."""

from urllib.parse import urlsplit

import pytest
from django.utils import translation
from wagtail.models import Site

from tests.factories import CountryFactory, campaign_page, country_page, home_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on")]  # tests/conftest.py

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


@pytest.fixture
def path(db):
    home_page()
    senegal = CountryFactory(code="SN", languages="fr, wo")
    country = country_page(senegal, title_fr="Sénégal", title_wo="Senegaal")
    page = campaign_page(country, title="Desert", title_fr="Le désert", title_wo="Màndiŋ")
    with translation.override("fr"):
        return page.get_url()


def get(client, path, host):
    return client.get(path, HTTP_HOST=host, HTTP_USER_AGENT=BROWSER)


def test_the_demo_sites_own_address_is_cached(client, path, settings):
    """The default site as seed_demo / ``make demo`` builds it (WAGTAILADMIN_BASE_URL, e.g.
    127.0.0.1:8000): a browser sends that Host, and its pages are stored and served."""
    site = Site.objects.get(is_default_site=True)
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    assert (site.hostname, site.port) == (base.hostname, base.port or 80)
    host = base.netloc
    assert get(client, path, host)["X-Cache"] == "miss"
    hit = get(client, path, host)
    assert hit["X-Cache"] == "hit"
    assert f"http://{host}/".encode() in hit.content  # its hreflang links


def test_a_site_on_port_80_or_443_is_cached_under_its_name_alone(
    client, path, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["campaigns.example.org"]
    site = Site.objects.get(is_default_site=True)
    for port in (80, 443):
        with django_capture_on_commit_callbacks(execute=True):
            site.hostname, site.port = "campaigns.example.org", port
            site.save()
        assert get(client, path, "campaigns.example.org")["X-Cache"] == "miss"
        assert get(client, path, "campaigns.example.org")["X-Cache"] == "hit"
        for spelling in ("campaigns.example.org:80", "campaigns.example.org:443"):
            assert "X-Cache" not in get(client, path, spelling), spelling


def test_other_spellings_are_rendered_never_stored_nor_served_a_stored_page(
    client, path, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["campaigns.example.org"]
    site = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        site.hostname, site.port = "campaigns.example.org", 8000
        site.save()
    host = "campaigns.example.org:8000"
    assert get(client, path, host)["X-Cache"] == "miss"
    spellings = ("CAMPAIGNS.example.org:8000", "campaigns.example.org:1", "campaigns.example.org")
    for spelling in spellings[:2]:
        for _ in range(2):
            response = get(client, path, spelling)
            assert response.status_code == 200 and "X-Cache" not in response, spelling
            assert f"http://{spelling}/".encode() in response.content  # its own links
            assert "public" not in response.get("Cache-Control", "")
    hit = get(client, path, host)
    assert hit["X-Cache"] == "hit"
    assert b"CAMPAIGNS" not in hit.content and b"example.org:1/" not in hit.content
    # an exact ALLOWED_HOSTS entry is one spelling of its own: its own entry, its own links
    assert get(client, path, spellings[2])["X-Cache"] == "miss"
    assert b"http://campaigns.example.org/" in get(client, path, spellings[2]).content


def test_a_wildcard_allowed_hosts_caches_only_the_sites_address(client, path, settings):
    settings.ALLOWED_HOSTS = ["*", ".example.org"]
    for host in ("evil.example", "a.example.org", "EVIL.EXAMPLE:8080"):
        for _ in range(2):
            response = get(client, path, host)
            assert response.status_code == 200 and "X-Cache" not in response, host
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    assert get(client, path, host)["X-Cache"] == "miss"


def test_a_sites_new_address_is_known_once_saved(
    client, path, settings, django_capture_on_commit_callbacks
):
    """The Sites' addresses are read once per generation: a Site's save bumps it."""
    settings.ALLOWED_HOSTS = ["*"]
    old = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    assert get(client, path, old)["X-Cache"] == "miss"
    site = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        site.hostname, site.port = "new.example.org", 8443
        site.save()
    assert get(client, path, "new.example.org:8443")["X-Cache"] == "miss"
    assert get(client, path, "new.example.org:8443")["X-Cache"] == "hit"
    assert "X-Cache" not in get(client, path, old)


def test_x_forwarded_host_is_not_the_host(client, path, settings):
    """USE_X_FORWARDED_HOST is off: the header neither chooses the entry nor the links."""
    assert not settings.USE_X_FORWARDED_HOST
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    first = client.get(
        path, HTTP_HOST=host, HTTP_X_FORWARDED_HOST="evil.example", HTTP_USER_AGENT=BROWSER
    )
    assert first["X-Cache"] == "miss" and b"evil.example" not in first.content
    assert get(client, path, host)["X-Cache"] == "hit"
