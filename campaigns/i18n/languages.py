"""The language registry: every fact about a language comes from CLDR through Babel.

This module is the ground floor. It imports neither Django models nor settings, so the settings
module itself can use it to build ``LANGUAGES``, ``LANGUAGES_BIDI`` and Django's ``LANG_INFO``.
"""

from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.core import get_global


@dataclass(frozen=True)
class Language:
    """A language as the site uses it, keyed by its Django code (``fa-af``, not ``fa_AF``)."""

    code: str
    locale: str
    name: str
    name_local: str
    script: str
    bidi: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.bidi else "ltr"

    def name_in(self, code: str) -> str:
        """This language's name in another language, e.g. French in Wolof: 'Farañse'."""
        reader = Locale.parse(to_babel_identifier(code))
        return reader.languages.get(self.locale) or reader.languages.get(
            self.locale.split("_")[0], self.name
        )

    def as_lang_info(self) -> dict:
        """The entry Django's ``LANG_INFO`` expects, for ``{% get_language_info %}``."""
        return {
            "bidi": self.bidi,
            "code": self.code,
            "name": self.name,
            "name_local": self.name_local,
        }


def to_babel_identifier(code: str) -> str:
    """``fa-af`` -> ``fa_AF``: Django's language code to a CLDR locale identifier."""
    language, _, territory = code.replace("_", "-").partition("-")
    if not territory:
        return language.lower()
    if len(territory) == 4:  # a script subtag, e.g. sr-latn
        return f"{language.lower()}_{territory.title()}"
    return f"{language.lower()}_{territory.upper()}"


def to_django_code(identifier: str) -> str:
    """``fa_AF`` -> ``fa-af``."""
    return identifier.replace("_", "-").lower()


@cache
def get_language(code: str) -> Language:
    """Describe a language from CLDR; raises ``ValueError`` for a code CLDR does not know."""
    identifier = to_babel_identifier(code)
    try:
        locale = Locale.parse(identifier)
    except Exception as error:  # babel raises UnknownLocaleError or ValueError
        raise ValueError(f"CLDR does not know the language code {code!r}") from error
    english = Locale("en")
    name = english.languages.get(identifier) or locale.get_display_name("en")
    name_local = locale.languages.get(identifier) or locale.get_display_name(locale)
    likely = get_global("likely_subtags").get(identifier) or get_global("likely_subtags").get(
        locale.language, ""
    )
    script = locale.script or _script_of(likely)
    return Language(
        code=to_django_code(identifier),
        locale=str(locale),
        name=name,
        name_local=name_local,
        script=script,
        bidi=locale.character_order == "right-to-left",
    )


def _script_of(likely_subtags: str) -> str:
    parts = likely_subtags.split("_")
    return next((part for part in parts[1:] if len(part) == 4), "")


def get_languages(codes) -> list[Language]:
    return [get_language(code) for code in codes]


def django_languages(codes) -> list[tuple[str, str]]:
    """The ``LANGUAGES`` setting: (code, English name) pairs."""
    return [(lang.code, lang.name) for lang in get_languages(codes)]


def bidi_codes(codes) -> list[str]:
    """Right-to-left codes, with their base language too, as ``get_language_bidi`` checks it."""
    result = []
    for lang in get_languages(codes):
        if lang.bidi:
            result += [lang.code, lang.code.split("-")[0]]
    return sorted(set(result))
