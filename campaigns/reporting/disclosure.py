"""Statistical disclosure control for the public figures: small counts hidden, and kept hidden.

Published figures form *lines*: a total and the figures it adds up (a campaign's total and its
cells per channel and month, a country's total and its campaigns...). A figure under the
threshold (10) is hidden as "<10" (primary suppression). That alone is not enough: a reader who
sees a total and all but one of its figures gets the hidden one by subtraction. So, line by line,
more figures are hidden (secondary suppression) until **no single line tells a reader more about
a hidden figure than the page already says**:

- a figure shown as "<10" must still be possibly any of 0 to 9 given the line's total and its
  visible figures (a row "total 12 = 3 + <10 + <10... " must not pin it or narrow it down);
- a figure hidden to protect another (shown as hidden, known to be 10 or more) must not be
  recoverable exactly either, or a reader would use it to recover the first.

A reader knows that a "<10" figure lies in 0..9 and a secondary one is at least 10, so the check
is interval arithmetic on each line's equation. Secondary figures are chosen among the line's
visible members, smallest first (the least information lost), the total only when no member is
left; hiding one may break another line, so lines are checked again until nothing changes.

What this does not promise: a reader combining *several* lines at once (a system of equations,
as in linear programming attacks on tables) may narrow a hidden figure further. The open data
gives it a line for every total any of its views publishes and for each split of a total into
the totals below it (years, countries, campaigns, channels, months), so that no two views
differ by a hidden figure (campaigns.reporting.open_data); a full
cell-suppression solver (e.g. tau-Argus) would be the next step if more tables were published.

Pure Python, no Django: keys are any hashable values the caller chooses.
"""

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

THRESHOLD = 10
MAX_TRIES = 8  # candidates tried, smallest first, before hiding the line's largest
PRIMARY = "primary"  # under the threshold: shown as "<10"
SECONDARY = "secondary"  # hidden so that a primary one cannot be worked out


@dataclass(frozen=True)
class Line:
    """``values[total] == sum(values[m] for m in members)``, all of them published."""

    total: Hashable
    members: tuple[Hashable, ...]


def bounds(mark: str | None, value: int, threshold: int = THRESHOLD) -> tuple[float, float]:
    """What a reader knows of a figure: its value when shown, else the range its mark says."""
    if mark == PRIMARY:
        return 0, threshold - 1
    if mark == SECONDARY:
        return threshold, math.inf
    return value, value


def implied_range(line: Line, key, values, marks, threshold=THRESHOLD) -> tuple[float, float]:
    """The range a reader can work out for `key` from this line alone, within its own bounds."""
    return _Ranges(line, values, marks, threshold, -1 if key == line.total else 1).of(key)


class _Ranges:
    """The line's equation solved for any one term: ``key = -sign * sum(c * other)``. The other
    terms' ranges are added up once (infinite ends counted apart), so each term costs O(1)."""

    def __init__(self, line, values, marks, threshold, sign):
        self.values, self.marks, self.threshold = values, marks, threshold
        self.coefficients = {member: 1 for member in line.members}
        self.coefficients[line.total] = -1
        self.sign = sign
        self.low = self.high = 0
        self.low_inf = self.high_inf = 0
        for term in self.coefficients:
            lo, hi = self._contribution(term)
            self._add(lo, hi, 1)

    def _contribution(self, term):
        lo, hi = bounds(self.marks.get(term), self.values[term], self.threshold)
        if -self.sign * self.coefficients[term] > 0:
            return lo, hi
        return -hi, -lo

    def _add(self, lo, hi, times):
        if lo == -math.inf:
            self.low_inf += times
        else:
            self.low += times * lo
        if hi == math.inf:
            self.high_inf += times
        else:
            self.high += times * hi

    def of(self, key) -> tuple[float, float]:
        lo, hi = self._contribution(key)
        self._add(lo, hi, -1)
        low = -math.inf if self.low_inf else self.low
        high = math.inf if self.high_inf else self.high
        self._add(lo, hi, 1)
        own_lo, own_hi = bounds(self.marks.get(key), self.values[key], self.threshold)
        return max(low, own_lo), min(high, own_hi)


def line_is_safe(line: Line, values, marks, threshold=THRESHOLD) -> bool:
    """No hidden figure of the line is pinned, and no "<10" one is narrowed."""
    ranges = {}
    for key in (line.total, *line.members):
        mark = marks.get(key)
        if mark is None:
            continue
        sign = -1 if key == line.total else 1
        if sign not in ranges:
            ranges[sign] = _Ranges(line, values, marks, threshold, sign)
        low, high = ranges[sign].of(key)
        if mark == PRIMARY and (low > 0 or high < threshold - 1):
            return False
        if mark == SECONDARY and high - low < 1:
            return False
    return True


def suppress(
    values: Mapping[Hashable, int], lines: Iterable[Line], threshold: int = THRESHOLD
) -> dict[Hashable, str]:
    """The figures to hide: key -> PRIMARY or SECONDARY. Values are counts (never negative);
    every key of every line must be in `values`."""
    lines = [line for line in lines if line.members]
    marks = {key: PRIMARY for key, value in values.items() if value < threshold}
    lines_of = defaultdict(list)
    for index, line in enumerate(lines):
        for key in (line.total, *line.members):
            lines_of[key].append(index)
    waiting = list(range(len(lines)))
    queued = set(waiting)
    while waiting:
        index = waiting.pop()
        queued.discard(index)
        line = lines[index]
        if not any(key in marks for key in (line.total, *line.members)):
            continue
        if line_is_safe(line, values, marks, threshold):
            continue
        added = _hide_one_more(line, values, marks, threshold)
        if added is None:
            continue  # everything is hidden already: nothing more to do on this line
        for other in lines_of[added]:
            if other not in queued:
                waiting.append(other)
                queued.add(other)
        if index not in queued:  # the line itself may need more
            waiting.append(index)
            queued.add(index)
    return marks


def _hide_one_more(line: Line, values, marks, threshold) -> Hashable | None:
    """Hide the smallest visible member that makes the line safe (else the largest, and the line
    is checked again); the total only when every member is hidden."""
    members = sorted(
        {member for member in line.members if member not in marks}, key=lambda k: values[k]
    )
    candidates = members or ([line.total] if line.total not in marks else [])
    if not candidates:
        return None
    for key in candidates[:MAX_TRIES]:
        marks[key] = SECONDARY
        if line_is_safe(line, values, marks, threshold):
            return key
        del marks[key]
    key = candidates[-1]
    marks[key] = SECONDARY
    return key
