"""Static files under the production settings: ``collectstatic`` (run as a deployment runs it,
in a subprocess) writes hashed names with gzip and Brotli copies beside them, and WhiteNoise
serves a hashed file compressed and cacheable for a year, an unhashed one for a minute only."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.cms.test_production_settings import OURS, REQUIRED

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def production(code_or_args, static_root, python_code=False):
    clean = {k: v for k, v in os.environ.items() if k not in {*REQUIRED, *OURS}}
    env = {
        **clean,
        **REQUIRED,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "STATIC_ROOT": str(static_root),
    }
    command = ["-c", code_or_args] if python_code else ["manage.py", *code_or_args]
    done = subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    production(["collectstatic", "--noinput", "--verbosity", "0"], root)
    return root


def test_production_settings_hash_and_compress(collected):
    found = json.loads(
        production(
            "import django, json; from django.conf import settings; django.setup(); "
            "print(json.dumps([settings.MIDDLEWARE, settings.STORAGES['staticfiles']]))",
            collected,
            python_code=True,
        ).splitlines()[-1]
    )
    middleware, staticfiles = found
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in middleware
    # Early: a static file is answered before sessions, the locale or the page cache run.
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert whitenoise < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert staticfiles["BACKEND"] == MANIFEST_STORAGE
    paths = json.loads((collected / "staticfiles.json").read_text())["paths"]
    hashed = collected / paths["css/site.css"]
    assert hashed.name != "site.css" and hashed.is_file()
    assert Path(f"{hashed}.gz").is_file() and Path(f"{hashed}.br").is_file()
    # Wagtail's admin script too (files that compress by less than 5% are left alone).
    core = collected / paths["wagtailadmin/js/core.js"]
    assert core.name != "core.js" and Path(f"{core}.br").is_file() and Path(f"{core}.gz").is_file()


def test_whitenoise_serves_hashed_files_compressed_for_a_year(collected, settings):
    settings.STATIC_ROOT = collected
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    paths = json.loads((collected / "staticfiles.json").read_text())["paths"]
    client = Client()  # its own handler: WhiteNoise reads these settings when it is built
    response = client.get(f"/static/{paths['css/site.css']}", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]
    plain = client.get("/static/css/site.css", HTTP_ACCEPT_ENCODING="gzip")
    assert plain.status_code == 200 and plain["Content-Encoding"] == "gzip"
    assert "immutable" not in plain["Cache-Control"]  # an unhashed name may change
