"""Issue 6, "done when": a Guinea reporter cannot see Senegal's figures by any route.

One Senegal report carries a marker in its notes and a figure no other report has, an
attachment and an import run; the Guinea reporter then walks every admin screen, export,
chooser, search, spreadsheet screen and API endpoint. Listings must not show the marker, and
every address naming the Senegal report, attachment or import must answer 404 (or 403 where the
role itself may not act), with the database unchanged.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from campaigns.models import ReachAttachment, ReachImport, ReachReport
from campaigns.reach.models import ImportStatus
from tests.factories import TEST_PASSWORD, reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db

MARKER = "SENEGAL-ONLY-MARKER"
WORD = "zebraquartz"  # searched for: the search box echoes it, the marker must not appear
FIGURE = 987_654


@pytest.fixture
def senegal(world):
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.broadcasts: FIGURE}, notes=f"{MARKER} {WORD}",
    )  # fmt: skip
    attachment = ReachAttachment(report=report, title=f"{MARKER} sheet", size=4)
    attachment.file.save("sheet.csv", io.BytesIO(b"a,b\n"), save=False)
    attachment.save()
    run = ReachImport.objects.create(
        file_name=f"{MARKER}.xlsx",
        file_format="xlsx",
        status=ImportStatus.REFUSED,
        imported_by=world.sn_reporter,
        problems=[{"row": 2, "column": "Total", "value": FIGURE, "message": MARKER}],
    )
    return report, attachment, run


def snippet(view, *args):
    return reverse(f"wagtailsnippets_campaigns_reachreport:{view}", args=args)


def shows_nothing(response) -> bool:
    """No marker, figure, Senegal campaign or organisation (the fixture's names)."""
    content = body(response).decode(errors="replace")
    return not any(
        secret in content
        for secret in (MARKER, str(FIGURE), "987,654", "Desert (SN)", "IOM Senegal")
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_text(response) -> str:
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    return " ".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True)
        for value in row if value is not None
    )  # fmt: skip


def test_the_guinea_reporter_sees_no_senegal_figure_in_any_admin_listing(client, world, senegal):
    client.login(username=world.gn_reporter.username, password=TEST_PASSWORD)
    listings = [
        snippet("list"),
        snippet("list") + f"?q={WORD}",
        snippet("list_results") + f"?q={WORD}",
        snippet("list") + "?export=csv",
        reverse("wagtailsnippetchoosers_campaigns_reachreport:choose"),
        reverse("wagtailsnippetchoosers_campaigns_reachreport:choose_results") + f"?q={WORD}",
        reverse("wagtailadmin_home"),
        reverse("reach_reports:months"),
        reverse("reach_spreadsheet:index"),
        reverse("reach_spreadsheet:upload"),
    ]
    for address in listings:
        response = client.get(address)
        assert response.status_code == 200, address
        assert shows_nothing(response), address
    search = client.get(reverse("wagtailadmin_pages:search") + f"?q={WORD}")
    assert search.status_code == 302 or shows_nothing(search)  # reporters have no page search
    export = client.get(snippet("list") + "?export=xlsx")
    assert export.status_code == 200
    text = xlsx_text(export)  # a streamed response reads once
    assert not any(secret in text for secret in (MARKER, str(FIGURE), "Desert (SN)"))


def test_every_address_of_the_senegal_report_answers_404_to_the_guinea_reporter(
    client, world, senegal
):
    report, attachment, run = senegal
    client.login(username=world.gn_reporter.username, password=TEST_PASSWORD)
    pk = report.pk
    gets = [
        *(snippet(view, pk) for view in ("edit", "delete", "inspect", "history", "usage")),
        reverse("wagtailsnippetchoosers_campaigns_reachreport:chosen", args=[pk]),
        *(
            reverse(f"reach_reports:{step}", args=[pk])
            for step in ("submit", "correct", "revisions", "attach")
        ),
        reverse("reach_reports:attachment", args=[attachment.pk]),
        reverse("reach_spreadsheet:result", args=[run.pk]),
        reverse("reach_spreadsheet:row_report", args=[run.pk, "csv"]),
        reverse("reach_spreadsheet:row_report", args=[run.pk, "xlsx"]),
    ]
    for address in gets:
        response = client.get(address)
        assert response.status_code == 404, address
    posts = [
        snippet("edit", pk),
        snippet("delete", pk),
        reverse("reach_reports:submit", args=[pk]),
        reverse("reach_reports:correct", args=[pk]),
        reverse("reach_reports:attach", args=[pk]),
        reverse("reach_reports:delete_attachment", args=[attachment.pk]),
        reverse("reach_spreadsheet:submit", args=[run.pk]),
    ]
    for address in posts:
        response = client.post(address, {"notes": "changed", "reason": "mine now"})
        assert response.status_code == 404, address
    # M&E-only steps: the role may not, whoever's report it is.
    for step in ("validate", "return", "lock"):
        response = client.post(reverse(f"reach_reports:{step}", args=[pk]), {"reason": "x"})
        assert response.status_code in (302, 403, 404), step
    report.refresh_from_db()
    assert (report.notes, report.status, report.is_current) == (f"{MARKER} {WORD}", "draft", True)
    assert ReachReport.objects.count() == 1 and ReachAttachment.objects.count() == 1


def test_the_guinea_reporter_cannot_get_a_senegal_template(client, world, senegal):
    client.login(username=world.gn_reporter.username, password=TEST_PASSWORD)
    response = client.get(
        reverse("reach_spreadsheet:template"),
        {"campaign": world.sn_campaign.pk, "start": "2026-03", "end": "2026-03"},
    )
    assert response.status_code in (200, 403, 404)
    if response.status_code == 200:  # the form again, with the campaign refused
        assert not response["Content-Type"].startswith("application/vnd.openxml")
        assert shows_nothing(response)
    mine = client.get(
        reverse("reach_spreadsheet:template"),
        {"campaign": world.gn_campaign.pk, "start": "2026-03", "end": "2026-03"},
    )
    assert mine["Content-Type"].startswith("application/vnd.openxml")
    text = xlsx_text(mine)
    assert MARKER not in text and str(FIGURE) not in text


def test_the_guinea_reporter_sees_no_senegal_figure_through_the_api(world, senegal):
    report, _attachment, _run = senegal
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.gn_reporter)}")
    for address in (
        "/api/v1/reports/",
        "/api/v1/reports/?include_superseded=true",
        f"/api/v1/reports/?campaign={world.sn_campaign.code}",
        "/api/v1/campaigns/",
        "/api/v1/organisations/",
    ):
        response = api.get(address)
        assert response.status_code == 200, address
        assert shows_nothing(response), address
        assert world.sn_campaign.code not in response.content.decode(), address
    item = f"/api/v1/reports/{report.pk}/"
    assert api.get(item).status_code == 404
    assert api.patch(item, {"notes": "changed"}, format="json").status_code == 404
    assert api.delete(item).status_code == 404
    assert api.post(f"{item}submit/").status_code == 404
    assert api.get(f"/api/v1/campaigns/{world.sn_campaign.code}/").status_code == 404
    report.refresh_from_db()
    assert report.notes == f"{MARKER} {WORD}"
