"""What Reach > Dashboard shows, built from campaigns.reporting.figures: headline totals per
indicator (grouped by kind of reach, so direct reach and audience estimates are never side by
side in one sum), one table of every indicator by the chosen dimension, bar charts and the trend
per month for the main indicators, progress against targets, the sex and age breakdown, and the
site's own counts.

Every figure comes from figures.* (aggregated in SQL, scoped through campaigns.reach.access);
Python only arranges the grouped rows, never the reports. The number of queries is fixed: it
does not grow with the data (tests/reporting/test_dashboard.py counts them).

The page stays light whatever the data (scripts/bench_dashboard.py): tables show the largest
MAX_ROWS groups (the downloads have them all), charts are drawn for the main indicator of each
kind of reach only (every indicator is in the table), targets are one table with a bar drawn
in CSS, and the sex and age breakdown is read only for indicators split that way.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.reach.models import AgeBand, Aggregation, Indicator, IndicatorKind, Sex
from campaigns.reporting import charts, figures
from campaigns.reporting.charts import Chart
from campaigns.reporting.figure_set import FigureSet
from campaigns.reporting.filters import ReachFilter
from campaigns.reporting.svg import number

from .dashboard_targets import MAX_TARGET_CHARTS, TargetView, target_views

try:  # written by another part of issue 13; the dashboard shows it once it is there
    from campaigns.reporting import site_counts as site_counting
except ImportError:  # pragma: no cover
    site_counting = None

DIMENSION_LABELS = {
    "country": _("Country"),
    "campaign": _("Campaign"),
    "channel": _("Channel"),
    "region": _("Region"),
    "language": _("Language"),
    "material": _("Material"),
    "organisation": _("Organisation"),
    "month": _("Month"),
}
# Kinds of reach (campaigns.reach.models.REACH_CATEGORY), each its own block: never added up.
CATEGORIES = (
    (
        "direct",
        _("People reached directly"),
        _("People met or counted one by one: sessions, distributions, hotline calls."),
    ),
    (
        "estimate",
        _("Audience estimates"),
        _(
            "Estimated audiences of radio, TV and other broadcasts: not people counted, "
            "never added to direct reach."
        ),
    ),  # fmt: skip
    (
        "digital",
        _("Digital reach reported by partners"),
        _("Views, impressions and engagements reported by the organisations."),
    ),
    ("activity", _("Activities"), _("What was done: sessions held, broadcasts aired...")),
    ("other", _("Other indicators"), ""),
)
# Kinds of reach that get charts: the first indicator of each (by IndicatorKind's order).
CHARTED_CATEGORIES = ("direct", "estimate", "digital")
KIND_ORDER = {kind: index for index, kind in enumerate(IndicatorKind.values)}
AGGREGATION_NOTES = {
    Aggregation.SUM: _("sum of the months"),
    Aggregation.LATEST: _("latest month's value"),
    Aggregation.MAXIMUM: _("highest month's value"),
}
SITE_DIMENSIONS = {"country", "campaign", "language", "material", "month"}
MAX_BARS = 12  # a chart shows the largest groups; the table has more, the downloads all
MAX_ROWS = 20  # a table on screen shows the largest groups (or the latest months)
SEX_ORDER = ("female", "male", "unknown", None)


@dataclass
class IndicatorFigures:
    """One indicator in view: its total, its figures by the dimension and, for the main
    indicators, its charts."""

    indicator: Indicator
    total: int | None = None
    groups: dict = field(default_factory=dict)  # dimension key -> value
    bars: Chart | None = None
    trend: Chart | None = None
    breakdown: Chart | None = None
    truncated: int = 0  # groups left out of the bar chart (the table or the downloads have them)

    @property
    def unit(self) -> str:
        return self.indicator.unit_label

    @property
    def heading(self) -> str:
        return f"{self.indicator.name} ({self.unit})"

    @property
    def note(self) -> str:
        return str(AGGREGATION_NOTES.get(self.indicator.aggregation, ""))

    @property
    def total_text(self) -> str:
        return number(self.total)

    @property
    def split(self) -> bool:
        return self.indicator.by_sex or self.indicator.by_age


@dataclass
class SiteFigures:
    """The site's own counts (page views, downloads): never partners' figures, never added."""

    views: int = 0
    downloads: int = 0
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # label, views, downloads
    grouped: bool = False
    more: int = 0  # groups not shown (the most viewed are)

    @property
    def views_text(self) -> str:
        return number(self.views)

    @property
    def downloads_text(self) -> str:
        return number(self.downloads)


@dataclass
class Dashboard:
    by: str
    dimension_label: str
    indicators: list[IndicatorFigures]
    sections: list[tuple[str, str, list[IndicatorFigures]]]
    table_rows: list[tuple[str, list[str]]]  # label, one formatted cell per indicator
    targets: list[TargetView]
    site: SiteFigures | None
    charted: list[IndicatorFigures] = field(default_factory=list)
    more_rows: int = 0  # groups not in the table (the downloads have them)
    split: list[IndicatorFigures] = field(default_factory=list)  # with a sex and age chart

    @property
    def empty(self) -> bool:
        return not self.indicators

    @property
    def has_breakdown(self) -> bool:
        return bool(self.split)

    @property
    def target_charts(self) -> bool:
        return any(item.over_time for item in self.targets)

    @property
    def over_time_hidden(self) -> bool:
        """Too many targets to draw each one's progress over time (a filter narrows them)."""
        return len(self.targets) > MAX_TARGET_CHARTS


def _sort_keys(by: str, keys, labels) -> list:
    if by == "month":
        return sorted(keys, key=lambda k: (k is None, k or datetime.date.min))
    return sorted(keys, key=lambda k: (k is None, labels(by, k).casefold()))


def main_indicators(indicators: list[Indicator]) -> list[Indicator]:
    """The first indicator of each kind of reach (people reached before hotline calls), or the
    first indicator when none counts reach: the ones drawn as charts."""
    chosen = []
    for category in CHARTED_CATEGORIES:
        members = [i for i in indicators if i.category == category]
        if members:
            chosen.append(min(members, key=lambda i: (KIND_ORDER.get(i.kind, 99), i.code)))
    return chosen or indicators[:1]


def build(reader, flt: ReachFilter, by: str) -> Dashboard:
    """Everything the dashboard shows for the reader (a user, or None: published figures)."""
    selection = FigureSet(reader, flt, by)  # the values read once, by dimension and month
    overall = selection.totals()
    grouped = selection.totals(by)
    ids = {row["indicator"] for row in overall}
    indicators = sorted(Indicator.objects.filter(pk__in=ids), key=lambda i: i.code)
    site_rows = _site_rows(reader, flt, by)
    labels = figures.Labels([*grouped, *site_rows], [by])

    views = {i.pk: IndicatorFigures(i) for i in indicators}
    for row in overall:
        views[row["indicator"]].total = row["value"]
    for row in grouped:
        views[row["indicator"]].groups[row[by]] = row["value"]
    ordered = list(views.values())
    charted = [views[i.pk] for i in main_indicators(indicators)]
    _draw(charted, selection.monthly(), flt, by, labels)
    split = [view for view in ordered if view.split]
    if split:  # read only for the indicators split that way, over this selection
        _draw_breakdowns(
            split, figures.breakdown(reader, flt, indicators=[v.indicator.pk for v in split])
        )
        split = [view for view in split if view.breakdown]

    sections = []
    for category, title, help_text in CATEGORIES:
        members = [v for v in ordered if v.indicator.category == category]
        if members:
            sections.append((str(title), str(help_text), members))
    keys = _table_keys(by, {key for view in ordered for key in view.groups}, charted, labels)
    shown = keys[-MAX_ROWS:] if by == "month" else keys[:MAX_ROWS]
    table_rows = [
        (labels(by, key), [number(view.groups.get(key)) for view in ordered]) for key in shown
    ]
    return Dashboard(
        by=by,
        dimension_label=str(DIMENSION_LABELS[by]),
        indicators=ordered,
        sections=sections,
        table_rows=table_rows,
        more_rows=len(keys) - len(shown),
        targets=target_views(reader, flt),
        site=_site(site_rows, by, labels) if site_counting is not None else None,
        charted=charted,
        split=split,
    )


def _table_keys(by: str, keys: set, charted: list[IndicatorFigures], labels) -> list:
    """Months in order; other groups largest first by the first main indicator, then by name."""
    if by == "month" or not charted:
        return _sort_keys(by, keys, labels)
    first = charted[0].groups
    return sorted(
        keys, key=lambda k: (first.get(k) is None, -(first.get(k) or 0), labels(by, k).casefold())
    )


def _draw(charted: list[IndicatorFigures], monthly: list[dict], flt, by: str, labels) -> None:
    """Bars by the dimension and the trend per month, for the main indicators."""
    trends = defaultdict(list)
    for row in monthly:
        trends[row["indicator"]].append((row["month"], row["value"]))
    months = [month for points in trends.values() for month, _ in points]
    first = flt.month_from or (min(months) if months else None)
    last = flt.month_to or (max(months) if months else None)
    for view in charted:
        view.bars = _bars(view, by, labels)
        points = trends[view.indicator.pk]
        if points and first and last:
            points = charts.fill_months(points, min(first, *(m for m, _ in points)), last)
        view.trend = charts.trend_chart(
            gettext("%(indicator)s per month") % {"indicator": view.heading},
            points,
            value_heading=view.unit,
        )


def _bars(view: IndicatorFigures, by: str, labels) -> Chart:
    if by == "month":
        keys = sorted(view.groups, key=lambda k: (k is None, k or datetime.date.min))
        keys = keys[-MAX_BARS * 3 :]  # at most three years of bars
    else:
        keys = sorted(view.groups, key=lambda k: -(view.groups[k] or 0))[:MAX_BARS]
    view.truncated = len(view.groups) - len(keys)
    return charts.bar_chart(
        gettext("%(indicator)s by %(dimension)s")
        % {"indicator": view.heading, "dimension": str(DIMENSION_LABELS[by]).lower()},
        [(labels(by, key), view.groups[key]) for key in keys],
        label_heading=str(DIMENSION_LABELS[by]),
        value_heading=view.unit,
    )


def _draw_breakdowns(split: list[IndicatorFigures], cells: list[dict]) -> None:
    by_indicator = defaultdict(list)
    for row in cells:
        by_indicator[row["indicator"]].append(row)
    bands = {band.pk: band for band in AgeBand.objects.all()} if cells else {}
    for view in split:
        if by_indicator[view.indicator.pk]:
            view.breakdown = _breakdown(view, by_indicator[view.indicator.pk], bands)


def _breakdown(view: IndicatorFigures, rows: list[dict], bands: dict) -> Chart:
    """Age bands as groups, sexes as series; "all ages" / "sex not given" where the indicator
    is split one way only."""
    band_keys = sorted(
        {row["age_band"] for row in rows},
        key=lambda k: (
            k is None,
            (bands[k].sort_order, bands[k].min_age) if k in bands else (0, 0),
        ),
    )
    sex_keys = sorted(
        {row["sex"] for row in rows},
        key=lambda s: SEX_ORDER.index(s) if s in SEX_ORDER else len(SEX_ORDER),
    )
    values = {}
    for row in rows:
        key = (band_keys.index(row["age_band"]), sex_keys.index(row["sex"]))
        values[key] = (values.get(key) or 0) + row["value"]
    return charts.grouped_bar_chart(
        gettext("%(indicator)s by sex and age") % {"indicator": view.heading},
        [str(bands[k]) if k in bands else gettext("All ages") for k in band_keys],
        [
            str(Sex(s).label) if s in Sex.values else (s or gettext("Sex not given"))
            for s in sex_keys
        ],
        values,
        group_heading=gettext("Age band"),
    )


def _site_rows(reader, flt: ReachFilter, by: str) -> list[dict]:
    if site_counting is None:
        return []
    return site_counting.site_counts(reader, flt, by=[by] if by in SITE_DIMENSIONS else [])


def _site(rows: list[dict], by: str, labels) -> SiteFigures:
    """Totals, and per group the most viewed MAX_ROWS groups (the latest months)."""
    site = SiteFigures(grouped=by in SITE_DIMENSIONS)
    per_group = defaultdict(lambda: {"views": 0, "downloads": 0})
    for row in rows:
        kind = "views" if row["kind"] == site_counting.VIEWS else "downloads"
        setattr(site, kind, getattr(site, kind) + row["value"])
        if site.grouped:
            per_group[row.get(by)][kind] += row["value"]
    if site.grouped:
        keys = _sort_keys(by, per_group, labels)
        if by == "month":
            keys = keys[-MAX_ROWS:]
        else:
            keys = sorted(keys, key=lambda k: -per_group[k]["views"])[:MAX_ROWS]
        site.more = len(per_group) - len(keys)
        for key in keys:
            counts = per_group[key]
            site.rows.append(
                (labels(by, key), number(counts["views"]), number(counts["downloads"]))
            )
    return site
