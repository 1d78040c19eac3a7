"""A report's revisions, oldest first, each with its figures, status, who and when, and the
reason of each correction (campaigns.reach.lifecycle.history); then the locks and reopenings of
its month, with who, when and the reason given for reopening (campaigns.reach.lifecycle
.month_events)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin, reach_reports_breadcrumbs
from campaigns.reach import lifecycle
from campaigns.reach.models import ReachReport, ReachValue

from .actions import SCREEN_MEDIA, ReportScreenMixin, inspect_url


def stored_figures(report_ids) -> dict[int, list[dict]]:
    """{report id: [{indicator, total, cells: [(label, count)]}]}, in 2 queries."""
    figures: dict[int, list[dict]] = {pk: [] for pk in report_ids}
    values = (
        ReachValue.objects.filter(report_id__in=report_ids)
        .select_related("indicator")
        .prefetch_related("breakdown__age_band")
        .order_by("indicator__code")
    )
    for value in values:
        cells = [
            (
                " · ".join(
                    str(part)
                    for part in (cell.get_sex_display() if cell.sex else None, cell.age_band)
                    if part
                ),
                cell.count,
            )
            for cell in value.breakdown.all()
        ]
        figures[value.report_id].append(
            {"indicator": value.indicator, "total": value.total, "cells": cells}
        )
    return figures


class RevisionsView(ReportScreenMixin, TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reach/admin/revisions.html"
    header_icon = "history"
    page_title = _("Revisions")

    def get_parent_breadcrumbs(self):
        return reach_reports_breadcrumbs(self.report)

    def get_page_subtitle(self):
        report = self.report
        return f"{report.campaign.title} · {report.organisation} · {report.month:%Y-%m}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chain = lifecycle.history(self.report)
        revisions = {
            revision.pk: revision
            for revision in ReachReport.objects.filter(pk__in=[r.pk for r in chain]).select_related(
                "created_by", "submitted_by", "decided_by"
            )
        }
        figures = stored_figures(list(revisions))
        context.update(
            report=self.report,
            revisions=[
                {"report": revisions[r.pk], "figures": figures[r.pk]} for r in reversed(chain)
            ],
            month_events=[
                {"entry": entry, "revision": revisions.get(int(entry.object_id))}
                for entry in lifecycle.month_events(list(revisions))
            ],
            back_url=inspect_url(self.report),
            media=SCREEN_MEDIA,
        )
        return context
