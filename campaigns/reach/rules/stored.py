"""Stored reports' headers and figures, to tell re-sent data from changed data.

A file uploaded twice or a partner system retrying sends figures that are already stored; the
batch compares them with these (campaigns.reach.batch) instead of refusing a duplicate. Loaded
for a chunk of report ids at a time: three queries, whatever the number of values.
"""

from dataclasses import dataclass, field

from campaigns.reach.models import ReachBreakdown, ReachReport, ReachValue

HEADER_FIELDS = ("material_id", "language", "data_source", "verification", "notes")


@dataclass(frozen=True, slots=True)
class StoredValue:
    id: int
    total: int
    cells: frozenset  # {(sex, age band code, count)}


@dataclass(slots=True)
class StoredReport:
    header: tuple  # values of HEADER_FIELDS
    values: dict[str, StoredValue] = field(default_factory=dict)  # indicator code -> value


def load_stored(report_ids) -> dict[int, StoredReport]:
    reports = {
        pk: StoredReport(tuple(header))
        for pk, *header in ReachReport.objects.filter(pk__in=report_ids).values_list(
            "pk", *HEADER_FIELDS
        )
    }
    cells: dict[int, set] = {}
    for value_id, sex, band, count in ReachBreakdown.objects.filter(
        value__report_id__in=reports
    ).values_list("value_id", "sex", "age_band__code", "count"):
        cells.setdefault(value_id, set()).add((sex, band, count))
    for value_id, report_id, code, total in ReachValue.objects.filter(
        report_id__in=reports
    ).values_list("pk", "report_id", "indicator__code", "total"):
        reports[report_id].values[code] = StoredValue(
            value_id, total, frozenset(cells.get(value_id, ()))
        )
    return reports
