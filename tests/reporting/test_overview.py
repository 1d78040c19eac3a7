"""Reach > Reporting overview: each organisation's state per month and country (late by the
configured due day, due, draft, returned, submitted, validated), scoped by campaigns.reach.access,
refused to the roles that do not report, in a number of queries that does not grow with the
reports; and Settings > Reporting settings, the due day, for M&E officers and administrators."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.access.roles import ADMINISTRATORS, FINANCE, TRANSLATORS
from campaigns.models import CampaignPage, ReportingSettings
from campaigns.reporting.overview import (
    DRAFT,
    DUE,
    LATE,
    RETURNED,
    SUBMITTED,
    VALIDATED,
    build_overview,
)
from tests.factories import OrganisationFactory, RegionFactory, reach_report, role_user

MAR, APR, MAY = (datetime.date(2026, month, 1) for month in (3, 4, 5))
OVERVIEW = reverse("reporting:overview")
SETTINGS = reverse("wagtailsettings:edit", args=["campaigns", "reportingsettings"])


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    """March: IOM Senegal validated + one submitted; April: returned; May: a draft only.
    Radio Guinée: nothing in March, a validated report in April. Everything in the module's
    transaction (rolled back with the world)."""
    w = world_data
    with django_db_blocker.unblock():
        CampaignPage.objects.filter(pk__in=[w.sn_campaign.pk, w.gn_campaign.pk]).update(
            start_date=datetime.date(2025, 1, 1), end_date=None
        )
        ReportingSettings.objects.update(reports_due_day=10)
        sn, gn = w.iom_senegal, w.radio_guinea

        def report(campaign, organisation, region, channel, month, status, **fields):
            return reach_report(
                campaign, organisation, region, channel, month, {w.people: 10}, status=status,
                **fields,
            )  # fmt: skip

        waiting = report(
            w.sn_campaign, sn, w.dakar, w.radio, MAR, "submitted",
            submitted_at=datetime.datetime(2026, 4, 3, tzinfo=datetime.UTC),
        )  # fmt: skip
        report(w.sn_campaign, sn, w.thies, w.radio, MAR, "validated")
        returned = report(
            w.sn_campaign, sn, w.dakar, w.radio, APR, "returned", return_reason="Totals?"
        )
        draft = report(w.sn_campaign, sn, w.dakar, w.radio, MAY, "draft")
        gn_report = report(w.gn_campaign, gn, w.conakry, w.radio, APR, "validated")
    return {"waiting": waiting, "returned": returned, "draft": draft, "gn_report": gn_report}


def states(overview) -> dict:
    return {
        (block.country.code, block.month, row.name): row.state
        for block in overview.blocks
        for row in block.rows
    }


def denied(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


# --- The states ---------------------------------------------------------------------------------


def test_each_organisation_month_has_its_state(world, data):
    overview = build_overview(world.me_officer, MAR, MAY, today=datetime.date(2026, 6, 11))
    assert states(overview) == {
        ("SN", MAR, "IOM Senegal"): SUBMITTED,  # one waits, even if another is validated
        ("SN", APR, "IOM Senegal"): RETURNED,
        ("SN", MAY, "IOM Senegal"): LATE,  # a draft is not a submission; due by 10 June
        ("GN", MAR, "Radio Guinée"): LATE,  # nothing at all
        ("GN", APR, "Radio Guinée"): VALIDATED,
        ("GN", MAY, "Radio Guinée"): LATE,
    }
    assert [(month, blocks[0].due) for month, _due, blocks in overview.by_month()] == [
        (MAY, datetime.date(2026, 6, 10)),
        (APR, datetime.date(2026, 5, 10)),
        (MAR, datetime.date(2026, 4, 10)),
    ]


def test_before_the_due_day_a_month_is_due_or_draft_then_late(world, data):
    june_10, june_11 = datetime.date(2026, 6, 10), datetime.date(2026, 6, 11)
    on_the_day = states(build_overview(world.me_officer, MAY, MAY, today=june_10))
    assert on_the_day == {("SN", MAY, "IOM Senegal"): DRAFT, ("GN", MAY, "Radio Guinée"): DUE}
    after = states(build_overview(world.me_officer, MAY, MAY, today=june_11))
    assert set(after.values()) == {LATE}


def test_the_configured_due_day_decides_late_or_due(world, data):
    june_12 = datetime.date(2026, 6, 12)
    assert set(states(build_overview(world.me_officer, MAY, MAY, today=june_12)).values()) == {LATE}
    ReportingSettings.objects.update(reports_due_day=15)
    overview = build_overview(world.me_officer, MAY, MAY, today=june_12)
    assert overview.due_day == 15
    assert set(states(overview).values()) == {DRAFT, DUE}


def test_rows_link_to_their_reports(world, data):
    overview = build_overview(world.me_officer, MAR, APR, today=datetime.date(2026, 6, 1))
    rows = {(block.country.code, block.month): row for block, row in overview.rows()}
    one = rows[("SN", APR)]
    assert one.url == reverse(
        "wagtailsnippets_campaigns_reachreport:inspect", args=[data["returned"].pk]
    )
    two = rows[("SN", MAR)]
    listing = reverse("wagtailsnippets_campaigns_reachreport:list")
    assert two.url.startswith(listing) and "month=2026-03" in two.url
    assert f"organisation={world.iom_senegal.pk}" in two.url and "is_current=true" in two.url
    assert [(label, count) for label, count, _url in two.by_status] == [
        ("Submitted", "1"),
        ("Validated", "1"),
    ]
    assert "status=submitted" in two.by_status[0][2]
    assert rows[("GN", MAR)].url is None  # nothing to open
    assert [report.pk for report in overview.waiting] == [data["waiting"].pk]
    assert overview.waiting_total == 1


def test_the_screen_shows_states_waiting_reports_and_links(client, world, data):
    client.force_login(world.me_officer)
    response = client.get(OVERVIEW, {"month_from": "2026-03", "month_to": "2026-05"})
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("IOM Senegal", "Radio Guinée", "Waiting for validation", "Returned", "Late"):
        assert text in html
    inspect = reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[data["waiting"].pk])
    assert f'href="{inspect}"' in html
    assert 'data-state="validated"' in html
    assert SETTINGS in html  # "Change the due day"
    only_late = client.get(
        OVERVIEW, {"month_from": "2026-03", "month_to": "2026-05", "state": LATE}
    ).content.decode()
    assert 'data-state="late"' in only_late and 'data-state="validated"' not in only_late


def test_a_wrong_period_is_refused_and_the_last_months_shown(client, world, data):
    client.force_login(world.me_officer)
    for query in (
        {"month_from": "2026-05", "month_to": "2026-03"},
        {"month_from": "2020-01", "month_to": "2026-03"},  # more than 24 months
        {"month_to": "2999-01"},
        {"month_from": "not-a-month"},
    ):
        response = client.get(OVERVIEW, query)
        assert response.status_code == 200, query
        assert "error-message" in response.content.decode() or response.context["form"].errors


# --- Who sees what ------------------------------------------------------------------------------


def test_a_guinea_reporter_sees_no_senegal_organisation(client, world, data):
    overview = build_overview(world.gn_reporter, MAR, MAY, today=datetime.date(2026, 6, 11))
    assert {code for code, _month, _name in states(overview)} == {"GN"}
    assert overview.waiting == [] and overview.waiting_total == 0
    client.force_login(world.gn_reporter)
    for query in (
        {"month_from": "2026-03", "month_to": "2026-05"},
        {"month_from": "2026-03", "month_to": "2026-05", "country": world.senegal.pk},
        {"month_from": "2026-03", "month_to": "2026-05", "state": SUBMITTED},
    ):
        html = client.get(OVERVIEW, query).content.decode()
        assert "Senegal" not in html and "Sénégal" not in html, query
        assert "IOM Senegal" not in html and "Dakar" not in html
    html = client.get(OVERVIEW, {"month_from": "2026-03", "month_to": "2026-05"}).content.decode()
    assert "Radio Guinée" in html
    assert reverse("wagtailsnippets_campaigns_reachreport:add") in html  # late: add a report


def test_a_senegal_reporter_sees_their_organisation_only(world, data):
    overview = build_overview(world.sn_reporter, MAR, MAY, today=datetime.date(2026, 6, 11))
    assert {name for _code, _month, name in states(overview)} == {"IOM Senegal"}
    assert [report.pk for report in overview.waiting] == [data["waiting"].pk]


def test_an_organisation_reporting_elsewhere_shows_in_its_own_country_only(world, data):
    both = OrganisationFactory(name="Both Ways NGO", countries=[world.guinea])
    reach_report(world.gn_campaign, both, world.conakry, world.radio, MAR, {world.people: 1})
    overview = build_overview(world.me_officer, MAR, MAR, today=datetime.date(2026, 6, 1))
    assert ("GN", MAR, "Both Ways NGO") in states(overview)
    assert ("SN", MAR, "Both Ways NGO") not in states(overview)
    filtered = build_overview(world.me_officer, MAR, MAR, country=world.senegal)
    assert {code for code, _month, _name in states(filtered)} == {"SN"}


def test_roles_that_do_not_report_are_refused(client, world, data):
    finance = role_user(FINANCE, "finance-officer")
    translator = role_user(TRANSLATORS, "translator")
    for user in (world.editor, world.reviewer, finance, translator):
        client.force_login(user)
        assert denied(client.get(OVERVIEW)), user.username
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert OVERVIEW not in home, user.username  # no menu item
    client.logout()
    assert client.get(OVERVIEW)["Location"].startswith(reverse("wagtailadmin_login"))


def test_reporters_and_validators_find_it_in_the_reach_menu(client, world, data):
    admin = role_user(ADMINISTRATORS, "administrator")
    for user in (world.sn_reporter, world.me_officer, admin):
        client.force_login(user)
        assert client.get(OVERVIEW).status_code == 200, user.username
        assert OVERVIEW in client.get(reverse("wagtailadmin_home")).content.decode()


# --- Queries ------------------------------------------------------------------------------------


def count_queries(client, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(OVERVIEW, query).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_reports(client, world, data):
    query = {"month_from": "2026-01", "month_to": "2026-06"}
    users = (world.me_officer, world.sn_reporter)

    def counts():
        found = []
        for user in users:
            client.force_login(user)
            count_queries(client, query)  # caches warmed
            found.append(count_queries(client, query))
        return found

    small = counts()
    regions = [RegionFactory(country=world.senegal, code=f"SN-Q{n}") for n in range(4)]
    more = [OrganisationFactory(name=f"NGO {n}", countries=[world.senegal]) for n in range(2)]
    for organisation in [world.iom_senegal, *more]:  # 36 reports more, 2 organisations more
        for region in regions:
            for month in (1, 2, 4):
                reach_report(
                    world.sn_campaign, organisation, region, world.sessions,
                    datetime.date(2026, month, 1), {world.people: 3},
                    status=("submitted", "validated", "returned", "draft")[month % 4],
                )  # fmt: skip
    assert counts() == small
    assert max(small) <= 25


# --- Settings > Reporting settings --------------------------------------------------------------


def test_m_and_e_officers_change_the_due_day(client, world, data):
    client.force_login(world.me_officer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert SETTINGS in home  # Settings > Reporting settings
    edit = client.get(SETTINGS, follow=True)
    assert edit.status_code == 200
    url = edit.redirect_chain[-1][0]
    assert client.post(url, {"reports_due_day": "28"}).status_code == 302
    assert ReportingSettings.objects.get().reports_due_day == 28
    for wrong in ("0", "29", "x"):
        response = client.post(url, {"reports_due_day": wrong})
        assert response.status_code == 200
        assert ReportingSettings.objects.get().reports_due_day == 28


def test_only_m_and_e_officers_and_administrators_may_change_it(client, world, data):
    row = ReportingSettings.objects.get()
    url = reverse("wagtailsettings:edit", args=["campaigns", "reportingsettings", row.pk])
    finance = role_user(FINANCE, "finance-officer")
    for user in (world.sn_reporter, world.gn_reporter, world.editor, world.reviewer, finance):
        client.force_login(user)
        assert SETTINGS not in client.get(reverse("wagtailadmin_home")).content.decode()
        assert denied(client.get(url)), user.username
        assert denied(client.post(url, {"reports_due_day": "1"})), user.username
    assert ReportingSettings.objects.get().reports_due_day == 10
    client.force_login(role_user(ADMINISTRATORS, "administrator"))
    assert client.post(url, {"reports_due_day": "5"}).status_code == 302
    assert ReportingSettings.objects.get().reports_due_day == 5
