"""An identical retry that races the first request is answered like the first (issue 10, item 13).

A partner system that times out posts the same report again while the first request is still
running. Both find no report of that key when they check; the one that inserts second hits the
unique constraint. It used to answer 409 "duplicate"; sent a moment later it would have been a
200 "unchanged". It is now checked again against the report just saved and answered so.

The same race between real connections, on PostgreSQL, is in test_api_retry_concurrency.py: it
commits, so it cannot share this module's world (built once, in a transaction rolled back)."""

import pytest

from campaigns.models import ReachBreakdown, ReachReport, ReachValue
from campaigns.reach.api import saving
from tests.reach.api_support import (  # noqa: F401
    REPORTS,
    _no_throttle_history,
    client_for,
    payload,
)


def race_with(monkeypatch, world, other_body):
    """Between this request's check and its save, another request saves `other_body`."""
    real_check = saving.check_entries
    state = {"raced": False}

    def check_then_other_request_saves(*args, **kwargs):
        results = real_check(*args, **kwargs)
        if not state["raced"]:
            state["raced"] = True
            response = client_for(world.sn_reporter).post(REPORTS, other_body, format="json")
            assert response.status_code == 201, response.json()
        return results

    monkeypatch.setattr(saving, "check_entries", check_then_other_request_saves)
    return state


@pytest.mark.django_db
def test_an_identical_retry_racing_the_first_answers_200_with_the_same_report(world, monkeypatch):
    state = race_with(monkeypatch, world, payload(world))
    response = client_for(world.sn_reporter).post(REPORTS, payload(world), format="json")
    assert state["raced"]
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == ReachReport.objects.get().pk
    assert ReachValue.objects.count() == 2 and ReachBreakdown.objects.count() == 3


@pytest.mark.django_db
def test_a_different_report_racing_is_still_a_duplicate(world, monkeypatch):
    race_with(monkeypatch, world, payload(world))
    changed = payload(world, values={"broadcasts": {"total": 9}})
    response = client_for(world.sn_reporter).post(REPORTS, changed, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "duplicate"
    assert ReachValue.objects.get(indicator=world.broadcasts).total == 4  # the first one's


@pytest.mark.django_db
def test_an_identical_bulk_retry_racing_the_first_answers_like_the_first(world, monkeypatch):
    race_with(monkeypatch, world, payload(world))
    response = client_for(world.sn_reporter).post(
        REPORTS + "bulk/", {"reports": [payload(world)]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert ReachReport.objects.count() == 1
