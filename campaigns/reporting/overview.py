"""Where reporting stands: per month and country, each organisation that reports for the country
and its state, and the reports waiting for validation.

An organisation is expected to report for a month in each country it reports for
(``ReportingOrganisation.countries``) where a live campaign runs that month. Its state, from its
current reports of that country and month, the most pressing first:

- returned: at least one report was sent back (the organisation must act);
- submitted: at least one waits for validation (the M&E officers must act);
- validated: validated or locked reports, nothing waiting;
- draft: drafts only, before the due day; due: nothing yet, before the due day;
- late: nothing submitted by the due day (``reports_due_day`` of the next month, a setting).

Who sees which organisations is campaigns.reach.access's business: a reporter sees only the
organisations they belong to, for the countries those report for, and their reports. The number
of queries does not depend on the number of reports (counted by status in one aggregate query).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.admin_display import number
from campaigns.reach.access import (
    ADD,
    can_validate,
    organisations_of,
    reporting_scope,
    reports_visible_to,
    sees_everything,
)
from campaigns.reach.models import ReachReport, ReportingOrganisation, Status

from .months import add_months
from .settings_models import reports_due_day

LATE, DUE, DRAFT, RETURNED, SUBMITTED, VALIDATED = (
    "late", "due", "draft", "returned", "submitted", "validated",
)  # fmt: skip
STATE_LABELS = {
    LATE: _("Late"),
    RETURNED: _("Returned"),
    SUBMITTED: _("Waiting for validation"),
    DRAFT: _("Draft only"),
    DUE: _("Due"),
    VALIDATED: _("Validated"),
}
STATES = tuple(STATE_LABELS)  # the most pressing first
WAITING_SHOWN = 20  # waiting reports listed by name; the listing link has them all
LISTING = "wagtailsnippets_campaigns_reachreport:list"


def due_date(month: datetime.date, due_day: int) -> datetime.date:
    """Reports for ``month`` are due by this day of the next month."""
    return add_months(month, 1).replace(day=due_day)


def months_from(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``last`` back to ``first``, newest first."""
    months, month = [], last
    while month >= first:
        months.append(month)
        month = add_months(month, -1)
    return months


def state_of(counts: Counter, due: datetime.date, today: datetime.date) -> str:
    if counts[Status.RETURNED]:
        return RETURNED
    if counts[Status.SUBMITTED]:
        return SUBMITTED
    if counts[Status.VALIDATED] or counts[Status.LOCKED]:
        return VALIDATED
    if today > due:
        return LATE
    return DRAFT if counts[Status.DRAFT] else DUE


def reports_url(**params) -> str:
    """The report listing filtered (current revisions only)."""
    query = {"is_current": "true"}
    query.update({key: value for key, value in params.items() if value is not None})
    return f"{reverse(LISTING)}?{urlencode(query)}"


def inspect_url(pk: int) -> str:
    return reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[pk])


@dataclass
class OrganisationMonth:
    """One organisation's month in one country."""

    organisation_id: int
    name: str
    state: str
    counts: Counter  # current reports by status
    url: str | None  # its reports: the one report, or the listing filtered
    by_status: list[tuple[str, str, str]]  # (status label, count, listing url), non-zero only
    add_url: str | None = None  # for those who may add its reports
    submitted_after_due: bool = False

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class CountryMonth:
    country: object  # campaigns.models.Country
    month: datetime.date
    due: datetime.date
    rows: list[OrganisationMonth] = field(default_factory=list)


@dataclass
class Overview:
    months: list[datetime.date]
    due_day: int
    today: datetime.date
    blocks: list[CountryMonth]  # newest month first, countries by name
    waiting: list[ReachReport]  # submitted, oldest first, at most WAITING_SHOWN
    waiting_total: int
    waiting_url: str

    def rows(self, *states: str) -> list[tuple[CountryMonth, OrganisationMonth]]:
        return [
            (block, row)
            for block in self.blocks
            for row in block.rows
            if not states or row.state in states
        ]

    def summary(self) -> list[tuple[str, str, str]]:
        """(state, label, number of organisation-months), the states found, most pressing
        first."""
        counted = Counter(row.state for _block, row in self.rows())
        return [
            (state, str(STATE_LABELS[state]), number(counted[state]))
            for state in STATES
            if counted[state]
        ]

    @property
    def waiting_number(self) -> str:
        return number(self.waiting_total)

    def by_month(self) -> list[tuple[datetime.date, datetime.date, list[CountryMonth]]]:
        """(month, due date, its countries) for the template, newest month first."""
        grouped = {}
        for block in self.blocks:
            grouped.setdefault(block.month, []).append(block)
        return [(month, blocks[0].due, blocks) for month, blocks in grouped.items()]


def _expected_pairs(user, countries) -> list[tuple[int, int, str]]:
    """(organisation, country, name) pairs the user may see: all, or their organisations'."""
    pairs = ReportingOrganisation.countries.through.objects.all()
    if not sees_everything(user):
        pairs = pairs.filter(reportingorganisation__in=organisations_of(user).values("pk"))
    if countries is not None:
        pairs = pairs.filter(country_id__in=countries)
    return list(
        pairs.values_list("reportingorganisation_id", "country_id", "reportingorganisation__name")
    )


def _running_months(country_ids, months) -> set[tuple[int, datetime.date]]:
    """(country, month) pairs in which a live campaign of the country runs (by its dates)."""
    from campaigns.models import CampaignPage

    campaigns = CampaignPage.objects.live().filter(country_id__in=country_ids)
    running = set()
    for country_id, start, end in campaigns.values_list("country_id", "start_date", "end_date"):
        for month in months:
            month_end = add_months(month, 1) - datetime.timedelta(days=1)
            if (start is None or start <= month_end) and (end is None or end >= month):
                running.add((country_id, month))
    return running


def _report_counts(user, months, countries) -> list[dict]:
    """Current reports per organisation, country and month, counted by status (one query)."""
    reports = reports_visible_to(user).filter(
        is_current=True, month__gte=months[-1], month__lte=months[0]
    )
    if countries is not None:
        reports = reports.filter(campaign__country_id__in=countries)
    counts = {value: Count("pk", filter=Q(status=value)) for value in Status.values}
    return list(
        reports.values("organisation_id", "organisation__name", "campaign__country_id", "month")
        .annotate(
            one_report=Min("pk"),
            first_submitted=Min("submitted_at"),
            **{f"n_{value}": count for value, count in counts.items()},
        )
        .order_by()
    )


def _organisation_month(
    organisation_id, name, country_id, month, due, today, counted: dict | None
) -> OrganisationMonth:
    """One organisation's month from its counts by status (None: no report at all)."""
    counts = Counter({value: counted[f"n_{value}"] for value in Status.values} if counted else {})
    counts = +counts  # drop the zeros
    filters = {"organisation": organisation_id, "country": country_id, "month": f"{month:%Y-%m}"}
    total = sum(counts.values())
    if total == 1:
        url = inspect_url(counted["one_report"])  # straight to the report
    else:
        url = reports_url(**filters) if total else None
    first_submitted = counted["first_submitted"] if counted else None
    return OrganisationMonth(
        organisation_id=organisation_id,
        name=name,
        state=state_of(counts, due, today),
        counts=counts,
        url=url,
        by_status=[
            (str(label), number(counts[value]), reports_url(status=value, **filters))
            for value, label in Status.choices
            if counts[value]
        ],
        submitted_after_due=bool(first_submitted and timezone.localdate(first_submitted) > due),
    )


def build_overview(
    user,
    month_from: datetime.date,
    month_to: datetime.date,
    country=None,
    state: str = "",
    today: datetime.date | None = None,
    with_waiting: bool = True,
) -> Overview:
    """The overview of ``month_from``..``month_to`` (first days), optionally of one country and
    one state, as ``user`` may see it. A constant number of queries (two fewer without the
    waiting reports)."""
    from campaigns.models import Country

    today = today or timezone.localdate()
    due_day = reports_due_day()
    months = months_from(month_from, month_to)
    countries = None if country is None else [country.pk]

    pairs = _expected_pairs(user, countries)
    names = {organisation_id: name for organisation_id, _country, name in pairs}
    counted = {}
    for row in _report_counts(user, months, countries):
        key = (row["organisation_id"], row["campaign__country_id"], row["month"])
        counted[key] = row
        names[row["organisation_id"]] = row["organisation__name"]
    running = _running_months({country_id for _org, country_id, _name in pairs}, months)
    keys = set(counted) | {
        (organisation_id, country_id, month)
        for organisation_id, country_id, _name in pairs
        for month in months
        if (country_id, month) in running
    }
    country_of = Country.objects.in_bulk({country_id for _org, country_id, _month in keys})
    # "Add a report" beside a month still to report, for the organisation's own members.
    scope = reporting_scope(user) if user.has_perm(ADD) and not can_validate(user) else None
    add_url = reverse("wagtailsnippets_campaigns_reachreport:add")

    blocks = {}
    for organisation_id, country_id, month in keys:
        due = due_date(month, due_day)
        item = _organisation_month(
            organisation_id, names[organisation_id], country_id, month, due, today,
            counted.get((organisation_id, country_id, month)),
        )  # fmt: skip
        if state and item.state != state:
            continue
        if scope and item.state in (LATE, DUE, DRAFT) and scope.allows(organisation_id, country_id):
            item.add_url = add_url
        block = blocks.get((country_id, month))
        if block is None:
            block = blocks[(country_id, month)] = CountryMonth(country_of[country_id], month, due)
        block.rows.append(item)
    ordered = sorted(blocks.values(), key=lambda b: (-b.month.toordinal(), str(b.country)))
    for block in ordered:
        block.rows.sort(key=lambda item: item.name.lower())

    waiting = reports_visible_to(user).filter(
        is_current=True, status=Status.SUBMITTED, month__gte=months[-1], month__lte=months[0]
    )
    if countries is not None:
        waiting = waiting.filter(campaign__country_id__in=countries)
    shown, total = waiting_reports(waiting) if with_waiting else ([], 0)
    return Overview(
        months=months,
        due_day=due_day,
        today=today,
        blocks=ordered,
        waiting=shown,
        waiting_total=total,
        waiting_url=reports_url(
            status=Status.SUBMITTED, country=None if country is None else country.pk
        ),
    )


def waiting_reports(queryset, limit: int = WAITING_SHOWN) -> tuple[list[ReachReport], int]:
    """The oldest ``limit`` reports of ``queryset`` with what their names need, and how many
    there are (two queries, whatever the number)."""
    shown = list(
        queryset.select_related("campaign", "organisation", "region", "channel").order_by(
            "submitted_at", "month", "pk"
        )[:limit]
    )
    return shown, queryset.count()


def reporting_month(today: datetime.date | None = None) -> datetime.date:
    """The month whose reports are due now: last month."""
    today = today or timezone.localdate()
    return add_months(today.replace(day=1), -1)


def may_see_overview(user) -> bool:
    """M&E officers and administrators (everything) and reporters (their organisations'):
    the people who report or check reporting. Editors, reviewers and finance officers read
    figures, not who reported them (the README's role table)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (can_validate(user) or user.has_perm("campaigns.change_reachreport"))
    )
