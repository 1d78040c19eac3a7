"""Long exports as background tasks: the IATI file and the dashboard's table (CSV, XLSX, HXL).

Why a task: the IATI file validates every activity against the schema and the dashboard's
table sums a million values at worst; in a web request they hold a worker for seconds and die
with it on a restart. The screen's button queues ``build_export`` on the "background" backend
(``manage.py db_worker --backend background`` runs it) and sends the user to the export's page
(views/exports.py), which reloads itself until the file is there, then offers it.

Where the outcome lives: django-tasks-db's own row (``DBTaskResult``): its kwargs say who asked
(``user_id``) and what for, its ``return_value`` where the file is (``{"file", "filename",
"content_type"}``, or ``{"error"}`` when the export refused, e.g. an IATI file with no
campaign). No model of ours: nothing else needs to list exports.

The file sits in private storage (``storages["private"]``: never under MEDIA_URL; a private
bucket in production), under ``exports/<task id><extension>``, read only through the
permission-checked view, by the user who asked. Files older than ``EXPORT_KEEP_HOURS`` (24 by
default) are deleted by ``sweep()``: each export sweeps after itself, and ``manage.py
prune_exports`` does it from a timer (the task rows themselves: django-tasks-db's
``prune_db_task_results``).
"""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import QueryDict
from django.tasks import task
from django.utils import timezone, translation

from cms.db_routers import reading_from_replica

STORAGE = "private"
FOLDER = "exports"
KINDS = ("iati", "dashboard")


def keep_hours() -> float:
    return float(getattr(settings, "EXPORT_KEEP_HOURS", 24))


def may_export(kind: str, user) -> bool:
    """The right the export's screen asks for: asked again by the task and the download."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if kind == "iati":
        from .views.iati import may_export_iati

        return may_export_iati(user)
    if kind == "dashboard":
        from .views.dashboard import may_see_dashboard

        return may_see_dashboard(user)
    return False


def scope_of(kind: str, user) -> dict:
    """What the file's rows depend on besides the filters: asked when it is built and again at
    each download, so a file built before the user lost an organisation, a country of one, or
    the role that reads reports (a reporter and finance officer keeps the published figures
    only) is not handed out. The IATI file is the same for all its readers: nothing to hold."""
    if kind != "dashboard" or user is None:
        return {}
    from campaigns.reach import access
    from campaigns.reach.models import ReportingOrganisation

    from .views.dashboard import reads_reports

    pairs = ReportingOrganisation.countries.through.objects.filter(
        reportingorganisation__members=user
    ).values_list("reportingorganisation_id", "country_id")
    return {
        "reads_reports": reads_reports(user),
        "everything": access.sees_everything(user),
        "organisations": sorted(access.organisations_of(user).values_list("pk", flat=True)),
        "pairs": sorted([organisation, country] for organisation, country in pairs),
    }


def start_url(kind: str, fmt: str, query: str) -> str:
    """The screen the export was asked from, with the same filters (to ask for it again)."""
    from django.urls import reverse

    name = "reporting:iati" if kind == "iati" else "reporting:dashboard"
    return f"{reverse(name)}?{query}" if query else reverse(name)


def iati_file(user, fmt: str, query: QueryDict):
    from . import iati
    from .views.iati import IATIFilterForm

    form = IATIFilterForm(query or None, user=user)
    if form.is_bound and not form.is_valid():
        return None, {"error": translation.gettext("The filters are not valid.")}
    flt = form.reach_filter()
    try:
        with reading_from_replica():  # the same file for all its readers (cms/db_routers.py)
            xml = iati.export(list(iati.campaigns_in(flt)))
    except iati.IATIExportError as refused:
        return None, {"error": str(refused)}
    name = f"iati-activities-{timezone.localdate():%Y-%m-%d}.xml"
    return xml, {"filename": name, "content_type": "application/xml; charset=utf-8"}


def dashboard_file(user, fmt: str, query: QueryDict):
    from . import tables
    from .views import dashboard_export
    from .views.dashboard import figures_reader, on_replica, read_view

    form, grouping, flt, by, _defaulted = read_view(SimpleNamespace(user=user, GET=query))
    if not (form.is_valid() and grouping.is_valid()):
        return None, {"error": translation.gettext("The filters are not valid.")}
    reader = figures_reader(user)
    with reading_from_replica(on_replica(reader)):  # as the screen does (views/dashboard.py)
        table = dashboard_export.export_table(reader, flt, by)
    content = tables.WRITERS[fmt](table, flt.describe())
    name = dashboard_export.filename(by) + tables.EXTENSIONS[fmt]
    return content, {"filename": name, "content_type": tables.CONTENT_TYPES[fmt]}


MAKERS = {"iati": iati_file, "dashboard": dashboard_file}


@task(backend="background", takes_context=True)
def build_export(context, *, kind: str, fmt: str, query: str, user_id: int, language: str):
    """Write the export to private storage; returns where it is, or why there is none. The
    right is asked again here: it may have been taken away while the task waited."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if kind not in MAKERS or not may_export(kind, user):
        return {"error": "refused"}
    scope = scope_of(kind, user)  # before the rows: a change meanwhile makes the file stale
    with translation.override(language):
        content, outcome = MAKERS[kind](user, fmt, QueryDict(query))
    if content is None:
        return outcome
    extension = "." + outcome["filename"].split(".")[-1]
    name = storages[STORAGE].save(
        f"{FOLDER}/{context.task_result.id}{extension}", ContentFile(content)
    )
    sweep()
    return {**outcome, "file": name, "scope": scope}


def sweep(now: datetime.datetime | None = None) -> int:
    """Delete the export files older than ``keep_hours()``; returns how many. Through the
    storage's API only (list, modified time, delete), so a bucket works as a folder does."""
    storage = storages[STORAGE]
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=keep_hours())
    try:
        _folders, files = storage.listdir(FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    deleted = 0
    for file in files:
        name = f"{FOLDER}/{file}"
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                deleted += 1
        except FileNotFoundError:  # swept by another worker meanwhile
            continue
    return deleted
