"""gunicorn's settings for production: `gunicorn -c gunicorn.conf.py cms.wsgi` (README, Production).

Every value can be changed by the environment without editing this file. Logs go to stdout as
one JSON line per event (cms/logging.py), the access log included.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: the app is CPU- and database-bound, with no long-lived connections. Two per core
# plus one is gunicorn's advice; set WEB_CONCURRENCY to what the machine's memory allows.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Load the app once in the master: workers start faster and share its memory (copy on write).
# The database connections are opened after the fork, per worker, so nothing is shared by mistake.
preload_app = True
# A request past this many seconds is killed (spreadsheet imports and long exports belong in
# background tasks, not in a request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Workers are replaced after this many requests (with jitter), so a slow leak never grows. Not
# more often: a new worker costs tens of ms of CPU (first request, copied memory pages), which at
# 2,000 was a visible share of a cached page's cost; the load test shows memory settling (README).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "1000"))

# The proxy in front sets X-Forwarded-Proto; Django reads it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"  # stdout
# No query string (tokens, search words), no address or user agent: method, path, status, size.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "cms.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}


def pre_fork(server, worker):
    """Move everything the master has loaded out of the collector's reach before each fork: a
    worker's collections then never write to those objects, so their memory pages stay shared
    with the master instead of being copied into every worker (Python's gc.freeze docs)."""
    if os.environ.get("GUNICORN_GC_FREEZE", "1") == "1":
        gc.freeze()
