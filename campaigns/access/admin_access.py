"""Who may use the admin's content screens that Wagtail opens to any admin user (issue 10).

Wagtail answers these routes for anyone with admin access, a reporter of a partner organisation
included; here each asks for the permissions of the people whose work needs it:

- the translation status reports (campaigns.content.views.translation_status), their menu item and
  buttons: the content roles, ``is_content_user`` (anyone with a page permission, a permission
  on materials, or a place in a review task's groups: editors, translators, funder reviewers,
  administrators, superusers);
- Wagtail's page chooser (``/admin/choose-page/``, its child, search and chosen-multiple
  views): ``may_choose_pages``, the content roles and the people whose admin forms choose a page
  (finance officers pick an allocation's campaign, M&E officers a target's), read from the forms by
  campaigns.access.chooser_permissions; the link choosers (external, e-mail, phone, anchor) hold no
  data and stay open;
- the admin API's images and documents endpoints (``/admin/api/main/images/``, ``documents/``,
  their detail and find routes), which listed every file with its download URL: people with an
  add, change or choose permission on some collection, who list only the items of the
  collections they may choose from or change. (Its pages endpoint lists only the tree the user
  may explore, nothing for a reporter; campaigns.access.admin_api_guards guards its actions.)

Others get a 403.
"""

from django.core.exceptions import PermissionDenied
from rest_framework.exceptions import PermissionDenied as APIPermissionDenied
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.views import chooser as page_chooser
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

MATERIAL_ACTIONS = ("add", "change", "delete", "view", "publish", "lock", "unlock")
MEDIA_ACTIONS = ["add", "change", "choose"]
MEDIA_LISTED = ["change", "choose"]


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_content_user(user) -> bool:
    """People who may change or review pages or materials."""
    from campaigns.content.views.review_queue import user_is_reviewer

    if not _signed_in(user):
        return False
    if user.is_superuser or user_has_any_page_permission(user):
        return True
    if any(user.has_perm(f"campaigns.{action}_material") for action in MATERIAL_ACTIONS):
        return True
    return user_is_reviewer(user)


def _forms_choose_pages(user) -> bool:
    from campaigns.access.chooser_permissions import _may_use_form, form_choosers

    return any(
        _may_use_form(user, source)
        for target, sources in form_choosers().items()
        if isinstance(target, type) and issubclass(target, Page)
        for source in sources
    )


def may_choose_pages(user) -> bool:
    return is_content_user(user) or (_signed_in(user) and _forms_choose_pages(user))


# --- Wagtail's page chooser ---------------------------------------------------------------------


def _guard_page_chooser(view_class) -> None:
    wagtail_dispatch = view_class.dispatch
    if getattr(wagtail_dispatch, "campaigns_guarded", False):
        return

    def dispatch(self, request, *args, **kwargs):
        if not may_choose_pages(request.user):
            raise PermissionDenied
        return wagtail_dispatch(self, request, *args, **kwargs)

    dispatch.campaigns_guarded = True
    view_class.dispatch = dispatch


def install() -> None:
    """Guard Wagtail's page chooser views (idempotent; access.admin_hooks calls it once)."""
    # The URL patterns hold ``as_view()`` functions, which look ``dispatch`` up on each request.
    for view_class in (page_chooser.BrowseView, page_chooser.SearchView,
                       page_chooser.ChosenMultipleView):  # fmt: skip
        _guard_page_chooser(view_class)


# --- The admin API ------------------------------------------------------------------------------


class MediaReadAccess:
    @property
    def policy(self):
        return policy_registry.get_by_type(self.model)

    def check_permissions(self, request):
        super().check_permissions(request)
        user = request.user
        if not _signed_in(user) or not self.policy.user_has_any_permission(user, MEDIA_ACTIONS):
            raise APIPermissionDenied

    def get_queryset(self):
        allowed = self.policy.instances_user_has_any_permission_for(self.request.user, MEDIA_LISTED)
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class GuardedImagesAdminAPIViewSet(MediaReadAccess, ImagesAdminAPIViewSet):
    pass


class GuardedDocumentsAdminAPIViewSet(MediaReadAccess, DocumentsAdminAPIViewSet):
    pass


def guard_media_endpoints(router):
    router.register_endpoint("images", GuardedImagesAdminAPIViewSet)
    router.register_endpoint("documents", GuardedDocumentsAdminAPIViewSet)
