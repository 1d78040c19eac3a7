"""The reach summary gives exactly the figures the values give, stays in step through every
lifecycle step and every other write, and is not used where it cannot answer or be trusted."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.reach import lifecycle
from campaigns.reach.models import ReachReport, Status
from campaigns.reporting import figures, summary
from campaigns.reporting.filters import ReachFilter
from campaigns.reporting.models import ReachBreakdownSummary, ReachSummary, SummaryState
from tests.factories import reach_report
from tests.reporting.test_figures import APR, FEB, JAN, MAR, build_figures


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    with django_db_blocker.unblock():
        built = build_figures(world_data)
        summary.rebuild()
        return built


@pytest.fixture(autouse=True)
def no_cached_figures():
    cache.clear()  # every test reads its figures, from the summary or the values
    yield
    cache.clear()


BY = [
    (),
    ("country",),
    ("campaign",),
    ("month",),
    ("channel",),
    ("region",),
    ("language",),
    ("material",),
    ("organisation",),
    ("campaign", "channel", "month"),
    ("country", "language", "month"),
    ("region", "month"),
]


def filters(data):
    return [
        ReachFilter(),
        ReachFilter(include_submitted=True),
        ReachFilter(month_from=FEB, month_to=MAR),
        ReachFilter(countries=[data.senegal.pk]),
        ReachFilter(campaigns=[data.gn_campaign.pk], include_submitted=True),
    ]


def ordered(rows):
    return sorted(rows, key=lambda row: sorted((k, str(v)) for k, v in row.items()))


# After each lifecycle step: the dimensions a step can move figures between.
BY_AFTER_A_STEP = [("country",), ("campaign", "channel", "month"), ("region", "month")]


def assert_same_as_values(data, users=None, groupings=BY):
    """Every selection the summary answers gives the values' figures, read from the summary."""
    users = users if users is not None else [None, data.me_officer]
    for user in users:
        for flt in filters(data):
            for by in groupings:
                with CaptureQueriesContext(connection) as queries:
                    from_summary = figures.totals(user, flt, by=by)
                    cells = figures.breakdown(user, flt, by=by)
                sql = " ".join(query["sql"] for query in queries.captured_queries)
                assert "reachvalue" not in sql and 'reachbreakdown"' not in sql, (by, flt)
                assert ordered(from_summary) == ordered(figures.raw_totals(user, flt, by)), (
                    user,
                    flt,
                    by,
                )
                assert ordered(cells) == ordered(figures.raw_breakdown(user, flt, by)), (by, flt)
                cache.clear()


def test_the_summary_gives_the_values_figures(data, db):
    assert ReachSummary.objects.exists() and ReachBreakdownSummary.objects.exists()
    assert summary.in_step()
    assert_same_as_values(data)


def test_the_rules_hold_on_the_summary(data, db):
    rows = figures.totals(None, ReachFilter(), by=["country"])
    senegal = {r["indicator"]: r["value"] for r in rows if r["country"] == data.senegal.pk}
    assert senegal[data.people.pk] == 650  # the sum
    assert senegal[data.followers.pk] == 15  # the latest month's total (March)
    assert senegal[data.peak.pk] == 300  # the highest month's total


def test_targets_read_from_the_summary_match(data, db):
    from campaigns.models import Target

    Target.objects.create(campaign=data.sn_campaign, indicator=data.people, value=1000)
    Target.objects.create(campaign=data.sn_campaign, indicator=data.followers, value=40)
    with CaptureQueriesContext(connection) as queries:
        progress = figures.target_progress(data.me_officer, ReachFilter())
    assert "reachvalue" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert [p.achieved for p in progress] == [15, 650]
    assert progress[1].by_month == [(JAN, 100), (FEB, 350), (MAR, 650)]


def test_each_lifecycle_step_keeps_it_in_step(data, db):
    draft = ReachReport.objects.get(campaign=data.sn_campaign, month=APR)
    submitted = ReachReport.objects.get(month=MAR, channel=data.sessions, status=Status.SUBMITTED)
    steps = [
        lambda: lifecycle.submit(draft, data.sn_reporter),
        lambda: lifecycle.validate(draft, data.me_officer),
        lambda: lifecycle.return_report(submitted, data.me_officer, "Sessions double counted"),
        lambda: lifecycle.lock_month(data.senegal, APR, data.me_officer),
        lambda: lifecycle.reopen_month(data.senegal, APR, data.me_officer, "Late figures"),
        lambda: lifecycle.lock_report(draft, data.me_officer),
    ]
    for step in steps:
        step()
        state = SummaryState.objects.get()
        assert (state.changed, state.last) == summary._marks()  # in step without a catch-up
        assert_same_as_values(data, [data.me_officer], BY_AFTER_A_STEP)
    lifecycle.correct(draft, data.sn_reporter, "Wrong region total")
    assert_same_as_values(data, users=[None, data.me_officer])


def test_reports_written_without_the_lifecycle_are_caught_up(data, db):
    reach_report(
        data.gn_campaign, data.radio_guinea, data.conakry, data.radio, FEB, {data.people: 40},
        status="validated", language="ff",
    )  # fmt: skip
    assert summary.in_step()  # caught up: one pair
    assert_same_as_values(data, [None], BY_AFTER_A_STEP)
    report = ReachReport.objects.get(campaign=data.gn_campaign, month=JAN)
    report.delete()  # nothing in the product deletes a validated report; still, it is counted out
    assert_same_as_values(data, [None], BY_AFTER_A_STEP)


def test_too_much_changed_means_the_values_answer(data, db, monkeypatch):
    monkeypatch.setattr(summary, "MAX_CATCH_UP_PAIRS", 0)
    reach_report(
        data.gn_campaign, data.radio_guinea, data.conakry, data.radio, MAR, {data.people: 3},
        status="validated",
    )  # fmt: skip
    assert not summary.in_step()
    with CaptureQueriesContext(connection) as queries:
        rows = figures.totals(None, ReachFilter(), by=["country"])
    assert "reachvalue" in " ".join(q["sql"] for q in queries.captured_queries)
    guinea = [r["value"] for r in rows if r["country"] == data.guinea.pk]
    assert guinea == [10]  # 7 + 3: the new report counts, from the values


def test_never_built_means_the_values_answer(data, db):
    SummaryState.objects.all().delete()
    assert not summary.in_step()
    with CaptureQueriesContext(connection) as queries:
        figures.totals(None, ReachFilter(), by=["campaign"])
    assert "reachvalue" in " ".join(q["sql"] for q in queries.captured_queries)


def test_what_the_summary_cannot_answer_goes_to_the_values(data, db):
    flt = ReachFilter()
    assert summary.dimension_for(data.sn_reporter, flt, ["country"]) is None  # own scope
    assert summary.dimension_for(None, ReachFilter(channels=[data.radio.pk]), []) is None
    assert summary.dimension_for(None, ReachFilter(organisations=[1]), ["month"]) is None
    assert summary.dimension_for(None, flt, ["channel", "region"]) is None
    assert summary.dimension_for(None, flt, ["campaign", "channel", "month"]) == "channel"
    rows = figures.totals(data.sn_reporter, ReachFilter(include_submitted=True), by=["country"])
    assert {row["country"] for row in rows} == {data.senegal.pk}


def test_rebuild_command(data, db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rebuild_reach_summary", stdout=out)
    assert "Summary rebuilt" in out.getvalue() and "Open data rebuilt" in out.getvalue()
    assert summary.in_step()


def test_months_are_dates(data, db):
    rows = figures.totals(None, ReachFilter(), by=["month"])
    assert all(isinstance(row["month"], datetime.date) for row in rows)


def test_a_view_with_nothing_changed_catches_nothing_up(client, data, db):
    """The summary's marks and the reports' compare as the same type on every database: SQLite
    gave the raw MAX(updated_at) as text, never equal to the state's, so every view with the
    figures' cache cold caught up (a locked row, three queries and a write) for nothing."""
    client.force_login(data.me_officer)
    dashboard = reverse("reporting:dashboard")
    assert client.get(dashboard).status_code == 200
    cache.clear()  # the figures' cache gone (its time out, an eviction): computed again
    with CaptureQueriesContext(connection) as queries:
        assert client.get(dashboard).status_code == 200
    state = SummaryState._meta.db_table
    catch_ups = [q["sql"] for q in queries.captured_queries if f'UPDATE "{state}"' in q["sql"]]
    assert catch_ups == []
    assert summary.check().same
