"""Bad input in the editor gets a clear message on the field, and nothing is saved."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from campaigns.models import CampaignImage, CampaignPage, Material
from tests.factories import campaign_page, country_page

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return SimpleUploadedFile("red.png", buffer.getvalue(), content_type="image/png")


def test_image_without_alt_text_is_refused(client, superuser):
    client.force_login(superuser)
    response = client.post("/admin/images/add/", {"title": "Red", "file": png()})
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not CampaignImage.objects.exists()
    response = client.post(
        "/admin/images/add/", {"title": "Red", "file": png(), "description": "A red square"}
    )
    assert response.status_code == 302
    assert CampaignImage.objects.get().description == "A red square"


def material_form(campaign, versions):
    data = {
        "campaign": campaign.pk,
        "material_type": "poster",
        "title_en": "Poster",
        "versions-TOTAL_FORMS": str(len(versions)),
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "1",
        "versions-MAX_NUM_FORMS": "1000",
    }
    for i, version in enumerate(versions):
        for key, value in version.items():
            data[f"versions-{i}-{key}"] = value
        data[f"versions-{i}-ORDER"] = str(i + 1)
    return data


ADD_MATERIAL = "/admin/snippets/campaigns/material/add/"


def test_material_without_any_language_version_is_refused(client, superuser):
    client.force_login(superuser)
    response = client.post(ADD_MATERIAL, material_form(campaign_page(), []))
    assert response.status_code == 200
    assert not Material.objects.exists()


def test_material_version_without_file_or_language_is_refused(client, superuser):
    client.force_login(superuser)
    page = campaign_page()
    response = client.post(ADD_MATERIAL, material_form(page, [{"language": "wo"}]))
    assert response.status_code == 200
    assert "Give this Wolof version a file" in response.content.decode()
    response = client.post(ADD_MATERIAL, material_form(page, [{"text": "Bul dem"}]))
    assert response.status_code == 200
    assert not Material.objects.exists()


def test_material_with_a_wolof_text_is_saved_with_its_version(client, superuser):
    client.force_login(superuser)
    page = campaign_page()
    data = material_form(page, [{"language": "wo", "text": "Bul dem ci yoon wu dul yoon."}])
    response = client.post(ADD_MATERIAL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Material.objects.get().language_codes == ["wo"]


def test_slug_clash_in_one_language_is_refused_on_that_language():
    parent = country_page()
    campaign_page(parent, slug="desert", slug_fr="desert")
    page = CampaignPage(title="Other", slug="other", slug_fr="desert")
    page.path = parent.path + "0099"
    page.depth = parent.depth + 1
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "slug_fr" in error.value.message_dict
    assert "slug_en" not in error.value.message_dict
