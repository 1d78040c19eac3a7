"""IATI activity XML 2.03: every export validates against the official schema (read here with
lxml, apart from the code's own check), holds the validated figures only, by sex and age, and
comes out of the command and of the admin screen for the roles that may have it."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from modeltranslation.utils import build_localized_fieldname

from campaigns.access.roles import ADMINISTRATORS, FINANCE
from campaigns.models import Target
from campaigns.reporting import figures, iati
from campaigns.reporting.filters import ReachFilter
from campaigns.reporting.views.iati import iati_download_url
from tests.factories import (
    CountryFactory,
    agreement,
    allocation,
    campaign_page,
    country_page,
    funder,
    reach_report,
    role_user,
)
from tests.reporting.test_export_tasks import ask

JAN, FEB, MAR = (datetime.date(2026, month, 1) for month in (1, 2, 3))
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DARI_TITLE = "راه قاچاق مرگ است"
PASHTO_TITLE = "د قاچاق لاره مرګ دی"


def build(w):
    """Senegal: two funders (the EU with an IATI identifier and amounts published, Belgium
    with neither), targets, validated, locked, submitted and draft figures. Guinea: a target,
    no figures yet. Afghanistan: titles in Dari and Pashto only (besides English)."""
    eu = funder(iati_identifier="XI-IATI-EC_INTPA", discloses_amounts=True)
    belgium = funder("Belgian Immigration Office", statements={"en": "Funded by Belgium"})
    allocation(
        agreement(eu, "EU-AMIF-01"), w.sn_campaign, "25000.00",
        start_date=datetime.date(2026, 2, 1), end_date=datetime.date(2026, 12, 31),
    )  # fmt: skip
    allocation(agreement(belgium, "BE-01", currency="EUR"), w.sn_campaign, "5000.00")
    w.people_target = Target.objects.create(
        campaign=w.sn_campaign, indicator=w.people, value=1000, period_start=JAN,
        period_end=datetime.date(2026, 6, 1),
    )  # fmt: skip
    Target.objects.create(campaign=w.gn_campaign, indicator=w.people, value=300)
    split = [("female", w.youth, 60), ("male", w.adults, 40)]
    reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, JAN, {w.people: (100, split),
                 w.broadcasts: 12}, status="validated")  # fmt: skip
    reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.sessions, FEB, {w.people: (50, [
        ("female", w.youth, 30), ("male", w.youth, 20)])}, status="locked")  # fmt: skip
    reach_report(w.sn_campaign, w.iom_senegal, w.thies, w.radio, MAR, {w.people: (1000, [
        ("female", w.youth, 1000)])}, status="submitted")  # fmt: skip
    reach_report(w.sn_campaign, w.iom_senegal, w.thies, w.sessions, MAR, {w.people: 7})
    afghanistan = CountryFactory(code="AF", languages="fa-af, ps")
    w.af_campaign = campaign_page(
        country_page(afghanistan), slug="road", title="The smugglers' road is death",
        **{build_localized_fieldname("title", "fa-af"): DARI_TITLE,
           build_localized_fieldname("title", "ps"): PASHTO_TITLE},
    )  # fmt: skip
    return w


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    return build(world_data)


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(file=str(settings.IATI_SCHEMA_DIR / "iati-activities-schema.xsd"))


def export(*campaigns) -> etree._Element:
    return etree.fromstring(iati.export(campaigns, now=NOW))


def activity_of(root, campaign) -> etree._Element:
    found = root.xpath(f"iati-activity[iati-identifier='XM-DAC-47066-{campaign.code}']")
    assert len(found) == 1
    return found[0]


def test_every_campaign_validates_figures_or_not(data, db, schema):
    root = export(data.sn_campaign, data.gn_campaign, data.af_campaign)
    schema.assertValid(root)
    assert root.get("version") == "2.03"
    assert [a.findtext("iati-identifier") for a in root] == [
        f"XM-DAC-47066-{c.code}" for c in (data.sn_campaign, data.gn_campaign, data.af_campaign)
    ]
    senegal = activity_of(root, data.sn_campaign)
    assert senegal.find("reporting-org").attrib == {"ref": "XM-DAC-47066", "type": "40"}
    assert senegal.find("recipient-country").get("code") == "SN"
    assert senegal.find("activity-status").get("code") == iati.IMPLEMENTATION
    assert [(d.get("type"), d.get("iso-date")) for d in senegal.findall("activity-date")] == [
        ("1", "2026-01-01"), ("2", "2026-01-01"), ("3", "2026-12-31"),
    ]  # fmt: skip
    # Regions with validated figures only (Thiès has a submitted report and a draft).
    assert [loc.get("ref") for loc in senegal.findall("location")] == ["SN-DK"]
    afghanistan = activity_of(root, data.af_campaign)
    assert afghanistan.find("result") is None  # no targets, no figures: no result


def test_actual_values_are_the_validated_figures_by_sex_and_age(data, db):
    period = activity_of(export(data.sn_campaign), data.sn_campaign).xpath(
        "result/indicator[reference/@code='people-reached']/period"
    )[0]
    assert period.find("period-start").get("iso-date") == "2026-01-01"
    assert period.find("period-end").get("iso-date") == "2026-06-30"
    assert period.find("target").get("value") == "1000"
    progress = figures.target_progress(None, ReachFilter(campaigns=(data.sn_campaign.pk,)))
    achieved = next(p.achieved for p in progress if p.target.pk == data.people_target.pk)
    assert achieved == 150  # January and February: March's 1,000 is only submitted
    actuals = {
        tuple((d.get("name"), d.get("value")) for d in actual): actual.get("value")
        for actual in period.findall("actual")
    }
    assert actuals == {
        (): "150",
        (("sex", "female"),): "90",
        (("sex", "male"),): "60",
        (("age", "15-24"),): "110",
        (("age", "25+"),): "40",
        (("sex", "female"), ("age", "15-24")): "90",
        (("sex", "male"), ("age", "15-24")): "20",
        (("sex", "male"), ("age", "25+")): "40",
    }
    # An indicator with figures and no target: the campaign's period, its actual only.
    broadcasts = activity_of(export(data.sn_campaign), data.sn_campaign).xpath(
        "result/indicator[reference/@code='broadcasts']/period"
    )[0]
    assert broadcasts.find("target") is None
    assert [a.get("value") for a in broadcasts.findall("actual")] == ["12"]


def test_a_campaign_without_figures_has_its_target_and_no_actual(data, db, schema):
    root = export(data.gn_campaign)
    schema.assertValid(root)
    period = activity_of(root, data.gn_campaign).find("result/indicator/period")
    assert period.find("target").get("value") == "300"
    assert period.find("actual") is None  # never a 0 for "nothing reported yet"
    assert activity_of(root, data.gn_campaign).find("location") is None


def test_funders_budgets_and_commitments(data, db):
    senegal = activity_of(export(data.sn_campaign), data.sn_campaign)
    orgs = [
        (o.get("role"), o.get("ref"), o.findtext("narrative"))
        for o in senegal.findall("participating-org")
    ]
    assert orgs == [
        ("1", None, "Belgian Immigration Office"),  # no IATI identifier: named only
        ("1", "XI-IATI-EC_INTPA", "European Union"),
        ("2", "XM-DAC-47066", "International Organization for Migration"),
        ("4", "XM-DAC-47066", "International Organization for Migration"),
    ]
    # Amounts of the EU only: Belgium does not allow its amounts to be published.
    budgets = senegal.findall("budget")
    assert [(b.find("value").text, b.find("value").get("currency")) for b in budgets] == [
        ("25000.00", "EUR")
    ]
    assert budgets[0].find("period-start").get("iso-date") == "2026-02-01"
    (commitment,) = senegal.findall("transaction")
    assert commitment.find("transaction-type").get("code") == "2"
    assert Decimal(commitment.findtext("value")) == Decimal("25000.00")
    assert commitment.find("provider-org").get("ref") == "XI-IATI-EC_INTPA"
    assert commitment.find("receiver-org").get("ref") == "XM-DAC-47066"


def test_materials_are_linked_in_their_languages(data, db):
    links = activity_of(export(data.sn_campaign), data.sn_campaign).findall("document-link")
    page = [link for link in links if link.find("category").get("code") == "A12"]
    # The page has text of its own in English only so far: one address, in English.
    assert [(p.find("language").get("code"), p.get("format")) for p in page] == [
        ("en", "text/html")
    ]
    assert page[0].get("url").startswith("http") and "/en/" in page[0].get("url")
    files = [link for link in links if link.find("category").get("code") == "A08"]
    assert [(f.find("language").get("code"), f.get("format")) for f in files] == [
        ("fr", "application/pdf"), ("wo", "application/pdf"),
    ]  # fmt: skip
    assert all(f.get("url").startswith("http") and f.get("url").endswith(".pdf") for f in files)


def test_non_latin_and_right_to_left_titles(data, db, schema):
    xml = iati.export([data.af_campaign], now=NOW)
    root = etree.fromstring(xml)
    schema.assertValid(root)
    titles = {n.get(XML_LANG): n.text for n in activity_of(root, data.af_campaign).find("title")}
    assert titles["fa"] == DARI_TITLE  # fa-af: ISO 639-1 "fa", as IATI asks
    assert titles["ps"] == PASHTO_TITLE
    assert DARI_TITLE.encode() in xml  # UTF-8, not character references


@pytest.mark.parametrize(
    ("start", "end", "agreements", "status", "dates"),
    [
        (JAN, datetime.date(2026, 12, 31), [], "2", ["1", "2", "3"]),
        (datetime.date(2026, 9, 1), None, [], "1", ["1"]),  # to come: no actual date
        (JAN, MAR, ["signed", "closed"], "3", ["1", "2", "3", "4"]),
        (JAN, MAR, ["closed"], "4", ["1", "2", "3", "4"]),
    ],
)
def test_status_and_dates_follow_the_calendar(start, end, agreements, status, dates):
    from types import SimpleNamespace

    campaign = SimpleNamespace(start_date=start, end_date=end, first_published_at=None)
    allocations = [SimpleNamespace(agreement=SimpleNamespace(status=s)) for s in agreements]
    today = NOW.date()
    assert iati.activity_status(campaign, allocations, today) == status
    node = etree.Element("iati-activity")
    iati.activity_dates(node, campaign, [], today)
    assert [d.get("type") for d in node] == dates


def test_an_invalid_file_is_refused_naming_the_element(data, db):
    root = export(data.gn_campaign)
    activity = root[0]
    activity.remove(activity.find("reporting-org"))
    with pytest.raises(iati.IATIValidationError, match="reporting-org"):
        iati.validate(root)


def test_codes_come_from_the_codelists(data, db):
    root = export(data.sn_campaign, data.gn_campaign)
    lists = settings.IATI_SCHEMA_DIR / "codelists"

    def codes(name):
        return set(etree.parse(str(lists / f"{name}.xml")).xpath("//codelist-item/code/text()"))

    assert set(root.xpath("//participating-org/@role")) <= codes("OrganisationRole")
    assert set(root.xpath("//activity-status/@code")) <= codes("ActivityStatus")
    assert set(root.xpath("//activity-date/@type")) <= codes("ActivityDateType")
    assert set(root.xpath("//budget/@type")) <= codes("BudgetType")
    assert set(root.xpath("//budget/@status")) <= codes("BudgetStatus")
    assert set(root.xpath("//transaction-type/@code")) <= codes("TransactionType")
    assert set(root.xpath("//document-link/category/@code")) <= codes("DocumentCategory")


def test_queries_do_not_grow_with_the_campaigns(data, db, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Warm what one export leaves behind for the next (each page's site root paths and
    # country, the stored summaries), for all three, whatever ran before this test.
    export(data.sn_campaign)
    export(data.sn_campaign, data.gn_campaign, data.af_campaign)
    with CaptureQueriesContext(connection) as one:
        export(data.sn_campaign)
    with django_assert_max_num_queries(len(one.captured_queries)):
        export(data.sn_campaign, data.gn_campaign, data.af_campaign)


# --- The command -------------------------------------------------------------------------------


def test_the_command_writes_the_file(data, db, tmp_path, capsys):
    path = tmp_path / "iati.xml"
    call_command("export_iati", "--campaign", data.sn_campaign.code, "-o", str(path))
    root = etree.parse(str(path)).getroot()
    assert [a.findtext("iati-identifier") for a in root] == [
        f"XM-DAC-47066-{data.sn_campaign.code}"
    ]
    assert "1 activities written" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_code(data, db, tmp_path):
    path = tmp_path / "iati.xml"
    with pytest.raises(CommandError, match="no-such-campaign") as refused:
        call_command("export_iati", "--campaign", "no-such-campaign", "-o", str(path))
    assert refused.value.returncode == 1  # manage.py exits with it
    assert not path.exists()


# --- The admin screen -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["me_officer", "finance", "administrator"])
def test_the_screen_and_file_for_the_roles_that_may(data, db, client, role):
    user = {
        "me_officer": lambda: data.me_officer,
        "finance": lambda: role_user(FINANCE, "finance"),
        "administrator": lambda: role_user(ADMINISTRATORS, "administrator"),
    }[role]()
    client.force_login(user)
    screen = client.get(reverse("reporting:iati"), {"country": data.senegal.pk})
    assert screen.status_code == 200
    assert data.sn_campaign.code in screen.text and data.gn_campaign.code not in screen.text
    response = ask(client, iati_download_url(ReachFilter(countries=(data.senegal.pk,))))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "attachment" in response["Content-Disposition"]
    root = etree.fromstring(response.content)
    assert [a.findtext("iati-identifier") for a in root] == [
        f"XM-DAC-47066-{data.sn_campaign.code}"
    ]


@pytest.mark.parametrize("role", ["sn_reporter", "gn_reporter", "editor", "reviewer"])
def test_other_roles_are_refused(data, db, client, role):
    client.force_login(getattr(data, role))
    for url in (reverse("reporting:iati"), iati_download_url(ReachFilter())):
        for response in (client.get(url), ask(client, url)):
            assert response.status_code in (302, 403)
            assert b"iati-activities" not in response.content
    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("reporting:iati") not in home.text  # no menu item either


def test_the_screen_says_why_there_is_no_file(data, db, client, settings, tmp_path):
    settings.IATI_SCHEMA_DIR = tmp_path  # no schema there: nothing unchecked is handed out
    client.force_login(data.me_officer)
    response = ask(client, iati_download_url(ReachFilter()), follow=True)  # back to the screen
    assert response.status_code == 200 and "attachment" not in response.get(
        "Content-Disposition", ""
    )
    assert "IATI_SCHEMA_DIR" in response.text


def test_anonymous_visitors_are_sent_to_sign_in(data, db, client):
    for response in (client.get(iati_download_url(ReachFilter())),
                     ask(client, iati_download_url(ReachFilter()))):  # fmt: skip
        assert response.status_code == 302 and "login" in response["Location"]
