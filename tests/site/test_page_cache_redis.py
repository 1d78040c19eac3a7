"""The page cache on production's cache: Django's RedisCache (cms/settings/production.py with
REDIS_URL). Needs Redis at 127.0.0.1:6379 (CI has it); skipped without it, unless REQUIRE_REDIS=1.

Keys live under a prefix of this run's own and are deleted one by one afterwards (never a
FLUSHDB: the Redis may be shared)."""

import os
import uuid

import pytest
from django.core.cache import caches
from django.utils import translation

from campaigns.reporting import counting
from campaigns.site import page_cache, page_cache_scope
from tests.factories import CountryFactory, campaign_page, country_page, home_page

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        return None
    return client


@pytest.fixture
def redis_cache(settings):
    client = redis_client()
    if client is None:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but no Redis answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test-page-cache-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {  # production's, with this test's own prefix
        "default": {
            "BACKEND": "cms.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.PAGE_CACHE_SECONDS = 120
    counting.discard()
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    counting.discard()


@pytest.fixture
def campaign(db):
    home_page()
    country = country_page(CountryFactory(code="SN", languages="fr, wo"), title_fr="Sénégal")
    return campaign_page(country, title="The desert", title_fr="Le désert", title_wo="Màndiŋ")


def url(page, code):
    with translation.override(code):
        return page.get_url()


def test_pages_stored_in_redis_and_purged_for_every_process(
    client, campaign, redis_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    redis, prefix = redis_cache
    assert type(caches["default"]).__name__ == "RedisCache"
    french, wolof = url(campaign, "fr"), url(campaign, "wo")
    for path in (french, wolof):
        assert client.get(path, HTTP_USER_AGENT=BROWSER)["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = client.get(french, HTTP_USER_AGENT=BROWSER)
    assert hit["X-Cache"] == "hit" and "Le désert</h1>" in hit.content.decode()
    assert "Màndiŋ</h1>" in client.get(wolof, HTTP_USER_AGENT=BROWSER).content.decode()
    assert len(list(redis.scan_iter(f"{prefix}:*:page-cache:*"))) >= 3  # generation + 2 pages

    # Another process: its own connection to the same Redis sees the same stamps (a campaign's
    # publish renews its section's: campaigns/site/page_cache_scope.py).
    other_process = caches.create_connection("default")
    section = page_cache_scope.section_key("fr", page_cache_scope.section_of_path("fr", french))
    before = other_process.get(section)
    assert before is not None
    with django_capture_on_commit_callbacks(execute=True):
        campaign.title_fr = "Le désert tue"
        campaign.save_revision().publish()
    assert other_process.get(section) not in (before, None)
    after = client.get(french, HTTP_USER_AGENT=BROWSER)
    assert after["X-Cache"] == "miss" and "Le désert tue</h1>" in after.content.decode()
    assert client.get(french, HTTP_USER_AGENT=BROWSER)["X-Cache"] == "hit"
    assert client.get(wolof, HTTP_USER_AGENT=BROWSER)["X-Cache"] == "miss"  # all pages purged


def test_a_hit_from_redis_is_counted(client, campaign, redis_cache):
    path = url(campaign, "fr")
    client.get(path, HTTP_USER_AGENT=BROWSER)
    assert client.get(path, HTTP_USER_AGENT=BROWSER)["X-Cache"] == "hit"
    assert counting.flush() == 2


def test_redis_down_the_page_cache_steps_aside(rf, redis_cache, settings):
    """The page cache itself fails no request (the pages' own parts may: /healthz says 503)."""
    from django.http import HttpResponse

    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    middleware = page_cache.PageCacheMiddleware(lambda request: HttpResponse("page"))
    response = middleware(rf.get("/fr/page/", HTTP_USER_AGENT=BROWSER))
    assert response.content == b"page" and "X-Cache" not in response
