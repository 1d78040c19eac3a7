"""Who may see or change which reach figures: the one place row-level scoping is decided.

Admin listings and forms, exports, choosers, the spreadsheet importer and the API all call these
functions rather than filtering on their own, so a Senegal reporter cannot reach Guinea's figures
by any route.

- Reporters (`campaigns.change_reachreport` without `view_all_reachreport`) see and change the
  reports of their organisations, for the countries each of those organisations reports for.
- M&E officers and administrators (`validate_reachreport`) see everything, change any report
  still open, and validate, return and lock.
- Editors and reviewers (`view_all_reachreport` only) see everything, read-only.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import EDITABLE_STATUSES, MonthLock, ReachReport, ReportingOrganisation

VIEW_ALL = "campaigns.view_all_reachreport"
VALIDATE = "campaigns.validate_reachreport"
CHANGE = "campaigns.change_reachreport"
ADD = "campaigns.add_reachreport"


class ReachPermissionDenied(PermissionError):
    """Raised by the lifecycle when a user may not act on a report; the message says why."""


def can_validate(user) -> bool:
    """Validate, return and lock reports, lock months (M&E officers, administrators)."""
    return user.is_active and user.has_perm(VALIDATE)


def sees_everything(user) -> bool:
    return user.is_active and (user.has_perm(VIEW_ALL) or user.has_perm(VALIDATE))


def organisations_of(user) -> QuerySet:
    """The organisations the user reports for (membership alone; roles decide the rest)."""
    if not user.is_authenticated:
        return ReportingOrganisation.objects.none()
    return ReportingOrganisation.objects.filter(members=user)


def _in_reporters_scope(user) -> Q:
    """Reports of the user's organisations, for a country that organisation reports for."""
    country_of_org = ReportingOrganisation.countries.through.objects.filter(
        reportingorganisation_id=OuterRef("organisation_id"),
        country_id=OuterRef("campaign__country_id"),
    )
    return Q(organisation__in=organisations_of(user).values("pk")) & Q(Exists(country_of_org))


def reports_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Every report (all revisions) the user may read."""
    queryset = ReachReport.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_everything(user):
        return queryset
    if user.has_perm(CHANGE) or user.has_perm("campaigns.view_reachreport"):
        return queryset.filter(_in_reporters_scope(user))
    return queryset.none()


def countries_visible_to(user) -> QuerySet:
    """Countries whose locked months and targets the user may read: every country for M&E
    officers, editors and reviewers; for a reporter, the countries their organisations report
    for (the scope this module gives reports)."""
    from campaigns.models import Country

    if not (user.is_authenticated and user.is_active):
        return Country.objects.none()
    if sees_everything(user):
        return Country.objects.all()
    return Country.objects.filter(
        reporting_organisations__in=organisations_of(user).values("pk")
    ).distinct()


def month_is_locked() -> Exists:
    return Exists(
        MonthLock.objects.filter(
            country_id=OuterRef("campaign__country_id"), month=OuterRef("month")
        )
    )


def reports_editable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    """Reports whose figures the user may change now: current, open, in an unlocked month."""
    queryset = ReachReport.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active and user.has_perm(CHANGE)):
        return queryset.none()
    queryset = queryset.filter(is_current=True, status__in=EDITABLE_STATUSES).filter(
        ~month_is_locked()
    )
    if can_validate(user):
        return queryset
    return queryset.filter(_in_reporters_scope(user))


def reports_correctable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    """Reports the user may correct by a new revision: their own, or any for M&E officers.

    Whether a report needs a correction (locked, current) is the lifecycle's business."""
    queryset = ReachReport.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active and user.has_perm(CHANGE)):
        return queryset.none()
    return queryset if can_validate(user) else queryset.filter(_in_reporters_scope(user))


@dataclass(frozen=True)
class ReportingScope:
    """(organisation, country) pairs a user may report for, loaded once for a whole batch."""

    everything: bool
    pairs: frozenset[tuple[int, int]]

    def allows(self, organisation_id: int, country_id: int | None) -> bool:
        return self.everything or (organisation_id, country_id) in self.pairs


def reporting_scope(user) -> ReportingScope:
    """Where the user may create or change figures; one query (none for M&E)."""
    if not (user.is_authenticated and user.is_active and user.has_perm(CHANGE)):
        return ReportingScope(False, frozenset())
    if can_validate(user):
        return ReportingScope(True, frozenset())
    pairs = ReportingOrganisation.countries.through.objects.filter(
        reportingorganisation__members=user
    ).values_list("reportingorganisation_id", "country_id")
    return ReportingScope(False, frozenset(pairs))


def organisations_for_reporting(user) -> QuerySet:
    """Organisations offered in forms and choosers for a new report."""
    if can_validate(user):
        return ReportingOrganisation.objects.all()
    if not user.has_perm(ADD):
        return ReportingOrganisation.objects.none()
    return organisations_of(user)


def campaigns_for_reporting(user) -> QuerySet:
    """Campaigns in a country one of the user's organisations reports for."""
    from campaigns.models import CampaignPage

    if can_validate(user):
        return CampaignPage.objects.all()
    if not user.has_perm(ADD):
        return CampaignPage.objects.none()
    return CampaignPage.objects.filter(
        country__reporting_organisations__in=organisations_of(user).values("pk")
    ).distinct()
