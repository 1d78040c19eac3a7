"""Admin viewsets: the content snippets, grouped under one menu item, and the translators'
languages (Settings > Translator languages)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from campaigns.admin_display import ReadableInspectMixin, SnippetWordsMixin, yes_no
from campaigns.content.models.countries import content_language_codes
from campaigns.content.models.materials import language_choices
from campaigns.i18n.languages import get_language
from campaigns.i18n.names import language_name
from campaigns.models import (
    CampaignPage,
    Channel,
    Country,
    Material,
    MaterialType,
    TranslatorLanguages,
)


class ReadableInspectView(ReadableInspectMixin, snippets.InspectView):
    """No ID row, "Yes"/"No" and "—" (campaigns.admin_display)."""


class CountryViewSet(SnippetWordsMixin, SnippetViewSet):
    model = Country
    icon = "site"
    menu_label = _("Countries of origin")
    add_item_label = _("Add a country of origin")
    new_item_label = _("New country of origin")
    list_display = ["__str__", "code", "languages", "hotline"]
    search_fields = ["code"]
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView


class ChannelViewSet(SnippetWordsMixin, SnippetViewSet):
    model = Channel
    icon = "radio-full"
    add_item_label = _("Add a channel")
    new_item_label = _("New channel")
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


class MaterialViewSet(SnippetWordsMixin, SnippetViewSet):
    model = Material
    icon = "doc-full-inverse"
    add_item_label = _("Add a material")
    new_item_label = _("New material")
    list_display = [
        "title",
        "campaign",
        "material_type",
        "languages_display",
        yes_no(Material, "live"),
    ]
    filterset_class = MaterialFilterSet
    search_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    # What a person reads a material by; not revision ids, per-language columns or lock fields.
    inspect_view_fields = [
        "title",
        "campaign",
        "material_type",
        "usage_notes",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "go_live_at",
        "expire_at",
        "uuid",
    ]
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


# --- Translator languages (campaigns.content.models.translators) ----------------------------------


def native_language_choices():
    """Each content language by its own name, then its English one: 'Wolof (Wolof)',
    'français (French)', 'دری (Dari)'."""
    choices = []
    for code in content_language_codes():
        language = get_language(code)
        choices.append((code, f"{language.name_local} ({language_name(code)})"))
    return choices


class TranslatorLanguagesForm(WagtailAdminModelForm):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True, is_superuser=False),
        label=_("User"),
        help_text=_(
            "The translator to limit. Superusers are never limited, so they are not listed."
        ),
    )
    languages = forms.MultipleChoiceField(
        choices=native_language_choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages"),
        help_text=_(
            "The content languages this user may edit. They cannot change text in any other "
            "language, nor fields that are not translated (dates, images, channels...). "
            "Delete this entry to lift the limit."
        ),
    )

    class Meta:
        model = TranslatorLanguages
        fields = ["user", "languages"]

    def clean_languages(self):
        chosen = set(self.cleaned_data["languages"])
        return [code for code in content_language_codes() if code in chosen]


class TranslatorLanguagesViewSet(SnippetWordsMixin, ModelViewSet):
    """Only users with the model's permissions (Administrators, superusers) see or use it."""

    model = TranslatorLanguages
    icon = "globe"
    menu_label = _("Translator languages")
    add_item_label = _("Limit a translator to some languages")
    new_item_label = _("Limit a translator to some languages")
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["user", "languages_display"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def get_form_class(self, for_update=False):
        return TranslatorLanguagesForm

    def get_queryset(self, request):
        return TranslatorLanguages.objects.select_related("user")
