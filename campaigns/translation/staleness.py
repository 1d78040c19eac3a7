"""Stale translations: a translation is *out of date* when its source text has changed since the
translation was written.

Each translated text (a unit of ``campaigns.translation.units``: a field, or one StreamField
block of it) in each language has a ``TranslationSource`` row holding the fingerprint of the
source it was translated from: the source *seen from that language* (``units(obj, language)``),
so Senegal's Wolof is out of date when its French changes, and its French when the English does.
``record`` keeps the rows in step after every save (``campaigns.translation.signals``); the
readers (``stale_units`` for one item, ``stale_keys``/``stale_counts`` for a screen of them)
compare the rows with today's source. The rules, applied by ``record`` unit by unit and language
by language:

* A translation without a row gets one (a *baseline*): existing translations are not flagged. The
  baseline is the previous state's source where the translation is unchanged since it (so the
  first source change after this module arrived still flags it), else today's.
* A translation that changed in this save was made from today's source: its row takes today's
  fingerprint, even when the source changed in the same save.
* A source that changed while its translation did not leaves the row alone: the translation is
  now out of date, until it is edited or re-imported.
* Rows of units (or translations) that no longer exist are deleted.

No row, or no translation in the language: nothing is flagged. Fingerprints are taken of the text
with its whitespace collapsed and, for rich text, Draftail's ``data-block-key`` attributes left
out: the editor adds them on a save that changes nothing, which must not flag anything.

Queries: ``record`` reads the item's rows once and writes in bulk (at most a create, an update
and a delete); ``stale_keys`` reads the rows of any number of items in one query and nothing
else, provided ``units`` can read the items as loaded (the status screen loads what it needs).
"""

import hashlib
import html
import re
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from campaigns.i18n.localization import published_language_codes
from campaigns.translation import units as unit_source
from campaigns.translation.models import TranslationSource

Key = tuple[str, str]  # (field, block)
ItemKey = tuple[int, int]  # (content type id, pk)

# Draftail writes a random key on every paragraph of a rich text it saves.
BLOCK_KEY = re.compile(r"""\sdata-block-key=(?:"[^"]*"|'[^']*')""")


def fingerprint(text: str | None) -> str:
    """sha256 of ``text`` with its whitespace collapsed (rich text: the HTML as stored, without
    Draftail's block keys)."""
    normalised = " ".join(BLOCK_KEY.sub("", text or "").split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def item_key(obj) -> ItemKey:
    return ContentType.objects.get_for_model(obj).pk, obj.pk


def filled(unit, text: str | None) -> bool:
    """Whether a translation has text (an emptied rich text editor leaves ``<p></p>``)."""
    if not text:
        return False
    if unit.rich:
        text = html.unescape(strip_tags(text))
    return bool(text.strip())


# --- Reading ------------------------------------------------------------------------------------


def stale_keys(
    objs: Iterable, languages: Iterable[str] | None = None
) -> dict[ItemKey, dict[str, set[Key]]]:
    """For each item with texts out of date: language -> unit keys. One query for all items;
    ``units`` is asked only of items that have rows."""
    objs = [obj for obj in objs if obj is not None and obj.pk]
    if not objs:
        return {}
    pks_by_type = defaultdict(set)
    for obj in objs:
        content_type_id, pk = item_key(obj)
        pks_by_type[content_type_id].add(pk)
    condition = Q()
    for content_type_id, pks in pks_by_type.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=pks)
    rows = TranslationSource.objects.filter(condition)
    if languages is not None:
        rows = rows.filter(language__in=list(languages))
    by_item = defaultdict(list)
    for content_type_id, pk, field, block, language, source_hash in rows.values_list(
        "content_type_id", "object_id", "field", "block", "language", "source_hash"
    ):
        by_item[content_type_id, pk].append((field, block, language, source_hash))

    found: dict[ItemKey, dict[str, set[Key]]] = {}
    for obj in objs:
        key = item_key(obj)
        if key not in by_item or key in found:
            continue
        stale = _stale_in(readable(obj), by_item[key])
        if stale:
            found[key] = stale
    return found


def stale_counts(
    objs: Iterable, languages: Iterable[str] | None = None
) -> dict[ItemKey, dict[str, int]]:
    """For each item with texts out of date: language -> how many. One query."""
    return {
        key: {language: len(units) for language, units in by_language.items()}
        for key, by_language in stale_keys(objs, languages).items()
    }


def stale_units(obj, language: str) -> set[Key]:
    """The keys of ``obj``'s units whose ``language`` translation is out of date."""
    return stale_keys([obj], [language]).get(item_key(obj), {}).get(language, set())


def readable(obj):
    """``obj`` as the editor shows it (its latest revision where it has unpublished changes),
    without a query when the latest revision is loaded (``select_related``); marked so that
    ``units`` reads it as it is."""
    if getattr(obj, "_translation_current", False):
        return obj
    latest = obj._state.fields_cache.get("latest_revision")
    if getattr(obj, "has_unpublished_changes", False) and latest is not None:
        return from_content(obj, latest.content)
    elif getattr(obj, "has_unpublished_changes", False):
        obj = unit_source.current(obj)  # queries: the latest revision was not loaded
    obj._translation_current = True
    return obj


def from_content(obj, content: dict):
    """``obj`` as a revision's ``content`` holds it, marked for ``units`` to read as it is. No
    query: foreign keys are not checked (as ``with_content_json`` would, with the page's parent),
    and the relations loaded on ``obj`` (its country, its campaign) serve the copy."""
    copy = type(obj).from_serializable_data(content, check_fks=False)
    copy.pk = obj.pk
    if hasattr(obj, "path"):  # a page
        copy.id, copy.path, copy.depth = obj.id, obj.path, obj.depth
    for name, value in obj._state.fields_cache.items():
        if name != "latest_revision":
            copy._state.fields_cache.setdefault(name, value)
    copy._translation_current = True
    return copy


def _stale_in(obj, rows) -> dict[str, set[Key]]:
    by_language = defaultdict(list)
    for field, block, language, source_hash in rows:
        by_language[language].append((field, block, source_hash))
    stale: dict[str, set[Key]] = {}
    for language, found in by_language.items():
        current = {unit.key: unit for unit in unit_source.units(obj, language)}
        for field, block, source_hash in found:
            unit = current.get((field, block))
            if unit is None or unit.source_language == language:
                continue
            if fingerprint(unit.source) == source_hash:
                continue
            if filled(unit, unit_source.translation(obj, unit, language)):
                stale.setdefault(language, set()).add(unit.key)
    return stale


# --- Keeping the rows in step -------------------------------------------------------------------


BLOCK_PATH_LIMIT = TranslationSource._meta.get_field("block").max_length


def record(obj, previous=None) -> None:
    """Bring ``obj``'s rows in step after a save; ``previous``: the item as it was before it (the
    previous revision, or the row before the save), None when unknown. Both are read as given
    (``readable``). See the module's rules."""
    obj = readable(obj)
    previous = readable(previous) if previous is not None else None
    content_type_id, pk = item_key(obj)
    rows = {
        (row.field, row.block, row.language): row
        for row in TranslationSource.objects.filter(content_type_id=content_type_id, object_id=pk)
    }
    now = timezone.now()
    create, update = [], []
    for language in published_language_codes(obj):  # a translation needs text of its own
        before = {}
        if previous is not None:
            before = {unit.key: unit for unit in unit_source.units(previous, language)}
        for unit in unit_source.units(obj, language):  # each text's source, seen from language
            text = unit_source.translation(obj, unit, language)
            if unit.source_language == language or not filled(unit, text):
                continue  # a row left in ``rows`` is deleted below
            if len(unit.block) > BLOCK_PATH_LIMIT:
                continue  # deeper than any block of ours (paths run to about 80 characters)
            row = rows.pop((*unit.key, language), None)
            source_hash = fingerprint(unit.source)
            old = before.get(unit.key)
            if previous is None:  # nothing known of the translation's history: keep the row
                changed, baseline = False, source_hash
            else:
                old_text = unit_source.translation(previous, old, language) if old else None
                changed = old is None or fingerprint(old_text) != fingerprint(text)
                kept = not changed and old.source_language == unit.source_language
                baseline = fingerprint(old.source) if kept else source_hash
            if row is None:
                create.append(
                    TranslationSource(
                        content_type_id=content_type_id,
                        object_id=pk,
                        field=unit.field,
                        block=unit.block,
                        language=language,
                        source_language=unit.source_language,
                        source_hash=baseline,
                    )
                )
            elif (changed or row.source_language != unit.source_language) and (
                row.source_hash,
                row.source_language,
            ) != (source_hash, unit.source_language):
                row.source_hash = source_hash
                row.source_language = unit.source_language
                row.updated_at = now
                update.append(row)
    if rows:
        TranslationSource.objects.filter(pk__in=[row.pk for row in rows.values()]).delete()
    if create:
        TranslationSource.objects.bulk_create(create, ignore_conflicts=True)
    if update:
        TranslationSource.objects.bulk_update(
            update, ["source_hash", "source_language", "updated_at"]
        )


def forget(obj) -> None:
    """Delete a deleted item's rows."""
    content_type_id, pk = item_key(obj)
    TranslationSource.objects.filter(content_type_id=content_type_id, object_id=pk).delete()
