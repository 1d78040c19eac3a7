"""Campaign materials (posters, radio spots, SMS texts...), each with one version per language.

A Material is one piece of content with a stable identity (its UUID); its MaterialVersions hold
the file, embed address or text in each language. Edited as a snippet (Snippets > Materials),
with drafts and revisions; the public site shows live materials only.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.contrib import admin
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from campaigns.content.forms import MaterialForm
from campaigns.content.publishing import CheckedPublishMixin
from campaigns.i18n.languages import Language, get_language
from campaigns.i18n.localization import Localizer, columns_outside, languages_being_read
from campaigns.i18n.names import language_name

from .countries import content_language_codes
from .mixins import language_preview_modes, render_in_language


class MaterialType(models.TextChoices):
    POSTER = "poster", _("Poster")
    LEAFLET = "leaflet", _("Leaflet")
    RADIO_SPOT = "radio_spot", _("Radio spot")
    VIDEO = "video", _("Video")
    TESTIMONY = "testimony", _("Testimony")
    SOCIAL_POST = "social_post", _("Social media post")
    SMS = "sms", _("SMS / WhatsApp text")
    HOTLINE_CARD = "hotline_card", _("Hotline card")
    OTHER = "other", _("Other")


# Types whose versions may be plain text instead of a file.
TEXT_TYPES = {MaterialType.SMS, MaterialType.SOCIAL_POST}


def language_choices():
    return [(code, language_name(code)) for code in content_language_codes()]


def load_with_versions(languages=None, where=None, **material_filters) -> dict[int, "Material"]:
    """Materials with their versions and files, from one query on the versions.

    Public pages show many materials; loading them through their versions (a material always
    has at least one) costs one query instead of two, whatever their number. ``languages``
    (else those of the page being rendered, ``languages_being_read``): the materials' other
    translated columns are left out. ``where``: a ``Q`` on the versions instead of (or beside)
    ``material_filters`` (e.g. a campaign's live materials or those of a body).
    """
    return group_versions(versions_of_materials(languages, where, **material_filters))


def versions_of_materials(languages=None, where=None, **material_filters):
    """The query of ``load_with_versions``: the versions with their materials and files."""
    versions = MaterialVersion.objects.filter(
        **{f"material__{name}": value for name, value in material_filters.items()}
    )
    if where is not None:
        versions = versions.filter(where)
    versions = versions.select_related("material", "document").order_by("material_id", "sort_order")
    languages = languages or languages_being_read()
    if languages:
        versions = versions.defer(*columns_outside(Material, languages, prefix="material__"))
    return versions


def group_versions(versions) -> dict[int, "Material"]:
    """{material id: material}, each material with its ``versions`` (in the order given)."""
    grouped: dict[int, list] = {}
    materials: dict[int, Material] = {}
    for version in versions:
        material = materials.setdefault(version.material_id, version.material)
        version.material = material
        grouped.setdefault(material.pk, []).append(version)
    for pk, material in materials.items():
        material.versions = grouped[pk]  # modelcluster keeps them in memory; nothing is saved
    return materials


class Material(
    CheckedPublishMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    uuid = models.UUIDField(
        _("permanent identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("campaign"),
    )
    material_type = models.CharField(
        _("type"), max_length=20, choices=MaterialType.choices, default=MaterialType.POSTER
    )
    title = models.CharField(_("title"), max_length=200)
    usage_notes = models.TextField(
        _("usage notes"),
        blank=True,
        help_text=_("How partners should use it: print size, airtime slot, audience..."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="material")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="material",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("campaign"),
        FieldPanel("material_type"),
        FieldPanel("title"),
        FieldPanel("usage_notes"),
        InlinePanel(
            "versions",
            heading=_("Language versions"),
            label=_("language version"),
            min_num=1,
            help_text=_("One per language: a file, a video address, or the text itself."),
        ),
    ]
    base_form_class = MaterialForm
    search_fields = [index.SearchField("title"), index.FilterField("campaign")]
    translation_status_fields = ("title", "usage_notes")

    class Meta:
        ordering = ["campaign", "material_type", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def offered_language_codes(self) -> list[str]:
        if not self.campaign_id:
            return content_language_codes()
        return self.campaign.offered_language_codes()

    @property
    def preview_modes(self):
        return language_preview_modes(self.offered_language_codes())

    def get_preview_template(self, request, mode_name):
        return "campaigns/material_preview.html"

    def get_preview_context(self, request, mode_name):
        chain = (
            self.campaign.fallback_chain(mode_name)
            if self.campaign_id
            else list(dict.fromkeys([mode_name, "en"]))
        )
        return {
            "object": self,
            "request": request,
            "text": Localizer(self, chain).resolve("title", "usage_notes"),
            "versions": list(self.versions.all()),
        }

    def serve_preview(self, request, mode_name):
        code = mode_name if mode_name in self.offered_language_codes() else "en"
        with translation.override(code):
            request.LANGUAGE_CODE = code
            return render_in_language(super().serve_preview(request, code), code)

    @property
    def language_codes(self) -> list[str]:
        return [version.language for version in self.versions.all()]

    @admin.display(description=_("languages"))
    def languages_display(self) -> str:
        return ", ".join(language_name(code) for code in self.language_codes)

    @classmethod
    def public_for_campaign(cls, campaign, chain: list[str], loaded=None) -> list["PublicMaterial"]:
        """Live materials of a campaign with their versions: one query, whatever the number.
        ``loaded``: those materials, already loaded with their versions (``load_with_versions``)."""
        if loaded is None:
            loaded = load_with_versions(chain, campaign=campaign, live=True)
        materials = sorted(
            loaded.values(),
            key=lambda material: (material.material_type, material.pk),
        )
        requested = chain[0]
        result = []
        for material in materials:
            versions = sorted(
                material.versions.all(),
                key=lambda v: chain.index(v.language) if v.language in chain else len(chain),
            )
            result.append(
                PublicMaterial(
                    material=material,
                    text=Localizer(material, chain).resolve("title", "usage_notes"),
                    versions=versions,
                    in_requested_language=any(v.language == requested for v in versions),
                )
            )
        result.sort(key=lambda item: not item.in_requested_language)
        return result


@dataclass
class PublicMaterial:
    material: Material
    text: Localizer
    versions: list
    in_requested_language: bool


class MaterialVersion(Orderable):
    material = ParentalKey(
        Material, on_delete=models.CASCADE, related_name="versions", verbose_name=_("material")
    )
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
        help_text=_("The printable, audio or video file partners download."),
    )
    embed_url = models.URLField(
        _("video or audio address"),
        blank=True,
        help_text=_("Where the material is published online, e.g. a YouTube address."),
    )
    text = models.TextField(
        _("text"), blank=True, help_text=_("For SMS and social media posts: the text itself.")
    )

    panels = [FieldPanel("language"), FieldPanel("document"), FieldPanel("embed_url"),
              FieldPanel("text")]  # fmt: skip

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["material", "language"], name="one_material_version_per_language"
            )
        ]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")

    def __str__(self):
        return f"{self.material} ({self.language})"

    @property
    def language_info(self) -> Language:
        return get_language(self.language)

    @property
    def file_format(self) -> str:
        if not self.document_id:
            return ""
        return PurePosixPath(self.document.file.name).suffix.lstrip(".").upper()

    @property
    def file_size(self) -> int | None:
        return self.document.file_size if self.document_id else None

    def save(self, *args, **kwargs):
        if self.document_id:
            self.document.get_file_size()  # stored once, so pages never stat the file
        super().save(*args, **kwargs)

    def clean(self):
        from campaigns.content.blocks import supported_provider

        if not (self.document_id or self.embed_url or self.text.strip()):
            raise ValidationError(
                _("Give this %(language)s version a file, a video or audio address, or its text.")
                % {"language": language_name(self.language) if self.language else ""}
            )
        if self.embed_url and not supported_provider(self.embed_url):
            raise ValidationError(
                {
                    "embed_url": _(
                        "This address is not from a supported provider (e.g. YouTube, "
                        "Vimeo, SoundCloud). Upload the file instead."
                    )
                }  # fmt: skip
            )
