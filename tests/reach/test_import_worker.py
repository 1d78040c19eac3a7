"""The worker command runs a queued spreadsheet import: the upload left a task row in the
database (a restart of the web server loses nothing), `db_worker` takes it, and the import is
done; the collector is off in the worker during the import only. Committed data: its own module."""

import gc
import io
import signal

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from campaigns.reach.models import ImportStatus, ReachImport, ReachReport
from campaigns.reach.spreadsheet import background

from .spreadsheet_files import broadcasts, people, xlsx
from .test_spreadsheet_views import upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker():
    """Runs `db_worker` once (every queued task, then it exits), as a server runs it; the
    signal handlers it installs are put back afterwards."""
    numbers = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in numbers}
    with override_settings(
        TASKS={
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
            "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        }
    ):
        yield lambda: call_command(
            "db_worker", "--batch", "--no-startup-delay", "--backend", "background",
            stdout=io.StringIO(),
        )  # fmt: skip
    for number, handler in handlers.items():
        signal.signal(number, handler)


def test_the_worker_command_runs_the_queued_import(client, fresh_world, worker, monkeypatch):
    world = fresh_world
    client.force_login(world.sn_reporter)
    response = upload(client, xlsx([people(world), broadcasts(world)]))
    record = ReachImport.objects.get()
    assert record.status == background.QUEUED and not ReachReport.objects.exists()
    assert DBTaskResult.objects.get().status == "READY"
    kept = background.upload_name(record)
    assert storages["private"].exists(kept)

    collecting = []
    progress_writer = background.progress_writer

    def noting(record):  # what the collector is while the import writes its progress
        write = progress_writer(record)
        return lambda rows, phase: (collecting.append(gc.isenabled()), write(rows, phase))

    monkeypatch.setattr(background, "progress_writer", noting)
    worker()
    record.refresh_from_db()
    assert record.status == ImportStatus.IMPORTED and record.rows == 2
    assert ReachReport.objects.get().source_import == record
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not storages["private"].exists(kept)
    assert collecting and not any(collecting) and gc.isenabled()
    page = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in page and "Submit this report" in page
    assert reverse("reach_spreadsheet:result", args=[record.pk]) == response.url
