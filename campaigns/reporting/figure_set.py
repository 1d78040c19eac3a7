"""One selection's figures read once, for a page that shows them several ways.

A dashboard shows the same selection by a dimension, as overall totals and as a trend per month.
Asking ``figures.totals`` three times would read the million values three times; a ``FigureSet``
reads them once, grouped by (dimension, month, indicator) in SQL, and derives the three from
those monthly sums. The last step (months -> the period, by each indicator's rule) runs over the
grouped sums, at most groups x months x indicators rows, whatever the number of reports; it
gives what ``figures.totals`` gives (tests/reporting/test_figure_set.py compares them).
"""

from collections import defaultdict

from campaigns.reach.models import Aggregation

from . import figures
from .filters import ReachFilter


def reduce_months(months: dict, mode: str) -> int:
    """{month: total} -> the period's figure by the indicator's rule."""
    if mode == Aggregation.MAXIMUM:
        return max(months.values())
    if mode == Aggregation.LATEST:
        return months[max(months)]
    return sum(months.values())


class FigureSet:
    def __init__(self, user, flt: ReachFilter, by: str | None = None, indicators=None):
        self.by = None if by == "month" else by
        dimensions = [self.by, "month"] if self.by else ["month"]
        self.rows = figures.totals(user, flt, by=dimensions, indicators=indicators)
        self.modes = {
            pk: mode for mode, ids in figures.aggregation_modes(indicators).items() for pk in ids
        }

    def monthly(self) -> list[dict]:
        """{"month", "indicator", "value"}: the trend, all groups together."""
        sums = defaultdict(int)
        for row in self.rows:
            sums[(row["month"], row["indicator"])] += row["value"]
        return [
            {"month": month, "indicator": indicator, "value": value}
            for (month, indicator), value in sorted(sums.items())
        ]

    def by_month_and_group(self) -> list[dict]:
        return list(self.rows)

    def totals(self, by: str | None = None) -> list[dict]:
        """The period's figure per indicator, by the set's dimension (``by``) or overall."""
        if by == "month":
            return self.monthly()
        if by is not None and by != self.by:
            raise ValueError(f"This set is grouped by {self.by!r}, not {by!r}.")
        groups = defaultdict(lambda: defaultdict(int))
        for row in self.rows:
            key = row[by] if by else None
            groups[(key, row["indicator"])][row["month"]] += row["value"]
        result = []
        for (key, indicator), months in groups.items():
            item = {by: key} if by else {}
            item.update(indicator=indicator, value=reduce_months(months, self.modes[indicator]))
            result.append(item)
        return result
