"""The admin home shows each role its own work, with links to it.

- M&E officers (whoever validates): the reports waiting for validation, and the organisations
  late (or still due) for last month, the month being reported.
- Reporters: their organisations' returned and draft reports, and the months still due or late.
- Finance officers (whoever changes agreements): signed agreements ending within 90 days, those
  with money not yet allocated marked under-spent.
- Editors, reviewers and translators: Wagtail's own panels list what waits on them ("Awaiting
  your review", "Your pages and snippets in a workflow" with "Changes requested at"), with the
  reviewer's queue (campaigns.content.views.review_queue.ReviewQueuePanel). Those render nothing
  when nothing waits, so ``ContentPanel`` says so then, with a link to where their work is.

Each panel runs a fixed number of queries whatever the number of reports or agreements, and
renders nothing for people it is not for.
"""

import datetime

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from campaigns.content.views.review_queue import user_is_reviewer
from campaigns.reach.access import can_validate, reports_visible_to
from campaigns.reach.models import Status

from .overview import (
    DRAFT,
    DUE,
    LATE,
    add_months,
    build_overview,
    due_date,
    inspect_url,
    number,
    reporting_month,
    reports_url,
    waiting_reports,
)

SHOWN = 5  # items listed by name in a panel; a link leads to all of them
ENDING_WITHIN = datetime.timedelta(days=90)
REPORTER_MONTHS = 3  # months listed for what a reporter still owes (the overview's default)
EARLIER_MONTHS = 24  # months looked back for older late ones (the overview's longest period)
FIRST_MONTH = datetime.date(2000, 1, 1)  # the overview's first month


def overview_url(month: datetime.date, state: str = "", last: datetime.date | None = None) -> str:
    """The reporting overview of ``month`` (to ``last``), optionally in one state only."""
    last = last or month
    url = f"{reverse('reporting:overview')}?month_from={month:%Y-%m}&month_to={last:%Y-%m}"
    return f"{url}&state={state}" if state else url


class RolePanel(Component):
    """A dashboard panel for some users only: ``is_for(user)``, then ``context(request)``.

    ``today`` is the day the panel speaks of (today unless given)."""

    order = 150  # above Wagtail's workflow panels (210 and on)

    def __init__(self, today: datetime.date | None = None):
        self.given_today = today

    @property
    def today(self) -> datetime.date:
        return self.given_today or timezone.localdate()

    def is_for(self, user) -> bool:
        raise NotImplementedError

    def context(self, request) -> dict:
        raise NotImplementedError

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        if not self.is_for(request.user):
            return ""
        return render_to_string(self.template_name, self.context(request), request=request)


class ValidationPanel(RolePanel):
    """M&E officers: reports waiting for validation; who is late for last month."""

    name = "reporting_validation"
    template_name = "campaigns/reporting/panels/validation.html"

    def is_for(self, user) -> bool:
        return can_validate(user)

    def context(self, request) -> dict:
        user = request.user
        waiting = reports_visible_to(user).filter(is_current=True, status=Status.SUBMITTED)
        shown, total = waiting_reports(waiting, SHOWN)
        month = reporting_month(self.today)
        overview = build_overview(user, month, month, today=self.today, with_waiting=False)
        return {
            "waiting": [(report, inspect_url(report.pk)) for report in shown],
            "waiting_count": total,
            "waiting_total": number(total),
            "more_waiting": total > len(shown),
            "waiting_url": reports_url(status=Status.SUBMITTED),
            "month": month,
            "late": overview.rows(LATE),
            "due": overview.rows(DUE, DRAFT),
            "due_date": due_date(month, overview.due_day),
            "overview_url": overview_url(month),
            "late_url": overview_url(month, LATE),
        }


class ReporterPanel(RolePanel):
    """Reporters: returned and draft reports of their organisations, months still owed."""

    name = "reporting_reporter"
    template_name = "campaigns/reporting/panels/reporter.html"

    def is_for(self, user) -> bool:
        return (
            user.is_active
            and user.has_perm("campaigns.change_reachreport")
            and not can_validate(user)
        )

    def context(self, request) -> dict:
        user = request.user
        current = reports_visible_to(user).filter(is_current=True)
        counts = dict(
            current.filter(status__in=[Status.RETURNED, Status.DRAFT])
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        related = ("campaign", "organisation", "region", "channel")
        returned = current.filter(status=Status.RETURNED).select_related(*related)
        drafts = current.filter(status=Status.DRAFT).select_related(*related)
        # One overview of the longest period: the recent months listed, older late ones counted,
        # each in the state the reporting overview gives it.
        last = reporting_month(self.today)
        first = add_months(last, 1 - REPORTER_MONTHS)
        oldest = max(add_months(last, 1 - EARLIER_MONTHS), FIRST_MONTH)
        overview = build_overview(user, oldest, last, today=self.today, with_waiting=False)
        earlier = [row for block, row in overview.rows(LATE) if block.month < first]
        return {
            "returned": [
                (report, inspect_url(report.pk)) for report in returned.order_by("-month")[:SHOWN]
            ],
            "returned_total": counts.get(Status.RETURNED, 0),
            "returned_url": reports_url(status=Status.RETURNED),
            "drafts": [
                (report, inspect_url(report.pk)) for report in drafts.order_by("-month")[:SHOWN]
            ],
            "drafts_total": counts.get(Status.DRAFT, 0),
            "drafts_url": reports_url(status=Status.DRAFT),
            "owed": [
                (block, row)
                for block, row in overview.rows(LATE, DUE, DRAFT)
                if block.month >= first
            ],
            "months": REPORTER_MONTHS,
            "earlier_late": len(earlier),
            "earlier_url": overview_url(oldest, LATE, last=add_months(first, -1)),
            "overview_url": reverse("reporting:overview"),
            "add_url": reverse("wagtailsnippets_campaigns_reachreport:add"),
        }


class AgreementsPanel(RolePanel):
    """Finance officers: signed agreements ending soon, money left unallocated marked."""

    name = "reporting_agreements"
    template_name = "campaigns/reporting/panels/agreements.html"

    def is_for(self, user) -> bool:
        return user.is_active and user.has_perm("campaigns.change_fundingagreement")

    def context(self, request) -> dict:
        from campaigns.funding.models import AgreementStatus, FundingAgreement

        today = self.today
        ending = (
            FundingAgreement.objects.filter(
                status=AgreementStatus.SIGNED,
                end_date__gte=today,
                end_date__lte=today + ENDING_WITHIN,
            )
            .select_related("funder")
            .annotate(
                allocated_total=Coalesce(
                    Sum("allocations__amount"), Value(0), output_field=DecimalField()
                )
            )
            .order_by("end_date", "reference")
        )
        rows = []
        for agreement in ending[: SHOWN * 2]:
            left = agreement.amount - agreement.allocated_total
            rows.append(
                {
                    "agreement": agreement,
                    "url": reverse(
                        "wagtailsnippets_campaigns_fundingagreement:inspect",
                        args=[agreement.pk],
                    ),
                    "days": (agreement.end_date - today).days,
                    "amount": agreement.formatted(),
                    "allocated": agreement.formatted(agreement.allocated_total),
                    "unallocated": agreement.formatted(left),
                    "under_spent": left > 0,
                }
            )
        return {
            "rows": rows,
            "list_url": reverse("wagtailsnippets_campaigns_fundingagreement:list"),
            "days": ENDING_WITHIN.days,
        }


class ContentPanel(RolePanel):
    """Editors, reviewers and translators: a line for each role when nothing waits on them, so
    the home is never blank; what does wait is in Wagtail's and the review queue's panels."""

    name = "content_work"
    template_name = "campaigns/reporting/panels/content.html"

    def roles(self, user) -> set[str]:
        from campaigns.access.roles import EDITORS, TRANSLATORS

        if not user.is_active or user.is_superuser:
            return set()
        if not hasattr(user, "_campaigns_content_roles"):
            names = set(user.groups.values_list("name", flat=True))
            roles = {role for role in (EDITORS, TRANSLATORS) if role in names}
            if user_is_reviewer(user):
                roles.add("reviewer")
            user._campaigns_content_roles = roles
        return user._campaigns_content_roles

    def is_for(self, user) -> bool:
        return bool(self.roles(user))

    def context(self, request) -> dict:
        from campaigns.access.roles import EDITORS, TRANSLATORS
        from campaigns.content.views import review_queue, translation_status

        user = request.user
        roles = self.roles(user)
        nothing_to_review = "reviewer" in roles and not review_queue.reviewable_count(user)
        nothing_in_review = EDITORS in roles and not in_review_for(user)
        return {
            "nothing_to_review": nothing_to_review,
            "queue_url": reverse(f"{review_queue.app_name}:index"),
            "nothing_in_review": nothing_in_review,
            "pages_url": reverse("wagtailadmin_explore_root"),
            "materials_url": reverse("wagtailsnippets_campaigns_material:list"),
            "translator": TRANSLATORS in roles,
            "translation_url": reverse(f"{translation_status.app_name}:index"),
        }

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        if not self.is_for(request.user):
            return ""
        context = self.context(request)
        if not (
            context["nothing_to_review"] or context["nothing_in_review"] or context["translator"]
        ):
            return ""  # what waits is in the workflow panels
        return render_to_string(self.template_name, context, request=request)


def in_review_for(user) -> bool:
    """Whether a page or material of the user's is in a workflow: Wagtail's "Your pages and
    snippets in a workflow" asks the same (requested by them, or a page they own)."""
    from wagtail.models import Page, WorkflowState, get_default_page_content_type

    owned_page = Q(base_content_type_id=get_default_page_content_type().id) & Exists(
        Page.objects.filter(owner=user, id=Cast(OuterRef("object_id"), output_field=IntegerField()))
    )
    return WorkflowState.objects.active().filter(owned_page | Q(requested_by=user)).exists()


PANELS = (ValidationPanel, ReporterPanel, AgreementsPanel, ContentPanel)


def add_panels(request, panels):
    """The ``construct_homepage_panels`` hook: each panel renders only for its role."""
    panels.extend(panel() for panel in PANELS)
