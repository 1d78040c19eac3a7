"""The image library, with alt text required at upload (WAGTAILIMAGES_IMAGE_MODEL).

Pixels are capped (WAGTAILIMAGES_MAX_IMAGE_PIXELS): a 326 KB PNG of 79 megapixels took 1.1 GB
to decode. Wagtail refuses uploads over the cap; Pillow is set to refuse opening anything over
it too (it raises DecompressionBombError over twice its MAX_IMAGE_PIXELS and only warns
between), wherever an image is opened: renditions, reach attachments, the demo.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from wagtail.images.models import AbstractImage, AbstractRendition, Image


def limit_pillow_pixels():
    """Pillow's hard limit (twice MAX_IMAGE_PIXELS) set to the upload cap."""
    cap = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if cap:
        PillowImage.MAX_IMAGE_PIXELS = max(int(cap) // 2, 1)


limit_pillow_pixels()


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
    image = models.ForeignKey(
        CampaignImage, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("image")
    )

    class Meta:
        verbose_name = _("image rendition")
        verbose_name_plural = _("image renditions")
        unique_together = (("image", "filter_spec", "focal_point_key"),)
