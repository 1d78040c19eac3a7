"""Attack issue 16: the page cache's WSGI hit path (campaigns/site/page_cache_wsgi.py, 27582e1).

Promise attacked: for every request, the WSGI path answers what Django's whole stack
(``cms.wsgi.django_application``: its middleware, the page cache's included) would answer, byte for
byte and header for header, or leaves the request to Django; and nothing a request carries outside
the cache's key changes the page other visitors are served.

The requests go to the real WSGI application as a server calls it (``call`` and ``DjangoSpy`` of
tests/site/test_page_cache_wsgi.py); the attacks that failed stay as regression tests.
"""

# ruff: noqa: F811  (that module's fixtures are imported as fixtures, then named as arguments)

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from campaigns.models import PageViewCount
from campaigns.site import page_cache
from cms.csp import ContentSecurityPolicyMiddleware
from tests.site.test_page_cache_wsgi import (  # noqa: F401 - the fixtures, by name
    BROWSER,
    app,
    call,
    campaign,
    django,
    keep_connection,
    url,
    without_age,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on", "keep_connection")]


def as_django_would(app, django, path, method="GET", **extra):
    """The WSGI path's answer, checked against Django's stack for the same request when it was
    answered here; True when it was."""
    before = django.calls
    here = call(app, path, method=method, **extra)
    answered_here = django.calls == before
    if answered_here:  # the entry is fresh: Django's stack answers from it too
        through = call(django.handler, path, method=method, **extra)
        assert (here.status, here.body) == (through.status, through.body), (path, extra)
        assert without_age(here) == without_age(through), (path, extra)
    return answered_here


# (what the request changes, whether the WSGI path may answer it from the page's entry)
VARIANTS = [
    ("plain", lambda p: (p, {}), True),
    ("HEAD", lambda p: (p, {"method": "HEAD"}), True),
    ("percent-encoded path", lambda p: (p.replace("desert", "d%65sert"), {}), True),
    ("upper-case language prefix", lambda p: ("/FR" + p[3:], {}), False),  # Django: 404
    ("double slash", lambda p: (p.replace("/", "//", 2)[1:], {}), False),  # Django: 404
    ("no trailing slash", lambda p: (p.rstrip("/"), {}), False),  # CommonMiddleware's 301
    ("non-UTF-8 byte", lambda p: (p + "%E9/", {}), False),  # Django: 404
    ("session cookie", lambda p: (p, {"HTTP_COOKIE": "sessionid=x"}), False),
    ("session cookie after a quote", lambda p: (p, {"HTTP_COOKIE": 'a="b; sessionid=x'}), False),
    ("cookie without a name", lambda p: (p, {"HTTP_COOKIE": "sessionid"}), True),
    ("session cookie upper case", lambda p: (p, {"HTTP_COOKIE": "SESSIONID=x"}), True),
    ("messages cookie", lambda p: (p, {"HTTP_COOKIE": "messages=x"}), False),
    ("language cookie", lambda p: (p, {"HTTP_COOKIE": "django_language=wo"}), True),
    ("Accept-Language", lambda p: (p, {"HTTP_ACCEPT_LANGUAGE": "wo"}), True),
    ("Authorization", lambda p: (p, {"HTTP_AUTHORIZATION": "Bearer x"}), False),
    ("Host with port", lambda p: (p, {"HTTP_HOST": "testserver:80"}), False),
    ("Host with trailing dot", lambda p: (p, {"HTTP_HOST": "testserver."}), False),
    ("Host upper case", lambda p: (p, {"HTTP_HOST": "TestServer"}), False),
    ("Host not allowed", lambda p: (p, {"HTTP_HOST": "evil.example"}), False),
    ("X-Forwarded-Host", lambda p: (p, {"HTTP_X_FORWARDED_HOST": "evil.example"}), True),
    ("X-Forwarded-Proto, no proxy", lambda p: (p, {"HTTP_X_FORWARDED_PROTO": "https"}), True),
    ("prefetch", lambda p: (p, {"HTTP_SEC_PURPOSE": "prefetch"}), True),
    ("robot", lambda p: (p, {"HTTP_USER_AGENT": "Googlebot/2.1"}), True),
    ("empty query string", lambda p: (p, {"QUERY_STRING": ""}), True),
    ("OPTIONS", lambda p: (p, {"method": "OPTIONS"}), False),
    ("lower-case method", lambda p: (p, {"REQUEST_METHOD": "get"}), False),
]


def test_each_variant_is_answered_as_djangos_stack_answers_it(app, django, campaign):
    path = url(campaign, "fr")
    assert call(app, path)["X-Cache"] == "miss"
    for name, variant, from_entry in VARIANTS:
        asked, extra = variant(path)
        method = extra.pop("method", "GET")
        call(app, asked, **extra)  # stored, when Django's stack stores it
        answered_here = as_django_would(app, django, asked, method, **extra)
        assert answered_here == from_entry, name


def test_productions_https_settings_answer_as_djangos_stack(app, django, campaign, settings):
    """cms/settings/production.py: the proxy's X-Forwarded-Proto, the redirect to https, HSTS."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    settings.SECURE_HSTS_SECONDS = 3600
    django.handler = WSGIHandler()  # SecurityMiddleware reads its settings when loaded
    path = url(campaign, "fr")
    https = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "testserver"}  # as a proxy sends
    call(app, path, **https)
    assert as_django_would(app, django, path, **https)
    listed = call(app, path, **https | {"HTTP_X_FORWARDED_PROTO": "https, http"})
    assert listed["Strict-Transport-Security"] == "max-age=3600"  # the first value counts
    for plain in ({}, {"HTTP_X_FORWARDED_PROTO": "http"}, {"HTTP_X_FORWARDED_PROTO": "HTTPS"}):
        before = django.calls
        answer = call(app, path, **plain)
        assert django.calls == before + 1 and answer.status.startswith("301"), plain


def test_a_redirect_from_a_cached_pages_path_is_shadowed_as_in_djangos_stack(app, django, campaign):
    """RedirectMiddleware acts on 404s only: the page is served by both, cached or not."""
    path = url(campaign, "fr")
    call(app, path)
    Redirect.objects.create(old_path=Redirect.normalise_path(path), redirect_link="/fr/")
    assert as_django_would(app, django, path)
    assert call(app, path).status == "200 OK"


def test_a_view_restriction_added_after_caching_is_never_shadowed(
    app, django, campaign, django_capture_on_commit_callbacks
):
    path = url(campaign, "fr")
    call(app, path)
    assert call(app, path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    answer = call(app, path)
    assert django.calls == 2 and answer.status.startswith("302")
    assert answer.get("X-Cache") is None and "/login/" in answer["Location"]


def test_the_cache_down_is_djangos_answer(app, django, campaign, settings):
    path = url(campaign, "fr")
    call(app, path)
    down = {"BACKEND": "cms.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    kept, settings.CACHES = settings.CACHES, {"default": down}
    try:
        here = call(app, path)
        assert django.calls == 2
        assert here.status == call(django.handler, path).status
    finally:
        settings.CACHES = kept  # before cache_on clears the cache


def total_views() -> int:
    return sum(PageViewCount.objects.values_list("count", flat=True))


@pytest.mark.django_db(transaction=True)  # counts are flushed outside a transaction only
def test_a_flush_after_the_database_dropped_the_connection_is_written(app, campaign, settings):
    """Django's ``request_finished`` runs ``close_old_connections`` before the counts' flush
    (a dead or obsolete connection closed, so the flush opens a new one); the WSGI path's flush
    ran on whatever connection its last query left: after a database restart its first flush
    failed and was logged in each worker (seen under gunicorn with pg_terminate_backend)."""
    if connection.vendor != "postgresql":
        pytest.skip("ends its own PostgreSQL backend")
    settings.SITE_COUNTS_FLUSH_HITS = 1
    path = url(campaign, "fr")
    call(app, path)  # the miss: counted and flushed by Django's request_finished
    call(app, path)  # a hit here: flushed when its body is closed
    assert total_views() == 2
    connection.ensure_connection()
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"], host=params["HOST"], port=params["PORT"], user=params["USER"]
    ) as other:
        other.execute("select pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    call(app, path)
    assert total_views() == 3


def store_page_with_header(path, name, value):
    """A page stored as the middleware stores it (through Django's CSP middleware) with a
    header of its own that SecurityMiddleware, outside the cache, only adds when missing."""

    def handler(request):
        request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
        response = HttpResponse("<p>page</p>")
        response[name] = value
        return response

    chain = ContentSecurityPolicyMiddleware(page_cache.PageCacheMiddleware(handler))
    assert chain(RequestFactory().get(path, HTTP_USER_AGENT=BROWSER))["X-Cache"] == "miss"


OWN_HEADERS = [
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Opener-Policy", "same-origin-allow-popups"),
]


def test_a_pages_own_security_header_is_kept_not_doubled(app, django, campaign):
    """SecurityMiddleware uses ``setdefault``: a page's own header stays, alone. The WSGI path
    added its own copy after the stored one (a second Referrer-Policy, the last of which browsers
    apply: the page's stricter policy overridden)."""
    path = url(campaign, "fr")
    for name, value in OWN_HEADERS:
        page_cache.bump_generation()  # the previous one's entry stale
        store_page_with_header(path, name, value)
        assert as_django_would(app, django, path)
        assert [v for k, v in call(app, path).headers if k.lower() == name.lower()] == [value]


def test_a_script_name_does_not_poison_the_page_of_the_site_root(app, django, campaign, settings):
    """A request under SCRIPT_NAME=/x renders links under /x; stored under the key of the page
    at the root, every visitor got them (seen under gunicorn 25 with a ``SCRIPT_NAME: /x`` header
    from 127.0.0.1, the default FORWARDED_ALLOW_IPS). The key now holds ``request.path``."""
    path = url(campaign, "fr")
    call(app, path, SCRIPT_NAME="/x")
    served = call(app, path)
    settings.PAGE_CACHE_SECONDS = 0
    assert served.body == call(django.handler, path).body
