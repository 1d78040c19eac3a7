"""Translation status: how far each language version of a page or material has got.

Pure logic, no views and no queries of its own (the admin report is in
``campaigns.content.views.translation_status``). For one item it answers, language by language and
field by field, whether the text exists, reading django-modeltranslation's columns
(``objective_wo``...).

The rules:

* The fields checked are the model's ``translation_status_fields`` (CountryPage, CampaignPage,
  Material, and the pages of the whole site: HomePage, CampaignIndexPage, InfoPage, listed by
  ``sitewide_pages``). A field *counts* when it has text in at least one content language; a
  field nobody has filled in yet is not a translation problem and is left out.
* In one language, an item is **complete** when every counting field has text, **missing** when
  it has no text of its own in that language at all, **partial** otherwise. "Text of its own" is
  decided by ``campaigns.i18n.localization.published_language_codes``, as for the funders'
  visibility rule and the reviewer's queue: any translated field (the SEO title too) or language
  version, so an item that would be published in a language is never shown as missing in it.
* The languages shown are those the item is offered in (``page.offered_language_codes()``, or its
  campaign's for a material), then any other it has text of its own in. A material also says
  whether it has a version (a file, an embed address or a text) in each language.
* Where an item has unpublished changes, its latest revision is read, not the live row: that is
  what editors and translators see in the editor they are sent to. Saving a draft translation
  shows up here at once.
* A language may also have texts **out of date**: translated before their source last changed
  (``campaigns.translation.staleness``, which queries; ``mark_stale`` adds what it found). Being
  out of date does not change complete / partial / missing: it is said beside it.

Nothing here queries the database if the caller loaded what it reads: the translated columns (any
queryset of the model), ``select_related("latest_revision")``, the country of a page (and the
campaign of a material, with its country) and, for materials, ``prefetch_related("versions")``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.content.models.countries import content_language_codes
from campaigns.i18n.languages import Language, get_language
from campaigns.i18n.localization import (
    content_reader,
    field_has_text,
    published_language_codes,
    translated_fields,
    version_language_codes,
)
from campaigns.models import CampaignIndexPage, HomePage, InfoPage, Material


class Status(models.TextChoices):
    COMPLETE = "complete", _("Complete")
    PARTIAL = "partial", _("Partly translated")
    MISSING = "missing", _("Not translated")


@dataclass(frozen=True)
class FieldState:
    """One field in one language."""

    name: str
    label: str
    value: Any
    has_text: bool
    counts: bool  # False when no language has text for this field: it is left out


@dataclass(frozen=True)
class LanguageStatus:
    """One item in one language."""

    language: Language
    fields: tuple[FieldState, ...]
    has_version: bool | None = None  # materials: a file, embed or text in this language
    published: bool = False  # has text of its own here (in any field): published in it
    stale: int = 0  # texts (a field, or a block of a StreamField) translated from an older source
    stale_fields: frozenset[str] = frozenset()  # the fields holding them

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def counted_fields(self) -> tuple[FieldState, ...]:
        return tuple(state for state in self.fields if state.counts)

    @property
    def total(self) -> int:
        return len(self.counted_fields)

    @property
    def translated(self) -> int:
        return sum(1 for state in self.counted_fields if state.has_text)

    @property
    def status(self) -> Status:
        if self.total and self.translated == self.total:
            return Status.COMPLETE
        if self.translated or self.published:
            return Status.PARTIAL
        return Status.MISSING

    @property
    def is_complete(self) -> bool:
        return self.status == Status.COMPLETE

    @property
    def missing_fields(self) -> tuple[FieldState, ...]:
        return tuple(state for state in self.counted_fields if not state.has_text)

    @property
    def is_stale(self) -> bool:
        return self.stale > 0


@dataclass(frozen=True)
class TranslationStatus:
    """One item (page or material) in every language it is offered in."""

    item: Any
    languages: tuple[LanguageStatus, ...]
    counted_fields: tuple[str, ...]  # fields with text in at least one language
    ignored_fields: tuple[str, ...]  # fields with text in no language, which do not count
    from_draft: bool  # read from the latest revision, which has unpublished changes

    def get(self, code: str) -> LanguageStatus | None:
        return next((status for status in self.languages if status.code == code), None)

    def __getitem__(self, code: str) -> LanguageStatus:
        status = self.get(code)
        if status is None:
            raise KeyError(code)
        return status

    @property
    def codes(self) -> list[str]:
        return [status.code for status in self.languages]

    @property
    def is_material(self) -> bool:
        return isinstance(self.item, Material)

    def is_complete_in(self, code: str) -> bool:
        status = self.get(code)
        return bool(status and status.is_complete)

    def is_stale_in(self, code: str) -> bool:
        status = self.get(code)
        return bool(status and status.is_stale)


@dataclass(frozen=True)
class LanguageSummary:
    """How many of the given items are complete, partial or missing in one language."""

    language: Language
    items: int  # items offered in this language
    complete: int
    partial: int
    missing: int
    fields_translated: int
    fields_total: int
    out_of_date: int = 0  # items with at least one text out of date in this language

    @property
    def ratio(self) -> float | None:
        """Share of the items offered in this language that are complete (None: no item)."""
        return self.complete / self.items if self.items else None


def status_fields(model) -> tuple[str, ...]:
    """The model's ``translation_status_fields`` that are registered for translation."""
    translated = set(translated_fields(model))
    return tuple(
        name for name in getattr(model, "translation_status_fields", ()) if name in translated
    )


def field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def offered_language_codes(item) -> list[str]:
    """The languages an item is offered in: a page's own, or a material's campaign's."""
    if isinstance(item, Material):
        return item.campaign.offered_language_codes()
    return item.offered_language_codes()


def translation_status(
    item, language_codes: Sequence[str] | None = None, *, draft: bool = True
) -> TranslationStatus:
    """The status of one page or material in ``language_codes`` (default: those offered).

    ``draft=False`` reads the live row even where a newer draft exists.
    """
    model = type(item)
    names = status_fields(model)
    revision = _draft_revision(item) if draft else None
    content = (revision.content or {}) if revision is not None else None
    read = content_reader(item, content)
    values = {name: {code: read(name, code) for code in content_language_codes()} for name in names}
    present = {
        name: {code: field_has_text(model, name, value) for code, value in by_code.items()}
        for name, by_code in values.items()
    }
    published = published_language_codes(item, content)
    counts = {name: any(present[name].values()) for name in names}
    labels = {name: field_label(model, name) for name in names}
    versions = _version_languages(item, revision) if isinstance(item, Material) else None
    if language_codes is None:
        offered = offered_language_codes(item)
        codes = offered + [code for code in published if code not in offered]
    else:
        codes = language_codes
    languages = []
    for code in codes:
        fields = tuple(
            FieldState(
                name=name,
                label=labels[name],
                value=values[name].get(code),
                has_text=present[name].get(code, False),
                counts=counts[name],
            )
            for name in names
        )
        languages.append(
            LanguageStatus(
                language=get_language(code),
                fields=fields,
                has_version=None if versions is None else code in versions,
                published=code in published,
            )
        )
    return TranslationStatus(
        item=item,
        languages=tuple(languages),
        counted_fields=tuple(name for name in names if counts[name]),
        ignored_fields=tuple(name for name in names if not counts[name]),
        from_draft=revision is not None,
    )


def sitewide_pages() -> list:
    """The pages of the whole site (home, campaigns index, footer pages), in tree order, with
    what ``translation_status`` reads loaded (one query per page type)."""
    pages = []
    for model in (HomePage, CampaignIndexPage, InfoPage):
        pages += model.objects.select_related("latest_revision").prefetch_workflow_states()
    return sorted(pages, key=lambda page: page.path)


def translation_statuses(items: Iterable, *, draft: bool = True) -> list[TranslationStatus]:
    return [translation_status(item, draft=draft) for item in items]


def summarize(
    statuses: Iterable[TranslationStatus], language_codes: Sequence[str]
) -> list[LanguageSummary]:
    """Per language, over the items offered in it: complete, partial and missing counts."""
    statuses = list(statuses)
    summaries = []
    for code in language_codes:
        found = [status.get(code) for status in statuses]
        found = [status for status in found if status is not None]
        by_status = {value: 0 for value in Status}
        for status in found:
            by_status[status.status] += 1
        summaries.append(
            LanguageSummary(
                language=get_language(code),
                items=len(found),
                complete=by_status[Status.COMPLETE],
                partial=by_status[Status.PARTIAL],
                missing=by_status[Status.MISSING],
                fields_translated=sum(status.translated for status in found),
                fields_total=sum(status.total for status in found),
                out_of_date=sum(1 for status in found if status.is_stale),
            )
        )
    return summaries


def mark_stale(status: TranslationStatus, stale: dict[str, set[tuple[str, str]]]):
    """``status`` with its texts out of date: ``stale`` maps a language to unit keys
    ``(field, block)``, as ``campaigns.translation.staleness.stale_keys`` gives them."""
    if not stale:
        return status
    languages = tuple(
        replace(
            language,
            stale=len(stale.get(language.code, ())),
            stale_fields=frozenset(name for name, _block in stale.get(language.code, ())),
        )
        for language in status.languages
    )
    return replace(status, languages=languages)


def ordered_language_codes(statuses: Iterable[TranslationStatus]) -> list[str]:
    """Every language offered by at least one item, in the site's language order."""
    wanted = {code for status in statuses for code in status.codes}
    return [code for code in content_language_codes() if code in wanted]


def _draft_revision(item):
    """The latest revision where it holds unpublished changes, else None (read the row)."""
    if getattr(item, "has_unpublished_changes", False) and getattr(
        item, "latest_revision_id", None
    ):
        return item.latest_revision
    return None


def _version_languages(material, revision) -> set[str]:
    """Languages in which a material has a version with a file, an address or a text."""
    return version_language_codes(material, (revision.content or {}) if revision else None)
