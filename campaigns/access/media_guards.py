"""Images and documents used by live content change only through a reviewed draft.

The funder reviews exactly what goes live. Replacing the file of an image or document that a
live page or a live material shows (or its alt text, or an image's focal point, which decides
its crops) would change the public site at once, without review. For people who are not
superusers such a change is refused, by every route that saves an image or document form
(edit views, the choosers, the admin API: WAGTAILIMAGES_IMAGE_FORM_BASE and
WAGTAILDOCS_DOCUMENT_FORM_BASE point at the forms below); they upload a new file and use it in
a draft that goes through the review. Title, tags and collection stay editable: the public site
shows none of them (documents are served under their file name).

Deleting an image or document used by live content is refused too (the live page would lose
it without review): Wagtail's ``delete`` action is replaced for both models, which the single
delete views, the bulk deletes (campaigns.access.bulk_actions) and the admin API all run. The
multiple uploader's delete views (``images/multiple/<id>/delete/``, ``documents/multiple/...``)
delete without that action: MediaDeleteMiddleware applies the same rule to them, and to the
single delete screens' GET. Deleting needs the delete permission itself too (Wagtail takes
"change" for it): campaigns.access.roles gives it to Administrators only.

"Used by live content" means: Wagtail's ReferenceIndex has a reference to it from a live page
or a live draft-state object (a Material: its versions' files are indexed under the material),
or a live material's version holds it (asked directly too, not only through the index), or it is
a funder's emblem (shown on every page the funder funds and on the transparency pages). A
reference from a live page's draft counts too: the index does not tell the live content from
the draft, so this errs on the side of refusing.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.actions.delete import DeleteAction, DeletePermissionError
from wagtail.admin import messages
from wagtail.documents import get_document_model
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images import get_image_model
from wagtail.images.forms import BaseImageForm
from wagtail.models import DraftStateMixin, GroupCollectionPermission, Page, ReferenceIndex

# Fields whose change the public sees at once where the item is used.
IMAGE_LIVE_FIELDS = (
    "file",
    "description",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
)
DOCUMENT_LIVE_FIELDS = ("file",)


def live_users_of(obj) -> list[str]:
    """Names of the live pages and live draft-state objects (materials) that use ``obj``."""
    if obj.pk is None:
        return []
    names = []
    by_type: dict[int, set[str]] = {}
    for content_type_id, object_id in ReferenceIndex.get_references_to(obj).values_list(
        "base_content_type_id", "object_id"
    ):
        by_type.setdefault(content_type_id, set()).add(object_id)
    for content_type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        if issubclass(model, Page) or issubclass(model, DraftStateMixin):
            rows = model._default_manager.filter(pk__in=object_ids, live=True)
            names.extend(str(row) for row in rows)
    if isinstance(obj, get_image_model()):
        # A funder's emblem is shown on every page it funds and on the transparency pages.
        from campaigns.funding.models import Funder

        names.extend(
            _("%(funder)s (emblem)") % {"funder": funder}
            for funder in Funder.objects.filter(logo=obj)
        )
    if isinstance(obj, get_document_model()):
        from campaigns.models import Material

        materials = Material.objects.filter(live=True, versions__document=obj).distinct()
        names.extend(str(material) for material in materials)
    return sorted(set(names))


def is_privileged(user) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


def refusal_message(obj, users: list[str], what: str) -> str:
    shown = ", ".join(f"“{name}”" for name in users[:5]) + (", …" if len(users) > 5 else "")
    return _(
        "%(what)s: “%(title)s” is used by live content (%(users)s), which would change "
        "without the funder's review. Upload a new file and use it in a draft of that "
        "content, which then goes through the review."
    ) % {"what": what, "title": obj, "users": shown}


class LiveUseFormMixin:
    """Refuses changing what the public sees of an item used by live content."""

    live_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        self.acting_user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        changed = [name for name in self.live_fields if name in self.changed_data]
        if changed and self.instance.pk and not is_privileged(self.acting_user):
            stored = type(self.instance)._default_manager.get(pk=self.instance.pk)
            users = live_users_of(stored)
            if users:
                message = refusal_message(stored, users, _("Not saved"))
                on_fields = [name for name in changed if not name.startswith("focal_point")]
                for name in on_fields:
                    self.add_error(name if name in self.fields else None, message)
                if len(on_fields) < len(changed):  # the focal point's fields are hidden
                    self.add_error(None, message)
        return cleaned


class LiveUseImageForm(LiveUseFormMixin, BaseImageForm):
    live_fields = IMAGE_LIVE_FIELDS

    class Meta(BaseImageForm.Meta):
        pass


class LiveUseDocumentForm(LiveUseFormMixin, BaseDocumentForm):
    live_fields = DOCUMENT_LIVE_FIELDS

    class Meta(BaseDocumentForm.Meta):
        pass


def holds_delete_permission(user, obj) -> bool:
    """Whether ``user`` holds the delete permission itself on ``obj``'s collection.

    Wagtail's collection policies treat "delete" as "change", so anyone who may edit images or
    documents (editors, translators) could delete any of them; campaigns.access.roles gives
    ``delete_image`` and ``delete_document`` to Administrators only, and that is the rule."""
    codename = f"delete_{obj._meta.model_name}"
    if obj._meta.model_name not in ("image", "document"):  # a custom image or document model
        codename = "delete_image" if isinstance(obj, get_image_model()) else "delete_document"
    return GroupCollectionPermission.objects.filter(
        group__user=user,
        permission__codename=codename,
        collection__in=obj.collection.get_ancestors(inclusive=True),
    ).exists()


def delete_refusal(user, obj) -> str | None:
    """Why ``user`` may not delete ``obj`` (None when they may): superusers may; others need
    the delete permission (not only "change") on its collection, and no live content using it."""
    if is_privileged(user):
        return None
    if not (user.is_active and holds_delete_permission(user, obj)):
        return _(
            "Not deleted: you do not have permission to delete “%(title)s” (administrators may)."
        ) % {"title": obj}
    users = live_users_of(obj)
    return refusal_message(obj, users, _("Not deleted")) if users else None


def may_delete(user, obj) -> bool:
    return delete_refusal(user, obj) is None


class LiveUseDeleteAction(DeleteAction):
    """Wagtail's delete, refused for non-superusers when live content uses the item. Checked
    even when the caller skips the permission checks (the views check the model permission
    before and skip it here): this is a rule of the content, not a permission."""

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        refused = delete_refusal(self.user, self.instance) if self.user is not None else None
        if refused:
            raise DeletePermissionError(refused)


def register_live_use_delete(registry):
    registry.register(get_image_model(), LiveUseDeleteAction)
    registry.register(get_document_model(), LiveUseDeleteAction)


class MediaDeleteMiddleware:
    """The delete screens of images and documents, checked before they run. The single ones
    (GET and POST: Wagtail's view would show the confirmation to anyone who may change the
    item, its "delete" being "change") return to the item's edit screen with the reason; the
    multiple uploader's (which calls ``delete()`` itself, not the delete action) answers a 403
    JSON. A middleware, so the routes stay Wagtail's own."""

    VIEWS = {
        "wagtailimages:delete": ("image_id", get_image_model),
        "wagtaildocs:delete": ("document_id", get_document_model),
        "wagtailimages:delete_multiple": ("image_id", get_image_model),
        "wagtaildocs:delete_multiple": ("doc_id", get_document_model),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        guarded = self.VIEWS.get(match.view_name) if match is not None else None
        if guarded is None or not request.user.is_authenticated:
            return None
        multiple = match.view_name.endswith("_multiple")
        if multiple and request.method != "POST":
            return None
        pk_name, get_model = guarded
        item = get_model()._default_manager.filter(pk=view_kwargs.get(pk_name)).first()
        refused = delete_refusal(request.user, item) if item is not None else None
        if not refused:
            return None
        if multiple:
            return JsonResponse({"success": False, "error_message": refused}, status=403)
        messages.error(request, refused)
        edit_url = (
            "wagtailimages:edit"
            if match.view_name.startswith("wagtailimages")
            else "wagtaildocs:edit"
        )
        return redirect(edit_url, item.pk)

    def process_exception(self, request, exception):
        """A row that protects the item (a funder's emblem, say) stops the multiple uploader's
        own ``delete()``: say so instead of a 500."""
        match = getattr(request, "resolver_match", None)
        if not isinstance(exception, ProtectedError) or match is None:
            return None
        if match.view_name not in self.VIEWS:
            return None
        names = ", ".join(sorted({str(row) for row in exception.protected_objects})[:5])
        message = _("Not deleted: other records still use it (%(names)s).") % {"names": names}
        return JsonResponse({"success": False, "error_message": message}, status=400)
