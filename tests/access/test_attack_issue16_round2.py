"""Attacks on issue 16's second round: exports queued by a POST only, the page cache's render lock,
the CDN purge, the read replica's router. Each test is an attack; it passes when the attack fails.
"""

# ruff: noqa: F811  (the reach world fixtures are imported as fixtures, then named as arguments)

import socket
import threading
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path as url_path
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from campaigns.access.roles import ME_OFFICERS, TRANSLATORS
from campaigns.site import page_cache
from cms import db_routers
from tests.access.conftest import BROWSER, get
from tests.access.test_attack_issue16 import IATI, export_addresses
from tests.factories import home_page, role_user
from tests.reach.conftest import world, world_data  # noqa: F401
from tests.reporting.test_export_tasks import CSV, EVERY_MONTH, ask
from tests.site.test_cdn_purge import BACKENDS, cdn  # noqa: F401

pytestmark = pytest.mark.django_db

# --- Exports: only a POST queues ------------------------------------------------------------------


def test_head_options_and_other_methods_queue_nothing(client, world, database_queue):
    """HEAD (Django's View answers it with get()), OPTIONS, PUT, PATCH and DELETE on every address
    that queues, by a user who may export: nothing queued."""
    client.force_login(world.me_officer)
    for address in export_addresses(world):
        for method in ("HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "TRACE"):
            response = client.generic(method, address)
            assert response.status_code in (200, 405), (method, address, response.status_code)
    assert not DBTaskResult.objects.exists()


def test_forged_form_fields_change_neither_whose_export_nor_what(client, world, database_queue):
    """The task's arguments come from the URL and the session, never from the POST's body."""
    client.force_login(world.me_officer)
    forged = {
        "user_id": world.editor.pk,
        "kind": "iati",
        "fmt": "xlsx",
        "query": "country=999",
        "language": "../../x",
        "country": world.guinea.pk,
    }
    response = ask(client, CSV, EVERY_MONTH, data=forged)
    assert response.status_code == 302
    kwargs = DBTaskResult.objects.get().args_kwargs["kwargs"]
    assert kwargs["user_id"] == world.me_officer.pk
    assert (kwargs["kind"], kwargs["fmt"]) == ("dashboard", "csv")
    assert "999" not in kwargs["query"] and f"country={world.guinea.pk}" not in kwargs["query"]
    assert kwargs["language"] in {code for code, _name in translation.trans_real.settings.LANGUAGES}


def test_another_users_export_is_not_found_by_the_same_role_nor_a_superuser(
    client, world, superuser, database_queue
):
    client.force_login(world.me_officer)
    ask(client, CSV, EVERY_MONTH)
    result_id = str(DBTaskResult.objects.get().id)
    colleague = role_user(ME_OFFICERS, "attack16b-officer")
    for user in (colleague, superuser, world.editor):
        client.force_login(user)
        for name in ("reporting:export", "reporting:export_file"):
            assert client.get(reverse(name, args=[result_id])).status_code == 404, (user, name)
    client.logout()
    response = client.get(reverse("reporting:export", args=[result_id]))
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


def test_the_prepare_page_is_refused_to_those_without_the_right(client, world, database_queue):
    """The GET page with the button shows nothing to a role without the screen's right."""
    translator = role_user(TRANSLATORS, "attack16b-translator")
    iati = [a for a in export_addresses(world) if a.startswith(IATI)]
    for user, addresses in (
        (translator, export_addresses(world)),
        (world.editor, iati),
        (world.gn_reporter, iati),
    ):
        client.force_login(user)
        for address in addresses:
            response = client.get(address)
            assert response.status_code in (302, 403), (user, address, response.status_code)
            assert b"csrfmiddlewaretoken" not in response.content
            assert b"Prepare the export" not in response.content
    client.logout()
    for address in export_addresses(world):
        assert client.get(address).url.startswith(reverse("wagtailadmin_login"))
    assert not DBTaskResult.objects.exists()


# --- The page cache's render lock -----------------------------------------------------------------


def boom(request):
    raise RuntimeError("a render that fails")


def slow_error(request):
    return HttpResponse("gone wrong", status=500)


urlpatterns = [url_path("fr/boom/", boom), url_path("fr/error/", slow_error)]


@pytest.fixture
def page(world):
    """The world's Senegal campaign in French (Senegal offers fr, wo and ff)."""
    with translation.override("fr"):
        return world.sn_campaign.get_url()


def lock_of(path, host="testserver"):
    key = page_cache.cache_key(SimpleNamespace(scheme="http", path=path, path_info=path), host)
    generation = page_cache.current_generation()
    return key, f"{key}:rendering:{generation}", generation


@pytest.mark.usefixtures("cache_on")
@override_settings(ROOT_URLCONF=__name__, PAGE_CACHE_WAIT_SECONDS=5)
def test_a_render_that_raises_or_errs_gives_its_lock_back():
    """A 500 (an exception, or an error response) must not leave the lock: the next visitors
    would each wait PAGE_CACHE_WAIT_SECONDS."""
    browser = Client(raise_request_exception=False)
    for path in ("/fr/boom/", "/fr/error/"):
        assert get(browser, path).status_code == 500
        _key, lock, _generation = lock_of(path)
        assert cache.get(lock) is None, path
        started = time.monotonic()
        assert get(browser, path).status_code == 500
        assert time.monotonic() - started < 1, path


def cache_keys() -> set[str]:
    """The page cache's keys in the tests' local-memory cache (other keys, one per language at
    most, are the site's own: its identity, its root paths)."""
    return {key for key in cache._cache if "page-cache" in key}


@pytest.mark.usefixtures("cache_on")
def test_random_paths_404s_and_odd_requests_leave_nothing_in_the_cache(client, page):
    """An anonymous visitor sending many addresses that are not pages (404s, query strings, other
    host spellings, an unknown language) adds no key to the cache."""
    assert get(client, page)["X-Cache"] == "miss"  # the generation and this page's entry
    before = cache_keys()
    for n in range(40):
        get(client, f"/fr/no-such-page-{n}/")
        get(client, f"/fr/no-such-page-{n}/deeper/")
        get(client, f"{page}?n={n}")
        get(client, page.replace("/fr/", "/xx/") + str(n) + "/")
        get(client, page, HTTP_HOST=f"testserver:{n + 1}")
    assert cache_keys() == before


@pytest.mark.usefixtures("cache_on")
def test_others_requests_never_take_nor_drop_a_pages_lock(client, page, world_free_user):
    """A signed-in visitor, a query string, another host spelling: none waits on the lock of the
    anonymous page, none gives it back (that would let a crowd render at once), and none of their
    renders is what the anonymous visitors then get."""
    _key, lock, generation = lock_of(page)
    assert cache.add(lock, generation, 30)  # an anonymous render in progress elsewhere
    signed_in = Client()
    signed_in.force_login(world_free_user)
    for response in (
        get(signed_in, page),
        get(client, f"{page}?utm_source=x"),
        get(client, page, HTTP_HOST="TESTSERVER"),
    ):
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert cache.get(lock) == generation
    cache.delete(lock)
    anonymous = get(client, page)
    assert anonymous["X-Cache"] == "miss"  # rendered for itself, not a signed-in visitor's page
    assert b"wagtail-userbar" not in anonymous.content


@pytest.fixture
def world_free_user(db):
    return role_user(TRANSLATORS, "attack16b-signed-in")


@pytest.mark.usefixtures("cache_on")
def test_a_held_lock_on_one_language_or_host_makes_no_other_wait(client, page, settings):
    """The lock (and the entry waited for) is per scheme, host and path: a page held in French
    makes the Wolof page's visitors wait for nothing, and they get Wolof."""
    settings.PAGE_CACHE_WAIT_SECONDS = 5
    _key, lock, generation = lock_of(page)
    assert cache.add(lock, generation, 30)  # the French page's renderer died
    wolof = page.replace("/fr/", "/wo/", 1)
    started = time.monotonic()
    response = get(client, wolof)
    assert time.monotonic() - started < 1
    assert response.status_code == 200 and response["Content-Language"] == "wo"


@pytest.mark.usefixtures("cache_on")
def test_a_head_or_a_language_cookie_renderer_stores_the_page_everyone_gets(client, page):
    """The first visitor after a publish renders what all the others get (directly or through
    the wait): a HEAD must not store an empty page, nor a language cookie (or Accept-Language)
    another language than the path's."""
    first = client.head(page, HTTP_USER_AGENT=BROWSER, HTTP_COOKIE="django_language=wo")
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    client.cookies.clear()
    served = get(client, page)
    assert served["X-Cache"] == "hit" and served["Content-Language"] == "fr"
    assert b"</html>" in served.content and int(served["Content-Length"]) == len(served.content)
    assert 'lang="fr"' in served.content.decode()


# --- The CDN purge --------------------------------------------------------------------------------


def test_a_purge_url_never_goes_to_another_host(cdn):
    """Whatever the path of a page or a redirect's old path holds (``//other``, ``@other``,
    ``..``), the PURGE goes to the configured CDN, for the page's own host."""
    from campaigns.site.cdn_purge import HTTPBackend

    backend = HTTPBackend({"LOCATION": cdn.url, "TIMEOUT": 2})
    for url in (
        "http://example.org//evil.example/x/",
        "http://example.org/@evil.example/x/",
        "http://example.org/%2F%2Fevil.example/",
        "http://example.org/fr/../../evil/",
    ):
        backend.purge(url)
    assert len(cdn.received) == 4
    assert {request.host for request in cdn.received} == {"example.org"}
    for bad in ("http://example.org/x\r\nX-Injected: 1/", "http://example.org/x y/"):
        with pytest.raises(Exception):  # noqa: B017,PT011 - urllib refuses it; purge_cdn logs it
            backend.purge(bad)
    assert len(cdn.received) == 4


def test_a_hanging_cdn_does_not_hold_an_editors_redirect_for_long(superuser, settings):
    """Wagtail's redirect screens purge the redirect's old URLs through the "default" task
    backend (immediate: inside the editor's request) with the configured backends. A CDN that
    accepts the connection and never answers costs that request at most one TIMEOUT (the
    first failure stops the batch), never an error."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(8)  # accepts, never answers
    port = listening.getsockname()[1]
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": BACKENDS + "HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{port}",
            "TIMEOUT": 0.5,
        }
    }
    settings.WAGTAILFRONTENDCACHE_LANGUAGES = ["fr", "wo", "en", "nl"]
    home_page()
    browser = Client()
    browser.force_login(superuser)
    try:
        started = time.monotonic()
        response = browser.post(
            reverse("wagtailredirects:add"),
            {"old_path": "/fr/old/", "redirect_link": "https://example.org/", "is_permanent": "on"},
        )
        elapsed = time.monotonic() - started
    finally:
        listening.close()
    assert response.status_code == 302, response.content[:500]
    assert elapsed < 2, elapsed


@pytest.fixture
def silent_endpoint():
    """A TCP port on 127.0.0.1 that accepts connections and never answers (a CDN's API hanging)."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(16)
    yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    listening.close()


def test_a_hanging_cloudfront_gives_up_within_its_timeout(silent_endpoint, monkeypatch):
    """HOLE (fixed). CloudFront's client was boto3's default: 60 s to connect, 60 s to read, retried
    (legacy mode, 5 attempts), so an AWS endpoint that hangs held the worker (which also runs
    the imports and exports) for minutes on each purge, and an editor's redirect save (Wagtail
    purges its old URLs inside the request) past gunicorn's timeout. TIMEOUT bounds it, as the
    HTTP and Cloudflare backends' do."""
    from campaigns.site.cdn_purge import CloudfrontBackend

    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", silent_endpoint)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    backend = CloudfrontBackend(
        {
            "DISTRIBUTION_ID": "E2EXAMPLE",
            "AWS_ACCESS_KEY_ID": "test-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret",
            "TIMEOUT": 0.5,
        }
    )
    for purge in (backend.purge_everything, lambda: backend.purge_batch(["http://x.org/fr/"])):
        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017,PT011 - purge_cdn logs whatever it is
            purge()
        assert time.monotonic() - started < 5


# --- The read replica's router --------------------------------------------------------------------


def test_the_replica_context_never_outlives_its_block():
    """Reset on the way out, an exception included; a thread started inside the block (a task
    run by a thread, a worker's) does not inherit it; nothing carries it to the next request."""
    with override_settings(DATABASE_READ_REPLICA="replica"):
        with pytest.raises(RuntimeError), db_routers.reading_from_replica():
            assert db_routers.replica_in_use()
            raise RuntimeError
        assert not db_routers.replica_in_use()
        seen = []
        with db_routers.reading_from_replica():
            thread = threading.Thread(target=lambda: seen.append(db_routers.replica_in_use()))
            thread.start()
            thread.join()
            with db_routers.reading_from_default():
                assert not db_routers.replica_in_use()
            assert db_routers.replica_in_use()
        assert seen == [False]
        assert not db_routers.replica_in_use()


def test_the_replica_context_is_off_after_a_dashboard_request(client, world):
    with override_settings(DATABASE_READ_REPLICA="replica"):
        client.force_login(world.me_officer)
        assert client.get(reverse("reporting:dashboard")).status_code == 200
        assert not db_routers.replica_in_use()
        assert client.get(reverse("open_data")).status_code == 200
        assert not db_routers.replica_in_use()
