"""Interface words (headings, buttons, notes of the public templates) along a language chain.

A Wolof page in Senegal shows "What you should know" in Wolof if the Wolof catalogue has it,
else in French (Senegal's next language), else in English: never straight to English while a
language of the chain has the word. The answer says in which language the word really is
(a ``LocalizedText``, as for content), so the template marks it with its own ``lang``/``dir``.

``resolve_word(message, chain)`` is the one function that answers; ``word_in(code, message)``
asks each source of translations in turn (``WORD_SOURCES``: gettext's catalogues today; the
CMS-stored translations of issue 15 go in front with ``add_word_source``).

"Has a translation" is read from the catalogue itself, not from what ``gettext`` returns:
gettext gives back the English source for a word missing in Wolof, and Babel compiles an
untranslated plural with the English forms as its "translation". The English source is the
last resort, and the word of ``SOURCE_LANGUAGE`` when the chain reaches it.

Chains: a page that belongs to a country uses the country's (``Country.fallback_chain``: the
page's language, the country's languages, English); other pages (home, index, search) the
page's language, then English (``chain_for``).
"""

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import trans_real

from campaigns.i18n.languages import get_language
from campaigns.i18n.localization import LocalizedText

# The language of the msgids: what every chain ends with.
SOURCE_LANGUAGE = "en"

# A source answers (code, message, context, plural, number) with the text, or None.
WordSource = Callable[[str, str, str | None, str | None, int], str | None]


@lru_cache(maxsize=4096)
def catalogue_forms(code: str, message: str, context: str | None, plural: str | None):
    """``(forms, plural_index_of)`` of ``message`` in ``code``'s own gettext catalogue (without
    its fallback to English), or None where it has no translation. Cached per process (cleared
    when the catalogue settings change, as Django's own translation objects are)."""
    translation_object = trans_real.translation(code)
    catalogue = translation_object._catalog
    key = message if context is None else f"{context}\x04{message}"
    if plural is None:
        text = catalogue.get(key)
        return ((text,), None) if text else None
    # Django keeps each merged catalogue with its own plural rule (TranslationCatalog).
    catalogues = getattr(catalogue, "_catalogs", [catalogue])
    rules = getattr(catalogue, "_plurals", [translation_object.plural])
    for forms_catalogue, rule in zip(catalogues, rules, strict=False):
        forms = []
        while (form := forms_catalogue.get((key, len(forms)))) is not None:
            forms.append(form)
        # Babel compiles an untranslated plural with the English source as every form.
        if forms and not all(form in (message, plural) or not form for form in forms):
            return tuple(forms), rule
    return None


def catalogue_translation(
    code: str, message: str, context: str | None = None, plural: str | None = None, number=1
) -> str | None:
    """gettext's translation of ``message`` into ``code``, None where the catalogue lacks it."""
    found = catalogue_forms(code, message, context, plural)
    if found is None:
        return None
    forms, rule = found
    if rule is None:
        return forms[0]
    index = rule(number)
    return forms[index] if 0 <= index < len(forms) else forms[-1]


WORD_SOURCES: list[WordSource] = [catalogue_translation]


def add_word_source(source: WordSource) -> None:
    """Consult ``source`` before the catalogues (e.g. translations stored in the CMS)."""
    if source not in WORD_SOURCES:
        WORD_SOURCES.insert(0, source)


def source_text(message: str, plural: str | None = None, number=1) -> str:
    """The English source: the msgid, or its plural form."""
    return message if plural is None or number == 1 else plural


def word_in(
    code: str, message: str, context: str | None = None, plural: str | None = None, number=1
) -> str | None:
    """``message`` in the language ``code``, from the first source that has it; the English
    source for ``SOURCE_LANGUAGE``; None where no source has it."""
    for source in WORD_SOURCES:
        text = source(code, message, context, plural, number)
        if text:
            return text
    if code == SOURCE_LANGUAGE:
        return source_text(message, plural, number)
    return None


def resolve_word(
    message: str,
    chain: Sequence[str],
    context: str | None = None,
    plural: str | None = None,
    number=1,
) -> LocalizedText:
    """``message`` in the first language of ``chain`` that has it (English at the latest).
    The result's ``lang_attrs`` (and ``marked()``) say where it is not in ``chain[0]``."""
    requested = chain[0] if chain else SOURCE_LANGUAGE
    for code in [*chain, SOURCE_LANGUAGE]:
        text = word_in(code, message, context, plural, number)
        if text is not None:
            return LocalizedText(text, get_language(code), requested)
    raise AssertionError("unreachable: the source language always answers")


def resolve_language(
    message: str,
    chain: Sequence[str],
    context: str | None = None,
    plural: str | None = None,
    number=1,
) -> str:
    """The code of the language ``resolve_word`` takes ``message`` from."""
    return resolve_word(message, chain, context, plural, number).language.code


def chain_for(page=None, language: str | None = None, country=None) -> list[str]:
    """The chain of a page: its country's (``fallback_chain``) where it has one, else the
    language, then English. ``country`` serves views about one country without a page."""
    code = language or translation.get_language() or settings.LANGUAGE_CODE
    for owner in (page, country):
        fallback_chain = getattr(owner, "fallback_chain", None)
        if callable(fallback_chain):
            return list(fallback_chain(code))
    return list(dict.fromkeys([code, settings.LANGUAGE_CODE]))


# --- Extraction -----------------------------------------------------------------------------

_UI_TAGS = (
    (re.compile(r"\{%(\s*)ui(\s)"), r"{%\1translate\2"),
    (re.compile(r"\{%(\s*)blockui(\s)"), r"{%\1blocktranslate\2"),
    (re.compile(r"\{%(\s*)endblockui(\s*)%\}"), r"{%\1endblocktranslate\2%}"),
)


def as_gettext_tags(template_source: str) -> str:
    """A template's ``{% ui %}``/``{% blockui %}`` written as ``{% translate %}``/
    ``{% blocktranslate %}`` (same arguments), for message extraction (makecatalogues)."""
    for pattern, replacement in _UI_TAGS:
        template_source = pattern.sub(replacement, template_source)
    return template_source


@receiver(setting_changed)
def _catalogues_changed(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        catalogue_forms.cache_clear()
