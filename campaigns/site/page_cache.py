"""The public site's page cache: anonymous GET and HEAD of Wagtail pages, kept in Django's cache
("default": local memory in the demo and tests, Redis in production when REDIS_URL is set).

What is cached: a 200 from Wagtail's page route (``wagtail_serve``) under a language prefix
(``/fr/...``, ``/wo/...``: the language is part of the path, so of the key), without a query
string, asked for under a Host spelled exactly as a Wagtail Site's address (``localhost:8000``,
``example.org`` for ports 80 and 443) or an exact ALLOWED_HOSTS entry (``cacheable_host``: any
other case or port is rendered and never stored), for a visitor without a session or messages
cookie, with no ``Authorization`` header,
when the response sets no cookie, used no CSRF token, carries no ``private``, ``no-cache`` or
``no-store`` (Wagtail marks every page with a view restriction ``no-cache, no-store, private``,
and every preview ``private``), no ``max-age=0``, no ``Vary: *`` and no policy of its own.
Never looked up or stored: the admin and anything else outside the page route, Wagtail's preview
requests (``is_dummy``: they go through the middleware again with the page's public URL),
anyone with a session cookie (signed in, or past a page's password), other methods, query
strings (search results, tracking parameters: not worth a key each).

Purge: a *generation* number is kept in the cache and stored inside every entry; a change to
anything a page shows bumps it once the change is committed (campaigns/site/page_cache_purge.py),
and an entry is served only while its generation is the current one. A publish of a campaign
page purges less: its section of the site, the pages above it and the pages that show other
pages (campaigns/site/page_cache_scope.py: a stamp per section, also stored in each entry). A
hit reads the generation, the stamps and the entry in one round trip (``get_many``; the entry
is keyed by scheme, host and path, the language being in the path), which about halved a
hit's CPU on Redis (README, "Page cache"). The generation and stamps stored are those read
before the view touches the database, so a render that raced a publish is stored with the old
ones and never served after the publish has returned. A slow render that began before a
publish may overwrite a fresher entry stored after it: that costs only a later miss, never a
stale page. The cost of a purge (its pages a miss at once) is kept to one render per page by
a lock per page and generation (below, "One render per page at a time";
PAGE_CACHE_WAIT_SECONDS, 2 by default, 0 turns it off). Entries expire after
PAGE_CACHE_SECONDS anyway (a change made outside the signals, e.g. a bulk SQL update, or reach
figures, shows within that time).

Why not Django's cache middleware (UpdateCacheMiddleware/FetchFromCacheMiddleware): its key
(``get_cache_key``/``learn_cache_key``) costs two lookups, varies on every cookie a response
``Vary: Cookie``s on (one entry per visitor), knows no purge, and it pickles the whole response
with its nonce. Its rules for what may be stored are reused (the same Cache-Control, Vary and
Set-Cookie tests, with ``get_max_age``, ``has_vary_header``, ``patch_cache_control`` and
``patch_vary_headers``).

The CSP nonce: the public policy allows inline ``<style nonce>``; a stored page carries the
nonce of the request that rendered it, so on a hit that nonce is replaced by this request's
(Django's CSP middleware, outside this one, then sends it in the header).

Counting (campaigns/reporting/middleware.py): a hit never reaches SiteCountMiddleware, so the
page (and its language) is stored with the entry and a hit counts it here under the same rules
(GET only, no robots or prefetches; signed-in visitors never get a hit).

Headers: ``X-Cache: hit`` or ``miss`` (a stored miss), ``Age`` on a hit, ``Vary: Cookie``, the
stored ``Content-Language``, and ``Cache-Control: public, max-age=0, s-maxage=N``: a CDN keeps the
page N seconds, a browser asks again each time (it would otherwise show a page older than the
last publish). A signed-in visitor's page gets ``Cache-Control: private``.

Its place in MIDDLEWARE: right after WhiteNoise, so a hit skips sessions, locale, CSRF, auth and
the rest, while security headers and the CSP (outside it) still apply to every response.
Setting: PAGE_CACHE_SECONDS (0 turns the cache off; read on each request).
"""

import hashlib
import logging
import secrets
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age, has_vary_header, patch_cache_control, patch_vary_headers
from django.utils.http import split_directive_names

from campaigns.reporting import counting
from campaigns.reporting.middleware import PAGE_ROUTE, is_robot_or_prefetch

from . import page_cache_scope as scope
from .page_cache_hosts import cacheable_host

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
GENERATION_KEY = "page-cache:generation"
ENTRY_VERSION = 4  # bump when the stored tuple changes shape
NOT_STORED_HEADERS = {"x-cache", "age", "set-cookie", "content-length"}
REFUSING_DIRECTIVES = {"private", "no-cache", "no-store"}


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def page_cache():
    return caches[CACHE_ALIAS]


def _fresh_generation() -> int:
    # Random, not 1: a generation lost (Redis restarted without its data, an eviction) must not
    # come back as a number whose old pages are still stored.
    return secrets.randbits(52)


def current_generation(cache=None) -> int:
    cache = cache or page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation() -> None:
    """Make every stored page stale (atomic INCR in Redis)."""
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet, or evicted: any new number will do
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


_language_prefixes = None


def language_of(path: str) -> str | None:
    """The content language a public URL names by its prefix, or None."""
    global _language_prefixes
    if _language_prefixes is None:
        _language_prefixes = {code.lower() for code, _name in settings.LANGUAGES}
    first, slash, _rest = path[1:].partition("/")
    if slash and first.lower() in _language_prefixes:
        return first
    return None


def may_use_cache(request) -> bool:
    """Whether this request may be answered from the cache or stored (before any view runs)."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return False  # Wagtail's preview and moderation views re-enter the middleware
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return language_of(request.path_info) is not None


def cache_key(request, host: str) -> str:
    """The entry's key: scheme, host and path (the language is the path's prefix). Not the
    generation: it is stored inside the entry, so one ``get_many`` reads both. The path with
    SCRIPT_NAME (``request.path``): a page rendered under a prefix links under it (gunicorn
    takes SCRIPT_NAME from a header of FORWARDED_ALLOW_IPS), so it is another entry."""
    url = f"{request.scheme}://{host}{request.path}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"page-cache:page:{digest}"


def countable_page(request, response) -> tuple[int, str] | None:
    """(page id, language) when a visit to this response counts: the page rendered with its own
    template (the visitor-specific rules of counted_target are applied on each hit)."""
    from wagtail.models import Page

    page = (getattr(response, "context_data", None) or {}).get("page")
    if not isinstance(page, Page):
        return None
    if getattr(response, "template_name", None) != page.get_template(request):
        return None
    return page.pk, getattr(request, "LANGUAGE_CODE", "")


def storable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != PAGE_ROUTE:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if set(split_directive_names(response.get("Cache-Control", ""))) & REFUSING_DIRECTIVES:
        return False
    if get_max_age(response) == 0 or has_vary_header(response, "*"):
        return False
    if "Content-Security-Policy" in response or "Content-Security-Policy-Report-Only" in response:
        return False  # a policy of the view's own, maybe with this request's nonce
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def mark_public(response, seconds: int) -> None:
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    patch_vary_headers(response, ("Cookie",))


def request_nonce(request) -> str | None:
    nonce = getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce else None  # a LazyNonce is falsy until the page used it


class Stamps(NamedTuple):
    """What an entry is valid for: the site's generation, its section's stamp and the stamp of
    pages that show other pages (campaigns/site/page_cache_scope.py)."""

    generation: int
    section: int | None
    links: int | None


def read_stamps(found, section_key) -> Stamps:
    return Stamps(found.get(GENERATION_KEY), found.get(section_key), found.get(scope.LINKS_KEY))


def fresh(entry, stamps: Stamps) -> bool:
    """Stored for these stamps (the links' only if the page shows other pages)."""
    return (
        entry is not None
        and entry[0] == ENTRY_VERSION
        and entry[1] == stamps.generation
        and stamps.section is not None
        and entry[8] == stamps.section
        and (entry[9] is None or entry[9] == stamps.links)
    )


# One render per page at a time. After a publish every page is a miss at once (the generation is
# global); without this, each concurrent visitor of a page would render it, and under load a
# publish multiplied the work of re-rendering the site by the number of connections on each page.
# The first visitor of a stale page takes a lock in the cache (SET NX, one round trip) and
# renders; the others read the cache every POLL seconds for the fresh entry, for at most
# PAGE_CACHE_WAIT_SECONDS, then render it themselves (a renderer that died or is very slow costs
# them that wait, never an error). A render whose page may not be stored (a 404, a restricted
# page, a response with a cookie) gives the lock back all the same, so the waiters render at
# once (and nothing is left in the cache for a 404).
RENDER_LOCK_SECONDS = 30  # longer than any render; a dead renderer's lock expires after it
POLL_SECONDS = 0.02


def wait_seconds() -> float:
    return float(getattr(settings, "PAGE_CACHE_WAIT_SECONDS", 2))


def take_render_lock(cache, lock: str, generation) -> bool:
    if wait_seconds() <= 0:
        return True  # no waiting: every miss renders
    try:
        return bool(cache.add(lock, generation, RENDER_LOCK_SECONDS))
    except Exception:
        logger.warning("Page cache render lock unavailable", exc_info=True)
        return True


def wait_for_render(cache, key: str, lock: str, section_key: str, stamps: Stamps):
    """(the entry another request rendered, once stored, or None when this request should render
    the page itself: not storable, the renderer gone, a newer publish, or too long; and the
    stamps to store a render under: the newest read, since this request has not yet read the
    database)."""
    deadline = time.monotonic() + wait_seconds()
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        try:
            found = cache.get_many((GENERATION_KEY, section_key, scope.LINKS_KEY, key, lock))
        except Exception:
            return None, stamps
        current = read_stamps(found, section_key)
        if current.generation is None:  # evicted meanwhile
            return None, stamps
        if fresh(found.get(key), current):
            return found[key], current
        if current != stamps or found.get(lock) != stamps.generation:
            return None, current  # published again, or the render ended without an entry
    return None, stamps


def release_render_lock(cache, lock: str) -> None:
    """Waiters that find neither a fresh entry nor the lock render the page themselves."""
    try:
        cache.delete(lock)
    except Exception:
        logger.warning("Page cache render lock not released", exc_info=True)


LOOKUP_ENVIRON_KEY = "campaigns.page_cache.lookup"  # a WSGI environ key: no header can set it
CACHE_UNAVAILABLE = "unavailable"  # what the WSGI path leaves there when the cache did not answer


class Lookup(NamedTuple):
    """What one round trip to the cache told about a request's page."""

    key: str
    language: str
    section: str
    section_key: str
    stamps: Stamps
    entry: tuple | None


def look_up(cache, request, host: str) -> Lookup | None:
    """The generation, the section's and the links' stamps and the entry, in one ``get_many``;
    None for a Host spelling never stored (``cacheable_host``). Raises if the cache is down."""
    key = cache_key(request, host)
    path = request.path_info
    language = language_of(path)
    section = scope.section_of_path(language, path)
    section_key = scope.section_key(language, section)
    get_many = getattr(cache, "get_many_kept", cache.get_many)  # Redis: cms/cache.py says why
    found = get_many((GENERATION_KEY, section_key, scope.LINKS_KEY, key))
    stamps = read_stamps(found, section_key)
    if stamps.generation is None:  # first visit, or the generation was evicted
        stamps = stamps._replace(generation=current_generation(cache))
    if not cacheable_host(host, stamps.generation):
        return None
    return Lookup(key, language, section, section_key, stamps, found.get(key))


def hit_content_and_headers(request, entry, new_nonce) -> tuple[bytes, dict]:
    """A fresh entry's content (its nonce swapped for ``new_nonce(request)``) and headers, as
    Django's ResponseHeaders keeps them (lower-case name: (name, value)); the visit counted."""
    _version, _generation, _status, stored, content, nonce, counted, stored_at = entry[:8]
    if nonce:
        content = content.replace(nonce.encode(), new_nonce(request).encode())
    headers = dict(stored)
    headers["content-length"] = ("Content-Length", str(len(content)))
    headers["x-cache"] = ("X-Cache", "hit")
    headers["age"] = ("Age", str(max(0, int(time.time() - stored_at))))
    if counted and request.method == "GET" and not is_robot_or_prefetch(request):
        page_id, language = counted
        counting.counter.add(counting.PAGE, page_id, language, timezone.localdate())
    return content, headers


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        if seconds <= 0 or not may_use_cache(request):
            response = self.get_response(request)
            if seconds > 0 and settings.SESSION_COOKIE_NAME in request.COOKIES:
                self._keep_private(request, response)
            return response
        cache = page_cache()
        # Read by the WSGI hit path (page_cache_wsgi.py) for this very request, not served there.
        found = request.META.get(LOOKUP_ENVIRON_KEY)
        if found == CACHE_UNAVAILABLE:
            logger.warning("Page cache unavailable")
            return self.get_response(request)
        if found is None:
            try:
                host = request.get_host()
            except DisallowedHost:
                return self.get_response(request)  # the view's get_host answers 400
            try:  # one round trip
                found = look_up(cache, request, host)
            except Exception:  # the cache is down: serve uncached rather than fail
                logger.warning("Page cache unavailable", exc_info=True)
                return self.get_response(request)
            if found is None:  # another spelling of the host: never stored
                return self.get_response(request)
        key, language, section, section_key, stamps, entry = found
        if fresh(entry, stamps):
            return self._hit(request, entry)
        generation = stamps.generation
        lock = f"{key}:rendering:{generation}"
        if not take_render_lock(cache, lock, generation):
            entry, stamps = wait_for_render(cache, key, lock, section_key, stamps)
            if entry is not None:
                return self._hit(request, entry)
            lock = None  # waited long enough, or it was not stored: render without the lock
        try:
            with scope.watching() as shown:
                response = self.get_response(request)
            if storable(request, response):
                page = (getattr(response, "context_data", None) or {}).get("page")
                # None: a purge of its section reaches it; else it needs the links' stamp.
                needs_links = not scope.within_section(language, section, page, shown)
                stamps = scope.complete(cache, stamps, section_key, needs_links)
                if stamps is not None:
                    self._store(cache, key, stamps, request, response, seconds)
        finally:
            if lock is not None:
                release_render_lock(cache, lock)
        return response

    @staticmethod
    def _keep_private(request, response):
        """A signed-in visitor's public page (with the userbar) must never sit in a CDN."""
        if language_of(request.path_info) and "Cache-Control" not in response:
            patch_cache_control(response, private=True)

    @staticmethod
    def _store(cache, key, stamps, request, response, seconds):
        mark_public(response, seconds)
        # As Django's ResponseHeaders keeps them (lower-case name: (name, value)), already checked
        # by it: a hit puts them back in one update instead of a validation per header.
        headers = {
            name.lower(): (name, value)
            for name, value in response.items()
            if name.lower() not in NOT_STORED_HEADERS
        }
        entry = (
            ENTRY_VERSION,
            stamps.generation,  # read before the view's queries: never served after a purge
            response.status_code,
            headers,
            response.content,
            request_nonce(request),
            countable_page(request, response),
            time.time(),
            stamps.section,
            stamps.links,  # None: this page shows no other page
        )
        try:
            cache.set(key, entry, seconds)
        except Exception:
            logger.warning("Page not stored in the page cache", exc_info=True)
            return
        response["X-Cache"] = "miss"

    @staticmethod
    def _hit(request, entry):
        content, headers = hit_content_and_headers(request, entry, request_nonce_now)
        response = HttpResponse(content, status=entry[2])
        response.headers._store.update(headers)
        return response


def request_nonce_now(request) -> str:
    """This request's nonce, generated now: Django's CSP middleware then puts it in the header."""
    nonce = getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce is not None else ""
