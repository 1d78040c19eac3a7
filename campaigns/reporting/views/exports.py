"""Reach > an export's page and its file: what ``start()`` (the IATI and dashboard export
buttons) queued, followed until the file is there (campaigns.reporting.export_tasks).

Who sees an export: **the user who asked, only**, while they still hold the right of the screen
it came from. Not "anyone with the same right": the dashboard's table is scoped to the reader
(a reporter's organisations, a finance officer's published figures), so another reporter, even
of the same role, must not read it; the IATI file holds no such scope, but one rule is easier to
hold than two. Anyone else, a guessed id or an id of another task: 404, as if there were none.

The file is also tied to the scope it was built with (``export_tasks.scope_of``: the
organisations, their countries, the role that reads reports): when that has changed since, the
file is deleted and the page says to export again, rather than hand out rows the user no longer
sees.

Asking again for an export that is still waiting or running (the same user, kind, format,
filters and language) goes to that export's page instead of queueing another; beyond
``MAX_PENDING`` waiting or running exports per user, the screen says to wait. The background
queue is shared with the imports: one account must not fill it. The look and the queueing are
one transaction that holds the user's row: two POSTs at once (a double click, two tabs, a
script) are taken one after the other, so the second finds the first's export.

With a backend that stores no results (the tests' immediate one), the task has run by the time
``enqueue`` returns: the file is given in the same response, as before tasks.

Only a POST queues, checked by Django's CSRF middleware: the screens' export buttons are small
forms. A GET on the same address (an old bookmark, a link prefetched, a crawler with a session,
another site's ``<img src>``) gets ``ExportButtonView``'s page with the button and queues
nothing. The export's page and its file stay GETs: they only read.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.tasks import TaskResultStatus
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin
from campaigns.ops.storage import signed_redirect
from campaigns.reporting import export_tasks

REFRESH_SECONDS = 2  # how often the page of a waiting or running export reloads
MAX_PENDING = 3  # waiting or running exports per user


def pending_exports(user_id: int):
    """This user's exports still waiting or running, where the backend keeps them in the
    database (django-tasks-db); None elsewhere (the immediate backend has none pending)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    task = export_tasks.build_export
    if not isinstance(task.get_backend(), DatabaseBackend):
        return None
    return DBTaskResult.objects.filter(
        task_path=task.module_path,
        backend_name=task.backend,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        args_kwargs__kwargs__user_id=user_id,
    )


def start(request, kind: str, fmt: str):
    """Queue the export of this request's filters (its query string; a POST only): its page,
    or the page of the same export still pending, or the file at once when the backend ran it
    already, or None (a message says why) when that run refused or the user has too many
    exports pending."""
    if request.method != "POST":  # a GET must never queue (the module's docstring)
        raise PermissionDenied
    query = request.GET.copy()
    query.pop("download", None)
    kwargs = {
        "kind": kind,
        "fmt": fmt,
        "query": query.urlencode(),
        "user_id": request.user.pk,
        "language": translation.get_language() or "en",
    }
    pending = pending_exports(request.user.pk)
    if pending is None:  # nothing waits: the backend runs it now (tests, a local set-up)
        result = export_tasks.build_export.enqueue(**kwargs)
    else:
        with transaction.atomic():
            one_at_a_time(request.user)
            for row in pending.order_by("enqueued_at").only("id", "args_kwargs"):
                if row.args_kwargs.get("kwargs") == kwargs:
                    return redirect("reporting:export", result_id=str(row.id))
            if pending.count() >= MAX_PENDING:
                messages.error(request, too_many_message())
                return None
            result = export_tasks.build_export.enqueue(**kwargs)
    if not result.is_finished:
        return redirect("reporting:export", result_id=str(result.id))
    outcome = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
    if outcome and outcome.get("file"):  # ran in this request: the file, then forget it
        storage = storages[export_tasks.STORAGE]
        with storage.open(outcome["file"], "rb") as file:
            content = file.read()
        storage.delete(outcome["file"])
        response = HttpResponse(content, content_type=outcome["content_type"])
        response["Content-Disposition"] = f'attachment; filename="{outcome["filename"]}"'
        return response
    messages.error(request, failure_message(outcome))
    return None  # the screen again, with the message


def one_at_a_time(user) -> None:
    """Hold the user's row until the transaction ends: their other POST waits here, then sees
    the export this one queued. PostgreSQL locks the row (SELECT ... FOR UPDATE); SQLite, where
    that clause is ignored, takes its write lock at the transaction's start already (the
    settings' IMMEDIATE mode), so its transactions run one at a time anyway."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").first()


def too_many_message() -> str:
    return str(
        _(
            "You already have %(count)s exports waiting or running. "
            "Wait until one of them is ready, then ask again."
        )
        % {"count": MAX_PENDING}
    )


def failure_message(outcome) -> str:
    if outcome and outcome.get("error") and outcome["error"] != "refused":
        return outcome["error"]
    return str(_("The export failed. Try again; if it fails again, tell an administrator."))


def own_export(request, result_id: str):
    """The export's task result, if this user asked for it and may still export; else 404."""
    backend = export_tasks.build_export.get_backend()
    if not backend.supports_get_result or len(result_id) > 64:
        raise Http404
    try:
        result = export_tasks.build_export.get_result(result_id)
    except Exception as missing:  # no such id, not a uuid, another task's id
        raise Http404 from missing
    kwargs = result.kwargs
    if kwargs.get("user_id") != request.user.pk or not request.user.is_authenticated:
        raise Http404
    if not export_tasks.may_export(kwargs.get("kind"), request.user):
        raise PermissionDenied
    return result


def file_of(result, user):
    """The stored file's outcome, if the export made one, it is still kept and the user's
    scope is still the one it was built with; a file built for another scope is deleted."""
    if result.status != TaskResultStatus.SUCCESSFUL:
        return None
    outcome = result.return_value or {}
    name = outcome.get("file")
    if not name:
        return None
    storage = storages[export_tasks.STORAGE]
    if outcome.get("scope") != export_tasks.scope_of(result.kwargs.get("kind"), user):
        storage.delete(name)  # stale: never to be handed out again (delete of none is fine)
        return None
    return outcome if storage.exists(name) else None


def scope_now(result, request) -> dict:
    return export_tasks.scope_of(result.kwargs.get("kind"), request.user)


class ExportButtonView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    """A GET on an address that queues an export: this page, whose button POSTs the same
    address (same filters) with the CSRF token; nothing is queued until it is pressed.
    Subclasses check the right and say where the screen is (``get_back_url``)."""

    template_name = "campaigns/reporting/export_button.html"
    page_title = _("Prepare the export")
    header_icon = "download"

    def get_back_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action=self.request.get_full_path(), back_url=self.get_back_url())
        return context


class ExportStatusView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reporting/export_status.html"
    page_title = _("Export")
    header_icon = "download"

    def get(self, request, result_id):
        result = own_export(request, result_id)
        kwargs = result.kwargs
        pending = not result.is_finished
        outcome = file_of(result, request.user)
        returned = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
        made = bool(returned and returned.get("file"))
        changed = made and outcome is None and returned.get("scope") != scope_now(result, request)
        expired = made and outcome is None and not changed
        context = self.get_context_data(
            pending=pending,
            waiting=result.status == TaskResultStatus.READY,
            refresh_seconds=REFRESH_SECONDS,
            outcome=outcome,
            expired=expired,
            changed=changed,
            failure=None if pending or outcome or expired or changed else failure_message(returned),
            download_url=reverse("reporting:export_file", args=[result_id]) if outcome else "",
            again_url=export_tasks.start_url(kwargs["kind"], kwargs["fmt"], kwargs["query"]),
            keep_hours=int(export_tasks.keep_hours()),
        )
        return self.render_to_response(context)


class ExportFileView(View):
    def get(self, request, result_id):
        outcome = file_of(own_export(request, result_id), request.user)
        if outcome is None:
            raise Http404
        storage = storages[export_tasks.STORAGE]
        signed = signed_redirect(
            storage,
            outcome["file"],
            outcome["filename"],
            as_attachment=True,
            content_type=outcome["content_type"],
        )
        if signed is not None:  # object storage: the bucket serves it, for 60 s
            return signed
        file = storage.open(outcome["file"], "rb")
        response = FileResponse(file, as_attachment=True, filename=outcome["filename"])
        response["Content-Type"] = outcome["content_type"]
        return response


urlpatterns = [
    path("exports/<str:result_id>/", ExportStatusView.as_view(), name="export"),
    path("exports/<str:result_id>/file/", ExportFileView.as_view(), name="export_file"),
]
