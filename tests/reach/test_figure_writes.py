"""Issue 11: one route writes every reach figure (campaigns.reach.bulk_insert.write_figures).

The report form and a correction (campaigns.reach.lifecycle) write figures the way the
spreadsheet import and the API do (campaigns.reach.batch): plain multi-row statements, no model
signals, a fixed number of queries; and no private Django API (`QuerySet._raw_delete`).
"""

from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.models import signals
from django.db.models.deletion import Collector
from django.test.utils import CaptureQueriesContext
from wagtail.models import ReferenceIndex, TranslatableMixin
from wagtail.models.i18n import set_locale_on_new_instance

from campaigns.reach import lifecycle
from campaigns.reach.batch import Entry, check_entry, save_entries
from campaigns.reach.bulk_insert import write_figures
from campaigns.reach.lifecycle import replace_values, report_data
from campaigns.reach.models import EntryRoute, ReachBreakdown, ReachReport, ReachValue, Status
from campaigns.reach.rules import Cell, ReachRuleContext, ValueData
from tests.factories import IndicatorFactory, reach_report

from .conftest import MARCH, TODAY

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SIGNALS = ("pre_save", "post_save", "pre_delete", "post_delete", "pre_init", "post_init")


def figures(w, people=30, broadcasts=None):
    values = {
        "people-reached": ValueData(
            people, [Cell(20, "female", "15-24"), Cell(people - 20, "male", "25plus")]
        )
    }
    if broadcasts is not None:
        values["broadcasts"] = ValueData(broadcasts)
    return values


def stored(report) -> dict:
    """{code: (total, {(sex, band, count)})}: what the rules read back."""
    return {
        code: (value.total, {(c.count, c.sex, c.age_band) for c in value.breakdown})
        for code, value in report_data(report).values.items()
    }


def context_for(w):
    return ReachRuleContext(campaigns=[w.sn_campaign.pk], today=TODAY)


def open_report(w, values=None):
    return reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, MARCH, values or {})


def merged(w, report, values):
    """The batch route (import, API) merging `values` into `report`."""
    data = report_data(report)
    data.values, data.report_id = values, None
    entry = Entry(data, data_source=report.data_source, verification=report.verification)
    context = context_for(w)
    result = check_entry(entry, context, merge=True)
    assert result.ok, result.errors
    with transaction.atomic():
        return save_entries(
            [entry], user=w.sn_reporter, route=EntryRoute.API, context=context, merge=True
        )


# --- Nothing hooks on figure saves, so raw statements skip nothing --------------------------


@pytest.mark.parametrize("model", [ReachValue, ReachBreakdown])
def test_no_signal_receiver_or_index_watches_figures(model):
    """`write_figures` (like bulk_create before it) sends no signals: if a receiver is ever
    connected to figures (an audit, a search index, a cache), this fails, and the route must
    then call it. Wagtail's i18n pre_save is connected to every model; it only sets the locale
    of translatable instances, which figures are not."""
    assert not issubclass(model, TranslatableMixin)
    assert signals.pre_save.disconnect(set_locale_on_new_instance)
    try:
        listened = [name for name in SIGNALS if getattr(signals, name).has_listeners(model)]
    finally:
        signals.pre_save.connect(set_locale_on_new_instance)
    assert listened == []
    assert not ReferenceIndex.is_indexed(model) and model not in ReferenceIndex.tracked_models
    assert not hasattr(model, "search_fields")


def test_no_private_raw_delete_is_left():
    sources = [*ROOT.glob("campaigns/**/*.py"), *ROOT.glob("scripts/*.py")]
    assert sources
    assert [str(p) for p in sources if "._raw_delete(" in p.read_text()] == []


# --- Deleting: cells with the public fast delete, values in one statement ------------------


def test_breakdown_cells_are_fast_deleted_in_one_statement(world):
    report = open_report(world, {world.people: (30, [("female", world.youth, 20)] * 50)})
    cells = ReachBreakdown.objects.filter(value__report=report)
    assert Collector(using="default").can_fast_delete(cells)
    with CaptureQueriesContext(connection) as queries:
        cells.delete()
    assert len(queries) == 1 and queries[0]["sql"].startswith("DELETE"), queries.captured_queries
    assert not ReachBreakdown.objects.exists()


def test_values_are_not_fast_deleted_by_the_orm_so_the_route_deletes_them_itself(world):
    """Why `delete_rows`: cells reference values with on_delete=CASCADE, so QuerySet.delete()
    on values selects them, then deletes cells and values in batches (100 ids a statement);
    DB_CASCADE on the cells would make it fast, but Django refuses mixing it with the Python
    CASCADE/PROTECT of the values' own foreign keys (fields.E323)."""
    indicators = [IndicatorFactory(code=f"ind-{n}") for n in range(150)]
    made = [open_report(world, {indicator: 1 for indicator in indicators})]
    values = ReachValue.objects.filter(report__in=made)
    assert not Collector(using="default").can_fast_delete(values)
    with CaptureQueriesContext(connection) as orm:
        ReachValue.objects.filter(pk__in=list(values.values_list("pk", flat=True)[:150])).delete()
    assert len(orm) >= 4, orm.captured_queries  # SELECT, DELETE cells, DELETE values x 2
    made = [
        reach_report(
            world.sn_campaign, world.iom_senegal, world.thies, world.radio, MARCH,
            {indicator: 1 for indicator in indicators},
        )
    ]  # fmt: skip
    ids = list(ReachValue.objects.filter(report__in=made).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as route:
        write_figures([], age_bands=None, replacing=ids)
    assert len(route) == 2, route.captured_queries  # DELETE cells, DELETE values
    assert not ReachValue.objects.exists()


# --- One route, a fixed number of queries --------------------------------------------------


@pytest.mark.parametrize("indicators", [1, 40])
def test_the_form_route_costs_the_same_queries_for_1_or_40_indicators(world, indicators):
    extra = [IndicatorFactory(code=f"ind-{n}") for n in range(indicators - 1)]
    report = open_report(world, {world.people: (30, [("female", world.youth, 30)])})
    for indicator in extra:
        ReachValue.objects.create(report=report, indicator=indicator, total=1)
    values = {**figures(world), **{i.code: ValueData(2) for i in extra}}
    context = context_for(world)
    assert context.indicators and context.age_bands  # loaded with the rules, before saving
    with CaptureQueriesContext(connection) as queries:
        replace_values(report, values, context)
    # SELECT the report's values, DELETE their cells, DELETE them, INSERT values, INSERT cells;
    # on PostgreSQL the inserts are two COPYs, which Django's query log does not see, after one
    # SELECT nextval() that reserves the values' ids.
    expected = 4 if connection.vendor == "postgresql" else 5
    assert len(queries) == expected, [q["sql"][:60] for q in queries.captured_queries]
    cells = {(20, "female", "15-24"), (10, "male", "25plus")}
    assert stored(report)["people-reached"] == (30, cells)
    assert ReachValue.objects.filter(report=report).count() == indicators


def test_both_routes_store_the_same_rows(world):
    """The form (replace_values) and the batch (save_entries) store identical figures."""
    by_form = open_report(world)
    replace_values(by_form, figures(world, 40, broadcasts=6), context_for(world))
    by_batch = reach_report(world.sn_campaign, world.iom_senegal, world.thies, world.radio, MARCH)
    merged(world, by_batch, figures(world, 40, broadcasts=6))
    assert (
        stored(by_form)
        == stored(by_batch)
        == {
            "people-reached": (40, {(20, "female", "15-24"), (20, "male", "25plus")}),
            "broadcasts": (6, set()),
        }
    )


def test_the_form_replaces_every_indicator_a_merge_only_those_given(world):
    """The one deliberate difference, chosen by the caller: the form shows every indicator, so
    an emptied one goes; a merge (import, API) changes the indicators it names."""
    by_form = open_report(world, {world.people: 30, world.broadcasts: 4})
    replace_values(by_form, figures(world, 50), context_for(world))
    assert set(stored(by_form)) == {"people-reached"}
    by_batch = reach_report(
        world.sn_campaign, world.iom_senegal, world.thies, world.radio, MARCH,
        {world.people: 30, world.broadcasts: 4},
    )  # fmt: skip
    summary = merged(world, by_batch, figures(world, 50))
    assert summary.updated == 1
    assert stored(by_batch) == {
        "people-reached": (50, {(20, "female", "15-24"), (30, "male", "25plus")}),
        "broadcasts": (4, set()),
    }


def test_a_correction_copies_or_replaces_figures_through_the_route(world):
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.people: (30, [("female", world.youth, 20), ("male", world.adults, 10)])},
        status=Status.LOCKED,
    )  # fmt: skip
    copied = lifecycle.correct(report, world.sn_reporter, "attendance sheet found")
    assert stored(copied) == stored(report)
    copied.status = Status.LOCKED
    ReachReport.objects.filter(pk=copied.pk).update(status=Status.LOCKED)
    again = lifecycle.correct(
        copied, world.sn_reporter, "a second sheet", values=figures(world, 35, broadcasts=2)
    )
    assert stored(again) == {
        "people-reached": (35, {(20, "female", "15-24"), (15, "male", "25plus")}),
        "broadcasts": (2, set()),
    }
    assert stored(copied) == stored(report)  # history keeps its figures
    assert [r.pk for r in lifecycle.history(again)] == [report.pk, copied.pk, again.pk]
