"""The report listing's filters and status column.

The filters' choices are scoped like the rows (campaigns.reach.access): a Senegal reporter is
not offered Guinea's organisations or campaigns.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from campaigns.reach.access import (
    campaigns_for_reporting,
    organisations_for_reporting,
    sees_everything,
)
from campaigns.reach.models import ReachReport, ReportingOrganisation, Status


def _campaigns(request):
    from campaigns.models import CampaignPage

    if request is None:
        return CampaignPage.objects.none()
    if sees_everything(request.user):
        return CampaignPage.objects.order_by("title")
    return campaigns_for_reporting(request.user).order_by("title")


def _organisations(request):
    if request is None:
        return ReportingOrganisation.objects.none()
    if sees_everything(request.user):
        return ReportingOrganisation.objects.all()
    return organisations_for_reporting(request.user)


def _countries(request):
    from campaigns.models import Country

    if request is None:
        return Country.objects.none()
    if sees_everything(request.user):
        return Country.objects.order_by("code")
    organisations = organisations_for_reporting(request.user).values("pk")
    return Country.objects.filter(reporting_organisations__in=organisations).distinct()


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=_campaigns)
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=_organisations
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), field_name="campaign__country", queryset=_countries
    )
    month = django_filters.DateFilter(
        label=_("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        method="filter_month",
    )
    is_current = django_filters.BooleanFilter(label=_("Current revision"))

    class Meta:
        model = ReachReport
        fields = ["status", "campaign", "organisation", "country", "month", "is_current"]

    def filter_month(self, queryset, name, value):
        return queryset.filter(month=value.replace(day=1)) if value else queryset


class StatusColumn(Column):
    """The status, and under it why the report was returned."""

    cell_template_name = "campaigns/reach/admin/status_cell.html"
