"""An import whose worker died, or whose task failed or vanished, does not stay "in progress"
forever (issue 16): its page and the list show it refused and say why, and the user may run it
again with the kept file."""

import datetime

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns.reach.models import ImportStatus, ReachImport, ReachReport
from campaigns.reach.spreadsheet import background

from .spreadsheet_files import broadcasts, people, xlsx
from .test_import_task import run_queued
from .test_spreadsheet_views import denied, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]


def queued(client, world):
    client.force_login(world.sn_reporter)
    upload(client, xlsx([people(world), broadcasts(world)]))
    record = ReachImport.objects.get()
    return record, DBTaskResult.objects.get(), reverse("reach_spreadsheet:result", args=[record.pk])


def worker_died(record, task, minutes_ago):
    """A worker claimed the task, wrote some progress, then was killed (kill -9)."""
    then = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    task.claim("dead-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=then)
    ReachImport.objects.filter(pk=record.pk).update(
        status=background.CHECKING, rows=40, started_at=then, duration_ms=5000
    )


def test_a_dead_workers_import_is_shown_failed_and_runs_again(client, world):
    record, task, url = queued(client, world)
    worker_died(record, task, minutes_ago=31)
    page = client.get(url).text
    record.refresh_from_db()
    assert record.status == ImportStatus.REFUSED and 'http-equiv="refresh"' not in page
    assert "the worker running it ended" in page and "Run the import again" in page
    assert storages["private"].exists(background.upload_name(record))  # kept for the retry

    response = client.post(reverse("reach_spreadsheet:retry", args=[record.pk]))
    assert response.status_code == 302 and response.url == url
    record.refresh_from_db()
    assert record.status == background.QUEUED and record.problems == []
    run_queued()  # the new task; the dead one stays RUNNING, untouched
    record.refresh_from_db()
    assert record.status == ImportStatus.IMPORTED and ReachReport.objects.count() == 1
    assert not storages["private"].exists(background.upload_name(record))


def test_a_running_import_with_recent_progress_is_left_alone(client, world):
    record, task, url = queued(client, world)
    worker_died(record, task, minutes_ago=31)
    ReachImport.objects.filter(pk=record.pk).update(duration_ms=30 * 60 * 1000)  # 1 min ago
    assert 'http-equiv="refresh"' in client.get(url).text
    record.refresh_from_db()
    assert record.status == background.CHECKING
    assert not background.retry(record, "en")


def test_a_failed_task_and_a_vanished_one_are_said_so(client, world):
    record, task, url = queued(client, world)
    DBTaskResult.objects.filter(pk=task.pk).update(status="FAILED")
    listed = client.get(reverse("reach_spreadsheet:index")).text
    assert "Refused: nothing saved" in listed and "Waiting for its turn" not in listed
    record.refresh_from_db()
    assert record.status == ImportStatus.REFUSED and background.can_retry(record)
    assert "stopped with an error" in client.get(url).text

    ReachImport.objects.all().delete()
    DBTaskResult.objects.all().delete()
    record, task, url = queued(client, world)
    task.delete()
    assert "gone from the queue" in client.get(url).text


def test_a_waiting_import_stays_waiting(client, world):
    record, _task, url = queued(client, world)
    ReachImport.objects.filter(pk=record.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=3)
    )
    assert "Waiting for its turn" in client.get(url).text  # no worker yet: not a failure


def test_only_those_who_see_the_import_may_retry_it(client, world):
    record, task, url = queued(client, world)
    worker_died(record, task, minutes_ago=60)
    retry = reverse("reach_spreadsheet:retry", args=[record.pk])
    client.force_login(world.gn_reporter)
    assert client.post(retry).status_code == 404
    client.force_login(world.editor)
    assert denied(client.post(retry))
    client.logout()
    assert client.post(retry).url.startswith(reverse("wagtailadmin_login"))
    assert client.post(reverse("reach_spreadsheet:retry", args=[10**9])).status_code == 302
    assert ReachImport.objects.get().status == background.CHECKING  # untouched by them
    client.force_login(world.sn_reporter)
    finished = client.post(retry)  # settled and queued again at once
    assert finished.status_code == 302


def test_an_import_that_ended_on_its_own_cannot_be_retried(client, world):
    record, _task, url = queued(client, world)
    run_queued()
    response = client.post(reverse("reach_spreadsheet:retry", args=[record.pk]), follow=True)
    assert "cannot be run again" in response.text
    assert DBTaskResult.objects.count() == 1
