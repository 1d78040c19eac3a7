"""Reach figures added up for dashboards and exports, in SQL, a fixed number of queries per view.

How an indicator adds up is its own business (``Indicator.aggregation``):

- **sum** (monthly counts: people reached, sessions): the values of every report in the group;
- **latest** (cumulative counts, e.g. followers): first the group's total per month, then the
  latest month's total;
- **maximum**: first the group's total per month, then the highest of them.

Indicators are never added to each other: each row carries one indicator, so direct reach and
audience estimates stay apart. Only current reports count, validated or locked by default (also
submitted ones when the filter says so), and every signed-in user's figures go through
``campaigns.reach.access.reports_visible_to``; ``user=None`` is the public (open data), which
sees validated figures only.

Sums are grouped by the database; the latest and maximum rules wrap that grouped query in one
more ``SELECT`` (a window function for "latest"), so no Python loop ever walks the reports.
Python only renames the grouped rows' keys.

Grouped rows are cached (the default cache) for the public and for users who see every report,
under a key that holds the selection and the newest change to any report (``updated_at``, which
every step that changes a counted figure sets: submit, validate, return, lock, reopen, a
correction's new revision). A validation is seen by the next view; nothing waits for a timeout.
Reporters' figures are not cached: their scope is theirs alone, and small.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q, QuerySet, Sum

from campaigns.funding.models import Allocation
from campaigns.reach import access
from campaigns.reach.models import (
    Aggregation,
    Indicator,
    ReachBreakdown,
    ReachReport,
    ReachValue,
    Status,
    Target,
)

from . import summary
from .filters import ReachFilter
from .labels import Labels  # noqa: F401 - names for the rows' ids, part of this module's API
from .models import ReachBreakdownSummary, ReachSummary

# Dimension -> the report's field that holds it.
DIMENSIONS = {
    "country": "campaign__country_id",
    "campaign": "campaign_id",
    "channel": "channel_id",
    "region": "region_id",
    "language": "language",
    "material": "material_id",
    "organisation": "organisation_id",
    "month": "month",
}

VALIDATED = (Status.VALIDATED, Status.LOCKED)
WITH_SUBMITTED = (*VALIDATED, Status.SUBMITTED)


def statuses(flt: ReachFilter, public: bool = False) -> tuple[str, ...]:
    return WITH_SUBMITTED if flt.include_submitted and not public else VALIDATED


def campaigns_funded_by(flt: ReachFilter) -> QuerySet | None:
    """Campaign ids with an allocation from the filter's funders or agreements (None: no such
    filter)."""
    if not (flt.funders or flt.agreements):
        return None
    allocations = Allocation.objects.all()
    if flt.funders:
        allocations = allocations.filter(agreement__funder_id__in=flt.funders)
    if flt.agreements:
        allocations = allocations.filter(agreement_id__in=flt.agreements)
    return allocations.values("campaign_id")


def report_conditions(user, flt: ReachFilter, path: str = "", *, period: bool = True) -> Q:
    """The filter and the user's scope as conditions on a report reached by `path` (``""`` on
    reports, ``"report__"`` on values): joined, not a subquery, so that a million values are
    read in one pass. Only a reporter's scope adds a subquery (their own reports: few)."""
    conditions = Q(**{f"{path}is_current": True, f"{path}status__in": statuses(flt, user is None)})
    if period and flt.month_from:
        conditions &= Q(**{f"{path}month__gte": flt.month_from})
    if period and flt.month_to:
        conditions &= Q(**{f"{path}month__lte": flt.month_to})
    for values, field_path in (
        (flt.countries, "campaign__country_id"),
        (flt.campaigns, "campaign_id"),
        (flt.organisations, "organisation_id"),
        (flt.channels, "channel_id"),
    ):
        if values:
            conditions &= Q(**{f"{path}{field_path}__in": values})
    funded = campaigns_funded_by(flt)
    if funded is not None:
        conditions &= Q(**{f"{path}campaign_id__in": funded})
    if user is not None and not access.sees_everything(user):
        conditions &= Q(**{f"{path}id__in": access.reports_visible_to(user).values("pk")})
    return conditions


def reports_in_view(user, flt: ReachFilter, *, period: bool = True) -> QuerySet:
    """Current reports the filter selects, that `user` may read (None: the public)."""
    return ReachReport.objects.filter(report_conditions(user, flt, period=period))


def _check_dimensions(by: Iterable[str]) -> tuple[str, ...]:
    by = tuple(by)
    unknown = set(by) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"Unknown dimensions: {sorted(unknown)}")
    return by


def aggregation_modes(indicators=None) -> dict[str, list[int]]:
    """Indicator ids per aggregation rule (one small query)."""
    queryset = Indicator.objects.all()
    if indicators is not None:
        queryset = queryset.filter(pk__in=[getattr(i, "pk", i) for i in indicators])
    modes = defaultdict(list)
    for pk, mode in queryset.values_list("pk", "aggregation"):
        modes[mode].append(pk)
    return modes


def _renamed(rows: Iterable[dict]) -> list[dict]:
    """Rows with their keys' ``k_`` prefix dropped, months as dates (SQLite gives text) and
    values as ints; the names are worked out once, not per row (tens of thousands of rows)."""
    renamed, names = [], None
    for row in rows:
        if names is None:
            names = [(key, key[2:] if key.startswith("k_") else key) for key in row]
        out = {name: row[key] for key, name in names}
        month = out.get("month")
        if isinstance(month, str):
            out["month"] = datetime.date.fromisoformat(month[:10])
        out["value"] = int(out["value"] or 0)
        renamed.append(out)
    return renamed


CACHE_SECONDS = 24 * 3600
# Bumped when a report is deleted: the reports' newest change (the cached sums' version) stays
# as it was then, so the sums cached before would otherwise outlive it.
GENERATION = "reporting:figures:generation"


def forget_cached() -> None:
    """Every cached sum made before now is not used again."""
    try:
        cache.incr(GENERATION)
    except ValueError:  # not in the cache (yet, or evicted): any new value will do
        cache.set(GENERATION, datetime.datetime.now().timestamp(), None)


def figures_version() -> tuple:
    """The newest change to any report: cached sums made before it are not used."""
    return summary.check().marks


def cached(kind: str, user, flt: ReachFilter, extra, compute) -> list[dict]:
    """`compute()`'s rows, kept while no report changes (public and see-everything users)."""
    if user is None:
        scope = "public"
    elif access.sees_everything(user):
        scope = "all"
    else:
        return compute()
    funded = campaigns_funded_by(flt)
    funded_ids = sorted(funded.values_list("campaign_id", flat=True)) if funded is not None else 0
    checked = summary.check()  # the reports' newest change, and whether the summary holds it
    generation = cache.get(GENERATION, 0)
    parts = repr((kind, scope, flt, extra, funded_ids, checked.marks, generation))
    key = "reporting:figures:" + hashlib.sha256(parts.encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        with summary.checked_as(checked):
            rows = compute()
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def totals(user, flt: ReachFilter, by: Sequence[str] = (), indicators=None) -> list[dict]:
    """Each group's figure per indicator (see the module's docstring for the rules)."""
    by = _check_dimensions(by)

    def compute():
        dimension = summary.dimension_for(user, flt, by)
        if dimension is not None and summary.in_step():
            rows = summary.selection(ReachSummary, user, flt, dimension)
            keys = {**summary.keys_for(by), "k_indicator": "indicator_id"}
            return _run(rows, keys, "total", by, indicators, "indicator_id", "month")
        return raw_totals(user, flt, by, indicators)

    return cached("totals", user, flt, (by, _indicator_key(indicators)), compute)


def raw_totals(user, flt: ReachFilter, by: Sequence[str] = (), indicators=None) -> list[dict]:
    """`totals` from the values themselves, not the summary."""
    values = ReachValue.objects.filter(report_conditions(user, flt, "report__"))
    keys = {f"k_{name}": "report__" + DIMENSIONS[name] for name in by}
    keys["k_indicator"] = "indicator_id"
    return _run(values, keys, "total", by, indicators, "indicator_id", "report__month")


def monthly(user, flt: ReachFilter, by: Sequence[str] = (), indicators=None) -> list[dict]:
    """Per month and group: the trend."""
    by = tuple(by) if "month" in by else (*by, "month")
    return totals(user, flt, by, indicators)


def breakdown(user, flt: ReachFilter, by: Sequence[str] = (), indicators=None) -> list[dict]:
    """Each group's breakdown cells per indicator: keys + "sex" and "age_band" (None where the
    indicator is not split that way)."""
    by = _check_dimensions(by)

    def compute():
        dimension = summary.dimension_for(user, flt, by)
        if dimension is not None and summary.in_step():
            rows = summary.selection(ReachBreakdownSummary, user, flt, dimension)
            keys = {**summary.keys_for(by), "k_indicator": "indicator_id"}
            keys.update(k_sex="sex", k_age_band="age_band_id")
            return _run(rows, keys, "count", by, indicators, "indicator_id", "month")
        return raw_breakdown(user, flt, by, indicators)

    return cached("breakdown", user, flt, (by, _indicator_key(indicators)), compute)


def raw_breakdown(user, flt: ReachFilter, by: Sequence[str] = (), indicators=None) -> list[dict]:
    """`breakdown` from the cells themselves, not the summary."""
    cells = ReachBreakdown.objects.filter(report_conditions(user, flt, "value__report__"))
    keys = {f"k_{name}": "value__report__" + DIMENSIONS[name] for name in by}
    keys["k_indicator"] = "value__indicator_id"
    keys["k_sex"] = "sex"
    keys["k_age_band"] = "age_band_id"
    return _run(cells, keys, "count", by, indicators, "value__indicator_id", "value__report__month")


def _indicator_key(indicators):
    return None if indicators is None else sorted(getattr(i, "pk", i) for i in indicators)


def _run(queryset, keys, value_field, by, indicators, indicator_path, month_path) -> list[dict]:
    if "month" in by:  # per month, every rule is the month's sum: one query for all indicators
        if indicators is not None:
            queryset = queryset.filter(
                **{f"{indicator_path}__in": [getattr(i, "pk", i) for i in indicators]}
            )
        rows = (
            queryset.values(**{alias: F(path) for alias, path in keys.items()})
            .annotate(value=Sum(value_field))
            .order_by()
        )
        return _renamed(_fetch(rows))
    rows: list[dict] = []
    for mode, ids in aggregation_modes(indicators).items():
        subset = queryset.filter(**{f"{indicator_path}__in": ids})
        if mode == Aggregation.SUM:
            rows += _fetch(
                subset.values(**{alias: F(path) for alias, path in keys.items()})
                .annotate(value=Sum(value_field))
                .order_by()
            )
        else:
            rows += _wrapped(subset, keys, month_path, value_field, mode)
    return _renamed(rows)


def _fetch(grouped: QuerySet) -> list[dict]:
    """A grouped ``values()`` query's rows through the cursor: tens of thousands of rows come
    back several times faster than through the ORM's per-row converters (``_renamed`` does
    the little converting needed)."""
    try:
        sql, params = grouped.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _wrapped(queryset, keys, month_path, value_field, mode) -> list[dict]:
    """The latest or highest month's total per group: grouped monthly sums, wrapped once."""
    monthly_rows = (
        queryset.values(**{alias: F(path) for alias, path in keys.items()}, k_month_=F(month_path))
        .annotate(value=Sum(value_field))
        .order_by()
    )
    try:
        inner_sql, params = monthly_rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. a user who may see no report at all
        return []
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(alias) for alias in keys)
    value = quote("value")
    if mode == Aggregation.MAXIMUM:
        sql = f"SELECT {columns}, MAX({value}) FROM ({inner_sql}) monthly GROUP BY {columns}"
    else:
        sql = (
            f"SELECT {columns}, {value} FROM (SELECT {columns}, {value}, ROW_NUMBER() OVER "
            f"(PARTITION BY {columns} ORDER BY {quote('k_month_')} DESC) rn "
            f"FROM ({inner_sql}) monthly) ranked WHERE rn = 1"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip([*keys, "value"], row, strict=True)) for row in cursor.fetchall()]


# --- Targets -------------------------------------------------------------------------------------


@dataclass
class TargetProgress:
    """A target against what was achieved in its own period (None: no figures yet)."""

    target: Target
    achieved: int | None = None
    by_month: list[tuple[datetime.date, int]] = field(default_factory=list)

    @property
    def remaining(self) -> int | None:
        return None if self.achieved is None else max(self.target.value - self.achieved, 0)

    @property
    def percent(self) -> float | None:
        if self.achieved is None or not self.target.value:
            return None
        return 100.0 * self.achieved / self.target.value


def targets_in_view(user, flt: ReachFilter) -> QuerySet:
    """Targets of the campaigns the filter selects, in countries the user may read."""
    targets = Target.objects.select_related("campaign", "indicator", "country")
    if user is not None:
        if not (user.is_authenticated and user.is_active):
            return targets.none()
        if not access.sees_everything(user):
            targets = targets.filter(
                campaign__country__in=access.countries_visible_to(user).values("pk")
            )
    if flt.countries:
        targets = targets.filter(campaign__country_id__in=flt.countries)
    if flt.campaigns:
        targets = targets.filter(campaign_id__in=flt.campaigns)
    funded = campaigns_funded_by(flt)
    if funded is not None:
        targets = targets.filter(campaign_id__in=funded)
    if flt.month_to:
        targets = targets.exclude(period_start__gt=flt.month_to)
    if flt.month_from:
        targets = targets.exclude(period_end__lt=flt.month_from)
    return targets.order_by("campaign__title", "indicator__code", "period_start")


def target_progress(user, flt: ReachFilter) -> list[TargetProgress]:
    """Each target's achievement over its own period: a fixed number of queries (the targets,
    their campaigns' monthly sums), whatever the data size."""
    targets = list(targets_in_view(user, flt))
    if not targets:
        return []
    campaigns = sorted({t.campaign_id for t in targets})
    indicators = sorted({t.indicator_id for t in targets})

    def compute():
        if summary.dimension_for(user, flt, ("campaign", "month")) == "" and summary.in_step():
            rows = summary.selection(ReachSummary, user, flt, "", period=False).filter(
                campaign_id__in=campaigns, indicator_id__in=indicators
            )
            return [
                {
                    "report__campaign_id": row["campaign_id"],
                    "indicator_id": row["indicator_id"],
                    "report__month": row["month"],
                    "value": row["value"],
                }
                for row in rows.values("campaign_id", "indicator_id", "month")
                .annotate(value=Sum("total"))
                .order_by("month")
            ]
        values = ReachValue.objects.filter(
            report_conditions(user, flt, "report__", period=False),
            report__campaign_id__in=campaigns,
            indicator_id__in=indicators,
        )
        return list(
            values.values("report__campaign_id", "indicator_id", "report__month")
            .annotate(value=Sum("total"))
            .order_by("report__month")
        )

    # Targets read whole histories: the sums do not depend on the filter's months.
    whole_history = flt.replace(month_from=None, month_to=None)
    rows = cached("targets", user, whole_history, (campaigns, indicators), compute)
    monthly_sums = defaultdict(list)  # (campaign, indicator) -> [(month, total)] by month
    for row in rows:
        key = (row["report__campaign_id"], row["indicator_id"])
        monthly_sums[key].append((row["report__month"], int(row["value"])))
    return [
        _progress(target, monthly_sums[(target.campaign_id, target.indicator_id)])
        for target in targets
    ]


def _progress(target: Target, months: list[tuple[datetime.date, int]]) -> TargetProgress:
    """Running achievement month by month, by the indicator's rule."""
    progress = TargetProgress(target)
    achieved = None
    for month, value in months:
        if target.period_start and month < target.period_start:
            continue
        if target.period_end and month > target.period_end:
            continue
        if target.indicator.aggregation == Aggregation.SUM:
            achieved = (achieved or 0) + value
        elif target.indicator.aggregation == Aggregation.MAXIMUM:
            achieved = max(achieved or 0, value)
        else:
            achieved = value
        progress.by_month.append((month, achieved))
    progress.achieved = achieved
    return progress
