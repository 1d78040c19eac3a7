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

from .models import DataSource, EntryRoute, Verification
from .rules import ReachRuleContext, ReportData, RuleResult


@dataclass
class Entry:
    """One report as a route received it: the rules' data plus the header fields they ignore."""

    data: ReportData
    data_source: str = DataSource.OTHER
    verification: str = Verification.NONE
    notes: str = ""
    where: str = ""  # how the route names it in problems: "row 12", "reports[3]"


@dataclass
class SaveSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    report_ids: list[int] = field(default_factory=list)


class DuplicateReport(Exception):
    """Another request saved a report with the same natural key meanwhile (IntegrityError)."""


def check_entry(entry: Entry, context: ReachRuleContext, *, merge: bool = False) -> RuleResult:
    """All the rules on one entry; identical to a stored report -> `result.unchanged`."""
    raise NotImplementedError  # being written (issue 6)


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
    """Save entries that passed `check_entry`, in chunks; call inside transaction.atomic."""
    raise NotImplementedError  # being written (issue 6)
