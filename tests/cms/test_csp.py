"""Content-Security-Policy headers (cms/csp.py): the public policy allows no script and only
known inline styles; the admin and previews get the admin's policy."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from campaigns.reporting.svg import STYLE

TEMPLATES = Path(__file__).resolve().parents[2] / "cms" / "templates"


def sha256(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def test_style_hashes_match_their_sources():
    """Change the charts' style or the 500 page's and this fails until the hash is updated."""
    chart = STYLE.removeprefix("<style>").removesuffix("</style>")
    page_500 = re.search(r"<style>(.*?)</style>", (TEMPLATES / "500.html").read_text(), re.S)
    allowed = settings.SECURE_CSP["style-src-elem"]
    assert sha256(chart) in allowed
    assert sha256(page_500.group(1)) in allowed


@pytest.mark.django_db
def test_public_page_has_the_public_policy_with_no_script(client, home):
    response = client.get("/en/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'")
    assert "script-src" not in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_open_data_style_carries_the_nonce_of_its_header(client):
    response = client.get("/en/open-data/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert (
        client.get("/en/open-data/")["Content-Security-Policy"]
        != (response["Content-Security-Policy"])
    )  # a new nonce each time


@pytest.mark.django_db
def test_admin_has_the_admin_policy(client):
    response = client.get("/admin/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    assert "nonce" not in policy  # a nonce would make browsers ignore 'unsafe-inline'
    assert "script-src-attr 'none'" in policy  # inline <script> elements, but no onerror=...


def test_the_policy_built_once_is_djangos_and_follows_a_config_changed_in_place(settings):
    from django.utils.csp import CSP, build_policy

    from cms.csp import policy_for

    config = {"default-src": [CSP.NONE], "style-src": [CSP.SELF, CSP.NONCE]}
    assert policy_for(config, "n0nce") == build_policy(config, "n0nce")
    assert "'nonce-n0nce'" in policy_for(config, "n0nce")
    assert policy_for(config, None) == build_policy(config) and "nonce" not in build_policy(config)
    config["img-src"] = [CSP.SELF]
    assert policy_for(config, "x") == build_policy(config, "x") and "img-src 'self'" in (
        policy_for(config, "x")
    )
    assert policy_for(settings.SECURE_CSP, "y") == build_policy(settings.SECURE_CSP, "y")
