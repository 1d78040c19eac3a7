"""Who may call the API at all; which rows, in campaigns.reach.access (never filtered here).

Any reach role reads (reference data, the reports it may see); writing needs the reporter's
change permission (reporters, M&E officers); validating, returning and locking need
`can_validate` (M&E officers). Everyone else, even logged in, gets 403.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from campaigns.reach.access import CHANGE, VALIDATE, VIEW_ALL, can_validate

READ = (VIEW_ALL, VALIDATE, CHANGE, "campaigns.view_reachreport")


def has_reach_role(user) -> bool:
    return bool(user and user.is_active and any(user.has_perm(perm) for perm in READ))


class ReachRole(permissions.BasePermission):
    """Reads for any reach role; writes (POST, PUT, PATCH, DELETE) for those who report."""

    message = _("Your role does not include reach figures.")

    def has_permission(self, request, view):
        user = request.user
        if not has_reach_role(user):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        needed = getattr(view, "required_permission", None) or CHANGE
        if needed == VALIDATE:
            self.message = _("Only M&E officers validate, return and lock reports.")
            return can_validate(user)
        self.message = _("Your role reads reach figures; it does not change them.")
        return user.has_perm(needed)
