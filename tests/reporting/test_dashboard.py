"""Reach > Dashboard: who may open it, what each role's figures add up to (a Guinea reporter
never sees a Senegal figure, whatever the grouping, filter or export), exports read back as CSV,
XLSX and HXL, a number of queries that does not grow with the data, and errors, not 500s."""

import csv
import datetime
import io
import re
from functools import partial

import hxl
import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from campaigns.access.roles import ADMINISTRATORS, FINANCE, TRANSLATORS
from campaigns.models import Target
from campaigns.reporting.figures import DIMENSIONS
from campaigns.reporting.models import PageViewCount
from campaigns.reporting.views import dashboard_content
from tests.factories import (
    IndicatorFactory,
    SuperUserFactory,
    agreement,
    allocation,
    funder,
    reach_report,
    role_user,
)
from tests.reporting.test_export_tasks import ask

JAN, FEB, MAR = (datetime.date(2026, month, 1) for month in (1, 2, 3))
DASHBOARD = reverse("reporting:dashboard")
EVERY_MONTH = {"month_from": "", "by": "country"}


def export(fmt):
    return reverse("reporting:dashboard_export", args=[fmt])


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    """Senegal: 73,519 people, a 250,000 audience and 12 broadcasts in January (Dakar, Wolof,
    the poster),
    4,321 in February (Thiès), 999 submitted in March; funded by the EU. Guinea: 7 people
    (3 women, 4 men). Targets; the site's own views of both campaigns' pages."""
    w = world_data
    with django_db_blocker.unblock():
        w.audience = IndicatorFactory(
            code="radio-audience", name="Radio audience", kind="audience_estimate"
        )
        w.eu = funder(name="European Union", logo=False)
        allocation(agreement(w.eu, reference="EU-2026"), w.sn_campaign)
        reach_report(
            w.sn_campaign, w.iom_senegal, w.dakar, w.radio, JAN,
            {w.people: (73519, [("female", w.youth, 40000), ("male", w.adults, 33519)]),
             w.audience: 250000, w.broadcasts: 12},
            language="wo", material=w.poster, status="validated",
        )  # fmt: skip
        reach_report(
            w.sn_campaign, w.iom_senegal, w.thies, w.sessions, FEB, {w.people: 4321},
            language="fr", status="locked",
        )  # fmt: skip
        reach_report(
            w.sn_campaign, w.iom_senegal, w.thies, w.radio, MAR, {w.people: 999},
            status="submitted",
        )  # fmt: skip
        reach_report(
            w.gn_campaign, w.radio_guinea, w.conakry, w.radio, FEB,
            {w.people: (7, [("female", w.youth, 3), ("male", w.youth, 4)])},
            language="ff", status="validated",
        )  # fmt: skip
        year = {"period_start": JAN, "period_end": datetime.date(2026, 12, 1)}
        w.sn_target = Target.objects.create(
            campaign=w.sn_campaign, indicator=w.people, value=100000, **year
        )
        w.gn_target = Target.objects.create(
            campaign=w.gn_campaign, indicator=w.people, value=50, **year
        )
        w.gn_empty_target = Target.objects.create(
            campaign=w.gn_campaign, indicator=w.broadcasts, value=10
        )
        for campaign, country, count in ((w.sn_campaign, w.senegal, 91357), (w.gn_campaign,
                                         w.guinea, 11)):  # fmt: skip
            PageViewCount.objects.create(
                page=campaign, language="fr", day=datetime.date(2026, 1, 15), count=count,
                campaign=campaign, country=country,
            )  # fmt: skip
        w.translator = role_user(TRANSLATORS, "translator")
        w.finance = role_user(FINANCE, "finance-officer")
        w.admin = role_user(ADMINISTRATORS, "administrator")
        w.superuser = SuperUserFactory(username="superuser")
    return w


# What a Guinea reporter must never find: Senegal's names, codes and values.
SENEGAL = (
    "Senegal", "Sénégal", "Desert (SN)", "IOM Senegal", "Dakar", "Thiès", "SN-DK", "SN-TH",
    "Wolof", "Poster", "73,519", "73519", "4,321", "4321", "250,000", "250000", "40,000",
    "40000", "33,519", "33519", "91,357", "91357", "100,000", "100000",
)  # fmt: skip


def no_senegal(text: str, where: str) -> None:
    found = [word for word in SENEGAL if word.lower() in text.lower()]
    assert not found, f"{where}: {found}"


def text_of(response) -> str:
    """A response's text: the page, the CSV, or every cell of the XLSX."""
    if response["Content-Type"].startswith("application/vnd.openxml"):
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
        )
    return response.content.decode("utf-8-sig")


def denied(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


# --- Who may open it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["me_officer", "admin", "superuser", "editor", "reviewer", "sn_reporter", "finance"]
)
def test_roles_that_read_figures_open_it_from_the_reach_menu(client, data, db, role):
    client.force_login(getattr(data, role))
    response = client.get(DASHBOARD, EVERY_MONTH)
    assert response.status_code == 200
    assert "data-dashboard-totals" in response.text
    assert ask(client, export("csv"), EVERY_MONTH).status_code == 200
    assert DASHBOARD in client.get(reverse("wagtailadmin_home")).text  # the menu item


def test_others_are_refused(client, data, db):
    client.force_login(data.translator)
    assert denied(client.get(DASHBOARD))
    assert denied(client.get(export("xlsx")))
    assert denied(ask(client, export("xlsx"), EVERY_MONTH))
    assert DASHBOARD not in client.get(reverse("wagtailadmin_home")).text
    client.logout()
    for url in (DASHBOARD, export("hxl")):
        assert client.get(url)["Location"].startswith(reverse("wagtailadmin_login"))
    assert ask(client, export("hxl"))["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_me_officer_sees_every_country_by_kind_of_reach(client, data, db):
    client.force_login(data.me_officer)
    page = client.get(DASHBOARD, EVERY_MONTH).text
    # Direct reach: 73,519 + 4,321 + 7 (validated only); the audience estimate apart.
    assert "77,847" in page and "250,000" in page
    assert "People reached directly" in page and "Audience estimates" in page
    assert "78,846" not in page  # the submitted 999 is not counted by default
    assert "78,846" in client.get(DASHBOARD, {**EVERY_MONTH, "include_submitted": "on"}).text
    # Targets: 77,840 of 100,000 in Senegal; "No figures yet" for Guinea's broadcasts, not 0 %.
    assert "77,840" in page and "22,160" in page and "78%" in page
    assert "No figures yet" in page
    assert "Counted by this website" in page and "91,368" in page
    assert reverse("reporting:cost") in page and reverse("reporting:overview") in page


def test_links_to_the_other_screens_only_for_who_may_open_them(client, data, db):
    for user, cost, overview in ((data.sn_reporter, False, True), (data.editor, False, False),
                                 (data.finance, True, False)):  # fmt: skip
        client.force_login(user)
        page = client.get(DASHBOARD, EVERY_MONTH).text
        assert (reverse("reporting:cost") in page) is cost, user.username
        assert (reverse("reporting:overview") in page) is overview, user.username


def test_a_finance_officer_reads_published_totals_only(client, data, db):
    client.force_login(data.finance)
    response = client.get(DASHBOARD, {**EVERY_MONTH, "include_submitted": "on"})
    page = response.text
    assert "77,847" in page and "78,846" not in page  # never a submitted figure
    assert 'name="include_submitted"' not in page
    assert "Published figures" in page


def test_the_default_view_is_the_last_twelve_months_and_says_so(client, data, db):
    client.force_login(data.me_officer)
    response = client.get(DASHBOARD)
    assert "data-dashboard-default" in response.text
    start = response.context["form"].reach_filter().month_from
    today = datetime.date.today()
    assert (today.year - start.year) * 12 + today.month - start.month == 11


# --- A light page ---------------------------------------------------------------------------


def section(page: str, marker: str) -> str:
    """The HTML of the <section> carrying `marker`."""
    start = page.index(marker)
    return page[start : page.index("</section>", start)]


def test_charts_for_the_main_indicators_every_indicator_in_the_table(client, data, db):
    client.force_login(data.me_officer)
    page = client.get(DASHBOARD, EVERY_MONTH).text
    by_country = section(page, "data-dashboard-by=")
    table = by_country[by_country.index("<table") : by_country.index("</table>")]
    assert "Broadcasts (spots)" in table and ">12<" in table  # an activity: in the table...
    assert "Broadcasts (spots) by country" not in page  # ...not drawn
    for title in ("People reached (people) by country", "Radio audience (people) by country",
                  "People reached (people) per month"):  # fmt: skip
        assert title in page
    breakdown = section(page, "data-dashboard-breakdown")  # split indicators only
    assert "People reached (people) by sex and age" in breakdown
    assert "Radio audience" not in breakdown


def test_long_tables_show_the_largest_groups_and_say_the_rest_is_downloaded(
    client, data, db, monkeypatch
):
    monkeypatch.setattr(dashboard_content, "MAX_ROWS", 1)
    client.force_login(data.me_officer)
    page = client.get(DASHBOARD, EVERY_MONTH).text
    by_country = section(page, "data-dashboard-by=")
    body = by_country[by_country.index("<tbody>") : by_country.index("</tbody>")]
    assert body.count("<tr>") == 1 and "Senegal" in body and "Guinea" not in body
    assert "one more group is in the downloads" in by_country
    months = section(
        client.get(DASHBOARD, {**EVERY_MONTH, "by": "month"}).text, "data-dashboard-by="
    )
    body = months[months.index("<tbody>") : months.index("</tbody>")]
    assert "February 2026" in body and "January 2026" not in body  # the latest month
    assert "one earlier month is in the downloads" in months
    exported = text_of(ask(client, export("csv"), EVERY_MONTH))
    assert "Senegal" in exported and "Guinea" in exported  # the download has them all


def test_targets_are_one_table_with_a_bar_each(client, data, db):
    client.force_login(data.me_officer)
    targets = section(client.get(DASHBOARD, EVERY_MONTH).text, "data-dashboard-targets")
    assert targets.count("<table") == 1 + 2  # the targets, and 2 progress-over-time tables
    row = re.search(rf'<tr data-target="{data.sn_target.pk}">(.*?)</tr>', targets).group(1)
    assert "78%" in row and 'style="inline-size: 77.8%"' in row
    empty = re.search(rf'<tr data-target="{data.gn_empty_target.pk}">(.*?)</tr>', targets)
    assert "No figures yet" in empty.group(1) and "rd-bar" not in empty.group(1)
    assert "achieved over time" in targets


def test_every_chart_has_a_visible_heading_naming_its_indicator(client, data, db):
    client.force_login(data.me_officer)
    page = client.get(DASHBOARD, EVERY_MONTH).text
    headings = re.findall(r"<h3[^>]*data-chart-heading>(.*?)</h3>", page)
    assert len(headings) == page.count('<div class="rc-chart">')  # one per chart, none left out
    trends = section(page, "data-dashboard-trends")
    assert re.search(r"<h3[^>]*data-chart-heading>People reached \(people\)</h3>", trends)
    breakdown = section(page, "data-dashboard-breakdown")
    assert re.search(r"<h3[^>]*data-chart-heading>People reached \(people\)</h3>", breakdown)


def test_targets_table_names_its_columns_apart(client, data, db):
    client.force_login(data.me_officer)
    targets = section(client.get(DASHBOARD, EVERY_MONTH).text, "data-dashboard-targets")
    head = targets[targets.index("<thead>") : targets.index("</thead>")]
    assert ">Campaign and indicator</th>" in head and head.count(">Target</th>") == 1


def test_nothing_counted_by_the_site_is_said_not_shown_as_zeros(client, data, db):
    client.force_login(data.me_officer)
    site = section(
        client.get(DASHBOARD, {"month_from": "2020-01", "month_to": "2020-02"}).text,
        "data-dashboard-site",
    )
    assert "Nothing counted yet for this selection" in site and "data-site-views" not in site
    site = section(client.get(DASHBOARD, EVERY_MONTH).text, "data-dashboard-site")
    assert "Nothing counted yet" not in site and "91,368" in site


def overview_link(page: str) -> str:
    return re.search(r'href="(/[^"]*overview/\?[^"]*)"', page).group(1).replace("&amp;", "&")


def test_the_overview_link_keeps_the_months_cut_to_what_the_overview_accepts(client, data, db):
    from campaigns.reporting.months import add_months

    client.force_login(data.me_officer)
    this_month = datetime.date.today().replace(day=1)
    later = add_months(this_month, 5)
    cases = (
        ({"month_from": "2026-01", "month_to": "2026-02", "country": data.senegal.pk},
         "month_from=2026-01&month_to=2026-02&country="),
        ({"month_from": "2020-01", "month_to": "2026-02"}, "month_from=2024-03&month_to=2026-02"),
        ({"month_from": f"{later:%Y-%m}"},  # only months to come: this month
         f"month_from={this_month:%Y-%m}&month_to={this_month:%Y-%m}"),
        (EVERY_MONTH, f"month_from={add_months(this_month, -23):%Y-%m}&"),
    )  # fmt: skip
    for query, expected in cases:
        link = overview_link(client.get(DASHBOARD, query).text)
        assert expected in link, (query, link)
        response = client.get(link)
        assert response.status_code == 200 and response.context["form"].is_valid(), link


def test_filter_lists_offer_each_choice_once_and_keep_the_selection(client, data, db):
    client.force_login(data.me_officer)
    page = client.get(DASHBOARD, {**EVERY_MONTH, "country": data.senegal.pk}).text
    select = re.search(r'<select name="country"[^>]*>(.*?)</select>', page).group(1)
    assert select.count(f'value="{data.senegal.pk}"') == 1
    assert f'<option value="{data.senegal.pk}" selected>Senegal</option>' in select
    assert f'<option value="{data.guinea.pk}">Guinea</option>' in select
    campaigns = re.search(r'<select name="campaign"[^>]*>(.*?)</select>', page).group(1)
    assert f">{data.sn_campaign.title}</option>" in campaigns


# --- A Guinea reporter finds no Senegal figure --------------------------------------------------


def test_a_guinea_reporter_walks_every_view_and_finds_no_senegal_figure(client, data, db):
    client.force_login(data.gn_reporter)
    for by in DIMENSIONS:
        query = {**EVERY_MONTH, "by": by}
        page = client.get(DASHBOARD, query)
        assert page.status_code == 200
        no_senegal(page.text, by)
        assert "Radio Guinée" in page.text or by != "organisation"
        for fmt in ("csv", "xlsx", "hxl"):
            no_senegal(text_of(ask(client, export(fmt), query)), f"{by} {fmt}")
    senegal_filters = [
        {"country": data.senegal.pk},
        {"campaign": data.sn_campaign.pk},
        {"organisation": data.iom_senegal.pk},
        {"funder": data.eu.pk},
        {"channel": data.radio.pk, "include_submitted": "on"},
        {"month_from": "2026-01", "month_to": "2026-03", "by": "region"},
    ]
    for extra in senegal_filters:
        query = {**EVERY_MONTH, **extra}
        no_senegal(client.get(DASHBOARD, query).text, str(extra))
        response = ask(client, export("hxl"), query)
        if response.status_code == 200:
            no_senegal(text_of(response), f"{extra} hxl")
    page = client.get(DASHBOARD, EVERY_MONTH).text
    assert ">7<" in page  # Guinea's own figure is there


# --- Exports ------------------------------------------------------------------------------------


def test_csv_has_the_filters_on_top_and_one_row_per_group_and_indicator(client, data, db):
    client.force_login(data.me_officer)
    query = {"month_from": "2026-01", "month_to": "2026-02", "country": data.senegal.pk}
    lines = list(csv.reader(io.StringIO(text_of(ask(client, export("csv"), query)))))
    assert lines[0] == ["Reach by country"]
    assert ["Countries: Senegal"] in lines
    headings = lines.index([]) + 1
    rows = [dict(zip(lines[headings], row, strict=True)) for row in lines[headings + 1 :]]
    people = next(r for r in rows if r["Indicator code"] == "people-reached")
    assert people["Country code"] == "SN" and people["Value"] == "77840"
    assert people["Female"] == "40000" and people["Male"] == "33519"
    audience = next(r for r in rows if r["Indicator code"] == "radio-audience")
    assert audience["Value"] == "250000" and audience["Female"] == ""


def test_xlsx_keeps_numbers_as_numbers(client, data, db):
    client.force_login(data.me_officer)
    response = ask(client, export("xlsx"), {**EVERY_MONTH, "by": "month"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    heading = next(i for i, row in enumerate(rows) if row and row[0] == "Month")
    body = [dict(zip(rows[heading], row, strict=False)) for row in rows[heading + 1 :]]
    february = [r for r in body if r["Indicator code"] == "people-reached" and r["Month"]
                and r["Month"].month == 2]  # fmt: skip
    assert [r["Value"] for r in february] == [4328]


def test_hxl_reads_back_with_libhxl(client, data, db):
    client.force_login(data.me_officer)
    for by, tag in (("region", "#adm1+code"), ("organisation", "#org+name"),
                    ("month", "#date+month"), ("country", "#country+code")):  # fmt: skip
        response = ask(client, export("hxl"), {**EVERY_MONTH, "by": by})
        dataset = hxl.data(io.BytesIO(response.content))
        tags = [column.display_tag for column in dataset.columns]
        assert tag in tags and "#indicator+code" in tags and "#reached+total" in tags
        assert "#reached+f" in tags and "#reached+m" in tags
        rows = list(dataset)
        if by == "region":
            dakar = next(
                r for r in rows if r.get("#adm1+code") == "SN-DK"
                and r.get("#indicator+code") == "people-reached"
            )  # fmt: skip
            assert dakar.get("#reached+total") == "73519"
            assert dakar.get("#reached+f") == "40000" and dakar.get("#country+code") == "SN"


def test_the_screen_in_french(client, data, db):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(data.me_officer)
    profile.preferred_language = "fr"
    profile.save(update_fields=["preferred_language"])
    client.force_login(data.me_officer)
    page = client.get(DASHBOARD, {**EVERY_MONTH, "by": "month"}).text
    assert 'lang="fr"' in page
    assert "Sénégal" in page and "77\u202f847" in page  # Babel's French numbers
    assert "janvier 2026" in page  # months named in French
    assert "inline-size: 77.8%" in page  # the target's bar: CSS, never "77,8"


def test_exports_in_french(client, data, db):
    client.force_login(data.me_officer)
    with translation.override("fr"):
        response = ask(client, export("csv"), EVERY_MONTH, HTTP_ACCEPT_LANGUAGE="fr")
    text = text_of(response)
    assert "Sénégal" in text


# --- Errors and queries -------------------------------------------------------------------------


def test_an_invalid_filter_shows_an_error_not_a_500(client, data, db):
    client.force_login(data.me_officer)
    for query in ({"month_from": "2026-13"}, {"month_from": "2026-05", "month_to": "2026-01"},
                  {"country": "x"}, {"by": "planet"}):  # fmt: skip
        response = client.get(DASHBOARD, query)
        assert response.status_code == 200
        assert "data-dashboard-invalid" in response.text
        exported = ask(client, export("csv"), query)
        assert exported.status_code == 302 and exported["Location"].startswith(DASHBOARD)
    assert client.get(DASHBOARD + "export/pdf/").status_code == 404


def count_queries(client, users, query) -> list[int]:
    counts = []
    for user in users:
        client.force_login(user)
        for url in (DASHBOARD, export("hxl")):
            cache.clear()  # figures.* cache grouped sums: count a first view, not a cached one
            send = client.get if url == DASHBOARD else partial(ask, client)  # the export: a POST
            with CaptureQueriesContext(connection) as queries:
                assert send(url, query).status_code == 200
            counts.append(len(queries))
    return counts


def test_queries_do_not_grow_with_the_data(client, data, db):
    users = (data.me_officer, data.sn_reporter, data.finance)
    query = {**EVERY_MONTH, "by": "region"}
    before = count_queries(client, users, query)
    for month in range(4, 13):
        for region, channel in ((data.dakar, data.radio), (data.thies, data.sessions)):
            reach_report(
                data.sn_campaign, data.iom_senegal, region, channel, datetime.date(2026, month, 1),
                {data.people: (month, [("female", data.adults, month)]), data.audience: month},
                language="fr", status="validated",
            )  # fmt: skip
    Target.objects.create(campaign=data.sn_campaign, indicator=data.audience, value=5)
    assert count_queries(client, users, query) == before
