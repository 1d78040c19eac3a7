"""Which content languages a translator may edit.

A user with a ``TranslatorLanguages`` row may change translated text only in the languages it lists
(and nothing that is not translated); a user without one is not limited. Administrators set it in
Settings > Translator languages (campaigns.content.viewsets); the page and material edit forms
enforce it (campaigns.content.forms).
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.i18n.languages import get_language
from campaigns.i18n.names import language_name

from .countries import content_language_codes


def validate_translator_language_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Give a list of language codes."))
    if not value:
        raise ValidationError(
            _("Choose at least one language; delete the row to lift the limit instead.")
        )
    unknown = [code for code in value if code not in content_language_codes()]
    if unknown:
        raise ValidationError(
            _("Not a content language of this site: %(codes)s."),
            params={"codes": ", ".join(unknown)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each language may appear only once."))


class TranslatorLanguages(models.Model):
    """The languages one user may translate into. No row: the user is not limited."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="translator_languages",
        verbose_name=_("user"),
        help_text=_("The translator whose edits are limited to the languages below."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_translator_language_codes],
        help_text=_(
            "The content languages this user may edit. They cannot change text in any other "
            "language, nor fields that are not translated (dates, images, channels...)."
        ),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("translator languages")
        verbose_name_plural = _("translator languages")

    def __str__(self):
        return f"{self.user}: {', '.join(self.languages)}"

    @property
    def language_codes(self) -> list[str]:
        """The codes in the site's language order, ignoring any no longer offered."""
        wanted = set(self.languages or [])
        return [code for code in content_language_codes() if code in wanted]

    def languages_described(self):
        return [get_language(code) for code in self.language_codes]

    @admin.display(description=_("languages"))
    def languages_display(self) -> str:
        return ", ".join(language_name(language.code) for language in self.languages_described())


def translator_language_codes(user) -> list[str] | None:
    """The languages ``user`` may edit, or ``None`` when they are not limited."""
    if user is None or not getattr(user, "pk", None) or user.is_superuser:
        return None
    cached = getattr(user, "_translator_language_codes", False)
    if cached is not False:
        return cached
    row = TranslatorLanguages.objects.filter(user=user).first()
    codes = row.language_codes if row else None
    user._translator_language_codes = codes
    return codes
