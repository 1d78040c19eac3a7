"""A report's life: draft -> submitted -> validated (or returned with a reason) -> locked.

Each step checks who may take it (campaigns.reach.access) and raises `ReachPermissionDenied`
or `TransitionRefused` with a message a person can act on; submitting runs the rules again on
the stored figures. A locked report never changes: `correct()` makes a new revision that
supersedes it, with the reason, and the old one stays as history.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import (
    ReachPermissionDenied,
    can_validate,
    reports_correctable_by,
    reports_editable_by,
    reports_visible_to,
)
from .bulk_insert import write_figures
from .models import MonthLock, ReachBreakdown, ReachReport, ReachValue, Status
from .rules import (
    Cell,
    Problem,
    ReachRuleContext,
    ReportData,
    ValueData,
    check_report,
)
from .signals import reports_changed


class TransitionRefused(Exception):
    """The step cannot be taken from the report's state; `problems` lists rule errors if any."""

    def __init__(self, message, problems: list[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


def report_data(report: ReachReport) -> ReportData:
    """A stored report as the rules read it (3 queries, whatever the number of values)."""
    values = {}
    cells = ReachBreakdown.objects.filter(value__report=report).select_related("age_band")
    by_value: dict[int, list[Cell]] = {}
    for cell in cells:
        band = cell.age_band.code if cell.age_band_id else None
        by_value.setdefault(cell.value_id, []).append(Cell(cell.count, cell.sex, band))
    for value in ReachValue.objects.filter(report=report).select_related("indicator"):
        values[value.indicator.code] = ValueData(value.total, by_value.get(value.pk, []))
    return ReportData(
        campaign=report.campaign_id,
        organisation=report.organisation_id,
        month=report.month,
        region=report.region_id,
        channel=report.channel_id,
        material=report.material_id,
        language=report.language,
        values=values,
        report_id=report.pk if report.is_current else None,
    )


def _require(allowed: bool, message: str):
    if not allowed:
        raise ReachPermissionDenied(message)


def _require_status(report: ReachReport, *statuses, action: str):
    if report.status not in statuses:
        raise TransitionRefused(
            _("A %(status)s report cannot be %(action)s.")
            % {"status": report.get_status_display().lower(), "action": action}
        )


def _require_current(report: ReachReport):
    if not report.is_current:
        raise TransitionRefused(_("This revision was superseded by a correction."))


@transaction.atomic
def submit(report: ReachReport, user) -> ReachReport:
    """Reporter (or M&E) sends a draft or returned report to be validated; rules re-checked."""
    _require(
        reports_editable_by(user).filter(pk=report.pk).exists(),
        _("You cannot submit this report: it is not one of your organisation's open reports."),
    )
    _require_status(report, Status.DRAFT, Status.RETURNED, action=_("submitted"))
    result = check_report(report_data(report))
    if not result.ok:
        raise TransitionRefused(_("The report has errors; correct them first."), result.errors)
    report.status = Status.SUBMITTED
    report.submitted_by, report.submitted_at = user, timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    reports_changed.send(sender=ReachReport, reports=[report])
    return report


def _decide(report, user, status, reason=""):
    report.status = status
    report.return_reason = reason
    report.decided_by, report.decided_at = user, timezone.now()
    report.save(update_fields=["status", "return_reason", "decided_by", "decided_at", "updated_at"])
    reports_changed.send(sender=ReachReport, reports=[report])
    return report


def _require_validator(user, report):
    _require(can_validate(user), _("Only M&E officers validate, return and lock reports."))
    _require(reports_visible_to(user).filter(pk=report.pk).exists(), _("Report not found."))
    _require_current(report)


@transaction.atomic
def validate(report: ReachReport, user) -> ReachReport:
    """M&E accepts a submitted report."""
    _require_validator(user, report)
    _require_status(report, Status.SUBMITTED, action=_("validated"))
    return _decide(report, user, Status.VALIDATED)


@transaction.atomic
def return_report(report: ReachReport, user, reason: str) -> ReachReport:
    """M&E sends a submitted (or validated) report back to its organisation, saying why."""
    _require_validator(user, report)
    _require_status(report, Status.SUBMITTED, Status.VALIDATED, action=_("returned"))
    if not (reason or "").strip():
        raise TransitionRefused(_("Say why the report is returned, so it can be fixed."))
    if MonthLock.objects.filter(country_id=report.campaign.country_id, month=report.month).exists():
        raise TransitionRefused(_("This month is locked for this country."))
    return _decide(report, user, Status.RETURNED, reason.strip())


@transaction.atomic
def lock_report(report: ReachReport, user) -> ReachReport:
    """M&E freezes a validated report; from now on only a correction changes its figures."""
    _require_validator(user, report)
    _require_status(report, Status.VALIDATED, action=_("locked"))
    report.status = Status.LOCKED
    report.save(update_fields=["status", "updated_at"])
    reports_changed.send(sender=ReachReport, reports=[report])
    return report


@transaction.atomic
def lock_month(country, month, user) -> MonthLock:
    """M&E closes a month for a country: validated reports are locked, open ones frozen.

    Refused while reports of that month still wait for a decision (submitted).
    """
    _require(can_validate(user), _("Only M&E officers lock months."))
    if month.day != 1:
        raise TransitionRefused(_("Give a month (its first day), not a date within it."))
    reports = ReachReport.objects.filter(campaign__country=country, month=month, is_current=True)
    waiting = reports.filter(status=Status.SUBMITTED).count()
    if waiting:
        raise TransitionRefused(
            _("%(count)s report(s) of this month still wait to be validated or returned.")
            % {"count": waiting}
        )
    lock, created = MonthLock.objects.get_or_create(
        country=country, month=month, defaults={"locked_by": user}
    )
    if not created:
        raise TransitionRefused(_("This month is already locked for this country."))
    # Each report's history keeps what the lock did to it, so that reopening can undo it.
    current = list(reports)
    _log_month(current, MONTH_LOCKED, user, month)
    reports.filter(status=Status.VALIDATED).update(status=Status.LOCKED, updated_at=timezone.now())
    reports_changed.send(sender=ReachReport, reports=current)
    return lock


MONTH_LOCKED = "reach.month_locked"
MONTH_REOPENED = "reach.month_reopened"


def _log_month(reports: list[ReachReport], action: str, user, month, reason: str = "") -> None:
    """One log entry per report (Wagtail's ``ModelLogEntry``, the report's history), in one
    query; ``status`` is the report's status before the month's lock or reopening."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    content_type = ContentType.objects.get_for_model(ReachReport)
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(report.pk),
            label=f"{month:%Y-%m}",
            action=action,
            timestamp=now,
            user=user,
            data={"month": f"{month:%Y-%m}", "status": report.status, "reason": reason},
        )
        for report in reports
    )


@transaction.atomic
def reopen_month(country, month, user, reason: str) -> list[ReachReport]:
    """M&E reopens a locked month for a country, saying why (kept in each report's history).

    The reports the month's lock locked (validated then) are validated again; drafts and
    returned reports can be changed again; a report locked on its own stays locked.
    Returns the month's current reports."""
    _require(can_validate(user), _("Only M&E officers reopen months."))
    if not (reason or "").strip():
        raise TransitionRefused(_("Say why the month is reopened; the reason is kept."))
    lock = MonthLock.objects.select_for_update().filter(country=country, month=month).first()
    if lock is None:
        raise TransitionRefused(_("This month is not locked for this country."))
    from wagtail.models import ModelLogEntry

    reports = list(
        ReachReport.objects.filter(campaign__country=country, month=month, is_current=True)
    )
    locked_by_month = set(
        ModelLogEntry.objects.filter(
            action=MONTH_LOCKED,
            object_id__in=[str(report.pk) for report in reports],
            timestamp__gte=lock.locked_at,
            data__status=Status.VALIDATED,
        ).values_list("object_id", flat=True)
    )
    _log_month(reports, MONTH_REOPENED, user, month, reason.strip())
    ReachReport.objects.filter(
        pk__in=[report.pk for report in reports if str(report.pk) in locked_by_month],
        status=Status.LOCKED,
    ).update(status=Status.VALIDATED, updated_at=timezone.now())
    lock.delete()
    reports_changed.send(sender=ReachReport, reports=reports)
    return reports


def month_events(report_ids) -> list:
    """The month locks and reopenings of these reports (their history), oldest first."""
    from wagtail.models import ModelLogEntry

    return list(
        ModelLogEntry.objects.filter(
            action__in=[MONTH_LOCKED, MONTH_REOPENED],
            object_id__in=[str(pk) for pk in report_ids],
            content_type__model="reachreport",
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )


@transaction.atomic
def correct(report: ReachReport, user, reason: str, values=None, **changes) -> ReachReport:
    """A new revision of a locked report (or of any report in a locked month).

    The new revision takes the old one's figures, or `values` ({indicator code: ValueData},
    checked by the rules) if given, and `changes` to its own fields (data_source, notes...).
    It is submitted for validation again; the old one stays, no longer current.
    """
    _require(
        reports_correctable_by(user).filter(pk=report.pk).exists(),
        _("You cannot correct this report: it is not one of your organisation's."),
    )
    _require_current(report)
    in_locked_month = MonthLock.objects.filter(
        country_id=report.campaign.country_id, month=report.month
    ).exists()
    if report.status != Status.LOCKED and not in_locked_month:
        raise TransitionRefused(_("Only a locked report is corrected; this one can be changed."))
    if not (reason or "").strip():
        raise TransitionRefused(_("Say why the locked figures are corrected."))
    context = None
    if values is not None:
        data = report_data(report)
        data.values = values
        context = ReachRuleContext(campaigns=[report.campaign_id])
        result = context.check(data, correcting=True)
        if not result.ok:
            raise TransitionRefused(_("The corrected figures have errors."), result.errors)
    old_pk = report.pk
    ReachReport.objects.filter(pk=old_pk).update(is_current=False)
    new = ReachReport.objects.get(pk=old_pk)
    new.pk = None
    new.supersedes_id = old_pk
    new.is_current = True
    new.revision = report.revision + 1
    new.status = Status.SUBMITTED
    new.correction_reason = reason.strip()
    new.return_reason = ""
    new.created_by, new.submitted_by, new.submitted_at = user, user, timezone.now()
    new.decided_by = new.decided_at = None
    for name, value in changes.items():
        setattr(new, name, value)
    new.save()
    if values is None:
        _copy_values(old_pk, new)
    else:
        replace_values(new, values, context)
    report.is_current = False
    reports_changed.send(sender=ReachReport, reports=[report, new])
    return new


def replace_values(report: ReachReport, values: dict[str, ValueData], context) -> None:
    """Store figures that passed the rules in place of all the report's (the form shows every
    indicator; an emptied one goes). Through `write_figures`, the route of every figure."""
    indicators = context.indicators
    write_figures(
        [(report.pk, indicators[code].id, value) for code, value in values.items()],
        age_bands=context.age_bands,
        replacing=ReachValue.objects.filter(report=report).values_list("pk", flat=True),
    )


def _copy_values(old_pk, new: ReachReport):
    """The figures of the old revision onto the new one (a fixed number of queries)."""
    old_values = ReachValue.objects.filter(report_id=old_pk).prefetch_related("breakdown")
    write_figures(
        [
            (
                new.pk,
                value.indicator_id,
                ValueData(
                    value.total,
                    [Cell(c.count, c.sex, c.age_band_id) for c in value.breakdown.all()],
                ),
            )
            for value in old_values
        ],
        age_bands=None,  # the cells' bands are ids already
    )


def history(report: ReachReport) -> list[ReachReport]:
    """Every revision of a report, oldest first."""
    chain = [report]
    while chain[0].supersedes_id:
        chain.insert(0, ReachReport.objects.get(pk=chain[0].supersedes_id))
    node = report
    while (newer := ReachReport.objects.filter(supersedes=node).first()) is not None:
        chain.append(newer)
        node = newer
    return chain
