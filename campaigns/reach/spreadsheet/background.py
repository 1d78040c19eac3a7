"""The spreadsheet import as a background task (Django's tasks framework, "background" backend).

The upload screen keeps the file in private storage, creates the ReachImport row and queues
`run_import` with the row's id; a worker (`manage.py db_worker --backend background`) runs it.
The queued task is a row of the database: a restart of the web server loses no import. While
it waits or runs, the row's status is one of PENDING (not ImportStatus: those are outcomes) and
`rows` counts the rows checked so far; the import's page polls the row until an outcome is there.

A worker that dies (killed, out of memory, its machine gone) leaves its task RUNNING and the
import pending forever; an error the importer does not expect leaves the task FAILED. The
import's page and the list ask ``settle_stalled``: an import whose task failed, is gone, or has
run without a sign of life (its task's start, or its last progress, kept in ``duration_ms``
while it runs) for ``REACH_IMPORT_STALE_MINUTES`` (30 by default; a 100,000-row import took
under 4 minutes on a loaded machine) is shown refused with a message saying so: nothing was
saved (the save is one transaction). The kept file is deleted only once the import has ended
on its own, so ``retry`` can queue the same file again.
"""

import datetime
from contextlib import contextmanager

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.tasks import task, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from campaigns.reach.models import ImportStatus, ReachImport

from .importer import Importer, collector_paused
from .parse import RowProblem
from .reader import file_format_of

QUEUED, CHECKING, SAVING = ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.SAVING
PENDING = {status: status.label for status in (QUEUED, CHECKING, SAVING)}
STORAGE = "private"  # never served: the file is read by the worker, then deleted


def upload_name(record: ReachImport) -> str:
    return f"reach-imports/{record.pk}.{record.file_format}"


def queue_import(user, upload, *, merge=False, dry_run=False) -> ReachImport:
    """Keep the upload, create its ReachImport row and queue its import, all or nothing."""
    storage = storages[STORAGE]
    with transaction.atomic():
        record = ReachImport.objects.create(
            file_name=upload.name[:255],
            file_format=file_format_of(upload.name),
            merge=merge,
            dry_run=dry_run,
            status=QUEUED,
            imported_by=user,
        )
        name = upload_name(record)
        storage.delete(name)  # a file left by a deleted import of that id, if any
        try:
            storage.save(name, upload)
            run_import.enqueue(record.pk, translation.get_language() or "en")
        except BaseException:
            storage.delete(name)
            raise
    record.refresh_from_db()  # a test's immediate backend has already run it
    return record


@contextmanager
def collector_paused_in_worker(alias: str):
    """importer.collector_paused in a worker process only: a web process never turns the
    collector off, and an immediate backend (the tests') runs the task in the request."""
    if isinstance(task_backends[alias], ImmediateBackend):
        yield
    else:
        with collector_paused():
            yield


def progress_writer(record: ReachImport):
    """Writes the rows checked so far to the row the page polls (outside the save's
    transaction: the save announces itself once, before it starts, with rows=0)."""

    def progress(rows, phase):
        alive = {"duration_ms": running_ms(record)}  # a sign of life (settle_stalled)
        if phase == "check":
            ReachImport.objects.filter(pk=record.pk).update(status=CHECKING, rows=rows, **alive)
        elif rows == 0:
            ReachImport.objects.filter(pk=record.pk).update(status=SAVING, **alive)

    return progress


@task(backend="background", takes_context=True)
def run_import(context, import_id: int, language: str) -> str:
    """Import the kept file of ReachImport `import_id`; returns its outcome."""
    record = ReachImport.objects.filter(pk=import_id, status__in=PENDING).first()
    if record is None:
        return "gone"  # deleted meanwhile, or already run
    storage = storages[STORAGE]
    name = upload_name(record)
    importer = Importer(
        record.imported_by,
        merge=record.merge,
        dry_run=record.dry_run,
        progress=progress_writer(record),
    )
    try:
        with (
            translation.override(language),
            collector_paused_in_worker(context.task_result.backend),
            storage.open(name, "rb") as file,
        ):
            importer.run(file, record.file_name, record.file_format, record=record)
    except OSError:  # the kept file is gone (the importer itself records its own failures)
        with translation.override(language):
            message = _("The uploaded file could not be read; nothing was saved. Upload it again.")
            problem = RowProblem(None, "", "", str(message))
        ReachImport.objects.filter(pk=record.pk).update(
            status=ImportStatus.REFUSED, error_count=1, problems=[problem.as_dict()]
        )
        storage.delete(name)
        return ImportStatus.REFUSED
    # Ended on its own: the file goes. An unexpected error keeps it, for a retry.
    storage.delete(name)
    return record.status


def running_ms(record: ReachImport) -> int:
    return max(int((timezone.now() - record.started_at).total_seconds() * 1000), 0)


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=float(getattr(settings, "REACH_IMPORT_STALE_MINUTES", 30)))


def task_row(record: ReachImport):
    """The import's newest task row in django-tasks-db (None with another backend)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(run_import.get_backend(), DatabaseBackend):
        return None
    rows = DBTaskResult.objects.filter(
        task_path=run_import.module_path, args_kwargs__args__0=record.pk
    )
    return rows.order_by("-enqueued_at").first()


def why_stalled(record: ReachImport, now=None) -> str | None:
    """Why this pending import will never end on its own, or None while it may."""
    from django_tasks_db import DatabaseBackend

    if record.status not in PENDING or not isinstance(run_import.get_backend(), DatabaseBackend):
        return None
    row = task_row(record)
    if row is None:
        return _("The import's task is gone from the queue. Nothing was saved.")
    if row.status in ("FAILED", "SUCCESSFUL"):  # a success that left it pending: no outcome
        return _("The import stopped with an error. Nothing was saved.")
    if row.status == "RUNNING":
        progress = record.started_at + datetime.timedelta(milliseconds=record.duration_ms)
        alive = max(row.started_at or progress, progress)
        if (now or timezone.now()) - alive > stale_after():
            return _(
                "The import stopped: the worker running it ended or stopped answering. "
                "Nothing was saved."
            )
    return None


def settle_stalled(record: ReachImport) -> bool:
    """Mark a stalled import refused, saying why (the row report's one line); True if it was."""
    message = why_stalled(record)
    if message is None:
        return False
    problem = {**RowProblem(None, "", "", str(message)).as_dict(), "stalled": True}
    changed = ReachImport.objects.filter(pk=record.pk, status=record.status).update(
        status=ImportStatus.REFUSED, error_count=1, duration_ms=0, problems=[problem]
    )
    record.refresh_from_db()
    return bool(changed)


def can_retry(record: ReachImport) -> bool:
    """A stalled import whose kept file is still there."""
    stalled = record.status == ImportStatus.REFUSED and any(
        problem.get("stalled") for problem in record.problems or []
    )
    return stalled and storages[STORAGE].exists(upload_name(record))


def retry(record: ReachImport, language: str) -> bool:
    """Queue a stalled import again, with its kept file; False if it cannot be."""
    if not can_retry(record):
        return False
    with transaction.atomic():
        changed = ReachImport.objects.filter(pk=record.pk, status=ImportStatus.REFUSED).update(
            status=QUEUED, rows=0, error_count=0, warning_count=0, duration_ms=0, problems=[],
            started_at=timezone.now(),
        )  # fmt: skip
        if changed:
            run_import.enqueue(record.pk, language)
    record.refresh_from_db()
    return bool(changed)
