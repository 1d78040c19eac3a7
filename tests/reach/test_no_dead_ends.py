"""Issue 12, items 1-3: reach screens that lead somewhere.

1. The listing's main link opens what the user may open: the edit view of a report they may
   change, else the report screen with its steps (never "Sorry, you do not have permission").
2. Bulk Submit, Validate and Return in the listing, each report checked by the lifecycle's own
   rules and scoping; a report that may not take the step is named with the reason.
3. Locking a month asks first, listing what it freezes; M&E officers reopen a month with a
   reason kept in the reports' history; a refusal lists the waiting reports with links.
"""

import re

import pytest
from django.urls import reverse

from campaigns.models import MonthLock, ReachReport
from campaigns.reach.models import Status
from tests.factories import reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db

APRIL = MARCH.replace(month=4)
LISTING = reverse("wagtailsnippets_campaigns_reachreport:list")


def edit_url(report):
    return reverse("wagtailsnippets_campaigns_reachreport:edit", args=[report.pk])


def inspect_url(report):
    return reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[report.pk])


def title_link(html, report) -> str:
    """The href of the report's main link (the title cell) in the listing."""
    found = re.search(rf'<a href="([^"]+)">\s*<span id="snippet_{report.pk}_title"', html)
    assert found, f"no main link for report {report.pk}"
    return found.group(1)


def status_of(report):
    return ReachReport.objects.get(pk=report.pk).status


@pytest.fixture
def reports(world):
    """Senegal: one report per status (March, regions and channels varied); Guinea: a
    submitted one."""

    def make(region, channel, month, status, campaign=None, organisation=None):
        return reach_report(
            campaign or world.sn_campaign, organisation or world.iom_senegal, region, channel,
            month, {world.broadcasts: 5}, status=status,
        )  # fmt: skip

    return {
        "draft": make(world.dakar, world.radio, MARCH, Status.DRAFT),
        "returned": make(world.thies, world.radio, MARCH, Status.RETURNED),
        "submitted": make(world.dakar, world.sessions, MARCH, Status.SUBMITTED),
        "submitted2": make(world.thies, world.sessions, MARCH, Status.SUBMITTED),
        "validated": make(world.dakar, world.radio, APRIL, Status.VALIDATED),
        "locked": make(world.thies, world.radio, APRIL, Status.LOCKED),
        "gn_submitted": make(
            world.conakry,
            world.radio,
            MARCH,
            Status.SUBMITTED,
            campaign=world.gn_campaign,
            organisation=world.radio_guinea,
        ),  # fmt: skip
    }


# --- Item 1: the main link -------------------------------------------------------------------


@pytest.mark.parametrize("user", ["sn_reporter", "me_officer"])
def test_the_main_link_opens_what_the_user_may_open(client, world, reports, user):
    client.force_login(getattr(world, user))
    html = client.get(LISTING).content.decode()
    for key in ("submitted", "validated", "locked"):
        report = reports[key]
        assert title_link(html, report) == inspect_url(report), key
        assert edit_url(report) not in html, key  # nor an "Edit" row button
        screen = client.get(title_link(html, report))
        assert screen.status_code == 200, key
    for key in ("draft", "returned"):
        assert title_link(html, reports[key]) == edit_url(reports[key]), key
        assert client.get(edit_url(reports[key])).status_code == 200


def test_a_report_in_a_locked_month_opens_its_screen(client, world, reports):
    MonthLock.objects.create(country=world.senegal, month=MARCH, locked_by=world.me_officer)
    client.force_login(world.sn_reporter)
    html = client.get(LISTING).content.decode()
    draft = reports["draft"]
    assert title_link(html, draft) == inspect_url(draft)
    screen = client.get(inspect_url(draft)).content.decode()
    assert reverse("reach_reports:correct", args=[draft.pk]) in screen  # its step is offered
