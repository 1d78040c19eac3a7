"""The page cache's hits served at the WSGI level, before Django's handler (cms/wsgi.py).

Why: a hit through Django (campaigns/site/page_cache.py's middleware) costs the request and
response objects, the ``request_started``/``request_finished`` signals and the middleware around
the cache's, about half of a hit's CPU: measured side by side under gunicorn, the cached campaign
page stayed at about 60 % of a Django hello-world's requests per second (issue 16's budget: 70 %).
Here a fresh entry is answered with the same bytes and headers, and everything else goes on to
Django as before (README, "Page cache", has the figures).

Same rules, same code: the request is Django's own ``WSGIRequest`` (so ``get_host``,
``ALLOWED_HOSTS``, the scheme behind a proxy, the path's decoding and the cookies are Django's),
``may_use_cache``, ``look_up`` and ``fresh`` are the middleware's. What the middleware outside
the cache's adds to a hit is added here by the same code: SecurityMiddleware's headers (computed
by its own ``process_response`` once per process for http and for https), the CSP header built
by cms/csp.py's ``policy_for`` with a fresh nonce when the page carries one. WhiteNoise serves
only static URLs, which no page-cache path is. A request SecurityMiddleware would redirect to
https goes on to Django. The visit is counted as the middleware counts it, and the counts are
flushed after the response as ``request_finished`` would.

Only when MIDDLEWARE around the page cache is exactly that (``OUTER_MIDDLEWARE``): another
middleware there might add a header or refuse a request, so a change to that list turns this
path off (with a warning) until this module learns it. tests/site/test_page_cache_wsgi.py
compares this path's answers with Django's, header by header.

A lookup that found no fresh entry is handed to the middleware in the WSGI environ (a key no
request header can set), so a miss still costs one round trip to the cache.
"""

import logging
from http.client import responses

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import close_old_connections, connection
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.utils.csp import CSP, generate_nonce

from campaigns.reporting import counting
from cms.csp import policy_for

from . import page_cache

logger = logging.getLogger(__name__)

PAGE_CACHE_MIDDLEWARE = "campaigns.site.page_cache.PageCacheMiddleware"
OUTER_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "cms.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
)


class _SchemeOnly:
    """What SecurityMiddleware.process_response asks of a request: whether it came over https."""

    def __init__(self, secure: bool):
        self.secure = secure

    def is_secure(self) -> bool:
        return self.secure


class CountedBody(list):
    """The response body; its ``close()`` (called by the server once the response is sent)
    flushes the site's counts when due, as Django's ``request_finished`` does."""

    def close(self):
        if counting.counter.due() and not connection.in_atomic_block:
            # request_finished's first receiver: a dead or obsolete connection is closed first,
            # so the flush opens a new one instead of failing on it (a database restart).
            close_old_connections()
        counting.flush_if_due()


class PageCacheApplication:
    """WSGI middleware around Django's handler: fresh page-cache hits answered here."""

    def __init__(self, application):
        self.application = application
        self._security_headers = {}
        self._enabled = None
        setting_changed.connect(self._settings_changed, weak=False)

    def _settings_changed(self, **_kwargs):
        self._security_headers = {}
        self._enabled = None

    def enabled(self) -> bool:
        if self._enabled is None:
            middleware = list(settings.MIDDLEWARE)
            self._enabled = PAGE_CACHE_MIDDLEWARE in middleware and (
                tuple(middleware[: middleware.index(PAGE_CACHE_MIDDLEWARE)]) == OUTER_MIDDLEWARE
            )
            if PAGE_CACHE_MIDDLEWARE in middleware and not self._enabled:
                logger.warning("Page cache WSGI hits off: MIDDLEWARE before the cache changed")
        return self._enabled

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and not environ.get("QUERY_STRING")
            and page_cache.cache_seconds() > 0
        ):
            served = self.serve_hit(environ, start_response)
            if served is not None:
                return served
        return self.application(environ, start_response)

    def serve_hit(self, environ, start_response):
        """The body of a fresh hit (after start_response), or None to let Django answer."""
        if not self.enabled():
            return None
        # A copy: WSGIRequest writes the decoded PATH_INFO and SCRIPT_NAME back into the dict
        # it is given, and Django's handler, reading them again as WSGI's latin-1, would fail on
        # every path outside latin-1 (Arabic, Tigrinya...).
        request = WSGIRequest(environ.copy())
        if not page_cache.may_use_cache(request):
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # SecurityMiddleware's redirect
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # Django answers 400
        try:
            found = page_cache.look_up(page_cache.page_cache(), request, host)
        except Exception:  # the middleware logs it and serves uncached, without a second try
            environ[page_cache.LOOKUP_ENVIRON_KEY] = page_cache.CACHE_UNAVAILABLE
            return None
        if found is None:
            return None
        if not page_cache.fresh(found.entry, found.stamps):
            environ[page_cache.LOOKUP_ENVIRON_KEY] = found
            return None
        nonce = generate_nonce() if found.entry[5] else None  # the page stored with a nonce
        content, headers = page_cache.hit_content_and_headers(
            request, found.entry, lambda _request: nonce
        )
        header_list = list(headers.values())
        header_list.extend(self.csp_headers(nonce))
        # SecurityMiddleware adds each only when missing (a page's own header stays, alone).
        secure = self.security_headers(request.is_secure())
        header_list.extend(item for item in secure if item[0].lower() not in headers)
        status = found.entry[2]
        start_response(f"{status} {responses.get(status, 'Unknown Status Code')}", header_list)
        return CountedBody([content])

    @staticmethod
    def csp_headers(nonce) -> list[tuple[str, str]]:
        """As cms/csp.py's middleware writes them for a public page (a stored page never has
        a policy of its own: ``storable`` refuses one)."""
        configs = ((CSP.HEADER_ENFORCE, settings.SECURE_CSP),)
        configs += ((CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),)
        return [(str(header), policy_for(config, nonce)) for header, config in configs if config]

    def security_headers(self, secure: bool) -> list[tuple[str, str]]:
        """SecurityMiddleware's headers for a response without them, by its own code."""
        known = self._security_headers.get(secure)
        if known is None:
            response = SecurityMiddleware(lambda request: None).process_response(
                _SchemeOnly(secure), HttpResponse()
            )
            known = [(k, v) for k, v in response.items() if k.lower() != "content-type"]
            self._security_headers[secure] = known
        return known
