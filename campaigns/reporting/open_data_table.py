"""The open data's table: every figure any view publishes, with what is hidden, decided once on
the whole table and kept in the database in step with the reports.

**What is hidden is decided once, on the whole table** (every year, country and indicator), never
per view: `protect` lists every total that any view of the page or the files can publish
(overall, per year, country, country x year, campaign, campaign x year, channel per year and
country, month per country), ties each to its cells and, for sums, to its parts along every
filter and breakdown (all years = the sum of the years, all countries = the sum of the
countries...), and equal totals to each other (campaigns.reporting.disclosure hides them). Every
view then shows those marks. Suppressing per view let a reader subtract the 2026 total from the
all-years one and get a 2025 figure shown "<10" (issue 13's attack).

**Kept in step, stored** (``OpenDataFigure``): at a million reach values the table has tens of
thousands of figures and working out its totals and marks takes about half a second of Python,
too slow for a public page (budget 300 ms) even with the figures' sums in the summary. So the
table is built once and stored, with a stamp of what it was built from
(``OpenDataState.stamp``: the reports' newest change as ``campaigns.reporting.summary`` tracks
it, the live campaigns and their countries, the indicators and their rules). A view reads its few
hundred rows with one query; the first view after a change rebuilds the table first, under a
lock on the state row (one rebuild when several visitors arrive at once). Issue 16's background
tasks are where the rebuild should move, right after a report's lifecycle step.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from campaigns.reach.models import Aggregation, Indicator

from . import summary
from .disclosure import PRIMARY, SECONDARY, THRESHOLD, Line, suppress
from .models import OpenDataFigure, OpenDataState
from .svg import number

SECONDARY_MARK = "x"  # in the files: hidden so that a figure under 10 cannot be worked out
VERSION = 1  # of the table's rules: a change here rebuilds every stored table


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


# --- Stored ---------------------------------------------------------------------------------------


def stamp(country_of: dict[int, int], indicators: list[Indicator]) -> str:
    """What a table is built from: the reports' newest change, the live campaigns with their
    countries, the active indicators with their rules (one query: the summary's check)."""
    parts = (
        VERSION,
        THRESHOLD,
        summary.check().marks,
        sorted(country_of.items()),
        sorted((indicator.pk, indicator.aggregation) for indicator in indicators),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


COLUMNS = ("indicator", "kind", "year", "country", "campaign", "channel", "month", "value", "mark")


def ensure(wanted: str, build_tables) -> bool:
    """Rebuild the stored table from ``build_tables()`` (Protected tables, marks decided) unless
    it was built from ``wanted`` already; True when it rebuilt. One rebuild at a time: the
    state row is locked, and a second caller finds the stamp it waited for.

    Written with the cursor, not the ORM: tens of thousands of rows replaced at once, where
    model instances, the delete collector and psycopg's parsing of a long INSERT cost seconds,
    and nothing listens to these rows."""
    if OpenDataState.objects.filter(pk=1, stamp=wanted).exists():
        return False
    OpenDataState.objects.get_or_create(pk=1)
    with transaction.atomic():
        state = OpenDataState.objects.select_for_update().get(pk=1)
        if state.stamp == wanted:
            return False
        rows = [row for table in build_tables() for row in _rows(table)]
        connection = connections[router.db_for_write(OpenDataFigure)]
        quote = connection.ops.quote_name
        table = quote(OpenDataFigure._meta.db_table)
        columns = ", ".join(quote(OpenDataFigure._meta.get_field(name).column) for name in COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")
            if connection.vendor == "postgresql":  # COPY: a second for 40,000 rows, not ten
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(COLUMNS))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        state.stamp, state.built_at, state.rows = wanted, timezone.now(), len(rows)
        state.save()
    return True


def forget(**kwargs) -> None:
    """Rebuild at the next view, from sums computed afresh. A deleted report leaves the reports'
    newest change as it was (none is deleted through the product's screens, but the shell and
    cascades can)."""
    from . import figures

    figures.forget_cached()
    OpenDataState.objects.update(stamp="")


def connect() -> None:
    from django.db.models.signals import post_delete

    from campaigns.reach.models import ReachReport

    post_delete.connect(forget, sender=ReachReport, dispatch_uid="open-data-table")


def _rows(table: Protected) -> list[tuple]:
    """The table's figures as rows (``COLUMNS``): each detail cell and each publishable total."""
    rows = []
    pk, country_of = table.indicator.pk, table.country_of
    for key, value in table.values.items():
        mark = table.marks.get(key) or ""
        if len(key) == 3 and not isinstance(key[0], str):  # a detail cell
            campaign, channel, month = key
            row = ("cell", month.year, country_of[campaign], campaign, channel, month)
        elif key[0] == "total":
            _, year, country = key
            row = ("total", year, country, None, None, None)
        elif key[0] == "campaign":
            _, year, campaign = key
            row = ("campaign", year, country_of[campaign], campaign, None, None)
        elif key[0] == "channel":
            _, year, country, channel = key
            row = ("channel", year, country, None, channel, None)
        else:
            _, month, country = key
            row = ("month", month.year, country, None, None, month)
        rows.append((pk, *row, value, mark))
    return rows


def read(indicators: list[Indicator], year: int | None, country: int | None, cells: bool):
    """Each indicator's view for a year (None: all) and a country (None: all), as
    ``Protected.view`` gives it, from the stored rows (one query)."""
    same_year = Q(year=year) if year else Q(year__isnull=True)
    in_country = Q(country=country) if country else Q()
    at_country = Q(country=country) if country else Q(country__isnull=True)
    any_year = Q(year=year) if year else Q()
    wanted = (
        Q(kind="total") & same_year & in_country
        | Q(kind="campaign") & same_year & in_country
        | Q(kind="channel") & same_year & at_country
        | Q(kind="month") & any_year & at_country
    )
    if cells:
        wanted |= Q(kind="cell") & any_year & in_country
    by_indicator = {indicator.pk: indicator for indicator in indicators}
    rows = OpenDataFigure.objects.filter(wanted, indicator__in=by_indicator).order_by("pk")
    rows = rows.values_list(
        "indicator", "kind", "country", "campaign", "channel", "month", "value", "mark"
    )
    published = {pk: Published(indicator) for pk, indicator in by_indicator.items()}
    for pk, kind, at, campaign, channel, month, value, mark in rows:
        keys = _view_keys(kind, at, campaign, channel, month, country)
        view = published[pk]
        for key in keys:
            view.values[key] = value
            if mark:
                view.marks[key] = mark
    for pk, view in list(published.items()):
        if ("total", None) not in view.values:
            del published[pk]  # no figure in this view
            continue
        for name in ("country", "campaign", "channel", "month"):
            view.by[name] = {
                key[1]: view.figure(key) for key in view.values if key[0] == name and len(key) == 2
            }
        view.total = view.figure(("total", None))
    return published


def _view_keys(kind, at, campaign, channel, month, country) -> list[tuple]:
    """A stored row's keys in a view of ``country`` (None: all)."""
    if kind == "cell":
        return [(campaign, channel, month)]
    if kind == "campaign":
        return [("campaign", campaign)]
    if kind == "channel":
        return [("channel", channel)]
    if kind == "month":
        return [("month", month)]
    if at is None:  # all countries' total: the view's total
        return [("total", None)]
    # A country's total: its row "by country", and the view's total when the view is its own.
    return [("country", at)] + ([("total", None)] if at == country else [])
