"""The reach report listing's CSV/XLSX export, with the figures: one column per indicator and
one per breakdown cell ("People reached – Female – 15-24"), headed in the reader's language.

Wagtail's SpreadsheetExportMixin writes the file; ``ReportExport`` hands it the columns (found in
SQL over the whole exported set: two queries) and the rows, whose figures are read 1,000 reports
at a time (two queries a chunk), so neither memory nor the number of queries grows per row. Rows
are the listing's own queryset, already scoped by campaigns.reach.access. Figures stay numbers;
an indicator or cell a report does not have is left empty, never written as 0.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from campaigns.reach.models import (
    AgeBand,
    Indicator,
    ReachBreakdown,
    ReachReport,
    ReachValue,
    Sex,
)

CHUNK = 1000


class CsvInReadersLanguageMixin:
    """Wagtail streams the CSV after the view returns, when the admin's language override
    (wagtail.admin.localization) has ended: headings, status words and countries came out in
    English. Each row is rendered under the language active when the request was answered."""

    def stream_csv(self, queryset):
        return _in_language(super().stream_csv(queryset), translation.get_language())


def _in_language(rows, language):
    """Each step of `rows` under `language`, so that no activation leaks between steps."""
    rows = iter(rows)
    while True:
        with translation.override(language):
            try:
                row = next(rows)
            except StopIteration:
                return
        yield row


def _named(field: str):
    """The heading of a report field: its verbose name (already translated), capitalised."""
    return capfirst(ReachReport._meta.get_field(field).verbose_name)


# The report's own columns: attribute path -> heading.
REPORT_COLUMNS = {
    "month": _("Month"),
    "campaign.code": _("Campaign code"),
    "campaign.title": _("Campaign"),
    "campaign.country.code": _("Country code"),
    "campaign.country": _("Country"),
    "organisation.name": _("Organisation"),
    "region.code": _("Region code"),
    "region.name": _("Region"),
    "channel.code": _("Channel code"),
    "channel.name": _("Channel"),
    "material.title": _named("material"),
    "language": _named("language"),
    "get_status_display": _named("status"),
    "revision": _named("revision"),
}
SELECT_RELATED = ("campaign__country", "organisation", "region", "channel", "material")
SEX_ORDER = {Sex.FEMALE: 0, Sex.MALE: 1, Sex.UNKNOWN: 2, None: 3}  # sex-less cells last


def _report_ids(queryset):
    """What ``report_id__in`` takes: a subquery for a queryset, else the pks (search results)."""
    if isinstance(queryset, QuerySet):
        return queryset.order_by().values("pk")
    return [report.pk for report in queryset]


def total_key(indicator_id: int) -> str:
    return f"figure:{indicator_id}"


def cell_key(indicator_id: int, sex: str | None, band_id: int | None) -> str:
    return f"cell:{indicator_id}:{sex or ''}:{band_id or ''}"


class ReportExport:
    """The columns and rows of one export of `queryset` (the listing's filtered reports)."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.model = queryset.model  # Wagtail's get_heading falls back on it
        ids = _report_ids(queryset)
        indicators = Indicator.objects.filter(
            pk__in=ReachValue.objects.filter(report_id__in=ids).values("indicator_id")
        ).order_by("code")
        cells = (
            ReachBreakdown.objects.filter(value__report_id__in=ids)
            .values_list("value__indicator_id", "sex", "age_band")
            .distinct()
            .order_by()
        )
        cells_by_indicator: dict[int, list] = {}
        for indicator_id, sex, band_id in cells:
            cells_by_indicator.setdefault(indicator_id, []).append((sex, band_id))
        bands = {band.pk: band for band in AgeBand.objects.all()} if cells else {}
        self.headings = {field: label for field, label in REPORT_COLUMNS.items()}
        for indicator in indicators:
            self.headings[total_key(indicator.pk)] = indicator.name
            found = cells_by_indicator.get(indicator.pk, [])
            for sex, band_id in sorted(found, key=lambda cell: _cell_order(cell, bands)):
                parts = [indicator.name]
                if sex:
                    parts.append(Sex(sex).label)
                if band_id:
                    parts.append(bands[band_id].name)
                self.headings[cell_key(indicator.pk, sex, band_id)] = " – ".join(
                    str(part) for part in parts
                )
        self.fields = list(self.headings)
        self._figures: dict[int, dict[str, int]] = {}

    def __iter__(self) -> Iterator:
        """The reports in the listing's order, their figures read a chunk at a time."""
        rows = self.queryset
        if isinstance(rows, QuerySet):
            rows = rows.select_related(*SELECT_RELATED).iterator(chunk_size=CHUNK)
        chunk = []
        for report in rows:
            chunk.append(report)
            if len(chunk) == CHUNK:
                yield from self._with_figures(chunk)
                chunk = []
        yield from self._with_figures(chunk)

    def _with_figures(self, reports):
        if not reports:
            return
        ids = [report.pk for report in reports]
        self._figures = {pk: {} for pk in ids}
        totals = ReachValue.objects.filter(report_id__in=ids).values_list(
            "report_id", "indicator_id", "total"
        )
        for report_id, indicator_id, total in totals:
            self._figures[report_id][total_key(indicator_id)] = total
        cells = ReachBreakdown.objects.filter(value__report_id__in=ids).values_list(
            "value__report_id", "value__indicator_id", "sex", "age_band_id", "count"
        )
        for report_id, indicator_id, sex, band_id, count in cells:
            self._figures[report_id][cell_key(indicator_id, sex, band_id)] = count
        yield from reports

    def row(self, report) -> dict:
        """One report's cells, keyed by field."""
        figures = self._figures.get(report.pk, {})
        return {
            field: _read(report, field) if field in REPORT_COLUMNS else figures.get(field)
            for field in self.fields
        }


def _read(report, path: str):
    """A dotted attribute of the report; None where a relation is empty (no material)."""
    value = report
    for name in path.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
        if callable(value):
            value = value()
    return value


def _cell_order(cell, bands):
    sex, band_id = cell
    band = bands.get(band_id)
    return (SEX_ORDER.get(sex, 3), (band.sort_order, band.min_age) if band else (-1, -1))
