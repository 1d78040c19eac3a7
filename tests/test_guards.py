"""Where the funder's review applies, only its approval publishes: Administrators are told so and
are not offered the Publish button; superusers keep it as the emergency exit. (The permission
matrix checks every route's effect on the database.)"""

import pytest
from django.urls import reverse

from campaigns.models import CampaignPage, Material
from campaigns.roles import ADMINISTRATORS, setup_roles
from tests.admin_forms import page_form
from tests.factories import SuperUserFactory, campaign_page, material, role_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    page = campaign_page()
    setup_roles()  # the "Funder review" workflow on the tree and on materials
    return page


def publish_buttons(html: str) -> int:
    return html.count('name="action-publish"')


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
