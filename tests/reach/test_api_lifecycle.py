"""Lifecycle actions through the API: submit, validate, return with a reason, lock; per role,
organisation and country."""

import pytest

from campaigns.models import MonthLock
from campaigns.reach.models import Status
from tests.factories import reach_report
from tests.reach.api_support import (  # noqa: F401
    _no_throttle_history,
    client_for,
    guinea_report,
    report_url,
    senegal_report,
)
from tests.reach.conftest import MARCH

pytestmark = pytest.mark.django_db


def test_the_whole_path_submit_validate_lock(world):
    report = senegal_report(world)
    submitted = client_for(world.sn_reporter).post(report_url(report, "submit"))
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    me = client_for(world.me_officer)
    assert me.post(report_url(report, "validate")).json()["status"] == "validated"
    assert me.post(report_url(report, "lock")).json()["status"] == "locked"
    report.refresh_from_db()
    assert report.status == Status.LOCKED and report.decided_by == world.me_officer


def test_return_needs_a_reason(world):
    report = senegal_report(world, status=Status.SUBMITTED)
    me = client_for(world.me_officer)
    missing = me.post(report_url(report, "return"), {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "reason"
    response = me.post(report_url(report, "return"), {"reason": "Dakar twice?"}, format="json")
    assert response.status_code == 200
    assert response.json()["return_reason"] == "Dakar twice?"
    assert response.json()["status"] == "returned"


def test_a_step_the_state_forbids_is_a_conflict(world):
    report = senegal_report(world)
    response = client_for(world.me_officer).post(report_url(report, "validate"))
    assert response.status_code == 409
    assert response.json()["errors"][0]["message"] == "A draft report cannot be validated."
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_submitting_a_report_with_errors_lists_them(world):
    report = reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH)
    response = client_for(world.sn_reporter).post(report_url(report, "submit"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["code"] == "refused"
    assert errors[1]["field"] == "values" and errors[1]["code"] == "no_values"


@pytest.mark.parametrize("step", ["validate", "return", "lock"])
def test_reporters_do_not_decide(world, step):
    report = senegal_report(world, status=Status.SUBMITTED)
    response = client_for(world.sn_reporter).post(
        report_url(report, step), {"reason": "x"}, format="json"
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


@pytest.mark.parametrize("role", ["editor", "reviewer"])
@pytest.mark.parametrize("step", ["submit", "validate", "return", "lock"])
def test_readers_take_no_step(world, role, step):
    report = senegal_report(world, status=Status.SUBMITTED if step != "submit" else Status.DRAFT)
    response = client_for(getattr(world, role)).post(
        report_url(report, step), {"reason": "x"}, format="json"
    )
    assert response.status_code == 403


def test_another_countrys_report_is_not_found(world):
    report = senegal_report(world)
    response = client_for(world.gn_reporter).post(report_url(report, "submit"))
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == Status.DRAFT


@pytest.mark.parametrize("step", ["validate", "return", "lock"])
def test_a_reporter_learns_nothing_from_deciding_steps(world, step):
    """Reporters never decide: the same 403 for another country's report as for none at all."""
    report = senegal_report(world, status=Status.SUBMITTED)
    client = client_for(world.gn_reporter)
    theirs = client.post(report_url(report, step), {"reason": "x"}, format="json")
    missing = client.post(f"/api/v1/reports/999999/{step}/", {"reason": "x"}, format="json")
    assert theirs.status_code == missing.status_code == 403
    assert theirs.json() == missing.json()


def test_a_report_in_a_locked_month_cannot_be_submitted(world):
    report = senegal_report(world)
    MonthLock.objects.create(country=world.senegal, month=MARCH)
    response = client_for(world.sn_reporter).post(report_url(report, "submit"))
    assert response.status_code == 403  # lifecycle: not one of your open reports
    assert "cannot submit" in response.json()["detail"]
    other = guinea_report(world, status=Status.SUBMITTED)
    assert client_for(world.me_officer).post(report_url(other, "validate")).status_code == 200
