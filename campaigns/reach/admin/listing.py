"""The report and target listings' filters and columns.

The filters' choices are scoped like the rows (campaigns.reach.access): a Senegal reporter is
not offered Guinea's organisations or campaigns. Each listed page shows one column per indicator
that has values on that page, read in one query for the whole page (``page_figures``), numbers
formatted by Babel in the reader's language. Targets show what was achieved in their period
(campaigns.reporting.figures.target_progress): validated figures unless "include submitted" is
ticked; a target without figures yet shows "—", never 0 %.
"""

import django_filters
from babel.numbers import format_percent
from django import forms
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from campaigns.admin_display import EMPTY, babel_locale, number
from campaigns.reach.access import (
    campaigns_for_reporting,
    organisations_for_reporting,
    sees_everything,
)
from campaigns.reach.models import (
    Indicator,
    ReachReport,
    ReachValue,
    ReportingOrganisation,
    Status,
    Target,
)


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


def labelled(field_name: str, label) -> Column:
    """A listing column for a foreign key, headed by a translated label (the model's field has
    no verbose name of its own: Wagtail would head it "Campaign" in every language)."""
    return Column(field_name, label=label, sort_key=field_name)


class StatusColumn(Column):
    """The status, and under it why the report was returned."""

    cell_template_name = "campaigns/reach/admin/status_cell.html"


def percent(value: float) -> str:
    """A percentage (``value`` out of 100) as the admin language writes it (45 % in French)."""
    return format_percent(value / 100, locale=babel_locale())


def page_figures(reports) -> list:
    """Give each listed report its totals (``listed_figures``: {indicator pk: total}) and return
    the indicators that have values on this page, by code: one query for the page, whatever
    its length (none for an empty page)."""
    reports = list(reports)  # evaluates (and caches) the page's queryset once
    by_pk = {report.pk: report for report in reports}
    for report in reports:
        report.listed_figures = {}
    if not by_pk:
        return []
    indicators = {}
    for value in ReachValue.objects.filter(report_id__in=by_pk).select_related("indicator"):
        by_pk[value.report_id].listed_figures[value.indicator_id] = value.total
        indicators[value.indicator_id] = value.indicator
    return sorted(indicators.values(), key=lambda indicator: indicator.code)


class FigureColumn(Column):
    """One indicator's total on each listed report; "—" where the report has none."""

    def __init__(self, indicator):
        self.indicator_id = indicator.pk
        super().__init__(
            f"figure_{indicator.pk}", label=f"{indicator.name} ({indicator.unit_label})"
        )

    def get_value(self, instance):
        total = getattr(instance, "listed_figures", {}).get(self.indicator_id)
        return EMPTY if total is None else number(total)


# --- Targets ---------------------------------------------------------------------------------

INCLUDE_SUBMITTED = _("Include submitted figures (not yet validated)")


class TickFilter(django_filters.Filter):
    """A checkbox that is either ticked or not: unticked is no filter at all (django-filter's
    BooleanFilter takes an unticked box for "False" and Wagtail shows it as an active filter)."""

    field_class = forms.BooleanField


class TickFilterAdapter(BaseFilterAdapter):
    """Only a ticked box is an active filter, named by its label alone (no "True"/"False")."""

    def get_active_filters(self):
        if self.value:
            yield ActiveFilter(
                self.bound_field.auto_id,
                self.filter.label,
                gettext("Yes"),
                self.get_url_without_filter_param(self.name),
            )


register_filter_adapter_class(TickFilter, TickFilterAdapter)


class TargetFilterSet(WagtailFilterSet):
    """Targets by indicator, campaign and country (choices scoped as the reports'), and whether
    submitted figures count towards what was achieved (they never filter the targets)."""

    indicator = django_filters.ModelChoiceFilter(
        label=_("Indicator"), queryset=Indicator.objects.all()
    )
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=_campaigns)
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), field_name="campaign__country", queryset=_countries
    )
    include_submitted = TickFilter(
        label=INCLUDE_SUBMITTED, required=False, method="count_submitted"
    )

    class Meta:
        model = Target
        fields = ["indicator", "campaign", "country", "include_submitted"]

    def count_submitted(self, queryset, name, value):
        return queryset  # read by the listing when it adds up the figures

    def includes_submitted(self) -> bool:
        return bool(self.is_valid() and self.form.cleaned_data.get("include_submitted"))


class ProgressColumn(Column):
    """Achieved, remaining or % of target from the row's ``progress``
    (campaigns.reporting.figures.TargetProgress); "—" while no figures exist for its period."""

    def __init__(self, name, label):
        super().__init__(name, label=label)

    def get_value(self, instance):
        progress = getattr(instance, "progress", None)
        value = getattr(progress, self.name, None)
        if value is None:
            return EMPTY
        return percent(value) if self.name == "percent" else number(value)


def progress_columns() -> list[ProgressColumn]:
    return [
        ProgressColumn("achieved", _("Achieved")),
        ProgressColumn("remaining", _("Remaining")),
        ProgressColumn("percent", _("% of target")),
    ]


def _month(value) -> str:
    return date_format(value, "YEAR_MONTH_FORMAT") if value else EMPTY


def target_columns() -> list[Column]:
    """Campaign, indicator (its name, not "code · name"), country ("Whole campaign" when the
    target is not for one country), its months ("—" where open) and the target as a figure."""

    def label(field):
        return capfirst(Target._meta.get_field(field).verbose_name)

    return [
        labelled("campaign", _("Campaign")),
        Column("indicator", label=_("Indicator"), sort_key="indicator",
               accessor=lambda target: target.indicator.name),
        Column("country", label=_("Country"), sort_key="country",
               accessor=lambda target: target.country or gettext("Whole campaign")),
        Column("period_start", label=label("period_start"), sort_key="period_start",
               accessor=lambda target: _month(target.period_start)),
        Column("period_end", label=label("period_end"), sort_key="period_end",
               accessor=lambda target: _month(target.period_end)),
        Column("value", label=label("value"), sort_key="value",
               accessor=lambda target: number(target.value)),
    ]  # fmt: skip
