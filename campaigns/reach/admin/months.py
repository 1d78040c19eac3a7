"""Closing a month per country (M&E officers), reopening it, and the list of closed months.

The lock screen first lists that country's reports for the month by status, with links: those
validated will be locked, drafts and returned reports frozen as they are, submitted ones must be
decided first. Locking goes through campaigns.reach.lifecycle.lock_month, which refuses while
reports wait for a decision; when drafts or returned reports would be frozen, the user confirms
their number first (a POST without it, or with another number, locks nothing and asks again).
Reopening (campaigns.reach.lifecycle.reopen_month) asks a reason, kept in each report's history.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin
from campaigns.reach import lifecycle
from campaigns.reach.access import (
    ReachPermissionDenied,
    can_validate,
    countries_visible_to,
    reports_visible_to,
)
from campaigns.reach.lifecycle import TransitionRefused
from campaigns.reach.models import MonthLock, Status

from .actions import NAMESPACE, REASON_MAX_LENGTH, SCREEN_MEDIA, inspect_url


def month_locks_visible_to(user) -> QuerySet:
    return MonthLock.objects.filter(country__in=countries_visible_to(user).values("pk"))


FIRST_MONTH = datetime.date(2000, 1, 1)  # no report is older; a month to come has no reports yet


class MonthForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=None)
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, **kwargs):
        from campaigns.models import Country

        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by("code")
        this_month = timezone.localdate().replace(day=1)
        attrs = self.fields["month"].widget.attrs
        attrs.update(min=f"{FIRST_MONTH:%Y-%m}", max=f"{this_month:%Y-%m}")

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if month < FIRST_MONTH:
            raise forms.ValidationError(
                _("Give a month from %(first)s on.") % {"first": f"{FIRST_MONTH:%Y-%m}"}
            )
        if month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("Give a month that has begun, not one to come."))
        return month


class MonthDecisionScreen(TitledScreenMixin):
    """Locking and reopening a month: M&E officers only, under Home > Locked months > this
    screen's title (not "Home" alone)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_validate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_parent_breadcrumbs(self):
        return [{"url": reverse(f"{NAMESPACE}:months"), "label": _("Locked months")}]


class LockMonthView(MonthDecisionScreen, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reach/admin/lock_month.html"
    header_icon = "lock"
    page_title = _("Lock a month")

    def counts(self, country, month) -> dict:
        return month_reports(self.request.user, country, month)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or MonthForm(self.request.GET or None)
        context.update(
            form=form,
            media=SCREEN_MEDIA + form.media,
            locked_months_url=reverse(f"{NAMESPACE}:months"),
        )
        if form.is_bound and form.is_valid():
            country, month = form.cleaned_data["country"], form.cleaned_data["month"]
            context.update(chosen=True, country=country, month=month, **self.counts(country, month))
            if context["locked"]:
                context["reopen_url"] = reopen_url(context["locked"])
        return context

    def post(self, request, *args, **kwargs):
        form = MonthForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        country, month = form.cleaned_data["country"], form.cleaned_data["month"]
        open_reports = self.counts(country, month)["open"]
        if open_reports and request.POST.get("freeze") != str(open_reports):
            messages.warning(
                request,
                _(
                    "Nothing was locked: confirm that the %(count)s draft or returned report(s) "
                    "listed below are frozen as they are."
                )
                % {"count": open_reports},
            )
            return self.render_to_response(self.get_context_data(form=form))
        try:
            lifecycle.lock_month(country, month, request.user)
        except ReachPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from denied
        except TransitionRefused as refused:
            messages.error(request, str(refused))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("%(month)s is locked for %(country)s.")
            % {"month": f"{month:%Y-%m}", "country": country},
        )
        return redirect(reverse(f"{NAMESPACE}:months"))


def month_reports(user, country, month) -> dict:
    """The country's current reports of the month the user sees, by status, with links (2
    queries), and the counts the lock screen states."""
    reports = list(
        reports_visible_to(user)
        .filter(campaign__country=country, month=month, is_current=True)
        .select_related("campaign", "organisation", "region", "channel")
        .order_by("organisation__name", "campaign__title", "pk")
    )
    by_status = {value: [] for value in Status.values}
    for report in reports:
        by_status[report.status].append({"report": report, "url": inspect_url(report)})
    count = {value: len(rows) for value, rows in by_status.items()}
    return {
        "statuses": [(label, count[value]) for value, label in Status.choices],
        "groups": [
            {"status": value, "label": label, "reports": by_status[value]}
            for value, label in Status.choices
            if by_status[value]
        ],
        "waiting_reports": by_status[Status.SUBMITTED],
        "waiting": count[Status.SUBMITTED],
        "validated": count[Status.VALIDATED],
        "open": count[Status.DRAFT] + count[Status.RETURNED],
        "locked": MonthLock.objects.filter(country=country, month=month).first(),
    }


class ReopenForm(MonthForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the history of each report of the month, e.g. 'Late radio logs'."),
    )


class ReopenMonthView(MonthDecisionScreen, WagtailAdminTemplateMixin, TemplateView):
    """M&E officers reopen a locked month (``?country=&month=``), with a reason."""

    template_name = "campaigns/reach/admin/reopen_month.html"
    header_icon = "lock-open"
    page_title = _("Reopen a month")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        chosen = MonthForm(request.POST if request.method == "POST" else request.GET or None)
        form = kwargs.get("form") or ReopenForm(initial=request.GET.dict())
        context.update(
            form=form,
            media=SCREEN_MEDIA + form.media,
            locked_months_url=reverse(f"{NAMESPACE}:months"),
        )
        if chosen.is_bound and chosen.is_valid():
            country, month = chosen.cleaned_data["country"], chosen.cleaned_data["month"]
            context.update(
                chosen=True,
                country=country,
                month=month,
                **month_reports(request.user, country, month),
            )
        return context

    def post(self, request, *args, **kwargs):
        form = ReopenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        country, month = form.cleaned_data["country"], form.cleaned_data["month"]
        try:
            lifecycle.reopen_month(country, month, request.user, form.cleaned_data["reason"])
        except ReachPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from denied
        except TransitionRefused as refused:
            messages.error(request, str(refused))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("%(month)s is open again for %(country)s.")
            % {"month": f"{month:%Y-%m}", "country": country},
        )
        return redirect(reverse(f"{NAMESPACE}:months"))


def reopen_url(lock) -> str:
    return (
        reverse(f"{NAMESPACE}:reopen_month")
        + f"?country={lock.country_id}&month={lock.month:%Y-%m}"
    )


class LockedMonthsView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reach/admin/locked_months.html"
    header_icon = "lock"
    page_title = _("Locked months")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("campaigns.view_reachreport") or can_validate(user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            locks=[
                {"lock": lock, "reopen_url": reopen_url(lock)}
                for lock in month_locks_visible_to(self.request.user).select_related(
                    "country", "locked_by"
                )
            ],
            can_lock=can_validate(self.request.user),
            lock_url=reverse(f"{NAMESPACE}:lock_month"),
            media=SCREEN_MEDIA,
        )
        return context
