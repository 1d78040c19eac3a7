"""Importing a filled template: check the whole file, then save it all or nothing.

Pass 1 streams the file and checks every report with the rules (campaigns.reach.batch),
collecting a row-by-row report; if anything is wrong nothing is saved. Pass 2 reads the rows
again (from a temporary spool of what pass 1 read: the spreadsheet is parsed once) and saves
them in one transaction (or not at all for a dry run). Neither pass keeps the rows in memory:
it holds a few facts per report (its key, first row, indicators), not the file.
Consecutive rows of one report (one row per indicator) become one entry; a report's rows may
also be apart, the later ones then continue it. A report-level cell (material, language, data
source, verification, notes) left blank on a later row of a report means "as above": the report's
first row says it; a different value there is still refused.
The reports the file creates, updates or leaves unchanged are kept on the record (`outcomes`,
up to MAX_LISTED) with the totals the file gives, for the result page to list.
"""

import gc
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.reach.access import reporting_scope
from campaigns.reach.batch import DuplicateReport, Entry, check_entry, save_entries
from campaigns.reach.models import AgeBand, EntryRoute, ImportStatus, ReachImport, ReachReport
from campaigns.reach.rules import ReachRuleContext
from campaigns.reach.rules.data import CELL, INDICATOR, Problem

from . import columns as col
from .columns import layout as make_layout
from .parse import FIELD_COLUMNS, ParsedRow, RowParser, RowProblem
from .reader import FileRefused, read_rows
from .spool import RowSpool

logger = logging.getLogger(__name__)
MAX_PROBLEMS = 1000
MAX_LISTED = 1000  # reports listed on the record; the counts count them all
CHUNK = 1000  # reports checked or saved together
PROGRESS_EVERY = 1000  # rows

KEY_COLUMNS = (col.CAMPAIGN, col.ORGANISATION, col.MONTH, col.REGION, col.CHANNEL)


@dataclass(slots=True)
class Seen:
    """What pass 1 remembers of a report: where it started and which indicators it had."""

    first_row: int
    signature: tuple
    indicators: dict[str, int]  # code -> row
    outcome: str = ""
    totals: dict = field(default_factory=dict)  # indicator code -> total, as the file gives
    rows: int = 0


@dataclass
class Group:
    """Consecutive rows of one report, checked and saved as one entry."""

    rows: list[ParsedRow] = field(default_factory=list)

    @property
    def key(self):
        return self.rows[0].key if self.rows else None

    def entry(self) -> Entry:
        first = self.rows[0].entry
        values = {}
        for row in self.rows:
            values.update(row.entry.data.values)
        data = first.data
        merged = type(data)(**{**vars(data), "values": values})
        return Entry(merged, first.data_source, first.verification, first.notes, first.where)


def plain(total):
    """A total as JSON keeps it: 30.0 from a spreadsheet is 30."""
    if isinstance(total, float) and total.is_integer():
        return int(total)
    return total if isinstance(total, int | str) else str(total)


class Importer:
    """`Importer(user, merge=..., dry_run=...).run(file, name)` -> a saved ReachImport."""

    def __init__(self, user, *, merge=False, dry_run=False, progress=None, today=None):
        self.user, self.merge, self.dry_run = user, merge, dry_run
        self.progress = progress or (lambda rows, phase: None)
        self.today = today
        self.problems: list[dict] = []
        self.errors = self.warnings = self.rows = 0

    # --- problems ---

    def add(self, problem: RowProblem):
        if problem.level == "error":
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem.as_dict())

    def column_of(self, problem: Problem) -> str:
        """The column a problem of the rules is in: from its structured place, for figures."""
        if problem.indicator is None:
            return FIELD_COLUMNS.get(problem.field, col.INDICATOR)
        if problem.part == CELL:
            return self.layout.cell_column(problem.sex, problem.age_band) or col.TOTAL
        return col.INDICATOR if problem.part == INDICATOR else col.TOTAL

    def report_rule_problems(self, group: Group, result):
        rows_by_indicator = {row.indicator: row for row in group.rows}
        first = group.rows[0]
        for level, problems in (("error", result.errors), ("warning", result.warnings)):
            for problem in problems:
                column = self.column_of(problem)
                row = rows_by_indicator.get(problem.indicator, first)
                if column in {p.column for p in row.problems}:
                    continue  # said already, from the row itself (an unknown code, a blank)
                value = row.raw.get(column, problem.value)
                if problem.field == "key":
                    value = " / ".join(str(row.raw.get(c, "")) for c in KEY_COLUMNS)
                self.add(RowProblem(row.number, column, value, problem.message, level))

    # --- passes ---

    def groups(self, rows):
        """Consecutive rows of one report together; progress every PROGRESS_EVERY rows.

        A later row of a report with a report-level cell blank takes the first row's ("as
        above"), in both passes alike."""
        group = Group()
        above: dict[tuple, dict] = {}  # report key -> its first row's report-level cells
        for number, raw in rows:
            row = self.parser.parse(number, raw)
            if row.key is not None:
                first = above.get(row.key)
                if first is None:
                    above[row.key] = {c: raw[c] for c in col.REPORT_FIELDS if c in raw}
                elif blanks := {c: v for c, v in first.items() if c not in raw}:
                    row = self.parser.parse(number, {**raw, **blanks})
            self.rows += 1
            if self.rows % PROGRESS_EVERY == 0:
                self.progress(self.rows, self.phase)
            if group.rows and (row.key is None or row.key != group.key):
                yield group
                group = Group()
            group.rows.append(row)
        if group.rows:
            yield group

    def check_group(self, group: Group, seen: dict, pending: list):
        key = group.key
        earlier = seen.get(key) if key else None
        known = earlier or Seen(group.rows[0].number, group.rows[0].signature, {})
        if key and earlier is None and len(self.labels) < MAX_LISTED:
            self.labels[key] = self.label(group.rows[0])
        listed = key in self.labels
        for row in group.rows:
            if listed:
                known.rows += 1
                value = row.entry.data.values.get(row.indicator)
                if value is not None and row.indicator not in known.totals:
                    known.totals[row.indicator] = value.total
            if row.signature != known.signature:
                row.problems.append(self.disagreement(row, known))
            other = known.indicators.get(row.indicator)
            if other is not None and row.indicator:
                row.problems.append(
                    RowProblem(
                        row.number,
                        col.INDICATOR,
                        row.raw.get(col.INDICATOR),
                        _("This indicator is already given for this report in row %(row)s.")
                        % {"row": other},
                    )
                )
            else:
                known.indicators[row.indicator] = row.number
        if key:
            seen[key] = known
        # A row whose key does not resolve is already wrong; it duplicates nothing.
        pending.append((group, earlier is not None or key is None, known))

    def disagreement(self, row: ParsedRow, known: Seen) -> RowProblem:
        pairs = zip(col.REPORT_FIELDS, row.signature, known.signature, strict=True)
        column = next(column for column, mine, theirs in pairs if mine != theirs)
        return RowProblem(
            row.number,
            column,
            row.raw.get(column),
            _(
                "Rows of one report (same campaign, organisation, month, region and channel) "
                "must agree on %(column)s; row %(row)s says otherwise."
            )
            % {"column": column, "row": known.first_row},
        )

    @staticmethod
    def label(row: ParsedRow) -> dict:
        """How the file names a report (codes), for the result page."""
        get = row.raw.get
        return {
            "campaign": col.code_of(get(col.CAMPAIGN)),
            "organisation": str(get(col.ORGANISATION) or ""),
            "month": f"{row.key[2]:%Y-%m}",
            "region": col.code_of(get(col.REGION)),
            "channel": col.code_of(get(col.CHANNEL)),
        }

    def outcomes(self, seen: dict, ids: dict) -> list[dict]:
        """The reports of the file, in file order, each with its outcome, id (once saved)
        and the totals the file gives."""
        existing = self.context.existing_by_key
        return [
            {
                "outcome": seen[key].outcome,
                "id": ids.get(key) or getattr(existing.get(key), "id", None),
                **label,
                "totals": [[code, plain(total)] for code, total in seen[key].totals.items()],
                "rows": seen[key].rows,
            }
            for key, label in self.labels.items()  # in the order of their first rows
        ]

    def saved_ids(self, record) -> dict:
        """Report key -> id of the reports this import wrote (created or updated)."""
        rows = ReachReport.objects.filter(source_import=record).values_list(
            "id", "campaign_id", "organisation_id", "month", "region_id", "channel_id"
        )
        return {tuple(rest): pk for pk, *rest in rows}

    def check_pending(self, pending: list):
        context = self.context
        context.preload_stored(
            {
                existing.id
                for group, _continues, _known in pending
                if group.key and (existing := context.existing_by_key.get(group.key))
            }
        )
        for group, continues, known in pending:
            result = check_entry(group.entry(), context, merge=self.merge, continues=continues)
            for row in group.rows:
                for problem in row.problems:
                    self.add(problem)
            self.report_rule_problems(group, result)
            if group.key is None or group.key not in context.existing_by_key:
                known.outcome = "created"
            elif not result.unchanged:
                known.outcome = "updated"
            elif not known.outcome:
                known.outcome = "unchanged"
        context.forget_stored()
        pending.clear()

    def spooled(self, file, file_format):
        """The file's rows (untouched template rows left out), kept for the save pass."""
        for number, raw in read_rows(file, file_format, self.layout):
            if raw.keys() <= {col.CAMPAIGN}:  # an untouched row of the template
                continue
            self.spool.add(number, raw)
            yield number, raw

    def check(self, file, file_format) -> dict:
        self.phase = "check"
        seen: dict[tuple, Seen] = {}
        pending: list = []
        for group in self.groups(self.spooled(file, file_format)):
            self.check_group(group, seen, pending)
            if len(pending) >= CHUNK:
                self.check_pending(pending)
        self.check_pending(pending)
        self.progress(self.rows, self.phase)
        return seen

    def save(self, record):
        self.phase, self.rows = "save", 0
        entries = (group.entry() for group in self.groups(self.spool))
        summary = save_entries(
            entries,
            user=self.user,
            route=EntryRoute.SPREADSHEET,
            context=self.context,
            merge=self.merge,
            source_import=record,
            chunk_size=CHUNK,
        )
        self.progress(self.rows, self.phase)
        return summary

    def run(self, file, file_name: str, file_format: str, record=None) -> ReachImport:
        """Import the file onto `record` (a queued import: background.py) or a new row."""
        started = time.monotonic()
        record = record or ReachImport.objects.create(
            file_name=file_name[:255],
            file_format=file_format,
            merge=self.merge,
            dry_run=self.dry_run,
            status=ImportStatus.REFUSED,
            imported_by=self.user,
            # What the record says if the process dies before the end (replaced at the end).
            problems=[
                RowProblem(
                    None,
                    "",
                    "",
                    _("The import was interrupted before it ended; nothing was saved."),
                ).as_dict()
            ],
        )
        bands = list(AgeBand.objects.values_list("code", "name"))
        self.layout = make_layout(bands)
        self.context = ReachRuleContext(scope=reporting_scope(self.user), today=self.today)
        self.parser = RowParser(self.context, self.layout)
        self.spool = RowSpool()
        self.labels: dict[tuple, dict] = {}
        try:
            seen = self.check(file, file_format)
            if not self.rows and not self.errors:
                self.add(RowProblem(None, "", "", _("The file has no rows of figures.")))
            outcomes = [known.outcome for known in seen.values()]
            record.rows = self.rows
            if self.errors:
                record.status = ImportStatus.REFUSED
            elif self.dry_run:
                record.status = ImportStatus.CHECKED
                record.reports_created = outcomes.count("created")
                record.reports_updated = outcomes.count("updated")
                record.reports_unchanged = outcomes.count("unchanged")
                record.outcomes = self.outcomes(seen, {})
            else:
                del outcomes
                self.context.seen.clear()  # pass 1's keys; saving needs its own
                self.progress(0, "save")  # before the transaction: a page polling sees it
                with transaction.atomic():
                    summary = self.save(record)
                    record.outcomes = self.outcomes(seen, self.saved_ids(record))
                del seen
                record.status = ImportStatus.IMPORTED
                record.reports_created = summary.created
                record.reports_updated = summary.updated
                record.reports_unchanged = summary.unchanged
                self.report_ids = summary.report_ids
        except FileRefused as refused:
            self.add(RowProblem(None, "", "", str(refused)))
            record.status = ImportStatus.REFUSED
        except DuplicateReport as duplicate:
            self.add(RowProblem(None, "", "", str(duplicate)))
            record.status = ImportStatus.REFUSED
        except Exception as error:  # a bug, or the database gone: say so, never stay silent
            logger.exception("Reach import #%s of %r failed", record.pk, file_name)
            self.add(
                RowProblem(
                    None,
                    "",
                    "",
                    _(
                        "The import failed unexpectedly (%(error)s); nothing was saved. The "
                        "administrators can find the details in the server log (import "
                        "#%(import)s)."
                    )
                    % {"error": type(error).__name__, "import": record.pk},
                )
            )
            record.status = ImportStatus.REFUSED
        finally:
            self.spool.close()
        record.error_count, record.warning_count = self.errors, self.warnings
        record.problems = self.problems
        if self.errors + self.warnings > len(self.problems):
            more = self.errors + self.warnings - len(self.problems)
            record.problems.append(
                RowProblem(
                    None, "", "", _("… and %(count)s more problems.") % {"count": more}, "note"
                ).as_dict()
            )
        record.duration_ms = int((time.monotonic() - started) * 1000)
        record.save()
        return record


@contextmanager
def collector_paused():
    """The cyclic garbage collector off while an import runs: it would walk the per-report keys
    over and over (a large file's import slows down as it goes: scripts/benchmark_reach_import.py
    found it up to a third slower with the collector on, on a loaded machine); what an import
    makes has no cycles. Only in a process of its own (a task worker, the command line), never
    in a web process, whose other requests would grow memory meanwhile."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def import_file(
    user, file, file_name, *, merge=False, dry_run=False, progress=None, today=None,
    pause_collector=False,
):  # fmt: skip
    """Import an open binary file (XLSX or CSV by its name); returns the ReachImport."""
    from .reader import file_format_of

    importer = Importer(user, merge=merge, dry_run=dry_run, progress=progress, today=today)
    if not pause_collector:
        return importer.run(file, file_name, file_format_of(file_name))
    with collector_paused():
        return importer.run(file, file_name, file_format_of(file_name))
