"""The lifecycle buttons and screens in the admin, per role, with their denials."""

import pytest
from django.urls import reverse

from campaigns.models import MonthLock, ReachReport
from campaigns.reach.models import Status
from tests.factories import reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db


def step(name, report):
    return reverse(f"reach_reports:{name}", args=[report.pk])


def inspect(report):
    return reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[report.pk])


@pytest.fixture
def report(world):
    return reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.people: (10, [("female", world.youth, 6), ("male", world.adults, 4)])},
    )  # fmt: skip


def denied(response) -> bool:
    """Wagtail's admin turns a PermissionDenied into a redirect to the dashboard (or a 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def status_of(report):
    return ReachReport.objects.get(pk=report.pk).status


def test_the_reporter_submits_from_the_report_screen(client, world, report):
    client.force_login(world.sn_reporter)
    html = client.get(inspect(report)).content.decode()
    assert step("submit", report) in html and step("validate", report) not in html
    listing = client.get(reverse("wagtailsnippets_campaigns_reachreport:list")).content.decode()
    assert step("submit", report) in listing
    assert client.get(step("submit", report)).status_code == 200
    response = client.post(step("submit", report))
    assert response.status_code == 302
    assert status_of(report) == Status.SUBMITTED


def test_submit_is_refused_to_others(client, world, report):
    client.force_login(world.gn_reporter)
    assert client.post(step("submit", report)).status_code == 404
    client.force_login(world.editor)
    assert denied(client.post(step("submit", report)))
    assert status_of(report) == Status.DRAFT


def test_a_report_with_errors_is_not_submitted_and_says_why(client, world, report):
    ReachReport.objects.filter(pk=report.pk).update(month=MARCH.replace(year=2031))
    client.force_login(world.sn_reporter)
    response = client.post(step("submit", report))
    assert response.status_code == 200
    assert "has errors" in response.content.decode()
    assert status_of(report) == Status.DRAFT


def test_only_me_officers_validate_return_and_lock(client, world, report):
    ReachReport.objects.filter(pk=report.pk).update(status=Status.SUBMITTED)
    for user in (world.sn_reporter, world.editor, world.reviewer):
        client.force_login(user)
        for name in ("validate", "return", "lock"):
            assert denied(client.post(step(name, report), {"reason": "x"})), name
    client.force_login(world.gn_reporter)
    assert client.post(step("validate", report)).status_code == 404
    assert status_of(report) == Status.SUBMITTED
    client.force_login(world.me_officer)
    html = client.get(inspect(report)).content.decode()
    assert step("validate", report) in html and step("return", report) in html
    assert client.post(step("validate", report)).status_code == 302
    assert status_of(report) == Status.VALIDATED
    assert client.post(step("lock", report)).status_code == 302
    assert status_of(report) == Status.LOCKED


def test_a_step_the_state_refuses_shows_a_message_and_changes_nothing(client, world, report):
    client.force_login(world.me_officer)
    response = client.post(step("validate", report))
    assert response.status_code == 200
    assert "cannot be validated" in response.content.decode()
    assert status_of(report) == Status.DRAFT


def test_returning_needs_a_reason_shown_in_the_listing(client, world, report):
    ReachReport.objects.filter(pk=report.pk).update(status=Status.SUBMITTED)
    client.force_login(world.me_officer)
    response = client.post(step("return", report), {"reason": "  "})
    assert response.status_code == 200
    assert status_of(report) == Status.SUBMITTED
    response = client.post(step("return", report), {"reason": "Attendance sheet missing."})
    assert response.status_code == 302
    assert status_of(report) == Status.RETURNED
    client.force_login(world.sn_reporter)
    listing = client.get(reverse("wagtailsnippets_campaigns_reachreport:list")).content.decode()
    assert "Attendance sheet missing." in listing and "Returned" in listing
    filtered = client.get(
        reverse("wagtailsnippets_campaigns_reachreport:list"), {"status": "draft"}
    ).content.decode()
    assert "Attendance sheet missing." not in filtered


def test_a_correction_is_revision_two_with_its_reason_in_the_history(client, world, report):
    ReachReport.objects.filter(pk=report.pk).update(status=Status.LOCKED)
    client.force_login(world.gn_reporter)
    assert client.get(step("correct", report)).status_code == 404
    client.force_login(world.sn_reporter)
    form = client.get(step("correct", report)).context["form"]
    assert form.initial["value__people-reached__female__15-24"] == 6
    data = {
        "value__people-reached__total": "12",
        "value__people-reached__female__15-24": "8",
        "value__people-reached__male__25plus": "4",
    }
    response = client.post(step("correct", report), {**data, "reason": ""})
    assert response.status_code == 200 and ReachReport.objects.count() == 1
    bad = {**data, "value__people-reached__male__25plus": "1", "reason": "Sheet found"}
    response = client.post(step("correct", report), bad)
    assert response.status_code == 200
    assert "adds up to 9" in str(response.context["form"].errors["value__people-reached__total"])
    assert ReachReport.objects.count() == 1
    response = client.post(step("correct", report), {**data, "reason": "Sheet of 12 March found"})
    assert response.status_code == 302
    new = ReachReport.objects.get(is_current=True)
    assert (new.revision, new.status, new.supersedes_id) == (2, Status.SUBMITTED, report.pk)
    html = client.get(step("revisions", new)).content.decode()
    assert "Revision 1" in html and "Revision 2" in html
    assert "Sheet of 12 March found" in html
    assert "Female · 15-24: 8" in html and "Female · 15-24: 6" in html


def test_lock_month_is_for_me_officers_and_waits_for_decisions(client, world, report):
    ReachReport.objects.filter(pk=report.pk).update(status=Status.SUBMITTED)
    lock_url = reverse("reach_reports:lock_month")
    client.force_login(world.sn_reporter)
    assert denied(client.get(lock_url))
    assert denied(client.post(lock_url, {"country": world.senegal.pk, "month": "2026-03"}))
    client.force_login(world.me_officer)
    response = client.get(lock_url, {"country": world.senegal.pk, "month": "2026-03"})
    assert response.context["waiting"] == 1 and response.context["validated"] == 0
    response = client.post(lock_url, {"country": world.senegal.pk, "month": "2026-03"})
    assert response.status_code == 200 and not MonthLock.objects.exists()
    assert "still wait" in response.content.decode()
    client.post(step("validate", report))
    response = client.post(lock_url, {"country": world.senegal.pk, "month": "2026-03"})
    assert response.status_code == 302
    assert MonthLock.objects.filter(country=world.senegal, month=MARCH).exists()
    assert status_of(report) == Status.LOCKED
    html = client.get(reverse("reach_reports:months")).content.decode()
    assert "2026-03" in html
    client.force_login(world.sn_reporter)
    assert client.get(reverse("reach_reports:months")).status_code == 200
    assert step("correct", report) in client.get(inspect(report)).content.decode()
