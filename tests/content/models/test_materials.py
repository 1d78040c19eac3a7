import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Material, MaterialVersion
from tests.factories import campaign_page, document, material

pytestmark = pytest.mark.django_db


def test_a_version_needs_a_file_an_address_or_text():
    item = material(campaign_page(), languages=())
    version = MaterialVersion(material=item, language="wo")
    with pytest.raises(ValidationError, match="Give this Wolof version a file"):
        version.full_clean()


def test_a_version_needs_a_language():
    item = material(campaign_page(), languages=())
    version = MaterialVersion(material=item, document=document())
    with pytest.raises(ValidationError) as error:
        version.full_clean(exclude=["material"])
    assert "language" in error.value.message_dict


def test_an_unsupported_video_provider_is_refused():
    item = material(campaign_page(), languages=())
    version = MaterialVersion(material=item, language="fr", embed_url="https://example.com/v.mp4")
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert "not from a supported provider" in error.value.message_dict["embed_url"][0]
    version.embed_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    version.full_clean()


def test_public_materials_come_in_one_query_visitor_language_first(django_assert_num_queries):
    page = campaign_page()
    material(page, languages=("fr",), title="French only")
    material(page, languages=("en", "wo"), title="Wolof too")
    material(page, languages=("wo",), title="Draft", live=False)
    with django_assert_num_queries(1):
        items = Material.public_for_campaign(page, ["wo", "fr", "ff", "en"])
    assert [item.material.title for item in items] == ["Wolof too", "French only"]
    assert [v.language for v in items[0].versions] == ["wo", "en"]
    assert items[0].versions[0].file_size > 0
    assert items[0].versions[0].file_format == "PDF"
