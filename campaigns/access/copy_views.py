"""A "copy" in the admin creates a new object, by exactly the rules of creating one (issue 10).

Wagtail 8's generic copy view (``wagtail.admin.views.generic.models.CopyViewMixin``, used by every
``ModelViewSet`` and ``SnippetViewSet`` that leaves ``copy_view_enabled`` on) hands the ORIGINAL
object to the add form as its instance. Its own form posts to the add view, but a POST to the
copy address itself saved that form, so it updated the original: a copy of user 10 with
``is_superuser=on`` rewrote the superuser's email and password, a copy of funding agreement 1
changed its amount; and since the users' copy view is the generic one, neither the
``before_create_user`` nor the ``before_edit_user`` hooks (campaigns.access.admin_guards) ran.

``install()`` (campaigns.access.admin_hooks calls it once) makes it so:

- Users are never copied: ``UserViewSet.copy_view_enabled = False`` (Wagtail's own group and API
  token viewsets do the same). A copy of an account would carry its password hash and rights;
  there is no copy address and no "Copy" button, and ``/admin/users/copy/<pk>/`` answers 404.
- Every other copy view is the viewset's own ADD view (``add_view_class``: the snippets' create
  view, the funding and reach create views...) with ``CopyViewMixin`` in front. So a copy checks
  the "add" permission, runs the create hooks (``before_create_snippet``, ``before_create_user``),
  and saves through the same form, action and refusal mixins as the add view. A viewset naming
  a ``copy_view_class`` of its own keeps it (with the mixin below).
- ``CopyViewMixin`` loads the source from the viewset's queryset (``get_queryset``, so what a
  role cannot list it cannot copy) and requires "view" or "change" on it, as Wagtail does; it
  then gives the form a NEW unsaved instance (``pk`` None, ``_state.adding`` True, the model's
  defaults: a fresh uuid, not live, not locked, no revision) holding only the values of the fields
  the add form shows; many-to-many values are copied as the form's initial data only. The
  original is only read, by GET or POST; inline children (e.g. an agreement's documents) are not
  copied.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.users import UserViewSet

# The copy view classes Wagtail ships; a viewset using one of them copies through its add view.
WAGTAIL_COPY_VIEWS = (generic.CopyView, snippets.CopyView)
CopyViewMixin = generic.CopyViewMixin


def copy_source(view):
    """The object the copy view's address names, if the user may see it (else 404 or 403)."""
    queryset = view.copy_source_queryset(view.request) if view.copy_source_queryset else None
    if queryset is None:
        queryset = view.model._default_manager.all()
    source = get_object_or_404(queryset, pk=unquote(str(view.kwargs[view.pk_url_kwarg])))
    policy = view.permission_policy
    if policy and not policy.user_has_any_permission_for_instance(
        view.request.user, ["change", "view"], source
    ):
        raise PermissionDenied
    return source


def form_field_names(view) -> set[str]:
    return set(view.get_form_class().base_fields)


def unsaved_copy(view, source):
    """A new instance of the model with the add form's field values of ``source``, and the
    many-to-many values of those fields (returned separately, as initial data)."""
    instance = view.model()
    if getattr(source, "locale_id", None) and hasattr(instance, "locale_id"):
        instance.locale_id = source.locale_id  # a new translation key: a new object, same locale
    names = form_field_names(view)
    m2m_initial = {}
    for field in view.model._meta.get_fields():
        if field.name not in names or field.auto_created or field.primary_key:
            continue
        if field.many_to_many:
            m2m_initial[field.name] = list(getattr(source, field.name).all())
        elif field.concrete and not isinstance(field, models.AutoField):
            setattr(instance, field.attname, getattr(source, field.attname))
    assert instance.pk is None and instance._state.adding
    return instance, m2m_initial


# --- What CopyViewMixin does once installed ------------------------------------------------------


def get_object(self, queryset=None):
    """The unsaved copy (Wagtail's snippet views call ``get_object()`` in ``setup()``)."""
    if getattr(self, "_unsaved_copy", None) is None:
        self.copied_from = copy_source(self)
        self._unsaved_copy, self._copy_m2m_initial = unsaved_copy(self, self.copied_from)
    return self._unsaved_copy


def get_initial_form_instance(self):
    return self.get_object()


def get_initial(self):
    initial = super(CopyViewMixin, self).get_initial()
    self.get_object()
    return {**initial, **self._copy_m2m_initial}


# --- Viewsets: the copy view is the add view, prefilled ------------------------------------------


def copy_view_class(viewset):
    if viewset.copy_view_class in WAGTAIL_COPY_VIEWS:
        add_view = viewset.add_view_class
        return type(f"Copy{add_view.__name__}", (CopyViewMixin, add_view), {})
    return viewset.copy_view_class


def copy_view(self):
    return self.construct_view(
        copy_view_class(self),
        copy_source_queryset=getattr(self, "get_queryset", None),
        **self.get_copy_view_kwargs(),
    )


def install() -> None:
    """Make every admin copy a create (idempotent)."""
    CopyViewMixin.get_object = get_object
    CopyViewMixin.get_initial_form_instance = get_initial_form_instance
    CopyViewMixin.get_initial = get_initial
    CopyViewMixin.copy_source_queryset = None
    CopyViewMixin.copies_safely = True
    ModelViewSet.copy_view = property(copy_view)
    SnippetViewSet.copy_view = property(copy_view)
    UserViewSet.copy_view_enabled = False
