"""The translatable texts of an item, one *unit* each: a whole field, or one text inside a
StreamField block. PO export and import, stale-translation flags and the editor's source column all
read them from here, so they agree on what a text is and where it lives.

**Which texts.** The fields registered with django-modeltranslation that people read (not the slug
or URL path), pages' title, SEO title and search description included; in a StreamField, every
rich text, text and char block, wherever it is nested (struct children, list items, image alt
texts), except phone numbers and durations. Choosers, URLs, numbers and dates are not text.

**Keys.** A unit is keyed by ``(field, block)``: ``block`` is ``""`` for a whole field, else the
path of ids and names down to the text: ``<block id>`` for a top-level text block,
``<block id>/quote`` for a struct child, ``<block id>/<item id>/answer`` for a list item (its index
where list items have no id). Ids, not positions, so a key survives re-ordering.

**Source language.** The item's country's languages in order, then English
(``settings.LANGUAGE_CODE``): the first in which the item has text of its own
(``published_language_codes``) is the item's source (``source_language``); a site-wide page (home,
index, footer pages) has no country and its source is English. Each field then takes its text from
the first language, from the item's source on along that chain, where it has text, so a field
left empty in French is translated from the English. This is the editor's "source" beside a
translator's field and what translators see in a PO file's msgid. Given ``for_language`` (the
language being translated into), the chain is read from there: the country's languages before it,
then English, then the others; never the language itself. Senegal (``fr, wo, ff``): its Wolof and
Pulaar are translated from French, its French from English.

**StreamFields per language.** Each language has its own StreamField value. A language without one
starts from a copy of its source's (same structure, same block ids, the source's texts and
choices) before the given texts replace theirs. A language with its own value is matched by block
id; where none of its ids match (a body written separately, with ids of its own) but its block
types follow the source's one for one, by position. A source block that matches nothing (added or
re-ordered since) is ``UnmatchedBlock``, never written somewhere else. In a copied value, a text
still identical to its source counts as not translated (``translation`` gives ``""``).

**What is read.** For pages and snippets with revisions, the latest revision (what the editor
shows, drafts included): ``current(obj)``. ``apply`` changes the object it is given, in memory; give
it ``current(obj)`` and save a revision of that.
"""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

from campaigns.i18n.localization import field_has_text, published_language_codes, text_fields
from campaigns.translation import stream_paths

# Wagtail's page fields that wagtail-modeltranslation translates, in the order they are listed.
PAGE_FIRST = ("title",)
PAGE_LAST = ("seo_title", "search_description")


@dataclass(frozen=True)
class Unit:
    field: str  # base field name: "title", "objective", "body"...
    block: str  # "" for a whole field; else "<block id>[/<child or item>...]"
    source_language: str  # code of the source text's language
    source: str  # the source text (HTML for rich text)
    rich: bool  # rich text (HTML) or plain

    @property
    def key(self) -> tuple[str, str]:
        return (self.field, self.block)


class UnmatchedBlock(LookupError):
    """A source block with no counterpart in a language's own StreamField value."""

    def __init__(self, field: str, block: str, language: str):
        super().__init__(f"{field}: block {block} is not in the {language} value")
        self.field, self.block, self.language = field, block, language


def current(obj):
    """What the editor shows: a page's or snippet's latest revision as an object, else ``obj``."""
    if getattr(obj, "_translation_current", False):
        return obj
    if getattr(obj, "pk", None) and hasattr(obj, "get_latest_revision_as_object"):
        latest = obj.get_latest_revision_as_object()
        if latest is not obj:
            latest._translation_current = True
            return latest
    return obj


def country_of(obj):
    """The country an item belongs to (itself for a country), or None for site-wide pages."""
    from campaigns.content.models.countries import Country
    from campaigns.content.models.materials import Material

    if isinstance(obj, Country):
        return obj
    if isinstance(obj, Material):
        return obj.campaign.get_country() if obj.campaign_id else None
    get_country = getattr(obj, "get_country", None)
    return get_country() if get_country else None


def chain(obj) -> list[str]:
    """The item's source candidates: its country's languages in order, then English."""
    country = country_of(obj)
    codes = [*(country.language_codes if country else []), settings.LANGUAGE_CODE]
    return list(dict.fromkeys(codes))


def source_language(obj, for_language: str | None = None) -> str:
    """The item's source language (see the module's docstring)."""
    obj = current(obj)
    own = set(published_language_codes(obj))
    return next((code for code in _order(obj, for_language) if code in own), settings.LANGUAGE_CODE)


def _order(obj, for_language: str | None) -> list[str]:
    """The chain seen from ``for_language``: the languages before it, English, then the rest."""
    codes = chain(obj)
    if for_language not in codes:
        return codes
    before = codes[: codes.index(for_language)]
    ordered = [*before, settings.LANGUAGE_CODE, *codes]
    return [code for code in dict.fromkeys(ordered) if code != for_language]


def fields(model) -> list[str]:
    """The model's translatable fields in reading order: title, own fields, SEO fields."""
    names = list(text_fields(model))
    first = [name for name in PAGE_FIRST if name in names]
    last = [name for name in PAGE_LAST if name in names]
    listed = [n for n in getattr(model, "translation_status_fields", ()) if n in names]
    middle = [n for n in dict.fromkeys(listed + names) if n not in first + last]
    return first + middle + last


def units(obj, for_language: str | None = None) -> list[Unit]:
    """Every translatable text of ``obj`` (its current revision) with its source, in order."""
    return [unit for unit, _definition in _units(current(obj), for_language)]


def definitions(obj, for_language: str | None = None) -> dict[tuple[str, str], object]:
    """Each unit's model field or block (for its ``features``, ``max_length``...)."""
    return {unit.key: definition for unit, definition in _units(current(obj), for_language)}


def _units(obj, for_language):
    model = type(obj)
    candidates = _candidates(obj, for_language)
    found = []
    for name in fields(model):
        code = _field_source(obj, name, candidates)
        if code is None:
            continue
        value = _value(obj, name, code)
        if isinstance(_field(model, name), StreamField):
            stream_block = _field(model, name).stream_block
            for path, text, block in stream_paths.leaves(
                stream_block, stream_paths.raw_value(value), []
            ):
                rich = isinstance(block, blocks.RichTextBlock)
                found.append((Unit(name, "/".join(path), code, text, rich), block))
        else:
            rich = isinstance(_field(model, name), RichTextField)
            found.append((Unit(name, "", code, str(value), rich), _field(model, name)))
    return found


def unit_for(obj, key, language: str | None = None) -> Unit | None:
    key = key.key if isinstance(key, Unit) else tuple(key)
    return next((unit for unit in units(obj, language) if unit.key == key), None)


def translation(obj, unit_or_key, language: str) -> str:
    """The current text of that unit in ``language`` ("" if none)."""
    obj = current(obj)
    field, block = unit_or_key.key if isinstance(unit_or_key, Unit) else tuple(unit_or_key)
    value = _value(obj, field, language)
    if not block:
        return "" if value is None else str(value)
    given = isinstance(unit_or_key, Unit)
    unit = unit_or_key if given else unit_for(obj, (field, block), language)
    if unit is None or not field_has_text(type(obj), field, value):
        return ""
    source_raw = stream_paths.raw_value(_value(obj, field, unit.source_language))
    target = stream_paths.raw_value(value)
    location = stream_paths.locate(_field(type(obj), field).stream_block, source_raw, target, block)
    if location is None:
        return ""
    container, slot = location
    text = container[slot] if stream_paths.has_slot(container, slot) else ""
    text = "" if text is None else str(text)
    if (
        text == unit.source
        and stream_paths.is_copy(source_raw, target)
        and language != unit.source_language
    ):
        return ""  # still the source's copy: not translated yet
    return text


def unmatched(obj, language: str, keys) -> set[tuple[str, str]]:
    """The block keys among ``keys`` that ``apply`` could not place in ``language``."""
    obj = current(obj)
    missing = set()
    for field, block in keys:
        if not block:
            continue
        try:
            _locations(obj, language, field, [block])
        except UnmatchedBlock:
            missing.add((field, block))
    return missing


def apply(obj, language: str, texts: dict[tuple[str, str], str]) -> None:
    """Set those units' texts in ``language`` on ``obj`` (in memory, not saved).

    Raises ``UnmatchedBlock`` (before changing anything) when a block key has no counterpart in
    the language's own StreamField value."""
    model = type(obj)
    whole: dict[str, str] = {}
    streams: dict[str, dict[str, str]] = {}
    for (field, block), text in texts.items():
        if field not in fields(model):
            raise FieldDoesNotExist(f"{model.__name__} has no translatable field {field!r}")
        if block:
            streams.setdefault(field, {})[block] = text
        else:
            whole[field] = text
    planned = {
        field: _locations(obj, language, field, list(by_block))
        for field, by_block in streams.items()
    }
    for field, text in whole.items():
        setattr(obj, build_localized_fieldname(field, language), text)
    for field, (target, locations) in planned.items():
        for block, (container, slot) in locations.items():
            container[slot] = streams[field][block]
        setattr(obj, build_localized_fieldname(field, language), target)


# --- StreamField raw data -----------------------------------------------------------------------


def _locations(obj, language: str, field: str, block_paths: list[str]):
    """(target raw value, {path: (container, slot)}) for ``field`` in ``language``; the target
    starts as a copy of the source's where the language has no value of its own."""
    model = type(obj)
    stream_block = _field(model, field).stream_block
    unit_source = _stream_source(obj, field, language)
    source_raw = stream_paths.raw_value(_value(obj, field, unit_source)) if unit_source else []
    value = _value(obj, field, language)
    if field_has_text(model, field, value):
        target = copy.deepcopy(stream_paths.raw_value(value))
    else:
        target = copy.deepcopy(source_raw)
    found = {}
    for path in block_paths:
        location = stream_paths.locate(stream_block, source_raw, target, path)
        if location is None:
            raise UnmatchedBlock(field, path, language)
        found[path] = location
    return target, found


def _stream_source(obj, field: str, language: str) -> str | None:
    return _field_source(obj, field, _candidates(obj, language))


def _candidates(obj, for_language: str | None) -> list[str]:
    """Where a field's source text is looked for: the item's source language, then the rest of
    its chain, never the language being translated into."""
    start = source_language(obj, for_language)
    return [start] + [code for code in _order(obj, for_language) if code != start]


# --- Fields -------------------------------------------------------------------------------------


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(obj, name: str, code: str):
    return getattr(obj, build_localized_fieldname(name, code), None)


def _field_source(obj, name: str, candidates: list[str]) -> str | None:
    model = type(obj)
    return next(
        (code for code in candidates if field_has_text(model, name, _value(obj, name, code))), None
    )
