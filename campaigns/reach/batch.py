"""Checking and saving many reports at once: the spreadsheet importer and the API's bulk endpoint.

Both routes turn what they received into `Entry`s (ids resolved through the codes in a
`ReachRuleContext`), check every entry first with `check_entry`, and only when nothing is wrong
call `save_entries` inside one transaction, so a refused batch saves nothing. Queries depend on
the number of chunks, never on the number of rows.

Re-sending figures already stored (the same file uploaded twice, a partner system retrying)
is not a duplicate: `check_entry` reports it `unchanged` and `save_entries` leaves it alone.
A report for an existing natural key with different figures is refused unless `merge` is asked
for; then the indicators given replace the report's figures for those indicators (others stay).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk_insert import column_defaults, insert_rows, write_figures
from .models import (
    EDITABLE_STATUSES,
    DataSource,
    EntryRoute,
    ReachReport,
    Status,
    Verification,
)
from .rules import ReachRuleContext, ReportData, RuleResult, parse_count, parse_month
from .rules.stored import StoredReport

NATURAL_KEY_CONSTRAINT = "reach_report_natural_key"
KEY_COLUMNS = ("campaign_id", "organisation_id", "month", "region_id", "channel_id")
# Errors that only say "this report exists and is not open": moot when nothing would change.
MOOT_WHEN_UNCHANGED = {"duplicate", "month_locked"}


@dataclass
class Entry:
    """One report as a route received it: the rules' data plus the header fields they ignore."""

    data: ReportData
    data_source: str = DataSource.OTHER
    verification: str = Verification.NONE
    notes: str = ""
    where: str = ""  # how the route names it in problems: "row 12", "reports[3]"

    def header(self) -> tuple:
        """Compared with `StoredReport.header` (HEADER_FIELDS order)."""
        data = self.data
        return (data.material, data.language or "", self.data_source, self.verification,
                self.notes or "")  # fmt: skip

    def key(self) -> tuple | None:
        month, _message = parse_month(self.data.month)
        return None if month is None else self.data.key(month)


@dataclass
class SaveSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    report_ids: list[int] = field(default_factory=list)


class DuplicateReport(Exception):
    """Another request saved a report with the same natural key meanwhile (IntegrityError)."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "This organisation already has a report for this campaign, month, region and "
                "channel."
            )
        )


def _cells(value) -> frozenset:
    return frozenset(
        (cell.sex, cell.age_band, parse_count(cell.count)[0]) for cell in value.breakdown
    )


def same_as_stored(entry: Entry, stored: StoredReport) -> bool:
    """Same header fields and the same figures for every indicator the entry gives."""
    if entry.header() != stored.header:
        return False
    for code, value in entry.data.values.items():
        kept = stored.values.get(code)
        if kept is None or parse_count(value.total)[0] != kept.total or _cells(value) != kept.cells:
            return False
    return True


def _existing_id(entry: Entry, context: ReachRuleContext) -> int | None:
    key = entry.key()
    existing = context.existing_by_key.get(key) if key else None
    return existing.id if existing else None


def check_entry(
    entry: Entry, context: ReachRuleContext, *, merge: bool = False, continues: bool = False
) -> RuleResult:
    """All the rules on one entry; identical to a stored report -> `result.unchanged`.

    `continues`: more rows of a report already met in this batch (see ReachRuleContext.check).
    The stored figures are compared from `context.stored`; `check_entries` preloads them per
    chunk, a lone entry loads its own (3 queries)."""
    result = context.check(entry.data, merge=merge, where=entry.where, continues=continues)
    existing_id = _existing_id(entry, context)
    if existing_id is None:
        return result
    context.preload_stored([existing_id])
    stored = context.stored.get(existing_id)
    if stored is not None and same_as_stored(entry, stored):
        result.unchanged = True
        result.errors = [
            problem
            for problem in result.errors
            if problem.code not in MOOT_WHEN_UNCHANGED and not problem.code.startswith("report_")
        ]
    return result


def check_entries(
    entries: list[Entry], context: ReachRuleContext, *, merge: bool = False
) -> list[RuleResult]:
    """`check_entry` on a chunk, loading the stored figures of its existing keys at once."""
    context.preload_stored(
        {pk for entry in entries if (pk := _existing_id(entry, context)) is not None}
    )
    results = [check_entry(entry, context, merge=merge) for entry in entries]
    context.forget_stored()
    return results


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Saver:
    """Writes chunk after chunk; remembers which reports it made, so later rows join them."""

    def __init__(self, *, user, route, context, merge, source_import):
        self.user, self.route, self.context = user, route, context
        self.merge, self.source_import = merge, source_import
        self.created: dict[tuple, int] = {}  # natural key -> id, reports made by this run
        self.outcome: dict[int, str] = {}  # report id -> "created", "updated", "unchanged"

    def save_chunk(self, chunk: list[Entry]) -> None:
        context = self.context
        by_key: dict[tuple, Entry] = {}
        for entry in chunk:  # rows of one report in one chunk become one entry
            key = entry.key()
            if key in by_key:
                by_key[key].data.values.update(entry.data.values)
            else:
                by_key[key] = Entry(
                    ReportData(**{**vars(entry.data), "values": dict(entry.data.values)}),
                    entry.data_source,
                    entry.verification,
                    entry.notes,
                    entry.where,
                )
        stored_ids = {
            key: existing.id
            for key in by_key
            if key not in self.created and (existing := context.existing_by_key.get(key))
        }
        context.preload_stored(stored_ids.values())
        new, changed, value_rows, replaced = [], [], [], []
        for key, entry in by_key.items():
            if key in self.created:  # more indicators of a report made earlier in this run
                report_id = self.created[key]
                value_rows.extend((report_id, code, v) for code, v in entry.data.values.items())
            elif key in stored_ids:
                report_id = stored_ids[key]
                stored = context.stored[report_id]
                if same_as_stored(entry, stored):
                    self.outcome.setdefault(report_id, "unchanged")
                    continue
                self._may_change(key)
                self.outcome[report_id] = "updated"
                changed.append(self._header(ReachReport(pk=report_id), entry))
                for code, value in entry.data.values.items():
                    if code in stored.values:
                        replaced.append(stored.values[code].id)
                    value_rows.append((report_id, code, value))
            else:
                new.append((key, entry))
        self._create_reports(new, value_rows)
        if changed:
            self._update_headers(changed)
        indicators = context.indicators
        write_figures(
            [(report_id, indicators[code].id, value) for report_id, code, value in value_rows],
            age_bands=context.age_bands,
            replacing=replaced,
        )
        context.forget_stored()

    def _update_headers(self, changed: list[ReachReport]) -> None:
        """One UPDATE per set of reports given the same header fields (usually one set).

        bulk_update's CASE per field and row took 8 s for 2,500 reports on SQLite."""
        groups: dict[tuple, list[int]] = {}
        for report in changed:
            header = (report.material_id, report.language, report.data_source,
                      report.verification, report.notes)  # fmt: skip
            groups.setdefault(header, []).append(report.pk)
        now = timezone.now()
        for (material, language, source, verification, notes), ids in groups.items():
            for start in range(0, len(ids), 500):
                ReachReport.objects.filter(pk__in=ids[start : start + 500]).update(
                    material_id=material,
                    language=language,
                    data_source=source,
                    verification=verification,
                    notes=notes,
                    source_import=self.source_import,
                    updated_at=now,
                )

    def _may_change(self, key):
        """Never overwrite without `merge`, nor a report no longer open (check_entry refuses)."""
        existing = self.context.existing_by_key[key]
        if not self.merge:
            raise DuplicateReport()
        if existing.status not in EDITABLE_STATUSES or (
            (self.context.campaigns[key[0]].country_id, key[2]) in self.context.locks
        ):
            raise ValueError(f"Report {existing.id} is not open; it was not checked.")

    def _header(self, report: ReachReport, entry: Entry) -> ReachReport:
        report.material_id = entry.data.material
        report.language = entry.data.language or ""
        report.data_source = entry.data_source
        report.verification = entry.verification
        report.notes = entry.notes or ""
        report.source_import = self.source_import
        report.updated_at = timezone.now()
        return report

    def _create_reports(self, new, value_rows):
        if not new:
            return
        columns, defaults = column_defaults(
            ReachReport,
            status=Status.DRAFT,
            entered_via=self.route,
            created_by_id=getattr(self.user, "pk", None),
            source_import_id=getattr(self.source_import, "pk", None),
        )
        at = {column: index for index, column in enumerate(columns)}
        adapt_month = connection.ops.adapt_datefield_value
        rows = []
        for key, entry in new:
            row = list(defaults)
            for column, value in zip(KEY_COLUMNS, key, strict=True):
                row[at[column]] = value
            row[at["month"]] = adapt_month(key[2])
            row[at["material_id"]] = entry.data.material
            row[at["language"]] = entry.data.language or ""
            row[at["data_source"]] = entry.data_source
            row[at["verification"]] = entry.verification
            row[at["notes"]] = entry.notes or ""
            rows.append(row)
        try:
            returned = insert_rows(ReachReport, columns, rows, returning=("id", *KEY_COLUMNS))
        except IntegrityError as error:
            if NATURAL_KEY_CONSTRAINT in str(error) or "campaign_id" in str(error):
                raise DuplicateReport() from error
            raise
        ids = {(c, o, str(m)[:10], r, ch): pk for pk, c, o, m, r, ch in returned}
        for key, entry in new:
            campaign, organisation, month, region, channel = key
            pk = ids[(campaign, organisation, month.isoformat(), region, channel)]
            self.created[key] = pk
            self.outcome[pk] = "created"
            value_rows.extend((pk, code, v) for code, v in entry.data.values.items())

    def summary(self) -> SaveSummary:
        summary = SaveSummary(report_ids=list(self.outcome))
        for outcome in self.outcome.values():
            setattr(summary, outcome, getattr(summary, outcome) + 1)
        return summary


def save_entries(
    entries: Iterable[Entry],
    *,
    user,
    route: EntryRoute,
    context: ReachRuleContext,
    merge: bool = False,
    source_import=None,
    chunk_size: int = 1000,
) -> SaveSummary:
    """Save entries that passed `check_entry`, in chunks; call inside transaction.atomic.

    New reports are drafts entered via `route` by `user`; with `merge`, an existing open
    report takes the header fields and the given indicators' figures (others stay). Entries
    of one report may come in several pieces, in any chunks. Raises `DuplicateReport` when
    another request saved the same natural key meanwhile."""
    saver = _Saver(
        user=user, route=route, context=context, merge=merge, source_import=source_import
    )
    for chunk in _chunks(entries, chunk_size):
        saver.save_chunk(chunk)
    return saver.summary()
