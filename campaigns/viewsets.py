"""Admin viewsets for the content snippets, grouped under one menu item."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from campaigns.models import CampaignPage, Channel, Country, Material, MaterialType
from campaigns.models.materials import language_choices


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    menu_label = _("Countries of origin")
    list_display = ["__str__", "code", "languages", "hotline"]
    search_fields = ["code"]
    inspect_view_enabled = True


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "radio-full"
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]


class MaterialFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(
        queryset=CampaignPage.objects.order_by("title"), label=_("Campaign")
    )
    country = django_filters.ModelChoiceFilter(
        field_name="campaign__country", queryset=Country.objects.all(), label=_("Country")
    )
    language = django_filters.ChoiceFilter(
        field_name="versions__language",
        choices=language_choices,
        label=_("Language"),
        distinct=True,
    )
    material_type = django_filters.ChoiceFilter(choices=MaterialType.choices, label=_("Type"))

    class Meta:
        model = Material
        fields = ["campaign", "country", "language", "material_type", "live"]


class MaterialViewSet(SnippetViewSet):
    model = Material
    icon = "doc-full-inverse"
    list_display = ["title", "campaign", "material_type", "languages_display", "live"]
    filterset_class = MaterialFilterSet
    search_fields = ["title"]
    inspect_view_enabled = True
    list_export = ["uuid", "title", "campaign", "material_type", "languages_display", "live"]

    def get_queryset(self, request):
        return (
            Material.objects.select_related("campaign", "latest_revision", "locked_by")
            .prefetch_related("versions")
            .order_by("campaign__title", "title")
        )


class ContentViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Campaign content")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (MaterialViewSet, CountryViewSet, ChannelViewSet)
