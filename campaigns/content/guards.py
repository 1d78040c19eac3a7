"""Who may delete or move pages (only those who may publish them), and who may publish directly.

Wagtail lets anyone with the "change" permission delete or move a page that has never been
published; editors and translators must not, by any route (single or bulk).
"""

from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_text_list
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


# --- What still refers to a page is not deleted with it ----------------------------------------
#
# Funding allocations and reach reports point at their campaign through protected keys: deleting
# the campaign, or a country page above it, would fail in the database (a 500). Wagtail's
# reference index knows the page's own references only, and its admin API does not ask it.


def protected_references(pages) -> list[str]:
    """What (model names, plural) refers through a protected key to ``pages`` or a page below
    them: empty when deleting them would go through."""
    if not pages:
        return []
    tree = Page.objects.none()
    for page in pages:
        tree = tree | Page.objects.descendant_of(page, inclusive=True)
    return blocking_names(tree)


def blocking_names(objects) -> list[str]:
    """The names (plural) of the models whose rows would stop ``objects`` (a queryset, or a
    list of one model's instances) from being deleted: protected or restricted keys."""
    collector = Collector(using=router.db_for_write(Page))
    try:
        collector.collect(objects)
    except ProtectedError as error:
        found = error.protected_objects
    except RestrictedError as error:
        found = error.restricted_objects
    else:
        return []
    return sorted({str(obj._meta.verbose_name_plural) for obj in found})


def deletion_refusal(pages) -> str | None:
    """The reason ``pages`` cannot be deleted, naming what still refers to them, or None."""
    names = protected_references(pages)
    if not names:
        return None
    titles = get_text_list([f"“{page.get_admin_display_title()}”" for page in pages], _("and"))
    if any(page.get_children_count() for page in pages):
        titles = _("%(titles)s or the pages below") % {"titles": titles}
    return _(
        "%(things)s still refer to %(titles)s: it cannot be deleted while they do. Move them "
        "to another campaign or delete them first."
    ) % {"things": get_text_list(names, _("and")).capitalize(), "titles": titles}


def refuse_deletion(request, message, parent):
    messages.error(request, message)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return (
            redirect("wagtailadmin_explore", parent.pk) if parent else redirect("wagtailadmin_home")
        )
    return redirect(next_url)


def before_delete_page(request, page):
    require_publish_permission(request.user, [page])
    refuse_locked(request.user, [page])
    if request.method == "POST":
        message = deletion_refusal([page])
        if message:
            return refuse_deletion(request, message, page.get_parent())
    return None


def before_move_page(request, page, destination):
    require_publish_permission(request.user, [page])
    refuse_locked(request.user, [page])


def before_delete_snippet(request, instances):
    """Not while in review; and not what other rows still refer to through a protected key
    (e.g. an age band the reports' breakdowns use): Wagtail's reference index does not know
    every model, and the database's refusal would be a 500. (Bulk deletes say so their own
    way: campaigns.access.bulk_actions.)"""
    refuse_locked(request.user, instances)
    match = request.resolver_match
    bulk = match is not None and match.url_name == "wagtail_bulk_action"
    if request.method == "POST" and instances and not bulk:
        names = blocking_names(list(instances))
        if names:
            titles = get_text_list([f"“{obj}”" for obj in instances[:5]], _("and"))
            messages.error(
                request,
                _("%(things)s still refer to %(titles)s: it cannot be deleted while they do.")
                % {"things": get_text_list(names, _("and")).capitalize(), "titles": titles},
            )
            return redirect(request.get_full_path())
    return None


def before_bulk_action(request, action_type, objects, action_class_instance):
    pages = bool(objects) and all(isinstance(obj, Page) for obj in objects)
    if action_type in {"delete", "move"} and pages:
        require_publish_permission(request.user, objects)
    if action_type in {"delete", "move", "unpublish"}:
        refuse_locked(request.user, objects)
    if action_type == "delete" and pages:
        message = deletion_refusal(objects)
        if message:
            return refuse_deletion(request, message, None)
    return None


# --- One page per country: a country page is never copied ---------------------------------------


def copy_refusal(page, recursive) -> str | None:
    """Why copying ``page`` (with the pages below it if ``recursive``) cannot work, or None: a
    country page's country is unique (the copy would break the constraint, a 500)."""
    from campaigns.models import CountryPage

    if page.specific_class is not None and issubclass(page.specific_class, CountryPage):
        return _(
            "“%(title)s” is a country page: each country has one page, so it cannot be copied. "
            "Copy its campaigns instead."
        ) % {"title": page.get_admin_display_title()}
    if recursive and CountryPage.objects.descendant_of(page).exists():
        return _(
            "“%(title)s” has country pages below it: each country has one page, so it cannot be "
            "copied with the pages below it."
        ) % {"title": page.get_admin_display_title()}
    return None


# --- Nothing goes live without the review's approval ------------------------------------------
#
# Wagtail lets anyone who may publish bypass a workflow: the editor's Publish button, bulk
# publish, "publish copies". Where the "Funder review" applies, content goes live only when its
# last task approves it (campaigns.content.review.publish_approved); publishers keep unpublishing.
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
        # The live page's save has already committed and purged the page cache: a visit in
        # between may have stored it (and its parent's list) as live. An UPDATE sends no signal.
        from campaigns.site.page_cache_purge import purge_after_commit

        purge_after_commit()


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
    """A country page is not copied (``copy_refusal``); a copy asked to be published is kept as
    a draft (it goes through the review too)."""
    recursive = request.method == "POST" and bool(request.POST.get("copy_subpages"))
    message = copy_refusal(page, recursive)
    if message:
        messages.error(request, message)
        parent = page.get_parent()
        return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)
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
