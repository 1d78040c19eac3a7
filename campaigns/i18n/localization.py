"""Reading translated fields along a fallback chain, and saying where a text came from.

django-modeltranslation stores one column per language (``title_wo``); this module reads them
in the order of a country's fallback chain, so a page is never blank, and tells the template in
which language each text really is, so it can carry its own ``lang`` and ``dir``.

It also answers the question every route asks about languages: **the languages an item is
published in are those in which it has text of its own** (``published_language_codes``): any
translated field of the item (title, objective, a StreamField body, SEO title...) with text in
that language, or, for a material, a language version. The funders' visibility rule
(campaigns.funding.visibility, through campaigns.content.publishing), the reviewer's queue and the
translation status screens all ask this one function, and the public pages show a language's own
text exactly where ``has_text`` finds some, so the four cannot disagree.
"""

import html
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import conditional_escape, format_html, strip_tags
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText

from campaigns.i18n.languages import Language, get_language

# Translated columns that are addresses, not text anybody reads (wagtail-modeltranslation adds
# them to every page type).
ADDRESS_FIELDS = frozenset({"slug", "url_path"})


def translated_fields(model) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def columns_outside(model, languages, address_languages=None, prefix: str = "") -> list[str]:
    """The translated columns of ``model`` in languages a reader of ``languages`` never sees,
    for ``QuerySet.defer()``: every text field's column outside ``languages`` (the page's
    language and its fallback chain) and every address column (slug, url_path) outside
    ``address_languages`` (the languages the page links to in its language switcher; the
    chain's when not given). ``prefix``: ``"country__"`` to defer a related model's columns.

    Sixteen languages make a page row about 150 columns, most of them never read; a deferred
    column read after all costs a query of its own, so the two lists must cover what is read.
    """
    codes = tuple(code for code, _name in settings.LANGUAGES)
    addresses = None if address_languages is None else tuple(address_languages)
    key = (model, tuple(languages), addresses, prefix, codes)
    columns = _columns_outside.get(key)
    if columns is None:
        columns = _columns_outside[key] = _compute_columns_outside(*key)
    return list(columns)


# (model, languages, address languages, prefix, settings' languages) → columns: a process's
# models and their translated fields are fixed, so this only grows with the language sets read.
_columns_outside: dict[tuple, tuple[str, ...]] = {}


def _compute_columns_outside(model, languages, address_languages, prefix, codes):
    keep_text = set(languages)
    keep_address = keep_text if address_languages is None else set(address_languages)
    columns = []
    for name in translated_fields(model):
        keep = keep_address if name in ADDRESS_FIELDS else keep_text
        columns += [
            prefix + build_localized_fieldname(name, code) for code in codes if code not in keep
        ]
    return tuple(columns)


_reading: ContextVar[tuple[str, ...] | None] = ContextVar("languages_read", default=None)


@contextmanager
def reading(languages: Iterable[str]):
    """While a public page renders: the languages it reads (its fallback chain), so that what
    loads objects deep inside the render (a StreamField's materials) leaves the others out."""
    token = _reading.set(tuple(languages))
    try:
        yield
    finally:
        _reading.reset(token)


def languages_being_read() -> tuple[str, ...] | None:
    """The languages of the page being rendered (``reading``), or None outside a render."""
    return _reading.get()


def text_fields(model) -> tuple[str, ...]:
    """The translated fields whose text a reader reads."""
    return tuple(name for name in translated_fields(model) if name not in ADDRESS_FIELDS)


def field_value(obj, field: str, code: str):
    return getattr(obj, build_localized_fieldname(field, code), None)


def has_text(value) -> bool:
    """Whether a value holds text: a string that is not blank, rich text that is more than
    empty tags, a StreamField with at least one block holding text or a chosen item (a
    material, an image, a page) anywhere in it. Read from the stream's raw data: no query."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, RichText):
        return _html_has_text(value.source)
    if isinstance(value, blocks.StreamValue):
        return _block_has_text(value.stream_block, list(value.raw_data))
    return bool(len(value)) if hasattr(value, "__len__") else True


def field_has_text(model, name: str, value) -> bool:
    """``has_text`` for a value of ``model.name``: a rich text field's HTML is read without
    its tags (an emptied editor leaves ``<p></p>``)."""
    if isinstance(value, str) and isinstance(_model_field(model, name), RichTextField):
        return _html_has_text(value)
    return has_text(value)


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return None


def _html_has_text(source: str) -> bool:
    return bool(html.unescape(strip_tags(source or "")).strip())


def _block_has_text(block, raw) -> bool:
    """Walk a block's raw (JSON) value along its definition."""
    if raw is None or isinstance(raw, bool):
        return False
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        return any(
            _block_has_text(block.child_blocks.get(child.get("type")), child.get("value"))
            for child in raw
            if isinstance(child, dict)
        )
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        return any(
            _block_has_text(
                block.child_block,
                item["value"] if block._item_is_in_block_format(item) else item,
            )
            for item in raw
        )
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return any(
            _block_has_text(child, raw.get(name)) for name, child in block.child_blocks.items()
        )
    if isinstance(block, blocks.RichTextBlock) and isinstance(raw, str):
        return _html_has_text(raw)
    return _raw_has_text(raw)


def _raw_has_text(raw) -> bool:
    """A value of a block this module does not know (or a removed block type)."""
    if raw is None or isinstance(raw, bool):
        return False
    if isinstance(raw, str):
        return bool(raw.strip())
    if isinstance(raw, dict):
        return any(_raw_has_text(value) for value in raw.values())
    if isinstance(raw, list | tuple):
        return any(_raw_has_text(value) for value in raw)
    return True  # a number: the id of a chosen item


# --- The languages an item is published in ------------------------------------------------------


def content_reader(obj, content: dict | None = None):
    """``read(field, code)``: a translated column's value, from a revision's ``content`` where
    given (revisions store StreamFields as JSON text: ``to_python`` gives the editor's value),
    else from ``obj`` (also for a language added since that revision)."""
    if content is None:
        return lambda name, code: field_value(obj, name, code)
    opts = type(obj)._meta

    def read(name, code):
        column = build_localized_fieldname(name, code)
        if column not in content:
            return field_value(obj, name, code)
        return opts.get_field(column).to_python(content[column])

    return read


def version_language_codes(obj, content: dict | None = None) -> set[str]:
    """The languages in which an item (a material) has a language version with a file, an
    address or a text, from ``content`` where it lists them."""
    if content is not None and "versions" in content:
        return {
            version.get("language")
            for version in content["versions"]
            if version.get("language")
            and (
                version.get("document")
                or has_text(version.get("embed_url"))
                or has_text(version.get("text"))
            )
        }
    versions = getattr(obj, "versions", None)
    if versions is None or not hasattr(versions, "all"):
        return set()
    return {
        version.language
        for version in versions.all()
        if getattr(version, "language", "")
        and (
            getattr(version, "document_id", None)
            or has_text(getattr(version, "embed_url", ""))
            or has_text(getattr(version, "text", ""))
        )
    }


def published_language_codes(obj, content: dict | None = None) -> list[str]:
    """The languages ``obj`` is published in: every content language in which any of its
    translated fields has text of its own, or in which it has a language version; in the
    site's language order. Whether the item is offered in the language does not matter: a
    material's versions are all shown, and a page's text shows once its country adds the
    language. ``content``: a revision's content, read instead of ``obj`` (see
    ``content_reader``); without it, ``obj`` as it is (e.g. ``revision.as_object()``)."""
    model = type(obj)
    read = content_reader(obj, content)
    found = version_language_codes(obj, content)
    codes = [code for code, _name in settings.LANGUAGES]
    for name in text_fields(model):
        for code in codes:
            if code not in found and field_has_text(model, name, read(name, code)):
                found.add(code)
    return [code for code in codes if code in found]


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

    def marked(self) -> str:
        """The text as HTML, inside ``<span lang dir>`` where it is not in the page's language
        (for a short text such as an interface word; escaped unless already safe)."""
        text = "" if self.value is None else self.value
        if not self.is_fallback:
            return conditional_escape(text)
        return format_html(
            '<span lang="{}" dir="{}">{}</span>', self.language.code, self.language.direction, text
        )

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
            if field_has_text(type(self.obj), field, value):
                text = LocalizedText(value, get_language(code), self.chain[0])
                if text.is_fallback:
                    self.fallback_languages[code] = text.language
                return text
        return LocalizedText(None, None, self.chain[0])

    def resolve(self, *fields: str) -> "Localizer":
        for field in fields or translated_fields(type(self.obj)):
            self[field]
        return self
