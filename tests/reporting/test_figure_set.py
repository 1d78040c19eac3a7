"""A FigureSet (one read) gives what figures.totals gives (one read per question)."""

import pytest

from campaigns.reporting import figures
from campaigns.reporting.figure_set import FigureSet
from campaigns.reporting.filters import ReachFilter
from tests.reporting.test_figures import build_figures


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    with django_db_blocker.unblock():
        return build_figures(world_data)


def ordered(rows):
    return sorted(rows, key=lambda row: sorted((k, str(v)) for k, v in row.items()))


@pytest.mark.parametrize("by", ["country", "region", "language", "channel", "material"])
@pytest.mark.parametrize("include_submitted", [False, True])
def test_same_figures_as_totals(data, db, by, include_submitted):
    flt = ReachFilter(include_submitted=include_submitted)
    figure_set = FigureSet(data.me_officer, flt, by=by)
    assert ordered(figure_set.totals(by)) == ordered(figures.totals(data.me_officer, flt, [by]))
    assert ordered(figure_set.totals()) == ordered(figures.totals(data.me_officer, flt))
    assert ordered(figure_set.monthly()) == ordered(figures.monthly(data.me_officer, flt))


def test_one_read_for_three_questions(data, db, django_assert_num_queries):
    with django_assert_num_queries(4):  # permissions, the rules of indicators twice, the values
        figure_set = FigureSet(data.gn_reporter, ReachFilter(), by="region")
        figure_set.totals("region"), figure_set.totals(), figure_set.monthly()
    assert {row["region"] for row in figure_set.totals("region")} == {data.conakry.pk}
    with pytest.raises(ValueError):
        figure_set.totals("channel")
