"""cms.settings.production, loaded in a subprocess as a deployment would load it: PostgreSQL
required, Redis for cache and sessions when REDIS_URL is set, `check --deploy` clean, JSON logs
that keep a 500's traceback, ADMINS mailed only when set."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "SECRET_KEY": "k" * 20 + "-production-test-key-with-enough-entropy-0123456789",
    "DATABASE_URL": "postgres://campaigns@127.0.0.1:5432/campaigns",
    "ALLOWED_HOSTS": "campaigns.example.org",
    "EMAIL_HOST": "smtp.example.org",
}
# DJANGO_ALLOW_ASYNC_UNSAFE: set by tests/conftest.py for Playwright, refused by check --deploy.
OURS = {"REDIS_URL", "DJANGO_ADMINS", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "LOG_LEVEL",
        "DJANGO_ALLOW_ASYNC_UNSAFE"}  # fmt: skip


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")


def run(code: str, **env) -> subprocess.CompletedProcess:
    """Python ``code`` after django.setup() under production settings and ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in {*REQUIRED, *OURS}}
    setup = "import django, json; from django.conf import settings; django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.production", **REQUIRED, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def values(names: list[str], **env) -> dict:
    result = run(
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))", **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_refuses_to_start_on_sqlite():
    result = run("", DATABASE_URL="sqlite:////tmp/production.sqlite3")
    assert result.returncode != 0
    assert "Production settings need PostgreSQL" in result.stderr


def test_without_redis_a_process_cache_and_database_sessions():
    found = values(["CACHES", "SESSION_ENGINE"])
    assert found["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


@needs_redis
def test_redis_url_puts_cache_and_sessions_in_redis():
    code = (
        "from django.core.cache import cache\n"
        "cache.set('production-settings-test', 'here', 10)\n"
        "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE,"
        " cache.get('production-settings-test')]))\n"
    )
    result = run(code, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "cms.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "here",  # written to the real Redis and read back
    ]


def test_check_deploy_is_clean():
    result = run(
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout + result.stderr


def test_check_deploy_catches_a_weakened_setting():
    """The check above can fail: without HSTS, `check --deploy` complains."""
    result = run(
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_security_headers_and_cookies():
    found = values(
        [
            "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
            "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
            "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS", "SESSION_COOKIE_AGE",
            "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SECURE_SSL_REDIRECT", "SECURE_CONTENT_TYPE_NOSNIFF",
        ]
    )  # fmt: skip
    assert found == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_AGE": 8 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
    }


# A view that raises, served through the whole middleware stack by the test client, over HTTPS
# as the proxy would say (no database needed: nothing in the stack queries without a session).
RAISING_VIEW = """
import sys
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

def boom(request):
    raise RuntimeError("the production 500 test raised this")

def healthy(request):
    return HttpResponse("fine")

urlpatterns = [path("boom", boom), path("fine", healthy)]
with override_settings(ROOT_URLCONF="__main__"):
    client = Client(raise_request_exception=False, headers={"host": "campaigns.example.org"})
    print("STATUS", client.get("/fine", secure=True).status_code, file=sys.stderr)
    print("STATUS", client.get("/boom", secure=True).status_code, file=sys.stderr)
"""


def test_a_500_leaves_one_json_line_with_its_traceback_on_stdout():
    result = run(RAISING_VIEW)
    assert result.returncode == 0, result.stderr
    assert "STATUS 200" in result.stderr and "STATUS 500" in result.stderr
    errors = [line for line in json_lines(result.stdout) if line["level"] == "ERROR"]
    assert len(errors) == 1, result.stdout
    error = errors[0]
    assert error["logger"] == "django.request"
    assert error["path"] == "/boom" and error["method"] == "GET" and error["status"] == 500
    assert "Traceback" in error["exception"]
    assert "RuntimeError: the production 500 test raised this" in error["exception"]
    # Each event is one line: the traceback's newlines stay inside its JSON string.
    assert all(line.startswith("{") for line in result.stdout.splitlines())


def test_mail_admins_only_when_admins_are_set():
    code = "print(json.dumps([settings.ADMINS, sorted(settings.LOGGING['handlers'])]))"
    plain = run(code)
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout.strip().splitlines()[-1]) == [[], ["stdout"]]
    with_admins = run(code, DJANGO_ADMINS="Ops Team <ops@example.org>, dev@example.org")
    assert with_admins.returncode == 0, with_admins.stderr
    assert json.loads(with_admins.stdout.strip().splitlines()[-1]) == [
        ["Ops Team <ops@example.org>", "dev@example.org"],
        ["mail_admins", "stdout"],
    ]


def test_a_500_is_mailed_to_admins():
    code = RAISING_VIEW + (
        "\nfrom django.core import mail\n"
        "print('MAILED', json.dumps([(m.subject, m.to) for m in mail.outbox]), file=sys.stderr)\n"
    )
    code = code.replace(
        'with override_settings(ROOT_URLCONF="__main__"):',
        "from django.test.utils import setup_test_environment\nsetup_test_environment()\n"
        'with override_settings(ROOT_URLCONF="__main__"):',
    )
    result = run(code, DJANGO_ADMINS="Ops <ops@example.org>")
    assert result.returncode == 0, result.stderr
    mailed = json.loads(result.stderr.split("MAILED ", 1)[1].splitlines()[0])
    assert len(mailed) == 1
    subject, to = mailed[0]
    assert "/boom" in subject and to == ["Ops <ops@example.org>"]


def test_gunicorn_config_logs_json_lines_without_query_strings():
    code = (
        "import runpy\n"
        "from gunicorn.config import Config\n"
        "from gunicorn.glogging import Logger\n"
        "cfg = Config()\n"
        "for name, value in runpy.run_path('gunicorn.conf.py').items():\n"
        "    if name in cfg.settings:\n"
        "        cfg.set(name, value)\n"
        "Logger(cfg).error('gunicorn test line')\n"
        "print('FORMAT', cfg.access_log_format, cfg.preload_app, cfg.workers, cfg.timeout)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": "3", "GUNICORN_TIMEOUT": "45"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = json_lines(result.stdout)
    assert [(line["logger"], line["message"]) for line in lines] == [
        ("gunicorn.error", "gunicorn test line")
    ]
    access_format, preload, workers, timeout = (
        result.stdout.split("FORMAT ", 1)[1].strip().rsplit(" ", 3)
    )
    assert "%(q)s" not in access_format and "%(r)s" not in access_format
    assert (preload, workers, timeout) == ("True", "3", "45")


def test_gunicorn_freezes_the_masters_objects_before_each_fork():
    code = (
        "import gc, runpy\n"
        "conf = runpy.run_path('gunicorn.conf.py')\n"
        "before = gc.get_freeze_count()\n"
        "conf['pre_fork'](None, None)\n"
        "print('FROZEN', gc.get_freeze_count() - before > 1000, conf['max_requests'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ), capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("FROZEN ", 1)[1].split() == ["True", "10000"]
