"""Wagtail's bulk actions held to the rules of the single views.

Wagtail's snippet bulk delete (``/admin/bulk/campaigns/<model>/delete/?id=...``) checks only the
model permission and acts on ``model.objects``: a reporter, who may delete their own drafts, could
delete any organisation's reports, submitted, validated and locked ones too; ``?id=all`` meant the
whole table; nothing was logged. ``ScopedDeleteBulkAction`` replaces it for every snippet model:

- rows are found only in the snippet viewset's own listing queryset (``get_queryset(request)``;
  for reports and targets that is the row scoping of campaigns.reach.access): an id outside it
  is a 404, as on the single views, and ``?id=all`` means every row of the user's listing (as
  filtered and searched there);
- which of them the user may delete is the single delete view's own rule: ``DELETE_RULES`` for
  models with row rules (reports: drafts the user may still edit), else Wagtail's permission
  policy, which the single delete view checks too;
- if any chosen row may not be deleted, the whole request is refused: the confirmation screen
  names those rows and offers no button, and a POST deletes nothing and says why;
- each row is deleted through Wagtail's ``DeleteAction``, which writes the same ``wagtail.delete``
  log entry as the single delete view (images, documents and users are bulk-deleted that way
  too, by the ``Logged...DeleteBulkAction`` classes).

The other bulk actions Wagtail registers need nothing here. Snippets have no bulk publish or
unpublish in Wagtail 8. Pages (delete, move, publish, unpublish) check each page's permissions, and
campaigns.content.guards and campaigns.content.views.publish_refused add the project's rules through
``before_bulk_action`` (only publishers delete or move; the funder's review decides what goes live;
translators hold no publish or delete permission, so their language limits are not at stake). Images
and documents check their collection permissions; users Wagtail's user permissions, with
campaigns.access.admin_guards' ``before_bulk_action`` keeping superusers' accounts to superusers.
Reach attachments, imports and month locks are not snippets: no bulk action reaches them (the
dispatcher answers 404).
"""

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.actions import action_registry
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.documents.views.bulk_actions import delete as documents_bulk_delete
from wagtail.images.views.bulk_actions import delete as images_bulk_delete
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions import delete as users_bulk_delete

from campaigns.access import media_guards
from campaigns.reach.models import ReachReport
from campaigns.reach.viewsets.reports import reports_deletable_by

# Models whose single delete view has a row rule of its own: (user, queryset) -> deletable rows.
DELETE_RULES = {
    ReachReport: reports_deletable_by,
}


class LoggedDeleteMixin:
    """Deletes row by row through Wagtail's ``DeleteAction``, as the single delete views do, so
    that each deletion writes the same ``wagtail.delete`` log entry (Wagtail's own bulk deletes
    of snippets, images, documents and users delete a queryset and log nothing)."""

    def get_execution_context(self):
        return {**super().get_execution_context(), "bulk_action": self}

    @classmethod
    def execute_action(cls, objects, bulk_action=None, **kwargs):
        action_class = action_registry.get_action_class(bulk_action.model, "delete")
        for obj in objects:  # each row's permission and rules were checked before
            action_class(obj, user=bulk_action.request.user).execute(skip_permission_checks=True)
        return len(objects), 0


class ScopedDeleteBulkAction(LoggedDeleteMixin, DeleteBulkAction):
    template_name = "campaigns/bulk_actions/confirm_bulk_delete.html"

    @property
    def back_url(self) -> str:
        """Where a refusal returns: the ``next`` the listing gave, else the listing itself."""
        next_url = get_valid_next_url_from_request(self.request)
        return next_url or reverse(self.model.snippet_viewset.get_url_name("list"))

    def listing_queryset(self) -> QuerySet:
        """The rows of the user's own listing of this model (its viewset decides)."""
        queryset = self.model.snippet_viewset.get_queryset(self.request)
        return self.model._default_manager.all() if queryset is None else queryset

    def get_all_objects_in_listing_query(self, parent_id):
        """``?id=all``: every row of the user's listing as it stood, filtered and searched (the
        listing passes its query string along), and never beyond the listing's queryset."""
        viewset = self.model.snippet_viewset
        index_class = viewset.index_view_class
        given = {**viewset.get_common_view_kwargs(), **viewset.get_index_view_kwargs()}
        index = index_class(  # as ViewSet.construct_view() builds it
            **{
                key: value
                for key, value in given.items()
                if hasattr(index_class, key) and value is not viewset.UNDEFINED
            }
        )
        index.setup(self.request)
        rows = index.get_queryset()
        searched = not isinstance(rows, QuerySet)  # a search backend's results
        pks = [row.pk for row in rows] if searched else rows.values("pk")
        return self.listing_queryset().filter(pk__in=pks).values_list("pk", flat=True)

    def get_queryset(self, model, object_ids):
        """The chosen rows; a 404 when one is not in the user's listing (or none is chosen)."""
        try:
            wanted = {model._meta.pk.to_python(pk) for pk in object_ids}
        except ValidationError as error:
            raise Http404 from error
        rows = list(self.listing_queryset().filter(pk__in=wanted))
        if not wanted or len({row.pk for row in rows}) != len(wanted):
            raise Http404
        rule = DELETE_RULES.get(model)
        if rule is not None:
            scope = self.listing_queryset().filter(pk__in=wanted)
            self.deletable_pks = set(rule(self.request.user, scope).values_list("pk", flat=True))
        return rows

    def check_perm(self, obj):
        if self.model in DELETE_RULES:
            return obj.pk in self.deletable_pks
        return super().check_perm(obj)

    def prepare_action(self, objects, objects_without_access):
        super().prepare_action(objects, objects_without_access)
        refused = objects_without_access["items_with_no_access"]
        if refused:
            messages.error(self.request, refusal(self.model, refused))
            return redirect(self.back_url)
        return None

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as error:  # rolled back: a row is still used elsewhere
            names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            messages.error(
                self.request,
                _("Nothing was deleted: other records still use them (%(names)s).")
                % {"names": names},
            )
            return redirect(self.back_url)


def refusal(model, refused) -> str:
    names = ", ".join(str(obj) for obj in refused[:10])
    if len(refused) > 10:
        names += ", …"
    return _(
        "Nothing was deleted: you may not delete %(count)d of the chosen %(model)s (%(names)s). "
        "Deselect them and try again."
    ) % {"count": len(refused), "model": model._meta.verbose_name_plural, "names": names}


class LoggedImageDeleteBulkAction(LoggedDeleteMixin, images_bulk_delete.DeleteBulkAction):
    def check_perm(self, obj):  # not one used by live content (campaigns.access.media_guards)
        return super().check_perm(obj) and media_guards.may_delete(self.request.user, obj)


class LoggedDocumentDeleteBulkAction(LoggedDeleteMixin, documents_bulk_delete.DeleteBulkAction):
    def check_perm(self, obj):  # not one used by live content (campaigns.access.media_guards)
        return super().check_perm(obj) and media_guards.may_delete(self.request.user, obj)


class LoggedUserDeleteBulkAction(LoggedDeleteMixin, users_bulk_delete.DeleteBulkAction):
    pass


# Registered after Wagtail's own bulk deletes (campaigns.access.admin_hooks), so that these
# replace them for their models.
BULK_ACTIONS = (
    ScopedDeleteBulkAction,
    LoggedImageDeleteBulkAction,
    LoggedDocumentDeleteBulkAction,
    LoggedUserDeleteBulkAction,
)
