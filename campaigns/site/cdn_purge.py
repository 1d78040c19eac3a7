"""Purging the CDN in front of the cached pages, with Wagtail's frontend cache backends
(``wagtail.contrib.frontend_cache``): whenever the page cache's generation is bumped
(campaigns/site/page_cache_purge.py), the CDN drops every public page in every language.

Why everything: the page cache's purge is global (a page shows its country, materials, funders,
menus, footer, settings and interface words), so the CDN's is too. Backends that can drop a
whole cache in one call do so (``purge_everything``: Cloudflare's ``purge_everything`` for the
zone, a CloudFront invalidation of ``/*``, one path in CloudFront's billing); the others (the
HTTP/Varnish backend) get a PURGE for the URL of every live public page in each language it is
offered in (``offered_language_codes``: a visit in another language is a 302, which the CDN is
not told to keep), collected with Wagtail's ``PurgeBatch``. Not covered by the per-URL road: the
old URL of a page whose slug changed or that moved (no longer a page's URL) stays in the CDN until
its ``s-maxage`` runs out.

When: after the commit, off the editor's request. ``schedule()`` is called from the page
cache's on-commit purge; it queues ``purge_cdn`` on the "background" task backend (the database
queue that ``manage.py db_worker --backend background`` runs) to run ``CDN_PURGE_DELAY_SECONDS``
(10) later, unless a purge is already waiting: a bulk publish of 20 pages (one transaction, about
60 on-commit purges) or a burst of publishes within the delay costs one purge. A change committed
while a purge runs queues the next one (the running one is no longer waiting), so none is missed.
With an immediate "background" backend (the tests') each call purges at once: about three
purges for one publish.

Failures: a CDN that refuses, errs or does not answer (``TIMEOUT``: 10 s for the HTTP backend,
30 s for Cloudflare's API) is logged as a warning and fails nothing; its pages then expire
within ``s-maxage``. A failure to queue is logged too: the publish has committed already.

Configured by ``WAGTAILFRONTENDCACHE`` (cms/settings/production.py builds it from
FRONTEND_CACHE_BACKEND and the backend's own variables; unset: no CDN, ``schedule()`` returns at
once). Wagtail's app ``wagtail.contrib.frontend_cache`` is deliberately not installed: its
``ready()`` connects ``page_published``/``page_unpublished`` handlers that purge only the
published page's own URLs, through the "default" task backend (immediate here, so inside the
editor's request): a second, narrower purge of what this module purges whole. Its backends and
``PurgeBatch`` work without the app. (Wagtail's redirect admin still purges a redirect's old
URLs itself when a redirect is edited: a few URLs, through the same backends.)
"""

import datetime
import logging
import uuid
from collections import defaultdict
from types import SimpleNamespace
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

import requests
from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone, translation
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache import backends as wagtail_backends
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends

logger = logging.getLogger(__name__)

DEFAULT_DELAY_SECONDS = 10


class PurgeFailed(Exception):
    pass


class HTTPBackend(wagtail_backends.HTTPBackend):
    """Wagtail's PURGE sender with a timeout (Wagtail's waits for ever) that raises on failure
    (Wagtail's logs an error per URL and goes on, hundreds of times against a CDN that is down):
    ``purge_batch`` stops at the first refusal and ``purge_cdn`` logs it once."""

    def __init__(self, params):
        super().__init__(params)
        self.timeout = float(params.pop("TIMEOUT", 10))

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = wagtail_backends.PurgeRequest(
            url=urlunsplit(
                (self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment)
            ),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - LOCATION is configured
                pass
        except HTTPError as error:
            raise PurgeFailed(f"PURGE {url}: HTTP {error.code} {error.reason}") from error
        except (URLError, OSError) as error:
            raise PurgeFailed(f"PURGE {url}: {getattr(error, 'reason', error)}") from error


class CloudflareBackend(wagtail_backends.CloudflareBackend):
    """Wagtail's, plus ``purge_everything`` (the whole zone: static files are fetched again
    too, once; their names are hashed). ``PURGE_URL``: the API's address (Cloudflare's own by
    default)."""

    def __init__(self, params):
        super().__init__(params)
        self.cloudflare_purge_endpoint_url = params.pop(
            "PURGE_URL", self.cloudflare_purge_endpoint_url
        )
        self.timeout = float(params.pop("TIMEOUT", 30))

    def purge_everything(self) -> None:
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        response = requests.post(
            self.cloudflare_purge_endpoint_url,
            json={"purge_everything": True},
            headers=headers,
            timeout=self.timeout,
        )
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 200 or not body.get("success"):
            errors = ", ".join(str(error.get("message")) for error in body.get("errors") or [])
            raise PurgeFailed(f"Cloudflare: HTTP {response.status_code} {errors}".strip())


class CloudfrontBackend(wagtail_backends.CloudfrontBackend):
    """Wagtail's, plus ``purge_everything``: one invalidation of ``/*`` (a wildcard counts as
    one path in CloudFront's billing). Credentials: boto3's own (AWS_ACCESS_KEY_ID... in the
    environment, or the instance's role). ``TIMEOUT`` (30 s) to connect and to read, tried
    once, as the other backends: boto3's defaults (60 s each, five attempts) held the worker for
    minutes against an endpoint that hangs, and an editor's redirect save (Wagtail purges its
    old URLs inside the request) past gunicorn's timeout; a purge missed is the next one's, or
    ``s-maxage``'s."""

    def __init__(self, params):
        import boto3
        from botocore.config import Config

        timeout = float(params.pop("TIMEOUT", 30))
        super().__init__(params)
        self.client = boto3.client(  # Wagtail's, with the timeouts
            "cloudfront",
            aws_access_key_id=params.get("AWS_ACCESS_KEY_ID"),
            aws_secret_access_key=params.get("AWS_SECRET_ACCESS_KEY"),
            aws_session_token=params.get("AWS_SESSION_TOKEN"),
            config=Config(
                connect_timeout=timeout, read_timeout=timeout, retries={"total_max_attempts": 1}
            ),
        )

    def purge_everything(self) -> None:
        import botocore.exceptions

        try:
            self.client.create_invalidation(
                DistributionId=self.cloudfront_distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": 1, "Items": ["/*"]},
                    "CallerReference": str(uuid.uuid4()),
                },
            )
        except botocore.exceptions.ClientError as error:
            detail = error.response.get("Error", {})
            raise PurgeFailed(
                f"CloudFront: {detail.get('Code', '')} {detail.get('Message', '')}".strip()
            ) from error


def is_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def delay_seconds() -> float:
    return float(getattr(settings, "CDN_PURGE_DELAY_SECONDS", DEFAULT_DELAY_SECONDS))


def public_page_urls() -> list[str]:
    """The URL of every live public page in each language it is offered in (and the extra
    paths of pages with ``get_cached_paths``), sorted. Pages under a view restriction are not
    public (Wagtail marks them ``private``): the CDN never kept them."""
    from wagtail.models import Page

    from campaigns.templatetags.language_tags import offered_language_codes

    pages = list(Page.objects.live().public().specific().order_by("path"))
    by_language = defaultdict(list)
    for page in pages:
        for code in offered_language_codes(page):
            by_language[code].append(page)
    urls = set()
    for code, offering in by_language.items():
        with translation.override(code):
            # One cache object per language: the site root paths it keeps are the language's.
            batch = PurgeBatch(cache_object=SimpleNamespace())
            batch.add_pages(offering)
            urls |= batch.urls
    return sorted(urls)


def _url_backends(backends: dict, urls: list[str]):
    """(name, backend, its URLs): each backend gets the URLs of the hosts it invalidates
    (``HOSTNAMES``; all by default), as Wagtail's own purge task does."""
    for name, backend in backends.items():
        mine = [url for url in urls if backend.invalidates_hostname(urlsplit(url).netloc)]
        if mine:
            yield name, backend, mine
        else:
            logger.info("CDN purge: no URL for backend %s", name)


@task(backend="background")
def purge_cdn() -> dict:
    """Drop every public page from each configured CDN. Returns what was done, for the task's
    row: ``{"everything": [names], "urls": {name: count}, "failed": [names]}``."""
    done = {"everything": [], "urls": {}, "failed": []}
    try:
        backends = get_backends()
    except Exception:
        logger.warning("CDN not purged: WAGTAILFRONTENDCACHE is wrong", exc_info=True)
        done["failed"].append("*")
        return done
    whole = {name: b for name, b in backends.items() if hasattr(b, "purge_everything")}
    for name, backend in whole.items():
        try:
            backend.purge_everything()
            done["everything"].append(name)
        except Exception as error:
            logger.warning("CDN %s not purged: %s", name, error, exc_info=True)
            done["failed"].append(name)
    by_url = {name: b for name, b in backends.items() if name not in whole}
    if by_url:
        urls = public_page_urls()
        for name, backend, mine in _url_backends(by_url, urls):
            try:
                backend.purge_batch(mine)
                done["urls"][name] = len(mine)
            except Exception as error:
                logger.warning("CDN %s not purged: %s", name, error, exc_info=True)
                done["failed"].append(name)
    logger.info("CDN purged: %s", done)
    return done


def _purge_waiting() -> bool:
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(purge_cdn.get_backend(), DatabaseBackend):
        return False
    # Any waiting row, its run_after in the future or not (``ready()`` leaves the former out).
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    return waiting.filter(task_path=purge_cdn.module_path).exists()


def schedule() -> None:
    """Queue one CDN purge unless one is waiting; called after the commit of every change a
    page shows. Never raises: the change has committed and the editor's request goes on."""
    if not is_configured():
        return
    try:
        if _purge_waiting():
            return
        queued = purge_cdn
        delay = delay_seconds()
        if delay > 0 and purge_cdn.get_backend().supports_defer:
            queued = purge_cdn.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
        queued.enqueue()
    except Exception:
        logger.warning("CDN purge not queued", exc_info=True)
