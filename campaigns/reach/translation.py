"""Reach's fields translated with django-modeltranslation (the settings'
MODELTRANSLATION_TRANSLATION_FILES list each concept's registrations)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Indicator


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "definition")
