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
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image


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

    def find_existing_renditions(self, *filters):
        """Wagtail's, with the renditions found in the cache marked as such: Wagtail marks
        only prefetched ones, and ``get_renditions`` wrote every rendition it had just read
        from the cache back to it, a cache write on each image of each uncached render."""
        if not filters or self._get_prefetched_renditions() is not None:
            return super().find_existing_renditions(*filters)
        Rendition = self.get_rendition_model()
        by_key = {
            Rendition.construct_cache_key(self, filter.get_cache_key(self), filter.spec): filter
            for filter in filters
        }
        found = {}
        for key, rendition in Rendition.cache_backend.get_many(list(by_key)).items():
            rendition.image = self  # as Wagtail does: this image's contextual alt text
            rendition._from_cache = True
            found[by_key[key]] = rendition
        missing = [filter for filter in filters if filter not in found]
        if missing:  # not cached: the database (Wagtail's query), then cached by the caller
            found.update(super().find_existing_renditions(*missing))
        return found

    def get_rendition(self, filter):
        """Wagtail's, without its cache write when the rendition was already there or came
        prefetched with the image (``{% image %}`` wrote on every uncached render)."""
        if isinstance(filter, str):
            filter = Filter(spec=filter)
        if not isinstance(filter, Filter):
            return super().get_rendition(filter)  # Wagtail's error
        filter = self.clean_filter_for_svg(filter)
        found = self.find_existing_renditions(filter).get(filter)
        if found is None:
            return super().get_rendition(filter)  # made, then cached
        if not getattr(found, "_from_cache", False) and self._get_prefetched_renditions() is None:
            Rendition = self.get_rendition_model()  # read from the database: cached as Wagtail does
            key = Rendition.construct_cache_key(self, filter.get_cache_key(self), filter.spec)
            Rendition.cache_backend.set(key, found)
        return found

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
