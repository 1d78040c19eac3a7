"""The campaign audit in the admin (Reports > Campaign audit): who submitted, approved, asked for
changes to, published and unpublished which campaign content, and when.

Built on Wagtail's site history report (``LogEntriesView``), read from Wagtail's own logs: the
``PageLogEntry`` rows of country and campaign pages and the ``ModelLogEntry`` rows of materials,
limited to these actions (names as registered in ``wagtail/wagtail_hooks.py``):

* ``wagtail.workflow.start`` (submitted for review), ``wagtail.workflow.resume`` (resubmitted
  after changes were requested),
* ``wagtail.workflow.approve`` and ``wagtail.workflow.reject`` (approved, changes requested; each
  with its task and the reviewer's comment),
* ``wagtail.publish``, ``wagtail.publish.scheduled``, ``wagtail.unpublish``,
  ``wagtail.unpublish.scheduled``.

Filters: country (pages through ``CountryPage.country`` and ``CampaignPage.country``, materials
through their campaign's country), campaign (the campaign page itself, materials through
``Material.campaign``), action, user and date range. A filter value that does not fit (a campaign
of another country, a malformed date) is dropped and the others still apply. ``?export=csv`` and
``?export=xlsx`` download the filtered rows (Wagtail's SpreadsheetExportMixin; XLSX needs
openpyxl), dates in UTC.

Who may see it: users who can open the admin (Wagtail checks that first) and are superusers or
members of Administrators, M&E officers or Funder reviewers; everybody else gets a 403. These
roles answer for the review process (IOM internally, monitoring and evaluation, the funder). The
log entries are not narrowed to the pages the user may edit, as Wagtail's site history does: a
funder reviewer or an M&E officer edits nothing but audits everything.

A page of the report runs a fixed number of queries: the union of both logs, its count, the
entries of each log and one query per kind of item for the country and campaign.
"""

import datetime
from collections import defaultdict

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.forms import CheckboxSelectMultiple
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, MultipleUserFilter, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry, PageLogEntry

from campaigns.access.roles import ADMINISTRATORS, ME_OFFICERS, REVIEWERS
from campaigns.content.views.review_queue import attach_current_tasks, forbidden, labelled_paginator
from campaigns.content.views.translation_status import campaign_filter_queryset
from campaigns.models import CampaignPage, Country, CountryPage, Material

app_name = "campaigns_audit"

# The actions audited, in the order the filter lists them, with the label the report shows.
AUDITED_ACTIONS = {
    "wagtail.workflow.start": _("Submitted for review"),
    "wagtail.workflow.resume": _("Resubmitted for review"),
    "wagtail.workflow.approve": _("Approved"),
    "wagtail.workflow.reject": _("Changes requested"),
    "wagtail.publish": _("Published"),
    "wagtail.publish.scheduled": _("Published (scheduled)"),
    "wagtail.unpublish": _("Unpublished"),
    "wagtail.unpublish.scheduled": _("Unpublished (scheduled)"),
}

# Groups whose members may read the audit (besides superusers).
AUDIT_ROLES = (ADMINISTRATORS, ME_OFFICERS, REVIEWERS)

AUDITED_PAGE_MODELS = (CountryPage, CampaignPage)


def user_can_audit(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_campaigns_can_audit"):
        user._campaigns_can_audit = user.groups.filter(name__in=AUDIT_ROLES).exists()
    return user._campaigns_can_audit


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_audit(request.user)


# --- The log entries audited --------------------------------------------------------------------


def page_entries():
    content_types = ContentType.objects.get_for_models(*AUDITED_PAGE_MODELS).values()
    return PageLogEntry.objects.filter(action__in=AUDITED_ACTIONS).filter(
        Q(content_type__in=content_types) | Q(page__content_type__in=content_types)
    )


def material_entries():
    return ModelLogEntry.objects.filter(
        action__in=AUDITED_ACTIONS,
        content_type=ContentType.objects.get_for_model(Material),
    )


# Each log model with its base queryset; the index tells the rows of the union apart.
LOG_SOURCES = ((PageLogEntry, page_entries), (ModelLogEntry, material_entries))


def material_ids(**filters):
    """Material pks as text, to compare with ModelLogEntry.object_id (a CharField)."""
    return (
        Material.objects.filter(**filters)
        .annotate(object_id_text=Cast("pk", output_field=CharField()))
        .values("object_id_text")
    )


def audit_users(request):
    User = get_user_model()
    ids = set()
    for _model, entries in LOG_SOURCES:
        ids.update(entries().order_by().values_list("user_id", flat=True).distinct())
    return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


class CampaignAuditFilterSet(WagtailFilterSet):
    """Applied to each log's queryset in turn; country and campaign differ for pages and
    materials."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        empty_label=_("All countries"),
        method="filter_country",
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=campaign_filter_queryset,
        empty_label=_("All campaigns"),
        method="filter_campaign",
    )
    action = django_filters.MultipleChoiceFilter(
        label=_("Action"),
        choices=list(AUDITED_ACTIONS.items()),
        widget=CheckboxSelectMultiple,
    )
    user = MultipleUserFilter(label=_("User"), queryset=audit_users, widget=CheckboxSelectMultiple)
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = PageLogEntry
        fields = []

    def filter_country(self, queryset, name, value):
        if queryset.model is PageLogEntry:
            return queryset.filter(
                Q(page__countrypage__country=value) | Q(page__campaignpage__country=value)
            )
        return queryset.filter(object_id__in=material_ids(campaign__country=value))

    def filter_campaign(self, queryset, name, value):
        if queryset.model is PageLogEntry:
            return queryset.filter(page_id=value.pk)
        return queryset.filter(object_id__in=material_ids(campaign=value))


# --- The report ---------------------------------------------------------------------------------


class CampaignAuditView(LogEntriesView):
    template_name = "campaigns/admin/campaign_audit.html"
    results_template_name = "campaigns/admin/campaign_audit_results.html"
    page_title = _("Campaign audit")
    header_icon = "history"
    filterset_class = CampaignAuditFilterSet
    index_url_name = f"{app_name}:index"
    index_results_url_name = f"{app_name}:results"
    verbose_name_plural = _("submissions, reviews or publications")
    paginate_by = 50
    paginator_class = labelled_paginator(_("entry"), _("entries"))

    export_headings = {
        "timestamp": _("Date/time (UTC)"),
        "action_label": _("Action"),
        "label": _("Item"),
        "kind_label": _("Type"),
        "country_name": _("Country"),
        "campaign_name": _("Campaign"),
        "task_name": _("Task"),
        "comment": _("Comment"),
        "user_display_name": _("User"),
        "object_id": _("ID"),
        "action": _("Action code"),
    }
    list_export = list(export_headings)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "action": {},  # the code itself; "action_label" has the words
            "timestamp": {self.FORMAT_CSV: utc_iso},
        }

    def dispatch(self, request, *args, **kwargs):
        if not user_can_audit(request.user):
            return forbidden(
                request,
                _(
                    "The campaign audit is open to Administrators, M&E officers and "
                    "Funder reviewers."
                ),
                title=self.page_title,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"campaign-audit-{datetime.date.today().isoformat()}"

    def filter_queryset(self, queryset):
        # The valid filters apply even beside an invalid one (django-filter keeps them in
        # cleaned_data); Wagtail's default would drop them all.
        if self.filters:
            self.filters.is_valid()
            queryset = self.filters.filter_queryset(queryset)
        return queryset

    def get_filtered_queryset(self):
        """As Wagtail's site history: a union of values() querysets, one per log model, each
        filtered on its own; the rows are turned into log entries after pagination."""
        self.log_models = [model for model, _entries in LOG_SOURCES]
        queryset = None
        for index, (_model, entries) in enumerate(LOG_SOURCES):
            sub_queryset = (
                entries()
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            sub_queryset = self.filter_queryset(sub_queryset).order_by()
            queryset = sub_queryset if queryset is None else queryset.union(sub_queryset, all=True)
        return queryset.order_by("-timestamp", "-pk")

    def decorate_paginated_queryset(self, queryset):
        rows = list(queryset)
        pks_by_index = defaultdict(list)
        for row in rows:
            pks_by_index[row["log_model_index"]].append(row["pk"])
        entries = {}
        for index, pks in pks_by_index.items():
            for entry in (
                self.log_models[index]
                .objects.select_related("user", "content_type")
                .filter(pk__in=pks)
            ):
                entries[(index, entry.pk)] = entry
        ordered = [entries[(row["log_model_index"], row["pk"])] for row in rows]
        self.describe(ordered)
        return ordered

    def describe(self, entries):
        """Country, campaign, task, comment and edit link of each entry, in fixed queries."""
        page_ids = {entry.page_id for entry in entries if isinstance(entry, PageLogEntry)}
        material_pks = {
            int(entry.object_id)
            for entry in entries
            if isinstance(entry, ModelLogEntry) and entry.object_id.isdigit()
        }
        pages = {}
        if page_ids:
            for model in AUDITED_PAGE_MODELS:
                pages.update(
                    model.objects.select_related("country")
                    .prefetch_workflow_states()
                    .in_bulk(page_ids)
                )
            attach_current_tasks(pages.values())
        materials = (
            Material.objects.select_related("campaign__country").in_bulk(material_pks)
            if material_pks
            else {}
        )
        urls = AdminURLFinder(self.request.user)
        for entry in entries:
            if isinstance(entry, PageLogEntry):
                item = pages.get(entry.page_id)
            else:
                item = materials.get(int(entry.object_id)) if entry.object_id.isdigit() else None
            country, campaign = None, None
            if isinstance(item, Material):
                country, campaign = item.campaign.country, item.campaign
            elif isinstance(item, CampaignPage):
                country, campaign = item.country, item
            elif isinstance(item, CountryPage):
                country = item.country
            workflow = (entry.data or {}).get("workflow") or {}
            entry.item = item
            entry.country = country
            entry.campaign = campaign
            entry.country_name = str(country) if country else ""
            entry.campaign_name = campaign.title if campaign else ""
            entry.action_label = str(AUDITED_ACTIONS.get(entry.action, entry.action))
            entry.kind_label = capfirst(kind_of_entry(entry, item))
            # Reviews name their task; a submission, the task it goes to.
            entry.task_name = (workflow.get("task") or workflow.get("next") or {}).get("title", "")
            entry.comment = (entry.data or {}).get("comment", "") or ""
            entry.edit_url = urls.get_edit_url(item) if item is not None else None


def kind_of_entry(entry, item) -> str:
    if isinstance(item, Material):
        return f"{Material._meta.verbose_name} · {item.get_material_type_display()}"
    if item is not None:
        return item._meta.verbose_name
    model = entry.content_type.model_class() if entry.content_type_id else None
    return model._meta.verbose_name if model else ""


def utc_iso(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


urlpatterns = [
    path("", CampaignAuditView.as_view(), name="index"),
    path("results/", CampaignAuditView.as_view(results_only=True), name="results"),
]
