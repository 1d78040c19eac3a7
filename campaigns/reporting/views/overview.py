"""Reach > Reporting overview: which organisation has reported for which month and country.

The screen of campaigns.reporting.overview, for M&E officers and administrators (everything) and
reporters (their organisations). Filters: a period of months, a country (only those the user
may see are offered: another is refused as an invalid choice), a state.
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin
from campaigns.reach.access import countries_visible_to
from campaigns.reporting.overview import (
    STATE_LABELS,
    add_months,
    build_overview,
    may_see_overview,
    reporting_month,
)
from campaigns.reporting.settings_models import ReportingSettings

FIRST_MONTH = datetime.date(2000, 1, 1)
MAX_MONTHS = 24  # a longer period is refused: one screen, readable on a phone
DEFAULT_MONTHS = 3


def month_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class OverviewForm(forms.Form):
    month_from = month_field(_("From month"))
    month_to = month_field(_("To month"))
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=None, required=False, empty_label=_("All countries")
    )
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_visible_to(user).order_by("code")
        self.fields["state"].choices = [("", _("All states")), *STATE_LABELS.items()]
        this_month = timezone.localdate().replace(day=1)
        for name in ("month_from", "month_to"):
            attrs = self.fields[name].widget.attrs
            attrs.update(min=f"{FIRST_MONTH:%Y-%m}", max=f"{this_month:%Y-%m}")

    def clean(self):
        cleaned = super().clean()
        last = reporting_month()
        month_to = cleaned.get("month_to")
        month_to = month_to.replace(day=1) if month_to else last
        month_from = cleaned.get("month_from")
        month_from = month_from.replace(day=1) if month_from else None
        # The range first: add_months below must never be given year 1 or 9999 (a 500).
        this_month = timezone.localdate().replace(day=1)
        if month_to < FIRST_MONTH:
            self.add_error("month_to", _("Give a month from 2000 on."))
        elif month_to > this_month:
            self.add_error("month_to", _("Give a month that has begun, not one to come."))
        if month_from and month_from < FIRST_MONTH:
            self.add_error("month_from", _("Give a month from 2000 on."))
        elif month_from and month_from > this_month:
            self.add_error("month_from", _("Give a month that has begun, not one to come."))
        if self.errors:
            return cleaned
        month_from = month_from or max(add_months(month_to, 1 - DEFAULT_MONTHS), FIRST_MONTH)
        if month_from > month_to:
            self.add_error("month_from", _("The period cannot end before it starts."))
        elif add_months(month_from, MAX_MONTHS) <= month_to:
            self.add_error(
                "month_from",
                _("Choose at most %(count)s months at a time.") % {"count": MAX_MONTHS},
            )
        cleaned.update(month_from=month_from, month_to=month_to)
        return cleaned

    def selection(self) -> dict:
        """What to show: the valid choices, else the last months for every country."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return {key: data[key] for key in ("month_from", "month_to", "country", "state")}
        last = reporting_month()
        return {
            "month_from": add_months(last, 1 - DEFAULT_MONTHS),
            "month_to": last,
            "country": None,
            "state": "",
        }


class ReportingOverviewView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reporting/overview.html"
    page_title = _("Reporting overview")
    header_icon = "calendar-check"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_overview(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = OverviewForm(self.request.GET or None, user=user)
        chosen = form.selection()
        overview = build_overview(user, **chosen)
        month_from, month_to = chosen["month_from"], chosen["month_to"]
        context.update(
            form=form,
            overview=overview,
            summary=[
                (state, label, count, state_link(chosen, state))
                for state, label, count in overview.summary()
            ],
            period=(
                date_format(month_from, "YEAR_MONTH_FORMAT"),
                date_format(month_to, "YEAR_MONTH_FORMAT"),
            ),
            settings_url=settings_url(user),
        )
        return context


def state_link(chosen: dict, state: str) -> str:
    """This screen with the same period and country, showing one state."""
    params = {
        "month_from": f"{chosen['month_from']:%Y-%m}",
        "month_to": f"{chosen['month_to']:%Y-%m}",
        "state": state,
    }
    if chosen["country"] is not None:
        params["country"] = chosen["country"].pk
    return f"?{urlencode(params)}"


def settings_url(user) -> str | None:
    """Settings > Reporting settings, for those who may change the due day."""
    if not user.has_perm("campaigns.change_reportingsettings"):
        return None
    meta = ReportingSettings._meta
    return reverse("wagtailsettings:edit", args=[meta.app_label, meta.model_name])


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_overview(request.user)


def overview_menu_item():
    return OverviewMenuItem(
        _("Reporting overview"),
        reverse("reporting:overview"),
        icon_name="calendar-check",
        order=880,
    )


urlpatterns = [path("overview/", ReportingOverviewView.as_view(), name="overview")]


def menu_items():
    return [overview_menu_item]
