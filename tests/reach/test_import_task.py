"""The spreadsheet import as a background task: queued in the database by the upload, followed
by its page; the web process never turns the garbage collector off. The worker command itself
runs in test_import_worker.py (it needs committed data)."""

import gc

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from campaigns.reach.models import ImportStatus, ReachImport, ReachReport
from campaigns.reach.spreadsheet import background
from tests.conftest import run_queued

from .spreadsheet_files import broadcasts, people, xlsx
from .test_spreadsheet_views import denied, upload

pytestmark = pytest.mark.django_db


def test_the_upload_queues_the_import_and_its_page_waits(client, world, database_queue):
    client.force_login(world.sn_reporter)
    response = upload(client, xlsx([people(world), broadcasts(world)]))
    record = ReachImport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{record.pk}/")
    assert record.status == background.QUEUED and not ReachReport.objects.exists()
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"][0] == record.pk
    assert storages["private"].exists(background.upload_name(record))
    waiting = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' in waiting and "Waiting for its turn" in waiting
    assert "Waiting for its turn" in client.get(reverse("reach_spreadsheet:index")).content.decode()

    run_queued()
    record.refresh_from_db()
    assert record.status == ImportStatus.IMPORTED and record.rows == 2
    result = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in result and "Submit this report" in result


def test_a_refused_file_queued_saves_nothing_and_says_why(client, world, database_queue):
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world), broadcasts(world, region="SN-XX")]))
    run_queued()
    record = ReachImport.objects.get()
    assert record.status == ImportStatus.REFUSED and not ReachReport.objects.exists()
    page = client.get(reverse("reach_spreadsheet:result", args=[record.pk])).content.decode()
    assert "nothing was saved" in page and "SN-XX" in page


def test_the_page_of_a_running_import_shows_the_rows_checked(client, world, database_queue):
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world)]))
    record = ReachImport.objects.get()
    url = reverse("reach_spreadsheet:result", args=[record.pk])
    progress = background.progress_writer(record)
    progress(12, "check")
    page = client.get(url).content.decode()
    assert "12 rows checked so far." in page and "Checking the rows" in page
    progress(0, "save")
    progress(1000, "save")  # inside the save's transaction: not written
    record.refresh_from_db()
    assert (record.status, record.rows) == (background.SAVING, 12)
    assert "Saving the reports" in client.get(url).content.decode()


def test_only_those_who_see_the_import_see_its_progress(client, world, database_queue):
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world)]))
    url = reverse("reach_spreadsheet:result", args=[ReachImport.objects.get().pk])
    client.force_login(world.gn_reporter)
    assert client.get(url).status_code == 404
    client.force_login(world.editor)
    assert denied(client.get(url))
    client.force_login(world.me_officer)
    assert client.get(url).status_code == 200


def test_a_file_gone_before_the_worker_runs_is_refused(client, world, database_queue):
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world)]))
    record = ReachImport.objects.get()
    storages["private"].delete(background.upload_name(record))
    run_queued()
    record.refresh_from_db()
    assert record.status == ImportStatus.REFUSED
    assert "could not be read" in record.problems[0]["message"]


def test_an_import_in_the_web_process_never_turns_the_collector_off(client, world, monkeypatch):
    """The test settings run tasks at once, in the request, as a web process would."""

    def refuse():
        raise AssertionError("the garbage collector turned off in a web process")

    monkeypatch.setattr(gc, "disable", refuse)
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world)]))
    assert ReachImport.objects.get().status == ImportStatus.IMPORTED
