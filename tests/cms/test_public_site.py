import re

import pytest
from django.template.loader import render_to_string

from campaigns.i18n.languages import get_language

pytestmark = pytest.mark.django_db


def html_attrs(html: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)"', html)
    assert match, "no <html lang dir>"
    return match.group(1), match.group(2)


@pytest.mark.parametrize(
    ("code", "direction"),
    [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl"), ("fa-af", "rtl"), ("ps", "rtl"),
     ("ckb", "rtl"), ("ti", "ltr"), ("wo", "ltr")],
)  # fmt: skip
def test_home_page_answers_in_each_language_with_lang_and_dir(client, home, code, direction):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert html_attrs(response.content.decode()) == (code, direction)


def test_root_redirects_to_a_language(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_switcher_lists_each_language_in_its_own_script(client, home, settings):
    html = client.get("/en/").content.decode()
    nav = html.split('<nav class="languages"', 1)[1].split("</nav>", 1)[0]
    for code, _name in settings.LANGUAGES:
        lang = get_language(code)
        assert f'href="/{code}/" lang="{code}" dir="{lang.direction}" hreflang="{code}"' in nav, (
            code
        )
        assert f">{lang.name_local}</a>" in nav
    assert 'aria-current="page">English</a>' in nav
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_hreflang_alternates_are_absolute_and_complete(client, home, settings):
    html = client.get("/fr/").content.decode()
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert [code for code, _ in alternates] == [code for code, _ in settings.LANGUAGES]
    assert ("ar", "http://testserver/ar/") in alternates


def test_page_uses_translated_title_and_falls_back_to_english(client, home):
    assert "<h1>Connaître les risques. Connaître vos options.</h1>" in (
        client.get("/fr/").content.decode()
    )
    # English text on a Wolof page says it is English (no country speaks Wolof here yet).
    assert '<h1 lang="en" dir="ltr">Know the risks. Know your options.</h1>' in (
        client.get("/wo/").content.decode()
    )


def test_no_third_party_hosts_in_public_html(client, home):
    html = client.get("/ar/").content.decode()
    urls = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert urls
    assert all(url.startswith(("/", "#", "http://testserver/")) for url in urls), urls


def test_unknown_page_gets_the_translated_404(client, home):
    response = client.get("/fr/nowhere/")
    assert response.status_code == 404
    assert html_attrs(response.content.decode()) == ("fr", "ltr")


def test_500_page_renders_without_context():
    html = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in html


def test_sitemap_lists_the_home_page(client, home):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"<loc>" in response.content
