"""The rule context checks a batch from memory: the query count does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.reach.access import reporting_scope
from campaigns.reach.models import Status
from campaigns.reach.rules import Cell, ReachRuleContext, ReportData, ValueData
from tests.factories import RegionFactory, reach_report

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def rows(w, regions, count):
    """`count` distinct reports: one per region, month and channel, with split figures."""
    months = [datetime.date(2026, m, 1) for m in range(1, 6)]
    made = []
    for i in range(count):
        region = regions[i % len(regions)]
        month = months[(i // len(regions)) % len(months)]
        channel = (w.radio, w.sessions)[i // (len(regions) * len(months)) % 2]
        made.append(
            ReportData(
                campaign=w.sn_campaign.pk,
                organisation=w.iom_senegal.pk,
                month=month.isoformat()[:7],
                region=region.pk,
                channel=channel.pk,
                material=w.poster.pk,
                language="fr",
                values={
                    "people-reached": ValueData(
                        str(30 + i % 7),
                        [Cell(20, "female", "15-24"), Cell(10 + i % 7, "male", "25plus")],
                    ),
                    "broadcasts": ValueData(i % 5),
                },
            )
        )
    return made


def checked(w, batch):
    reporter = type(w.sn_reporter).objects.get(pk=w.sn_reporter.pk)  # permissions not cached
    with CaptureQueriesContext(connection) as queries:
        context = ReachRuleContext(
            campaigns=[w.sn_campaign.pk], scope=reporting_scope(reporter), today=TODAY
        )
        results = [context.check(data, where=f"row {n}") for n, data in enumerate(batch, 2)]
    return results, len(queries)


def test_a_thousand_rows_cost_the_same_queries_as_ten(world):
    regions = [RegionFactory(country=world.senegal, code=f"SN-{n:02d}") for n in range(100)]
    reach_report(
        world.sn_campaign,
        world.iom_senegal,
        world.thies,
        world.radio,
        datetime.date(2026, 1, 1),
        {world.broadcasts: 3},
        status=Status.VALIDATED,
    )
    small, small_queries = checked(world, rows(world, regions, 10))
    large, large_queries = checked(world, rows(world, regions, 1000))
    assert all(result.ok for result in small + large), [r.errors for r in large if r.errors][:3]
    assert large_queries == small_queries
    assert large_queries <= 15, large_queries


def test_campaigns_met_later_are_loaded_once_not_per_row(world):
    context = ReachRuleContext(today=TODAY)
    data = rows(world, [world.dakar, world.thies], 20)
    with CaptureQueriesContext(connection) as queries:
        for row in data:
            context.check(row)
    assert len(queries) <= 5, [q["sql"] for q in queries.captured_queries]


def test_codes_from_a_file_resolve_to_ids_without_queries(world):
    context = ReachRuleContext(campaigns=[world.sn_campaign.pk], today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        resolved = (
            context.region_ids[(world.senegal.pk, "SN-DK")],
            context.channel_ids["radio"],
            context.organisation_ids["IOM Senegal"],
            context.material_ids[str(world.poster.uuid)],
            context.age_bands["15-24"],
        )
    assert resolved == (
        world.dakar.pk,
        world.radio.pk,
        world.iom_senegal.pk,
        world.poster.pk,
        world.youth.pk,
    )
    assert len(queries) == 0


def test_ids_of_the_wrong_type_are_unknown_not_a_crash(world):
    context = ReachRuleContext(today=TODAY)
    data = rows(world, [world.dakar], 1)[0]
    data.campaign, data.region = "desert", "SN-DK"
    result = context.check(data)
    assert {(e.field, e.code) for e in result.errors} >= {
        ("campaign", "unknown"),
        ("region", "unknown"),
    }
