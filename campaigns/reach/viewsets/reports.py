"""Reach reports in the admin: the listing, the form, the report screen, history and usage.

The report viewset takes every row from campaigns.reach.access (listing, edit, delete, inspect,
history, usage, chooser), so a reporter reaches no other organisation's report, even by typing
its address. Its form is the header with the figures grid (campaigns.reach.forms,
campaigns.reach.admin.figures); the lifecycle steps, revisions, attachments and month locks
live in campaigns.reach.admin.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views import chooser, snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from campaigns.admin_display import ReadableInspectMixin, SnippetWordsMixin

from ..access import month_is_locked, reports_editable_by, reports_visible_to
from ..admin.actions import SCREEN_MEDIA, SUBMIT, available_steps, inspect_url, step_url
from ..admin.attachment_views import AttachmentForm
from ..admin.history import stored_figures
from ..admin.listing import (
    FigureColumn,
    ReportFilterSet,
    StatusColumn,
    labelled,
    page_figures,
)
from ..admin.panels import FiguresPanel, ReportObjectList
from ..admin.report_export import REPORT_COLUMNS, CsvInReadersLanguageMixin, ReportExport
from ..forms import ReachReportForm
from ..models import EDITABLE_STATUSES, ReachReport, Status


def _check(view, scope) -> None:
    """404 unless the report in the address is in `scope`; Wagtail then loads it its own way."""
    try:
        found = scope.filter(pk=unquote(str(view.kwargs["pk"]))).exists()
    except (ValueError, ValidationError):
        found = False
    if not found:
        raise Http404


class VisibleReportMixin:
    """Views of one report: only reports the user may see, else 404 (not even a hint).

    Wagtail's edit, delete and inspect views take ``get_object(queryset=None)``; its history
    and usage views take no argument (``BaseObjectMixin.get_object(self)``): pass on what came.
    """

    def get_object(self, *args, **kwargs):
        _check(self, reports_visible_to(self.request.user))
        return super().get_object(*args, **kwargs)


class EditableReportMixin:
    """Edit and delete: 404 for others' reports, 403 for one the user sees but cannot change."""

    def get_object(self, queryset=None):
        _check(self, reports_visible_to(self.request.user))
        report = super().get_object(queryset)
        if not reports_editable_by(self.request.user).filter(pk=report.pk).exists():
            raise PermissionDenied
        return report


class FiguresSavedMixin:
    """After saving: the warnings the rules gave (they never block), then the report screen."""

    def save_action(self):
        response = super().save_action()
        warnings = self.form.warning_messages
        if warnings:
            messages.warning(self.request, _("Saved, but please check: %s") % " · ".join(warnings))
        return response

    def get_success_url(self):
        return inspect_url(self.object)


class ReportCreateView(FiguresSavedMixin, snippets.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ReportEditView(FiguresSavedMixin, EditableReportMixin, snippets.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        steps = [SUBMIT] if SUBMIT in available_steps(self.object, self.request.user) else []
        for step in steps:
            buttons.append(Button(step.label, url=step_url(step, self.object), icon_name=step.icon))
        return buttons


def reports_deletable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    """Reports the user may delete: drafts they may still edit (campaigns.reach.access), never
    a submitted, validated, returned or locked one, nor one in a locked month. The single delete
    view and the bulk delete (campaigns.access.bulk_actions) both ask this."""
    if not user.has_perm("campaigns.delete_reachreport"):
        return ReachReport.objects.none()
    return reports_editable_by(user, queryset).filter(status=Status.DRAFT)


class ReportDeleteView(VisibleReportMixin, snippets.DeleteView):
    """404 for others' reports; 403 for a visible report the user may not delete."""

    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        if not reports_deletable_by(self.request.user).filter(pk=report.pk).exists():
            raise PermissionDenied
        return report


class ReportInspectView(VisibleReportMixin, ReadableInspectMixin, snippets.InspectView):
    """The report screen: header, figures, attachments and the steps the user may take; its
    details say "—" for nothing, never "None"."""

    field_labels = {
        "material": _("material"),
        "created_by": _("created by"),
        "submitted_by": _("submitted by"),
        "decided_by": _("validated or returned by"),
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        steps = available_steps(report, user)
        editable = reports_editable_by(user).filter(pk=report.pk).exists()
        context.update(
            report=report,
            figures=stored_figures([report.pk])[report.pk],
            steps=[(step, step_url(step, report)) for step in steps],
            attachments=list(report.attachments.all()),
            attachment_form=AttachmentForm() if editable else None,
            editable=editable,
        )
        context["media"] = context.get("media", SCREEN_MEDIA) + SCREEN_MEDIA
        return context


class ReportHistoryView(VisibleReportMixin, snippets.HistoryView):
    """Whoever sees the report sees its history (Wagtail asks add, change or delete)."""

    permission_required = None
    any_permission_required = ["view", "add", "change", "delete"]


class ReportUsageView(VisibleReportMixin, snippets.UsageView):
    """Whoever sees the report sees what refers to it (Wagtail asks change)."""

    permission_required = None
    any_permission_required = ["view", "add", "change", "delete"]


def may_edit_listed(report, user) -> bool:
    """Whether a row of the user's listing opens in the edit view: the rule of
    ``reports_editable_by`` (current, open, month not locked) on a row already scoped to the
    user, without a query per row (``month_locked`` is annotated on the listing)."""
    return (
        user.has_perm("campaigns.change_reachreport")
        and report.is_current
        and report.status in EDITABLE_STATUSES
        and not getattr(report, "month_locked", False)
    )


class ReportIndexView(CsvInReadersLanguageMixin, snippets.IndexView):
    """The main link (and the "Edit" row button) of a report the user may not edit (submitted,
    validated, locked, in a locked month, or a reader's) opens the report screen with its steps,
    not an edit view that would answer "Sorry, you do not have permission".

    Each page shows the figures of its reports, one column per indicator found on the page (one
    query more, whatever the page's length); the CSV/XLSX export has one column per indicator
    and breakdown cell of the whole exported set (campaigns.reach.admin.report_export)."""

    def get_table(self, object_list):
        if self.is_export:
            return super().get_table(object_list)
        columns = [*self.columns, *(FigureColumn(i) for i in page_figures(object_list))]
        return self.table_class(columns, object_list, **self.get_table_kwargs())

    def as_spreadsheet(self, queryset, spreadsheet_format):
        self.report_export = ReportExport(queryset)
        self.list_export = self.report_export.fields
        self.export_headings = self.report_export.headings
        return super().as_spreadsheet(self.report_export, spreadsheet_format)

    def to_row_dict(self, item):
        return self.report_export.row(item)

    def _get_title_column(self, field_name, *args, **kwargs):
        """The month ("octobre 2026") on one line: on a phone it broke mid-word ("octo/bre")."""
        kwargs.setdefault("link_classname", "w-whitespace-nowrap")
        return super()._get_title_column(field_name, *args, **kwargs)

    def get_edit_url(self, instance):
        if not may_edit_listed(instance, self.request.user):
            return None
        return super().get_edit_url(instance)

    def get_context_data(self, **kwargs):
        from ..admin.bulk import bulk_action_buttons

        context = super().get_context_data(**kwargs)
        context["reach_bulk_buttons"] = bulk_action_buttons(self.request.user)
        return context


class ScopedChooseMixin:
    def get_object_list(self):
        return reports_visible_to(self.request.user).select_related("campaign", "organisation")


class ReportChooseView(ScopedChooseMixin, chooser.ChooseView):
    pass


class ReportChooseResultsView(ScopedChooseMixin, chooser.ChooseResultsView):
    pass


class ReportChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return reports_visible_to(self.request.user).get(pk=pk)


class ReportChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return reports_visible_to(self.request.user).filter(pk__in=pks)


class ReportChooserViewSet(chooser.SnippetChooserViewSet):
    """Chooser widgets (e.g. a future "corrects report" field) offer visible reports only."""

    choose_view_class = ReportChooseView
    choose_results_view_class = ReportChooseResultsView
    chosen_view_class = ReportChosenView
    chosen_multiple_view_class = ReportChosenMultipleView


class ReachReportViewSet(SnippetWordsMixin, SnippetViewSet):
    """The report listing (filters, status with the reason returned, row steps) and the form."""

    model = ReachReport
    icon = "doc-full-inverse"
    menu_label = _("Reports")
    add_item_label = _("Add a reach report")
    new_item_label = _("New reach report")
    list_display = [
        "month_label",
        labelled("campaign", _("Campaign")),
        labelled("organisation", _("Organisation")),
        labelled("region", _("Region")),
        labelled("channel", _("Channel")),
        StatusColumn("status", label=_("Status")),
        "revision",
    ]
    filterset_class = ReportFilterSet
    search_fields = ["notes"]
    inspect_view_enabled = True
    inspect_template_name = "campaigns/reach/admin/inspect.html"
    inspect_view_fields = [  # campaign, organisation, month, place: in the summary above
        "material",
        "language",
        "data_source",
        "verification",
        "notes",
        "entered_via",
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
    ]
    copy_view_enabled = False
    index_view_class = ReportIndexView
    index_template_name = "campaigns/reach/admin/report_index.html"  # bulk buttons per role
    add_view_class = ReportCreateView
    edit_view_class = ReportEditView
    delete_view_class = ReportDeleteView
    inspect_view_class = ReportInspectView
    history_view_class = ReportHistoryView
    usage_view_class = ReportUsageView
    chooser_viewset_class = ReportChooserViewSet
    list_export = list(REPORT_COLUMNS)  # and the figures' columns: ReportIndexView
    export_filename = "reach-reports"
    edit_handler = ReportObjectList(
        [
            FieldRowPanel([FieldPanel("campaign"), FieldPanel("organisation")]),
            FieldRowPanel([FieldPanel("month"), FieldPanel("region"), FieldPanel("channel")]),
            FieldRowPanel([FieldPanel("material"), FieldPanel("language")]),
            MultiFieldPanel(
                [FieldPanel("data_source"), FieldPanel("verification"), FieldPanel("notes")],
                heading=_("Source"),
            ),
            FiguresPanel(),
        ],
        base_form_class=ReachReportForm,
    )

    def get_queryset(self, request):
        return (
            reports_visible_to(request.user)
            .select_related("campaign__country", "organisation", "region", "channel")
            .annotate(month_locked=month_is_locked())
        )
