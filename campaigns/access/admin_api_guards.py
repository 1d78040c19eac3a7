"""The same rules on Wagtail's admin API as on the admin's views.

Wagtail's admin API (``/admin/api/main/pages/<id>/action/<name>/``, used by its page explorer) runs
page actions (publish, unpublish, revert, copy, move, delete, aliases, translation copies) straight
through ``wagtail.actions``: none of the ``before_*`` hooks that guard the views
(campaigns.content.guards, campaigns.content.views.publish_refused) run there, nor the edit form
that holds a translator to their languages, nor the review's lock (Wagtail's own edit views check
it; its revert action does not). ``GuardedPagesAdminAPIViewSet`` replaces the "pages" endpoint and
runs one check per action before Wagtail's own (``ACTION_CHECKS``); an action without a check is
refused to everyone but superusers, so an action Wagtail adds later is closed until decided.

The rules, for everyone but superusers unless said otherwise:

- publish: refused where the funder's review decides (its last approval publishes); refused
  for everyone, superusers included, while a publishing check fails (campaigns.content.publishing);
- unpublish: Wagtail's rule (publishers, not while the review locks the page);
- revert_to_page_revision: refused while the page is locked (waiting on a review task the user
  does not review), and for a limited translator when the old revision differs from the
  current one outside their languages (campaigns.content.forms.changes_outside);
- copy: kept as a draft where the review decides (the copy view's "publish copies" too);
- move, delete: only people who may publish the page, and not while it is locked;
- delete: refused (400) while something refers to the page or a page below it through a
  protected key (funding allocations, reach reports: campaigns.content.guards.deletion_refusal);
- copy: refused (400) for a country page, or a page with country pages below it when copied
  with them (one page per country: campaigns.content.guards.copy_refusal);
- create_alias, convert_alias, copy_for_translation: superusers only where the review applies
  (an alias of a live page is live at once; this site translates with modeltranslation).
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied, ValidationError
from wagtail.admin.api.views import PagesAdminAPIViewSet

from campaigns.content import guards
from campaigns.content.publishing import publish_problems, refusal_message


def refuse_if_locked(request, page):
    guards.refuse_locked(request.user, [page])  # Django's PermissionDenied: a 403 here too


def check_publish(request, page, data):
    refuse_if_locked(request, page)
    if guards.must_go_through_review(request.user, page):
        raise PermissionDenied(guards.review_refusal(page))
    revision = page.get_latest_revision()
    item = revision.as_object() if revision else page.specific
    problems = publish_problems(item)
    if problems:
        raise ValidationError({"detail": refusal_message(item, problems)})
    return data


def check_unpublish(request, page, data):
    return data  # Wagtail's UnpublishPageAction checks can_unpublish(), lock included


def check_revert(request, page, data):
    from campaigns.content.forms import changes_outside
    from campaigns.content.models.translators import translator_language_codes

    refuse_if_locked(request, page)
    codes = translator_language_codes(request.user)
    if codes is not None:
        revision = page.revisions.filter(pk=data.get("revision_id")).first()
        if revision is not None:
            outside = changes_outside(codes, page.get_latest_revision_as_object(), revision)
            if outside:
                raise PermissionDenied(outside[0])
    return data


def check_copy(request, page, data):
    message = guards.copy_refusal(page, bool(data.get("recursive")))
    if message:  # a country page: its copy would break "one page per country" (a 500)
        raise ValidationError({"detail": message})
    destination = _destination(page, data)
    governed = destination is not None and destination.get_workflow() is not None
    if data.get("keep_live", True) and governed and not request.user.is_superuser:
        data = {**data, "keep_live": False}  # a draft, which goes through the review
    return data


def check_move_or_delete(request, page, data):
    refuse_if_locked(request, page)
    guards.require_publish_permission(request.user, [page])
    return data


def check_delete(request, page, data):
    check_move_or_delete(request, page, data)
    message = guards.deletion_refusal([page])
    if message:  # allocations, reach reports...: the database would refuse (a 500)
        raise ValidationError({"detail": message})
    return data


def superusers_where_reviewed(request, page, data):
    if request.user.is_superuser:
        return data
    destination = _destination(page, data)
    if page.get_workflow() is not None or (destination and destination.get_workflow()):
        raise PermissionDenied(
            _("Aliases and translation copies are made by superusers only on this site.")
        )
    return data


def _destination(page, data):
    from wagtail.models import Page

    destination_id = data.get("destination_page_id")
    if destination_id:
        return Page.objects.filter(pk=destination_id).first()
    return page.get_parent()


ACTION_CHECKS = {
    "publish": check_publish,
    "unpublish": check_unpublish,
    "revert_to_page_revision": check_revert,
    "copy": check_copy,
    "move": check_move_or_delete,
    "delete": check_delete,
    "create_alias": superusers_where_reviewed,
    "convert_alias": superusers_where_reviewed,
    "copy_for_translation": superusers_where_reviewed,
}


def refuse_unchecked(request, page, data):
    if not request.user.is_superuser:
        raise PermissionDenied(_("This action is not available."))
    return data


def guarded(name, action_class):
    check = ACTION_CHECKS.get(name, refuse_unchecked)

    class GuardedAction(action_class):
        def execute(self, instance, data):
            return super().execute(instance, check(self.request, instance, data))

    GuardedAction.__name__ = f"Guarded{action_class.__name__}"
    GuardedAction.check = staticmethod(check)
    return GuardedAction


class GuardedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    actions = {name: guarded(name, cls) for name, cls in PagesAdminAPIViewSet.actions.items()}


def construct_admin_api(router):
    router.register_endpoint("pages", GuardedPagesAdminAPIViewSet)
