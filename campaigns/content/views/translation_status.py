"""Translation status in the admin (Reports > Translation status).

The report is a matrix: the pages of the whole site (home, campaigns index, footer pages), then
per country its page, campaign pages and materials, each in the languages it is offered in (the
country's plus the site-wide ones; every language for the whole site's pages). Each cell says
complete / partly translated / not translated with the count of fields, how many texts are *out of
date* (translated before their source last changed: ``campaigns.translation.staleness``), and
links to the editor open on that language (``?language=wo``, which the editors honour), for
people allowed to edit the item. A summary gives the share of items complete per language. A
detail view lists one item's fields language by language. The rules themselves are in
``campaigns.content.translation_status``.

Fitting a 1280-px screen: each country's group is its own table whose columns are that country's
languages (three to six: its own plus the site-wide ones), so no column is empty and a translator
reads down their language. A group offered in more languages than fit as columns (the whole site's
pages, in every language) lists each row's languages as chips that wrap instead.

The matrix runs a fixed number of queries, however many items there are: one per kind of item
(plus prefetches), with the translated columns, the latest revision, the country and the versions
loaded up front, and one for every item's stale-translation rows. What the templates get (cells,
rows, groups, numbers formatted with Babel in the admin user's language) is in
``translation_status_display``.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page

from campaigns.access.admin_access import is_content_user
from campaigns.content.models.countries import content_language_codes
from campaigns.content.translation_status import (
    TranslationStatus,
    mark_stale,
    offered_language_codes,
    ordered_language_codes,
    sitewide_pages,
    status_fields,
    summarize,
    translation_status,
)
from campaigns.content.views.translation_status_display import (
    APP_NAME,
    Cell,
    Column,
    CountryGroup,
    Row,
    SummaryRow,
    detail_url,
    kind_of,
    language_label,
    set_columns,
)
from campaigns.i18n.languages import get_language
from campaigns.models import CampaignPage, Country, CountryPage, Material
from campaigns.translation.staleness import item_key, stale_keys

app_name = APP_NAME

# --- Who may read the reports ------------------------------------------------------------------


class ContentUsersOnly:
    """The reports list every page and material with their drafts' state: the content roles
    only (campaigns.access.admin_access.is_content_user), not reporters, finance or M&E officers."""

    def dispatch(self, request, *args, **kwargs):
        if not is_content_user(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- The matrix report --------------------------------------------------------------------------


def language_filter_choices():
    return [(code, language_label(get_language(code))) for code in content_language_codes()]


def campaign_filter_queryset(request):
    """Campaigns to choose from, narrowed to the chosen country."""
    campaigns = CampaignPage.objects.order_by("title")
    country = request.GET.get("country") if request else None
    # ASCII digits of a database integer ("²".isdigit() is true; 20 digits overflow SQLite).
    if country and country.isascii() and country.isdigit() and len(country) <= 18:
        campaigns = campaigns.filter(country_id=country)
    return campaigns


class TranslationStatusFilterSet(WagtailFilterSet):
    """Read by the view itself: the matrix mixes three models, one queryset per kind of item."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.all(), empty_label=_("All countries")
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=campaign_filter_queryset, empty_label=_("All campaigns")
    )
    missing_in = django_filters.ChoiceFilter(
        label=_("Not complete in"),
        choices=language_filter_choices,
        empty_label=_("Any language"),
    )
    out_of_date_in = django_filters.ChoiceFilter(
        label=_("Out of date in"),
        choices=language_filter_choices,
        empty_label=_("Any language"),
    )

    class Meta:
        model = Country
        fields = []


class TranslationStatusReportView(ContentUsersOnly, ReportView):
    template_name = "campaigns/admin/translation_status_report.html"
    results_template_name = "campaigns/admin/translation_status_results.html"
    page_title = _("Translation status")
    header_icon = "globe"
    filterset_class = TranslationStatusFilterSet
    index_url_name = f"{app_name}:index"
    index_results_url_name = f"{app_name}:results"
    paginate_by = None  # the matrix is grouped; the summary covers every row shown
    verbose_name_plural = _("pages or materials")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False  # no spreadsheet export of a matrix

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": Country.objects.none()}

    @cached_property
    def filter_values(self) -> dict:
        """The valid filters, even beside an invalid one (a campaign of another country)."""
        if not self.filters:
            return {}
        self.filters.is_valid()  # cleans the form; cleaned_data keeps the valid values
        return self.filters.form.cleaned_data

    def filter_queryset(self, queryset):
        return queryset  # the filters apply to each kind of item in load_statuses()

    def get_filtered_queryset(self):
        return self.build_rows(self.load_statuses())

    def load_statuses(self) -> list[TranslationStatus]:
        """Every item's status, in a fixed number of queries."""
        country = self.filter_values.get("country")
        campaign = self.filter_values.get("campaign")
        country_pages = (
            CountryPage.objects.select_related("country", "latest_revision")
            .prefetch_workflow_states()
            .order_by("path")
        )
        campaign_pages = (
            CampaignPage.objects.select_related("country", "latest_revision")
            .prefetch_workflow_states()
            .order_by("path")
        )
        materials = (
            Material.objects.select_related("latest_revision")
            .prefetch_related("versions")
            .order_by("material_type", "title", "pk")
        )
        if country:
            country_pages = country_pages.filter(country=country)
            campaign_pages = campaign_pages.filter(country=country)
            materials = materials.filter(campaign__country=country)
        if campaign:
            country_pages = country_pages.none()
            campaign_pages = campaign_pages.filter(pk=campaign.pk)
            materials = materials.filter(campaign=campaign)

        campaign_pages = list(campaign_pages)
        campaigns_by_id = {page.pk: page for page in campaign_pages}
        materials = list(materials)
        for material in materials:
            # The campaign (and its country) is already loaded: no query per material.
            if material.campaign_id in campaigns_by_id:
                material.campaign = campaigns_by_id[material.campaign_id]
        site_pages = sitewide_pages() if not (country or campaign) else []
        items = [*site_pages, *country_pages, *campaign_pages, *materials]
        stale = stale_keys(items)  # one query for every item
        return [
            mark_stale(
                translation_status(item, offered_language_codes(item)),
                stale.get(item_key(item), {}),
            )
            for item in items
        ]

    def build_rows(self, statuses: list[TranslationStatus]) -> list[Row]:
        missing_in = self.filter_values.get("missing_in")
        if missing_in:
            statuses = [
                status
                for status in statuses
                if status.get(missing_in) is not None and not status.is_complete_in(missing_in)
            ]
        out_of_date_in = self.filter_values.get("out_of_date_in")
        if out_of_date_in:
            statuses = [status for status in statuses if status.is_stale_in(out_of_date_in)]
        urls = AdminURLFinder(self.request.user)
        self.language_columns = [
            Column(get_language(code)) for code in ordered_language_codes(statuses)
        ]
        rows = []
        for status in statuses:
            kind, kind_label = kind_of(status.item)
            # Pages: page.permissions_for_user(user).can_edit(); materials: the snippet's
            # permission policy. No edit URL without the permission.
            edit_url = urls.get_edit_url(status.item)
            rows.append(
                Row(
                    status=status,
                    kind=kind,
                    kind_label=kind_label,
                    detail_url=detail_url(status.item),
                    edit_url=edit_url,
                )
            )
        return rows

    def group_rows(self, rows: list[Row]) -> list[CountryGroup]:
        """Per country: its page, then each campaign followed by its materials."""
        by_country: dict = {}
        site_rows = [row for row in rows if row.kind == "site"]
        rows = [row for row in rows if row.kind != "site"]
        for row in rows:
            item = row.item
            campaign = item.campaign if row.kind == "material" else item
            country = item.country if row.kind == "country" else campaign.get_country()
            campaign_key = (campaign.path, campaign.pk) if row.kind != "country" else ("", 0)
            order = {"country": 0, "campaign": 1, "material": 2}[row.kind]
            by_country.setdefault(country, []).append(((campaign_key, order), row))
        groups = [
            CountryGroup(country, [row for _key, row in sorted(entries, key=lambda e: e[0])])
            for country, entries in by_country.items()
        ]
        groups = sorted(groups, key=lambda group: group.name.casefold())
        if site_rows:
            groups.insert(0, CountryGroup(None, site_rows, whole_site=True))
        for group in groups:
            set_columns(group)
        return groups

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = context["object_list"]
        columns = getattr(self, "language_columns", [])
        context["columns"] = columns
        context["groups"] = self.group_rows(rows)
        context["summary"] = [
            SummaryRow(summary)
            for summary in summarize([row.status for row in rows], [c.code for c in columns])
        ]
        return context


# --- One item, field by field -------------------------------------------------------------------


class TranslationStatusDetailView(ContentUsersOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/admin/translation_status_detail.html"
    header_icon = "globe"

    def get_object(self):
        raise NotImplementedError

    @cached_property
    def object(self):
        item = self.get_object()
        if not status_fields(type(item)):
            raise Http404("No translation status for this kind of item.")
        return item

    @cached_property
    def edit_url(self) -> str | None:
        return AdminURLFinder(self.request.user).get_edit_url(self.object)

    def get_page_title(self):
        return _("Translation status")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{app_name}:index"), "label": _("Translation status")},
            {"url": "", "label": str(self.object)},
        ]

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if self.edit_url:
            buttons = [HeaderButton(_("Edit"), self.edit_url, icon_name="edit"), *buttons]
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = mark_stale(
            translation_status(self.object),
            stale_keys([self.object]).get(item_key(self.object), {}),
        )
        kind, kind_label = kind_of(self.object)
        model = type(self.object)
        context.update(
            {
                "item": self.object,
                "status": status,
                "kind": kind,
                "kind_label": kind_label,
                "edit_url": self.edit_url,
                "fields": [
                    (name, str(model._meta.get_field(name).verbose_name))
                    for name in status.counted_fields
                ],
                "ignored_fields": [
                    str(model._meta.get_field(name).verbose_name) for name in status.ignored_fields
                ],
                "languages": [
                    {
                        "state": state,
                        "cell": Cell(state.language, state, self.edit_url),
                    }
                    for state in status.languages
                ],
                "report_url": reverse(f"{app_name}:index"),
            }
        )
        return context


class PageTranslationStatusView(TranslationStatusDetailView):
    def get_object(self):
        return get_object_or_404(Page, pk=self.kwargs["pk"]).specific


class MaterialTranslationStatusView(TranslationStatusDetailView):
    def get_object(self):
        return get_object_or_404(
            Material.objects.select_related("campaign__country", "latest_revision"),
            pk=self.kwargs["pk"],
        )


urlpatterns = [
    path("", TranslationStatusReportView.as_view(), name="index"),
    path("results/", TranslationStatusReportView.as_view(results_only=True), name="results"),
    path("page/<int:pk>/", PageTranslationStatusView.as_view(), name="page"),
    path("material/<int:pk>/", MaterialTranslationStatusView.as_view(), name="material"),
]
