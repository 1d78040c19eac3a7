"""The targets listing: each target with what was achieved in its own period, what remains
and the % of target (campaigns.reporting.figures.target_progress), on screen and in its export.

Validated and locked figures count; submitted ones too when the listing's "include submitted"
filter is ticked. A target whose period has no figures yet shows "—" (an empty cell in the
export), never 0 %. Reach's admin asks reporting (the floor above it) at call time, here only:
the adding up of figures against targets is reporting's one rule, shared with the dashboards.
"""

from wagtail.coreutils import multigetattr
from wagtail.snippets.views import snippets

from .report_export import CsvInReadersLanguageMixin


def attach_progress(targets, user, include_submitted: bool) -> dict:
    """{target pk: TargetProgress} for `targets`, each also given as its ``progress``:
    campaigns.reporting.figures.target_progress over the targets' campaigns (two queries,
    whatever their number), with the same scoping as every figure the user sees."""
    from campaigns.reporting.figures import target_progress
    from campaigns.reporting.filters import ReachFilter

    targets = list(targets)
    if not targets:
        return {}
    flt = ReachFilter(
        campaigns=tuple(sorted({target.campaign_id for target in targets})),
        include_submitted=include_submitted,
    )
    found = {progress.target.pk: progress for progress in target_progress(user, flt)}
    for target in targets:
        target.progress = found.get(target.pk)
    return found


PROGRESS_FIELDS = ("achieved", "remaining", "percent")


class TargetIndexView(CsvInReadersLanguageMixin, snippets.IndexView):
    """Each target with what was achieved in its period, what remains and the % of target."""

    def includes_submitted(self) -> bool:
        return bool(self.filters and self.filters.includes_submitted())

    def get_table(self, object_list):
        if not self.is_export:
            attach_progress(object_list, self.request.user, self.includes_submitted())
        return super().get_table(object_list)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        self.progress = attach_progress(queryset, self.request.user, self.includes_submitted())
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def to_row_dict(self, item):
        progress = self.progress.get(item.pk)
        row = {}
        for field in self.list_export:
            if field in PROGRESS_FIELDS:
                value = getattr(progress, field, None)
                row[field] = round(value, 1) if field == "percent" and value is not None else value
            else:
                row[field] = multigetattr(item, field)
        return row
