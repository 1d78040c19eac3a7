"""The spreadsheet screens: download, upload (plain and streamed), result, submit, permissions."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.reach.models import ImportStatus, ReachImport, ReachReport, Status

from .spreadsheet_files import broadcasts, people, xlsx

pytestmark = pytest.mark.django_db


def denied(response) -> bool:
    """Wagtail turns a PermissionDenied in the admin into a redirect home with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def upload(client, content, name="reach.xlsx", stream=False, **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    headers = {"Accept": "application/x-ndjson"} if stream else {}
    return client.post(reverse("reach_spreadsheet:upload"), data, headers=headers)


def test_the_menu_and_screens_are_for_those_who_report(client, world):
    client.force_login(world.sn_reporter)
    assert client.get(reverse("reach_spreadsheet:index")).status_code == 200
    assert "Import spreadsheet" in client.get(reverse("wagtailadmin_home")).content.decode()
    for user in (world.editor, world.reviewer):
        client.force_login(user)
        assert denied(client.get(reverse("reach_spreadsheet:index")))
        assert denied(client.get(reverse("reach_spreadsheet:upload")))
        assert "Import spreadsheet" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_template_downloads_for_a_campaign_the_user_reports_for(client, world):
    client.force_login(world.sn_reporter)
    url = reverse("reach_spreadsheet:template")
    form = client.get(url).content.decode()
    assert "Desert (SN)" in form and "Sea (GN)" not in form
    query = {"campaign": world.sn_campaign.pk, "start": "2026-01", "end": "2026-03"}
    response = client.get(url, query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert world.sn_campaign.code in response["Content-Disposition"]
    refused = client.get(url, {**query, "campaign": world.gn_campaign.pk})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()


def test_a_plain_upload_redirects_to_the_result_with_the_row_report(client, world):
    client.force_login(world.sn_reporter)
    response = upload(client, xlsx([people(world), broadcasts(world, region="SN-XX")]))
    record = ReachImport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{record.pk}/")
    page = client.get(response.url).content.decode()
    assert "nothing was saved" in page and "SN-XX" in page
    assert "Not a region of the campaign&#x27;s country." in page
    csv = client.get(reverse("reach_spreadsheet:row_report", args=[record.pk, "csv"]))
    assert "3,Region,SN-XX" in csv.content.decode("utf-8-sig")
    xlsx_report = client.get(reverse("reach_spreadsheet:row_report", args=[record.pk, "xlsx"]))
    assert xlsx_report.status_code == 200 and xlsx_report.content[:2] == b"PK"


def test_a_bad_file_type_is_refused_by_the_form(client, world):
    client.force_login(world.sn_reporter)
    response = upload(client, b"hello", name="reach.txt")
    assert (
        response.status_code == 200 and "Upload an XLSX or CSV file." in response.content.decode()
    )
    assert not ReachImport.objects.exists()


def test_a_streamed_upload_answers_where_the_queued_import_is(client, world):
    """The JavaScript upload asks for a line of JSON; the import itself runs as a task (at once
    with the test settings' immediate backend; test_import_task.py queues it for a worker)."""
    client.force_login(world.sn_reporter)
    response = upload(client, xlsx([people(world), broadcasts(world)]), stream=True)
    [line] = [json.loads(line) for line in response.content.splitlines()]
    assert line["done"] and line["status"] == ImportStatus.IMPORTED
    assert line["url"] == reverse("reach_spreadsheet:result", args=[line["import"]])
    assert ReachReport.objects.count() == 1


def test_submit_the_imported_reports(client, world):
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world), broadcasts(world), people(world, region="SN-TH")]))
    record = ReachImport.objects.get()
    page = client.get(reverse("reach_spreadsheet:result", args=[record.pk])).content.decode()
    assert "Submit these 2 reports" in page
    client.force_login(world.gn_reporter)
    assert client.post(reverse("reach_spreadsheet:submit", args=[record.pk])).status_code == 404
    client.force_login(world.sn_reporter)
    response = client.post(reverse("reach_spreadsheet:submit", args=[record.pk]))
    assert response.status_code == 302
    assert set(ReachReport.objects.values_list("status", flat=True)) == {Status.SUBMITTED}
    page = client.get(reverse("reach_spreadsheet:result", args=[record.pk])).content.decode()
    assert "Submit these" not in page


def test_reporters_see_their_own_imports_me_officers_see_all(client, world):
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world)]))
    record = ReachImport.objects.get()
    result = reverse("reach_spreadsheet:result", args=[record.pk])
    client.force_login(world.gn_reporter)
    assert client.get(result).status_code == 404
    assert "reach.xlsx" not in client.get(reverse("reach_spreadsheet:index")).content.decode()
    assert (
        client.get(reverse("reach_spreadsheet:row_report", args=[record.pk, "csv"])).status_code
        == 404
    )
    client.force_login(world.editor)
    assert denied(client.get(result))
    client.force_login(world.me_officer)
    assert client.get(result).status_code == 200
    assert "reach.xlsx" in client.get(reverse("reach_spreadsheet:index")).content.decode()


def test_check_only_saves_nothing(client, world):
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world)]), dry_run="on")
    assert ReachImport.objects.get().status == ImportStatus.CHECKED
    assert not ReachReport.objects.exists()


def test_the_result_lists_the_reports_with_totals_and_links(client, world):
    """Issue 12, item 4: the result page names the reports created, updated and unchanged,
    with the totals the file gave, each linked to its report screen; not only counts."""
    client.force_login(world.sn_reporter)
    rows = [people(world), broadcasts(world), people(world, region="SN-TH · Thiès")]
    upload(client, xlsx(rows))
    dakar, thies = (ReachReport.objects.get(region=r) for r in (world.dakar, world.thies))
    created = ReachImport.objects.get()
    page = client.get(reverse("reach_spreadsheet:result", args=[created.pk])).content.decode()
    inspect = "wagtailsnippets_campaigns_reachreport:inspect"
    assert "Reports created" in page and 'data-outcome="created"' in page
    assert f'href="{reverse(inspect, args=[dakar.pk])}"' in page
    assert f'href="{reverse(inspect, args=[thies.pk])}"' in page
    assert "2026-03 · IOM Senegal · SN-DK · radio" in page
    assert "people-reached <strong>30</strong> · broadcasts <strong>4</strong>" in page
    # The template as downloaded, one report changed: the others are listed as unchanged and
    # their rows said to be as already sent.
    upload(client, xlsx([people(world, total=40, female=30), *rows[1:]]), merge="on")
    merged = ReachImport.objects.exclude(pk=created.pk).get()
    page = client.get(reverse("reach_spreadsheet:result", args=[merged.pk])).content.decode()
    assert 'data-outcome="updated"' in page and 'data-outcome="unchanged"' in page
    assert "people-reached <strong>40</strong>" in page
    assert "(1 of them as already sent)" in page and 'data-count="rows">3<' in page
    assert 'data-outcome="created"' not in page
    # A check only lists the reports it would create, without links (nothing saved).
    upload(client, xlsx([people(world, region="SN-DK", month="2026-04")]), dry_run="on")
    checked = ReachImport.objects.get(status=ImportStatus.CHECKED)
    page = client.get(reverse("reach_spreadsheet:result", args=[checked.pk])).content.decode()
    assert "Reports to create" in page and "2026-04 · IOM Senegal · SN-DK · radio</td>" in page
