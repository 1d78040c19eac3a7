"""Which requests the site counts as its own audience (campaigns.reporting.counting keeps them).

Counted: an anonymous visitor's successful (200) GET of a public page (home, index, country,
campaign: whatever Wagtail's page route serves) in the URL's language, and of a document that is
a live material's file (its download, or its opening in the browser for a PDF). Not counted:
anything else (admin, previews, search, API), HEAD and other methods, redirects, 304 and errors,
signed-in users, browser prefetches, and requests whose user agent looks like a robot's or is
missing. The user agent is read here and forgotten; nothing is stored about the visitor and
nothing is set on them (no cookie, no header).

One middleware rather than Wagtail's hooks: ``before_serve_document`` runs before the response
exists, so it cannot tell a download from a 304 or a missing file, and ``on_serve_page`` would
cover pages only. The page comes from the response's context (Wagtail's ``page`` variable), so
it is not looked up again; only a response rendered with the page's own template counts, since
Wagtail answers a password-protected page with its password form (a 200 with the page in its
context). Its place in MIDDLEWARE: after AuthenticationMiddleware and the
LocaleMiddleware (it reads the user and the URL's language).
"""

import functools

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from . import counting

PAGE_ROUTE = "wagtail_serve"
DOCUMENT_ROUTE = "wagtaildocs_serve"

# Words in robots' user agents (crawlers, link previews, monitors, scripts), lower case. Plain
# substring tests: a regular expression of these alternatives took 200 µs per request.
ROBOT_WORDS = (
    "bot", "crawl", "spider", "slurp", "archiver", "scrapy", "curl", "wget", "python", "java/",
    "go-http", "okhttp", "httpclient", "libwww", "headless", "phantom", "lighthouse", "pingdom",
    "uptime", "monitor", "preview", "facebookexternalhit", "whatsapp", "telegram", "skype",
    "embedly",
)  # fmt: skip
NOT_ROBOTS = ("cubot",)  # a phone maker whose name ends in "bot"


def counted_target(request, response) -> tuple[str, int, str] | None:
    """(kind, object id, language) when this request counts, else None."""
    if response.status_code != 200 or request.method != "GET":
        return None
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if match.url_name == PAGE_ROUTE:
        page = (getattr(response, "context_data", None) or {}).get("page")
        if not isinstance(page, Page) or getattr(request, "is_preview", False):
            return None
        if getattr(response, "template_name", None) != page.get_template(request):
            return None  # not the page itself: its password form (200, the page in context)
        target = (counting.PAGE, page.pk, getattr(request, "LANGUAGE_CODE", ""))
    elif match.url_name == DOCUMENT_ROUTE:
        target = (counting.DOCUMENT, int(match.args[0]), "")  # language: the version's
    else:
        return None
    if is_signed_in(request) or is_robot_or_prefetch(request):
        return None
    return target


def is_signed_in(request) -> bool:
    # Without a session cookie nobody is signed in: no session lookup for most visitors.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def is_robot_or_prefetch(request) -> bool:
    meta = request.META  # not request.headers, which copies every header on first use
    if "prefetch" in meta.get("HTTP_SEC_PURPOSE", "") or "prefetch" in meta.get("HTTP_PURPOSE", ""):
        return True
    return is_robot_agent(meta.get("HTTP_USER_AGENT", ""))


@functools.lru_cache(maxsize=2048)  # a few browsers' strings make most visits: once each
def is_robot_agent(user_agent: str) -> bool:
    agent = user_agent.lower()
    for name in NOT_ROBOTS:
        agent = agent.replace(name, "")
    return not agent or any(word in agent for word in ROBOT_WORDS)


class SiteCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        counting.start()

    def __call__(self, request):
        response = self.get_response(request)
        target = counted_target(request, response)
        if target is not None:
            counting.counter.add(*target, timezone.localdate())
        return response
