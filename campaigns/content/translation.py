"""Content's registration with django-modeltranslation: every user-visible text field, every
language (each concept registers its own models; MODELTRANSLATION_TRANSLATION_FILES lists them)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CampaignIndexPage,
    CampaignPage,
    Channel,
    Country,
    CountryPage,
    HomePage,
    InfoPage,
    Material,
    Region,
    SiteSettings,
)


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro", "why_this_site")


@register(InfoPage)
class InfoPageTranslation(TranslationOptions):
    fields = ("body",)


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_name", "organisation_name")


@register(CampaignIndexPage)
class CampaignIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(CountryPage)
class CountryPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(CampaignPage)
class CampaignPageTranslation(TranslationOptions):
    fields = ("objective", "target_audiences", "key_messages", "body")


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("contact_details",)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Channel)
class ChannelTranslation(TranslationOptions):
    fields = ("name",)


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title", "usage_notes")
