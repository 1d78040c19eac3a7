"""Reach > Languages and materials: reach per material and language, materials distributed while
their translation was incomplete or older than the source, and each country's language
coverage; who may open it, what a Guinea reporter sees, the exports, and a fixed query count."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from campaigns.access.roles import FINANCE, TRANSLATORS
from campaigns.models import CampaignPage
from campaigns.reporting import languages
from campaigns.reporting.filters import ReachFilter
from tests.factories import material, reach_report, role_user

JAN, FEB, MAR = (datetime.date(2026, month, 1) for month in (1, 2, 3))
DEC = datetime.date(2025, 12, 1)
URL = "/admin/reporting/languages/"
EVERYTHING = ReachFilter()


def publish_at(item, day: datetime.date):
    """Publish the material's current state, as if on ``day`` (the history the rule reads)."""
    revision = item.save_revision()
    revision.publish()
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    ModelLogEntry.objects.filter(revision_id=revision.pk, action="wagtail.publish").update(
        timestamp=moment
    )


def translated(campaign, title, languages=("fr", "wo"), **titles):
    item = material(campaign, languages=languages, live=False, title=title, **titles)
    publish_at(item, datetime.date(2026, 1, 5))
    return item


def build(w):
    w.stale = translated(w.sn_campaign, "Stale", title_fr="Affiche", title_wo="Afis")
    w.stale.title_fr = "Affiche, numéro vert corrigé"  # the French source changes, Wolof does not
    publish_at(w.stale, datetime.date(2026, 2, 10))
    w.fresh = translated(w.sn_campaign, "Fresh", title_fr="Tract", title_wo="Tarat")
    w.incomplete = translated(w.sn_campaign, "Incomplete", title_fr="Radio")  # no Wolof title
    w.gn_material = translated(w.gn_campaign, "Guinea leaflet", ("fr",), title_fr="Dépliant")
    CampaignPage.objects.filter(pk=w.sn_campaign.pk).update(objective_wo="Yoon wi")
    people = w.people

    def report(item, language, month, region, channel, value, campaign=None, org=None):
        cells = [("female", w.youth, value - value // 4), ("male", w.adults, value // 4)]
        reach_report(
            campaign or w.sn_campaign, org or w.iom_senegal, region, channel, month,
            {people: (value, cells), w.broadcasts: 3}, material=item, language=language,
            status="validated",
        )  # fmt: skip

    report(w.stale, "wo", JAN, w.dakar, w.radio, 100)
    report(w.stale, "wo", MAR, w.dakar, w.radio, 200)
    report(w.stale, "fr", MAR, w.thies, w.sessions, 50)
    report(w.fresh, "wo", MAR, w.dakar, w.sessions, 70)
    report(w.fresh, "fr", DEC, w.dakar, w.radio, 20)  # before it was first published
    report(w.incomplete, "wo", MAR, w.thies, w.radio, 30)
    report(None, "ff", FEB, w.thies, w.radio, 40)  # reach in Pulaar, nothing published in it
    report(w.gn_material, "ff", MAR, w.conakry, w.radio, 9, w.gn_campaign, w.radio_guinea)
    return w


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    with django_db_blocker.unblock():
        return build(world_data)


def flagged(user):
    return {
        (d.material.title, d.language, d.month): d.problems
        for d in languages.distributions(user, EVERYTHING)
    }


# --- The rules -----------------------------------------------------------------------------------


def test_wolof_older_than_its_french_source_when_reported_is_flagged(data, db):
    found = flagged(data.me_officer)
    assert found[("Stale", "wo", MAR)] == [languages.STALE]
    # In January the French had not changed yet: the same material was fresh.
    assert ("Stale", "wo", JAN) not in found
    # The source itself is never stale; a complete, fresh translation is not flagged.
    assert ("Stale", "fr", MAR) not in found
    assert ("Fresh", "wo", MAR) not in found
    assert found[("Incomplete", "wo", MAR)] == [languages.INCOMPLETE]
    assert found[("Fresh", "fr", DEC)] == [languages.UNPUBLISHED]
    # Guinea's leaflet has no Pulaar version at all.
    assert found[("Guinea leaflet", "ff", MAR)] == [languages.INCOMPLETE]


def test_a_distribution_says_when_each_language_changed(data, db):
    item = next(
        d for d in languages.distributions(data.me_officer, EVERYTHING) if d.material == data.stale
    )
    assert item.source == "fr"
    assert item.language_changed.date() == datetime.date(2026, 1, 5)
    assert item.source_changed.date() == datetime.date(2026, 2, 10)
    assert item.figures[data.people.pk] == 200


def test_reach_per_material_language_and_sex(data, db):
    rows = languages.material_reach(data.me_officer, EVERYTHING)
    people = {(r["material"], r["language"]): r for r in rows if r["indicator"] == data.people.pk}
    stale_wo = people[(data.stale.pk, "wo")]
    assert (stale_wo["value"], stale_wo["female"], stale_wo["male"]) == (300, 225, 75)
    broadcasts = [r for r in rows if r["indicator"] == data.broadcasts.pk]
    assert all(r["female"] is None for r in broadcasts)  # not split by sex
    assert all(r["material"] is not None for r in rows)  # the Pulaar report names none


def test_coverage_published_versus_reached(data, db):
    senegal = next(
        c for c in languages.coverage(data.me_officer, EVERYTHING) if c.country == data.senegal
    )
    by_code = {lang.code: lang for lang in senegal.languages}
    assert list(by_code) == ["fr", "wo", "ff"]  # the country's languages, in its order
    assert by_code["wo"].pages == 1 and by_code["wo"].materials >= 3
    assert by_code["wo"].figures[data.people.pk] == 400
    assert not by_code["wo"].reach_without_content
    assert by_code["ff"].reach_without_content and by_code["ff"].figures[data.people.pk] == 40
    guinea = next(
        c for c in languages.coverage(data.me_officer, EVERYTHING) if c.country == data.guinea
    )
    gn = {lang.code: lang for lang in guinea.languages}
    assert gn["fr"].content_without_reach and gn["fr"].materials == 1
    assert gn["ff"].reach_without_content


# --- The screen ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("me_officer", True),
        ("editor", True),
        ("reviewer", True),
        ("sn_reporter", True),
        ("translator", False),
        ("finance", False),
    ],
)
def test_who_may_open_it(data, client, db, role, allowed):
    if role in ("translator", "finance"):
        user = role_user({"translator": TRANSLATORS, "finance": FINANCE}[role], role)
    else:
        user = getattr(data, role)
    client.force_login(user)
    response = client.get(URL)
    if allowed:
        assert response.status_code == 200
    else:  # Wagtail's refusal: back to the dashboard, "Sorry, you do not have permission..."
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    menu = client.get(reverse("wagtailadmin_home"))
    assert (URL.encode() in menu.content) is allowed


def test_anonymous_is_sent_to_sign_in(data, client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_screen_shows_the_three_sections(data, client, db):
    client.force_login(data.me_officer)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    content = response.content.decode()
    for section in ("materials", "distributions", "coverage"):
        assert f'data-section="{section}"' in content
    materials, rest = content.split('data-section="distributions"')
    distributions, coverage = rest.split('data-section="coverage"')
    stale, fresh = data.stale.pk, data.fresh.pk
    assert f'data-material="{fresh}"' in materials
    assert "Affiche, numéro vert corrigé" in materials  # the material's French title
    assert "wolof" in materials  # language names in the reader's language
    assert f'data-material="{stale}" data-language="wo" data-month="2026-03"' in distributions
    assert f'data-material="{fresh}" data-language="wo"' not in distributions
    assert f'data-material="{fresh}" data-language="fr" data-month="2025-12"' in distributions
    assert "data-stands-out" in coverage


def test_a_guinea_reporter_sees_no_senegal_figure(data, client, db):
    assert {c.country for c in languages.coverage(data.gn_reporter, EVERYTHING)} == {data.guinea}
    assert set(flagged(data.gn_reporter)) == {("Guinea leaflet", "ff", MAR)}
    rows = languages.material_reach(data.gn_reporter, EVERYTHING)
    assert {r["material"] for r in rows} == {data.gn_material.pk}
    client.force_login(data.gn_reporter)
    pages = [client.get(URL).content]
    for section in ("materials", "distributions", "coverage"):
        pages.append(client.get(URL, {"download": "csv", "section": section}).content)
    for content in pages:
        text = content.decode("utf-8-sig")
        for senegal in ("Senegal", "Sénégal", "Desert (SN)", "Stale", "Afis", "Dakar"):
            assert senegal not in text
    # Asking for Senegal by its id is refused by the form and falls back to what they may see.
    response = client.get(
        URL, {"country": data.senegal.pk, "download": "csv", "section": "coverage"}
    )
    assert b"Stale" not in response.content and "Senegal" not in response.content.decode()


# --- Exports -------------------------------------------------------------------------------------


def test_exports_read_back_with_the_filters_on_top(data, client, db):
    client.force_login(data.me_officer)
    query = {"country": data.senegal.pk, "month_from": "2026-03", "section": "distributions"}
    response = client.get(URL, {**query, "download": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [row for row in sheet.iter_rows(values_only=True)]
    assert lines[0][0] == "Distributed while the translation was incomplete or stale"
    assert any(str(line[0]).startswith("Countries: Senegal") for line in lines[:12])
    header = next(i for i, line in enumerate(lines) if line[0] == "Month")
    table = [dict(zip(lines[header], line, strict=False)) for line in lines[header + 1 :]]
    stale = [
        r for r in table if r["Material"] == "Stale" and r["Indicator code"] == "people-reached"
    ]
    assert stale[0]["Value"] == 200 and stale[0]["Translation then"] == "older than the source"

    del query["month_from"]  # the Pulaar figures are February's
    response = client.get(URL, {**query, "section": "coverage", "download": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Language coverage per country"]
    header = rows.index(next(r for r in rows if r[:1] == ["Country"]))
    records = [dict(zip(rows[header], r, strict=False)) for r in rows[header + 1 :]]
    pulaar = [r for r in records if r["Language code"] == "ff"]
    assert pulaar and pulaar[0]["Stands out"] == "reach but no published content"

    hxl = client.get(URL, {**query, "section": "materials", "download": "hxl"})
    lines = hxl.content.decode("utf-8-sig").splitlines()
    assert "#language+code" in next(line for line in lines if line.startswith("#item"))


def test_unknown_export_is_not_found(data, client, db):
    client.force_login(data.me_officer)
    assert client.get(URL, {"download": "pdf", "section": "coverage"}).status_code == 404
    assert client.get(URL, {"download": "csv", "section": "secrets"}).status_code == 404


# --- Queries -------------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_data(data, client, db):
    client.force_login(data.me_officer)
    client.get(URL)  # caches (content types, site) filled once

    def queries():
        cache.clear()  # the figures' cache would answer one of the two views and not the other
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL).status_code == 200
        return len(context.captured_queries)

    before = queries()
    for number in range(4):
        item = translated(data.sn_campaign, f"More {number}", title_fr="Plus", title_wo="Ak")
        item.title_fr = "Plus encore"
        publish_at(item, datetime.date(2026, 2, 1))
        for month, channel in ((4 + number, data.radio), (8 + number, data.sessions)):
            reach_report(
                data.sn_campaign, data.iom_senegal, data.dakar, channel,
                datetime.date(2026, month, 1), {data.people: 5}, material=item, language="wo",
                status="validated",
            )  # fmt: skip
    assert len(flagged(data.me_officer)) >= 8
    assert queries() == before
