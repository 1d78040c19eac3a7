"""Reading translated fields along a fallback chain, and saying where a text came from.

django-modeltranslation stores one column per language (``title_wo``); this module reads them
in the order of a country's fallback chain, so a page is never blank, and tells the template in
which language each text really is, so it can carry its own ``lang`` and ``dir``.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from campaigns.languages import Language, get_language


def translated_fields(model) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def field_value(obj, field: str, code: str):
    return getattr(obj, build_localized_fieldname(field, code), None)


def has_text(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return bool(len(value)) if hasattr(value, "__len__") else True


@dataclass(frozen=True)
class LocalizedText:
    value: Any
    language: Language | None
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.language is not None and self.language.code != self.requested

    @property
    def lang_attrs(self) -> str:
        """``lang``/``dir`` attributes, only where the text is not in the page's language."""
        if not self.is_fallback:
            return ""
        return format_html(' lang="{}" dir="{}"', self.language.code, self.language.direction)

    def __bool__(self):
        return has_text(self.value)

    def __str__(self):
        return "" if self.value is None else str(self.value)


class Localizer:
    """``localizer["title"]`` gives a LocalizedText; every fallback used is remembered."""

    def __init__(self, obj, chain: list[str]):
        self.obj = obj
        self.chain = chain
        self.fallback_languages: dict[str, Language] = {}
        self._cache: dict[str, LocalizedText] = {}

    def __getitem__(self, field: str) -> LocalizedText:
        if field not in self._cache:
            self._cache[field] = self._resolve(field)
        return self._cache[field]

    def _resolve(self, field: str) -> LocalizedText:
        for code in self.chain:
            value = field_value(self.obj, field, code)
            if has_text(value):
                text = LocalizedText(value, get_language(code), self.chain[0])
                if text.is_fallback:
                    self.fallback_languages[code] = text.language
                return text
        return LocalizedText(None, None, self.chain[0])

    def resolve(self, *fields: str) -> "Localizer":
        for field in fields or translated_fields(type(self.obj)):
            self[field]
        return self
