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
  one-way totals (per country, campaign, channel, month, overall). Totals follow the
  indicator's own rule (sum; latest or highest month), computed here from the same detail cells
  the files publish, so that what is hidden is decided once for the page and the files, on the
  lines that tie each total to its figures.

Two queries fetch the figures whatever their number (the detail cells, summed in SQL, and the
indicators' rules), three more the names (campaigns, indicators, channels), one the years.
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
    """One indicator's published figures: detail cells and one-way totals, all protected."""

    indicator: Indicator
    values: dict = field(default_factory=dict)  # cells (campaign, channel, month), totals
    marks: dict = field(default_factory=dict)  # what is hidden, and why
    by: dict[str, dict] = field(default_factory=dict)  # dimension -> key -> Figure
    total: Figure | None = None

    def figure(self, key) -> Figure:
        return Figure(self.values[key], self.marks.get(key))

    @property
    def cells(self) -> dict[tuple, Figure]:
        """The detail cells (for the files; the page shows totals only)."""
        return {key: self.figure(key) for key in self.values if len(key) == 3}


def publish(indicator: Indicator, cells: dict[tuple, int], country_of: dict[int, int]):
    """Totals by the indicator's rule, the lines tying them to the cells, then suppression."""
    values: dict = dict(cells)  # cells keyed (campaign, channel, month); totals (name, group)
    members: dict[tuple, list] = {}  # each total's cells
    names = ("country", "campaign", "channel", "month")
    groups = {name: defaultdict(list) for name in names}
    countries, campaigns, channels, months = (groups[name] for name in names)
    for key in cells:
        campaign, channel, month = key
        countries[country_of[campaign]].append(key)
        campaigns[campaign].append(key)
        channels[channel].append(key)
        months[month].append(key)
    groups["total"] = {None: list(cells)} if cells else {}
    for name, grouped in groups.items():
        for group, keys in grouped.items():
            chosen = keys if name == "month" else _counted(indicator, keys, cells)
            values[(name, group)] = sum(map(cells.__getitem__, chosen))
            members[(name, group)] = chosen
    published = Published(indicator, values)
    # Nothing under the threshold: nothing to hide (totals of counts of 10 or more are too).
    if min(cells.values(), default=THRESHOLD) < THRESHOLD:
        published.marks = suppress(values, _lines(indicator, members, groups, country_of))
    for name in names:
        published.by[name] = {group: published.figure((name, group)) for group in groups[name]}
    if cells:
        published.total = published.figure(("total", None))
    return published


def _lines(indicator, members, groups, country_of) -> list[Line]:
    """Each total and its cells; for sums, totals of totals too; and equal totals tied."""
    lines = [Line(total, tuple(cells)) for total, cells in members.items()]
    if indicator.aggregation == Aggregation.SUM:
        campaigns_of = defaultdict(list)
        for campaign in groups["campaign"]:
            campaigns_of[country_of[campaign]].append(("campaign", campaign))
        for country, campaigns in campaigns_of.items():
            lines.append(Line(("country", country), tuple(campaigns)))
        if groups["total"]:
            for name in ("country", "channel", "month"):
                lines.append(Line(("total", None), tuple((name, group) for group in groups[name])))
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

    def reach_filter(self, campaigns: list[int]) -> ReachFilter:
        return ReachFilter(
            month_from=datetime.date(self.year, 1, 1) if self.year else None,
            month_to=datetime.date(self.year, 12, 1) if self.year else None,
            countries=(self.country.pk,) if self.country else (),
            campaigns=tuple(campaigns),
        )

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
    elif asked.isdigit() and int(asked) in selection.years:
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
    cells_by_indicator: dict[int, dict[tuple, int]] = defaultdict(dict)
    if campaigns and indicators:
        rows = figures.totals(
            None, selection.reach_filter(list(campaigns)), by=DIMENSIONS, indicators=indicators
        )
        for row in rows:
            key = (row["campaign"], row["channel"], row["month"])
            cells_by_indicator[row["indicator"]][key] = row["value"]
    country_of = {pk: page.country_id for pk, page in campaigns.items()}
    published = {
        indicator.pk: publish(indicator, cells_by_indicator[indicator.pk], country_of)
        for indicator in indicators
        if cells_by_indicator.get(indicator.pk)
    }
    return OpenData(
        selection=selection,
        campaigns=campaigns,
        countries={c.country_id: c.country for c in campaigns.values() if c.country_id},
        channels={channel.pk: channel for channel in Channel.objects.all()},
        indicators=indicators,
        published=published,
    )
