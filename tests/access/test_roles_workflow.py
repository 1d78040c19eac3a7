"""Issue 10, item 4: the "Funder review" stays enabled and assigned, whoever asks, by any route.

Wagtail's "Disable workflow" deletes a workflow's page and content-type assignments (enabling it
again does not restore them), and campaigns.content.guards lets publishers publish wherever no
workflow applies. Administrators may not touch workflows or tasks at all; superusers may edit them,
but no route (disable, the edit form's pages and content types, "remove workflow", task disable, the
model itself) takes the review off the site or out of its tasks. Each refusal leaves the workflow,
its tasks, assignments and review states as they were.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from wagtail.admin.forms.workflows import WorkflowContentTypeForm, WorkflowPagesFormSet
from wagtail.admin.views.workflows import get_workflow_edit_handler
from wagtail.models import (
    Task,
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from campaigns.access.roles import ADMINISTRATORS, EDITORS, FUNDER_TASK, WORKFLOW_NAME, setup_roles
from campaigns.models import Material
from tests.admin_forms import form_data
from tests.factories import SuperUserFactory, campaign_page, country_page, home_page, role_user


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        home = home_page()
        setup_roles()
        root = SuperUserFactory(username="root")
        admin = role_user(ADMINISTRATORS, "admin")
        editor = role_user(EDITORS, "editor")
        page = campaign_page()
        page.title_en = "For the funder"
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)  # a review in progress, which a disable cancels
        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        yield {"root": root, "admin": admin, "workflow": workflow, "home": home, "page": page}
        transaction.set_rollback(True)


@pytest.fixture
def world(world_data, db):
    return world_data


def review_state():
    """Everything a refused request must leave untouched."""
    return (
        list(Workflow.objects.order_by("pk").values_list("pk", "name", "active")),
        sorted(WorkflowPage.objects.values_list("page_id", "workflow_id")),
        sorted(WorkflowContentType.objects.values_list("content_type_id", "workflow_id")),
        sorted(WorkflowTask.objects.values_list("workflow_id", "task_id", "sort_order")),
        list(Task.objects.order_by("pk").values_list("pk", "name", "active")),
        list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    )


def assert_refused(response):
    """Wagtail answers a PermissionDenied in its admin with a redirect home ("Sorry, you do not
    have permission"), or a 403."""
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")


def assert_review_in_force(world):
    assert world["page"].get_workflow() == world["workflow"]
    assert Material().get_workflow() == world["workflow"]


def edit_form_data(workflow, user) -> dict:
    """What the workflow's edit form posts unchanged: name, tasks, pages, content types."""
    form_class = get_workflow_edit_handler().get_form_class()
    data = form_data(form_class(instance=workflow, for_user=user))
    pages = WorkflowPagesFormSet(instance=workflow, prefix="pages")
    management = pages.management_form
    for name in management.fields:
        data[management.add_prefix(name)] = str(management[name].value())
    for form in pages.forms:
        data.update(form_data(form))
    data["content_types"] = [
        str(pk) for pk in workflow.workflow_content_types.values_list("content_type_id", flat=True)
    ]
    assert WorkflowContentTypeForm(data, workflow=workflow).is_valid()
    return data


# --- Administrators: no workflow or task screen at all ------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("index", "get"),
        ("edit", "get"),
        ("edit", "post"),
        ("disable", "get"),
        ("disable", "post"),
        ("add", "post"),
        ("task_index", "get"),
        ("edit_task", "post"),
        ("disable_task", "post"),
    ],
)
def test_administrators_have_no_workflow_screen(world, client, name, method):
    client.force_login(world["admin"])
    before = review_state()
    if name in {"edit", "disable"}:
        url = reverse(f"wagtailadmin_workflows:{name}", args=[world["workflow"].pk])
    elif name in {"edit_task", "disable_task"}:
        task = Task.objects.get(name=FUNDER_TASK)
        url = reverse(f"wagtailadmin_workflows:{name}", args=[task.pk])
    else:
        url = reverse(f"wagtailadmin_workflows:{name}")
    response = getattr(client, method)(url, {"name": "Renamed"} if method == "post" else None)
    assert review_state() == before
    assert_refused(response)
    assert_review_in_force(world)


# --- Superusers: edit it, never take it off the site ----------------------------------------------


def test_no_one_disables_the_review(world, client):
    client.force_login(world["root"])
    before = review_state()
    url = reverse("wagtailadmin_workflows:disable", args=[world["workflow"].pk])
    assert_refused(client.get(url))
    assert_refused(client.post(url))
    assert review_state() == before
    assert_review_in_force(world)


def test_the_edit_form_hides_disable(world, client):
    client.force_login(world["root"])
    html = client.get(reverse("wagtailadmin_workflows:edit", args=[world["workflow"].pk]))
    disable = reverse("wagtailadmin_workflows:disable", args=[world["workflow"].pk])
    assert html.status_code == 200
    assert disable not in html.content.decode()


@pytest.mark.parametrize("change", ["remove the site", "remove materials", "remove a task"])
def test_the_edit_form_keeps_the_review_assigned(world, client, change):
    client.force_login(world["root"])
    workflow = world["workflow"]
    data = edit_form_data(workflow, world["root"])
    if change == "remove the site":
        data["pages-0-DELETE"] = "on"
    elif change == "remove materials":
        data["content_types"] = []
    else:
        data["workflow_tasks-1-DELETE"] = "on"
    before = review_state()
    response = client.post(reverse("wagtailadmin_workflows:edit", args=[workflow.pk]), data)
    assert_refused(response)
    assert review_state() == before
    assert_review_in_force(world)


def test_the_edit_form_still_saves_other_changes(world, client):
    client.force_login(world["root"])
    workflow = world["workflow"]
    guinea = country_page()
    data = edit_form_data(workflow, world["root"])
    total = int(data["pages-TOTAL_FORMS"])
    data.update({"pages-TOTAL_FORMS": str(total + 1), f"pages-{total}-page": str(guinea.pk)})
    response = client.post(reverse("wagtailadmin_workflows:edit", args=[workflow.pk]), data)
    assert response.status_code == 302
    assert WorkflowPage.objects.filter(page=guinea, workflow=workflow).exists()
    # Deleting a page still deletes its own assignment.
    guinea.delete()
    assert not WorkflowPage.objects.filter(page_id=guinea.pk).exists()
    assert_review_in_force(world)


def test_remove_workflow_from_the_site_is_refused(world, client):
    client.force_login(world["root"])
    before = review_state()
    home, workflow = world["home"], world["workflow"]
    url = reverse("wagtailadmin_workflows:remove", args=[home.pk, workflow.pk])
    # Django deletes in atomic(savepoint=False): outside a test's transaction that is the
    # request's own transaction, rolled back by the refusal; here a savepoint stands in for it.
    with transaction.atomic():
        assert_refused(client.post(url))
    assert review_state() == before
    assert_review_in_force(world)


def test_the_funders_task_cannot_be_disabled(world, client):
    client.force_login(world["root"])
    before = review_state()
    task = Task.objects.get(name=FUNDER_TASK)
    assert_refused(client.post(reverse("wagtailadmin_workflows:disable_task", args=[task.pk])))
    assert review_state() == before


def test_the_model_refuses_too(world):
    """The shell's route: refused before anything is written when no review is in progress."""
    workflow = world["workflow"]
    WorkflowState.objects.update(status=WorkflowState.STATUS_CANCELLED)
    TaskState.objects.update(status=TaskState.STATUS_CANCELLED)
    before = review_state()
    for attempt in [
        lambda: Workflow.objects.get(pk=workflow.pk).deactivate(),
        lambda: WorkflowPage.objects.filter(workflow=workflow).delete(),
        lambda: WorkflowContentType.objects.filter(workflow=workflow).delete(),
        lambda: WorkflowTask.objects.filter(workflow=workflow).delete(),
        lambda: Workflow.objects.get(pk=workflow.pk).delete(),
        lambda: Task.objects.get(name=FUNDER_TASK).specific.deactivate(),
        lambda: _rename(workflow),
        lambda: _move_site_to_another_workflow(world),
    ]:
        with pytest.raises(PermissionDenied), transaction.atomic():
            attempt()
        assert review_state() == before
    assert_review_in_force(world)


def _rename(workflow):
    workflow = Workflow.objects.get(pk=workflow.pk)
    workflow.name = "Something else"
    workflow.save()


def _move_site_to_another_workflow(world):
    other = Workflow.objects.create(name="Quick look")
    assignment = WorkflowPage.objects.get(page=world["home"])
    assignment.workflow = other
    assignment.save()


def test_enabling_a_review_disabled_before_these_rules_assigns_it_again(world, client):
    """A site whose review was disabled by Wagtail's view before: enabling restores it."""
    workflow = world["workflow"]
    with connection.cursor() as cursor:  # what Workflow.deactivate() left behind
        cursor.execute("DELETE FROM wagtailcore_workflowpage")
        cursor.execute("DELETE FROM wagtailcore_workflowcontenttype")
    Workflow.objects.filter(pk=workflow.pk).update(active=False)
    assert world["page"].get_workflow() is None

    client.force_login(world["root"])
    response = client.post(reverse("wagtailadmin_workflows:enable", args=[workflow.pk]))
    assert response.status_code == 302
    assert_review_in_force(world)
    assert WorkflowContentType.objects.get(workflow=workflow).content_type == (
        ContentType.objects.get_for_model(Material)
    )
