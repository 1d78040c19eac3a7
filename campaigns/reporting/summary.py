"""Counted reach figures summed per month, campaign and one dimension, kept in step with reports.

At a million values the dashboard's first view joined every value (and 1.6 million sex and age
cells) to its report, every time the cache was cold. The summary holds those sums already
grouped: per month, campaign, indicator and status class ("validated": validated and locked;
"submitted"), once for the campaign's whole month (``dimension=""``) and once per channel,
region, language, material and organisation; the breakdown cells likewise per sex and age
band. A view grouped by country, campaign, month and at most one more dimension, filtered by
period, country, campaign or funder, reads a few thousand summary rows instead; the rules
(sum, latest, maximum) then run on them exactly as on the values (``figures._run``).

Kept in step two ways, both under a lock on the one ``SummaryState`` row:

- every lifecycle step (``campaigns.reach.signals.reports_changed``: submit, validate, return,
  lock, reopen, correct) recomputes the (month, campaign) pairs of the reports it changed, in
  its own transaction, so the next view counts them;
- before the summary is read, reports changed or added since the state's marks (the newest
  ``updated_at`` and report id it holds) are caught up the same way: drafts, imports, the demo
  and the tests write reports without the lifecycle. If more than ``MAX_CATCH_UP_PAIRS`` pairs
  changed, or the summary was never built, figures come from the values as before until
  ``manage.py rebuild_reach_summary`` (or the demo's build) builds it.

So a figure read from the summary is the figure the values give (tests/reporting/test_summary.py
compares them over every dimension and filter, and after each lifecycle step); when the summary
cannot be trusted it is simply not used.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import Case, F, Max, Q, Sum, Value, When

from campaigns.reach import access
from campaigns.reach.models import ReachBreakdown, ReachReport, ReachValue, Status
from cms.db_routers import replica_in_use

from .filters import ReachFilter
from .models import ReachBreakdownSummary, ReachSummary, SummaryState

VALIDATED = (Status.VALIDATED, Status.LOCKED)
COUNTED_STATUSES = (*VALIDATED, Status.SUBMITTED)

# Stored dimension -> the report's field (None: the campaign's whole month).
STORED = {
    "": None,
    "channel": "channel_id",
    "region": "region_id",
    "language": "language",
    "material": "material_id",
    "organisation": "organisation_id",
}
# Read from every row, whatever its dimension.
ALWAYS = {"country": "campaign__country_id", "campaign": "campaign_id", "month": "month"}

MAX_CATCH_UP_PAIRS = 400


# --- Reading -------------------------------------------------------------------------------------


def counted_classes(include_submitted: bool) -> tuple[str, ...]:
    return ("validated", "submitted") if include_submitted else ("validated",)


def dimension_for(user, flt: ReachFilter, by: Iterable[str]) -> str | None:
    """The stored dimension that answers this selection, or None when the values must."""
    if user is not None and not access.sees_everything(user):
        return None  # a reporter's scope is their own reports: not in the summary's grain
    if flt.organisations or flt.channels:
        return None
    others = [name for name in by if name not in ALWAYS]
    if len(others) > 1 or (others and others[0] not in STORED):
        return None
    return others[0] if others else ""


def selection(model, user, flt: ReachFilter, dimension: str, *, period: bool = True):
    """The summary rows of a selection (model: ReachSummary or ReachBreakdownSummary)."""
    from .figures import campaigns_funded_by

    include_submitted = flt.include_submitted and user is not None
    rows = model.objects.filter(dimension=dimension, counted__in=counted_classes(include_submitted))
    if period and flt.month_from:
        rows = rows.filter(month__gte=flt.month_from)
    if period and flt.month_to:
        rows = rows.filter(month__lte=flt.month_to)
    if flt.countries:
        rows = rows.filter(campaign__country_id__in=flt.countries)
    if flt.campaigns:
        rows = rows.filter(campaign_id__in=flt.campaigns)
    funded = campaigns_funded_by(flt)
    if funded is not None:
        rows = rows.filter(campaign_id__in=funded)
    return rows


def keys_for(by: Iterable[str]) -> dict[str, str]:
    """{"k_<name>": summary column} for a selection's dimensions."""
    return {f"k_{name}": ALWAYS.get(name) or STORED[name] for name in by}


# --- Keeping in step ------------------------------------------------------------------------------


def _marks() -> tuple:
    latest = ReachReport.objects.aggregate(changed=Max("updated_at"), last=Max("pk"))
    return latest["changed"], latest["last"]


@dataclass(frozen=True)
class Checked:
    marks: tuple  # the newest report change and report id (the figures cache's version too)
    built: bool
    same: bool  # the summary holds exactly those marks


def check() -> Checked:
    """The reports' marks and the summary's, in one query (read at every cached figure)."""
    connection = connections[router.db_for_read(ReachReport)]
    quote = connection.ops.quote_name
    reports = quote(ReachReport._meta.db_table)
    state = quote(SummaryState._meta.db_table)
    sql = (
        f"SELECT MAX(r.{quote('updated_at')}), MAX(r.{quote('id')}), "
        f"(SELECT COUNT(*) FROM {state}), "
        f"(SELECT s.{quote('changed')} FROM {state} s ORDER BY s.{quote('id')} LIMIT 1), "
        f"(SELECT s.{quote('last')} FROM {state} s ORDER BY s.{quote('id')} LIMIT 1) "
        f"FROM {reports} r"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        changed, last, states, state_changed, state_last = cursor.fetchone()
    changed, state_changed = _datetime(connection, changed), _datetime(connection, state_changed)
    return Checked(
        marks=(changed, last),
        built=bool(states),
        same=bool(states) and (changed, last) == (state_changed, state_last),
    )


def _datetime(connection, value):
    """A raw query's datetime as the ORM reads it. SQLite gives an aggregate's or a subquery's
    value as it stores it, text (no declared type to convert by): compared with an aware
    datetime, or with text spelt otherwise, it never matched, and every view caught up."""
    field = ReachReport._meta.get_field("updated_at")
    column = field.get_col(ReachReport._meta.db_table)
    for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
        value = converter(value, column, connection)
    return value


_checked: ContextVar[Checked | None] = ContextVar("reach_summary_checked", default=None)


@contextmanager
def checked_as(checked: Checked):
    """What ``check()`` found, for the figures computed within (no second query)."""
    token = _checked.set(checked)
    try:
        yield
    finally:
        _checked.reset(token)


def in_step() -> bool:
    """Whether the summary holds every report now; catches up first when a few changed."""
    checked = _checked.get() or check()
    if not checked.built:
        return False
    if checked.same:
        return True
    caught_up = catch_up()
    if replica_in_use():
        # Caught up on the primary, but the replica the figures are read from has not got
        # those rows yet: the values themselves this time (cms/db_routers.py).
        return False
    if caught_up and _checked.get() is not None:
        _checked.set(Checked(marks=checked.marks, built=True, same=True))
    return caught_up


def catch_up(reports: Iterable = ()) -> bool:
    """Recompute the pairs of `reports` and of every report changed since the state's marks.

    False (nothing written) when the summary was never built or too much changed."""
    using = router.db_for_write(SummaryState)
    with transaction.atomic(using=using):
        state = SummaryState.objects.select_for_update().first()
        if state is None:
            return False
        marks = _marks()
        changed = ReachReport.objects.all()
        if state.changed is not None and state.last is not None:
            changed = changed.filter(Q(updated_at__gt=state.changed) | Q(pk__gt=state.last))
        pairs = set(
            changed.order_by()
            .values_list("month", "campaign_id")
            .distinct()[: MAX_CATCH_UP_PAIRS + 1]
        )
        pairs |= {(report.month, report.campaign_id) for report in reports}
        if len(pairs) > MAX_CATCH_UP_PAIRS:
            return False
        refresh(pairs)
        state.changed, state.last = marks
        state.save(update_fields=["changed", "last"])
    return True


def reports_changed(sender=None, reports=(), **kwargs) -> None:
    """A lifecycle step changed these reports: their months and campaigns are summed again, in
    the step's transaction (connected to campaigns.reach.signals.reports_changed)."""
    catch_up(reports)


def report_deleted(sender, instance, **kwargs) -> None:
    """A counted report deleted (none is, through the product's screens): its pair again."""
    if instance.status in COUNTED_STATUSES and instance.is_current:
        catch_up([instance])


def connect() -> None:
    """Keep the summary in step with the reach lifecycle (called from the app's ``ready``)."""
    from django.db.models.signals import post_delete

    from campaigns.reach.signals import reports_changed as lifecycle_step

    lifecycle_step.connect(reports_changed, dispatch_uid="reporting-summary")
    post_delete.connect(report_deleted, sender=ReachReport, dispatch_uid="reporting-summary")


def rebuild() -> None:
    """The whole summary from the values, in one transaction."""
    using = router.db_for_write(SummaryState)
    with transaction.atomic(using=using):
        SummaryState.objects.select_for_update().all().delete()
        marks = _marks()
        ReachSummary.objects.all().delete()
        ReachBreakdownSummary.objects.all().delete()
        _insert(Q())
        SummaryState.objects.create(changed=marks[0], last=marks[1])


def refresh(pairs: Iterable[tuple[datetime.date, int]]) -> None:
    """Delete and sum again the rows of these (month, campaign) pairs."""
    by_month = defaultdict(set)
    for month, campaign in pairs:
        by_month[month].add(campaign)
    if not by_month:
        return
    where = Q()
    for month, campaigns in by_month.items():
        where |= Q(month=month, campaign_id__in=sorted(campaigns))
    ReachSummary.objects.filter(where).delete()  # one DELETE: nothing cascades from it
    ReachBreakdownSummary.objects.filter(where).delete()
    _insert(where)


def _counted_class(path: str) -> Case:
    return Case(
        When(**{f"{path}status": Status.SUBMITTED}, then=Value("submitted")),
        default=Value("validated"),
    )


def _insert(where: Q) -> None:
    """INSERT ... SELECT the grouped sums of the reports matching `where` (on report fields)."""
    for model, source, path, value, extra in (
        (ReachSummary, ReachValue, "report__", "total", {"k_indicator": "indicator_id"}),
        (
            ReachBreakdownSummary,
            ReachBreakdown,
            "value__report__",
            "count",
            {"k_indicator": "value__indicator_id", "k_sex": "sex", "k_age_band": "age_band_id"},
        ),
    ):
        scope = _prefixed(where, path)
        counted = source.objects.filter(
            scope, **{f"{path}is_current": True, f"{path}status__in": COUNTED_STATUSES}
        )
        for dimension, field_name in STORED.items():
            keys = {
                "k_month": F(f"{path}month"),
                "k_campaign": F(f"{path}campaign_id"),
                **{alias: F(source_path) for alias, source_path in extra.items()},
                "k_counted": _counted_class(path),
            }
            if field_name:
                keys["k_key"] = F(f"{path}{field_name}")
            grouped = counted.values(**keys).annotate(v_sum=Sum(value)).order_by()
            _insert_select(model, grouped, dimension, field_name, list(extra), value)


def _prefixed(where: Q, path: str) -> Q:
    """A Q on report fields (month, campaign_id) moved onto `path`."""
    prefixed = Q()
    prefixed.connector, prefixed.negated = where.connector, where.negated
    for child in where.children:
        if isinstance(child, Q):
            prefixed.children.append(_prefixed(child, path))
        else:
            name, value = child
            prefixed.children.append((f"{path}{name}", value))
    return prefixed


def _insert_select(model, grouped, dimension, field_name, extra_aliases, value) -> None:
    sql, params = grouped.query.sql_with_params()
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    opts = model._meta
    columns = ["month", "campaign_id"]
    selects = ["k_month", "k_campaign"]
    for alias in extra_aliases:
        columns.append(opts.get_field(alias[2:]).column)
        selects.append(alias)
    columns += ["counted", "dimension"]
    selects += ["k_counted", None]
    if field_name:
        columns.append(opts.get_field(field_name.removesuffix("_id")).column)
        selects.append("k_key")
    columns.append(value)
    selects.append("v_sum")
    select_list = ", ".join("%s" if alias is None else quote(alias) for alias in selects)
    statement = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"SELECT {select_list} FROM ({sql}) grouped"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (dimension, *params))
