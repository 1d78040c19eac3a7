"""Production: refuses to start without its secrets or on SQLite; Redis when REDIS_URL is set;
JSON logs on stdout; the security headers that `manage.py check --deploy` asks for."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cms.logging import logging_config, parse_admins
from cms.storage import object_storages, public_origins

from .base import *  # noqa: F403
from .env import env, env_bool, env_required

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
DATABASES = {
    "default": dj_database_url.parse(
        env_required("DATABASE_URL"), conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60"))
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    # SQLite takes one writer at a time and lives on one machine's disk: several web processes
    # and a worker would queue behind each other, and a second app server cannot share it.
    raise ImproperlyConfigured(
        "Production settings need PostgreSQL: DATABASE_URL must start with postgres:// "
        f"(it names {DATABASES['default']['ENGINE']})."
    )
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a kept connection the server closed: reopened
# A read replica for the dashboards, the open data and the exports (cms/db_routers.py says which
# reads go there; everything else, writes and permission checks included, stays on "default").
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"), conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASE_READ_REPLICA = "replica"
if "django.contrib.postgres" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("django.contrib.postgres")  # noqa: F405

# --- Cache and sessions ---------------------------------------------------------------------
# Without REDIS_URL each process keeps its own memory cache, so login throttling, API throttles
# and cached pages are counted per process; with several processes or servers, set REDIS_URL.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "campaigns"),
            # A Redis that stops answering fails a request in a second (and /healthz says so)
            # instead of holding a worker until gunicorn kills it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions read from Redis and written through to the database: a Redis restart or
    # eviction does not sign everyone out, and no request reads the session table.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # A publish purges the page cache of the process that ran it only: with several processes
    # the others would serve the old page, so no page cache unless asked for.
    PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "0"))

# --- CDN purge -------------------------------------------------------------------------------
# A CDN in front keeps public pages s-maxage=PAGE_CACHE_SECONDS; every purge of the page cache
# also drops every public page from it, off the request (campaigns/site/cdn_purge.py). The
# backends are Wagtail's (wagtail.contrib.frontend_cache, not installed as an app on purpose).
FRONTEND_CACHE_BACKEND = (env("FRONTEND_CACHE_BACKEND") or "none").strip().lower()
if FRONTEND_CACHE_BACKEND == "cloudflare":
    _cdn = {
        "BACKEND": "campaigns.site.cdn_purge.CloudflareBackend",
        "BEARER_TOKEN": env_required("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env_required("CLOUDFLARE_ZONEID"),
    }
elif FRONTEND_CACHE_BACKEND == "cloudfront":  # keys: boto3's own (AWS_ACCESS_KEY_ID..., a role)
    _cdn = {
        "BACKEND": "campaigns.site.cdn_purge.CloudfrontBackend",
        "DISTRIBUTION_ID": env_required("CLOUDFRONT_DISTRIBUTION_ID"),
    }
elif FRONTEND_CACHE_BACKEND == "http":  # Varnish or any cache that takes PURGE requests
    _cdn = {
        "BACKEND": "campaigns.site.cdn_purge.HTTPBackend",
        "LOCATION": env_required("FRONTEND_CACHE_PURGE_URL"),
    }
elif FRONTEND_CACHE_BACKEND == "none":
    _cdn = None
else:
    raise ImproperlyConfigured(
        "FRONTEND_CACHE_BACKEND must be cloudflare, cloudfront, http or none, "
        f"not {FRONTEND_CACHE_BACKEND!r}."
    )
WAGTAILFRONTENDCACHE = {"default": _cdn} if _cdn else {}
CDN_PURGE_DELAY_SECONDS = float(env("CDN_PURGE_DELAY_SECONDS", "10"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set: public media in
# that bucket, evidence and exports in AWS_PRIVATE_STORAGE_BUCKET_NAME (cms/storage.py).
STORAGES.update(object_storages() or {})
# Images from the public bucket allowed by both Content-Security-Policies (img-src), its address
# worked out from the same settings; CSP_MEDIA_ORIGINS (cms/settings/base.py) adds others.
for _policy in (SECURE_CSP, SECURE_CSP_ADMIN):  # noqa: F405
    _policy["img-src"] = list(
        dict.fromkeys([*_policy["img-src"], *public_origins(STORAGES["default"])])
    )
# Documents always through Wagtail's view, which checks collection privacy: never a redirect to
# a bucket's permanent address (Wagtail's default on object storage).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Logs and errors ------------------------------------------------------------------------
# One JSON line per event on stdout (cms/logging.py); a 500 logs its traceback there, and is
# mailed to ADMINS when DJANGO_ADMINS is set ("Name <address>, other@example.org").
ADMINS = parse_admins(env("DJANGO_ADMINS"))
LOGGING = logging_config(level=env("LOG_LEVEL", "INFO").upper(), mail_admins=bool(ADMINS))

# --- HTTPS, cookies, headers ----------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading puts the domain in browsers' built-in lists, which take months to leave: a
# deliberate step (SECURE_HSTS_PRELOAD=true), so check --deploy's reminder is silenced until then.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own origin themselves
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# Only staff have sessions (the public site sets no cookie): a working day, and gone with the
# browser (shared computers in field offices).
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
