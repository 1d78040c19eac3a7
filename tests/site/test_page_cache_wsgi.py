"""Page-cache hits answered at the WSGI level (campaigns/site/page_cache_wsgi.py, cms/wsgi.py):
the same bytes and headers as a hit through Django's handler and middleware, and every request
that a hit must not answer left to Django.

The requests go to the real WSGI application as a server calls it; ``DjangoSpy`` is Django's
own handler, counting the requests that reached it.
"""

import re
from urllib.parse import unquote_to_bytes, urlsplit

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils import translation

from campaigns.models import PageViewCount
from campaigns.site import page_cache
from campaigns.site.page_cache_wsgi import PageCacheApplication
from tests.factories import CountryFactory, campaign_page, country_page, home_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on", "keep_connection")]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


@pytest.fixture
def keep_connection():
    """As Django's test client does: the test's transaction must outlive each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class DjangoSpy:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django():
    return DjangoSpy()


@pytest.fixture
def app(django):
    return PageCacheApplication(django)


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.names = [name for name, _value in headers]

    def __getitem__(self, name):
        return next(value for key, value in self.headers if key.lower() == name.lower())

    def get(self, name, default=None):
        return next((v for k, v in self.headers if k.lower() == name.lower()), default)


def call(application, path, method="GET", **extra):
    extra.setdefault("HTTP_USER_AGENT", BROWSER)
    environ = RequestFactory().generic(method, path, **extra).environ
    # As a server hands it over (WSGIRequest wrote the decoded path into the factory's dict).
    environ["PATH_INFO"] = unquote_to_bytes(urlsplit(path).path).decode("iso-8859-1")
    started = []

    def start_response(status, headers, exc_info=None):
        started[:] = [status, headers]

    body = application(environ, start_response)
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return Answer(started[0], list(started[1]), content)


@pytest.fixture
def campaign(db):
    home_page()
    senegal = CountryFactory(code="SN", languages="fr, wo")
    country = country_page(senegal, title_fr="Sénégal", title_wo="Senegaal")
    return campaign_page(country, title="The desert", title_fr="Le désert", title_wo="Màndiŋ")


def url(page, code):
    with translation.override(code):
        return page.get_url()


def without_age(answer):
    return [(name, value) for name, value in answer.headers if name != "Age"]


# --- The same answer as Django's ----------------------------------------------------------------


@pytest.mark.parametrize("code", ["fr", "wo"])
def test_a_hit_is_answered_here_with_djangos_bytes_and_headers(app, django, campaign, code):
    path = url(campaign, code)
    first = call(app, path)
    assert first.status == "200 OK" and first["X-Cache"] == "miss" and django.calls == 1
    through_django = call(django.handler, path)
    assert through_django["X-Cache"] == "hit"
    here = call(app, path)
    assert django.calls == 1  # not handed to Django
    assert here.status == through_django.status == "200 OK"
    assert here.body == through_django.body == first.body
    assert without_age(here) == without_age(through_django)
    assert here["Content-Length"] == str(len(here.body)) and int(here["Age"]) >= 0


def test_https_behind_the_proxy_gets_hsts_as_through_django(app, django, campaign, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    django.handler = WSGIHandler()  # SecurityMiddleware reads its settings when loaded
    path = url(campaign, "fr")
    secure = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "testserver"}  # as a proxy sends
    assert call(app, path, **secure)["X-Cache"] == "miss"
    through_django = call(django.handler, path, **secure)
    here = call(app, path, **secure)
    assert django.calls == 1
    assert without_age(here) == without_age(through_django)
    assert here["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # Plain http is another key (the scheme is in it), stored apart and without HSTS.
    assert call(app, path)["X-Cache"] == "miss"
    plain = call(app, path)
    assert plain["X-Cache"] == "hit" and plain.get("Strict-Transport-Security") is None


def test_a_stored_nonce_is_swapped_and_sent_in_the_policy(app, django, campaign, rf):
    """No page template uses the nonce today; a page stored with one (as the middleware stores
    it, through Django's CSP middleware) gets a new one in its body and its header."""
    from django.http import HttpResponse

    from cms.csp import ContentSecurityPolicyMiddleware

    path = url(campaign, "fr")
    rendered = []

    def handler(request):
        request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
        rendered.append(str(request._csp_nonce))
        return HttpResponse(f'<style nonce="{rendered[-1]}">p{{}}</style>')

    chain = ContentSecurityPolicyMiddleware(page_cache.PageCacheMiddleware(handler))
    assert chain(rf.get(path, HTTP_USER_AGENT=BROWSER))["X-Cache"] == "miss"
    here = call(app, path)
    again = call(app, path)
    assert django.calls == 0 and len(rendered) == 1
    new = re.search(rb'nonce="([^"]+)"', here.body).group(1).decode()
    assert new != rendered[0] and rendered[0].encode() not in here.body
    assert f"'nonce-{new}'" in here["Content-Security-Policy"]
    assert re.search(rb'nonce="([^"]+)"', again.body).group(1).decode() != new


def test_a_path_outside_latin_1_is_rendered_stored_and_served(app, django, db):
    """A server hands PATH_INFO over as latin-1 text; Django's own request, built here, writes
    the decoded path back into the dict it is given: Django's handler must still get WSGI's."""
    home_page()
    morocco = country_page(
        CountryFactory(code="MA", languages="ar"), title_ar="المغرب", slug_ar="المغرب"
    )
    page = campaign_page(morocco, title_ar="لا تترك البحر", slug_ar="لا-تترك-البحر")
    path = url(page, "ar")
    assert "%D9%84%D8%A7" in path
    first = call(app, path)
    assert first.status == "200 OK" and first["X-Cache"] == "miss" and django.calls == 1
    second = call(app, path)
    assert second["X-Cache"] == "hit" and django.calls == 1
    assert second.body == first.body and "لا تترك البحر".encode() in second.body


# --- Left to Django -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=abc"},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
        {"QUERY_STRING": "q=1"},
        {"HTTP_HOST": "TESTSERVER"},  # another spelling: rendered, never served from the cache
    ],
    ids=["session", "messages", "authorization", "query", "host-spelling"],
)
def test_requests_a_hit_must_not_answer_go_to_django(app, django, campaign, extra):
    path = url(campaign, "fr")
    call(app, path)
    assert call(app, path)["X-Cache"] == "hit" and django.calls == 1
    answer = call(app, path, **extra)
    assert django.calls == 2
    assert answer.get("X-Cache") != "hit"


def test_post_and_a_disallowed_host_go_to_django(app, django, campaign):
    path = url(campaign, "fr")
    call(app, path)
    call(app, path, method="POST")
    assert django.calls == 2
    refused = call(app, path, HTTP_HOST="evil.example")
    assert refused.status.startswith("400") and django.calls == 3


def test_the_https_redirect_is_djangos(app, django, campaign, settings):
    path = url(campaign, "fr")
    call(app, path)
    assert call(app, path)["X-Cache"] == "hit"
    settings.SECURE_SSL_REDIRECT = True
    django.handler = WSGIHandler()
    answer = call(app, path)
    assert answer.status.startswith("301") and answer["Location"] == f"https://testserver{path}"
    assert django.calls == 2


def test_a_stale_entry_is_rendered_by_django_with_the_lookup_handed_on(
    app, django, campaign, django_capture_on_commit_callbacks
):
    path = url(campaign, "fr")
    call(app, path)
    with django_capture_on_commit_callbacks(execute=True):
        campaign.title_fr = "Le désert, encore"
        campaign.save_revision().publish()
    answer = call(app, path)
    assert django.calls == 2 and answer["X-Cache"] == "miss"
    assert "Le désert, encore".encode() in answer.body
    assert call(app, path)["X-Cache"] == "hit" and django.calls == 2


def test_another_middleware_before_the_cache_turns_this_path_off(app, django, campaign, settings):
    path = url(campaign, "fr")
    call(app, path)
    settings.MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *settings.MIDDLEWARE]
    django.handler = WSGIHandler()
    answer = call(app, path)
    assert django.calls == 2 and answer["X-Cache"] == "hit"  # the middleware's hit


def test_cache_off_goes_to_django(app, django, campaign, settings):
    path = url(campaign, "fr")
    call(app, path)
    settings.PAGE_CACHE_SECONDS = 0
    assert call(app, path).get("X-Cache") is None and django.calls == 2


# --- Counting -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # counts are flushed outside a transaction only
def test_hits_here_are_counted_and_flushed_after_the_response(app, campaign, settings):
    settings.SITE_COUNTS_FLUSH_HITS = 3
    path = url(campaign, "fr")
    call(app, path)  # the miss, counted by SiteCountMiddleware
    call(app, path, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    call(app, path, method="HEAD")
    assert not PageViewCount.objects.exists()
    call(app, path)
    call(app, path)  # the third counted visit: flushed when its body is closed
    assert dict(PageViewCount.objects.values_list("language", "count")) == {"fr": 3}


def test_the_servers_application_is_django_behind_this_path():
    from cms import wsgi

    assert isinstance(wsgi.application, PageCacheApplication)
    assert isinstance(wsgi.application.application, WSGIHandler)
    assert wsgi.application.application is wsgi.django_application


def test_a_cache_that_does_not_answer_is_asked_once_per_request(
    app, django, campaign, settings, monkeypatch
):
    """The WSGI path tells the middleware, which serves uncached without asking again (each
    try can cost the socket's timeout)."""
    asked = []

    def look_up(*args):
        asked.append(args)
        raise ConnectionError("no cache")

    monkeypatch.setattr(page_cache, "look_up", look_up)
    answer = call(app, url(campaign, "fr"))
    assert len(asked) == 1 and django.calls == 1
    assert answer.status == "200 OK" and answer.get("X-Cache") is None
