"""Who may delete or move pages (only those who may publish them), and who may publish directly.

Wagtail lets anyone with the "change" permission delete or move a page that has never been
published; editors and translators must not, by any route (single or bulk).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, WorkflowMixin


def require_publish_permission(user, pages) -> None:
    for page in pages:
        if not page.permissions_for_user(user).can_publish():
            raise PermissionDenied(
                _("Only people who may publish “%(title)s” may delete or move it.")
                % {"title": page.get_admin_display_title()}
            )


def refuse_locked(user, objects) -> None:
    """Nothing waiting on a review task the user does not review (Wagtail's workflow lock), or
    locked by someone else, is deleted or moved: Wagtail checks the lock when editing only."""
    for obj in objects:
        lock = obj.get_lock() if hasattr(obj, "get_lock") else None
        if lock is not None and lock.for_user(user):
            raise PermissionDenied(
                _("“%(title)s” is locked: it waits on a review, or someone else is editing it.")
                % {"title": getattr(obj, "get_admin_display_title", obj.__str__)()}
            )


def before_delete_page(request, page):
    require_publish_permission(request.user, [page])
    refuse_locked(request.user, [page])


def before_move_page(request, page, destination):
    require_publish_permission(request.user, [page])
    refuse_locked(request.user, [page])


def before_delete_snippet(request, instances):
    refuse_locked(request.user, instances)


def before_bulk_action(request, action_type, objects, action_class_instance):
    if action_type in {"delete", "move"} and all(isinstance(obj, Page) for obj in objects):
        require_publish_permission(request.user, objects)
    if action_type in {"delete", "move", "unpublish"}:
        refuse_locked(request.user, objects)


# --- Nothing goes live without the review's approval ------------------------------------------
#
# Wagtail lets anyone who may publish bypass a workflow: the editor's Publish button, bulk
# publish, "publish copies". Where the "Funder review" applies, content goes live only when its
# last task approves it (campaigns.review.publish_approved); publishers keep unpublishing.
# Superusers keep the direct routes, as the emergency exit (every publication is in the log).


def under_review_workflow(obj, parent=None) -> bool:
    """Whether a workflow decides when ``obj`` (or a new page below ``parent``) goes live."""
    if parent is not None and not getattr(obj, "pk", None):
        return parent.get_workflow() is not None
    return obj.get_workflow() is not None


def must_go_through_review(user, obj, parent=None) -> bool:
    return not user.is_superuser and under_review_workflow(obj, parent)


def review_refusal(obj) -> str:
    return _(
        "“%(title)s” goes live through the funder's review: submit it for review; the last "
        "approval publishes it."
    ) % {"title": str(obj)}


def keep_as_draft(obj) -> None:
    """Wagtail's page create view adds the page live before asking ``before_publish_page``; a
    refusal there must leave it a draft, as it would be had the user clicked "Save draft"."""
    if isinstance(obj, Page) and obj.live and obj.live_revision_id is None:
        obj.live = False
        obj.has_unpublished_changes = True
        Page.objects.filter(pk=obj.pk).update(live=False, has_unpublished_changes=True)


def refuse_direct_publication(request, obj):
    keep_as_draft(obj)
    messages.error(request, review_refusal(obj))
    return redirect(AdminURLFinder(request.user).get_edit_url(obj) or "wagtailadmin_home")


def before_publish_page(request, page):
    if must_go_through_review(request.user, page, page.get_parent()):
        return refuse_direct_publication(request, page)


def before_publish(request, obj):
    if isinstance(obj, WorkflowMixin) and must_go_through_review(request.user, obj):
        return refuse_direct_publication(request, obj)


def before_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    refused = [obj for obj in objects if must_go_through_review(request.user, obj)]
    if not refused:
        return None
    for obj in refused:
        messages.error(request, review_refusal(obj))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "wagtailadmin_explore_root"
    return redirect(next_url)


def before_copy_page(request, page):
    """A copy asked to be published is kept as a draft (it goes through the review too)."""
    asked = request.method == "POST" and "publish_copies" in request.POST
    if asked and must_go_through_review(request.user, page):
        request.POST = request.POST.copy()
        del request.POST["publish_copies"]


def hide_publish_button(menu_items, request, context):
    """Don't offer what would be refused: the Publish button, where the review decides."""
    if request.user.is_superuser:
        return
    subject = context.get("page") or context.get("instance")
    if subject is not None:
        governed = isinstance(subject, WorkflowMixin) and under_review_workflow(subject)
    elif context.get("parent_page") is not None:  # a new page
        governed = context["parent_page"].get_workflow() is not None
    else:  # a new snippet
        model = context.get("model")
        governed = (
            isinstance(model, type)
            and issubclass(model, WorkflowMixin)
            and model.get_default_workflow() is not None
        )
    if governed:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
