"""Issue 10, items 2 and 3: Wagtail's admin API applies the same rules as the admin's views.

``/admin/api/main/pages/<id>/action/<name>/`` runs Wagtail's page actions without the views'
hooks (campaigns.access.admin_api_guards). Each test posts as a role would and checks the answer and
that a refusal leaves the database as it was: page, revisions, workflow and task states.
"""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.models import Page, Revision, TaskState, WorkflowState

from campaigns.access.admin_api_guards import ACTION_CHECKS, GuardedPagesAdminAPIViewSet
from campaigns.access.roles import ADMINISTRATORS, EDITORS, FUNDER_TASK, TRANSLATORS, setup_roles
from campaigns.models import CampaignPage, TranslatorLanguages
from tests.factories import (
    SuperUserFactory,
    act_on_review,
    campaign_page,
    fresh,
    home_page,
    module_data,
    role_user,
    submit_for_review,
)

pytestmark = pytest.mark.django_db

LIVE_TITLE = "The desert is not a road"
DRAFT_TITLE = "Changed without review"


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """The roles, a live campaign and the people: built once for the module (each test's
    drafts, reviews, copies, moves and deletions roll back with it)."""
    with module_data(django_db_blocker):
        home_page()
        setup_roles()
        page = campaign_page(objective_ar="أخبر الشباب", objective_wo="Xamal ndaw ñi")
        people = {
            "admin": role_user(ADMINISTRATORS, "iom"),
            "editor": role_user(EDITORS, "ed"),
            "translator": role_user(TRANSLATORS, "moussa"),
            "funder": role_user("Funder reviewers", "eu"),
            "root": SuperUserFactory(username="root"),
        }
        TranslatorLanguages.objects.create(user=people["translator"], languages=["wo", "fr"])
        yield page, people


@pytest.fixture
def world(world_data, db):
    """Fresh instances of the module's page and people, for a test to change at will."""
    page, people = world_data
    return fresh(page), fresh(people)


def draft(page, user=None, **fields):
    """Save a new latest revision of ``page`` with ``fields`` changed; returns it."""
    page = CampaignPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    return page.save_revision(user=user)


def at_funder_approval(page, people):
    draft(page, people["editor"], title_en=DRAFT_TITLE)
    submit_for_review(CampaignPage.objects.get(pk=page.pk), people["editor"])
    act_on_review(page, people["admin"])
    state = CampaignPage.objects.get(pk=page.pk).current_workflow_state
    assert state.current_task_state.task.name == FUNDER_TASK
    return state


def post(user, page, action, data=None):
    client = Client()
    client.force_login(user)
    url = reverse("wagtailadmin_api:pages:action", args=[page.pk, action])
    return client.post(url, data or {}, content_type="application/json")


def snapshot(page):
    page = Page.objects.get(pk=page.pk).specific
    return (
        page.live,
        page.title_en,
        page.has_unpublished_changes,
        page.live_revision_id,
        page.latest_revision_id,
        page.path,
        list(Revision.page_revisions.filter(object_id=str(page.pk)).values_list("pk", flat=True)),
        list(WorkflowState.objects.values_list("pk", "status")),
        list(TaskState.objects.values_list("pk", "status", "revision_id")),
        Page.objects.count(),
    )


# --- Every action has a rule ----------------------------------------------------------------------


def test_every_admin_api_action_has_a_check():
    assert set(ACTION_CHECKS) == set(PagesAdminAPIViewSet.actions)
    assert set(GuardedPagesAdminAPIViewSet.actions) == set(PagesAdminAPIViewSet.actions)


def test_the_guarded_endpoint_serves_the_admin_api(world):
    from django.urls import resolve

    page, _people = world
    match = resolve(reverse("wagtailadmin_api:pages:action", args=[page.pk, "publish"]))
    assert match.func.cls is GuardedPagesAdminAPIViewSet


# --- Publishing: the review decides -----------------------------------------------------------


@pytest.mark.parametrize("in_review", [False, True], ids=["draft", "in review"])
def test_an_administrator_cannot_publish_through_the_api(world, in_review):
    page, people = world
    if in_review:
        at_funder_approval(page, people)
    else:
        draft(page, people["editor"], title_en=DRAFT_TITLE)
    before = snapshot(page)
    response = post(people["admin"], page, "publish")
    assert response.status_code == 403, response.content
    assert snapshot(page) == before
    page = CampaignPage.objects.get(pk=page.pk)
    assert page.title_en == LIVE_TITLE
    if in_review:
        assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_an_administrator_cannot_publish_a_page_in_internal_review(world):
    page, people = world
    draft(page, people["editor"], title_en=DRAFT_TITLE)
    submit_for_review(CampaignPage.objects.get(pk=page.pk), people["editor"])
    before = snapshot(page)
    assert post(people["admin"], page, "publish").status_code == 403
    assert snapshot(page) == before


def test_a_superuser_still_publishes_through_the_api(world):
    page, people = world
    draft(page, people["editor"], title_en=DRAFT_TITLE)
    response = post(people["root"], page, "publish")
    assert response.status_code == 200, response.content
    page = CampaignPage.objects.get(pk=page.pk)
    assert page.live and page.title_en == DRAFT_TITLE and not page.has_unpublished_changes


def test_publishing_checks_hold_for_superusers_too(world, monkeypatch):
    from campaigns.access import admin_api_guards

    page, people = world
    draft(page, people["editor"], title_en=DRAFT_TITLE)
    monkeypatch.setattr(admin_api_guards, "publish_problems", lambda obj: ["No funder yet."])
    before = snapshot(page)
    response = post(people["root"], page, "publish")
    assert response.status_code == 400
    assert "No funder yet." in response.content.decode()
    assert snapshot(page) == before


def test_an_api_copy_where_the_review_applies_is_a_draft(world):
    page, people = world
    response = post(people["admin"], page, "copy", {"slug": "desert-copy"})
    assert response.status_code == 201, response.content
    copy = Page.objects.get(pk=response.json()["id"])
    assert not copy.live
    assert Page.objects.get(pk=page.pk).live


def test_an_alias_of_a_live_page_is_for_superusers_only(world):
    page, people = world
    before = snapshot(page)
    response = post(people["admin"], page, "create_alias", {"update_slug": "desert-alias"})
    assert response.status_code == 403, response.content
    assert snapshot(page) == before
    # A superuser passes the rule (the page's unique campaign code then refuses the copy).
    response = post(people["root"], page, "create_alias", {"update_slug": "desert-alias"})
    assert response.status_code != 403, response.content


# --- Moving and deleting: publishers only, not while in review ---------------------------------


def test_an_editor_cannot_delete_or_move_through_the_api(world):
    page, people = world
    parent = page.get_parent()
    child = CampaignPage(title="Unpublished", slug="unpublished", live=False)
    parent.add_child(instance=child)
    child.save_revision(user=people["editor"])
    before = snapshot(child)
    assert post(people["editor"], child, "delete").status_code == 403
    response = post(people["editor"], child, "move", {"destination_page_id": parent.pk})
    assert response.status_code == 403
    assert snapshot(child) == before


@pytest.mark.parametrize("action", ["delete", "move", "unpublish"])
def test_a_page_waiting_for_the_funder_is_not_moved_deleted_or_unpublished(world, action):
    page, people = world
    at_funder_approval(page, people)
    before = snapshot(page)
    data = {"destination_page_id": page.get_parent().pk} if action == "move" else {}
    response = post(people["admin"], page, action, data)
    assert response.status_code == 403, response.content
    assert snapshot(page) == before


# --- Reverting: not while in review; a translator within their languages -----------------------


@pytest.mark.parametrize("role", ["editor", "translator", "admin"])
def test_no_revert_while_the_page_waits_for_the_funder(world, role):
    page, people = world
    earlier = CampaignPage.objects.get(pk=page.pk).live_revision
    at_funder_approval(page, people)
    before = snapshot(page)
    response = post(people[role], page, "revert_to_page_revision", {"revision_id": earlier.pk})
    assert response.status_code == 403, response.content
    assert snapshot(page) == before


def test_a_limited_translator_cannot_revert_other_languages(world):
    page, people = world
    old = draft(page, people["editor"], objective_ar="نص قديم")
    draft(page, people["editor"], objective_ar="أخبر الشباب")
    before = snapshot(page)
    response = post(people["translator"], page, "revert_to_page_revision", {"revision_id": old.pk})
    assert response.status_code == 403, response.content
    assert "this field is in Arabic" in response.content.decode()
    assert snapshot(page) == before


def test_a_limited_translator_reverts_their_own_languages(world):
    page, people = world
    old = draft(page, people["editor"], objective_wo="Mbind mu njëkk")
    draft(page, people["editor"], objective_wo="Xamal ndaw ñi")
    response = post(people["translator"], page, "revert_to_page_revision", {"revision_id": old.pk})
    assert response.status_code == 200, response.content
    latest = CampaignPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert latest.objective_wo == "Mbind mu njëkk"
    assert latest.objective_ar == "أخبر الشباب"


# --- Issue 10, item 12: what the database would refuse is refused first, with a reason -----------


def tree_state():
    from campaigns.models import Allocation, CountryPage

    return (
        list(Page.objects.order_by("pk").values_list("pk", "path", "live")),
        CountryPage.objects.count(),
        list(CampaignPage.objects.order_by("pk").values_list("pk", "code")),
        list(Allocation.objects.values_list("pk", "campaign_id")),
    )


def allocated(page):
    from tests.factories import agreement, allocation

    return allocation(agreement(), page)


def refusal(response):
    """The message of a 400 (the project's API error format: campaigns.reach.api)."""
    assert response.status_code == 400, response.content
    return " ".join(error["message"] for error in response.json()["errors"])


@pytest.mark.parametrize("which", ["campaign", "country page above it"])
@pytest.mark.parametrize("who", ["admin", "root"])
def test_a_page_funding_still_refers_to_is_not_deleted(world, which, who):
    page, people = world
    allocated(page)
    target = page if which == "campaign" else page.get_parent()
    before = tree_state()
    response = post(people[who], target, "delete")
    assert response.status_code == 400, response.content
    assert "Allocations still refer to" in refusal(response)
    assert tree_state() == before


def test_an_unreferenced_campaign_is_still_deleted_through_the_api(world):
    page, people = world
    assert post(people["admin"], page, "delete").status_code == 204
    assert not Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize("recursive", [True, False])
@pytest.mark.parametrize("who", ["admin", "editor", "root"])
def test_a_country_page_is_not_copied_through_the_api(world, recursive, who):
    page, people = world
    country = page.get_parent()
    before = tree_state()
    data = {"destination_page_id": country.get_parent().pk, "update_slug": "sn-copy",
            "recursive": recursive}  # fmt: skip
    response = post(people[who], country, "copy", data)
    assert response.status_code == 400, response.content
    assert "is a country page" in refusal(response)
    assert tree_state() == before


def test_the_index_is_not_copied_with_its_country_pages_through_the_api(world):
    page, people = world
    index = page.get_parent().get_parent()
    before = tree_state()
    data = {
        "destination_page_id": index.get_parent().pk,
        "update_slug": "c-copy",
        "recursive": True,
    }
    response = post(people["admin"], index, "copy", data)
    assert response.status_code == 400, response.content
    assert "has country pages below it" in refusal(response)
    assert tree_state() == before


def test_a_campaign_copied_through_the_api_gets_a_code_of_its_own(world):
    page, people = world
    allocated(page)
    response = post(people["admin"], page, "copy", {"update_slug": "desert-copy"})
    assert response.status_code == 201, response.content
    copy = CampaignPage.objects.get(pk=response.json()["id"])
    assert copy.code and copy.code != CampaignPage.objects.get(pk=page.pk).code
    assert copy.get_latest_revision_as_object().code == copy.code
    assert not copy.allocations.exists()
