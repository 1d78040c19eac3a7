"""What no Administrator may do to people, and what no one may do to the "Funder review".

People. Administrators hold `auth.add_user`, `change_user` and `delete_user`
(campaigns.access.roles), which Wagtail reads as "every user, every group, the superuser flag".
Here, by every route (Wagtail's user create, edit and delete views, and the user bulk actions:
assign role, set active state, delete; there is no user copy view: campaigns.access.copy_views), a
user who is not a superuser:
- grants only the roles in ASSIGNABLE_BY_ADMINISTRATORS, never the superuser flag;
- edits, deactivates or deletes only users they could have made: no superuser (so never a
  superuser's password or email), no Funder reviewer (whose account would approve for the funder);
- never adds themselves to a group they are not in.
Groups and their permissions have no rule here: only superusers hold `auth.*_group`.

The review. Wagtail's "Disable workflow" deletes the workflow's page and content-type
assignments, and enabling it again does not bring them back: the site would go unguarded
(campaigns.content.guards lets publishers publish where no workflow applies). So:
- no one disables a workflow from the admin (the workflow permission policy refuses "delete",
  which is what Wagtail's disable view and button check); only superusers edit workflows;
- the model refuses, by any route (the workflow's edit form, "remove workflow from page",
  the shell), to deactivate or rename the "Funder review", to delete it, its tasks or its page and
  content-type assignments, to move those assignments to another workflow, or to disable its
  tasks; deleting a page still deletes that page's assignment;
- enabling the "Funder review" (if it was disabled before these rules) assigns it again.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.signals import post_save, pre_delete, pre_save
from django.forms import CheckboxInput
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Page, Task, Workflow, WorkflowContentType, WorkflowPage, WorkflowTask
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from campaigns.access.roles import (
    ASSIGNABLE_BY_ADMINISTRATORS,
    WORKFLOW_NAME,
    assign_review_workflow,
    review_tree_root,
)

User = get_user_model()
USERS_INDEX = "wagtailusers_users:index"

# --- People ------------------------------------------------------------------------------------


def may_grant(actor, group: Group) -> bool:
    return actor.is_superuser or group.name in ASSIGNABLE_BY_ADMINISTRATORS


def may_manage(actor, target) -> bool:
    """Whether ``actor`` may edit, deactivate or delete ``target``."""
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    return all(may_grant(actor, group) for group in target.groups.all())


def _posted_groups(request) -> QuerySet:
    ids = [value for value in request.POST.getlist("groups") if value.isdigit()]
    return Group.objects.filter(pk__in=ids)


def _grant_refusal(request, target=None) -> str | None:
    """Why the user form posted by ``request.user`` (for ``target``, or a new user) is refused."""
    actor = request.user
    if actor.is_superuser:
        return None
    if CheckboxInput().value_from_datadict(request.POST, None, "is_superuser"):
        return _("Only a superuser may make someone a superuser.")
    groups = list(_posted_groups(request))
    if target is not None and target.pk == actor.pk:
        own = set(actor.groups.values_list("pk", flat=True))
        if any(group.pk not in own for group in groups):
            return _("You cannot add yourself to a group; ask a superuser.")
    refused = [group.name for group in groups if not may_grant(actor, group)]
    if refused:
        return _("Only a superuser may grant these roles: %(roles)s.") % {
            "roles": ", ".join(sorted(refused))
        }
    return None


def _refuse(request, message: str, url_name: str = USERS_INDEX, *args):
    messages.error(request, message)
    return redirect(url_name, *args)


def _manage_refusal(target) -> str:
    if target.is_superuser:
        return _("Only a superuser may change or delete a superuser.")
    return _(
        "Only a superuser may change or delete %(user)s: they hold a role you cannot grant."
    ) % {"user": target.get_username()}


def before_create_user(request):
    if request.method == "POST" and (message := _grant_refusal(request)):
        return _refuse(request, message, "wagtailusers_users:add")
    return None


def before_edit_user(request, user):
    if not may_manage(request.user, user):
        return _refuse(request, _manage_refusal(user))
    if request.method == "POST" and (message := _grant_refusal(request, user)):
        return _refuse(request, message, "wagtailusers_users:edit", user.pk)
    return None


def before_delete_user(request, user):
    if not may_manage(request.user, user):
        return _refuse(request, _manage_refusal(user))
    return None


def before_bulk_action(request, action_type, objects, action_class_instance):
    actor = request.user
    if actor.is_superuser or not all(isinstance(obj, User) for obj in objects):
        return None
    for target in objects:
        if not may_manage(actor, target):
            return _refuse(request, _manage_refusal(target))
    if action_type == "assign_role":
        role = action_class_instance.cleaned_form.cleaned_data["role"]
        if not may_grant(actor, role):
            return _refuse(
                request, _("Only a superuser may grant these roles: %(roles)s.") % {"roles": role}
            )
        if (
            any(target.pk == actor.pk for target in objects)
            and not actor.groups.filter(pk=role.pk).exists()
        ):
            return _refuse(request, _("You cannot add yourself to a group; ask a superuser."))
    return None


# --- The "Funder review" stays assigned ----------------------------------------------------------


class WorkflowPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's, except that no one disables a workflow ("delete" is what Disable checks)."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReviewProtected(PermissionDenied):
    """A change that would take the "Funder review" off the site or weaken it."""


def _refuse_review_change() -> None:
    raise ReviewProtected(
        _(
            "The “%(workflow)s” workflow stays enabled and assigned to the whole site and to "
            "materials: nothing may go live without the funder's approval."
        )
        % {"workflow": WORKFLOW_NAME}
    )


def _is_review(workflow_id) -> bool:
    return Workflow.objects.filter(pk=workflow_id, name=WORKFLOW_NAME).exists()


def _deleted_with(origin, model) -> bool:
    """Whether the deletion started from a ``model`` row (a cascade), not from the row itself."""
    if isinstance(origin, QuerySet):
        return issubclass(origin.model, model)
    return isinstance(origin, model)


def workflow_pre_save(sender, instance, **kwargs):
    if not instance.pk:
        return
    before = Workflow.objects.filter(pk=instance.pk).values("name", "active").first()
    was_review = before and before["name"] == WORKFLOW_NAME and before["active"]
    if was_review and (instance.name != WORKFLOW_NAME or not instance.active):
        _refuse_review_change()


def workflow_post_save(sender, instance, **kwargs):
    """Enabling a review disabled before these rules existed assigns it again."""
    if instance.name == WORKFLOW_NAME and instance.active:
        assign_review_workflow(instance, review_tree_root())


def workflow_pre_delete(sender, instance, **kwargs):
    if instance.name == WORKFLOW_NAME:
        _refuse_review_change()


def assignment_pre_delete(sender, instance, origin=None, **kwargs):
    cascade_from = Page if sender is WorkflowPage else type(instance.content_type)
    if _is_review(instance.workflow_id) and not _deleted_with(origin, cascade_from):
        _refuse_review_change()


def assignment_pre_save(sender, instance, **kwargs):
    if not instance.pk:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("workflow_id", flat=True).first()
    if before is not None and before != instance.workflow_id and _is_review(before):
        _refuse_review_change()


def workflow_task_pre_delete(sender, instance, **kwargs):
    if _is_review(instance.workflow_id):
        _refuse_review_change()


def task_pre_save(sender, instance, **kwargs):
    if not instance.pk or instance.active:
        return
    in_review = WorkflowTask.objects.filter(
        task_id=instance.pk, workflow__name=WORKFLOW_NAME, task__active=True
    )
    if in_review.exists():
        _refuse_review_change()


def _connect() -> None:
    uid = "campaigns.access.admin_guards"
    pre_save.connect(workflow_pre_save, sender=Workflow, dispatch_uid=f"{uid}.workflow")
    post_save.connect(workflow_post_save, sender=Workflow, dispatch_uid=f"{uid}.workflow")
    pre_delete.connect(workflow_pre_delete, sender=Workflow, dispatch_uid=f"{uid}.workflow")
    for model in (WorkflowPage, WorkflowContentType):
        pre_delete.connect(assignment_pre_delete, sender=model, dispatch_uid=f"{uid}.{model}")
        pre_save.connect(assignment_pre_save, sender=model, dispatch_uid=f"{uid}.{model}")
    pre_delete.connect(workflow_task_pre_delete, sender=WorkflowTask, dispatch_uid=f"{uid}.wt")
    # A task saved as its specific class (campaigns.ReviewTask) signals with that class.
    for model in apps.get_models():
        if issubclass(model, Task):
            pre_save.connect(task_pre_save, sender=model, dispatch_uid=f"{uid}.{model}")


def install() -> None:
    """No one disables the review workflow, by any route (access.admin_hooks calls it once)."""
    register_permission_policy(Workflow, WorkflowPermissionPolicy(Workflow))
    _connect()
