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
from campaigns.reach.models import Indicator
from campaigns.reach.models.reference import REACH_CATEGORY
from cms.db_routers import reading_from_default, replica_in_use

from . import figures, open_data_table
from .filters import ReachFilter
from .open_data_table import (  # noqa: F401 - the open data's figures, for its views
    SECONDARY_MARK,
    THRESHOLD,
    Figure,
    Published,
    protect,
    publish,
)

DIMENSIONS = ("campaign", "channel", "month")


def category_names() -> dict[str, str]:
    return {
        "direct": gettext("people or contacts counted directly"),
        "estimate": gettext("estimate, not a headcount"),
        "digital": gettext("digital count"),
        "activity": gettext("activities"),
    }


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
    # The whole table, whatever the selection, stored until a report, a campaign or an
    # indicator changes (campaigns.reporting.open_data_table).
    if replica_in_use():
        # Read from a replica: whether the table is current is asked of the primary, from what
        # the primary holds (a stamp worked out from a lagging copy would rebuild it for each
        # view until the copy caught up); the rows are then read from the replica.
        with reading_from_default():
            refresh()
    else:
        refresh(campaigns, indicators)
    shown = indicators
    if for_file and query.get("indicator") != "all":
        shown = [selection.indicator] if selection.indicator else []
    country = selection.country.pk if selection.country else None
    return OpenData(
        selection=selection,
        campaigns=campaigns,
        countries={c.country_id: c.country for c in campaigns.values() if c.country_id},
        channels={channel.pk: channel for channel in Channel.objects.all()},
        indicators=shown,
        published=open_data_table.read(shown, selection.year, country, cells=for_file),
    )


def refresh(campaigns=None, indicators=None) -> bool:
    """Rebuild the stored table if what it is built from has changed; True when it did."""
    campaigns = live_campaigns() if campaigns is None else campaigns
    if indicators is None:
        indicators = list(Indicator.objects.filter(active=True).order_by("code"))
    country_of = {pk: page.country_id for pk, page in campaigns.items()}
    return open_data_table.ensure(
        open_data_table.stamp(country_of, indicators),
        lambda: whole_table(campaigns, indicators),
    )


def whole_table(campaigns: dict[int, CampaignPage], indicators: list[Indicator]):
    """Every indicator's protected table: the detail cells of the live campaigns' validated
    figures (one query, summed in SQL or read from the summary), totals and marks decided."""
    cells_by_indicator: dict[int, dict[tuple, int]] = defaultdict(dict)
    if campaigns and indicators:
        whole = ReachFilter(campaigns=tuple(campaigns))
        for row in figures.totals(None, whole, by=DIMENSIONS, indicators=indicators):
            key = (row["campaign"], row["channel"], row["month"])
            cells_by_indicator[row["indicator"]][key] = row["value"]
    country_of = {pk: page.country_id for pk, page in campaigns.items()}
    return [
        protect(indicator, cells_by_indicator[indicator.pk], country_of)
        for indicator in indicators
        if cells_by_indicator.get(indicator.pk)
    ]
