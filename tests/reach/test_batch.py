"""Saving many reports: re-sent data is unchanged, merges are explicit, queries are fixed."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from campaigns.reach.access import reporting_scope
from campaigns.reach.batch import (
    DuplicateReport,
    Entry,
    check_entries,
    check_entry,
    save_entries,
)
from campaigns.reach.models import (
    EntryRoute,
    MonthLock,
    ReachBreakdown,
    ReachReport,
    ReachValue,
    Status,
)
from campaigns.reach.rules import Cell, ReachRuleContext, ReportData, ValueData
from tests.factories import RegionFactory, reach_report

from .conftest import MARCH, TODAY

pytestmark = pytest.mark.django_db


def entry(w, *, region=None, month="2026-03", people=30, broadcasts=None, notes="", **header):
    values = {}
    if people is not None:
        values["people-reached"] = ValueData(
            people, [Cell(20, "female", "15-24"), Cell(people - 20, "male", "25plus")]
        )
    if broadcasts is not None:
        values["broadcasts"] = ValueData(broadcasts)
    data = ReportData(
        campaign=w.sn_campaign.pk,
        organisation=w.iom_senegal.pk,
        month=month,
        region=(region or w.dakar).pk,
        channel=w.radio.pk,
        material=w.poster.pk,
        language="fr",
        values=values,
    )
    return Entry(data, data_source="attendance", verification="documents", notes=notes, **header)


def context_for(w, user=None):
    user = user or w.sn_reporter
    return ReachRuleContext(campaigns=[w.sn_campaign.pk], scope=reporting_scope(user), today=TODAY)


def save(w, entries, merge=False, user=None, **options):
    context = context_for(w, user)
    results = [check_entry(e, context, merge=merge) for e in entries]
    assert all(r.ok for r in results), [r.errors for r in results]
    with transaction.atomic():
        return save_entries(
            entries,
            user=user or w.sn_reporter,
            route=EntryRoute.SPREADSHEET,
            context=context,
            merge=merge,
            **options,
        )


def test_new_entries_are_saved_as_drafts_with_their_figures(world):
    summary = save(world, [entry(world), entry(world, region=world.thies, broadcasts=4)])
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    reports = ReachReport.objects.filter(pk__in=summary.report_ids)
    assert {r.status for r in reports} == {Status.DRAFT}
    assert {r.entered_via for r in reports} == {EntryRoute.SPREADSHEET}
    assert {r.created_by_id for r in reports} == {world.sn_reporter.pk}
    thies = reports.get(region=world.thies)
    header = (thies.data_source, thies.verification, thies.language)
    assert header == ("attendance", "documents", "fr")
    assert dict(thies.values.values_list("indicator__code", "total")) == {
        "people-reached": 30,
        "broadcasts": 4,
    }
    cells = ReachBreakdown.objects.filter(value__report=thies)
    assert sorted(cells.values_list("sex", "age_band__code", "count")) == [
        ("female", "15-24", 20),
        ("male", "25plus", 10),
    ]


def test_the_same_data_twice_is_unchanged_not_a_duplicate_and_not_saved_again(world):
    save(world, [entry(world, broadcasts=4)])
    stamp = ReachReport.objects.get().updated_at
    context = context_for(world)
    again = check_entry(entry(world, broadcasts=4), context)
    assert again.ok and again.unchanged
    summary = save(world, [entry(world, broadcasts=4)])
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
    assert ReachReport.objects.count() == 1 and ReachValue.objects.count() == 2
    assert ReachReport.objects.get().updated_at == stamp


def test_a_subset_of_the_stored_indicators_unchanged_is_unchanged(world):
    save(world, [entry(world, broadcasts=4)])
    assert check_entry(entry(world, broadcasts=None), context_for(world)).unchanged


def test_different_figures_for_an_existing_key_are_refused_without_merge(world):
    save(world, [entry(world)])
    result = check_entry(entry(world, people=31), context_for(world))
    assert not result.unchanged
    assert [p.code for p in result.errors] == ["duplicate"]
    changed_notes = check_entry(entry(world, notes="new"), context_for(world))
    assert [p.code for p in changed_notes.errors] == ["duplicate"]


def test_save_refuses_to_overwrite_without_merge_even_if_unchecked(world):
    save(world, [entry(world)])
    with pytest.raises(DuplicateReport), transaction.atomic():
        save_entries(
            [entry(world, people=40)],
            user=world.sn_reporter,
            route=EntryRoute.API,
            context=context_for(world),
        )
    assert ReachValue.objects.get().total == 30


def test_merge_replaces_the_given_indicators_keeps_the_others_and_updates_the_header(world):
    save(world, [entry(world, broadcasts=4)])
    summary = save(world, [entry(world, people=50, notes="recounted")], merge=True)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    report = ReachReport.objects.get()
    assert report.notes == "recounted"
    assert dict(report.values.values_list("indicator__code", "total")) == {
        "people-reached": 50,
        "broadcasts": 4,
    }
    assert sorted(
        ReachBreakdown.objects.filter(value__report=report).values_list("sex", "count")
    ) == [("female", 20), ("male", 30)]


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.VALIDATED, Status.LOCKED])
def test_merge_never_touches_a_report_that_is_not_open(world, status):
    reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.broadcasts: 2}, status=status,
    )  # fmt: skip
    result = check_entry(entry(world, people=None, broadcasts=9), context_for(world), merge=True)
    assert [p.code for p in result.errors] == [f"report_{status}"]


def test_merge_refused_in_a_locked_month_but_identical_data_is_just_unchanged(world):
    save(world, [entry(world, broadcasts=4)])
    MonthLock.objects.create(country=world.senegal, month=MARCH, locked_by=world.me_officer)
    changed = check_entry(entry(world, broadcasts=5), context_for(world), merge=True)
    assert "month_locked" in [p.code for p in changed.errors]
    same = check_entry(entry(world, broadcasts=4), context_for(world), merge=True)
    assert same.ok and same.unchanged


def test_a_report_given_in_pieces_across_chunks_becomes_one_report(world):
    context = context_for(world)
    first = entry(world, broadcasts=None, where="row 2")
    second = entry(world, people=None, broadcasts=7, where="row 9")
    assert check_entry(first, context).ok
    assert check_entry(second, context, continues=True).ok
    assert [p.code for p in check_entry(second, context).errors] == ["duplicate_in_batch"]
    with transaction.atomic():
        summary = save_entries(
            [first, second],
            user=world.sn_reporter,
            route=EntryRoute.SPREADSHEET,
            context=context,
            chunk_size=1,
        )
    assert (summary.created, summary.updated) == (1, 0)
    report = ReachReport.objects.get()
    assert dict(report.values.values_list("indicator__code", "total")) == {
        "people-reached": 30,
        "broadcasts": 7,
    }


def test_a_concurrent_duplicate_is_a_duplicate_report_error(world):
    context = context_for(world)
    assert check_entry(entry(world), context).ok
    reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH)
    refused = pytest.raises(DuplicateReport, match="already has a report for this campaign")
    with refused, transaction.atomic():
        save_entries([entry(world)], user=world.sn_reporter, route=EntryRoute.API, context=context)


def test_another_countrys_reporter_is_refused(world):
    result = check_entry(entry(world), context_for(world, world.gn_reporter))
    assert "not_yours" in [p.code for p in result.errors]


def many(w, regions, count):
    months = [f"2026-{m:02d}" for m in range(1, 6)]
    return [
        entry(w, region=regions[i % len(regions)], month=months[i // len(regions)], broadcasts=i)
        for i in range(count)
    ]


def test_queries_do_not_grow_with_the_entries(world):
    regions = [RegionFactory(country=world.senegal, code=f"SN-{n:02d}") for n in range(100)]
    counts = []
    for batch, user in ((many(world, regions, 10), world.sn_reporter),
                        (many(world, regions, 400), world.me_officer)):  # fmt: skip
        ReachReport.objects.all().delete()
        context = context_for(world, user)
        with CaptureQueriesContext(connection) as checking:
            assert all(r.ok for r in check_entries(batch, context))
        with CaptureQueriesContext(connection) as saving, transaction.atomic():
            save_entries(batch, user=user, route=EntryRoute.SPREADSHEET, context=context)
        counts.append((len(checking), len(saving)))
    assert counts[0] == counts[1], counts
    assert ReachReport.objects.count() == 400 and ReachBreakdown.objects.count() == 800
    context = context_for(world, world.me_officer)
    again = many(world, regions, 400)
    with CaptureQueriesContext(connection) as rechecking:
        results = check_entries(again, context)
    assert all(r.unchanged for r in results)
    assert len(rechecking) <= counts[1][0] + 3, len(rechecking)
    for e in again:
        e.data.values["broadcasts"].total += 1
    with CaptureQueriesContext(connection) as merging, transaction.atomic():
        summary = save_entries(
            again, user=world.me_officer, route=EntryRoute.SPREADSHEET, context=context, merge=True
        )
    assert summary.updated == 400
    assert len(merging) <= 10, "\n".join(q["sql"][:70] for q in merging.captured_queries)
