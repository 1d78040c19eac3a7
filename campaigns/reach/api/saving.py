"""Check then save reports from the API: one path for a single report and for a bulk post.

Every report of the request is read (payload.Resolver) and checked by the rules
(campaigns.reach.batch.check_entries, chunk by chunk) before anything is written; one error
anywhere and nothing is saved. Then `save_entries` writes them in one transaction.
"""

from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from campaigns.reach.access import ReportingScope
from campaigns.reach.batch import (
    DuplicateReport,
    Entry,
    SaveSummary,
    check_entries,
    save_entries,
)
from campaigns.reach.models import EntryRoute, ReachReport
from campaigns.reach.rules import Problem

from .errors import problem_json
from .payload import Resolver

CHECK_CHUNK = 1000
# Problems whose value the partner sent as a code: shown as sent, not as our id.
GIVEN_AS_CODE = ("campaign", "organisation", "region", "channel", "material")


@dataclass
class Outcome:
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    summary: SaveSummary | None = None
    ids: list[int] = field(default_factory=list)  # saved report per posted report, in order

    @property
    def ok(self) -> bool:
        return not self.errors


def default_organisation(scope: ReportingScope) -> int | None:
    """A reporter of a single organisation may leave it out."""
    organisations = {organisation for organisation, _country in scope.pairs}
    return organisations.pop() if not scope.everything and len(organisations) == 1 else None


def _chunks(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _shown(problem: Problem, entry: Entry, resolver: Resolver) -> Problem:
    """The problem with the partner's codes instead of ids."""
    given = resolver.codes.get(id(entry.data), {})
    if problem.field == "key":
        return Problem(problem.field, resolver.key_label(entry), problem.message, problem.code)
    if problem.field in GIVEN_AS_CODE and problem.field in given:
        return Problem(problem.field, given[problem.field], problem.message, problem.code)
    return problem


def check_and_save(
    items: list[tuple[object, int | None]],
    *,
    user,
    scope: ReportingScope,
    merge: bool,
    bulk: bool,
) -> Outcome:
    """`items` are (JSON report, id of the report it changes or None). Errors carry `index`
    in a bulk post. Saves nothing unless every report passes.

    When another request saves a report of the same key between this one's check and its save
    (a partner system retrying before the first answer came back), the unique constraint refuses
    the insert (`DuplicateReport`) and nothing of this request is kept. It is then checked
    and saved once more, against that report: an identical retry answers as it would have a
    moment later (200, unchanged), a different one as a duplicate (409) or merges. A second
    collision is answered 409."""
    try:
        return _check_and_save(items, user=user, scope=scope, merge=merge, bulk=bulk)
    except DuplicateReport:
        return _check_and_save(items, user=user, scope=scope, merge=merge, bulk=bulk)


def _check_and_save(items, *, user, scope, merge, bulk) -> Outcome:
    resolver = Resolver(
        [payload for payload, _id in items],
        scope=scope,
        default_organisation=default_organisation(scope),
    )
    outcome = Outcome()
    entries: list[tuple[int, Entry]] = []
    for index, (payload, report_id) in enumerate(items):
        entry, problems = resolver.entry(payload, where=f"reports[{index}]", report_id=report_id)
        outcome.errors += [problem_json(p, index if bulk else None) for p in problems]
        if entry is not None:
            entries.append((index, entry))
    for chunk in _chunks(entries, CHECK_CHUNK):
        results = check_entries([entry for _index, entry in chunk], resolver.context, merge=merge)
        for (index, entry), result in zip(chunk, results, strict=True):
            where = index if bulk else None
            outcome.errors += [
                problem_json(_shown(p, entry, resolver), where) for p in result.errors
            ]
            outcome.warnings += [
                problem_json(_shown(p, entry, resolver), where) for p in result.warnings
            ]
    if outcome.errors:
        return outcome
    with transaction.atomic():
        outcome.summary = save_entries(
            [entry for _index, entry in entries],
            user=user,
            route=EntryRoute.API,
            context=resolver.context,
            merge=merge,
        )
    _saved_ids(outcome, [entry for _index, entry in entries])
    return outcome


def _saved_ids(outcome: Outcome, entries: list[Entry]) -> None:
    """Which report each posted report became, in the posted order (one query)."""
    summary = outcome.summary
    by_key = {
        (campaign, organisation, month, region, channel): pk
        for pk, campaign, organisation, month, region, channel in ReachReport.objects.filter(
            pk__in=summary.report_ids
        ).values_list("pk", "campaign_id", "organisation_id", "month", "region_id", "channel_id")
    }
    outcome.ids = [by_key.get(entry.key()) for entry in entries]
