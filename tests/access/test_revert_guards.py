"""Wagtail's revert views refuse an item waiting on the funder's review (issue 10, item 3).

While a page or a material waits at "Funder approval", a revert would make a new latest
revision, which the funder's approval would publish unseen. The editor, a translator and an
Administrator are refused (403, GET and POST, a partial POST included, which was a 500), with
nothing changed; superusers still revert, and an item not in review reverts as before.
"""

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Revision, TaskState

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FUNDER_TASK,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.models import Material
from tests.admin_forms import form_data
from tests.factories import (
    SuperUserFactory,
    act_on_review,
    campaign_page,
    country_page,
    home_page,
    material,
    role_user,
)

ROLES = {"editor": EDITORS, "translator": TRANSLATORS, "admin": ADMINISTRATORS}


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        home_page()
        setup_roles()
        people = {role: role_user(group, f"revert-{role}") for role, group in ROLES.items()}
        people["reviewer"] = role_user(REVIEWERS, "revert-reviewer")
        people["superuser"] = SuperUserFactory(username="revert-root")
        editor, admin = people["editor"], people["admin"]
        parent = country_page()

        page = campaign_page(parent, title="Night crossing", slug="night-crossing")
        earlier_page = page.latest_revision_id
        page.title_en = "Night crossing (for the funder)"
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
        act_on_review(page, admin)  # IOM's internal review: on to the funder

        item = material(page, title="Radio spot")
        earlier_item = item.latest_revision_id
        item.title_en = "Radio spot (for the funder)"
        item.save_revision(user=editor)
        item.get_workflow().start(item, editor)
        act_on_review(item, admin)

        free = campaign_page(parent, title="Sea route", slug="sea-route")  # no review running
        earlier_free = free.latest_revision_id
        free.title_en = "Sea route (new)"
        free.save_revision(user=editor)

        for obj in (page, item):
            state = TaskState.objects.for_instance(obj).get(status="in_progress")
            assert state.task.name == FUNDER_TASK
        yield {
            "people": people,
            "page": (page.pk, earlier_page),
            "material": (item.pk, earlier_item),
            "free": (free.pk, earlier_free),
        }
        transaction.set_rollback(True)


@pytest.fixture
def world(world_data, db):
    return world_data


def revert_url(kind, pk, revision_id):
    if kind == "material":
        name = "wagtailsnippets_campaigns_material:revisions_revert"
        return reverse(name, args=[pk, revision_id])
    return reverse("wagtailadmin_pages:revisions_revert", args=[pk, revision_id])


def refused(response) -> bool:
    """A 403, or Wagtail's redirect with "Sorry, you do not have permission..."."""
    if response.status_code == 403:
        return True
    found = [str(m) for m in get_messages(response.wsgi_request)]
    return response.status_code == 302 and any("permission" in m for m in found)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def state(kind, pk):
    """What a revert would change: the item's revisions, its latest one, its stored title."""
    if kind == "material":
        obj = Material.objects.get(pk=pk)
    else:
        from wagtail.models import Page

        obj = Page.objects.get(pk=pk).specific
    revisions = Revision.objects.for_instance(obj)
    return (revisions.count(), obj.latest_revision_id, obj.title, obj.live)


def full_form(client, url):
    """The revert form as the browser posts it (tests.admin_forms.form_data of the GET's form)."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.context["form"])


@pytest.mark.parametrize("kind", ["page", "material"])
@pytest.mark.parametrize("role", ["editor", "translator", "admin"])
def test_a_revert_of_an_item_in_the_funders_review_is_refused(world, kind, role):
    pk, earlier = world[kind]
    url = revert_url(kind, pk, earlier)
    client = client_for(world["people"][role])
    before = state(kind, pk)

    assert refused(client.get(url))
    assert refused(client.post(url, {}))  # a partial POST: a 500 before
    assert refused(client.post(url, {"action-publish": "action-publish"}))
    assert state(kind, pk) == before


@pytest.mark.parametrize("kind", ["page", "material"])
def test_a_full_revert_form_is_refused_too(world, kind):
    """The form the superuser sees, posted by the editor: refused, no new revision."""
    pk, earlier = world[kind]
    url = revert_url(kind, pk, earlier)
    data = full_form(client_for(world["people"]["superuser"]), url)
    before = state(kind, pk)
    assert refused(client_for(world["people"]["editor"]).post(url, data))
    assert state(kind, pk) == before


@pytest.mark.parametrize("kind", ["page", "material"])
def test_a_superuser_still_reverts_an_item_in_review(world, kind):
    pk, earlier = world[kind]
    url = revert_url(kind, pk, earlier)
    client = client_for(world["people"]["superuser"])
    data = full_form(client, url)
    before = state(kind, pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert state(kind, pk)[0] == before[0] + 1  # a new latest revision


def test_an_item_not_in_review_still_reverts(world):
    pk, earlier = world["free"]
    url = revert_url("page", pk, earlier)
    client = client_for(world["people"]["editor"])
    data = full_form(client, url)
    before = state("page", pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert state("page", pk)[0] == before[0] + 1
