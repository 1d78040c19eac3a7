"""Attacks on the reporting screens of issue 13, read from the URL list: a Guinea reporter
hunting Senegal figures through every screen, grouping, forged filter and export; roles that
must be refused; formula injection in every export; hostile GET parameters; recovering a
suppressed open-data figure by subtracting two filtered views; the reporting settings.

Tests marked ``xfail(strict=True)`` are findings that still stand (the reason says what leaks);
the others guard attacks that are refused today."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from campaigns.access.roles import ADMINISTRATORS, FINANCE, TRANSLATORS
from campaigns.models import ReportingSettings, Target
from tests.factories import (
    OrganisationFactory,
    agreement,
    allocation,
    funder,
    reach_report,
    role_user,
)
from tests.reporting.test_export_tasks import ask

NOV25, MAR, APR = datetime.date(2025, 11, 1), datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
FORMULA = '=HYPERLINK("http://evil.example/x","click")'
# What a Guinea reporter must never read anywhere.
SENEGAL_MARKS = re.compile(r"Senegal|S&#xE9;n&#xE9;gal|Sénégal|Dakar|Thi[eè]s|Desert|73.?519")
SN_VALUE, SN_SUBMITTED, GN_VALUE, GN_SMALL = 73519, 86247, 61830, 4

DASHBOARD = reverse("reporting:dashboard")
OVERVIEW = reverse("reporting:overview")
LANGUAGES = reverse("reporting:languages")
COST = reverse("reporting:cost")
IATI = reverse("reporting:iati")
TARGETS = reverse("wagtailsnippets_campaigns_target:list")
REPORTS = reverse("wagtailsnippets_campaigns_reachreport:list")
OPEN_DATA = "/en/open-data/"
SETTINGS_REDIRECT = reverse("wagtailsettings:edit", args=["campaigns", "reportingsettings"])
DIMENSIONS = ("country", "campaign", "channel", "region", "language", "material", "organisation",
              "month")  # fmt: skip


def export(fmt):
    return reverse("reporting:dashboard_export", args=[fmt])


def settings_url():
    pk = ReportingSettings.objects.values_list("pk", flat=True).get()
    return reverse("wagtailsettings:edit", args=["campaigns", "reportingsettings", pk])


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    """Senegal: 73,519 people (validated, Dakar) and 86,247 submitted (Thiès), funded by a
    Senegal-only agreement SN-SECRET. Guinea: 61,830 people (validated, Conakry) in March 2026
    and 4 in November 2025; an organisation, a region and a campaign title that are formulas."""
    w = world_data
    with django_db_blocker.unblock():
        w.translator = role_user(TRANSLATORS, "att-translator")
        w.finance = role_user(FINANCE, "att-finance")
        w.admin = role_user(ADMINISTRATORS, "att-admin")
        w.evil_org = OrganisationFactory(
            name=FORMULA, kind="radio_station", countries=[w.guinea], members=[w.gn_reporter]
        )
        w.conakry.name = FORMULA
        w.conakry.save()
        w.gn_campaign.title = FORMULA
        w.gn_campaign.save_revision().publish()
        secret = funder(name="SN-SECRET Funder", logo=False, discloses_amounts=False)
        allocation(agreement(secret, reference="SN-SECRET-AGR", amount="5000.00"), w.sn_campaign,
                   amount="1234.00")  # fmt: skip
        reach_report(
            w.sn_campaign, w.iom_senegal, w.dakar, w.radio, MAR,
            {w.people: (SN_VALUE, [("female", w.youth, 40000), ("male", w.adults, 33519)])},
            status="validated", language="wo", material=w.poster,
        )  # fmt: skip
        reach_report(w.sn_campaign, w.iom_senegal, w.thies, w.radio, APR,
                     {w.people: SN_SUBMITTED}, status="submitted")  # fmt: skip
        reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.sessions, APR, {w.people: 55},
                     status="returned", return_reason="RETURN-REASON-SECRET")  # fmt: skip
        reach_report(w.gn_campaign, w.radio_guinea, w.conakry, w.radio, MAR,
                     {w.people: GN_VALUE}, status="validated")  # fmt: skip
        reach_report(w.gn_campaign, w.evil_org, w.conakry, w.radio, NOV25,
                     {w.people: GN_SMALL}, status="validated")  # fmt: skip
        Target.objects.create(campaign=w.sn_campaign, indicator=w.people, value=100000)
        Target.objects.create(campaign=w.gn_campaign, indicator=w.people, value=90000)
    return w


def no_senegal(text: str) -> list[str]:
    return SENEGAL_MARKS.findall(text)


def raw(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def body(response) -> str:
    return raw(response).decode("utf-8-sig", "replace")


def denied(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302
        and response["Location"].split("?")[0] in (reverse("wagtailadmin_home"), "/admin/login/")
    )


def csv_formulas(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if cell.lstrip(" ").startswith(("=", "+", "@"))]  # fmt: skip


def xlsx_formulas(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f"]  # fmt: skip


# --- A Guinea reporter hunts Senegal -------------------------------------------------------------


def sn_params(w):
    return {"country": w.senegal.pk, "campaign": w.sn_campaign.pk,
            "organisation": w.iom_senegal.pk, "month_from": "2020-01"}  # fmt: skip


@pytest.mark.parametrize("by", DIMENSIONS)
def test_gn_reporter_dashboard_every_grouping(data, client, db, by):
    client.force_login(data.gn_reporter)
    for params in ({"by": by, "month_from": "2020-01"}, {"by": by, **sn_params(data)},
                   {"by": by, "include_submitted": "on", "month_from": "2020-01"}):  # fmt: skip
        response = client.get(DASHBOARD, params)
        assert response.status_code == 200
        assert no_senegal(body(response)) == [], params
        for fmt in ("csv", "xlsx", "hxl"):
            response = ask(client, export(fmt), params)
            assert response.status_code in (200, 302)
            if fmt != "xlsx" and response.status_code == 200:
                assert no_senegal(body(response)) == [], (fmt, params)


def test_gn_reporter_dashboard_export_xlsx_has_no_senegal(data, client, db):
    client.force_login(data.gn_reporter)
    for by in DIMENSIONS:
        response = ask(client, export("xlsx"), {"by": by, "month_from": "2020-01"})
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = " ".join(str(c.value) for s in book for r in s.iter_rows() for c in r)
        assert no_senegal(cells) == [], by


def test_gn_reporter_sees_their_own_figure(data, client, db):
    """The scoping is not blanket emptiness: the reporter's own figure is there."""
    client.force_login(data.gn_reporter)
    response = ask(client, export("csv"), {"by": "organisation", "month_from": "2020-01"})
    assert str(GN_VALUE) in body(response)


def test_gn_reporter_dashboard_filter_lists_no_senegal_agreement(data, client, db):
    client.force_login(data.gn_reporter)
    assert "SN-SECRET" not in body(client.get(DASHBOARD))


def test_gn_reporter_overview(data, client, db):
    client.force_login(data.gn_reporter)
    for params in (
        {},
        {"country": data.senegal.pk},
        {"month_from": "2026-01", "month_to": "2026-06"},
        {"state": "returned", "country": data.senegal.pk},
    ):
        response = client.get(OVERVIEW, params)
        assert response.status_code == 200
        assert no_senegal(body(response)) == [], params
        assert "RETURN-REASON-SECRET" not in body(response)


def test_gn_reporter_languages(data, client, db):
    client.force_login(data.gn_reporter)
    for params in ({"month_from": "2020-01"}, sn_params(data)):
        response = client.get(LANGUAGES, params)
        assert response.status_code == 200
        assert no_senegal(body(response)) == [], params


def test_gn_reporter_targets_listing_and_export(data, client, db):
    client.force_login(data.gn_reporter)
    for params in (
        {},
        {"campaign": data.sn_campaign.pk},
        {"include_submitted": "true"},
        {"export": "csv"},
        {"export": "csv", "campaign": data.sn_campaign.pk},
    ):
        response = client.get(TARGETS, params)
        assert response.status_code == 200, params
        assert no_senegal(body(response)) == [], params
        assert "100000" not in body(response) and "100,000" not in body(response)


def test_gn_reporter_reports_listing_and_export(data, client, db):
    client.force_login(data.gn_reporter)
    for params in (
        {},
        {"organisation": data.iom_senegal.pk},
        {"export": "csv"},
        {"export": "csv", "campaign": data.sn_campaign.pk},
    ):
        response = client.get(REPORTS, params)
        assert response.status_code == 200, params
        assert no_senegal(body(response)) == [], params


def test_gn_reporter_home_panels(data, client, db):
    client.force_login(data.gn_reporter)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert no_senegal(body(response)) == []


# --- Roles that must be refused -------------------------------------------------------------------

REFUSED = [
    (DASHBOARD, ("translator",)),
    (export("csv"), ("translator",)),
    (OVERVIEW, ("translator", "finance", "editor", "reviewer")),
    (LANGUAGES, ("translator", "finance")),
    (COST, ("translator", "gn_reporter", "sn_reporter", "editor", "reviewer")),
    (IATI, ("translator", "gn_reporter", "sn_reporter", "editor", "reviewer")),
    (IATI + "?download=1", ("translator", "gn_reporter", "editor")),
    ("settings", ("translator", "gn_reporter", "editor", "reviewer", "finance")),
]


@pytest.mark.parametrize("url,roles", REFUSED)
def test_roles_refused_by_get_head_post(data, client, db, url, roles):
    url = settings_url() if url == "settings" else url
    for role in roles:
        client.force_login(getattr(data, role))
        for method in ("get", "head", "post"):
            response = getattr(client, method)(url)
            assert denied(response) or response.status_code == 405, (
                role,
                method,
                response.status_code,
            )
        assert url.split("?")[0] not in body(client.get(reverse("wagtailadmin_home"))), role
    client.logout()
    for method in ("get", "head", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response["Location"], method


def test_reporting_settings_due_day_bounds(data, client, db):
    client.force_login(data.me_officer)
    for bad in ("0", "29", "-1", "99999999999", "abc"):
        client.post(settings_url(), {"reports_due_day": bad})
        assert ReportingSettings.objects.get().reports_due_day not in (0, 29, -1, 99999999999)
    response = client.post(settings_url(), {"reports_due_day": "12"})
    assert response.status_code == 302, response.content[:3000]
    assert ReportingSettings.objects.get().reports_due_day == 12


def test_reporting_settings_post_by_reporter_changes_nothing(data, client, db):
    before = ReportingSettings.objects.get().reports_due_day
    client.force_login(data.sn_reporter)
    for url in (settings_url(), SETTINGS_REDIRECT):
        client.post(url, {"reports_due_day": "3" if before != 3 else "4"})
    assert ReportingSettings.objects.get().reports_due_day == before


# --- Formula injection in every export -----------------------------------------------------------


@pytest.mark.parametrize("by", ["organisation", "region", "campaign"])
def test_dashboard_exports_neutralise_formulas(data, client, db, by):
    client.force_login(data.me_officer)
    params = {"by": by, "month_from": "2020-01"}
    for fmt in ("csv", "hxl"):
        text = body(ask(client, export(fmt), params))
        assert "HYPERLINK" in text
        assert csv_formulas(text) == []
    assert xlsx_formulas(raw(ask(client, export("xlsx"), params))) == []


def test_other_exports_neutralise_formulas(data, client, db):
    client.force_login(data.me_officer)
    for url, params in ((TARGETS, {"export": "csv"}), (REPORTS, {"export": "csv"}),
                        (COST, {"export": "csv"}), (OPEN_DATA + "csv/", {"year": "all"}),
                        (OPEN_DATA + "hxl/", {"year": "all"})):  # fmt: skip
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert csv_formulas(body(response)) == [], url
    for url in (TARGETS, REPORTS, COST):
        response = client.get(url, {"export": "xlsx"})
        if response.status_code == 200 and response["Content-Type"].startswith("application/vnd"):
            assert xlsx_formulas(raw(response)) == [], url


def test_languages_exports_neutralise_formulas(data, client, db):
    client.force_login(data.me_officer)
    page = body(client.get(LANGUAGES, {"month_from": "2020-01"}))
    links = set(re.findall(r'href="([^"]*(?:export|format)=[^"]*)"', page))
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        if "xlsx" in link:
            assert xlsx_formulas(raw(response)) == [], link
        else:
            assert csv_formulas(body(response)) == [], link


# --- Hostile parameters: a 4xx or a clean page, never a 500 ------------------------------------

HOSTILE = [
    {"month_from": "9999-12"},
    {"month_from": "2026-13"},
    {"month_from": "99999999999999999999-01"},
    {"month_from": "1999-12", "month_to": "2000-01"},
    {"month_from": "2026-05", "month_to": "2026-01"},
    {"country": "1 OR 1=1"},
    {"campaign": "-1"},
    {"by": "__class__"},
    {"by": ["country", "month"]},
    {"organisation": "'; DROP TABLE x;--"},
    {"indicator": "\x00"},
    {"state": "<script>"},
    {"month_from": "2026-03\x00"},
]
ADMIN_SCREENS = (DASHBOARD, export("csv"), export("xlsx"), export("hxl"), OVERVIEW, LANGUAGES,
                 COST, COST + "?export=csv", IATI, IATI + "?download=1")  # fmt: skip


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_params_admin_screens(data, client, db, params):
    client.force_login(data.me_officer)
    for url in ADMIN_SCREENS:
        response = client.get(url, params)
        assert response.status_code < 500, url
    for url in (export("csv"), export("xlsx"), export("hxl"), IATI):  # what their buttons POST
        assert ask(client, url, params).status_code < 500, url


def test_dashboard_last_month_of_calendar(data, client, db):
    client.force_login(data.gn_reporter)
    assert client.get(DASHBOARD, {"month_to": "9999-12"}).status_code < 500


def test_cost_last_month_of_calendar(data, client, db):
    client.force_login(data.finance)
    assert client.get(COST, {"month_to": "9999-12"}).status_code < 500
    assert client.get(COST, {"month_to": "9999-12", "export": "csv"}).status_code < 500


def test_overview_first_month_of_calendar(data, client, db):
    client.force_login(data.gn_reporter)
    assert client.get(OVERVIEW, {"month_to": "0001-01"}).status_code < 500
    assert client.get(OVERVIEW, {"month_from": "0001-01"}).status_code < 500


def test_overview_last_month_of_calendar(data, client, db):
    client.force_login(data.me_officer)
    assert client.get(OVERVIEW, {"month_to": "9999-12"}).status_code < 500


HUGE_ID = "9" * 30


@pytest.mark.parametrize("url,name", [(DASHBOARD, "country"), (export("csv"), "funder"),
                                      (LANGUAGES, "organisation"), (COST, "agreement"),
                                      (IATI, "campaign"), (TARGETS, "campaign"),
                                      (REPORTS, "campaign")])  # fmt: skip
def test_huge_ids_in_filters(data, client, db, url, name):
    client.force_login(data.me_officer)
    assert client.get(url, {name: HUGE_ID}).status_code < 500
    if url in (export("csv"), IATI):  # what their buttons POST
        assert ask(client, url, {name: HUGE_ID}).status_code < 500


def test_unknown_export_formats_are_404(data, client, db):
    client.force_login(data.me_officer)
    assert client.get("/admin/reporting/dashboard/export/pdf/").status_code == 404
    assert client.get(OPEN_DATA + "xlsx/").status_code == 404
    assert client.get(OPEN_DATA + "..%2F/").status_code == 404
    assert client.get(COST, {"export": "pdf"}).status_code < 500


OPEN_HOSTILE = [
    {"year": "99999"}, {"year": "-1"}, {"year": "2026.0"}, {"country": "ZZ"},
    {"country": "' OR 1=1 --"}, {"indicator": "<script>"}, {"year": ["2025", "2026"]},
    {"country": "sn\x00"}, {"year": "0"},
]  # fmt: skip


@pytest.mark.parametrize("params", OPEN_HOSTILE)
def test_hostile_params_open_data(data, client, db, params):
    for url in (OPEN_DATA, OPEN_DATA + "csv/", OPEN_DATA + "hxl/"):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)
        assert "<script>" not in body(response)


def test_open_data_unicode_digit_year(data, client, db):
    assert client.get(OPEN_DATA, {"year": "²"}).status_code < 500


def test_open_data_huge_year(data, client, db):
    assert client.get(OPEN_DATA + "csv/", {"year": "9" * 5000}).status_code < 500


# --- Open data: nothing unvalidated, nothing personal, nothing recoverable -----------------------


def test_open_data_has_no_unvalidated_or_personal_data(data, client, db):
    for url in (OPEN_DATA, OPEN_DATA + "csv/", OPEN_DATA + "hxl/"):
        for params in ({"year": "all"}, {"year": "2026", "country": "SN"}):
            text = body(client.get(url, params))
            assert not re.search(r"86.?247", text), url  # submitted
            assert "RETURN-REASON-SECRET" not in text and "55" not in re.findall(r"\b55\b", text)
            for personal in (
                "gn-reporter",
                "sn-reporter",
                "@example.org",
                "IOM Senegal",
                "Dakar",
                FORMULA.split("(")[0] + '("http://evil.example/x","c',
            ):
                assert personal not in text, (url, personal)


def test_open_data_small_cell_is_not_shown(data, client, db):
    text = body(client.get(OPEN_DATA + "csv/", {"year": "2025"}))
    assert "<10" in text
    assert not re.search(rf",{GN_SMALL}\r?$", text, re.M)


def test_open_data_year_difference_does_not_reveal_small_cell(data, client, db):
    page_all = body(client.get(OPEN_DATA, {"year": "all", "indicator": "people-reached"}))
    page_2026 = body(client.get(OPEN_DATA, {"year": "2026", "indicator": "people-reached"}))
    totals = []
    for page in (page_all, page_2026):
        numbers = {int(n.replace(",", "")) for n in re.findall(r"\b\d{1,3}(?:,\d{3})+\b", page)}
        totals.append(numbers)
    differences = {a - b for a in totals[0] for b in totals[1]}
    assert GN_SMALL not in differences


# --- IATI ----------------------------------------------------------------------------------------


def test_iati_omits_undisclosed_amounts_and_unvalidated(data, client, db):
    client.force_login(data.me_officer)
    response = ask(client, IATI)
    assert response.status_code == 200
    xml = response.content.decode()
    assert "1234" not in xml  # SN-SECRET Funder does not disclose amounts
    assert "86247" not in xml  # submitted


def test_iati_holds_a_live_campaign(data, client, db):
    """The control for the two below: the Guinea activity is in the file when it is public."""
    client.force_login(data.me_officer)
    assert "-gn-sea<" in ask(client, IATI).content.decode()


def test_iati_never_holds_an_unpublished_campaign(data, client, db):
    data.gn_campaign.refresh_from_db()
    data.gn_campaign.unpublish()
    client.force_login(data.me_officer)
    for params in ({"download": "1"}, {"download": "1", "campaign": data.gn_campaign.pk},
                   {"download": "1", "country": data.guinea.pk}):  # fmt: skip
        xml = ask(client, IATI, params).content.decode()
        assert "-gn-sea<" not in xml and "61834" not in xml


def test_iati_omits_a_private_campaign(data, client, db):
    PageViewRestriction.objects.create(page=data.gn_campaign, restriction_type="login")
    client.force_login(data.me_officer)
    xml = ask(client, IATI).content.decode()
    assert "-gn-sea<" not in xml


def test_open_data_omits_a_private_campaign(data, client, db):
    PageViewRestriction.objects.create(page=data.gn_campaign, restriction_type="login")
    text = body(client.get(OPEN_DATA + "csv/", {"year": "all"}))
    assert "evil.example" not in text and str(GN_VALUE) not in text
    assert str(SN_VALUE) in text


# --- Site counts ----------------------------------------------------------------------------------

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


def campaign_url(page) -> str:
    with translation.override("fr"):
        return page.get_url()


def test_site_counts_one_per_request_and_not_for_the_signed_in(data, client, db):
    from campaigns.reporting import counting

    counting.discard()
    url = campaign_url(data.sn_campaign)
    assert client.get(url, HTTP_USER_AGENT=BROWSER).status_code == 200
    client.head(url, HTTP_USER_AGENT=BROWSER)
    client.get(url + "?x=' OR 1=1", HTTP_USER_AGENT="curl/8.0")
    client.force_login(data.admin)
    client.get(url, HTTP_USER_AGENT=BROWSER)
    assert counting.flush() == 1


def test_site_counts_do_not_count_a_password_form(data, client, db):
    from campaigns.reporting import counting

    PageViewRestriction.objects.create(
        page=data.gn_campaign, restriction_type="password", password="s3cret"
    )
    counting.discard()
    response = client.get(campaign_url(data.gn_campaign), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and b"s3cret" not in response.content
    assert counting.flush() == 0


# --- Markup and what finance reads ----------------------------------------------------------------

XSS = "<script>alert(13)</script>"


def test_titles_are_escaped_in_charts_and_tables(data, client, db):
    campaign = data.gn_campaign
    campaign.title = XSS
    campaign.save_revision().publish()
    pages = [client.get(OPEN_DATA, {"year": "all"})]
    client.force_login(data.me_officer)
    for by in ("campaign", "organisation", "region"):
        pages.append(client.get(DASHBOARD, {"by": by, "month_from": "2020-01"}))
    pages.append(client.get(LANGUAGES, {"month_from": "2020-01"}))
    pages.append(client.get(TARGETS))
    for response in pages:
        assert response.status_code == 200
        assert XSS not in body(response)
    assert "&lt;script&gt;alert(13)" in body(pages[0])


def test_finance_reads_validated_figures_only(data, client, db):
    client.force_login(data.finance)
    for by in ("country", "month", "organisation"):
        params = {"include_submitted": "on", "month_from": "2020-01", "by": by}
        for response in (client.get(DASHBOARD, params), ask(client, export("csv"), params)):
            text = body(response)
            assert not re.search(r"86.?247", text), response.wsgi_request.path
    assert re.search(r"73.?519", body(ask(client, export("csv"), {"month_from": "2020-01"})))


def test_gn_reporter_sees_no_senegal_site_counts(data, client, db):
    from campaigns.models import PageViewCount

    PageViewCount.objects.create(
        day=MAR, language="fr", count=7771, campaign=data.sn_campaign,
        country=data.senegal, page=data.sn_campaign,
    )  # fmt: skip
    client.force_login(data.gn_reporter)
    for by in ("country", "campaign", "month"):
        text = body(client.get(DASHBOARD, {"by": by, "month_from": "2020-01"}))
        assert not re.search(r"7.?771", text) and no_senegal(text) == [], by
    client.force_login(data.me_officer)
    assert re.search(r"7.?771", body(client.get(DASHBOARD, {"month_from": "2020-01"})))
