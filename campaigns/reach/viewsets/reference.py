"""Reference data in the admin's "Reach" menu: indicators, age bands, targets, organisations.

M&E officers manage indicators and targets, administrators organisations; the others read them.
Targets are scoped to the countries the user may read (``targets_visible_to``), in the listing,
the export and the chooser alike.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import chooser, snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from campaigns.admin_display import ReadableInspectMixin, SnippetWordsMixin, yes_no

from ..access import countries_visible_to, sees_everything
from ..admin.listing import TargetFilterSet, progress_columns, target_columns
from ..admin.targets import TargetIndexView
from ..models import AgeBand, Indicator, ReportingOrganisation, Target


class IndicatorInspectView(ReadableInspectMixin, snippets.InspectView):
    def get_unit_display_value(self):
        return self.object.unit_label  # "personnes" on a French screen, not "people"


class IndicatorViewSet(SnippetWordsMixin, SnippetViewSet):
    """M&E officers manage indicators; reporters, editors and reviewers read them."""

    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    add_item_label = _("Add an indicator")
    new_item_label = _("New indicator")
    list_display = [
        "code",
        "name",
        "kind",
        Column("unit_label", label=_("Unit"), sort_key="unit"),
        yes_no(Indicator, "by_sex"),
        yes_no(Indicator, "by_age"),
        "aggregation",
        yes_no(Indicator, "active"),
    ]
    list_filter = ["kind", "aggregation", "active"]
    search_fields = ["code", "name"]
    inspect_view_enabled = True
    inspect_view_class = IndicatorInspectView
    list_export = ["code", "name", "kind", "unit", "by_sex", "by_age", "aggregation", "active"]
    export_filename = "indicators"


class AgeBandViewSet(SnippetWordsMixin, SnippetViewSet):
    model = AgeBand
    icon = "list-ol"
    menu_label = _("Age bands")
    add_item_label = _("Add an age band")
    new_item_label = _("New age band")
    list_display = ["name", "code", "min_age", "max_age", "sort_order"]


def targets_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Targets of campaigns in a country the user may read (listing, export and chooser)."""
    queryset = Target.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_everything(user):
        return queryset
    return queryset.filter(campaign__country__in=countries_visible_to(user).values("pk"))


class TargetChooseMixin:
    def get_object_list(self):
        return targets_visible_to(self.request.user).select_related("campaign", "indicator")


class TargetChooseView(TargetChooseMixin, chooser.ChooseView):
    pass


class TargetChooseResultsView(TargetChooseMixin, chooser.ChooseResultsView):
    pass


class TargetChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return targets_visible_to(self.request.user).get(pk=pk)


class TargetChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return targets_visible_to(self.request.user).filter(pk__in=pks)


class TargetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = TargetChooseView
    choose_results_view_class = TargetChooseResultsView
    chosen_view_class = TargetChosenView
    chosen_multiple_view_class = TargetChosenMultipleView


class TargetViewSet(SnippetWordsMixin, SnippetViewSet):
    """M&E officers set targets per campaign and indicator, optionally for a period; reporters
    read those of their organisations' countries (targets_visible_to). The listing shows each
    target's progress (TargetIndexView)."""

    model = Target
    icon = "crosshairs"
    menu_label = _("Targets")
    add_item_label = _("Add a target")
    new_item_label = _("New target")
    list_display = [*target_columns(), *progress_columns()]
    filterset_class = TargetFilterSet
    index_view_class = TargetIndexView
    list_export = [
        "campaign.code",
        "campaign.title",
        "campaign.country.code",
        "indicator.code",
        "indicator.name",
        "period_start",
        "period_end",
        "value",
        "achieved",  # the three figures: TargetIndexView
        "remaining",
        "percent",
    ]
    export_headings = {
        "campaign.code": _("Campaign code"),
        "campaign.title": _("Campaign"),
        "campaign.country.code": _("Country code"),
        "indicator.code": _("Indicator code"),
        "indicator.name": _("Indicator"),
        "achieved": _("Achieved"),
        "remaining": _("Remaining"),
        "percent": _("% of target"),
    }
    export_filename = "targets"
    panels = [  # headings: the model's foreign keys have no translated verbose name
        FieldPanel("campaign", heading=_("Campaign")),
        FieldPanel("indicator", heading=_("Indicator")),
        FieldPanel("country", heading=_("Country")),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("value"),
    ]

    chooser_viewset_class = TargetChooserViewSet

    def get_queryset(self, request):
        return targets_visible_to(request.user).select_related("campaign", "indicator", "country")


class OrganisationViewSet(SnippetWordsMixin, SnippetViewSet):
    """Administrators manage organisations and their members; M&E officers see them."""

    model = ReportingOrganisation
    icon = "group"
    menu_label = _("Reporting organisations")
    add_item_label = _("Add a reporting organisation")
    new_item_label = _("New reporting organisation")
    list_display = ["name", "kind"]
    list_filter = ["kind", "countries"]
    search_fields = ["name"]
