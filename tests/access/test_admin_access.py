"""Admin screens Wagtail opened to any admin user, now for the people whose work needs them
(issue 10; campaigns.access.admin_access):

- the translation status reports, their menu item and buttons: the content roles;
- Wagtail's page chooser: the content roles, and finance and M&E officers, whose allocation and
  target forms choose a campaign page;
- the admin API: pages for the content roles, images and documents for people with a
  collection permission.

A reporter (of a partner organisation: Guinea's) is refused each, and sees no draft title, image
or document; the allowed roles are the controls. Reads change nothing: the refusals are GETs,
and the database's rows are compared before and after.
"""

import json

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    ME_OFFICERS,
    REPORTERS,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.content.admin_hooks import (
    register_translation_status_menu_item,
    translation_status_material_button,
    translation_status_page_button,
)
from campaigns.models import Material
from tests.factories import (
    campaign_page,
    country_page,
    document,
    home_page,
    image,
    material,
    role_user,
)

GROUPS = {
    "reporter": REPORTERS,
    "finance": FINANCE,
    "me_officer": ME_OFFICERS,
    "editor": EDITORS,
    "translator": TRANSLATORS,
    "reviewer": REVIEWERS,
    "admin": ADMINISTRATORS,
}
DRAFT_TITLE = "Night crossing (for the funder)"
CONTENT_ROLES = ["editor", "translator", "reviewer", "admin"]


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        home_page()
        setup_roles()
        people = {role: role_user(group, f"access-{role}") for role, group in GROUPS.items()}
        senegal = country_page()
        page = campaign_page(senegal, title="Night crossing", slug="night-crossing")
        page.title_en = DRAFT_TITLE
        page.save_revision(user=people["editor"])
        item = material(page, title="Radio spot")
        photo = image(title="Returnee photo")
        doc = document("budget-note.pdf")
        yield {
            "people": people,
            "senegal": senegal.pk,
            "page": page.pk,
            "material": item.pk,
            "image": photo.pk,
            "document": doc.pk,
        }
        transaction.set_rollback(True)


@pytest.fixture
def world(world_data, db):
    return world_data


def refused(response) -> bool:
    """A 403, or Wagtail's redirect with "Sorry, you do not have permission..."."""
    if response.status_code == 403:
        return True
    found = [str(m) for m in get_messages(response.wsgi_request)]
    return response.status_code == 302 and any("permission" in m for m in found)


def client_for(world, role):
    client = Client()
    client.force_login(world["people"][role])
    return client


def rows():
    """What a read could change, counted."""
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Material.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )


# --- Translation status -------------------------------------------------------------------------


def translation_status_urls(world):
    name = "campaigns_translation_status"
    return [
        reverse(f"{name}:index"),
        reverse(f"{name}:results"),
        reverse(f"{name}:page", args=[world["page"]]),
        reverse(f"{name}:material", args=[world["material"]]),
    ]


@pytest.mark.parametrize("role", ["reporter", "finance", "me_officer"])
def test_translation_status_refuses_people_outside_the_content_roles(world, role):
    client = client_for(world, role)
    before = rows()
    for url in translation_status_urls(world):
        response = client.get(url)
        assert refused(response), url
        assert b"Radio spot" not in response.content
    assert rows() == before


@pytest.mark.parametrize("role", CONTENT_ROLES)
def test_translation_status_answers_the_content_roles(world, role):
    client = client_for(world, role)
    for url in translation_status_urls(world):
        assert client.get(url).status_code == 200, url


def test_translation_status_menu_item_and_buttons_only_for_the_content_roles(world, rf):
    people = world["people"]
    page = Page.objects.get(pk=world["page"])
    item = Material.objects.get(pk=world["material"])
    menu_item = register_translation_status_menu_item()
    for role, shown in [("reporter", False), ("finance", False), ("editor", True),
                        ("reviewer", True)]:  # fmt: skip
        request = rf.get("/admin/")
        request.user = people[role]
        assert menu_item.is_shown(request) is shown, role
        assert bool(list(translation_status_page_button(page, people[role], "edit"))) is shown
        assert bool(list(translation_status_material_button(item, people[role]))) is shown


# --- Wagtail's page chooser ---------------------------------------------------------------------


def page_chooser_urls(world):
    return [
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[world["senegal"]]),
        reverse("wagtailadmin_choose_page_search") + "?q=Night",
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={world['page']}",
    ]


def test_the_page_chooser_refuses_a_reporter(world):
    client = client_for(world, "reporter")
    before = rows()
    for url in page_chooser_urls(world):
        response = client.get(url)
        assert refused(response), url
        assert b"Night crossing" not in response.content
    assert rows() == before


@pytest.mark.parametrize("role", ["editor", "translator", "reviewer", "admin", "finance",
                                  "me_officer"])  # fmt: skip
def test_the_page_chooser_answers_content_roles_and_forms_that_choose_pages(world, role):
    client = client_for(world, role)
    for url in page_chooser_urls(world):
        assert client.get(url).status_code == 200, url


def test_the_link_choosers_stay_open(world):
    client = client_for(world, "reporter")
    assert client.get(reverse("wagtailadmin_choose_page_external_link")).status_code == 200


# --- The admin API ------------------------------------------------------------------------------


def api_urls(world, endpoint, key):
    return [
        reverse(f"wagtailadmin_api:{endpoint}:listing"),
        reverse(f"wagtailadmin_api:{endpoint}:detail", args=[world[key]]),
    ]


@pytest.mark.parametrize("endpoint,key", [("images", "image"), ("documents", "document")])
def test_the_admin_api_refuses_a_reporter(world, endpoint, key):
    client = client_for(world, "reporter")
    before = rows()
    for url in api_urls(world, endpoint, key):
        response = client.get(url)
        assert response.status_code == 403, (url, response.content[:300])
        for shown in (b"budget-note", b"Returnee", b"Night crossing", b"download_url"):
            assert shown not in response.content
    find = reverse(f"wagtailadmin_api:{endpoint}:find") + f"?id={world[key]}"
    assert client.get(find).status_code == 403
    assert rows() == before


def test_the_admin_api_shows_a_reporter_no_page(world):
    """Wagtail scopes the pages endpoint to the explorable tree: nothing for a reporter."""
    client = client_for(world, "reporter")
    response = client.get(reverse("wagtailadmin_api:pages:listing"))
    assert response.status_code in (200, 403)
    assert b"Night crossing" not in response.content
    if response.status_code == 200:
        assert json.loads(response.content)["items"] == []
    detail = reverse("wagtailadmin_api:pages:detail", args=[world["page"]])
    assert client.get(detail).status_code in (403, 404)


@pytest.mark.parametrize(
    "endpoint,key,roles",
    [
        ("images", "image", ["editor", "translator", "reviewer", "finance", "admin"]),
        ("documents", "document", ["editor", "translator", "reviewer", "finance", "admin"]),
        ("pages", "page", ["editor", "translator", "admin"]),
    ],
)
def test_the_admin_api_answers_the_allowed_roles(world, endpoint, key, roles):
    for role in roles:
        client = client_for(world, role)
        listing, detail = api_urls(world, endpoint, key)
        response = client.get(listing)
        assert response.status_code == 200, (role, listing)
        ids = [entry["id"] for entry in json.loads(response.content)["items"]]
        assert world[key] in ids, (role, endpoint)
        assert client.get(detail).status_code == 200, (role, detail)
