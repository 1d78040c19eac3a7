"""Images of too many pixels are refused, wherever they are uploaded or opened.

A 326 KB PNG of 79 megapixels took 1.1 GB to render: the cap is WAGTAILIMAGES_MAX_IMAGE_PIXELS
(40 MP by default) for Wagtail's uploads, and Pillow's own limit follows it, so nothing (reach
attachments, renditions) decodes more.
"""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images.fields import WagtailImageField

from campaigns.content.models import images
from campaigns.reach.attachments import clean_photo


def png(width, height) -> bytes:
    """A black 1-bit PNG: a few kilobytes however many pixels."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def big_png():
    content = png(7000, 6000)  # 42 MP: over the cap, under Wagtail's own default (128 MP)
    assert len(content) < 100_000
    return content


def test_the_cap_is_a_setting_with_a_sane_default():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS * 2 == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def test_wagtail_refuses_an_upload_over_the_cap_naming_it(big_png):
    with pytest.raises(ValidationError) as refused:
        WagtailImageField().clean(SimpleUploadedFile("big.png", big_png))
    assert refused.value.code == "file_too_many_pixels"
    assert "40000000" in str(refused.value)


def test_wagtail_accepts_an_image_under_the_cap():
    upload = SimpleUploadedFile("small.png", png(4000, 3000))
    assert WagtailImageField().clean(upload) is not None


def test_pillow_refuses_to_open_an_image_over_the_cap(big_png):
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(big_png))


def test_a_reach_attachment_over_the_cap_is_refused(big_png):
    with pytest.raises(ValidationError):
        clean_photo(SimpleUploadedFile("photo.png", big_png), ".png")


def test_the_limit_follows_the_setting(settings):
    try:
        settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
        images.limit_pillow_pixels()
        assert Image.MAX_IMAGE_PIXELS == 500_000
    finally:
        settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
        images.limit_pillow_pixels()
