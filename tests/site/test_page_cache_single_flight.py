"""The page cache renders a stale page once at a time (campaigns/site/page_cache.py, "One render
per page at a time"): the first visitor takes a lock in the cache and renders, the others wait
for its entry, and render themselves when it will not come (not storable, the renderer gone, a
newer publish, too long). "Another process" is played here by writing to the cache as it would.
"""

import threading
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import translation

from campaigns.site import page_cache
from tests.factories import CountryFactory, campaign_page, country_page, home_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on")]  # tests/conftest.py

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


@pytest.fixture
def path(db):
    home_page()
    senegal = CountryFactory(code="SN", languages="fr")
    country = country_page(senegal, title_fr="Sénégal")
    page = campaign_page(country, title="The sea", title_fr="La mer ne pardonne pas")
    with translation.override("fr"):
        return page.get_url()


def get(client, path):
    return client.get(path, HTTP_USER_AGENT=BROWSER)


def keys(path):
    key = page_cache.cache_key(
        SimpleNamespace(scheme="http", path=path, path_info=path), "testserver"
    )
    generation = page_cache.current_generation()
    return key, f"{key}:rendering:{generation}", generation


def stored_entry(client, path):
    """The entry a render of `path` stores, taken out of the cache again."""
    assert get(client, path)["X-Cache"] == "miss"
    key, _lock, _generation = keys(path)
    entry = cache.get(key)
    cache.delete(key)
    return entry


def later(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def test_a_miss_takes_the_lock_and_gives_it_back(client, path):
    key, lock, generation = keys(path)
    taken = []
    original = page_cache.take_render_lock
    response = None
    try:
        page_cache.take_render_lock = lambda *args: taken.append(args[1:]) or original(*args)
        response = get(client, path)
    finally:
        page_cache.take_render_lock = original
    assert response["X-Cache"] == "miss"
    assert taken == [(lock, generation)]
    assert cache.get(lock) is None  # released once stored
    assert cache.get(key)[1] == generation


def test_a_visitor_waits_for_the_page_another_request_is_rendering(
    client, path, django_assert_num_queries
):
    entry = stored_entry(client, path)
    key, lock, generation = keys(path)
    assert cache.add(lock, generation, 30)  # another process is rendering it
    timer = later(0.15, lambda: cache.set(key, entry, 120))
    started = time.monotonic()
    with django_assert_num_queries(0):  # no render here: the other request's page
        response = get(client, path)
    timer.join()
    assert time.monotonic() - started >= 0.15
    assert response.status_code == 200 and response["X-Cache"] == "hit"
    assert "La mer ne pardonne pas" in response.content.decode()


def test_a_renderer_that_never_stores_costs_the_wait_then_the_visitor_renders(
    client, path, settings
):
    settings.PAGE_CACHE_WAIT_SECONDS = 0.3
    _key, lock, generation = keys(path)
    assert cache.add(lock, generation, 30)  # taken, and its holder died
    started = time.monotonic()
    response = get(client, path)
    waited = time.monotonic() - started
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    assert waited >= 0.3
    assert "La mer ne pardonne pas" in response.content.decode()


def test_a_render_that_may_not_be_stored_lets_the_waiters_render_at_once(client, path, settings):
    settings.PAGE_CACHE_WAIT_SECONDS = 5
    _key, lock, generation = keys(path)
    assert cache.add(lock, generation, 30)
    later(0.05, lambda: cache.delete(lock))  # its render ended with nothing to store
    started = time.monotonic()
    response = get(client, path)
    assert time.monotonic() - started < 2
    assert response["X-Cache"] == "miss"


def test_a_page_that_is_not_stored_gives_its_lock_back(client, path):
    response = get(client, "/fr/no-such-page/")
    assert response.status_code == 404 and "X-Cache" not in response
    _key, lock, _generation = keys("/fr/no-such-page/")
    assert cache.get(lock) is None


def test_a_publish_while_waiting_makes_the_visitor_render_the_new_page(client, path, settings):
    settings.PAGE_CACHE_WAIT_SECONDS = 5
    entry = stored_entry(client, path)
    key, lock, generation = keys(path)
    assert cache.add(lock, generation, 30)
    later(0.05, page_cache.bump_generation)
    started = time.monotonic()
    response = get(client, path)
    assert time.monotonic() - started < 2
    assert response["X-Cache"] == "miss"  # rendered afresh and stored for the new generation
    assert cache.get(key)[1] == page_cache.current_generation() != entry[1]


def test_no_waiting_when_turned_off(client, path, settings):
    settings.PAGE_CACHE_WAIT_SECONDS = 0
    _key, lock, generation = keys(path)
    assert cache.add(lock, generation, 30)
    started = time.monotonic()
    response = get(client, path)
    assert time.monotonic() - started < 1 and response["X-Cache"] == "miss"
