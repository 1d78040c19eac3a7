"""Admin screens of the spreadsheet route: template download, upload, results, past imports.

Who may use them: users who may add reach reports (reporters, M&E officers). A reporter sees
only their own imports; M&E officers see everyone's. The upload keeps the file and queues its
import (background.py), then goes to the import's page, which refreshes itself while the
import waits or runs, then shows the result. spreadsheet-upload.js shows the bytes sent and
asks for the answer as a line of JSON; without JavaScript the form posts normally.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.reach import lifecycle
from campaigns.reach.access import (
    ADD,
    ReachPermissionDenied,
    can_validate,
    reports_editable_by,
    reports_visible_to,
)
from campaigns.reach.models import EDITABLE_STATUSES, ImportStatus, ReachImport

from . import background, row_report
from .forms import TemplateForm, UploadForm
from .limits import Limits
from .reader import too_big_message
from .template import build_template

NAMESPACE = "reach_spreadsheet"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFRESH_SECONDS = 2  # how often the page of a waiting or running import reloads


def may_import(user) -> bool:
    return user.is_active and (user.has_perm(ADD) or can_validate(user))


def imports_visible_to(user):
    if not may_import(user):
        return ReachImport.objects.none()
    if can_validate(user):
        return ReachImport.objects.all()
    return ReachImport.objects.filter(imported_by=user)


class ImportScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items()[:-1],
                {"url": reverse(f"{NAMESPACE}:index"), "label": _("Import spreadsheet")},
                {"url": "", "label": self.get_page_title()}]  # fmt: skip


class ImportListView(ImportScreen):
    """Past imports, newest first, with links to download a template and to upload."""

    template_name = "campaigns/reach/spreadsheet/index.html"
    page_title = gettext_lazy("Import spreadsheet")

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items()[:-1]

    def get_context_data(self, **kwargs):
        imports = list(imports_visible_to(self.request.user).select_related("imported_by")[:100])
        for record in imports:  # a waiting or running import says so, not its raw status
            if record.status in background.PENDING:
                background.settle_stalled(record)  # a dead worker's import: refused, says why
            record.state = background.PENDING.get(record.status) or record.get_status_display()
        return super().get_context_data(imports=imports, **kwargs)


class TemplateDownloadView(ImportScreen):
    template_name = "campaigns/reach/spreadsheet/template.html"
    page_title = gettext_lazy("Download a template")

    def get(self, request, *args, **kwargs):
        form = TemplateForm(request.GET or None, user=request.user)
        if request.GET and form.is_valid():
            campaign = form.cleaned_data["campaign"]
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            content = build_template(campaign, request.user, start, end)
            response = HttpResponse(content, content_type=XLSX)
            name = f"reach-{campaign.code}-{start:%Y-%m}-{end:%Y-%m}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return self.render_to_response(self.get_context_data(form=form))


class UploadView(ImportScreen):
    template_name = "campaigns/reach/spreadsheet/upload.html"
    page_title = gettext_lazy("Upload a spreadsheet")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=UploadForm()))

    def post(self, request, *args, **kwargs):
        streaming = request.headers.get("Accept") == "application/x-ndjson"
        limits = Limits.from_settings()
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > limits.upload_bytes + 64 * 1024:  # refused before the body is read
            message = too_big_message(length, limits)
            if streaming:
                return HttpResponse(
                    json.dumps({"errors": [message]}) + "\n",
                    status=400,
                    content_type="application/x-ndjson",
                )
            messages.error(request, message)
            return self.render_to_response(self.get_context_data(form=UploadForm()), status=400)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            if streaming:
                errors = [str(e) for errors in form.errors.values() for e in errors]
                return HttpResponse(
                    json.dumps({"errors": errors}) + "\n",
                    status=400,
                    content_type="application/x-ndjson",
                )
            return self.render_to_response(self.get_context_data(form=form))
        options = {"merge": form.cleaned_data["merge"], "dry_run": form.cleaned_data["dry_run"]}
        record = background.queue_import(request.user, form.cleaned_data["file"], **options)
        url = reverse(f"{NAMESPACE}:result", args=[record.pk])
        if streaming:
            line = {"done": True, "import": record.pk, "status": record.status, "url": url}
            return HttpResponse(json.dumps(line) + "\n", content_type="application/x-ndjson")
        return redirect(url)


def visible_import(request, pk) -> ReachImport:
    if not may_import(request.user):
        raise PermissionDenied
    return get_object_or_404(imports_visible_to(request.user), pk=pk)


def submittable(record: ReachImport, user):
    """The import's reports the user may still submit (drafts or returned, open)."""
    return reports_editable_by(user).filter(source_import=record, status__in=EDITABLE_STATUSES)


OUTCOMES = {
    "created": (gettext_lazy("Reports created"), gettext_lazy("Reports to create")),
    "updated": (gettext_lazy("Reports updated"), gettext_lazy("Reports to update")),
    "unchanged": (
        gettext_lazy("Reports unchanged (already sent)"),
        gettext_lazy("Reports unchanged (already sent)"),
    ),
}


def listed_reports(record: ReachImport, user) -> list[dict]:
    """The import's reports by outcome: [{"outcome", "title", "reports", "rows"}], each report
    with a link to its screen where it is saved and the user may see it."""
    outcomes = record.outcomes or []
    ids = [entry["id"] for entry in outcomes if entry.get("id")]
    visible = set(reports_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    sections = []
    for outcome, titles in OUTCOMES.items():
        reports = [
            {
                **entry,
                "url": reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[entry["id"]])
                if entry.get("id") in visible
                else "",
                "name": " · ".join(
                    str(entry.get(part) or "—")
                    for part in ("month", "organisation", "region", "channel")
                ),
            }
            for entry in outcomes
            if entry.get("outcome") == outcome
        ]
        if reports:
            sections.append(
                {
                    "outcome": outcome,
                    "title": titles[1] if record.dry_run else titles[0],
                    "reports": reports,
                    "rows": sum(entry.get("rows", 0) for entry in reports),
                }
            )
    return sections


class ImportResultView(ImportScreen):
    template_name = "campaigns/reach/spreadsheet/result.html"
    page_title = gettext_lazy("Import result")

    def get(self, request, *args, **kwargs):
        record = visible_import(request, self.kwargs["pk"])
        background.settle_stalled(record)  # a dead worker's import: refused, says why
        if record.status in background.PENDING:  # this page again in a moment, until it ends
            self.template_name = "campaigns/reach/spreadsheet/pending.html"
            self.page_title = gettext_lazy("Import in progress")
        return self.render_to_response(self.get_context_data(record=record))

    def get_context_data(self, record, **kwargs):
        if record.status in background.PENDING:
            return super().get_context_data(
                record=record,
                state=background.PENDING[record.status],
                checking=record.status == background.CHECKING,
                refresh_seconds=REFRESH_SECONDS,
                **kwargs,
            )
        to_submit = (
            submittable(record, self.request.user).count()
            if record.status == ImportStatus.IMPORTED
            else 0
        )
        sections = (
            []
            if record.status == ImportStatus.REFUSED
            else listed_reports(record, self.request.user)
        )
        listed = sum(len(section["reports"]) for section in sections)
        counted = record.reports_created + record.reports_updated + record.reports_unchanged
        return super().get_context_data(
            record=record,
            sections=sections,
            unlisted=max(counted - listed, 0),
            rows_unchanged=sum(s["rows"] for s in sections if s["outcome"] == "unchanged"),
            problems=record.problems,
            to_submit=to_submit,
            refused=record.status == ImportStatus.REFUSED,
            can_retry=background.can_retry(record),
            **kwargs,
        )


class RowReportView(View):
    """The problems of an import as a file: XLSX or CSV."""

    def get(self, request, pk, file_format):
        record = visible_import(request, pk)
        if file_format == "xlsx":
            content, content_type = row_report.as_xlsx(record.problems), XLSX
        elif file_format == "csv":
            content, content_type = row_report.as_csv(record.problems), "text/csv; charset=utf-8"
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        name = f"reach-import-{record.pk}-problems.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RetryImportView(View):
    """Queue a stalled import again (its worker died or it failed), with its kept file."""

    def post(self, request, pk):
        record = visible_import(request, pk)
        if background.retry(record, translation.get_language() or "en"):
            messages.success(request, _("The import is queued again."))
        else:
            messages.error(request, _("This import cannot be run again: upload the file again."))
        return redirect(f"{NAMESPACE}:result", pk=record.pk)


class SubmitImportedView(View):
    """Submit the import's draft reports, each through the lifecycle (rules re-checked)."""

    def post(self, request, pk):
        record = visible_import(request, pk)
        submitted, refused = 0, []
        for report in submittable(record, request.user).order_by("pk"):
            try:
                lifecycle.submit(report, request.user)
                submitted += 1
            except (ReachPermissionDenied, lifecycle.TransitionRefused) as error:
                refused.append(f"{report.month:%Y-%m} {report.region_id}: {error}")
        if submitted:
            messages.success(
                request,
                translation.ngettext(
                    "%(count)s report submitted for validation.",
                    "%(count)s reports submitted for validation.",
                    submitted,
                )
                % {"count": submitted},
            )
        if refused:
            messages.error(
                request,
                _("%(count)s report(s) could not be submitted: %(which)s")
                % {"count": len(refused), "which": "; ".join(refused[:5])},
            )
        return redirect(f"{NAMESPACE}:result", pk=record.pk)
