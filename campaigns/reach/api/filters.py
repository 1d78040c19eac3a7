"""Filters of the report list: by codes, months as YYYY-MM, current revisions unless asked."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.reach.models import ReachReport, Status
from campaigns.reach.rules import parse_month


class MonthFormField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        month, message = parse_month(value)
        if message:
            raise forms.ValidationError(message, code="bad_month")
        return month


class MonthFilter(django_filters.Filter):
    field_class = MonthFormField


class ReportFilter(django_filters.FilterSet):
    campaign = django_filters.CharFilter("campaign__code", help_text=_("Campaign code."))
    country = django_filters.CharFilter(
        "campaign__country__code", help_text=_("ISO 3166-1 code of the campaign's country.")
    )
    organisation = django_filters.CharFilter(
        "organisation__name", help_text=_("Organisation name.")
    )
    month = MonthFilter("month", help_text=_("YYYY-MM."))
    month_from = MonthFilter("month", lookup_expr="gte", help_text=_("From this month (YYYY-MM)."))
    month_to = MonthFilter("month", lookup_expr="lte", help_text=_("To this month (YYYY-MM)."))
    status = django_filters.ChoiceFilter(choices=Status.choices)
    region = django_filters.CharFilter("region__code", help_text=_("ISO 3166-2 region code."))
    channel = django_filters.CharFilter("channel__code", help_text=_("Channel code."))
    include_superseded = django_filters.BooleanFilter(
        method="keep_superseded",
        help_text=_("true: also list revisions replaced by a correction (default: current only)."),
    )

    class Meta:
        model = ReachReport
        fields = []

    def keep_superseded(self, queryset, name, value):
        return queryset  # applied in filter_queryset, where its absence is seen too

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_superseded"):
            queryset = queryset.filter(is_current=True)
        return queryset
