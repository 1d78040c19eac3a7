"""Funding in the admin: funders, agreements and allocations, under one "Funding" menu.

Snippet viewsets, so Wagtail gives them choosers, history, usage, inspect views, CSV/XLSX export
and its model permissions: Finance officers and Administrators add, change and delete; editors,
translators, reviewers and M&E officers only view (campaigns.access.roles).
"""

from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from campaigns.admin_display import ReadableInspectMixin, SnippetWordsMixin, yes_no
from campaigns.models import CampaignPage, Country

from .currencies import currency_choices
from .models import AgreementStatus, Allocation, Funder, FundingAgreement


def currency_panel():
    return FieldPanel("currency", widget=forms.Select(choices=currency_choices))


class SaveRefusalMixin:
    """A rule re-checked at save time (under the agreement's row lock) becomes a form error:
    the page again with the form and the error, status 200, nothing saved (Wagtail's
    ``form_valid`` runs the save in ``transaction.atomic()``, rolled back by the exception)."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_refusal(form, error)
            # What Wagtail's is_valid() sets when the form itself is refused; form_invalid()
            # reads them (and answers autosave's JSON requests with them).
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


def add_refusal(form, error: ValidationError) -> None:
    """Each message on its field when the form has it, otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.error_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class FunderInspectView(ReadableInspectMixin, snippets.InspectView):
    pass


class FunderViewSet(SnippetWordsMixin, SnippetViewSet):
    model = Funder
    add_item_label = _("Add a funder")
    new_item_label = _("New funder")
    icon = "pick"
    menu_label = _("Funders")
    list_display = [
        "name",
        "short_name",
        yes_no(Funder, "requires_visibility"),
        yes_no(Funder, "accepts_fallback_statement"),
    ]
    list_filter = ["requires_visibility", "accepts_fallback_statement", "discloses_amounts"]
    search_fields = ["name", "short_name"]
    inspect_view_enabled = True
    inspect_view_class = FunderInspectView
    list_export = [
        "name",
        "short_name",
        "iati_identifier",
        "website",
        "requires_visibility",
        "accepts_fallback_statement",
        "discloses_amounts",
    ]
    export_filename = "funders"


class AgreementFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    campaign = django_filters.ModelChoiceFilter(
        field_name="allocations__campaign",
        queryset=CampaignPage.objects.order_by("title"),
        label=_("Funds campaign"),
        distinct=True,
    )

    class Meta:
        model = FundingAgreement
        fields = ["funder", "status", "currency", "campaign"]


class AgreementInspectView(ReadableInspectMixin, snippets.InspectView):
    def get_amount_display_value(self):
        """In the reader's language, with the currency's symbol (Babel), not 1200000.00."""
        return self.object.formatted()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        allocations = list(
            agreement.allocations.select_related("campaign__country").order_by("start_date")
        )
        allocated = sum((allocation.amount for allocation in allocations), Decimal(0))
        context.update(
            agreement=agreement,
            allocations=allocations,
            allocated=agreement.formatted(allocated),
            unallocated=agreement.formatted(agreement.amount - allocated),
            over_allocated=allocated > agreement.amount,
            outside_period=[a for a in allocations if a.outside_agreement_period],
            can_allocate=self.request.user.has_perm("campaigns.add_allocation"),
            add_allocation_url=reverse("wagtailsnippets_campaigns_allocation:add")
            + f"?agreement={agreement.pk}",
        )
        return context


class AgreementEditView(SaveRefusalMixin, snippets.EditView):
    pass


class AgreementViewSet(SnippetWordsMixin, SnippetViewSet):
    model = FundingAgreement
    add_item_label = _("Add a funding agreement")
    new_item_label = _("New funding agreement")
    icon = "doc-full"
    menu_label = _("Agreements")
    list_display = [
        "reference",
        "title",
        "funder",
        "amount_display",
        "unallocated_display",
        "status",
    ]
    filterset_class = AgreementFilterSet
    search_fields = ["reference", "title", "programme"]
    inspect_view_enabled = True
    inspect_view_class = AgreementInspectView
    inspect_template_name = "campaigns/funding/agreement_inspect.html"
    edit_view_class = AgreementEditView
    list_export = [
        "reference",
        "title",
        "funder",
        "programme",
        "amount",
        "currency",
        "allocated_total",
        "start_date",
        "end_date",
        "status",
    ]
    export_headings = {"allocated_total": _("Allocated")}
    export_filename = "funding-agreements"
    panels = [
        FieldPanel("funder"),
        FieldRowPanel([FieldPanel("reference"), FieldPanel("status")]),
        FieldPanel("title"),
        FieldPanel("programme"),
        FieldRowPanel([FieldPanel("amount"), currency_panel()], heading=_("Amount")),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Period")),
        FieldPanel("notes"),
        InlinePanel("documents", heading=_("Documents"), label=_("document")),
    ]

    def get_queryset(self, request):
        return FundingAgreement.objects.select_related("funder").annotate(
            allocated_total=Coalesce(
                Sum("allocations__amount"), Value(0), output_field=DecimalField()
            )
        )


class AllocationFilterSet(WagtailFilterSet):
    funder = django_filters.ModelChoiceFilter(
        field_name="agreement__funder", queryset=Funder.objects.all(), label=_("Funder")
    )
    country = django_filters.ModelChoiceFilter(
        field_name="campaign__country", queryset=Country.objects.all(), label=_("Country")
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=CampaignPage.objects.order_by("title"), label=_("Campaign")
    )

    class Meta:
        model = Allocation
        fields = ["agreement", "funder", "country", "campaign"]


class AllocationCreateView(SaveRefusalMixin, snippets.CreateView):
    def get_initial(self):
        """``?agreement=<id>&campaign=<id>`` from an agreement's or a campaign's screen."""
        initial = super().get_initial()
        for field in ("agreement", "campaign"):
            value = self.request.GET.get(field, "")
            if value.isdigit():
                initial[field] = int(value)
        agreement = FundingAgreement.objects.filter(pk=initial.get("agreement")).first()
        if agreement:
            initial.update(
                currency=agreement.currency,
                start_date=agreement.start_date,
                end_date=agreement.end_date,
            )
        return initial


class AllocationEditView(SaveRefusalMixin, snippets.EditView):
    pass


class AllocationInspectView(ReadableInspectMixin, snippets.InspectView):
    def get_amount_display_value(self):
        return self.object.formatted_amount


class AllocationViewSet(SnippetWordsMixin, SnippetViewSet):
    model = Allocation
    add_item_label = _("Add an allocation")
    new_item_label = _("New allocation")
    icon = "resubmit"
    menu_label = _("Allocations")
    list_display = [
        "agreement",
        "campaign",
        Column("formatted_amount", label=_("Amount"), sort_key="amount"),
        "start_date",
        "end_date",
    ]
    filterset_class = AllocationFilterSet
    search_fields = ["agreement__reference", "agreement__title", "campaign__title"]
    inspect_view_enabled = True
    inspect_view_class = AllocationInspectView
    add_view_class = AllocationCreateView
    edit_view_class = AllocationEditView
    copy_view_enabled = False
    list_export = [
        "agreement.funder.name",
        "agreement.reference",
        "campaign.title",
        "campaign.country.code",
        "amount",
        "currency",
        "start_date",
        "end_date",
    ]
    export_headings = {
        "agreement.funder.name": _("Funder"),
        "agreement.reference": _("Agreement"),
        "campaign.title": _("Campaign"),
        "campaign.country.code": _("Country"),
    }
    export_filename = "allocations"
    panels = [
        FieldPanel("agreement"),
        FieldPanel("campaign"),
        FieldRowPanel([FieldPanel("amount"), currency_panel()], heading=_("Amount")),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Period")),
        FieldPanel("notes"),
    ]

    def get_queryset(self, request):
        return Allocation.objects.select_related("agreement__funder", "campaign__country")


class FundingViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Funding")
    menu_icon = "pick"
    menu_order = 250
    items = (AgreementViewSet, AllocationViewSet, FunderViewSet)
