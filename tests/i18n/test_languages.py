import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import check_for_language, get_language_info

from campaigns.i18n.languages import bidi_codes, get_language, to_babel_identifier

RTL = {"ar", "fa-af", "ps", "ckb"}


def test_registry_reads_cldr_names_and_direction():
    dari = get_language("fa-AF")
    assert dari.code == "fa-af"
    assert dari.locale == "fa_AF"
    assert dari.name == "Dari"
    assert dari.name_local == "دری"
    assert dari.bidi and dari.direction == "rtl"
    assert dari.script == "Arab"
    tigrinya = get_language("ti")
    assert (tigrinya.name, tigrinya.name_local, tigrinya.script) == ("Tigrinya", "ትግርኛ", "Ethi")
    assert get_language("ka").script == "Geor"
    assert not get_language("wo").bidi


def test_unknown_code_is_refused_clearly():
    with pytest.raises(ValueError, match="xx-yy"):
        get_language("xx-yy")


@pytest.mark.parametrize(
    ("code", "identifier"), [("fa-af", "fa_AF"), ("en", "en"), ("sr-latn", "sr_Latn")]
)
def test_django_codes_map_to_cldr_identifiers(code, identifier):
    assert to_babel_identifier(code) == identifier
    assert translation.to_locale(code) == identifier


def test_bidi_codes_include_the_base_language_django_checks():
    assert set(bidi_codes(["fa-af", "ps", "en"])) == {"fa-af", "fa", "ps"}


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_every_content_language_is_known_to_django(code):
    info = get_language_info(code)
    lang = get_language(code)
    assert (info["name"], info["name_local"], info["bidi"]) == (
        lang.name,
        lang.name_local,
        lang.bidi,
    )
    assert check_for_language(code), f"no compiled catalogue for {code}"
    with translation.override(code):
        assert translation.get_language_bidi() is (code in RTL)


def test_content_languages_are_the_demo_set():
    codes = {code for code, _ in settings.LANGUAGES}
    assert codes == {"en", "fr", "wo", "ff", "ha", "yo", "ig", "pcm", "ar", "zgh", "fa-af",
                     "ps", "ckb", "sq", "ka", "ti"}  # fmt: skip
    assert [code for code, _ in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["en", "fr", "nl"]
