"""The spreadsheet import as a background task (Django's tasks framework, "background" backend).

The upload screen keeps the file in private storage, creates the ReachImport row and queues
`run_import` with the row's id; a worker (`manage.py db_worker --backend background`) runs it.
The queued task is a row of the database: a restart of the web server loses no import. While
it waits or runs, the row's status is one of PENDING (not ImportStatus: those are outcomes) and
`rows` counts the rows checked so far; the import's page polls the row until an outcome is there.
"""

from contextlib import contextmanager

from django.core.files.storage import storages
from django.db import transaction
from django.tasks import task, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import translation
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
        if phase == "check":
            ReachImport.objects.filter(pk=record.pk).update(status=CHECKING, rows=rows)
        elif rows == 0:
            ReachImport.objects.filter(pk=record.pk).update(status=SAVING)

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
        return ImportStatus.REFUSED
    finally:
        storage.delete(name)
    return record.status
