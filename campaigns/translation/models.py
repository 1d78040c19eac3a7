"""What translators' tools keep: the source text each translation was made from (to flag stale
translations) and the interface words translated in the CMS.

``TranslationSource``: one row per translated text (an object's field, or one StreamField block of
it, in one language) holding a fingerprint of the source text at the time the translation was
written. When the source changes later, the fingerprints differ and the translation is *out of
date* until it is edited or re-imported. No row: nothing is known, nothing is flagged.

``InterfaceWord``: a public template's word (a gettext msgid, with its context and plural) in one
language, set by a translator in the admin; read before the gettext catalogues
(``campaigns.i18n.interface_words.add_word_source``), so it applies without a deploy.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationSource(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(_("field"), max_length=100)
    # A StreamField text's path (block ids and child names, campaigns.translation.units); "" for
    # a whole field.
    block = models.CharField(_("block"), max_length=255, blank=True, default="")
    language = models.CharField(_("language"), max_length=10)
    source_language = models.CharField(_("source language"), max_length=10)
    source_hash = models.CharField(_("source fingerprint"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("translation source")
        verbose_name_plural = _("translation sources")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "block", "language"],
                name="unique_translation_source",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.field} {self.block} {self.language}"


class InterfaceWord(models.Model):
    language = models.CharField(_("language"), max_length=10)
    message = models.TextField(_("English source"))
    context = models.CharField(_("context"), max_length=100, blank=True, default="")
    plural = models.TextField(_("English plural"), blank=True, default="")
    # One form without a plural; the language's plural forms in gettext's order otherwise.
    forms = models.JSONField(_("translation"), default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("interface word")
        verbose_name_plural = _("interface words")
        ordering = ["language", "message"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "message", "context"], name="unique_interface_word"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.message}"
