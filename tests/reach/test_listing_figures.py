"""The reach report listing shows each report's figures, and its CSV/XLSX export carries one
column per indicator and breakdown cell, headed in the reader's language (issue 13, "Figures
where people already look")."""

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from campaigns.access.roles import FINANCE, TRANSLATORS
from tests.factories import IndicatorFactory, reach_report, role_user

from .conftest import MARCH

pytestmark = pytest.mark.django_db

LISTING = reverse("wagtailsnippets_campaigns_reachreport:list")
RESULTS = reverse("wagtailsnippets_campaigns_reachreport:list_results")
APRIL = MARCH.replace(month=4)


@pytest.fixture
def reports(world):
    people = (1234, [("female", world.youth, 700), ("male", world.youth, 500),
                     ("male", world.adults, 34)])  # fmt: skip
    return {
        "dakar": reach_report(
            world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
            {world.people: people, world.broadcasts: 12},
        ),
        "thies": reach_report(
            world.sn_campaign, world.iom_senegal, world.thies, world.radio, MARCH,
            {world.broadcasts: 3},
        ),
        "conakry": reach_report(
            world.gn_campaign, world.radio_guinea, world.conakry, world.radio, MARCH,
            {world.broadcasts: 45_678},
        ),
    }  # fmt: skip


def in_french(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save(update_fields=["preferred_language"])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    headings, *rows = list(sheet.iter_rows(values_only=True))
    width = len(headings)  # trailing empty cells are not stored
    return [dict(zip(headings, (*row, *[None] * (width - len(row))), strict=True)) for row in rows]


def squeeze(text: str) -> str:
    """Spaces of the HTML's layout collapsed; CLDR's narrow no-break spaces kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def listing(response) -> tuple[list[str], list[list[str]]]:
    """The report table's headings and rows of cell texts."""
    table = BeautifulSoup(response.content.decode(), "html.parser").select_one("table.listing")
    if table is None:
        return [], []
    heads = [squeeze(th.get_text()) for th in table.select("thead th")]
    rows = [[squeeze(td.get_text()) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    return heads, rows


def test_the_listing_shows_a_column_per_indicator_with_values_on_the_page(client, world, reports):
    client.force_login(world.me_officer)
    heads, rows = listing(client.get(LISTING))
    people, broadcasts = heads.index("People reached (people)"), heads.index("Broadcasts (spots)")
    figures = {(row[people], row[broadcasts]) for row in rows}
    assert figures == {("1,234", "12"), ("—", "3"), ("—", "45,678")}  # "—": not reported

    heads, rows = listing(client.get(RESULTS, {"country": world.guinea.pk}))
    assert "Broadcasts (spots)" in heads and len(rows) == 1
    assert "People reached (people)" not in heads  # no value on this page: no column


def test_the_month_never_breaks_mid_word_on_a_phone(client, world, reports):
    client.force_login(world.me_officer)
    page = BeautifulSoup(client.get(LISTING).content.decode(), "html.parser")
    months = page.select("table.listing tbody td.title .title-wrapper a")
    assert months and all("w-whitespace-nowrap" in a["class"] for a in months)
    assert squeeze(months[0].get_text()) == "March 2026"


def test_numbers_are_formatted_in_the_readers_language(client, world, reports):
    world.people.name_fr = "Personnes atteintes"
    world.people.save()
    in_french(world.me_officer)
    client.force_login(world.me_officer)
    heads, rows = listing(client.get(LISTING))
    people = heads.index("Personnes atteintes (personnes)")
    broadcasts = heads.index("Broadcasts (spots)")
    assert "1\u202f234" in {row[people] for row in rows}  # CLDR's French grouping
    assert "45\u202f678" in {row[broadcasts] for row in rows}


def test_the_listing_runs_the_same_queries_for_3_or_12_reports(client, world, reports):
    client.force_login(world.me_officer)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(LISTING).status_code == 200
        return len(context.captured_queries)

    client.get(LISTING)  # warm caches (site root, content types)
    few = count()
    extra = IndicatorFactory(code="sessions-held", kind="sessions_held", unit="sessions")
    for month in range(4, 6):
        for region in (world.dakar, world.thies):
            for channel in (world.radio, world.sessions):
                reach_report(
                    world.sn_campaign, world.iom_senegal, region, channel,
                    MARCH.replace(month=month), {world.people: 5, extra: 2, world.broadcasts: 1},
                )  # fmt: skip
    reach_report(world.gn_campaign, world.radio_guinea, world.conakry, world.sessions, APRIL,
                 {extra: 1})  # fmt: skip
    many = count()
    assert many == few, (few, many)


def test_the_reporter_sees_only_their_figures_on_the_listing(client, world, reports):
    client.force_login(world.gn_reporter)
    response = client.get(LISTING)
    heads, rows = listing(response)
    assert len(rows) == 1 and "45,678" in rows[0]
    assert "People reached (people)" not in heads
    assert "1,234" not in response.content.decode()


def test_the_csv_export_has_a_column_per_indicator_and_breakdown_cell(client, world, reports):
    client.force_login(world.me_officer)
    response = client.get(LISTING, {"export": "csv"})
    assert response.status_code == 200
    rows = {row["Region"]: row for row in csv_rows(response)}
    assert set(rows) == {"Dakar", "Thiès", "Conakry"}
    dakar = rows["Dakar"]
    assert dakar["Campaign"] == "Desert (SN)" and dakar["Organisation"] == "IOM Senegal"
    assert dakar["Status"] == "Draft" and dakar["Month"] == "2026-03-01"
    assert dakar["People reached"] == "1234" and dakar["Broadcasts"] == "12"
    assert dakar["People reached – Female – 15-24"] == "700"
    assert dakar["People reached – Male – 25+"] == "34"
    assert rows["Thiès"]["People reached"] == ""  # not reported: empty, never 0
    headings = list(rows["Dakar"])
    people = headings.index("People reached")
    assert headings[people : people + 4] == [
        "People reached",
        "People reached – Female – 15-24",
        "People reached – Male – 15-24",
        "People reached – Male – 25+",
    ]
    assert "campaign.title" not in headings


def test_the_xlsx_export_keeps_numbers_as_numbers_with_french_headings(client, world, reports):
    world.people.name_fr = "Personnes atteintes"
    world.people.save()
    in_french(world.me_officer)
    client.force_login(world.me_officer)
    response = client.get(LISTING, {"export": "xlsx", "country": world.senegal.pk})
    assert response.status_code == 200
    rows = xlsx_rows(response)
    assert {row["Région"] for row in rows} == {"Dakar", "Thiès"}
    dakar = next(row for row in rows if row["Région"] == "Dakar")
    assert dakar["Personnes atteintes"] == 1234 and isinstance(dakar["Révision"], int)
    assert dakar["Personnes atteintes – Femme – 15-24"] == 700
    assert dakar["Statut"] == "Brouillon"


def test_the_guinea_reporter_exports_no_senegal_row_or_column(client, world, reports):
    client.force_login(world.gn_reporter)
    for rows in (
        csv_rows(client.get(LISTING, {"export": "csv"})),
        xlsx_rows(client.get(LISTING, {"export": "xlsx"})),
    ):
        assert [row["Region"] for row in rows] == ["Conakry"]
        assert str(rows[0]["Broadcasts"]) == "45678"
        assert not any("People reached" in heading for heading in rows[0])
        assert "Desert (SN)" not in str(rows) and "1234" not in str(rows)
    # Filtering for Senegal's campaign by its id gives nothing either.
    rows = csv_rows(client.get(LISTING, {"export": "csv", "campaign": world.sn_campaign.pk}))
    assert not any(row.get("Campaign") == "Desert (SN)" for row in rows)


def test_an_export_cell_that_looks_like_a_formula_stays_text(client, world, reports):
    world.iom_senegal.name = "=HYPERLINK(1)"
    world.iom_senegal.save()
    client.force_login(world.me_officer)
    rows = csv_rows(client.get(LISTING, {"export": "csv", "country": world.senegal.pk}))
    assert {row["Organisation"] for row in rows} == {"'=HYPERLINK(1)"}


@pytest.mark.parametrize("role", [TRANSLATORS, FINANCE])
def test_roles_without_reach_figures_get_no_listing_or_export(client, world, reports, role):
    client.force_login(role_user(role, f"no-reach-{role[:5]}"))
    for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
        response = client.get(LISTING, params)
        assert response.status_code in (302, 403), params
        assert b"45678" not in body(response) and b"45,678" not in body(response)


def test_anonymous_visitors_are_sent_to_sign_in(client, reports):
    response = client.get(LISTING, {"export": "csv"})
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- Targets: achieved, remaining and % of target ------------------------------------------

TARGETS = reverse("wagtailsnippets_campaigns_target:list")


@pytest.fixture
def targets(world):
    from campaigns.reach.models import Status, Target

    for month, status, total in ((MARCH, Status.VALIDATED, 300), (APRIL, Status.LOCKED, 100),
                                 (MARCH.replace(month=5), Status.SUBMITTED, 50)):  # fmt: skip
        reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.sessions, month,
                     {world.people: total}, status=status)  # fmt: skip
    reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
                 {world.people: 9_000}, status=Status.DRAFT)  # drafts never count  # fmt: skip
    reach_report(world.gn_campaign, world.radio_guinea, world.conakry, world.radio, MARCH,
                 {world.broadcasts: 7}, status=Status.VALIDATED)  # fmt: skip
    return {
        "sn": Target.objects.create(
            campaign=world.sn_campaign, indicator=world.people, value=1_600,
            period_start=MARCH, period_end=MARCH.replace(month=12),
        ),
        "sn_later": Target.objects.create(
            campaign=world.sn_campaign, indicator=world.people, value=500,
            period_start=MARCH.replace(month=9),
        ),
        "gn": Target.objects.create(campaign=world.gn_campaign, indicator=world.broadcasts,
                                    value=20),
    }  # fmt: skip


def progress_of(response) -> dict[str, tuple[str, str, str]]:
    """(achieved, remaining, %) per row, keyed by the target's value column."""
    heads, rows = listing(response)
    at = [heads.index(name) for name in ("Achieved", "Remaining", "% of target")]
    target = heads.index("Target")
    return {row[target]: tuple(row[i] for i in at) for row in rows}


def test_targets_show_validated_achievement_over_their_own_period(client, world, targets):
    client.force_login(world.me_officer)
    progress = progress_of(client.get(TARGETS))
    assert progress["1,600"] == ("400", "1,200", "25%")  # validated and locked; not submitted
    assert progress["500"] == ("—", "—", "—")  # no figures in its period yet: never 0 %
    assert progress["20"] == ("7", "13", "35%")


def test_include_submitted_counts_submitted_figures_too(client, world, targets):
    client.force_login(world.me_officer)
    progress = progress_of(client.get(TARGETS, {"include_submitted": "on"}))
    assert progress["1,600"] == ("450", "1,150", "28%")
    assert progress["500"] == ("—", "—", "—")


def test_include_submitted_is_an_active_filter_only_when_ticked(client, world, targets):
    client.force_login(world.me_officer)
    for params, pills in (({}, []), ({"include_submitted": "on"}, ["Yes"])):
        page = BeautifulSoup(client.get(TARGETS, params).content.decode(), "html.parser")
        found = [squeeze(pill.get_text()) for pill in page.select(".w-active-filters .w-pill")]
        assert [p for p in found if "submitted" in p] == [
            f"Include submitted figures (not yet validated): {pill}" for pill in pills
        ], found
        assert "False" not in " ".join(found)


def test_target_rows_name_their_indicator_place_and_months(client, world, targets):
    client.force_login(world.me_officer)
    heads, rows = listing(client.get(TARGETS))
    by_value = {row[heads.index("Target")]: dict(zip(heads, row, strict=False)) for row in rows}
    sn, later = by_value["1,600"], by_value["500"]
    assert sn["Indicator"] == world.people.name  # not "code · name"
    assert sn["Country"] == "Whole campaign"
    assert (sn["From month"], sn["To month"]) == ("March 2026", "December 2026")
    assert (later["From month"], later["To month"]) == ("September 2026", "—")


def test_target_progress_is_in_the_readers_language(client, world, targets):
    in_french(world.me_officer)
    client.force_login(world.me_officer)
    heads, rows = listing(client.get(TARGETS, {"campaign": world.sn_campaign.pk}))
    assert any("1\u202f200" in row and "25\u00a0%" in row for row in rows), rows
    assert any("1\u202f600" in row and "Toute la campagne" in row for row in rows), rows


def test_the_target_listing_runs_the_same_queries_for_3_or_12_targets(client, world, targets):
    from campaigns.reach.models import Target

    client.force_login(world.me_officer)

    def count():
        cache.clear()  # reporting's grouped sums computed, not read from its cache
        with CaptureQueriesContext(connection) as context:
            assert client.get(TARGETS).status_code == 200
        return len(context.captured_queries)

    client.get(TARGETS)  # warm what is not the figures (site root, content types)
    few = count()
    for value in range(9):
        Target.objects.create(
            campaign=(world.sn_campaign, world.gn_campaign)[value % 2],
            indicator=(world.people, world.broadcasts)[value % 2], value=100 + value,
        )  # fmt: skip
    assert count() == few


def test_the_guinea_reporter_sees_guinea_targets_only(client, world, targets):
    client.force_login(world.gn_reporter)
    progress = progress_of(client.get(TARGETS))
    assert progress == {"20": ("7", "13", "35%")}


def test_the_targets_export_carries_the_progress_as_numbers(client, world, targets):
    client.force_login(world.me_officer)
    rows = {row["Target"]: row for row in csv_rows(client.get(TARGETS, {"export": "csv"}))}
    assert (rows["1600"]["Achieved"], rows["1600"]["Remaining"]) == ("400", "1200")
    assert rows["1600"]["% of target"] == "25.0"
    assert rows["500"]["Achieved"] == "" and rows["500"]["% of target"] == ""
    assert rows["1600"]["Campaign"] == "Desert (SN)"
    xlsx = {row["Target"]: row for row in xlsx_rows(client.get(TARGETS, {"export": "xlsx"}))}
    assert xlsx[1600]["Achieved"] == 400 and xlsx[20]["% of target"] == 35
    client.force_login(world.gn_reporter)
    rows = csv_rows(client.get(TARGETS, {"export": "csv"}))
    assert [row["Campaign"] for row in rows] == ["Sea (GN)"]


@pytest.mark.parametrize("role", [TRANSLATORS, FINANCE])
def test_roles_without_reach_figures_get_no_targets(client, world, targets, role):
    client.force_login(role_user(role, f"no-targets-{role[:5]}"))
    for params in ({}, {"export": "csv"}):
        assert client.get(TARGETS, params).status_code in (302, 403), params


def test_a_french_readers_csv_exports_are_all_in_french(client, world, targets):
    """Wagtail streams the CSV after its language override ends: rows were half English."""
    in_french(world.me_officer)
    client.force_login(world.me_officer)
    rows = csv_rows(client.get(LISTING, {"export": "csv"}))
    assert {"Mois", "Campagne"} <= set(rows[0]) and "Month" not in rows[0]
    assert {row["Statut"] for row in rows} >= {"Brouillon", "Validé"}, rows
    rows = csv_rows(client.get(TARGETS, {"export": "csv"}))
    assert {"Campagne", "Indicateur", "Réalisé", "Cible"} <= set(rows[0]), list(rows[0])
    assert "Achieved" not in rows[0]
