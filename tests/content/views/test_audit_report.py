"""Reports > Campaign audit: submissions, reviews and publications from Wagtail's logs, with
filters, CSV and XLSX exports, and who may read it."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry, PageLogEntry

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    INTERNAL_TASK,
    ME_OFFICERS,
    REVIEWERS,
    TRANSLATORS,
)
from campaigns.access.roles import setup_roles as build_roles
from campaigns.models import Material
from tests.factories import (
    CountryFactory,
    SuperUserFactory,
    act_on_review,
    campaign_page,
    country_page,
    fresh,
    home_page,
    material,
    module_data,
    role_user,
    submit_for_review,
)

pytestmark = pytest.mark.django_db

URL = "/admin/reports/campaign-audit/"


@pytest.fixture(scope="module")
def people_data(django_db_setup, django_db_blocker):
    """The roles and their people, built once for the module."""
    with module_data(django_db_blocker):
        home_page()
        build_roles()
        yield {
            "editor": role_user(EDITORS, "editor", first_name="Awa", last_name="Diop"),
            "iom": role_user(ADMINISTRATORS, "iom", first_name="Ines", last_name="Okafor"),
            "funder": role_user(REVIEWERS, "funder", first_name="Frank", last_name="Meyer"),
            "me": role_user(ME_OFFICERS, "me"),
            "translator": role_user(TRANSLATORS, "translator"),
            "finance": role_user(FINANCE, "finance"),
        }


@pytest.fixture
def people(people_data, home):
    return fresh(people_data)


@pytest.fixture
def history(people):
    """Senegal: a campaign approved twice and published, then unpublished; a poster sent back
    for changes and resubmitted. Afghanistan: a campaign approved by IOM."""
    editor, iom, funder = people["editor"], people["iom"], people["funder"]
    senegal = campaign_page(country_page(), title_fr="Le désert tue")
    poster = material(senegal, languages=("fr",), live=False, title="Desert poster")
    afghanistan = campaign_page(
        country_page(CountryFactory(code="AF", languages="fa-af, ps")),
        title="Know the routes",
        slug="routes",
    )
    PageLogEntry.objects.all().delete()  # the factories' own publications, to start clean

    submit_for_review(senegal, editor)
    act_on_review(senegal, iom, "approve")
    act_on_review(senegal, funder, "approve")  # publishes, as the funder
    submit_for_review(poster, editor)
    act_on_review(poster, iom, "reject", comment="Add the hotline number.")
    submit_for_review(poster, editor)  # resumes the workflow
    submit_for_review(afghanistan, editor)
    act_on_review(afghanistan, iom, "approve", comment="Fine for us.")
    senegal.refresh_from_db()
    senegal.unpublish(user=iom)
    return {"senegal": senegal, "poster": poster, "afghanistan": afghanistan}


def rows(html: str) -> list[tuple[str, str]]:
    """(action code, item) of each row, newest first."""
    return re.findall(
        r'<tr class="ca-row" data-action="([^"]+)">.*?<th scope="row" class="rq-item">\s*'
        r'(?:<a href="[^"]*">)?([^<]+?)\s*<',
        html,
        re.DOTALL,
    )


def report(client, user, params=None, url=URL):
    client.force_login(user)
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


SENEGAL = "The desert is not a road"
POSTER = "Desert poster"
AFGHANISTAN = "Know the routes"


# --- Access -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, home):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_administrators_me_officers_funders_and_superusers_only(client, people):
    for name in ("iom", "me", "funder"):
        client.force_login(people[name])
        assert client.get(URL).status_code == 200, name
    client.force_login(SuperUserFactory(username="root"))
    assert client.get(URL).status_code == 200
    for name in ("editor", "translator", "finance"):
        client.force_login(people[name])
        response = client.get(URL)
        assert response.status_code == 403, name
        assert "Administrators, M&amp;E officers and Funder reviewers" in response.content.decode()
        assert client.get(URL, {"export": "csv"}).status_code == 403
        assert client.get(f"{URL}results/").status_code == 403


def test_in_the_reports_menu_of_those_who_may_read_it(client, people):
    client.force_login(people["me"])
    assert URL in client.get("/admin/").content.decode()
    client.force_login(people["editor"])
    assert URL not in client.get("/admin/").content.decode()


# --- What it lists ------------------------------------------------------------------------------


def test_every_submission_review_and_publication(client, people, history):
    html = report(client, people["me"])
    assert rows(html) == [
        ("wagtail.unpublish", SENEGAL),
        ("wagtail.workflow.approve", AFGHANISTAN),
        ("wagtail.workflow.start", AFGHANISTAN),
        ("wagtail.workflow.resume", POSTER),
        ("wagtail.workflow.reject", POSTER),
        ("wagtail.workflow.start", POSTER),
        ("wagtail.publish", SENEGAL),
        ("wagtail.workflow.approve", SENEGAL),
        ("wagtail.workflow.approve", SENEGAL),
        ("wagtail.workflow.start", SENEGAL),
    ]
    for text in (
        "Submitted for review",
        "Resubmitted for review",
        "Approved",
        "Changes requested",
        "Published",
        "Unpublished",
        "“Add the hotline number.”",  # the reason given
        INTERNAL_TASK,
        "Awa Diop",
        "Ines Okafor",
        "Frank Meyer",
        "Senegal",
        "Afghanistan",
        "Material · Poster",
        "Campaign page",
    ):
        assert text in html, text
    # Edits, creations and the like are not audited here.
    assert "wagtail.edit" not in html and 'data-action="wagtail.create"' not in html


def test_the_results_fragment(client, people, history):
    html = report(client, people["iom"], url=f"{URL}results/")
    assert "<html" not in html
    assert len(rows(html)) == 10


# --- Filters ------------------------------------------------------------------------------------


def test_filter_by_country(client, people, history):
    country = history["afghanistan"].country
    assert rows(report(client, people["funder"], {"country": country.pk})) == [
        ("wagtail.workflow.approve", AFGHANISTAN),
        ("wagtail.workflow.start", AFGHANISTAN),
    ]
    items = {
        item
        for _action, item in rows(
            report(client, people["funder"], {"country": history["senegal"].country.pk})
        )
    }
    assert items == {SENEGAL, POSTER}


def test_filter_by_campaign(client, people, history):
    found = rows(report(client, people["iom"], {"campaign": history["senegal"].pk}))
    assert {item for _action, item in found} == {SENEGAL, POSTER}
    assert len(found) == 8


def test_a_campaign_of_another_country_leaves_the_other_filters(client, people, history):
    params = {
        "country": history["afghanistan"].country.pk,
        "campaign": history["senegal"].pk,  # not in Afghanistan: ignored
    }
    found = rows(report(client, people["iom"], params))
    assert {item for _action, item in found} == {AFGHANISTAN}


def test_filter_by_user(client, people, history):
    found = rows(report(client, people["iom"], {"user": people["funder"].pk}))
    assert found == [("wagtail.publish", SENEGAL), ("wagtail.workflow.approve", SENEGAL)]
    found = rows(report(client, people["iom"], {"user": [people["funder"].pk, people["iom"].pk]}))
    assert len(found) == 6


def test_filter_by_action(client, people, history):
    assert rows(report(client, people["iom"], {"action": "wagtail.workflow.reject"})) == [
        ("wagtail.workflow.reject", POSTER)
    ]
    found = rows(
        report(client, people["iom"], {"action": ["wagtail.publish", "wagtail.unpublish"]})
    )
    assert found == [("wagtail.unpublish", SENEGAL), ("wagtail.publish", SENEGAL)]


def test_filter_by_date_range(client, people, history):
    old = datetime.datetime(2025, 3, 10, 9, 30, tzinfo=datetime.UTC)
    PageLogEntry.objects.filter(page=history["senegal"]).update(timestamp=old)
    params = {"timestamp_from": "2025-03-10", "timestamp_to": "2025-03-10"}
    found = rows(report(client, people["iom"], params))
    assert {item for _action, item in found} == {SENEGAL} and len(found) == 5
    found = rows(report(client, people["iom"], {"timestamp_from": "2025-03-11"}))
    assert {item for _action, item in found} == {POSTER, AFGHANISTAN}


def test_no_match(client, people, history):
    html = report(client, people["iom"], {"timestamp_to": "2000-01-01"})
    assert rows(html) == []
    assert "No submission, review or publication matches these filters." in html


# --- Exports ------------------------------------------------------------------------------------

HEADINGS = [
    "Date/time (UTC)",
    "Action",
    "Item",
    "Type",
    "Country",
    "Campaign",
    "Task",
    "Comment",
    "User",
    "ID",
    "Action code",
]


def test_csv_export(client, people, history):
    client.force_login(people["me"])
    response = client.get(URL, {"export": "csv", "campaign": history["senegal"].pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="campaign-audit-' in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == HEADINGS
    records = [dict(zip(HEADINGS, row, strict=True)) for row in table[1:]]
    assert len(records) == 8  # every matching row, not one page of them
    reject = next(r for r in records if r["Action code"] == "wagtail.workflow.reject")
    assert reject == {
        **reject,
        "Action": "Changes requested",
        "Item": POSTER,
        "Type": "Material · Poster",
        "Country": "Senegal",
        "Campaign": SENEGAL,
        "Task": INTERNAL_TASK,
        "Comment": "Add the hotline number.",
        "User": "Ines Okafor",
        "ID": str(history["poster"].pk),
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", reject["Date/time (UTC)"])
    publish = next(r for r in records if r["Action code"] == "wagtail.publish")
    assert publish["User"] == "Frank Meyer" and publish["Type"] == "Campaign page"


def test_xlsx_export(client, people, history):
    client.force_login(people["funder"])
    response = client.get(URL, {"export": "xlsx", "action": "wagtail.workflow.approve"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == HEADINGS
    records = [dict(zip(HEADINGS, row, strict=True)) for row in table[1:]]
    assert [(r["Item"], r["Task"]) for r in records] == [
        (AFGHANISTAN, INTERNAL_TASK),
        (SENEGAL, "Funder approval"),
        (SENEGAL, INTERNAL_TASK),
    ]
    assert records[0]["Comment"] == "Fine for us." and records[0]["Country"] == "Afghanistan"
    assert all(isinstance(r["Date/time (UTC)"], datetime.datetime) for r in records)


def test_export_buttons_keep_the_filters(client, people, history):
    html = report(client, people["iom"], {"action": "wagtail.publish"})
    assert "export=xlsx" in html and "export=csv" in html
    assert "action=wagtail.publish&amp;export=csv" in html


# --- Queries ------------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_rows(client, people, django_assert_max_num_queries):
    """2 items (a page and a material), then 10, each submitted and approved: one budget."""
    parent = country_page()

    def submit_and_approve(numbers):
        for number in numbers:
            page = campaign_page(parent, title=f"Campaign {number}", slug=f"campaign-{number}")
            poster = material(page, languages=("fr",), live=False, title=f"Poster {number}")
            for item in (page, poster):
                submit_for_review(item, people["editor"])
                act_on_review(item, people["iom"], "approve")

    client.force_login(people["me"])
    submit_and_approve(range(1))
    client.get(URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as two_items:
        assert len(rows(client.get(URL).content.decode())) >= 4
    submit_and_approve(range(1, 5))
    with django_assert_max_num_queries(len(two_items.captured_queries)):
        assert len(rows(client.get(URL).content.decode())) >= 20
    assert len(two_items.captured_queries) <= 30
    assert ModelLogEntry.objects.filter(content_type__model="material").exists()
    assert Material.objects.count() == 5
