"""``/healthz``: is this process able to serve? For load balancers and uptime monitors.

It asks the two parts every page needs, the database (``SELECT 1``) and the default cache (a
key written and read back), and answers 200 with what it found, or 503 naming what failed.
No sign-in, no language prefix, no session and never cached: a monitor must see the process as
it is now. The site's page-view counter ignores it (it counts Wagtail's page and document
routes only), and it touches no table, so a probe every few seconds costs two round trips.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

CACHE_KEY = "healthz"


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def cache_ok() -> bool:
    token = uuid.uuid4().hex  # a value of this request's own: a stale one cannot pass
    try:
        cache.set(CACHE_KEY, token, timeout=30)
        return cache.get(CACHE_KEY) == token
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_ok(), "cache": cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "fail"}
    body.update({name: "ok" if ok else "fail" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
