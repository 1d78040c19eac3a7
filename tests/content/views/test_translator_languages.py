"""Settings > Translator languages: administrators limit a translator to some languages."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.access.roles import ADMINISTRATORS, EDITORS, TRANSLATORS, setup_roles
from campaigns.models import TranslatorLanguages
from tests.factories import home_page, role_user

pytestmark = pytest.mark.django_db

INDEX = "translator_languages:index"
ADD = "translator_languages:add"


@pytest.fixture
def people():
    home_page()
    setup_roles()
    return {
        "admin": role_user(ADMINISTRATORS, username="admin"),
        "editor": role_user(EDITORS, username="editor"),
        "translator": role_user(TRANSLATORS, username="moussa"),
    }


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_administrators_limit_a_translator(people):
    client = logged_in(people["admin"])
    assert client.get(reverse(INDEX)).status_code == 200
    form = client.get(reverse(ADD))
    html = form.content.decode()
    assert "Wolof (Wolof)" in html and "français (French)" in html
    assert 'value="wo"' in html
    response = client.post(
        reverse(ADD), {"user": people["translator"].pk, "languages": ["wo", "ff", "fr"]}
    )
    assert response.status_code == 302
    row = TranslatorLanguages.objects.get(user=people["translator"])
    assert row.languages == ["fr", "wo", "ff"]
    listing = client.get(reverse(INDEX)).content.decode()
    assert "French, Wolof, Fula" in listing
    assert "Translator languages" in client.get("/admin/").content.decode()


def test_a_limit_needs_a_language(people):
    client = logged_in(people["admin"])
    response = client.post(reverse(ADD), {"user": people["translator"].pk})
    assert response.status_code == 200
    assert "languages" in response.context["form"].errors
    assert not TranslatorLanguages.objects.exists()


def test_administrators_lift_a_limit(people):
    row = TranslatorLanguages.objects.create(user=people["translator"], languages=["wo"])
    client = logged_in(people["admin"])
    response = client.post(reverse("translator_languages:delete", args=[row.pk]))
    assert response.status_code == 302
    assert not TranslatorLanguages.objects.exists()


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_others_cannot_open_or_change_it(people, role):
    row = TranslatorLanguages.objects.create(user=people["translator"], languages=["wo"])
    client = logged_in(people[role])
    for method, url, data in [
        ("get", reverse(INDEX), None),
        ("get", reverse(ADD), None),
        ("post", reverse(ADD), {"user": people["editor"].pk, "languages": ["ar"]}),
        ("post", reverse("translator_languages:edit", args=[row.pk]), {
            "user": people["translator"].pk, "languages": ["ar"]
        }),
        ("post", reverse("translator_languages:delete", args=[row.pk]), {}),
    ]:  # fmt: skip
        response = getattr(client, method)(url, data)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] in ("/admin/", "/admin")
    assert list(TranslatorLanguages.objects.values_list("user", "languages")) == [
        (people["translator"].pk, ["wo"])
    ]
    assert "Translator languages" not in client.get("/admin/").content.decode()
