"""Warming the page cache on publish: once a campaign page's publish (or unpublish, or revert and
publish) has committed and its purge has run (campaigns/site/page_cache_purge.py), the page is
rendered anonymously in-process in each language it is offered in, and stored, before the
editor's request returns. Without it the first visitor after the purge renders the page, and
under load (32 connections on 2 cores) that first fresh page came up to 1.1 s after the publish
returned (README, "Load").

How: a GET built from a minimal WSGI environ (the page's URL under its Site's host and port, no
cookie, no query string) through Django's own middleware stack (``BaseHandler`` with
``load_middleware()``, once per process), so the page cache's middleware alone decides what is
stored, under the same rules as a visitor's request (a restricted page, a 404, a 500 or a
response with a cookie is not stored). Not through ``WSGIHandler.__call__``: its
``request_started``/``request_finished`` signals would close the editor's database connection
(``close_old_connections``); the response is not closed for the same reason (nothing to
release: its content is bytes). The warm request says ``Sec-Purpose: prefetch`` and sends no
user agent, so it is never counted as a visit (campaigns/reporting/middleware.py). The
editor's active language and URLconf are put back after it; it shares nothing else with the
editor's request (no session, no messages: its own request object, no cookies).

Which pages: the campaign page itself when it is live and has no view restriction, then its
parent country page (which lists it and which the purge also reached), in the languages each
offers (the country's and the site-wide ones), at most MAX_LANGUAGES per page. Measured on
SQLite in-process (2 shared cores): a Senegalese campaign (fr, wo + en) and its country page,
6 renders, added 62 ms to the editor's publish (median, 240 ms against 178 ms); a Nigerian one
(4 + 2 languages), 12 renders, added 125 ms. No new render begins once BUDGET_SECONDS have
passed (the pages left are rendered by their first visitor, as without warming). A render that
a visitor is already doing is waited for, as any visitor would (PAGE_CACHE_WAIT_SECONDS): the
page is then in the cache all the same; so a warm lasts at most about BUDGET_SECONDS, plus one
such wait and one render.

When: queued with ``transaction.on_commit`` after the publish signal's own purge, so it runs
after it (callbacks run in the order they were queued; outside a transaction, at once). A
later purge in the same commit (a country saved in the same transaction...) makes the warmed
entry a miss again, never a stale page.

Failures: a render that fails is a 500 like a visitor's (Django logs it, ``got_request_exception``
is sent: the page would fail its first visitor too) and is not stored; anything else that goes
wrong is logged as a warning; nothing is raised into the publish.

Settings: PAGE_CACHE_WARM (True by default; False turns it off); nothing is warmed when the page
cache is off (PAGE_CACHE_SECONDS = 0).
"""

import io
import logging
import time
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.urls import get_urlconf, set_urlconf
from django.utils import translation
from django.utils.encoding import iri_to_uri

from .page_cache import cache_seconds

logger = logging.getLogger(__name__)

MAX_LANGUAGES = 8  # per page; the most any country offers today is 6 (Nigeria: 4 + en, fr)
BUDGET_SECONDS = 1.0  # no new render begins after this much time (about 80 renders' worth)

_handler: BaseHandler | None = None


def enabled() -> bool:
    return cache_seconds() > 0 and bool(getattr(settings, "PAGE_CACHE_WARM", True))


PENDING = "_page_cache_warm_pending"  # on the connection: {page id: None}, in publishing order
TICKET = "_page_cache_warm_ticket"  # the warm queued last in the current transaction


def warm_after_commit(page_id: int, using=None) -> None:
    """Warm this campaign page's versions once the current transaction commits, after the
    purges already queued (at once outside a transaction). Within one, the pages are warmed
    together by the warm queued last (``_warm_pending``): a transaction that publishes many
    pages (the demo's build) warms each page and country page once, after the purges of all
    the publishes before it, within one BUDGET_SECONDS."""
    if not enabled():
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        warm([page_id])
        return
    connection.__dict__.setdefault(PENDING, {})[page_id] = None
    ticket = connection.__dict__[TICKET] = object()
    transaction.on_commit(lambda: _warm_pending(connection, ticket), using=using)


def _warm_pending(connection, ticket) -> None:
    """Only the warm queued last does the work. (A savepoint rolled back after it dropped it:
    the transaction's pages are then not warmed, only rendered by their first visitor; pages of a
    transaction rolled back are warmed with the next one's, which costs renders, nothing else.)"""
    if connection.__dict__.get(TICKET) is ticket:
        warm(list(connection.__dict__.pop(PENDING, {})))


def warm(page_ids) -> list[tuple[str, str]]:
    """Render and store these campaign pages (then their country pages) in each language;
    never raises. Returns (URL, X-Cache) for each render, for tests and logs."""
    if not enabled():
        return []
    try:
        return _warm(page_ids)
    except Exception:
        logger.warning("Page cache not warmed for pages %s", page_ids, exc_info=True)
        return []


def pages_to_warm(page_ids) -> list:
    """The live ones of these campaign pages, then their country pages (once each; an
    unpublished campaign page's too: it no longer lists it)."""
    from wagtail.models import Page

    from campaigns.content.models import CampaignPage, CountryPage

    campaigns = Page.objects.filter(pk__in=page_ids).defer_streamfields().specific()
    campaigns = sorted(campaigns, key=lambda page: list(page_ids).index(page.pk))
    campaigns = [page for page in campaigns if isinstance(page, CampaignPage)]
    parent_paths = {page.path[: -Page.steplen] for page in campaigns}
    parents = CountryPage.objects.filter(path__in=parent_paths).defer_streamfields()
    return [page for page in campaigns if page.live] + sorted(parents, key=lambda page: page.path)


def _warm(page_ids) -> list[tuple[str, str]]:
    deadline = time.monotonic() + BUDGET_SECONDS
    done = []
    urlconf = get_urlconf()  # BaseHandler.get_response sets ROOT_URLCONF for the thread
    try:
        for page in pages_to_warm(page_ids):
            if not page.live or page.get_view_restrictions().exists():
                continue  # the middleware would not store it: no render for nothing
            for code in page.offered_language_codes()[:MAX_LANGUAGES]:
                if time.monotonic() > deadline:
                    logger.info("Page cache warming stopped after %s renders", len(done))
                    return done
                url = url_of(page, code)
                if url is not None:
                    done.append((url, render(url)))
    finally:
        set_urlconf(urlconf)
    return done


def url_of(page, code: str) -> str | None:
    """The page's full URL in this language, as its Site serves it, or None if not routable."""
    with translation.override(code):
        return page.get_full_url()


def handler() -> BaseHandler:
    """Django's middleware stack and URL routing, built once per process."""
    global _handler
    if _handler is None:
        built = BaseHandler()
        built.load_middleware()
        _handler = built
    return _handler


def scheme_of(url_scheme: str) -> str:
    """The scheme visitors use: https behind a proxy that redirects plain HTTP (the cache's key
    holds the scheme), even for a Site whose port says 80."""
    return "https" if getattr(settings, "SECURE_SSL_REDIRECT", False) else url_scheme


def warm_request(url: str) -> WSGIRequest:
    """An anonymous GET of this URL, as a browser's prefetch: no cookie, no user agent."""
    parts = urlsplit(iri_to_uri(url))
    scheme = scheme_of(parts.scheme)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(parts.path or "/").decode("iso-8859-1"),  # as WSGI has it
        "QUERY_STRING": "",
        "SERVER_NAME": parts.hostname or "",
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "HTTP_SEC_PURPOSE": "prefetch",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and scheme == "https":
        environ[proxy_header[0]] = proxy_header[1]
    return WSGIRequest(environ)


def render(url: str) -> str:
    """Run the warm GET through the middleware; its ``X-Cache`` (``miss``: stored now; ``hit``:
    already fresh; ``none``: not stored, e.g. a 404 or a 500, logged)."""
    with translation.override(translation.get_language()):
        response = handler().get_response(warm_request(url))
    state = response.get("X-Cache", "none")
    if state == "none":
        logger.warning("Page cache not warmed: %s answered %s", url, response.status_code)
    return state
