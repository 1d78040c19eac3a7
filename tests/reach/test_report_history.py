"""Issue 10, item 12: a report's history and usage screens answer instead of crashing.

Wagtail's history and usage views call ``get_object()`` with no argument; the mixin that keeps
them to reports the user may see (campaigns.reach.viewsets.reports.VisibleReportMixin) took one and
gave a 500 to everyone. They open for whoever sees the report and stay 404 for the others.
"""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.access.roles import ADMINISTRATORS
from tests.factories import role_user

from .conftest import MARCH

pytestmark = pytest.mark.django_db

VIEWS = ["history", "history_results", "usage"]


@pytest.fixture
def report(world):
    from tests.factories import reach_report

    return reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.broadcasts: 11}, notes="Dakar radio figures",
    )  # fmt: skip


def get(user, view, report):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    url = reverse(f"wagtailsnippets_campaigns_reachreport:{view}", args=[report.pk])
    return client.get(url)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("who", ["editor", "reviewer", "me_officer", "sn_reporter", "admin"])
def test_those_who_see_the_report_open_its_history_and_usage(world, report, view, who):
    user = role_user(ADMINISTRATORS, "administrator") if who == "admin" else getattr(world, who)
    response = get(user, view, report)
    assert response.status_code == 200
    if view == "history":
        assert str(report.campaign) in response.content.decode()


@pytest.mark.parametrize("view", VIEWS)
def test_a_reporter_of_another_organisation_gets_a_404(world, report, view):
    assert get(world.gn_reporter, view, report).status_code == 404


@pytest.mark.parametrize("view", VIEWS)
def test_an_unknown_report_is_a_404(world, report, view):
    report.pk += 1000
    assert get(world.editor, view, report).status_code == 404
