"""Draft -> submitted -> validated (or returned with a reason) -> locked; corrections."""

import datetime

import pytest

from campaigns.models import MonthLock, ReachReport
from campaigns.reach import lifecycle
from campaigns.reach.access import ReachPermissionDenied
from campaigns.reach.lifecycle import TransitionRefused
from campaigns.reach.models import Status
from campaigns.reach.rules import Cell, ValueData
from tests.factories import reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db


def draft(w, organisation=None, **fields):
    fields.setdefault("values", {w.broadcasts: 4})
    if organisation is None or organisation == w.iom_senegal:
        return reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, MARCH, **fields)
    return reach_report(w.gn_campaign, organisation, w.conakry, w.radio, MARCH, **fields)


def test_the_whole_life_of_a_report(world):
    report = draft(world)
    lifecycle.submit(report, world.sn_reporter)
    assert (report.status, report.submitted_by) == (Status.SUBMITTED, world.sn_reporter)
    lifecycle.return_report(report, world.me_officer, "Radio log missing for week 2.")
    assert (report.status, report.return_reason) == (
        Status.RETURNED,
        "Radio log missing for week 2.",
    )
    lifecycle.submit(report, world.sn_reporter)
    lifecycle.validate(report, world.me_officer)
    assert (report.status, report.decided_by) == (Status.VALIDATED, world.me_officer)
    lifecycle.lock_report(report, world.me_officer)
    report.refresh_from_db()
    assert report.status == Status.LOCKED


def test_submitting_runs_the_rules_again(world):
    report = draft(world, values={world.people: (10, [("female", world.youth, 4)])})
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.submit(report, world.sn_reporter)
    [problem] = refused.value.problems
    assert (problem.field, problem.code) == ("values.people-reached.breakdown", "breakdown_sum")
    assert ReachReport.objects.get(pk=report.pk).status == Status.DRAFT


def test_reporters_do_not_validate_return_or_lock(world):
    report = draft(world, status=Status.SUBMITTED)
    for step in (lifecycle.validate, lifecycle.lock_report):
        with pytest.raises(ReachPermissionDenied, match="Only M&E officers"):
            step(report, world.sn_reporter)
    with pytest.raises(ReachPermissionDenied):
        lifecycle.return_report(report, world.sn_reporter, "No.")
    with pytest.raises(ReachPermissionDenied):
        lifecycle.lock_month(world.senegal, MARCH, world.sn_reporter)


def test_a_reporter_cannot_submit_another_organisations_report(world):
    report = draft(world, organisation=world.radio_guinea)
    with pytest.raises(ReachPermissionDenied, match="not one of your organisation's"):
        lifecycle.submit(report, world.sn_reporter)
    with pytest.raises(ReachPermissionDenied):
        lifecycle.submit(report, world.editor)


@pytest.mark.parametrize(
    ("status", "step", "says"),
    [
        (Status.DRAFT, lifecycle.validate, "A draft report cannot be validated."),
        (Status.VALIDATED, lifecycle.validate, "A validated report cannot be validated."),
        (Status.SUBMITTED, lifecycle.lock_report, "A submitted report cannot be locked."),
        (Status.LOCKED, lifecycle.validate, "A locked report cannot be validated."),
    ],
)
def test_steps_only_from_the_right_state(world, status, step, says):
    report = draft(world, status=status)
    with pytest.raises(TransitionRefused, match=says):
        step(report, world.me_officer)


def test_a_submitted_report_cannot_be_submitted_again(world):
    report = draft(world, status=Status.SUBMITTED)
    with pytest.raises(ReachPermissionDenied):
        lifecycle.submit(report, world.sn_reporter)


def test_returning_needs_a_reason(world):
    report = draft(world, status=Status.SUBMITTED)
    with pytest.raises(TransitionRefused, match="Say why"):
        lifecycle.return_report(report, world.me_officer, "  ")


def test_locking_a_month_locks_its_validated_reports_and_freezes_the_rest(world):
    validated = draft(world, status=Status.VALIDATED)
    returned = reach_report(
        world.sn_campaign, world.iom_senegal, world.thies, world.radio, MARCH, status="returned"
    )
    guinea = draft(world, organisation=world.radio_guinea, status=Status.VALIDATED)
    lock = lifecycle.lock_month(world.senegal, MARCH, world.me_officer)
    assert (lock.locked_by, lock.month) == (world.me_officer, MARCH)
    validated.refresh_from_db()
    guinea.refresh_from_db()
    assert (validated.status, guinea.status) == (Status.LOCKED, Status.VALIDATED)
    with pytest.raises(ReachPermissionDenied):
        lifecycle.submit(returned, world.sn_reporter)
    with pytest.raises(TransitionRefused, match="already locked"):
        lifecycle.lock_month(world.senegal, MARCH, world.me_officer)


def test_a_month_with_reports_waiting_for_a_decision_cannot_be_locked(world):
    draft(world, status=Status.SUBMITTED)
    with pytest.raises(TransitionRefused, match="1 report"):
        lifecycle.lock_month(world.senegal, MARCH, world.me_officer)
    assert not MonthLock.objects.exists()
    with pytest.raises(TransitionRefused, match="first day"):
        lifecycle.lock_month(world.senegal, datetime.date(2026, 3, 2), world.me_officer)


def test_a_correction_is_a_new_explained_revision_and_history_is_kept(world):
    old = draft(
        world,
        status=Status.LOCKED,
        values={world.people: (10, [("female", world.youth, 6), ("male", world.youth, 4)])},
    )
    new = lifecycle.correct(
        old, world.sn_reporter, "Two sessions were counted twice.", notes="Fixed"
    )
    old.refresh_from_db()
    assert (old.is_current, old.status) == (False, Status.LOCKED)
    assert (new.revision, new.supersedes, new.status, new.is_current) == (
        2,
        old,
        Status.SUBMITTED,
        True,
    )
    assert (new.correction_reason, new.notes, new.created_by) == (
        "Two sessions were counted twice.",
        "Fixed",
        world.sn_reporter,
    )
    [value] = new.values.all()
    assert value.total == 10 and sorted(c.count for c in value.breakdown.all()) == [4, 6]
    assert lifecycle.history(new) == [old, new] == lifecycle.history(old)


def test_a_correction_may_bring_new_figures_checked_by_the_rules(world):
    old = draft(world, status=Status.LOCKED)
    MonthLock.objects.create(country=world.senegal, month=MARCH)
    bad = {"people-reached": ValueData(8, [Cell(5, "female", "15-24")])}
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.correct(old, world.me_officer, "Recount", values=bad)
    assert [p.code for p in refused.value.problems] == ["breakdown_sum"]
    good = {"people-reached": ValueData(8, [Cell(5, "female", "15-24"), Cell(3, "male", "25plus")])}
    new = lifecycle.correct(old, world.me_officer, "Recount", values=good)
    [value] = new.values.all()
    assert (value.indicator, value.total) == (world.people, 8)
    assert {(c.sex, c.age_band.code, c.count) for c in value.breakdown.all()} == {
        ("female", "15-24", 5),
        ("male", "25plus", 3),
    }
    lifecycle.validate(new, world.me_officer)


def test_corrections_are_refused_without_reason_on_open_reports_or_across_organisations(world):
    locked = draft(world, status=Status.LOCKED)
    with pytest.raises(TransitionRefused, match="Say why"):
        lifecycle.correct(locked, world.sn_reporter, "")
    with pytest.raises(ReachPermissionDenied):
        lifecycle.correct(locked, world.gn_reporter, "Not mine")
    with pytest.raises(ReachPermissionDenied):
        lifecycle.correct(locked, world.editor, "Read-only")
    open_report = reach_report(
        world.sn_campaign, world.iom_senegal, world.thies, world.radio, MARCH, status="draft"
    )
    with pytest.raises(TransitionRefused, match="Only a locked report"):
        lifecycle.correct(open_report, world.sn_reporter, "Why not")
    lifecycle.correct(locked, world.sn_reporter, "Real reason")
    with pytest.raises(TransitionRefused, match="superseded"):
        lifecycle.correct(locked, world.me_officer, "Again")
