"""Wagtail's revert views refuse an item locked in review (issue 10, item 3).

``/admin/pages/<id>/revisions/<rev>/revert/`` (``wagtailadmin_pages:revisions_revert``) and each
snippet's ``.../history/<pk>/revisions/<rev>/revert/`` (``<namespace>:revisions_revert``) open the
edit form on an old revision; a POST saves it as a new latest revision. While the item waits on a
review task (Wagtail's ``WorkflowLock``), or is locked by someone else, that new revision would be
what the reviewer's approval publishes, not what they saw. The views' "before edit" hooks run with
the request before any form is built: on a revert route, the item's lock for the user
(``campaigns.content.guards.refuse_locked``: superusers and the current task's reviewers pass) makes
it a 403, for a GET as for a POST, and nothing is saved. The admin API's revert action is refused by
campaigns.access.admin_api_guards.
"""

from campaigns.content import guards

REVERT_VIEW = "revisions_revert"


def is_revert(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == REVERT_VIEW


def current(obj):
    """The stored item: the views hand the hooks the old revision's object."""
    model = type(obj)
    specific = getattr(obj, "specific_class", None) or model
    return specific._default_manager.filter(pk=obj.pk).first() or obj


def refuse_locked_revert(request, obj):
    if is_revert(request):
        guards.refuse_locked(request.user, [current(obj)])  # PermissionDenied: a 403


def refuse_page_revert(request, page):
    refuse_locked_revert(request, page)


def refuse_snippet_revert(request, instance):
    refuse_locked_revert(request, instance)
