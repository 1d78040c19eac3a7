"""The country's hotline: in the first screen of country and campaign pages, a call bar that stays
on screen without JavaScript, numbers whose digits never reorder in right-to-left text.
(On a phone, in Chromium: tests/browser/test_public_hotline.py.)"""

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Page

from campaigns.templatetags.interface_tags import tel_href, whatsapp_href
from tests.factories import CountryFactory, campaign_page, country_page, image, module_data

CSS = Path(__file__).resolve().parents[2] / "cms/static/css/site.css"


# --- Numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("+221 800 00 00 01", "tel:+221800000001"),
        ("(0)800-00.00", "tel:08000000"),
        ("+٢١٢ ٨٠٠ ٠٠ ٠٠", "tel:+2128000000"),  # Arabic-Indic digits
        ("\u200f+۹۳ ۸۰۰", "tel:+93800"),  # a right-to-left mark, Persian digits
        ("00221 800", "tel:00221800"),
        ("", ""),
        (None, ""),
        ("call us", ""),
        ('+1"><script>', "tel:+1"),
    ],
)
def test_tel_href_is_plus_and_digits_only(number, href):
    assert tel_href(number) == href


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("+221 77 000 00 00", "https://wa.me/221770000000"),
        ("00221 77 000 00 00", "https://wa.me/221770000000"),
        ("", ""),
        (None, ""),
    ],
)
def test_whatsapp_href_is_digits_only(number, href):
    assert whatsapp_href(number) == href


# --- Pages ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Campaign and country pages of Senegal (ltr), Morocco (ar, rtl), Afghanistan (ps, rtl)
    and Eritrea (ti), and a country without a hotline."""
    with module_data(django_db_blocker):
        countries = {
            "SN": CountryFactory(code="SN", languages="fr, wo, ff", hotline="+221 800 00 00 01"),
            "MA": CountryFactory(code="MA", languages="ar, fr, zgh", hotline="+212 800 00 00 05"),
            "AF": CountryFactory(code="AF", languages="fa-af, ps", hotline="+93 800 000 006"),
            "ER": CountryFactory(code="ER", languages="ti", hotline="+291 800 00 10"),
            "GN": CountryFactory(code="GN", languages="fr, ff", hotline=""),
        }
        body = [("text", f"<p>{'Long text. ' * 40}</p>")] * 6
        result = {}
        for code, country in countries.items():
            parent = country_page(country)
            result[code] = campaign_page(
                parent, slug=f"c-{code.lower()}", image=image(title=f"hero-{code}"), body=body,
                key_messages="Know the risks.\nThere are legal ways.",
            )  # fmt: skip
            result[f"{code}-country"] = parent
        yield result


def html_of(client, pages, key, code) -> str:
    page = Page.objects.get(pk=pages[key].pk).specific
    with translation.override(code):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200, (key, code, response.status_code)
    return response.content.decode()


CASES = [("SN", "wo"), ("SN", "fr"), ("SN", "en"), ("MA", "ar"), ("AF", "ps"), ("ER", "ti")]
NUMBERS = {
    "SN": ("+221 800 00 00 01", "tel:+221800000001"),
    "MA": ("+212 800 00 00 05", "tel:+212800000005"),
    "AF": ("+93 800 000 006", "tel:+93800000006"),
    "ER": ("+291 800 00 10", "tel:+2918000010"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["", "-country"])
@pytest.mark.parametrize(("country", "code"), CASES)
def test_hotline_comes_right_under_the_title(client, pages, country, code, kind):
    html = html_of(client, pages, f"{country}{kind}", code)
    main = html[html.index('<main id="main"') :]
    number, href = NUMBERS[country]
    card = main.index('<section class="card hotline-card"')
    # Between the title and the hotline there is at most the fallback note.
    between = main[main.index("<h1") : card]
    assert not re.search(r"<(h2|img|section|ul|div)\b", between), between
    assert card < 1500
    assert f'<a href="{href}"><bdi dir="ltr">{number}</bdi></a>' in main[card:]
    assert card < main.index("Long text." if not kind else '<ul class="cards"')


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["", "-country"])
@pytest.mark.parametrize(("country", "code"), CASES)
def test_call_bar_is_on_every_page_with_the_number_isolated(client, pages, country, code, kind):
    html = html_of(client, pages, f"{country}{kind}", code)
    number, href = NUMBERS[country]
    bar = re.search(r'<p class="call-bar">(.*?)</p>', html, re.S)
    assert bar, "no call bar"
    assert f'href="{href}"' in bar.group(1)
    assert f'<bdi dir="ltr">{number}</bdi>' in bar.group(1)
    assert "<script" not in html  # nothing needs JavaScript
    # Every tel: link is made of + and digits only.
    assert all(re.fullmatch(r"\+?\d+", h) for h in re.findall(r'href="tel:([^"]*)"', html))


@pytest.mark.django_db
def test_no_hotline_no_card_and_no_call_bar(client, pages):
    for key in ("GN", "GN-country"):
        html = html_of(client, pages, key, "fr")
        assert "hotline-card" not in html and "call-bar" not in html and "tel:" not in html


@pytest.mark.django_db
def test_no_whatsapp_link_without_a_whatsapp_number(client, pages):
    """No link is guessed from the hotline: only a country's own WhatsApp number makes one."""
    assert "wa.me" not in html_of(client, pages, "SN", "fr")


@pytest.mark.django_db
def test_whatsapp_link_where_the_country_has_a_number(client, pages):
    from campaigns.models import Country

    Country.objects.filter(code="SN").update(whatsapp="+221 77 000 00 00")
    for code in ("fr", "wo"):
        html = html_of(client, pages, "SN", code)
        link = 'href="https://wa.me/221770000000" lang="en" dir="ltr">WhatsApp</a>'
        assert html.count(link) == 2, code  # in the hotline card and in the call bar
    assert "wa.me" not in html_of(client, pages, "MA", "ar")


@pytest.mark.parametrize("number", ["221 77 000 00 00", "+221-77", "+221 77 000 00 00 <b>", "+"])
def test_a_whatsapp_number_is_international(number):
    from django.core.exceptions import ValidationError

    country = CountryFactory.build(code="SN", languages="fr", whatsapp=number)
    with pytest.raises(ValidationError) as refused:
        country.clean_fields(exclude=["page"])
    assert "whatsapp" in refused.value.message_dict


def test_hotline_block_cleans_its_number():
    html = render_to_string(
        "campaigns/blocks/hotline.html",
        {"value": {"label": "Hotline", "phone": "+221 (0) 800-00", "hours": "9-17"}},
    )
    assert '<a class="hotline" href="tel:+221080000"><bdi dir="ltr">+221 (0) 800-00</bdi></a>' in (
        html
    )
    assert "tel:" not in render_to_string(
        "campaigns/blocks/hotline.html", {"value": {"label": "Hotline", "phone": ""}}
    )


def test_call_bar_is_sticky_in_css():
    css = CSS.read_text(encoding="utf-8")
    rule = re.search(r"\.call-bar \{([^}]*)\}", css)
    assert rule, "no .call-bar rule"
    assert "position: sticky" in rule.group(1) and "bottom: 0" in rule.group(1)
