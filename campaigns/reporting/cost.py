"""Cost per person reached: the money allocated to campaigns over the people they reached
directly, by funder, agreement, campaign and channel.

The method (``method()`` says it in the reader's language, on screen and in the export):

- **Money**: allocations of signed or closed agreements (campaigns.funding: each agreement's
  share of a campaign, for a period). An allocation is spread evenly over the months its period
  touches (1 January to 30 June: a sixth a month); the months inside the chosen period that
  have begun count. Amounts stay in the agreement's currency: a funder with agreements in two
  currencies has a row per currency, never a sum of both.
- **People reached**: validated and locked figures of one indicator of kind "people reached
  directly" (never an audience estimate, never submitted figures), for the allocation's
  campaign in the same months, added up over months as the indicator says (sum; latest or
  maximum for cumulative counts).
- **Months without figures**: the money of a campaign's month with no validated figure yet is
  not divided by anything; it is shown apart ("no figures yet"), so a late report never makes
  a campaign look cheap or dear, and a row without figures has no cost, never a cost of 0.
- **Co-funding**: when several agreements fund a campaign in the same months, each one's cost
  is its own amount over all the people reached in those months (what that funder paid per
  person); the campaign's row (per currency) carries the whole amount.
- **Channels**: allocations are not recorded per channel, so each campaign-month's money is
  shared between its channels pro rata of their direct reach that month. Within one campaign
  every channel then costs the same per person; across campaigns a channel's cost reflects the
  campaigns it was used in. It shows where the money's results came from, not which channel
  is cheaper. Money of months without figures (or with no one reached) has nothing to be
  shared by: it stays on a row of its own, "Not shared between channels".

Figures come from campaigns.reporting.figures.totals (one grouped query by campaign, channel
and month), read as `reader` may: a user scoped by campaigns.reach.access, or None for the
published figures. The allocations are one more query; the rest is arithmetic on those rows,
never a loop over reports.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import get_currency_precision
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from campaigns.funding.models import FUNDING_STATUSES, Allocation
from campaigns.reach.models import Aggregation, Indicator, IndicatorKind

from . import figures
from .filters import ReachFilter
from .labels import Labels
from .months import add_months, month_end, month_range

LEVELS = ("funder", "agreement", "campaign", "channel")


def direct_reach_indicators():
    """Indicators a cost can be counted against: people reached directly, active, by code."""
    return Indicator.objects.filter(kind=IndicatorKind.PEOPLE_REACHED, active=True).order_by("code")


def month_span(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the months from `start`'s to `end`'s, both included."""
    return month_range(start, end)


def round_money(amount: Decimal, currency: str, extra_digits: int = 0) -> Decimal:
    """`amount` to the currency's minor unit (cents; none for XOF), plus `extra_digits` (a cost
    per person of €0.0347 is not €0.03)."""
    digits = get_currency_precision(currency) + extra_digits
    return amount.quantize(Decimal(1).scaleb(-digits))


@dataclass
class CostRow:
    """One group's money and reach, in one currency."""

    level: str
    key: tuple
    labels: dict[str, str]
    currency: str
    amount: Decimal = Decimal(0)  # money of the months with figures
    amount_without_figures: Decimal = Decimal(0)
    months_without_figures: set = field(default_factory=set)
    gaps: dict = field(default_factory=lambda: defaultdict(set))  # campaign title -> months
    reached: int | None = None  # None: no figures in any of its months
    _reach: dict = field(default_factory=lambda: defaultdict(dict), repr=False)

    @property
    def cost(self) -> Decimal | None:
        """Money per person reached; None without figures or when no one was reached."""
        if not self.reached:
            return None
        return self.amount / self.reached

    @property
    def state(self) -> str:
        """ "cost", "no_figures" (nothing to divide by yet) or "no_one" (figures of 0)."""
        if self.reached is None:
            return "no_figures"
        return "cost" if self.reached else "no_one"

    @property
    def gap_count(self) -> int:
        """Campaign-months without figures: a month one campaign lacks is not lacking for all."""
        return sum(len(months) for months in self.gaps.values())

    def gap_lines(self) -> list[str]:
        """The months without figures in runs ("February – June 2026"), each campaign's named
        unless the row is one campaign's: a funder's month may lack one campaign's figures only."""
        if self.level == "campaign":
            return [month_runs(self.months_without_figures)] if self.gaps else []
        return [f"{title}: {month_runs(months)}" for title, months in sorted(self.gaps.items())]

    def months_without_label(self) -> str:
        return "; ".join(self.gap_lines())


@dataclass
class CostReport:
    indicator: Indicator | None
    months: list[datetime.date]
    rows: dict[str, list[CostRow]]  # level -> rows

    @property
    def empty(self) -> bool:
        return not any(self.rows.values())


def _allocations(flt: ReachFilter):
    allocations = Allocation.objects.filter(agreement__status__in=FUNDING_STATUSES)
    if flt.countries:
        allocations = allocations.filter(campaign__country_id__in=flt.countries)
    if flt.campaigns:
        allocations = allocations.filter(campaign_id__in=flt.campaigns)
    if flt.funders:
        allocations = allocations.filter(agreement__funder_id__in=flt.funders)
    if flt.agreements:
        allocations = allocations.filter(agreement_id__in=flt.agreements)
    if flt.month_from:
        allocations = allocations.filter(end_date__gte=flt.month_from)
    if flt.month_to:
        allocations = allocations.exclude(start_date__gt=month_end(flt.month_to))
    return allocations.select_related("agreement__funder", "campaign").order_by("pk")


def month_runs(months) -> str:
    """Months as runs of consecutive ones: "February – June 2026, October 2026"."""
    runs: list[list[datetime.date]] = []
    for month in sorted(months):
        if runs and month == add_months(runs[-1][-1], 1):
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(_run_label(run[0], run[-1]) for run in runs)


def _run_label(first: datetime.date, last: datetime.date) -> str:
    if first == last:
        return date_format(first, "YEAR_MONTH_FORMAT")
    start = date_format(first, "F" if first.year == last.year else "YEAR_MONTH_FORMAT")
    return f"{start} – {date_format(last, 'YEAR_MONTH_FORMAT')}"


def _combine(values_by_month: dict[datetime.date, int], aggregation: str) -> int:
    """Months of one campaign (or campaign and channel) added up by the indicator's rule."""
    if aggregation == Aggregation.LATEST:
        return values_by_month[max(values_by_month)]
    if aggregation == Aggregation.MAXIMUM:
        return max(values_by_month.values())
    return sum(values_by_month.values())


def cost_per_person(reader, flt: ReachFilter, indicator=None, today=None) -> CostReport:
    """The cost report for the filter's period, countries, campaigns, funders and agreements
    (its organisations, channels and "include submitted" are ignored: money is not recorded per
    organisation or channel, and only validated figures count)."""
    if indicator is None or indicator.kind != IndicatorKind.PEOPLE_REACHED:
        indicator = direct_reach_indicators().first()  # never an audience estimate
    current = (today or timezone.localdate()).replace(day=1)
    allocations = list(_allocations(flt))
    empty = CostReport(indicator, [], {level: [] for level in LEVELS})
    if indicator is None or not allocations:
        return empty

    # Each allocation's money per month, for the months in the period that have begun.
    shares = []  # (allocation, month, amount)
    for allocation in allocations:
        span = month_span(allocation.start_date, allocation.end_date)
        per_month = allocation.amount / len(span)
        for month in span:
            if month > current:
                continue
            if flt.month_from and month < flt.month_from:
                continue
            if flt.month_to and month > flt.month_to:
                continue
            shares.append((allocation, month, per_month))
    months = sorted({month for _allocation, month, _amount in shares})
    if not shares:
        return CostReport(indicator, [], empty.rows)

    # Validated direct reach per campaign, channel and month: one grouped query.
    reach_filter = ReachFilter(
        month_from=months[0],
        month_to=months[-1],
        campaigns=tuple(sorted({allocation.campaign_id for allocation in allocations})),
    )
    by_channel = defaultdict(dict)  # (campaign, month) -> {channel: people}
    for row in figures.totals(
        reader, reach_filter, by=("campaign", "channel", "month"), indicators=[indicator]
    ):
        by_channel[(row["campaign"], row["month"])][row["channel"]] = row["value"]
    reached = {key: sum(channels.values()) for key, channels in by_channel.items()}

    rows: dict[str, dict] = {level: {} for level in LEVELS}
    channel_names = Labels(
        [{"channel": ch} for channels in by_channel.values() for ch in channels], ["channel"]
    )

    unshared = gettext("Not shared between channels")

    def row(level, key, labels, currency) -> CostRow:
        found = rows[level].get((key, currency))
        if found is None:
            found = rows[level][(key, currency)] = CostRow(level, key, labels, currency)
        return found

    for allocation, month, amount in shares:
        agreement, campaign = allocation.agreement, allocation.campaign
        funder = agreement.funder
        currency = allocation.currency
        labels = {
            "funder": funder.name,
            "agreement": str(agreement),
            "campaign": campaign.title,
        }
        people = reached.get((campaign.pk, month))
        groups = [
            row("funder", (funder.pk,), {"funder": labels["funder"]}, currency),
            row("agreement", (agreement.pk,), {**labels, "campaign": ""}, currency),
            row("campaign", (campaign.pk,), {"campaign": labels["campaign"]}, currency),
        ]
        if not people:  # no figures yet, or no one reached: nothing to share between channels
            groups.append(row("channel", (None,), {"channel": unshared}, currency))
        for group in groups:
            if people is None:
                group.amount_without_figures += amount
                group.months_without_figures.add(month)
                group.gaps[campaign.title].add(month)
            else:
                group.amount += amount
                group._reach[(campaign.pk,)][month] = people
        if not people:
            continue
        for channel, channel_people in by_channel[(campaign.pk, month)].items():
            group = row(
                "channel", (channel,), {"channel": channel_names("channel", channel)}, currency
            )
            group.amount += amount * channel_people / people
            group._reach[(campaign.pk, channel)][month] = channel_people

    for level_rows in rows.values():
        for group in level_rows.values():
            if group._reach:
                group.reached = sum(
                    _combine(by_month, indicator.aggregation) for by_month in group._reach.values()
                )
    return CostReport(
        indicator,
        months,
        {
            level: sorted(
                level_rows.values(),
                key=lambda r: ([str(r.labels.get(name, "")) for name in LEVELS], r.currency),
            )
            for level, level_rows in rows.items()
        },
    )


def method() -> list[str]:
    """How the figures are made, in the reader's language: shown on the screen and written
    above the export's table."""
    return [
        gettext(
            "Money: allocations of signed or closed agreements to each campaign, in the "
            "agreement's currency (currencies are never added together). An allocation is spread "
            "evenly over the months of its period; the months of the chosen period that have "
            "begun count."
        ),
        gettext(
            "People reached: validated figures of the indicator of people reached directly for "
            "the same campaign and months (never audience estimates or submitted figures), "
            "added up over the months as the indicator says."
        ),
        gettext(
            "Cost per person reached = the money of the months with figures ÷ the people "
            "reached in them. Money of months without validated figures yet is shown apart, "
            "never divided: a row without figures has no cost, not a cost of zero."
        ),
        gettext(
            "When several agreements fund a campaign in the same months, each one's cost is its "
            "own amount over all the people reached then."
        ),
        gettext(
            "Channels: allocations are not recorded per channel, so each campaign's monthly "
            "money is shared between its channels in proportion to the people each reached "
            "directly that month. Within one campaign every channel has the same cost per "
            "person; across campaigns a channel's cost reflects the campaigns it served."
        ),
    ]
