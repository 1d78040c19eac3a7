"""The public open data: validated reach per country, campaign, channel and month, each small
figure hidden (campaigns.reporting.disclosure), for the page and its CSV/HXL files alike.

What is published, and why:

- **Validated and locked figures only** (``figures.totals(None, ...)``: the public), of campaigns
  whose page is live and public: an unpublished campaign's title is nobody's business yet.
- **Every active indicator, each on its own**: people reached directly, hotline calls, sessions,
  broadcasts, audience estimates and digital counts all count people or activities; they are
  listed apart with their kind and never added to each other.
- **No personal data**: counts only; no organisation, region, note or person; nothing below the
  month.
- One detail table (campaign x channel x month, the country being the campaign's) and its
  one-way totals (per country, campaign, channel, month, overall), for a year or all years, a
  country or all. Totals follow the indicator's own rule (sum; latest or highest month),
  computed here from the same detail cells the files publish.
- **What is hidden is decided once, on the whole table** (every year, country and indicator),
  never per view: `protect` lists every total that any view of the page or the files can
  publish (overall, per year, country, country x year, campaign, campaign x year, channel per
  year and country, month per country), ties each to its cells and, for sums, to its parts
  along every filter and breakdown (all years = the sum of the years, all countries = the sum
  of the countries...), and equal totals to each other. Every view then shows those marks.
  Suppressing per view let a reader subtract the 2026 total from the all-years one and get a
  2025 figure shown "<10" (issue 13's attack). Rounding the totals that hold hidden figures
  was the other way: it was not chosen because a rounded total next to an exact one still
  narrows a small figure down, and rounded totals no longer add up. The cost: with very few
  figures (a new country, a new year) most of them are hidden until more come in.

Two queries fetch the figures whatever their number and the selection (the detail cells of
the whole table, summed in SQL and cached, and the indicators' rules); the marks are cached
with them; three more the names (campaigns, indicators, channels), one the years.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min
from django.utils import translation
from django.utils.translation import gettext

from campaigns.i18n.localization import LocalizedText, Localizer
from campaigns.models import CampaignPage, Channel, Country
from campaigns.reach.models import Aggregation, Indicator
from campaigns.reach.models.reference import REACH_CATEGORY

from . import figures
from .disclosure import PRIMARY, SECONDARY, THRESHOLD, Line, suppress
from .filters import ReachFilter
from .svg import number

DIMENSIONS = ("campaign", "channel", "month")
SECONDARY_MARK = "x"  # in the files: hidden so that a figure under 10 cannot be worked out


def category_names() -> dict[str, str]:
    return {
        "direct": gettext("people or contacts counted directly"),
        "estimate": gettext("estimate, not a headcount"),
        "digital": gettext("digital count"),
        "activity": gettext("activities"),
    }


@dataclass(frozen=True)
class Figure:
    """A published figure: its value, or the mark that hides it."""

    value: int
    mark: str | None = None

    @property
    def hidden(self) -> bool:
        return self.mark is not None

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value

    def __str__(self) -> str:  # on the page, in the visitor's language
        if self.mark == PRIMARY:
            return f"<{THRESHOLD}"
        if self.mark == SECONDARY:
            return gettext("hidden")
        return number(self.value)

    def in_file(self):
        """The cell of the CSV/HXL files: the number, "<10", or "x"."""
        if self.mark == PRIMARY:
            return f"<{THRESHOLD}"
        if self.mark == SECONDARY:
            return SECONDARY_MARK
        return self.value


@dataclass
class Published:
    """One indicator's figures in one view (a year or all, a country or all): its detail cells
    and one-way totals, keyed ``(campaign, channel, month)`` and ``(dimension, group)``, with the
    marks decided once on the whole table (`Protected`)."""

    indicator: Indicator
    values: dict = field(default_factory=dict)
    marks: dict = field(default_factory=dict)
    by: dict[str, dict] = field(default_factory=dict)  # dimension -> key -> Figure
    total: Figure | None = None

    def figure(self, key) -> Figure:
        return Figure(self.values[key], self.marks.get(key))

    @property
    def cells(self) -> dict[tuple, Figure]:
        """The detail cells (for the files; the page shows totals only)."""
        return {key: self.figure(key) for key in self.values if len(key) == 3}


@dataclass
class Protected:
    """One indicator's whole table (every year, country, campaign, channel, month) and every
    total any view can publish, keyed ``("total", year, country)``, ``("campaign", year, pk)``,
    ``("channel", year, country, pk)``, ``("month", month, country)`` (None: all)."""

    indicator: Indicator
    cells: dict[tuple, int]
    country_of: dict[int, int]
    values: dict = field(default_factory=dict)
    marks: dict = field(default_factory=dict)
    counted: dict = field(default_factory=dict)  # each total's cells, by the indicator's rule

    def suppress(self) -> dict:
        """What to hide, decided on the lines tying every total to its cells and to the others."""
        # Nothing under the threshold: nothing to hide (totals of counts of 10 or more are too).
        if min(self.cells.values(), default=THRESHOLD) >= THRESHOLD:
            return {}
        return suppress(self.values, _lines(self.indicator, self.counted, self.country_of))

    def view(self, year: int | None = None, country: int | None = None) -> Published:
        """What the page and files show for a year and a country: the same marks everywhere."""
        local = {}  # view key -> table key
        for key in self.cells:
            campaign, channel, month = key
            home = self.country_of[campaign]
            if (year and month.year != year) or (country and home != country):
                continue
            local[key] = key
            local[("country", home)] = ("total", year, home)
            local[("campaign", campaign)] = ("campaign", year, campaign)
            local[("channel", channel)] = ("channel", year, country, channel)
            local[("month", month)] = ("month", month, country)
            local[("total", None)] = ("total", year, country)
        published = Published(
            self.indicator,
            {key: self.values[table] for key, table in local.items()},
            {key: self.marks[table] for key, table in local.items() if table in self.marks},
        )
        for name in ("country", "campaign", "channel", "month"):
            published.by[name] = {
                key[1]: published.figure(key) for key in local if key[0] == name and len(key) == 2
            }
        if ("total", None) in local:
            published.total = published.figure(("total", None))
        return published


def protect(indicator: Indicator, cells: dict[tuple, int], country_of: dict[int, int], hide=True):
    """Every publishable total by the indicator's rule, then (unless the caller takes the marks
    from its cache) what to hide."""
    members: dict[tuple, list] = defaultdict(list)
    for key in cells:
        campaign, channel, month = key
        home = country_of[campaign]
        for year in (None, month.year):
            for country in (None, home):
                members[("total", year, country)].append(key)
                members[("channel", year, country, channel)].append(key)
            members[("campaign", year, campaign)].append(key)
        for country in (None, home):
            members[("month", month, country)].append(key)
    table = Protected(indicator, cells, country_of, dict(cells))
    for total, keys in members.items():
        table.counted[total] = keys if total[0] == "month" else _counted(indicator, keys, cells)
        table.values[total] = sum(map(cells.__getitem__, table.counted[total]))
    if hide:
        table.marks = table.suppress()
    return table


def publish(indicator, cells, country_of, year=None, country=None) -> Published:
    """One view of the protected table (all years and countries by default)."""
    return protect(indicator, cells, country_of).view(year, country)


def _lines(indicator, counted, country_of) -> list[Line]:
    """Each total and its cells; each total and its parts along every filter and breakdown
    (years, countries, campaigns, channels, months), for sums; and equal totals tied."""
    lines = [Line(total, tuple(keys)) for total, keys in counted.items()]
    parts = defaultdict(list)  # (whole, how it is split) -> parts
    summed = indicator.aggregation == Aggregation.SUM
    for key in counted:
        kind = key[0]
        if kind == "month":
            _, month, country = key
            if country is not None:  # a month's total is always a sum
                parts[(("month", month, None), "country")].append(key)
            if summed:
                parts[(("total", month.year, country), "month")].append(key)
                parts[(("total", None, country), "month")].append(key)
        if not summed:
            continue
        if kind == "total":
            _, year, country = key
            if year is not None:
                parts[(("total", None, country), "year")].append(key)
            if country is not None:
                parts[(("total", year, None), "country")].append(key)
        elif kind == "campaign":
            _, year, campaign = key
            parts[(("total", year, country_of[campaign]), "campaign")].append(key)
            parts[(("total", year, None), "campaign")].append(key)
            if year is not None:
                parts[(("campaign", None, campaign), "year")].append(key)
        elif kind == "channel":
            _, year, country, channel = key
            parts[(("total", year, country), "channel")].append(key)
            if year is not None:
                parts[(("channel", None, country, channel), "year")].append(key)
            if country is not None:
                parts[(("channel", year, None, channel), "country")].append(key)
    lines += [Line(whole, tuple(keys)) for (whole, _how), keys in parts.items()]
    return lines + _equalities(lines)


def _equalities(lines: list[Line]) -> list[Line]:
    """Totals made of exactly the same figures are equal (a country with one campaign, the
    latest month of everything and that month's total): one hidden, the other shown, would
    give it away, so each is tied to the next as a line of its own."""
    same = defaultdict(list)
    for line in lines:
        same[frozenset(line.members)].append(line.total)
    return [
        Line(first, (second,))
        for totals in same.values()
        for first, second in zip(totals, totals[1:], strict=False)
        if first != second
    ]


def _counted(indicator: Indicator, keys: list[tuple], cells: dict[tuple, int]) -> list[tuple]:
    """The cells a group's total is made of: all of them for a sum; for the latest and maximum
    rules, those of the group's latest month or of its highest month (the earliest on a tie)."""
    if indicator.aggregation == Aggregation.SUM:
        return keys
    by_month = defaultdict(list)
    for key in keys:
        by_month[key[2]].append(key)
    if indicator.aggregation == Aggregation.LATEST:
        month = max(by_month)
    else:
        month = max(sorted(by_month), key=lambda m: sum(cells[k] for k in by_month[m]))
    return by_month[month]


# --- What the visitor asked for ------------------------------------------------------------------


@dataclass
class Selection:
    """The page's filters, from the GET query, checked against what exists."""

    country: Country | None = None
    year: int | None = None  # None: all years
    indicator: Indicator | None = None
    years: list[int] = field(default_factory=list)

    def query_items(self, **changes) -> list[tuple[str, str]]:
        values = {
            "country": self.country.code if self.country else "",
            "year": str(self.year) if self.year else "all",
            "indicator": self.indicator.code if self.indicator else "",
        }
        values.update(changes)
        return [(name, value) for name, value in values.items() if value]

    def describe(self) -> list[tuple[str, str]]:
        return [
            (gettext("Year"), str(self.year) if self.year else gettext("All years")),
            (gettext("Country"), self.country.localized_name() if self.country else gettext("All")),
            (gettext("Figures"), gettext("validated only")),
        ]


@dataclass
class OpenData:
    selection: Selection
    campaigns: dict[int, CampaignPage]
    countries: dict[int, Country]
    channels: dict[int, Channel]
    indicators: list[Indicator]
    published: dict[int, Published]  # indicator pk -> its figures

    def campaign_title(self, pk) -> LocalizedText:
        campaign = self.campaigns[pk]
        language = translation.get_language() or settings.LANGUAGE_CODE
        chain = (
            campaign.country.fallback_chain(language)
            if campaign.country_id
            else list(dict.fromkeys([language, settings.LANGUAGE_CODE]))
        )
        return Localizer(campaign, chain)["title"]

    @staticmethod
    def translated(obj, field_name) -> LocalizedText:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return Localizer(obj, list(dict.fromkeys([language, settings.LANGUAGE_CODE])))[field_name]

    def category(self, indicator: Indicator) -> str:
        return category_names().get(REACH_CATEGORY.get(indicator.kind, ""), "")


def live_campaigns() -> dict[int, CampaignPage]:
    pages = (
        CampaignPage.objects.live()
        .public()
        .select_related("country")
        .defer_streamfields()
        .order_by("pk")
    )
    return {page.pk: page for page in pages if page.country_id}


def years_offered(campaigns: dict[int, CampaignPage], today=None) -> list[int]:
    """The years of the campaigns' dates up to this one, latest first: reports stay within
    their campaign's dates (campaigns.reach.rules), so no query is needed. A campaign without a
    start date leaves the question to the figures (one query, cached with them)."""
    today = today or datetime.date.today()
    if not campaigns:
        return []
    if any(page.start_date is None for page in campaigns.values()):
        flt = ReachFilter(campaigns=tuple(campaigns))

        def span():
            found = figures.reports_in_view(None, flt).aggregate(first=Min("month"))["first"]
            return [found.year] if found else []

        first = min(figures.cached("open-data-first-year", None, flt, (), span) or [today.year])
    else:
        first = min(page.start_date.year for page in campaigns.values())
    last = max((page.end_date or today).year for page in campaigns.values())
    return list(range(min(last, today.year), first - 1, -1))


def default_year(years: list[int], today=None) -> int | None:
    """The year of two months ago (figures are validated in the weeks after their month, so
    early January still shows last year), or the latest offered."""
    wanted = ((today or datetime.date.today()) - datetime.timedelta(days=60)).year
    return wanted if wanted in years else (years[0] if years else None)


def select(query, campaigns: dict[int, CampaignPage]) -> tuple[Selection, list[Indicator]]:
    """The selection a GET query asks for; what does not exist falls back to the default."""
    indicators = list(Indicator.objects.filter(active=True).order_by("code"))
    selection = Selection()
    countries = {c.country.code: c.country for c in campaigns.values() if c.country_id}
    selection.country = countries.get((query.get("country") or "").upper())
    selection.years = years_offered(campaigns)
    asked = query.get("year", "")
    if asked == "all":
        selection.year = None
    elif asked.isascii() and asked.isdigit() and len(asked) <= 4 and int(asked) in selection.years:
        # ASCII digits only ("²".isdigit() is true, int() refuses it), and short: int() refuses
        # over 4,300 digits, and no year of ours has more than four.
        selection.year = int(asked)
    else:
        selection.year = default_year(selection.years)
    by_code = {indicator.code: indicator for indicator in indicators}
    selection.indicator = by_code.get(query.get("indicator", "")) or next(
        (i for i in indicators if i.kind == "people_reached"), indicators[0] if indicators else None
    )
    return selection, indicators


def build(query, for_file: bool = False) -> OpenData:
    """Everything the page and the files show, for a GET query. A file holds the chosen
    indicator only, or every one with ``indicator=all``; the page shows every indicator's total
    and the chosen one's details."""
    campaigns = live_campaigns()
    selection, indicators = select(query, campaigns)
    if for_file and query.get("indicator") != "all":
        indicators = [selection.indicator] if selection.indicator else []
    # The whole table, whatever the selection: what is hidden is decided on it once, so that
    # no two views (a year and all years, a country and all) differ by a hidden figure.
    whole = ReachFilter(campaigns=tuple(campaigns))
    cells_by_indicator: dict[int, dict[tuple, int]] = defaultdict(dict)
    if campaigns and indicators:
        for row in figures.totals(None, whole, by=DIMENSIONS, indicators=indicators):
            key = (row["campaign"], row["channel"], row["month"])
            cells_by_indicator[row["indicator"]][key] = row["value"]
    country_of = {pk: page.country_id for pk, page in campaigns.items()}
    country = selection.country.pk if selection.country else None

    def views():
        tables = {
            indicator.pk: protect(
                indicator, cells_by_indicator[indicator.pk], country_of, hide=False
            )
            for indicator in indicators
            if cells_by_indicator.get(indicator.pk)
        }
        # The marks of every indicator, kept (one entry) until a report changes.
        extra = (sorted((pk, t.indicator.aggregation) for pk, t in tables.items()), country_of)
        marks = figures.cached(
            "open-data-marks",
            None,
            whole,
            repr(extra),
            lambda: {pk: t.suppress() for pk, t in tables.items()},
        )
        published = {}
        for pk, table in tables.items():
            table.marks = marks[pk]
            view = table.view(selection.year, country)
            if view.total is not None:
                published[pk] = view
        return published

    # Each view too (the lines of every total cost more than the query), until a report changes.
    asked = (selection.year, country, [(i.pk, i.aggregation) for i in indicators], country_of)
    published = figures.cached("open-data-views", None, whole, repr(asked), views)
    return OpenData(
        selection=selection,
        campaigns=campaigns,
        countries={c.country_id: c.country for c in campaigns.values() if c.country_id},
        channels={channel.pk: channel for channel in Channel.objects.all()},
        indicators=indicators,
        published=published,
    )
