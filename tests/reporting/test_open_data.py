"""The public open-data page and its files: validated figures only, small figures hidden and kept
hidden, no personal data, in the visitor's language, a fixed number of queries."""

import csv
import datetime
import io
import re

import hxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from campaigns.reach.models import Indicator
from campaigns.reporting.disclosure import PRIMARY, SECONDARY
from campaigns.reporting.open_data import build
from campaigns.reporting.svg import number
from tests.factories import OrganisationFactory, campaign_page, reach_report

JAN, FEB, MAR = (datetime.date(2026, month, 1) for month in (1, 2, 3))
LAST_YEAR = datetime.date(2025, 11, 1)
NOTE = "Moussa Diop attended twice"


def build_figures(w):
    w.sn_campaign.title_fr = "Le désert n'est pas une route"
    w.sn_campaign.start_date = datetime.date(2025, 6, 1)  # the years offered: the campaigns'
    w.sn_campaign.save_revision().publish()
    ok = {"status": "validated", "notes": NOTE}
    reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, JAN, {w.people: 400}, **ok)
    reach_report(w.sn_campaign, w.iom_senegal, w.thies, w.radio, FEB, {w.people: 5}, **ok)
    reach_report(
        w.sn_campaign, w.iom_senegal, w.dakar, w.sessions, MAR, {w.people: 120, w.broadcasts: 30},
        status="locked",
    )  # fmt: skip
    reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.sessions, LAST_YEAR, {w.people: 90}, **ok)
    # Never public: submitted, a draft, a superseded revision.
    reach_report(w.sn_campaign, w.iom_senegal, w.thies, w.sessions, JAN, {w.people: 7001},
                 status="submitted")  # fmt: skip
    reach_report(w.sn_campaign, w.iom_senegal, w.thies, w.radio, MAR, {w.people: 7003})
    reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, FEB, {w.people: 7005},
                 status="locked", is_current=False)  # fmt: skip
    reach_report(w.gn_campaign, w.radio_guinea, w.conakry, w.radio, JAN, {w.people: 7}, **ok)
    # A campaign not published yet: neither its title nor its figures are public.
    hidden_campaign = campaign_page(
        w.sn_campaign.get_parent().specific, slug="secret", title="Secret plan"
    )
    hidden_campaign.unpublish()
    reach_report(hidden_campaign, w.iom_senegal, w.dakar, w.radio, JAN, {w.people: 7007}, **ok)
    return w


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    with django_db_blocker.unblock():
        return build_figures(world_data)


def page(client, language="en", query=""):
    response = client.get(f"/{language}/open-data/{query}")
    assert response.status_code == 200
    return response.content.decode()


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    start = next(i for i, row in enumerate(rows) if row[:1] == ["Country code"])
    return rows[start:]


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")])
def test_everyone_reads_it_in_their_language(client, data, db, language, direction):
    html = page(client, language, "?year=all")
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert "<svg" in html and "<table" in html
    with translation.override(language):
        # Every validated person reached: 400 + 5 + 120 + 90 (Senegal), 7 (Guinea)
        assert f"<strong>{number(622)}</strong>" in html


def test_campaign_titles_follow_the_countrys_languages_and_say_so(client, data, db):
    french = page(client, "fr")
    assert "Le désert n&#x27;est pas une route" in french
    arabic = page(client, "ar")  # no Arabic title: French (Senegal's first language), marked
    assert re.search(r'<th scope="row" lang="fr" dir="ltr">Le désert n&#x27;est pas', arabic)
    assert "Sénégal" in french and "السنغال" in arabic  # country names from CLDR


def test_validated_figures_only_and_no_personal_data(client, data, db):
    html = page(client, "en") + page(client, "en", "?year=all")
    files = client.get("/en/open-data/csv/?year=all&indicator=all").content.decode("utf-8-sig")
    for text in (html, files):
        for secret in ("Secret plan", NOTE, "IOM Senegal", "sn-reporter", "Moussa"):
            assert secret not in text
        for figure in (7001, 7003, 7005, 7007):
            assert str(figure) not in text and f"{figure:,}" not in text
    assert "622" in page(client, "en", "?year=all")  # 525 + 90 from 2025 + 7 in Guinea


def test_small_figures_are_hidden_and_cannot_be_worked_out(client, data, db):
    built = build({"year": "2026"})
    people = built.published[data.people.pk]
    assert people.by["month"][FEB].mark == PRIMARY  # 5
    assert people.by["country"][data.guinea.pk].mark == PRIMARY  # 7
    # With Guinea hidden, Senegal's total would give it away from the grand total.
    assert people.by["country"][data.senegal.pk].mark == SECONDARY
    # All years show 622 and 2025 is hidden (its only cell is): 2026's 532 would tell it.
    assert people.total.value == 532 and people.total.hidden
    assert build({"year": "all"}).published[data.people.pk].total.value == 622
    for dimension in ("country", "channel", "month"):  # one hidden: the total would tell it
        assert sum(f.hidden for f in people.by[dimension].values()) != 1, dimension
    html = page(client, "en", "?year=2026")
    assert "&lt;10" in html and ">hidden<" in html
    by_country = re.search(r'id="od-country".*?</svg>', html, re.S).group(0)
    assert "&lt;10" in by_country and ">hidden<" in by_country  # the chart says so too
    assert ">7<" not in html and ">5<" not in html


def test_the_csv_and_hxl_files_carry_the_same_hidden_figures(client, data, db):
    response = client.get("/fr/open-data/csv/?year=2026")
    assert response["Content-Disposition"].endswith('open-data-2026-people-reached.csv"')
    everything = read_csv(client.get("/en/open-data/csv/?year=2026").content)
    assert "<10" in [row[-1] for row in everything if row[0] == "GN"]
    table = read_csv(client.get("/en/open-data/csv/?year=2026&country=SN&indicator=all").content)
    heading, rows = table[0], table[1:]
    value = heading.index("Value")
    by_month = {(row[heading.index("Month")], row[heading.index("Indicator code")]): row[value]
                for row in rows if row[heading.index("Country code")] == "SN"}  # fmt: skip
    assert by_month[("2026-02", "people-reached")] == "<10"
    people = [
        row[value] for row in rows if row[heading.index("Indicator code")] == "people-reached"
    ]
    # Every 2026 figure of Senegal is hidden: with so few figures, the totals of the other
    # views (all years, all countries) would tell them.
    assert sorted(people) == sorted(["<10", "x", "x"])
    assert by_month[("2026-03", "broadcasts")] == "30"
    dataset = hxl.data(io.BytesIO(client.get("/en/open-data/hxl/?country=SN").content))
    records = list(dataset)
    assert {column.display_tag for column in dataset.columns} >= {
        "#country+code", "#activity+name", "#date+month", "#indicator+code", "#indicator+value"
    }  # fmt: skip
    values = {(r.get("#country+code"), r.get("#date+month")): r.get("#indicator+value")
              for r in records if r.get("#indicator+code") == "people-reached"}  # fmt: skip
    assert values[("SN", "2026-02")] == "<10" and values[("SN", "2026-01")] == "x"
    assert client.get("/en/open-data/xlsx/").status_code == 404


def test_filters_by_country_and_year_without_javascript(client, data, db):
    html = page(client, "fr", "?country=GN&year=2026")
    assert '<option value="GN" selected>' in html
    assert "Sénégal" not in html.split("<h2", 2)[-1]  # the figures below the form: Guinea's
    assert '<option value="2025">' in html
    assert 'href="/fr/open-data/csv/?country=GN&amp;year=2026' in html
    assert page(client, "en", "?year=1990&country=ZZ")  # unknown choices: the defaults


def test_listed_in_the_sitemap_in_every_language(client, data, db):
    xml = client.get("/sitemap.xml").content.decode()
    for language in ("en", "fr", "ar", "ps"):
        assert f"/{language}/open-data/</loc>" in xml
    assert "desert" in xml  # the pages are still there


def test_the_transparency_page_links_to_it(client, data, db):
    html = client.get("/fr/transparency/SN/").content.decode()
    assert 'href="/fr/open-data/?country=SN"' in html


def test_a_fixed_number_of_queries_whatever_the_data(client, data, db):
    def count(url):
        client.get(url)  # the open data's table is stored, rebuilt after a change: built now
        cache.clear()  # reporting keeps sums in the cache: count what computing them costs
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [query["sql"][:120] for query in queries]

    small = (count("/en/open-data/"), count("/en/open-data/csv/"))
    volume = OrganisationFactory(name="Volume partner", countries=[data.senegal])
    for day in range(1, 13):
        month = datetime.date(2026, day, 1)
        for region, channel in ((data.dakar, data.radio), (data.thies, data.sessions)):
            values = {data.people: 40 + day, data.broadcasts: day}
            reach_report(
                data.sn_campaign, volume, region, channel, month, values, status="validated"
            )
    large = (count("/en/open-data/"), count("/en/open-data/csv/"))
    assert [len(queries) for queries in large] == [len(queries) for queries in small], large
    # 7 for the figures and their names (the live campaigns and their view restrictions, the
    # indicators, the reports' newest change, the stored table's stamp and its rows, the
    # channels); 4 for the page's frame with its cache cleared (the site's identity, its footer
    # pages, the countries' languages, the interface words set in the CMS: cached otherwise).
    assert len(small[0]) <= 11, "\n".join(small[0])


def test_the_stored_table_gives_every_view_as_the_whole_table_does(client, data, db):
    """Stored and read back, each view (every year and all, every country and all, page and
    files) has the figures and marks the protected table's own view gives."""
    from campaigns.reporting.open_data import live_campaigns, whole_table
    from campaigns.reporting.open_data_table import read

    build({})  # stores the table
    campaigns = live_campaigns()
    indicators = list(Indicator.objects.filter(active=True))
    tables = whole_table(campaigns, indicators)
    assert tables
    for year in (None, 2025, 2026):
        for country in (None, data.senegal.pk, data.guinea.pk):
            stored = read(indicators, year, country, cells=True)
            for table in tables:
                expected = table.view(year, country)
                got = stored.get(table.indicator.pk)
                if expected.total is None:
                    assert got is None
                    continue
                assert got.values == expected.values, (year, country)
                assert got.marks == expected.marks, (year, country)
                assert got.by == expected.by and got.total == expected.total


def test_the_stored_table_follows_a_validation_and_a_publication(client, data, db):
    from campaigns.models import OpenDataState

    before = build({"year": "2026", "country": "SN"}).published[data.people.pk].total
    stamp = OpenDataState.objects.get().stamp
    from campaigns.models import ReachReport

    volume = OrganisationFactory(name="Late partner", countries=[data.senegal])
    reach_report(
        data.sn_campaign,
        volume,
        data.dakar,
        data.radio,
        datetime.date(2026, 6, 1),
        {data.people: 1000},
        status="validated",
    )
    after = build({"year": "2026", "country": "SN"}).published[data.people.pk].total
    assert after.value == before.value + 1000
    assert OpenDataState.objects.get().stamp != stamp
    # A report deleted that is not the newest leaves the reports' marks as they were.
    newer = OrganisationFactory(name="Newer partner", countries=[data.guinea])
    reach_report(
        data.gn_campaign,
        newer,
        data.conakry,
        data.radio,
        datetime.date(2026, 2, 1),
        {data.people: 50},
        status="validated",
    )
    build({})
    ReachReport.objects.get(organisation=volume).delete()
    assert build({"year": "2026", "country": "SN"}).published[data.people.pk].total == before
    data.sn_campaign.unpublish()
    gone = build({"year": "2026"})
    assert gone.selection.country is None and data.senegal.pk not in gone.countries
    assert list(gone.published[data.people.pk].by["campaign"]) == [data.gn_campaign.pk]


def test_totals_follow_each_indicators_rule_and_equal_totals_hide_together():
    from types import SimpleNamespace

    from campaigns.reporting.open_data import publish

    cells = {(1, 10, JAN): 300, (1, 20, JAN): 40, (1, 10, FEB): 500, (2, 10, JAN): 4}
    country_of = {1: 100, 2: 200}
    highest = publish(SimpleNamespace(aggregation="maximum"), cells, country_of)
    assert highest.by["campaign"][1].value == 500  # February's total, the highest month
    assert highest.by["month"][JAN].value == 344  # a month's total is always a sum
    latest = publish(SimpleNamespace(aggregation="latest"), cells, country_of)
    assert latest.by["campaign"][2].value == 4 and latest.by["country"][100].value == 500
    summed = publish(SimpleNamespace(aggregation="sum"), cells, country_of)
    assert summed.total.value == 844 and summed.cells[(2, 10, JAN)].mark == PRIMARY
    # Campaign 2 is country 200's only one: both are 4, both hidden; campaign 1 and country
    # 100 (equal too) are hidden or shown together, or the grand total would tell.
    assert summed.by["country"][200].mark == summed.by["campaign"][2].mark == PRIMARY
    assert summed.by["country"][100].mark == summed.by["campaign"][1].mark == SECONDARY


PUBLISHED = re.compile(r'<td class="od-number[^"]*">([^<]+)</td>|<strong>([^<]+)</strong>')


def test_no_two_views_differ_by_a_hidden_figure(client, data, db):
    """Every view the filters reach (each year and all, each country and all), page and CSV:
    no published number minus another is a figure shown hidden anywhere."""
    published, hidden = set(), set()
    cells = {  # the validated detail cells of people reached, by campaign code, channel, month
        (data.sn_campaign.code, data.radio.code, "2026-01"): 400,
        (data.sn_campaign.code, data.radio.code, "2026-02"): 5,
        (data.sn_campaign.code, data.sessions.code, "2026-03"): 120,
        (data.sn_campaign.code, data.sessions.code, "2025-11"): 90,
        (data.gn_campaign.code, data.radio.code, "2026-01"): 7,
    }
    for year in ("2025", "2026", "all"):
        for country in ("", "SN", "GN"):
            query = f"?year={year}&country={country}&indicator=people-reached"
            for match in PUBLISHED.finditer(page(client, "en", query)):
                text = (match.group(1) or match.group(2)).replace(",", "")
                if text.isdigit():
                    published.add(int(text))
            table = read_csv(client.get("/en/open-data/csv/" + query).content)
            heading, rows = table[0], table[1:]
            where = [heading.index(name) for name in ("Campaign code", "Channel code", "Month")]
            for row in rows:
                value = cells[tuple(row[i] for i in where)]
                if row[-1].isdigit():
                    assert int(row[-1]) == value
                    published.add(value)
                else:
                    hidden.add(value)
    assert hidden >= {5, 7, 90}
    assert published and published.isdisjoint(hidden)
    differences = {a - b for a in published for b in published}
    assert differences.isdisjoint(hidden), sorted(differences & hidden)
