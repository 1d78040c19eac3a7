"""The production settings refuse to start without their secrets; DATABASE_URL picks the engine."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(module: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = load_settings("cms.settings.production", DATABASE_URL="postgres://u@127.0.0.1/x")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_database_url():
    result = load_settings("cms.settings.production", SECRET_KEY="s3cret")
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_production_starts_with_both():
    result = load_settings(
        "cms.settings.production", SECRET_KEY="s3cret", DATABASE_URL="postgres://u@127.0.0.1/x"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_dev_defaults_to_embedded_sqlite():
    result = load_settings("cms.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]
