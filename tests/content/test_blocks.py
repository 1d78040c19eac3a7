import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from campaigns.content.blocks import CallToActionBlock, TestimonyBlock, VideoURLBlock
from tests.factories import image

pytestmark = pytest.mark.django_db


def test_video_address_must_be_a_supported_provider():
    block = VideoURLBlock()
    assert block.clean("https://vimeo.com/123456") == "https://vimeo.com/123456"
    with pytest.raises(ValidationError, match="not from a supported video provider"):
        block.clean("https://example.org/movie.mp4")


def test_testimony_photo_needs_alt_text_unless_decorative():
    block = TestimonyBlock()
    photo = image()
    value = block.to_python(
        {"quote": "I came back.", "photo": {"image": photo.pk, "alt_text": "", "decorative": False}}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
    value = block.to_python(
        {
            "quote": "I came back.",
            "photo": {"image": photo.pk, "alt_text": "Awa", "decorative": False},
        }
    )
    block.clean(value)


def test_call_to_action_needs_a_target():
    block = CallToActionBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "Call us"}))
