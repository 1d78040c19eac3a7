"""Funding's fields translated with django-modeltranslation (the settings'
MODELTRANSLATION_TRANSLATION_FILES list each concept's registrations)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Funder


@register(Funder)
class FunderTranslation(TranslationOptions):
    fields = ("name", "statement")
