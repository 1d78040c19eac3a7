"""Edit-handler panels of the report form: the figures grid inside Wagtail's snippet views."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel

from .figures import PREFIX


def figure_blocks(form, grid):
    """The grid's blocks with their bound fields and warnings, ready for the template."""
    blocks = []
    warnings = getattr(form, "figure_warnings", {})
    for block in grid.blocks:
        names = block.names
        blocks.append(
            {
                "block": block,
                "indicator": block.indicator,
                "total": form[block.total],
                "rows": [
                    {"label": row.label, "cells": [form[name] for name in row.names]}
                    for row in block.rows
                ],
                "warnings": [message for name in names for message in warnings.get(name, [])],
                "has_errors": any(form.errors.get(name) for name in names),
                "has_value": any(form[name].value() not in (None, "") for name in names),
            }
        )
    return blocks


def figures_context(form) -> dict:
    """Template context of figures_panel.html for a form that has a `grid`."""
    blocks = figure_blocks(form, form.grid)
    others = [b for b in blocks if not b["block"].in_campaign]
    return {
        "campaign_blocks": [b for b in blocks if b["block"].in_campaign],
        "other_blocks": others,
        "others_open": any(b["has_errors"] or b["has_value"] for b in others),
        "other_warnings": getattr(form, "other_warnings", []),
    }


class FiguresPanel(Panel):
    """A total per indicator, with its disaggregation grid and running totals (entry.js)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Figures"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaigns/reach/admin/figures_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(figures_context(self.form))
            return context


class ReportObjectList(ObjectList):
    """The report's edit handler; the figure inputs are drawn by FiguresPanel, not appended."""

    class BoundPanel(ObjectList.BoundPanel):
        def render_missing_fields(self):
            rendered = set(self.panel.get_form_options().get("fields", []))
            missing = [
                str(self.form[name])
                for name in self.form.fields
                if name not in rendered and not name.startswith(PREFIX)
            ]
            return mark_safe("".join(missing))  # noqa: S308 - bound fields render escaped HTML
