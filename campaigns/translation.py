"""Registration with django-modeltranslation: every user-visible text field, every language."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CampaignIndexPage,
    CampaignPage,
    Channel,
    Country,
    CountryPage,
    Funder,
    HomePage,
    Indicator,
    Material,
    Region,
)


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro",)


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


@register(Funder)
class FunderTranslation(TranslationOptions):
    fields = ("name", "statement")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "definition")
