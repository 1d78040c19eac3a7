"""Cost per person reached (issue 13, "What no other tool gives"): allocations over validated
direct reach in the same months, per currency, by funder, agreement, campaign and channel; the
screen, its exports, and who may open it."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.users.models import UserProfile

from campaigns.access.roles import ADMINISTRATORS, FINANCE, TRANSLATORS
from campaigns.funding.models import FundingAgreement
from campaigns.reporting import cost
from campaigns.reporting.filters import ReachFilter
from tests.factories import (
    IndicatorFactory,
    agreement,
    allocation,
    funder,
    reach_report,
    role_user,
)

JAN, FEB, MAR, APR, MAY, JUN = (datetime.date(2026, month, 1) for month in range(1, 7))
TODAY = datetime.date(2026, 6, 15)
URL = reverse("reporting:cost")
VALIDATED = {"status": "validated"}


def build(w):
    """EU (EUR): 12,000 to Senegal's campaign over January-June (2,000 a month) and 3,000 to
    Guinea's over January-March; Belgium (XOF): 600,000 to Senegal's over March-April. Validated
    direct reach: Senegal January 100 radio + 300 sessions, February 200 radio, March 400 radio
    (locked); April submitted only; Guinea January 50 radio. Audience estimates, drafts and a draft
    agreement must change nothing."""
    eu = funder("European Union")
    belgium = funder("Belgian Immigration Office", logo=False)
    eu_deal = agreement(eu, "EU-AMIF-01", "100000.00", "EUR")
    be_deal = agreement(belgium, "BE-IO-07", "5000000", "XOF")
    draft_deal = agreement(eu, "EU-DRAFT", "9000.00", "EUR", status="draft")
    allocation(eu_deal, w.sn_campaign, "12000.00", start_date=JAN, end_date=JUN.replace(day=30))
    allocation(eu_deal, w.gn_campaign, "3000.00", start_date=JAN, end_date=MAR.replace(day=31))
    allocation(be_deal, w.sn_campaign, "600000", start_date=MAR, end_date=APR.replace(day=30))
    allocation(draft_deal, w.sn_campaign, "9000.00", start_date=JAN, end_date=MAR.replace(day=31))
    audience = IndicatorFactory(code="audience", kind="audience_estimate", unit="people")
    sn, gn = w.sn_campaign, w.gn_campaign
    for month, channel, people, status in (
        (JAN, w.radio, 100, "validated"),
        (JAN, w.sessions, 300, "validated"),
        (FEB, w.radio, 200, "validated"),
        (MAR, w.radio, 400, "locked"),
        (APR, w.radio, 1000, "submitted"),
    ):
        reach_report(sn, w.iom_senegal, w.dakar, channel, month,
                     {w.people: people, audience: 1_000_000}, status=status)  # fmt: skip
    reach_report(sn, w.iom_senegal, w.thies, w.radio, MAY, {w.people: 77})  # a draft
    reach_report(gn, w.radio_guinea, w.conakry, w.radio, JAN, {w.people: 50}, **VALIDATED)
    w.eu, w.belgium, w.eu_deal, w.be_deal, w.audience = eu, belgium, eu_deal, be_deal, audience
    return w


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    with django_db_blocker.unblock():
        return build(world_data)


@pytest.fixture(autouse=True)
def no_cached_sums():
    """The core caches grouped sums (campaigns.reporting.figures.cached): each test starts
    without another's."""
    cache.clear()


def rows_of(report, level) -> dict:
    """(name, currency) -> row, the name being the level's own label."""
    return {(row.labels[level], row.currency): row for row in report.rows[level]}


EVERYTHING = ReachFilter()


def report_for(user, flt=EVERYTHING, indicator=None):
    return cost.cost_per_person(user, flt, indicator, today=TODAY)


# --- The figures -------------------------------------------------------------------------------


def test_cost_by_funder_counts_months_with_figures_and_shows_the_rest_apart(data, db):
    report = report_for(data.me_officer)
    by_funder = rows_of(report, "funder")
    eu = by_funder[("European Union", "EUR")]
    # January-March in Senegal (6,000) and January in Guinea (1,000) have figures.
    assert (eu.amount, eu.reached) == (Decimal(7000), 1050)
    assert eu.cost == Decimal(7000) / 1050
    # April (submitted only), May (a draft), June (nothing) and Guinea's February-March.
    assert eu.amount_without_figures == Decimal(8000)
    assert eu.months_without_figures == {FEB, MAR, APR, MAY, JUN}
    belgium = by_funder[("Belgian Immigration Office", "XOF")]
    assert (belgium.amount, belgium.reached, belgium.cost) == (300000, 400, 750)
    assert belgium.amount_without_figures == 300000
    assert set(by_funder) == {("European Union", "EUR"), ("Belgian Immigration Office", "XOF")}


def test_months_without_figures_are_named_per_campaign_in_runs(data, db):
    """The EU's February lacks Guinea's figures only (Senegal's are validated): a funder's row
    names each campaign's months rather than merging them."""
    report = report_for(data.me_officer)
    eu = rows_of(report, "funder")[("European Union", "EUR")]
    assert eu.gap_lines() == ["Desert (SN): April – June 2026", "Sea (GN): February – March 2026"]
    assert eu.gap_count == 5
    sea = rows_of(report, "campaign")[("Sea (GN)", "EUR")]
    assert sea.gap_lines() == ["February – March 2026"]
    assert cost.month_runs({JAN, MAR, APR, datetime.date(2025, 12, 1)}) == (
        "December 2025 – January 2026, March – April 2026"
    )


def test_currencies_are_never_added_together(data, db):
    by_campaign = rows_of(report_for(data.me_officer), "campaign")
    assert by_campaign[("Desert (SN)", "EUR")].cost == Decimal(6000) / 1000
    assert by_campaign[("Desert (SN)", "XOF")].cost == 750
    assert by_campaign[("Sea (GN)", "EUR")].cost == 20
    assert {row.currency for row in report_for(data.me_officer).rows["agreement"]} == {
        "EUR",
        "XOF",
    }


def test_channels_share_each_months_money_pro_rata_of_direct_reach(data, db):
    by_channel = rows_of(report_for(data.me_officer), "channel")
    radio, sessions = by_channel[("Radio", "EUR")], by_channel[("Community sessions", "EUR")]
    # January's 2,000: a quarter to radio (100 of 400), three quarters to sessions.
    assert (radio.amount, radio.reached) == (Decimal(500 + 2000 + 2000 + 1000), 750)
    assert (sessions.amount, sessions.reached, sessions.cost) == (Decimal(1500), 300, 5)
    unshared = by_channel[("Not shared between channels", "EUR")]
    assert unshared.reached is None and unshared.cost is None and unshared.state == "no_figures"
    assert unshared.amount_without_figures == Decimal(8000)
    assert by_channel[("Radio", "XOF")].cost == 750


def test_a_row_without_figures_has_no_cost_never_zero(data, db):
    report = report_for(data.me_officer, ReachFilter(month_from=APR, month_to=JUN))
    for level in cost.LEVELS:
        for row in report.rows[level]:
            assert row.reached is None and row.cost is None and row.state == "no_figures", row
            assert row.amount == 0 and row.amount_without_figures > 0


def test_no_one_reached_is_not_a_cost_either(data, db):
    from campaigns.models import ReachReport, ReachValue

    ReachValue.objects.filter(report__campaign=data.gn_campaign).update(total=0)
    ReachReport.objects.filter(campaign=data.gn_campaign).update(updated_at=timezone.now())
    row = rows_of(report_for(data.me_officer), "campaign")[("Sea (GN)", "EUR")]
    assert (row.reached, row.cost, row.state) == (0, None, "no_one")


def test_the_period_funder_and_agreement_filters(data, db):
    spring = ReachFilter(month_from=FEB, month_to=MAR)
    eu = rows_of(report_for(data.me_officer, spring), "funder")[("European Union", "EUR")]
    assert (eu.amount, eu.reached, eu.amount_without_figures) == (Decimal(4000), 600, 2000)
    only_belgium = report_for(data.me_officer, ReachFilter(funders=(data.belgium.pk,)))
    assert {row.currency for row in only_belgium.rows["campaign"]} == {"XOF"}
    only_eu = report_for(data.me_officer, ReachFilter(agreements=(data.eu_deal.pk,)))
    assert set(rows_of(only_eu, "agreement")) == {("EU-AMIF-01 · Prevention campaigns in West "
                                                   "Africa", "EUR")}  # fmt: skip
    guinea = report_for(data.me_officer, ReachFilter(countries=(data.guinea.pk,)))
    assert set(rows_of(guinea, "campaign")) == {("Sea (GN)", "EUR")}


def test_months_to_come_and_cancelled_agreements_do_not_count(data, db):
    early = cost.cost_per_person(data.me_officer, ReachFilter(), today=datetime.date(2026, 2, 3))
    eu = rows_of(early, "funder")[("European Union", "EUR")]
    assert eu.amount + eu.amount_without_figures == Decimal(2000 * 2 + 1000 * 2)
    FundingAgreement.objects.filter(pk=data.be_deal.pk).update(status="cancelled")
    assert "XOF" not in {row.currency for row in report_for(data.me_officer).rows["funder"]}


def test_audience_estimates_are_never_counted_as_people_reached(data, db):
    assert list(cost.direct_reach_indicators()) == [data.people]
    report = report_for(data.me_officer, indicator=data.audience)  # even if asked by hand
    assert report.indicator == data.people
    assert rows_of(report, "funder")[("European Union", "EUR")].reached == 1050


def test_finance_reads_the_published_figures_and_gets_the_same_costs(data, db):
    mine = report_for(data.me_officer)
    published = report_for(None)
    for level in cost.LEVELS:
        assert [(r.key, r.amount, r.reached) for r in mine.rows[level]] == [
            (r.key, r.amount, r.reached) for r in published.rows[level]
        ]


def test_a_fixed_number_of_queries_whatever_the_allocations(data, db):
    def count():
        cache.clear()  # the grouped sums computed, not read from the cache
        with CaptureQueriesContext(connection) as context:
            report_for(data.me_officer)
        return len(context.captured_queries)

    few = count()
    for number in range(5):
        deal = agreement(data.eu, f"EU-MORE-{number}", "1000.00", "EUR")
        allocation(deal, data.sn_campaign, "600.00", start_date=JAN, end_date=MAR.replace(day=31))
        allocation(deal, data.gn_campaign, "300.00", start_date=FEB, end_date=FEB)
    assert count() == few


# --- The screen, its exports and who opens it -------------------------------------------------


def menu_names(user) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    names = set()
    for item in admin_menu.menu_items_for_request(request):
        if isinstance(item, SubmenuMenuItem):
            names |= {child.name for child in item.menu.menu_items_for_request(request)}
    return names


@pytest.fixture
def finance(data, db):
    return role_user(FINANCE, "finance-officer")


def test_me_officers_finance_and_administrators_open_it_from_the_reach_menu(data, finance):
    administrator = role_user(ADMINISTRATORS, "administrator")
    for user in (data.me_officer, finance, administrator):
        assert "cost-per-person-reached" in menu_names(user), user


@pytest.mark.parametrize("who", ["sn_reporter", "gn_reporter", "editor", "reviewer", "translator"])
def test_other_roles_are_refused_and_not_offered_the_menu(client, data, db, who):
    user = role_user(TRANSLATORS, "translator") if who == "translator" else getattr(data, who)
    assert "cost-per-person-reached" not in menu_names(user)
    client.force_login(user)
    for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
        response = client.get(URL, params)
        refused = response.status_code == 403 or (
            response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        )  # Wagtail turns an admin view's PermissionDenied into a redirect with a message
        assert refused, (who, params, response.status_code)
        assert b"European Union" not in response.content


def test_anonymous_visitors_are_sent_to_sign_in(client, data, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_screen_explains_the_method_and_shows_no_figures_as_such(client, data, finance):
    client.force_login(finance)
    html = client.get(URL, {"month_from": "2026-01", "month_to": "2026-06"}).content.decode()
    assert "How it is counted" in html
    assert "in proportion to the people each reached directly" in html
    assert "€6.67" in html  # the EU: 7,000 over 1,050 people
    assert "F\u202fCFA750" in html  # Belgium: 300,000 over 400 people, in its own currency
    assert "No figures yet" in html and "€0.00" not in html


def test_the_screen_folds_the_months_without_figures_under_their_count(client, data, finance):
    from bs4 import BeautifulSoup

    client.force_login(finance)
    page = BeautifulSoup(client.get(URL).content.decode(), "html.parser")
    funder = page.select_one('[data-cost-level="funder"]')
    summaries = [s.get_text(strip=True) for s in funder.select("[data-cost-gaps] summary")]
    assert "5 campaign-months" in summaries, summaries
    assert "Sea (GN): February – March 2026" in funder.get_text()
    campaign = page.select_one('[data-cost-level="campaign"]')
    summaries = [s.get_text(strip=True) for s in campaign.select("[data-cost-gaps] summary")]
    assert "2 months" in summaries and "3 months" in summaries, summaries


def test_the_screen_in_french(client, data, db):
    profile = UserProfile.get_for_user(data.me_officer)
    profile.preferred_language = "fr"
    profile.save(update_fields=["preferred_language"])
    client.force_login(data.me_officer)
    html = client.get(URL, {"month_from": "2026-01", "month_to": "2026-06"}).content.decode()
    assert "6,67\xa0€" in html  # Babel's French: comma, then the symbol
    assert "1\u202f050" in html


def test_an_unknown_export_format_is_404(client, data, db):
    client.force_login(data.me_officer)
    assert client.get(URL, {"export": "pdf"}).status_code == 404


def csv_table(response) -> tuple[list[str], list[dict]]:
    """(the lines above the table, its rows)."""
    text = response.content.decode("utf-8-sig")
    head, _blank, table = text.partition("\r\n\r\n")
    return head.splitlines(), list(csv.DictReader(io.StringIO(table)))


def test_the_csv_export_has_the_filters_and_the_method_above_numbers(client, data, db):
    client.force_login(data.me_officer)
    response = client.get(URL, {"export": "csv", "month_from": "2026-02", "month_to": "2026-03"})
    assert response.status_code == 200
    lines, rows = csv_table(response)
    assert lines[0] == "Cost per person reached"
    text = "\n".join(lines)
    assert "Period: " in text and "Indicator: People reached" in text
    assert "in proportion to the people each reached directly" in text
    assert "Organisations" not in text
    eu = next(r for r in rows if r["Grouped by"] == "By funder" and r["Currency"] == "EUR")
    assert (eu["Funder"], eu["Amount of the months with figures"]) == ("European Union", "4000.00")
    assert (eu["People reached directly"], eu["Cost per person reached"]) == ("600", "6.6667")
    assert eu["Amount of the months without figures yet"] == "2000.00"
    guinea = next(
        r for r in rows if r["Grouped by"] == "By campaign" and r["Campaign"] == "Sea (GN)"
    )
    assert guinea["Cost per person reached"] == "" and guinea["Note"] == "No figures yet"


def test_the_xlsx_export_keeps_numbers_as_numbers(client, data, finance):
    client.force_login(finance)
    response = client.get(URL, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    cells = [row for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(cells) if row and row[0] == "Grouped by")
    headings = cells[start]
    rows = [dict(zip(headings, (*r, *[None] * (len(headings) - len(r))), strict=True))
            for r in cells[start + 1 :]]  # fmt: skip
    xof = next(r for r in rows if r["Grouped by"] == "By funder" and r["Currency"] == "XOF")
    assert (
        xof["Amount of the months with figures"] == 300000 and xof["Cost per person reached"] == 750
    )
    assert xof["People reached directly"] == 400
