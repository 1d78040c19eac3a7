"""POST /api/v1/reports/bulk/: everything checked first, all saved or nothing."""

import pytest

from campaigns.models import ReachBreakdown, ReachReport, ReachValue
from tests.factories import RegionFactory
from tests.reach.api_support import (  # noqa: F401
    REPORTS,
    _no_throttle_history,
    client_for,
    payload,
)

pytestmark = pytest.mark.django_db
BULK = f"{REPORTS}bulk/"


def _reports(world, regions):
    return [payload(world, region=region.code, material=None, language="") for region in regions]


def test_bulk_saves_every_report_and_says_which_ids(world):
    regions = [world.dakar, world.thies]
    response = client_for(world.sn_reporter).post(
        BULK, {"reports": _reports(world, regions)}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (2, 0, 0)
    saved = ReachReport.objects.in_bulk(body["ids"])
    assert [saved[pk].region for pk in body["ids"]] == regions
    assert ReachValue.objects.count() == 4 and ReachBreakdown.objects.count() == 6


def test_one_wrong_report_saves_nothing_and_names_index_and_field(world):
    reports = _reports(world, [world.dakar, world.thies, world.dakar])
    reports[1]["values"]["people-reached"]["breakdown"][0]["count"] = 61
    response = client_for(world.sn_reporter).post(BULK, {"reports": reports}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    by_index = {error["index"]: error for error in errors}
    assert by_index[1]["field"] == "values.people-reached.breakdown"
    assert by_index[1]["value"] == 121
    assert by_index[2]["code"] == "duplicate_in_batch"
    assert by_index[2]["field"] == "key"
    assert "reports[0]" in by_index[2]["message"]
    assert not ReachReport.objects.exists()


def test_posting_the_same_bulk_twice_counts_once(world):
    client = client_for(world.sn_reporter)
    body = {"reports": _reports(world, [world.dakar, world.thies])}
    first = client.post(BULK, body, format="json").json()
    again = client.post(BULK, body, format="json")
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 2)
    assert again.json()["ids"] == first["ids"]
    assert ReachReport.objects.count() == 2 and ReachValue.objects.count() == 4


def test_changed_figures_need_merge(world):
    client = client_for(world.sn_reporter)
    client.post(BULK, {"reports": _reports(world, [world.dakar])}, format="json")
    changed = _reports(world, [world.dakar, world.thies])
    changed[0]["values"] = {"broadcasts": {"total": 11}}
    refused = client.post(BULK, {"reports": changed}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["code"] == "duplicate"
    assert ReachReport.objects.count() == 1
    merged = client.post(BULK, {"merge": True, "reports": changed}, format="json")
    assert merged.status_code == 201
    assert (merged.json()["created"], merged.json()["updated"]) == (1, 1)
    assert (
        ReachValue.objects.get(report__region=world.dakar, indicator=world.broadcasts).total == 11
    )


def test_another_countrys_reports_are_refused_whole(world):
    reports = _reports(world, [world.dakar])
    response = client_for(world.gn_reporter).post(BULK, {"reports": reports}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "not_yours"
    assert not ReachReport.objects.exists()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_readers_cannot_bulk(world, role):
    client = client_for(getattr(world, role))
    response = client.post(BULK, {"reports": _reports(world, [world.dakar])}, format="json")
    assert response.status_code == 403
    assert not ReachReport.objects.exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [({}, "not_a_list"), ({"reports": []}, "empty"), ({"reports": [{}] * 5001}, "too_many")],
)
def test_the_envelope_is_checked(world, body, code):
    response = client_for(world.sn_reporter).post(BULK, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == code


def test_bulk_queries_do_not_grow_with_the_reports(world, django_assert_max_num_queries):
    regions = [RegionFactory(country=world.senegal, code=f"SN-{n:02d}") for n in range(150)]
    client = client_for(world.sn_reporter)
    with django_assert_max_num_queries(40) as small:
        assert client.post(BULK, {"reports": _reports(world, regions[:5])}, format="json")
    with django_assert_max_num_queries(40) as large:
        response = client.post(BULK, {"reports": _reports(world, regions[5:])}, format="json")
    assert response.status_code == 201, response.json()
    assert len(large.captured_queries) <= len(small.captured_queries) + 2
    assert ReachReport.objects.count() == 150
