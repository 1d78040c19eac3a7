"""The lifecycle buttons of a report and the screens behind them: submit, validate, return,
lock, correct.

Each button opens a confirmation screen (GET) whose form POSTs the step with its CSRF token.
Who may do what is decided by campaigns.reach.access and campaigns.reach.lifecycle only: a
report the user may not see is a 404, a step they may not take a 403 (`ReachPermissionDenied`),
a step the report's state refuses a message with nothing changed (`TransitionRefused`).
`available_steps` only decides which buttons to show.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin, reach_reports_breadcrumbs
from campaigns.reach import lifecycle
from campaigns.reach.access import CHANGE, ReachPermissionDenied, can_validate, reports_visible_to
from campaigns.reach.lifecycle import TransitionRefused
from campaigns.reach.models import EDITABLE_STATUSES, MonthLock, Status
from campaigns.reach.rules import RuleResult

from .figures import FigureGrid, show_problems
from .panels import figures_context

NAMESPACE = "reach_reports"
SCREEN_MEDIA = forms.Media(css={"all": ["campaigns/reach/entry.css"]})


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    icon: str
    priority: int


SUBMIT = Step("submit", _("Submit"), "upload", 11)
VALIDATE = Step("validate", _("Validate"), "success", 12)
RETURN = Step("return", _("Return"), "undo", 13)
LOCK = Step("lock", _("Lock"), "lock", 14)
CORRECT = Step("correct", _("Correct"), "edit", 15)
REVISIONS = Step("revisions", _("Revisions"), "history", 16)


def month_locked(report) -> bool:
    """Annotated on listings (`month_locked`), else one query."""
    locked = getattr(report, "month_locked", None)
    if locked is None:
        locked = MonthLock.objects.filter(
            country_id=report.campaign.country_id, month=report.month
        ).exists()
        report.month_locked = locked
    return locked


def available_steps(report, user) -> list[Step]:
    """The buttons worth showing for a report the user sees; the lifecycle decides for real."""
    steps = []
    if report.is_current:
        locked_month = month_locked(report)
        if user.has_perm(CHANGE) and report.status in EDITABLE_STATUSES and not locked_month:
            steps.append(SUBMIT)
        if can_validate(user):
            if report.status == Status.SUBMITTED:
                steps.append(VALIDATE)
            if report.status in (Status.SUBMITTED, Status.VALIDATED) and not locked_month:
                steps.append(RETURN)
            if report.status == Status.VALIDATED:
                steps.append(LOCK)
        if user.has_perm(CHANGE) and (report.status == Status.LOCKED or locked_month):
            steps.append(CORRECT)
    steps.append(REVISIONS)
    return steps


def step_url(step: Step, report) -> str:
    return reverse(f"{NAMESPACE}:{step.name}", args=[report.pk])


def inspect_url(report) -> str:
    return reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[report.pk])


class ReportScreenMixin:
    """Loads the report from the user's visible reports: another's is a 404."""

    def dispatch(self, request, *args, **kwargs):
        visible = reports_visible_to(request.user).select_related(
            "campaign__country", "organisation", "region", "channel"
        )
        self.report = get_object_or_404(visible, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


# A reason is a sentence or a short paragraph, kept in each report's history and sent on: a
# form refuses a longer one (an error on the field) rather than keep 200,000 characters.
REASON_MAX_LENGTH = 1000


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the organisation: say what to fix."),
    )


class StepView(ReportScreenMixin, TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then take one lifecycle step on the report (Home > Reach reports > the report >
    the step, in the header)."""

    step: Step = None
    template_name = "campaigns/reach/admin/step.html"
    header_icon = "doc-full-inverse"
    form_class = None
    description = ""
    success_message = ""
    problems = ()

    def may_try(self, user) -> bool:
        """The role needed for the step (403 otherwise); the lifecycle checks the rest."""
        return user.has_perm(CHANGE)

    def get_page_title(self):
        return self.step.label

    def get_parent_breadcrumbs(self):
        return reach_reports_breadcrumbs(self.report)

    def get_page_subtitle(self):
        report = self.report
        return f"{report.campaign.title} · {report.organisation} · {report.month:%Y-%m}"

    def get_form(self):
        if self.form_class is None:
            return None
        return self.form_class(self.request.POST or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(
            report=self.report,
            step=self.step,
            description=self.description,
            problems=self.problems,
            action_url=step_url(self.step, self.report),
            cancel_url=inspect_url(self.report),
            available=self.step in available_steps(self.report, self.request.user),
            media=SCREEN_MEDIA,
        )
        return context

    def get(self, request, *args, **kwargs):
        if not self.may_try(request.user):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.may_try(request.user):
            raise PermissionDenied
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            self.take_step(form)
        except ReachPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from denied
        except TransitionRefused as refused:
            self.problems = refused.problems
            self.refused(form, refused)
            messages.error(request, str(refused))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, self.success_message)
        return redirect(self.get_success_url())

    def refused(self, form, refused):
        """Hook to put a refusal's problems on the form's inputs."""

    def get_success_url(self):
        return inspect_url(self.report)

    def take_step(self, form):
        raise NotImplementedError


class SubmitView(StepView):
    step = SUBMIT
    description = _(
        "Send the report to the M&E officers to be validated. You cannot change it while it "
        "waits; they may return it to you with a reason."
    )
    success_message = _("Report submitted for validation.")

    def take_step(self, form):
        lifecycle.submit(self.report, self.request.user)


class ValidatorStepView(StepView):
    def may_try(self, user) -> bool:
        return can_validate(user)


class ValidateView(ValidatorStepView):
    step = VALIDATE
    description = _("Accept the figures of this report.")
    success_message = _("Report validated.")

    def take_step(self, form):
        lifecycle.validate(self.report, self.request.user)


class ReturnView(ValidatorStepView):
    step = RETURN
    form_class = ReasonForm
    description = _("Send the report back to its organisation to be fixed, saying why.")
    success_message = _("Report returned to its organisation.")

    def take_step(self, form):
        lifecycle.return_report(self.report, self.request.user, form.cleaned_data["reason"])


class LockView(ValidatorStepView):
    step = LOCK
    description = _(
        "Freeze this validated report. After this, its figures change only by a correction "
        "(a new revision with a reason)."
    )
    success_message = _("Report locked.")

    def take_step(self, form):
        lifecycle.lock_report(self.report, self.request.user)


class CorrectionForm(forms.Form):
    """The reason and the corrected figures, starting from the locked ones."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the report's history, e.g. 'Attendance sheet of 12 March added'."),
    )

    def __init__(self, report, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = FigureGrid(campaign_id=report.campaign_id)
        self.fields.update(self.grid.form_fields())
        if not self.is_bound:
            self.initial.update(self.grid.initial(report))
        self.figure_warnings, self.other_warnings = {}, []

    class Media:
        js = ["campaigns/reach/entry.js"]
        css = {"all": ["campaigns/reach/entry.css"]}


class CorrectView(StepView):
    step = CORRECT
    template_name = "campaigns/reach/admin/correct.html"
    description = _(
        "The locked figures stay in the history; the corrected ones become a new revision, "
        "submitted for validation again."
    )
    success_message = _("Correction saved as a new revision, submitted for validation.")

    def get_form(self):
        return CorrectionForm(self.report, self.request.POST or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(figures_context(context["form"]))
        context["media"] = context["form"].media
        return context

    def take_step(self, form):
        values = form.grid.values(form.cleaned_data)
        self.report = lifecycle.correct(
            self.report, self.request.user, form.cleaned_data["reason"], values=values
        )

    def refused(self, form, refused):
        show_problems(form, form.grid, RuleResult(errors=list(refused.problems)))
