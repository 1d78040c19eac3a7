"""Disclosure control: for random tables, no hidden figure comes back by subtraction from any
published total, and no "<10" is narrowed by one."""

import math
import random

import pytest

from campaigns.reporting.disclosure import PRIMARY, SECONDARY, Line, implied_range, suppress


def table(rows: list[list[int]]):
    """A two-way table with row, column and grand totals, as values and lines."""
    values, lines = {}, []
    n_rows, n_cols = len(rows), len(rows[0])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            values[("cell", r, c)] = value
    for r in range(n_rows):
        values[("row", r)] = sum(rows[r])
        lines.append(Line(("row", r), tuple(("cell", r, c) for c in range(n_cols))))
    for c in range(n_cols):
        values[("col", c)] = sum(row[c] for row in rows)
        lines.append(Line(("col", c), tuple(("cell", r, c) for r in range(n_rows))))
    values["all"] = sum(map(sum, rows))
    lines.append(Line("all", tuple(("row", r) for r in range(n_rows))))
    lines.append(Line("all", tuple(("col", c) for c in range(n_cols))))
    return values, lines


def cube(rng, sizes=(4, 3, 5)):
    """Three dimensions (campaign, channel, month) with each one-way total, as the open data
    publishes them, and campaigns grouped in two countries."""
    a, b, c = sizes
    values, lines = {}, []
    for key in ((i, j, k) for i in range(a) for j in range(b) for k in range(c)):
        values[key] = small_or_large(rng)
    for axis, size in enumerate(sizes):
        for index in range(size):
            members = tuple(key for key in list(values) if len(key) == 3 and key[axis] == index)
            values[("margin", axis, index)] = sum(values[key] for key in members)
            lines.append(Line(("margin", axis, index), members))
    countries = {0: range(0, a // 2), 1: range(a // 2, a)} if a > 1 else {0: range(a)}
    for country, campaigns in countries.items():
        members = tuple(("margin", 0, i) for i in campaigns)
        values[("country", country)] = sum(values[m] for m in members)
        lines.append(Line(("country", country), members))
    values["all"] = sum(values[("country", k)] for k in countries)
    lines.append(Line("all", tuple(("country", k) for k in countries)))
    for axis, size in enumerate(sizes):
        lines.append(Line("all", tuple(("margin", axis, i) for i in range(size))))
    return values, lines


def small_or_large(rng) -> int:
    roll = rng.random()
    if roll < 0.3:
        return rng.randint(0, 9)
    if roll < 0.5:
        return rng.randint(10, 25)
    return rng.randint(26, 5000)


def shown(key, values, marks):
    return None if key in marks else values[key]


def assert_protected(values, lines, marks):
    """What a reader can do with one line at a time, worked out here by plain subtraction."""
    assert all(values[key] < 10 for key, mark in marks.items() if mark == PRIMARY)
    assert all(key in marks for key, value in values.items() if value < 10)
    assert all(values[key] >= 10 for key, mark in marks.items() if mark == SECONDARY)
    for line in lines:
        terms = [line.total, *line.members]
        hidden = [key for key in terms if key in marks]
        # Never exactly one hidden figure in a line: it would be the total minus the others.
        assert len(hidden) != 1, (line, hidden)
        if line.total in marks:
            continue
        visible = sum(values[m] for m in line.members if m not in marks)
        rest = values[line.total] - visible  # what the hidden members add up to, publicly
        for key in hidden:
            others = [m for m in hidden if m != key]
            lowest_others = sum(0 if marks[m] == PRIMARY else 10 for m in others)
            highest_others = sum(9 if marks[m] == PRIMARY else math.inf for m in others)
            most, least = rest - lowest_others, rest - highest_others
            if marks[key] == PRIMARY:
                # Any of 0..9 is still possible: "<10" says all a reader can know.
                assert most >= 9 and least <= 0, (line, key, values[key], most, least)
            else:
                assert most > max(least, 10), (line, key)


@pytest.mark.parametrize("seed", range(30))
def test_random_two_way_tables_keep_hidden_figures_hidden(seed):
    rng = random.Random(seed)
    rows = [
        [small_or_large(rng) for _c in range(rng.randint(1, 6))] for _r in range(rng.randint(1, 6))
    ]
    width = len(rows[0])
    rows = [(row * width)[:width] for row in rows]
    values, lines = table(rows)
    assert_protected(values, lines, suppress(values, lines))


@pytest.mark.parametrize("seed", range(10))
def test_random_cubes_with_their_totals_keep_hidden_figures_hidden(seed):
    rng = random.Random(1000 + seed)
    values, lines = cube(rng, (rng.randint(1, 5), rng.randint(1, 4), rng.randint(1, 6)))
    assert_protected(values, lines, suppress(values, lines))


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    values, lines = table([[5, 40, 100], [30, 25, 200]])
    marks = suppress(values, lines)
    assert marks[("cell", 0, 0)] == PRIMARY
    # Row 0 and column 0 each need a second hidden cell; the smallest that protects is taken.
    assert marks[("cell", 0, 1)] == SECONDARY
    assert marks[("cell", 1, 0)] == SECONDARY
    assert ("cell", 0, 2) not in marks and ("row", 0) not in marks and "all" not in marks


def test_two_small_cells_that_would_narrow_each_other_get_a_third():
    # 37 = 3 + 4 + 30: with only the two small ones hidden, a reader knows they add up to 7,
    # so neither is 8 or 9: the 30 is hidden too.
    line = Line("t", ("a", "b", "c"))
    values = {"t": 37, "a": 3, "b": 4, "c": 30}
    marks = suppress(values, [line])
    assert marks == {"a": PRIMARY, "b": PRIMARY, "c": SECONDARY}
    for key in ("a", "b"):
        low, high = implied_range(line, key, values, marks)
        assert low <= 0 and high >= 9


def test_a_total_of_one_small_figure_is_small_itself():
    values = {"t": 4, "a": 4}
    assert suppress(values, [Line("t", ("a",))]) == {"t": PRIMARY, "a": PRIMARY}


def test_a_line_of_large_figures_is_left_alone():
    values = {"t": 60, "a": 20, "b": 40}
    assert suppress(values, [Line("t", ("a", "b"))]) == {}


def test_zero_counts_are_small_too():
    values = {"t": 50, "a": 0, "b": 50}
    marks = suppress(values, [Line("t", ("a", "b"))])
    assert marks["a"] == PRIMARY and len(marks) == 2


@pytest.mark.parametrize("seed", range(10))
def test_the_open_data_tables_keep_hidden_figures_hidden(seed):
    """campaigns.reporting.open_data's detail cells and one-way totals, checked against the
    lines a reader would write down from the page and the files."""
    import datetime
    from types import SimpleNamespace

    from campaigns.reporting.open_data import publish

    rng = random.Random(2000 + seed)
    campaigns, channels = range(rng.randint(1, 5)), range(rng.randint(1, 3))
    months = [datetime.date(2026, m, 1) for m in range(1, rng.randint(2, 6))]
    country_of = {campaign: campaign % 2 for campaign in campaigns}
    cells = {
        (campaign, channel, month): small_or_large(rng)
        for campaign in campaigns
        for channel in channels
        for month in months
        if rng.random() < 0.8
    }
    if not cells:
        return
    published = publish(SimpleNamespace(aggregation="sum"), cells, country_of)
    values, lines = dict(published.values), []
    keyers = {"country": lambda k: country_of[k[0]], "campaign": lambda k: k[0],
              "channel": lambda k: k[1], "month": lambda k: k[2]}  # fmt: skip
    for name, keyer in keyers.items():
        for group in published.by[name]:
            assert values[(name, group)] == sum(v for k, v in cells.items() if keyer(k) == group)
            lines.append(Line((name, group), tuple(k for k in cells if keyer(k) == group)))
        lines.append(Line(("total", None), tuple((name, group) for group in published.by[name])))
    lines.append(Line(("total", None), tuple(cells)))
    assert_protected(values, lines, published.marks)
