"""The admin answers without server errors, in its three interface languages."""

import pytest
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/sites/",
    "/admin/reports/site-history/",
    "/admin/account/",
]


def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_admin_screens_answer(client, home, superuser, url):
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200, url


def test_page_editor_opens_with_translated_fields(client, home, superuser):
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    for field in ("title_en", "title_fr", "title_fa_af", "intro_ti"):
        assert f'name="{field}"' in html, field


@pytest.mark.parametrize(("code", "word"), [("fr", "Pages"), ("nl", "Pagina")])
def test_admin_interface_languages(client, home, superuser, code, word):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = code
    profile.save()
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert f'lang="{code}"' in html
    assert word in html


def test_an_admin_404_stays_a_404(client, home, superuser):
    client.force_login(superuser)
    response = client.get("/admin/pages/999999/edit/")
    assert response.status_code == 404
