"""Snippet choosers show only what their user may see.

Wagtail's snippet chooser views (``/admin/snippets/choose/<app>/<model>/``, its ``results/``,
``chosen/<pk>/`` and ``chosen-multiple/``) check no permission and list ``model.objects``: a
Guinea reporter could list every allocation with its amount. For every snippet model, these
views now:

- answer only people who may use the model's listing (any of add, change, delete or view, by the
  snippet viewset's permission policy, as the listing view checks), or who may add or change a
  model whose admin form has a chooser for it (M&E officers pick countries in the target form
  without reading the countries listing; translators pick materials in a page's body); others
  get Wagtail's permission refusal;
- offer only the rows of the viewset's own listing queryset (``get_queryset(request)``: reports
  and targets are scoped by campaigns.reach.access there), on top of the chooser's own scoping;
  a chosen row outside it is a 404.

The views are wrapped where Wagtail builds the admin URLs (the ``register_admin_viewset`` hook,
run by ``viewsets.populate()`` just before the URL patterns are made), so every snippet chooser,
including those of viewsets with chooser views of their own, gets the rule.
"""

import contextlib
from functools import cache

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from wagtail.admin.viewsets import viewsets
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks import ChooserBlock
from wagtail.models import Page, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.chooser import SnippetChooserViewSet

LISTING_ACTIONS = ["add", "change", "delete", "view"]
FORM_ACTIONS = ["add", "change"]


def _model_of(chooser) -> set:
    with contextlib.suppress(LookupError, ValueError, AttributeError, TypeError):
        model = chooser.model_class
        if isinstance(model, type):
            return {model}
    return set()


def _block_targets(block, seen=None):
    seen = set() if seen is None else seen
    if id(block) in seen:
        return set()
    seen.add(id(block))
    found = set()
    if isinstance(block, ChooserBlock):
        found |= _model_of(block)
    for child in getattr(block, "child_blocks", {}).values():
        found |= _block_targets(child, seen)
    if getattr(block, "child_block", None) is not None:
        found |= _block_targets(block.child_block, seen)
    return found


def _form_targets(form_class) -> set:
    """Models for which the form has a chooser (a widget or a StreamField's chooser block)."""
    found = set()
    for field in form_class.base_fields.values():
        widget = field.widget
        if isinstance(widget, BaseChooser):
            found |= _model_of(widget)
        if getattr(field, "block", None) is not None:
            found |= _block_targets(field.block)
    return found


@cache
def form_choosers() -> dict:
    """{chosen model: [models whose admin form chooses it]}: pages and snippets."""
    needs: dict = {}
    sources = [(model, model.snippet_viewset.get_form_class()) for model in get_snippet_models()]
    sources += [(model, model.get_edit_handler().get_form_class()) for model in get_page_models()]
    for source, form_class in sources:
        for target in _form_targets(form_class):
            needs.setdefault(target, []).append(source)
    return needs


def _may_use_form(user, source) -> bool:
    if issubclass(source, Page):
        return PagePermissionPolicy().user_has_any_permission(user, FORM_ACTIONS)
    return source.snippet_viewset.permission_policy.user_has_any_permission(user, FORM_ACTIONS)


def may_choose(user, model) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is not None and viewset.permission_policy.user_has_any_permission(
        user, LISTING_ACTIONS
    ):
        return True
    needed_by = [
        source
        for target, sources in form_choosers().items()
        if issubclass(model, target)
        for source in sources
    ]
    return any(_may_use_form(user, source) for source in needed_by)


def listing_scope(request, model) -> QuerySet | None:
    viewset = getattr(model, "snippet_viewset", None)
    return None if viewset is None else viewset.get_queryset(request)


def _scoped(request, model, queryset):
    scope = listing_scope(request, model)
    if scope is None:
        return queryset
    return queryset.filter(pk__in=scope.values("pk"))


class ChooserPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_choose(request.user, self.model_class):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedListMixin(ChooserPermissionMixin):
    def get_object_list(self):
        return _scoped(self.request, self.model_class, super().get_object_list())


class ScopedChosenMixin(ChooserPermissionMixin):
    def get_object(self, pk):
        item = super().get_object(pk)
        if not _scoped(self.request, self.model_class, type(item)._default_manager.filter(
            pk=item.pk
        )).exists():  # fmt: skip
            raise ObjectDoesNotExist
        return item


class ScopedChosenMultipleMixin(ChooserPermissionMixin):
    def get_objects(self, pks):
        return _scoped(self.request, self.model_class, super().get_objects(pks))


WRAPPERS = {
    "choose_view_class": ScopedListMixin,
    "choose_results_view_class": ScopedListMixin,
    "chosen_view_class": ScopedChosenMixin,
    "chosen_multiple_view_class": ScopedChosenMultipleMixin,
    "create_view_class": ChooserPermissionMixin,
}


def guard_chooser_viewset(viewset) -> None:
    for attribute, mixin in WRAPPERS.items():
        view_class = getattr(viewset, attribute)
        if issubclass(view_class, mixin):
            continue
        guarded = type(f"Guarded{view_class.__name__}", (mixin, view_class), {})
        setattr(viewset, attribute, guarded)


def guard_snippet_choosers():
    """Runs in ``viewsets.populate()``, before the URL patterns are built; registers nothing."""
    for viewset in viewsets.viewsets:
        if isinstance(viewset, SnippetChooserViewSet):
            guard_chooser_viewset(viewset)
    return []
