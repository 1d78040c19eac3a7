"""The open data's stored table rebuilt by the worker after a lifecycle step (issue 16), while
reads stay correct before it has run."""

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from campaigns.models import OpenDataState
from campaigns.reach import lifecycle
from campaigns.reporting import open_data
from campaigns.reporting.open_data_tasks import rebuild_open_data
from tests.conftest import run_queued
from tests.factories import reach_report

pytestmark = pytest.mark.django_db
JAN = datetime.date(2026, 1, 1)


def test_a_validation_queues_one_rebuild_that_the_worker_runs(
    world, database_queue, django_capture_on_commit_callbacks
):
    world.sn_campaign.save_revision().publish()
    open_data.refresh()
    stamp = OpenDataState.objects.get().stamp
    reports = [
        reach_report(
            world.sn_campaign,
            world.iom_senegal,
            region,
            world.radio,
            JAN,
            {world.people: 400},
            status="submitted",
        )  # fmt: skip
        for region in (world.dakar, world.thies)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.validate(reports[0], world.me_officer)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.validate(reports[1], world.me_officer)
    waiting = DBTaskResult.objects.ready().filter(task_path=rebuild_open_data.module_path)
    assert waiting.count() == 1  # one waiting rebuild is enough
    assert OpenDataState.objects.get().stamp == stamp  # not rebuilt in the request

    run_queued()
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL" and task.return_value is True, task.traceback
    assert OpenDataState.objects.get().stamp != stamp
    assert open_data.refresh() is False  # current: a read does not rebuild again
    figures = open_data.build({"year": "2026"}).published[world.people.pk].total
    assert figures.value == 800


def test_a_read_before_the_worker_runs_is_already_right(world, database_queue):
    world.sn_campaign.save_revision().publish()
    open_data.refresh()
    reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, JAN,
                 {world.people: 321}, status="validated")  # fmt: skip
    # No worker has run: the page's own stamp check rebuilds before it reads.
    assert open_data.build({"year": "2026"}).published[world.people.pk].total.value == 321


def test_with_an_immediate_backend_the_step_rebuilds_on_commit(
    world, django_capture_on_commit_callbacks
):
    world.sn_campaign.save_revision().publish()
    open_data.refresh()
    report = reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, JAN,
                          {world.people: 55}, status="submitted")  # fmt: skip
    stamp = OpenDataState.objects.get().stamp
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.validate(report, world.me_officer)
    assert OpenDataState.objects.get().stamp != stamp
