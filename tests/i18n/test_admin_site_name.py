"""The admin's product name (WAGTAIL_SITE_NAME) in the reader's language: a lazy translation.

Wagtail reads the setting for the browser tab (through our admin base template), for the page
delete confirmation that asks to type it and for the site summary when the site has no name;
each renders it or compares it in the request's language, never serialises it. The environment
variable replaces it as it is.
"""

import os
import subprocess
import sys
from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from tests.factories import SuperUserFactory, campaign_page

pytestmark = pytest.mark.django_db

NAMES = {"en": "Prevention campaigns", "fr": "Campagnes de prévention", "nl": "Preventiecampagnes"}


def reader(language):
    user = SuperUserFactory(username=f"reader-{language}")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def tab_title(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").title.get_text().split())


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_browser_tab_names_the_product_in_the_readers_language(client, language):
    client.force_login(reader(language))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert tab_title(html).endswith(f"- {NAMES[language]}"), tab_title(html)
    others = [name for code, name in NAMES.items() if code != language]
    assert not any(tab_title(html).endswith(name) for name in others)


def test_the_dutch_page_delete_confirmation_asks_for_the_dutch_name(client, settings):
    """Type-to-confirm (from one page up here): the Dutch reader is asked for the Dutch name;
    the English one is refused, the Dutch one deletes."""
    settings.WAGTAILADMIN_UNSAFE_PAGE_DELETION_LIMIT = 1
    page = campaign_page()
    client.force_login(reader("nl"))
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    form = client.get(url).content.decode()
    assert f"<b>{NAMES['nl']}</b>" in form and NAMES["en"] not in form
    refused = client.post(url, {"confirm_site_name": NAMES["en"]}, follow=True)
    assert refused.status_code == 200
    assert Page.objects.filter(pk=page.pk).exists()
    assert f"'{NAMES['nl']}'" in unescape(refused.content.decode())  # "Please type '...'"
    client.post(url, {"confirm_site_name": NAMES["nl"]})
    assert not Page.objects.filter(pk=page.pk).exists()


def test_the_environment_variable_replaces_the_name_untranslated():
    code = "from cms.settings import base; print(repr(base.WAGTAIL_SITE_NAME))"
    env = {**os.environ, "WAGTAIL_SITE_NAME": "Campagnes OIM", "SECRET_KEY": "x"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "'Campagnes OIM'"
