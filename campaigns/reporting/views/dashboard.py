"""Reach > Dashboard: totals per indicator by country, campaign, channel, region, language,
material, organisation or month, against targets, with the trend, the sex and age breakdown and
the site's own counts; the same view as CSV, XLSX or HXL.

Who reads which figures:

- M&E officers, administrators, superusers, editors and reviewers: every figure
  (campaigns.reach.access.sees_everything);
- reporters: their organisations' figures in the countries those report for, through the same
  access.py scoping (figures.* pass the user on);
- finance officers (who record allocations: ``campaigns.change_allocation``) have no access to
  reach reports, but they look for reach per country against targets. They read the published
  figures: validated and locked only, aggregated, as figures.* give them to the public
  (``user=None``); never a report, never a submitted figure.
- anyone else (translators...) is refused; the anonymous are sent to the login.

The period: the last 12 months (this month included) until the user chooses another; the screen
says so. Filters travel as GET parameters, so a view can be bookmarked or shared, and its
exports carry the same filter.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.forms.utils import flatatt
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin
from campaigns.reach import access
from campaigns.reporting.figures import DIMENSIONS
from campaigns.reporting.filters import ReachFilterForm
from cms.db_routers import reading_from_replica

from . import dashboard_content, exports

DEFAULT_MONTHS = 12
FINANCE = "campaigns.change_allocation"


def reads_reports(user) -> bool:
    """Roles whose figures campaigns.reach.access scopes (everything, or their organisations')."""
    return access.sees_everything(user) or (
        user.has_perm("campaigns.view_reachreport") or user.has_perm(access.CHANGE)
    )


def may_see_dashboard(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return reads_reports(user) or user.has_perm(FINANCE)


def figures_reader(user):
    """Whose figures the dashboard shows: the user's (scoped by access.py), or the published
    ones (None) for a finance officer who reads no reports."""
    return user if reads_reports(user) else None


def on_replica(reader) -> bool:
    """Whether these figures may be read from the read replica (cms/db_routers.py): the
    published ones and those of someone who sees everything, which depend on no membership.
    A reporter's figures are scoped by their organisations and countries, read in the same
    query: they stay on the primary, so a membership just taken away never shows figures
    from a lagging copy."""
    return reader is None or access.sees_everything(reader)


class PublishedFiguresFilterForm(ReachFilterForm):
    """The filters for a reader of published figures: every country, campaign and organisation
    (the published figures cover them all), and no "include submitted"."""

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        from campaigns.models import CampaignPage, Country, ReportingOrganisation

        self.fields["country"].queryset = Country.objects.all()
        self.fields["campaign"].queryset = CampaignPage.objects.order_by("title")
        self.fields["organisation"].queryset = ReportingOrganisation.objects.all()
        del self.fields["include_submitted"]


class QuickSelectMultiple(forms.SelectMultiple):
    """A ``<select multiple>`` written in Python from a list of (pk, label): Django renders a
    template per ``<option>``, and the filters offer every campaign and organisation."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        attrs = {**self.build_attrs(self.attrs, attrs), "multiple": True}
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


def quick_choices(form) -> None:
    """The filter's lists read with one plain query each and written without a template per
    option (the page is the dashboard's: exports never render them)."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if name == "campaign":  # labelled by title: no page objects to build (they are heavy)
            choices = list(field.queryset.values_list("pk", "title"))
        else:
            choices = [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset]
        field.widget = QuickSelectMultiple(attrs=field.widget.attrs, choices=choices)


class GroupingForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Group by"),
        choices=list(dashboard_content.DIMENSION_LABELS.items()),
        required=False,
    )

    def dimension(self) -> str:
        if self.is_valid() and self.cleaned_data["by"] in DIMENSIONS:
            return self.cleaned_data["by"]
        return "country"


def default_month_from() -> datetime.date:
    """The first of the last DEFAULT_MONTHS months, this one included."""
    today = timezone.localdate()
    years, index = divmod(today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1), 12)
    return datetime.date(years, index + 1, 1)


def read_view(request):
    """(filter form, grouping form, filter, dimension, whether the defaults apply)."""
    user = request.user
    form_class = ReachFilterForm if reads_reports(user) else PublishedFiguresFilterForm
    names = {*form_class.base_fields, "by"}
    defaulted = not any(name in request.GET for name in names)
    data = request.GET
    if defaulted:
        data = QueryDict(mutable=True)
        data["month_from"] = f"{default_month_from():%Y-%m}"
    form = form_class(data, user=user)
    grouping = GroupingForm(data)
    return form, grouping, form.reach_filter(), grouping.dimension(), defaulted


class DashboardAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_see_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(
    DashboardAccessMixin, TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "campaigns/reporting/dashboard.html"
    page_title = _("Reach dashboard")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form, grouping, flt, by, defaulted = read_view(self.request)
        quick_choices(form)
        reader = figures_reader(user)
        query = flt.query_items() + [("by", by)]
        with reading_from_replica(on_replica(reader)):
            dashboard = dashboard_content.build(reader, flt, by)
        context.update(
            form=form,
            grouping=grouping,
            valid=form.is_valid() and grouping.is_valid(),
            defaulted=defaulted,
            default_months=DEFAULT_MONTHS,
            published_only=reader is None,
            include_submitted=flt.include_submitted,
            selection=flt.describe(),
            dashboard=dashboard,
            exports=[
                (label, export_url(fmt, query))
                for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"), ("hxl", "HXL"))
            ],
            iati_url=iati_url(user, flt),
            related=related_screens(user, flt),
        )
        return context


def related_screens(user, flt) -> list[tuple[str, str]]:
    """The other Reach screens on the same selection, for those who may open them."""
    from urllib.parse import urlencode

    from campaigns.reporting.overview import may_see_overview

    from .cost import may_see_cost

    links = []
    if may_see_cost(user):
        query = urlencode(flt.query_items())
        links.append((_("Cost per person reached"), f"{reverse('reporting:cost')}?{query}"))
    if may_see_overview(user):
        query = urlencode(overview_query(flt))
        links.append((_("Who has reported (reporting overview)"),
                      f"{reverse('reporting:overview')}?{query}"))  # fmt: skip
    return links


def overview_query(flt) -> list[tuple[str, str]]:
    """The reporting overview's parameters for the same months (and the country, if one):
    the overview refuses months to come and more than MAX_MONTHS at a time, so the period is
    cut to its latest months that have begun."""
    from campaigns.reporting.months import add_months

    from .overview import FIRST_MONTH, MAX_MONTHS

    this_month = timezone.localdate().replace(day=1)
    month_to = max(min(flt.month_to or this_month, this_month), FIRST_MONTH)
    earliest = max(add_months(month_to, 1 - MAX_MONTHS), FIRST_MONTH)
    month_from = min(max(flt.month_from or earliest, earliest), month_to)
    items = [("month_from", f"{month_from:%Y-%m}"), ("month_to", f"{month_to:%Y-%m}")]
    if len(flt.countries) == 1:
        items.append(("country", flt.countries[0]))
    return items


def export_url(fmt: str, query) -> str:
    from urllib.parse import urlencode

    return f"{reverse('reporting:dashboard_export', args=[fmt])}?{urlencode(query)}"


def iati_url(user, flt) -> str | None:
    """The IATI file of the same campaigns, for those who may export it (if that screen is
    there)."""
    try:
        from .iati import iati_download_url, may_export_iati
    except ImportError:  # pragma: no cover - another part of issue 13
        return None
    return iati_download_url(flt) if may_export_iati(user) else None


class DashboardExportView(DashboardAccessMixin, exports.ExportButtonView):
    """The current view (filters and grouping) as a file, built by a background task
    (campaigns.reporting.export_tasks) that a POST queues (the screen's buttons are forms); a
    GET shows a button only. An invalid filter goes back to the screen, which says what is
    wrong, rather than exporting something else."""

    def get_back_url(self) -> str:
        return f"{reverse('reporting:dashboard')}?{self.request.GET.urlencode()}"

    def valid(self) -> bool:
        form, grouping, _flt, _by, _defaulted = read_view(self.request)
        return form.is_valid() and grouping.is_valid()

    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs) if self.valid() else self.back()

    def post(self, request, fmt):
        if not self.valid():
            return self.back()
        return exports.start(request, "dashboard", fmt) or self.back()  # a task (exports.py)

    def back(self):
        return redirect(self.get_back_url())


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_dashboard(request.user)


def dashboard_menu_item():
    return DashboardMenuItem(
        _("Dashboard"), reverse("reporting:dashboard"), icon_name="table", order=870
    )


urlpatterns = [
    re_path(r"^dashboard/$", DashboardView.as_view(), name="dashboard"),
    re_path(
        r"^dashboard/export/(?P<fmt>csv|xlsx|hxl)/$",
        DashboardExportView.as_view(),
        name="dashboard_export",
    ),
]


def menu_items():
    return [dashboard_menu_item]
