"""Who may delete or move pages: only those who may publish them.

Wagtail lets anyone with the "change" permission delete or move a page that has never been
published; editors and translators must not, by any route (single or bulk).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.models import Page


def require_publish_permission(user, pages) -> None:
    for page in pages:
        if not page.permissions_for_user(user).can_publish():
            raise PermissionDenied(
                _("Only people who may publish “%(title)s” may delete or move it.")
                % {"title": page.get_admin_display_title()}
            )


def before_delete_page(request, page):
    require_publish_permission(request.user, [page])


def before_move_page(request, page, destination):
    require_publish_permission(request.user, [page])


def before_bulk_action(request, action_type, objects, action_class_instance):
    if action_type in {"delete", "move"} and all(isinstance(obj, Page) for obj in objects):
        require_publish_permission(request.user, objects)
