"""Reach per translated material and language, materials distributed while their translation
was incomplete or stale, and each country's language coverage.

What the project knows about a material's translation over time is its **publication history**:
each time a material is published, Wagtail logs a ``wagtail.publish`` entry pointing at the
published revision, whose ``content`` holds the title and usage notes in every language and the
language versions (file, address or text). Drafts are not counted: partners distribute what the
site publishes. ``MaterialVersion`` rows carry no dates of their own.

The rules (also written on the screen):

- A report's material is judged **as it was published at the end of the report's month**: its
  last publication before the next month began.
- **Incomplete** in a language: the published version was not complete there by the Translation
  status screen's rule (``campaigns.content.translation_status``: every counting field has text)
  or had no language version (file, address or text) in it; or the material was not published
  yet at the end of the month.
- **Stale** in a language: that language's text or version last changed before the **source
  language's** did. The source is the first language of the campaign's country (the head of its
  fallback chain, e.g. French for Senegal); the source itself is never stale. "Changed" means a
  publication whose title, usage notes or version in that language differ from the previous
  publication's.
- A material published before its history was kept (no publication logged) is judged on its
  current text; whether it was stale cannot be told.

A fixed number of queries whatever the data: the figures (``figures.totals``), the reported
materials with their versions, and their whole publication history at once.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from campaigns.content.models.countries import content_language_codes
from campaigns.content.translation_status import (
    FieldState,
    LanguageStatus,
    Status,
    field_label,
    status_fields,
)
from campaigns.i18n.languages import get_language
from campaigns.i18n.localization import (
    content_reader,
    field_has_text,
    published_language_codes,
    version_language_codes,
)
from campaigns.models import CampaignPage, Country, CountryPage, Material, MaterialVersion
from campaigns.reach import access
from campaigns.reach.models import Indicator

from . import figures
from .filters import ReachFilter
from .months import next_month_start

INCOMPLETE = "incomplete"
STALE = "stale"
UNPUBLISHED = "unpublished"


# --- 1. Reach per material and language ----------------------------------------------------------


def material_reach(user, flt: ReachFilter) -> list[dict]:
    """Per material, language and indicator: the figure, and by sex where the indicator is split
    that way (``female``/``male``/``unknown``, None otherwise). Reports naming no material are
    left out."""
    by = ("material", "language")
    rows = [r for r in figures.totals(user, flt, by=by) if r["material"] is not None]
    split = set(Indicator.objects.filter(by_sex=True).values_list("pk", flat=True))
    sexes = defaultdict(int)
    for cell in figures.breakdown(user, flt, by=by, indicators=split or [0]):
        if cell["sex"] and cell["indicator"] in split:
            sexes[(cell["material"], cell["language"], cell["indicator"], cell["sex"])] += cell[
                "value"
            ]
    for row in rows:
        key = (row["material"], row["language"], row["indicator"])
        for sex in ("female", "male", "unknown"):
            row[sex] = sexes.get((*key, sex)) if row["indicator"] in split else None
    return rows


# --- 2. Distributed while incomplete or stale ----------------------------------------------------


@dataclass
class Publication:
    """One published state of a material: when, what, and when each language last changed."""

    at: datetime.datetime | None
    content: dict | None  # None: the current row (no history kept)
    changed: dict[str, datetime.datetime | None] = field(default_factory=dict)


@dataclass
class Distribution:
    """A material reported in one language in one month, and what was wrong with it then."""

    material: Material
    language: str
    month: datetime.date
    source: str
    problems: list[str]
    status: LanguageStatus | None  # as published at the end of the month
    language_changed: datetime.datetime | None = None
    source_changed: datetime.datetime | None = None
    figures: dict[int, int] = field(default_factory=dict)  # indicator id -> value
    known_history: bool = True

    @property
    def missing_fields(self) -> list[str]:
        return [state.label for state in self.status.missing_fields] if self.status else []


def source_language(material: Material) -> str:
    codes = material.campaign.country.language_codes if material.campaign.country_id else []
    return codes[0] if codes else "en"


def after_month(month: datetime.date) -> datetime.datetime:
    """The first instant of the next month, in the site's time zone (what was published by
    then was what the month's distribution could use)."""
    following = next_month_start(month)
    return timezone.make_aware(datetime.datetime.combine(following, datetime.time.min))


def _fingerprint(material, content, code, names) -> tuple:
    """What a language's text and version are in one published state."""
    read = content_reader(material, content)
    texts = tuple(read(name, code) for name in names)
    if content is not None and "versions" in content:
        versions = content["versions"]
    else:
        versions = [vars(v) for v in material.versions.all()]
    version = next(
        (
            (v.get("document") or v.get("document_id"), v.get("embed_url"), v.get("text"))
            for v in versions
            if v.get("language") == code
        ),
        None,
    )
    return (texts, version)


def language_status(material, content, code) -> LanguageStatus:
    """The Translation status screen's rule, applied to one published state."""
    model = type(material)
    names = status_fields(model)
    read = content_reader(material, content)
    every = content_language_codes()
    present = {
        name: {c: field_has_text(model, name, read(name, c)) for c in every} for name in names
    }
    fields = tuple(
        FieldState(
            name=name,
            label=field_label(model, name),
            value=read(name, code),
            has_text=present[name].get(code, False),
            counts=any(present[name].values()),
        )
        for name in names
    )
    return LanguageStatus(
        language=get_language(code),
        fields=fields,
        has_version=code in version_language_codes(material, content),
        published=code in published_language_codes(material, content),
    )


def history(materials: dict[int, Material], codes: dict[int, set[str]]) -> dict[int, list]:
    """Each material's publications in order, with when each wanted language last changed: one
    query for every material's history."""
    entries = (
        ModelLogEntry.objects.filter(
            content_type__app_label="campaigns",
            content_type__model="material",
            object_id__in=[str(pk) for pk in materials],
            action="wagtail.publish",
            revision__isnull=False,
        )
        .select_related("revision")
        .order_by("timestamp", "id")
    )
    by_material = defaultdict(list)
    for entry in entries:
        by_material[int(entry.object_id)].append(entry)
    names = status_fields(Material)
    result = {}
    for pk, material in materials.items():
        publications, previous = [], {}
        for entry in by_material.get(pk, []):
            content = entry.revision.content or {}
            changed = dict(publications[-1].changed) if publications else {}
            for code in codes[pk]:
                print_ = _fingerprint(material, content, code, names)
                if previous.get(code) != print_:
                    changed[code] = entry.timestamp
                    previous[code] = print_
            publications.append(Publication(entry.timestamp, content, changed))
        result[pk] = publications
    return result


def distributions(user, flt: ReachFilter) -> list[Distribution]:
    """Every (material, language, month) reported in view whose translation was incomplete or
    stale at the end of that month, with its figures; oldest month first."""
    rows = figures.totals(user, flt, by=["material", "language", "month"])
    reported = defaultdict(dict)
    for row in rows:
        if row["material"] is not None and row["language"]:
            reported[(row["material"], row["language"], row["month"])][row["indicator"]] = row[
                "value"
            ]
    if not reported:
        return []
    materials = {
        m.pk: m
        for m in Material.objects.filter(pk__in={key[0] for key in reported})
        .select_related("campaign__country")
        .prefetch_related("versions")
    }
    wanted = defaultdict(set)
    for material_id, code, _month in reported:
        if material_id in materials:
            wanted[material_id].update({code, source_language(materials[material_id])})
    timelines = history(materials, wanted)
    found = []
    for (material_id, code, month), values in sorted(
        reported.items(), key=lambda item: (item[0][2], item[0][0], item[0][1])
    ):
        material = materials.get(material_id)
        if material is None:
            continue
        item = judge(material, code, month, timelines[material_id])
        if item.problems:
            item.figures = values
            found.append(item)
    return found


def judge(material, code, month, publications) -> Distribution:
    """What was wrong, if anything, with ``material`` in ``code`` at the end of ``month``."""
    source = source_language(material)
    item = Distribution(material, code, month, source, [], None)
    if not publications:  # no history kept: today's text, staleness unknown
        item.known_history = False
        item.status = language_status(material, None, code)
    else:
        end = after_month(month)
        index = bisect.bisect_left([p.at for p in publications], end) - 1
        if index < 0:
            item.problems.append(UNPUBLISHED)
            return item
        state = publications[index]
        item.status = language_status(material, state.content, code)
        item.language_changed = state.changed.get(code)
        item.source_changed = state.changed.get(source)
        if (
            code != source
            and item.language_changed is not None
            and item.source_changed is not None
            and item.language_changed < item.source_changed
        ):
            item.problems.append(STALE)
    if item.status.status != Status.COMPLETE or not item.status.has_version:
        item.problems.insert(0, INCOMPLETE)
    return item


# --- 3. Language coverage per country ------------------------------------------------------------


@dataclass
class LanguageCoverage:
    code: str
    official: bool  # one of the country's languages (else: reach reported in another one)
    pages: int = 0
    materials: int = 0
    figures: dict[int, int] = field(default_factory=dict)  # indicator id -> value

    @property
    def published(self) -> bool:
        return bool(self.pages or self.materials)

    @property
    def reached(self) -> bool:
        return any(self.figures.values())

    @property
    def reach_without_content(self) -> bool:
        return self.reached and not self.published

    @property
    def content_without_reach(self) -> bool:
        return self.published and not self.reached


@dataclass
class CountryCoverage:
    country: Country
    languages: list[LanguageCoverage]


def countries_in_view(user, flt: ReachFilter):
    countries = access.countries_visible_to(user)
    if flt.countries:
        countries = countries.filter(pk__in=flt.countries)
    if flt.campaigns:
        countries = countries.filter(campaign_pages__in=flt.campaigns)
    return countries.distinct().order_by("code")


def coverage(user, flt: ReachFilter) -> list[CountryCoverage]:
    """Per country the user may see: its languages, live pages and materials with text or a
    version in each, and the reach in each (figures in view). Five queries plus the figures'."""
    countries = list(countries_in_view(user, flt))
    ids = [c.pk for c in countries]
    pages = defaultdict(int)
    country_pages = CountryPage.objects.live().filter(country_id__in=ids)
    campaign_pages = CampaignPage.objects.live().filter(country_id__in=ids)
    if flt.campaigns:
        campaign_pages = campaign_pages.filter(pk__in=flt.campaigns)
    for page in [*country_pages, *campaign_pages]:
        for code in published_language_codes(page):
            pages[(page.country_id, code)] += 1
    versions = MaterialVersion.objects.filter(
        material__live=True, material__campaign__country_id__in=ids
    ).filter(Q(document__isnull=False) | ~Q(embed_url="") | ~Q(text=""))
    if flt.campaigns:
        versions = versions.filter(material__campaign_id__in=flt.campaigns)
    materials = {
        (row["material__campaign__country_id"], row["language"]): row["count"]
        for row in versions.values("material__campaign__country_id", "language")
        .annotate(count=Count("material_id", distinct=True))
        .order_by()
    }
    reach = defaultdict(dict)
    for row in figures.totals(user, flt, by=["country", "language"]):
        if row["language"]:
            reach[(row["country"], row["language"])][row["indicator"]] = row["value"]
    result = []
    for country in countries:
        official = country.language_codes
        extra = sorted({code for pk, code in reach if pk == country.pk} - set(official))
        languages = [
            LanguageCoverage(
                code=code,
                official=code in official,
                pages=pages.get((country.pk, code), 0),
                materials=materials.get((country.pk, code), 0),
                figures=reach.get((country.pk, code), {}),
            )
            for code in [*official, *extra]
        ]
        result.append(CountryCoverage(country, languages))
    return result
