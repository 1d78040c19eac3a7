"""Reach > Cost per person reached: allocations over validated direct reach by funder, agreement,
campaign and channel (campaigns.reporting.cost), with its method, and as CSV or XLSX.

Who: M&E officers and administrators (they validate the figures) and finance officers (they
record the allocations); superusers. It puts every funder's money beside every organisation's
figures, as the IATI export does, so the same roles (campaigns.reporting.views.iati): not
reporters (their own organisations' figures only), nor editors, translators or funder
reviewers, whose work is the content (a reviewer approves for one funder, and this compares
them all). M&E officers and administrators read the figures as campaigns.reach.access lets
them (everything); finance officers, who read no reports, the published figures (validated and
locked, ``reader=None``). Only validated figures count either way, so both see the same costs.

Filters: period, country, campaign, funder, agreement (ReachFilter), and which indicator of
people reached directly. ``?export=csv`` or ``?export=xlsx`` with the same filters downloads the
view, with the filters and the method written above the table (campaigns.reporting.tables).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import EMPTY, TitledScreenMixin, number
from campaigns.funding.currencies import format_money
from campaigns.funding.models import FUNDING_STATUSES
from campaigns.reach import access
from campaigns.reporting import cost, tables
from campaigns.reporting.filters import ReachFilterForm

URL_NAME = "reporting:cost"
FILTERS = ("month_from", "month_to", "country", "campaign", "funder", "agreement")
EXPORTS = ("csv", "xlsx")
LEVEL_TITLES = {
    "funder": _("By funder"),
    "agreement": _("By agreement"),
    "campaign": _("By campaign"),
    "channel": _("By channel"),
}
STATE_TEXT = {"no_figures": _("No figures yet"), "no_one": _("No one reached")}


def may_see_cost(user) -> bool:
    """M&E officers and administrators, finance officers (and superusers)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (access.can_validate(user) or user.has_perm("campaigns.change_allocation"))
    )


def figures_reader(user):
    """The user, whose figures access.py scopes, or None (the published figures) for a finance
    officer who reads no reports."""
    return user if access.sees_everything(user) else None


class CostFilterForm(ReachFilterForm):
    """The dashboards' filters that money follows, over every country and campaign (the roles
    of this screen see them all), and the indicator of people reached directly."""

    indicator = forms.ModelChoiceField(
        label=_("People reached directly (indicator)"),
        queryset=None,
        required=False,
        empty_label=None,
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        from campaigns.models import CampaignPage, Country

        for name in list(self.fields):
            if name not in (*FILTERS, "indicator"):
                del self.fields[name]
        self.fields["country"].queryset = Country.objects.all()
        self.fields["campaign"].queryset = CampaignPage.objects.order_by("title")
        self.fields["agreement"].queryset = self.fields["agreement"].queryset.filter(
            status__in=FUNDING_STATUSES
        )  # only those that fund campaigns count
        self.fields["indicator"].queryset = cost.direct_reach_indicators()
        self.fields["indicator"].label_from_instance = lambda indicator: indicator.name

    def chosen_indicator(self):
        if self.is_valid() and self.cleaned_data.get("indicator"):
            return self.cleaned_data["indicator"]
        return None


def money(amount: Decimal | None, currency: str) -> str:
    return EMPTY if amount is None else format_money(amount, currency)


def display_rows(report: cost.CostReport) -> list[dict]:
    """Each level's rows as the screen shows them (money and numbers in the reader's way)."""
    sections = []
    for level, rows in report.rows.items():
        shown = []
        for row in rows:
            shown.append(
                {
                    "row": row,
                    "amount": money(row.amount, row.currency) if row.reached is not None else "",
                    "reached": EMPTY if row.reached is None else number(row.reached),
                    "cost": money(row.cost, row.currency) if row.cost is not None else "",
                    "state": STATE_TEXT.get(row.state, ""),
                    "without": money(row.amount_without_figures, row.currency)
                    if row.amount_without_figures
                    else "",
                    "months_without": row.months_without_label(),
                    "gap_lines": row.gap_lines(),
                    "gap_summary": gap_summary(row),
                }
            )
        sections.append({"level": level, "title": LEVEL_TITLES[level], "rows": shown})
    return sections


def gap_summary(row: cost.CostRow) -> str:
    """What the screen shows of a row's months without figures before it is unfolded: their
    number, counted per campaign where the row covers several (a funder's month may lack one
    campaign's figures only)."""
    count = row.gap_count
    if row.level == "campaign" or len(row.gaps) < 2:
        return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}
    return ngettext("%(count)s campaign-month", "%(count)s campaign-months", count) % {
        "count": count
    }


def cost_table(report: cost.CostReport) -> tables.Table:
    """One table of every level's rows, for CSV and XLSX: numbers stay numbers."""
    columns = [
        tables.Column("level", gettext("Grouped by")),
        tables.Column("funder", gettext("Funder")),
        tables.Column("agreement", gettext("Agreement")),
        tables.Column("campaign", gettext("Campaign")),
        tables.Column("channel", gettext("Channel")),
        tables.Column("currency", gettext("Currency")),
        tables.Column("amount", gettext("Amount of the months with figures")),
        tables.Column("reached", gettext("People reached directly")),
        tables.Column("cost", gettext("Cost per person reached")),
        tables.Column("note", gettext("Note")),
        tables.Column("without", gettext("Amount of the months without figures yet")),
        tables.Column("months_without", gettext("Months without figures yet")),
    ]
    rows = []
    for level, level_rows in report.rows.items():
        for row in level_rows:
            cost_value = row.cost
            rows.append(
                {
                    "level": str(LEVEL_TITLES[level]),
                    **{name: row.labels.get(name) or None for name in cost.LEVELS},
                    "currency": row.currency,
                    "amount": cost.round_money(row.amount, row.currency),
                    "reached": row.reached,
                    "cost": None
                    if cost_value is None
                    else cost.round_money(cost_value, row.currency, 2),
                    "note": str(STATE_TEXT.get(row.state, "")) or None,
                    "without": cost.round_money(row.amount_without_figures, row.currency)
                    if row.amount_without_figures
                    else None,
                    "months_without": row.months_without_label() or None,
                }
            )
    return tables.Table(gettext("Cost per person reached"), columns, rows)


class CostView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reporting/cost.html"
    page_title = _("Cost per person reached")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_cost(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        user = request.user
        form = CostFilterForm(request.GET or None, user=user)
        valid = not form.is_bound or form.is_valid()
        flt = form.reach_filter()
        report = cost.cost_per_person(figures_reader(user), flt, form.chosen_indicator())
        export = request.GET.get("export")
        if export is not None:
            if export not in EXPORTS:
                raise Http404
            ignored = {gettext("Organisations"), gettext("Channels")}  # money has neither
            described = [line for line in flt.describe() if line[0] not in ignored]
            described.append((gettext("Indicator"), _indicator_name(report)))
            method = [(gettext("Method"), line) for line in cost.method()]
            return tables.download(
                cost_table(report), described + method, export, "cost-per-person-reached"
            )
        query = request.GET.copy()
        query.pop("export", None)
        context = self.get_context_data(
            form=form,
            valid=valid,
            report=report,
            sections=display_rows(report),
            method=cost.method(),
            indicator_name=_indicator_name(report),
            exports=[(fmt.upper(), _export_url(query, fmt)) for fmt in EXPORTS],
        )
        return self.render_to_response(context)


def _indicator_name(report) -> str:
    return report.indicator.name if report.indicator else gettext("none defined")


def _export_url(query, fmt: str) -> str:
    query = query.copy()
    query["export"] = fmt
    return f"{reverse(URL_NAME)}?{query.urlencode()}"


class CostMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_cost(request.user)


def cost_menu_item():
    return CostMenuItem(
        _("Cost per person reached"), reverse(URL_NAME), icon_name="table", order=940
    )


urlpatterns = [path("cost/", CostView.as_view(), name="cost")]


def menu_items():
    return [cost_menu_item]
