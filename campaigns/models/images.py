"""The image library, with alt text required at upload (WAGTAILIMAGES_IMAGE_MODEL)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CampaignImage(AbstractImage):
    """Wagtail's image with a mandatory description, used as the alt text where none is given."""

    description = models.CharField(
        _("alt text"),
        max_length=255,
        help_text=_(
            "Describe what the image shows for people who cannot see it (required). "
            "Translated alt text can be given where the image is used."
        ),
    )

    admin_form_fields = tuple(dict.fromkeys((*Image.admin_form_fields, "description")))

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CampaignRendition(AbstractRendition):
    image = models.ForeignKey(CampaignImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
