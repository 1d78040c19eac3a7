"""The edit screens' stream block definitions, packed once per process and language
(campaigns/content/forms.py ``share_block_definitions``), are what Wagtail packs for a form."""

import html
import json
import re

import pytest
from django.utils import translation
from wagtail.admin.telepath import JSContext
from wagtail.users.models import UserProfile

from campaigns.models import CampaignPage
from tests.factories import campaign_page, country_page

pytestmark = pytest.mark.django_db

# Random at each packing: list items' ids, and the keys of an empty rich text's Draftail blocks.
RANDOM_IDS = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|"
    r'(?<=\\"key\\": \\")\w+(?=\\")'
)


def packed_on_screen(client, page, field: str) -> str:
    """The block definition the edit screen hands the editor's JavaScript for ``field``."""
    content = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    editor = rf'<div id="{field}" data-block [^>]*data-w-block-data-value="([^"]*)"'
    found = re.search(editor, content)
    assert found, f"no stream editor for {field}"
    return html.unescape(found.group(1))


def packed_by_wagtail(field: str, language: str) -> str:
    block = CampaignPage._meta.get_field(field).stream_block
    with translation.override(language):
        return json.dumps(JSContext().pack(block))


def same_definition(a: str, b: str) -> bool:
    """Equal but for the random ids of default values."""
    return RANDOM_IDS.sub("<id>", a) == RANDOM_IDS.sub("<id>", b)


def test_shared_definitions_are_wagtails_in_each_admin_language(client, superuser):
    page = campaign_page(country_page(), slug="shared-blocks")
    client.force_login(superuser)

    english = packed_on_screen(client, page, "body_en")
    assert packed_on_screen(client, page, "body_en") == english  # packed once, then shared
    assert same_definition(english, packed_by_wagtail("body_en", "en"))
    # Each language's stream has its own block definition.
    french_body = packed_on_screen(client, page, "body_fr")
    assert same_definition(french_body, packed_by_wagtail("body_fr", "en"))

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "fr"
    profile.save()
    french = packed_on_screen(client, page, "body_en")
    assert same_definition(french, packed_by_wagtail("body_en", "fr"))
    assert french != english  # the labels are the admin's language, not the first one packed
