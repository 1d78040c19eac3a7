"""More attacks on issue 15's tools (see test_attack_issue15.py): the translator's editor asked
for another language with ``?language=``, stale-translation rows written by anonymous visitors,
a PO import onto a page locked by someone else, and the open data's stored table after a
campaign turns private."""

import datetime
import io

import pytest
from babel.messages.pofile import read_po, write_po
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from campaigns.access.roles import EDITORS, TRANSLATORS, setup_roles
from campaigns.models import TranslatorLanguages
from campaigns.translation import po_export, po_import
from campaigns.translation.models import TranslationSource
from tests.admin_forms import form_data
from tests.factories import campaign_page, home_page, module_data, reach_report, role_user
from tests.reach.conftest import fresh_world, world, world_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def page_data(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        home_page()
        setup_roles()
        yield campaign_page(
            slug="attack-15", objective_fr="Informer les jeunes", objective_wo="Xamal ndaw ñi"
        )


@pytest.fixture
def campaign(page_data, db):
    return Page.objects.get(pk=page_data.pk).specific


@pytest.fixture
def awa(campaign):
    user = role_user(TRANSLATORS, username="awa-wo")
    TranslatorLanguages.objects.create(user=user, languages=["wo"])
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def latest(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


# --- The editor's ?language= ---------------------------------------------------------------------


@pytest.mark.parametrize("asked", ["fr", "en", "FR", "xx", "../fr", "fr&language=wo"])
def test_asking_for_french_opens_nothing_a_wolof_translator_may_write(campaign, awa, asked):
    client = client_for(awa)
    url = reverse("wagtailadmin_pages:edit", args=[campaign.pk])
    response = client.get(url, {"language": asked})
    assert response.status_code == 200
    data = form_data(response.context["form"])
    data["objective_fr"] = "Texte pirate"
    revisions = campaign.revisions.count()
    response = client.post(f"{url}?language={asked}", data)
    assert campaign.revisions.count() == revisions
    assert latest(campaign).objective_fr == "Informer les jeunes"


def test_the_language_parameter_is_not_reflected_unescaped(campaign, awa):
    client = client_for(awa)
    url = reverse("wagtailadmin_pages:edit", args=[campaign.pk])
    html = client.get(url, {"language": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html


# --- Stale tracking: visitors write nothing -----------------------------------------------------


def test_anonymous_visits_and_api_reads_write_no_translation_rows(client, campaign):
    before = TranslationSource.objects.count()
    for url in (campaign.url, f"/wo{campaign.url[3:]}", "/api/v2/pages/", "/admin/api/main/pages/"):
        client.get(url)
    client.post(reverse("po_translations:import"), {})
    assert TranslationSource.objects.count() == before


# --- PO import onto a page another user locked --------------------------------------------------


def test_a_page_locked_by_an_editor_is_not_written_by_an_import(campaign, awa):
    editor = role_user(EDITORS, username="locking-editor")
    Page.objects.filter(pk=campaign.pk).update(locked=True, locked_by=editor)
    data = po_export.export(po_export.campaign_scope(campaign), ["wo"])[1]
    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.context and message.context.endswith(":objective"):
            message.string = "Xamal ndaw ñi ak seen waajur"
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    revisions = campaign.revisions.count()
    report = po_import.import_po(out.getvalue(), awa, dry_run=False)
    assert report.refused and "locked" in " ".join(str(e) for e in report.errors)
    assert campaign.revisions.count() == revisions


# --- Open data: a campaign that turns private ---------------------------------------------------


def test_a_campaign_made_private_leaves_the_stored_open_data(client, world_data):  # noqa: F811
    w = world_data
    w.sn_campaign.save_revision().publish()
    reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, datetime.date(2026, 1, 1),
                 {w.people: 73519}, status="validated")  # fmt: skip
    assert "73,519" in client.get("/en/open-data/", {"year": "all"}).content.decode()
    PageViewRestriction.objects.create(page=w.sn_campaign, restriction_type="login")
    for url in ("/en/open-data/", "/en/open-data/csv/", "/en/open-data/hxl/"):
        response = client.get(url, {"year": "all"})
        text = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"73,519" not in text and b"73519" not in text, url


# --- A PO file of many entries: the cost of a refusal -------------------------------------------


def many_entries(campaign, count: int) -> bytes:
    head = (
        f'msgid ""\nmsgstr ""\n"Project-Id-Version: campaigns campaign:{campaign.code}\\n"\n'
        '"Language: wo\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    )
    body = "".join(
        f'msgctxt "campaigns.campaignpage:{pk}:title"\nmsgid "a"\nmsgstr "b"\n\n'
        for pk in range(10**6, 10**6 + count)
    )
    return (head + body).encode()


def test_entries_outside_the_scope_cost_no_query_each(campaign, awa):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = po_import.import_po(many_entries(campaign, 300), awa, dry_run=True)
    assert report.refused
    assert len(queries) < 50


# --- Interface words through a PO file ----------------------------------------------------------

NOTHING_FOUND = 'Nothing found for <q dir="auto">%(query)s</q>.'
EVIL = 'Amul dara ci <q dir="auto">%(query)s</q>.<img src=x onerror=alert(document.domain) x='


def words_file(campaign, language: str, text: str) -> bytes:
    catalog = po_export.catalog(po_export.campaign_scope(campaign), [], language)
    for message in catalog:
        if message.id == NOTHING_FOUND:
            message.string = text
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def test_an_unclosed_tag_in_an_imported_sentence_word_is_refused(campaign, awa):
    report = po_import.import_po(words_file(campaign, "wo", EVIL), awa, dry_run=True)
    assert report.refused


def test_a_wolof_word_stays_on_wolof_pages(client, campaign, awa):
    harmless = 'Amul dara ci <q dir="auto">%(query)s</q>, WOLOF-ONLY.'
    report = po_import.import_po(words_file(campaign, "wo", harmless), awa, dry_run=False)
    assert not report.refused and report.applied
    assert "WOLOF-ONLY" in client.get("/wo/search/?q=zzzqqq").content.decode()
    for language in ("fr", "en", "ff"):
        html = client.get(f"/{language}/search/?q=zzzqqq").content.decode()
        assert "WOLOF-ONLY" not in html, language


# --- Translation status: hostile filters --------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{"country": "abc"}, {"country": "1 OR 1=1"},
     {"out_of_date_in": '"><script>alert(1)</script>'}, {"missing_in": "../../etc"},
     {"campaign": "-1"}, {"country": ["1", "x"]}],
)  # fmt: skip
def test_translation_status_filters_refuse_hostile_values_cleanly(campaign, awa, params):
    client = client_for(awa)
    client.raise_request_exception = False
    for name in ("index", "results"):
        response = client.get(reverse(f"campaigns_translation_status:{name}"), params)
        assert response.status_code == 200, (name, params, response.status_code)
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_translation_status_a_huge_country_id_is_not_a_server_error(campaign, awa):
    client = client_for(awa)
    client.raise_request_exception = False
    url = reverse("campaigns_translation_status:index")
    assert client.get(url, {"country": "99999999999999999999"}).status_code == 200


def test_a_file_of_too_many_entries_is_refused_before_any_is_checked(campaign, awa):
    from campaigns.translation.po_import import MAX_ENTRIES

    report = po_import.import_po(many_entries(campaign, MAX_ENTRIES + 1), awa, dry_run=True)
    assert report.refused and len(report.errors) == 1
    assert "too many entries" in report.errors[0].reason


def test_checking_stops_after_enough_errors(campaign, awa):
    from campaigns.translation.po_import import MAX_ERRORS

    report = po_import.import_po(many_entries(campaign, MAX_ERRORS + 50), awa, dry_run=True)
    assert report.refused and len(report.errors) == MAX_ERRORS + 1
    assert "checking stopped" in report.errors[-1].reason
