"""Reach > an export's page and its file: what ``start()`` (the IATI and dashboard export
buttons) queued, followed until the file is there (campaigns.reporting.export_tasks).

Who sees an export: **the user who asked, only**, while they still hold the right of the screen
it came from. Not "anyone with the same right": the dashboard's table is scoped to the reader
(a reporter's organisations, a finance officer's published figures), so another reporter, even
of the same role, must not read it; the IATI file holds no such scope, but one rule is easier to
hold than two. Anyone else, a guessed id or an id of another task: 404, as if there were none.

With a backend that stores no results (the tests' immediate one), the task has run by the time
``enqueue`` returns: the file is given in the same response, as before tasks.
"""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
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
from campaigns.reporting import export_tasks

REFRESH_SECONDS = 2  # how often the page of a waiting or running export reloads


def start(request, kind: str, fmt: str):
    """Queue the export of this request's filters: its page, or the file at once when the
    backend ran it already, or None (a message says why) when that run refused."""
    query = request.GET.copy()
    query.pop("download", None)
    result = export_tasks.build_export.enqueue(
        kind=kind,
        fmt=fmt,
        query=query.urlencode(),
        user_id=request.user.pk,
        language=translation.get_language() or "en",
    )
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


def file_of(result):
    """The stored file's outcome, if the export made one and it is still kept."""
    if result.status != TaskResultStatus.SUCCESSFUL:
        return None
    outcome = result.return_value or {}
    name = outcome.get("file")
    if name and storages[export_tasks.STORAGE].exists(name):
        return outcome
    return None


class ExportStatusView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reporting/export_status.html"
    page_title = _("Export")
    header_icon = "download"

    def get(self, request, result_id):
        result = own_export(request, result_id)
        kwargs = result.kwargs
        pending = not result.is_finished
        outcome = file_of(result)
        returned = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
        expired = bool(returned and returned.get("file")) and outcome is None
        context = self.get_context_data(
            pending=pending,
            waiting=result.status == TaskResultStatus.READY,
            refresh_seconds=REFRESH_SECONDS,
            outcome=outcome,
            expired=expired,
            failure=None if pending or outcome or expired else failure_message(returned),
            download_url=reverse("reporting:export_file", args=[result_id]) if outcome else "",
            again_url=export_tasks.start_url(kwargs["kind"], kwargs["fmt"], kwargs["query"]),
            keep_hours=int(export_tasks.keep_hours()),
        )
        return self.render_to_response(context)


class ExportFileView(View):
    def get(self, request, result_id):
        outcome = file_of(own_export(request, result_id))
        if outcome is None:
            raise Http404
        file = storages[export_tasks.STORAGE].open(outcome["file"], "rb")
        response = FileResponse(file, as_attachment=True, filename=outcome["filename"])
        response["Content-Type"] = outcome["content_type"]
        return response


urlpatterns = [
    path("exports/<str:result_id>/", ExportStatusView.as_view(), name="export"),
    path("exports/<str:result_id>/file/", ExportFileView.as_view(), name="export_file"),
]
