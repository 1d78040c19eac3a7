"""Where the funder's review applies, only its approval publishes: Administrators are told so and
are not offered the Publish button; superusers keep it as the emergency exit. (The permission
matrix checks every route's effect on the database.)"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from campaigns.access.roles import ADMINISTRATORS, setup_roles
from campaigns.models import CampaignPage, Material
from tests.admin_forms import page_form
from tests.factories import SuperUserFactory, campaign_page, material, module_data, role_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def page_data(django_db_setup, django_db_blocker):
    """The campaign and the roles: built once for the module, rolled back after its last test."""
    with module_data(django_db_blocker):
        page = campaign_page()
        setup_roles()  # the "Funder review" workflow on the tree and on materials
        yield page


@pytest.fixture
def page(page_data, db):
    """The module's campaign, fetched again: a test changes, moves or deletes it at will (its
    transaction rolls back)."""
    return Page.objects.get(pk=page_data.pk).specific


def publish_buttons(html: str) -> int:
    return html.count('name="action-publish"')


# First in the file: this test needs a site without the roles (their "Funder review" workflow may
# not be removed), so it runs before the module's shared page and roles are built (pytest and
# `pytest -n 2 --dist loadfile` run a file's tests in the order written).
def test_without_the_workflow_publishers_publish_directly(client):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, WorkflowPage

    page = campaign_page()
    WorkflowPage.objects.all().delete()  # not even Wagtail's default workflow on the root

    group = Group.objects.create(name="Publishers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user = role_user("Publishers", "publisher")
    client.force_login(user)
    data = page_form(page, page.get_parent(), user)
    data.update({"title_en": "Straight to live", "action-publish": "1"})
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert CampaignPage.objects.get(pk=page.pk).title_en == "Straight to live"


def test_an_administrator_is_not_offered_publish_where_the_review_decides(client, page):
    client.force_login(role_user(ADMINISTRATORS, "iom"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert publish_buttons(edit) == 0
    assert 'name="action-submit"' in edit
    add = client.get(
        reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", page.get_parent().pk])
    ).content.decode()
    assert publish_buttons(add) == 0
    poster = material(page, live=False)
    edit = client.get(
        reverse(Material.snippet_viewset.get_url_name("edit"), args=[poster.pk])
    ).content.decode()
    assert publish_buttons(edit) == 0
    add = client.get(reverse(Material.snippet_viewset.get_url_name("add"))).content.decode()
    assert publish_buttons(add) == 0


def test_a_superuser_keeps_the_publish_button(client, page):
    client.force_login(SuperUserFactory(username="root"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert publish_buttons(edit) == 1


def test_an_administrators_publish_keeps_a_draft_and_says_why(client, page):
    admin = role_user(ADMINISTRATORS, "iom")
    client.force_login(admin)
    data = page_form(page, page.get_parent(), admin)
    data.update({"title_en": "Changed without review", "action-publish": "1"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert "goes live through the funder&#x27;s review" in response.content.decode()
    page = CampaignPage.objects.get(pk=page.pk)
    assert page.title_en == "The desert is not a road"
    assert page.has_unpublished_changes
    assert page.get_latest_revision().as_object().title_en == "Changed without review"


# --- Issue 10, item 3: nothing waiting on the funder is deleted or moved --------------------------


def waiting_for_the_funder(obj):
    from tests.factories import act_on_review, submit_for_review

    editor = role_user("Campaign editors", "ed")
    submit_for_review(obj, editor)
    act_on_review(obj, role_user(ADMINISTRATORS, "internal"))
    assert obj.current_workflow_state.current_task_state.task.name == "Funder approval"


def bulk_url(app_label, model_name, action, pk):
    url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
    return f"{url}?id={pk}&next=/admin/"


@pytest.mark.parametrize("route", ["delete", "move", "bulk delete", "bulk move"])
def test_an_administrator_cannot_delete_or_move_a_page_in_funder_review(client, page, route):
    from tests.factories import CountryFactory, country_page

    waiting_for_the_funder(page)
    destination = country_page(CountryFactory(code="GN"))
    client.force_login(role_user(ADMINISTRATORS, "iom"))
    before = (Page.objects.count(), page.get_parent().pk, page.revisions.count())
    if route == "delete":
        response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    elif route == "move":
        url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
        response = client.post(url)
    elif route == "bulk delete":
        response = client.post(bulk_url("wagtailcore", "page", "delete", page.pk))
    else:
        url = bulk_url("wagtailcore", "page", "move", page.pk)
        response = client.post(url, {"chooser": str(destination.pk)})
    assert response.status_code in (302, 403)  # Wagtail answers a refusal with the dashboard
    page = Page.objects.get(pk=page.pk)
    assert (Page.objects.count(), page.get_parent().pk, page.revisions.count()) == before
    assert page.specific.current_workflow_state.status == "in_progress"


@pytest.mark.parametrize("route", ["delete", "bulk delete"])
def test_a_material_in_funder_review_is_not_deleted(client, page, route):
    from tests.factories import admin_user

    poster = material(page, live=False)
    waiting_for_the_funder(poster)
    user = admin_user(
        "deleter",
        permissions=["campaigns.change_material", "campaigns.delete_material"],
    )
    client.force_login(user)
    if route == "delete":
        url = reverse(Material.snippet_viewset.get_url_name("delete"), args=[poster.pk])
        response = client.post(url)
    else:
        response = client.post(bulk_url("campaigns", "material", "delete", poster.pk))
    assert response.status_code in (302, 403)
    assert Material.objects.filter(pk=poster.pk).exists()


# --- Issue 10, item 12: refusals, not 500s, for deletions and copies the database would refuse ----


def messages_of(response):
    from django.contrib.messages import get_messages

    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def allocated(page):
    from tests.factories import agreement, allocation

    return allocation(agreement(), page)


def tree_state():
    from campaigns.models import Allocation, CountryPage

    return (
        list(Page.objects.order_by("pk").values_list("pk", "path")),
        CountryPage.objects.count(),
        list(CampaignPage.objects.order_by("pk").values_list("pk", "code")),
        list(Allocation.objects.values_list("pk", "campaign_id")),
    )


@pytest.mark.parametrize("route", ["delete", "bulk delete"])
@pytest.mark.parametrize("which", ["campaign", "country page above it"])
def test_a_page_funding_still_refers_to_is_not_deleted(client, page, route, which):
    allocated(page)
    target = page if which == "campaign" else page.get_parent()
    client.force_login(role_user(ADMINISTRATORS, "iom"))
    before = tree_state()
    if route == "delete":
        response = client.post(reverse("wagtailadmin_pages:delete", args=[target.pk]))
    else:
        response = client.post(bulk_url("wagtailcore", "page", "delete", target.pk))
    assert response.status_code == 302
    assert tree_state() == before
    if route == "delete" or which != "campaign":  # else Wagtail's own refusal (reference index)
        assert "Allocations still refer to" in messages_of(response)


def test_an_unreferenced_campaign_is_still_deleted(client, page):
    client.force_login(role_user(ADMINISTRATORS, "iom"))
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert not Page.objects.filter(pk=page.pk).exists()


def copy_form(parent, **extra):
    return {"new_title_en": "Senegal 2", "new_slug_en": "senegal-2", "new_parent_page": parent.pk,
            **extra}  # fmt: skip


@pytest.mark.parametrize("role", [ADMINISTRATORS, "Campaign editors"])
@pytest.mark.parametrize("subpages", [True, False])
def test_a_country_page_is_not_copied(client, page, role, subpages):
    country = page.get_parent()
    client.force_login(role_user(role, "someone"))
    url = reverse("wagtailadmin_pages:copy", args=[country.pk])
    before = tree_state()
    extra = {"copy_subpages": "on"} if subpages else {}
    response = client.post(url, copy_form(country.get_parent(), **extra))
    assert response.status_code == 302
    assert tree_state() == before
    assert "is a country page" in messages_of(response)
    response = client.get(url)  # the form is not offered either
    assert response.status_code == 302
    assert "cannot be copied" in messages_of(response)


def test_the_index_is_not_copied_with_its_country_pages(client, page):
    index = page.get_parent().get_parent()
    client.force_login(role_user(ADMINISTRATORS, "iom"))
    before = tree_state()
    url = reverse("wagtailadmin_pages:copy", args=[index.pk])
    response = client.post(url, copy_form(index.get_parent(), copy_subpages="on"))
    assert tree_state() == before
    assert "has country pages below it" in messages_of(response)


def test_a_campaign_is_copied_with_a_code_of_its_own(client, page):
    allocated(page)
    client.force_login(role_user(ADMINISTRATORS, "iom"))
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    data = {"new_title_en": "The copy", "new_slug_en": "the-copy",
            "new_parent_page": page.get_parent().pk}  # fmt: skip
    assert client.post(url, data).status_code == 302
    copy = CampaignPage.objects.get(slug="the-copy")
    assert copy.code and copy.code != CampaignPage.objects.get(pk=page.pk).code
    assert copy.get_latest_revision_as_object().code == copy.code
    assert not copy.allocations.exists()
