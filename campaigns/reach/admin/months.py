"""Closing a month per country (M&E officers) and the list of closed months.

The lock screen first shows how many of that country's reports for the month are validated and
how many still wait, then locks through campaigns.reach.lifecycle.lock_month, which refuses
while reports wait for a decision.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.reach import lifecycle
from campaigns.reach.access import (
    ReachPermissionDenied,
    can_validate,
    countries_visible_to,
    reports_visible_to,
)
from campaigns.reach.lifecycle import TransitionRefused
from campaigns.reach.models import MonthLock, Status

from .actions import NAMESPACE, SCREEN_MEDIA


def month_locks_visible_to(user) -> QuerySet:
    return MonthLock.objects.filter(country__in=countries_visible_to(user).values("pk"))


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

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


class LockMonthView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reach/admin/lock_month.html"
    header_icon = "lock"
    page_title = _("Lock a month")

    def dispatch(self, request, *args, **kwargs):
        if not can_validate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def counts(self, country, month) -> dict:
        rows = (
            reports_visible_to(self.request.user)
            .filter(campaign__country=country, month=month, is_current=True)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        by_status = dict(rows)
        return {
            "statuses": [(label, by_status.get(value, 0)) for value, label in Status.choices],
            "waiting": by_status.get(Status.SUBMITTED, 0),
            "validated": by_status.get(Status.VALIDATED, 0),
            "open": by_status.get(Status.DRAFT, 0) + by_status.get(Status.RETURNED, 0),
            "locked": MonthLock.objects.filter(country=country, month=month).first(),
        }

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
        return context

    def post(self, request, *args, **kwargs):
        form = MonthForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        country, month = form.cleaned_data["country"], form.cleaned_data["month"]
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


class LockedMonthsView(WagtailAdminTemplateMixin, TemplateView):
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
            locks=month_locks_visible_to(self.request.user).select_related("country", "locked_by"),
            can_lock=can_validate(self.request.user),
            lock_url=reverse(f"{NAMESPACE}:lock_month"),
            media=SCREEN_MEDIA,
        )
        return context
