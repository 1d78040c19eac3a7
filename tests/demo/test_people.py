"""The demo logins: the demo translator is limited to Senegal's languages, idempotently."""

import pytest

from campaigns.access.roles import setup_roles
from campaigns.content.models.translators import translator_language_codes
from campaigns.demo.people import ensure_role_users
from campaigns.models import TranslatorLanguages
from tests.factories import home_page

pytestmark = pytest.mark.django_db


def test_the_demo_translator_translates_into_senegals_languages_only():
    home_page()
    groups = setup_roles()
    ensure_role_users(groups, password="demo")
    ensure_role_users(groups, password="demo")
    rows = TranslatorLanguages.objects.select_related("user")
    assert [(row.user.username, row.languages) for row in rows] == [
        ("translator", ["fr", "wo", "ff"])
    ]
    assert translator_language_codes(rows[0].user) == ["fr", "wo", "ff"]
