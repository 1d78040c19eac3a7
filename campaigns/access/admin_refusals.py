"""Admin routes of installed packages that answered malformed requests with a 500: now a
clear 400, 403 or 404 (issue 10, item 12). ``install()`` patches Wagtail
(campaigns.access.admin_hooks calls it once).

1. Wagtail's chooser "create" view (``/admin/snippets/choose/<app>/<model>/create/``) exists for
   every snippet chooser, even when the chooser has no creation form (none of ours has one): a GET
   rendered an empty form and a POST crashed on ``None.is_valid()``. Without a creation form the
   view is now a 404, for every chooser, ours and any added later.

2. wagtail-modeltranslation's ``pages/<id>/edit/copy_translation_content/`` (the "copy content
   from another language" button of StreamFields) crashed on an unknown page, a GET, a missing or
   malformed field, bad JSON; it was also exempt from CSRF and checked no permission beyond admin
   access. The same URL is registered here first (hook order -1), so this view answers instead:
   POST with the CSRF token (the package's script sends it), the page must exist and be editable by
   the user (as the edit view it belongs to), the target must be one of the page's StreamFields,
   and anything malformed is a 400. It renders only what was posted, never stored content.

3. Bulk actions given an id beyond any key: a 404 (below).

4. Model choice fields (filters of listings, dashboards and exports) given an id beyond any key:
   an invalid choice, not a 500 on SQLite.
"""

import json
import re

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.bulk_action.base_bulk_action import BulkAction
from wagtail.admin.views.generic.chooser import CreateViewMixin
from wagtail.fields import StreamField
from wagtail.models import Page

# --- 1. Chooser create views without a creation form -------------------------------------------

_wagtail_create_dispatch = CreateViewMixin.dispatch


def _create_dispatch(self, request, *args, **kwargs):
    if self.get_creation_form_class() is None:
        raise Http404("This chooser has no creation form.")
    return _wagtail_create_dispatch(self, request, *args, **kwargs)


# --- 2. wagtail-modeltranslation's copy_translation_content -------------------------------------

MAX_ITEMS = 10_000  # form inputs of one StreamField; a real one has a few hundred


def _bad(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _posted_items(raw):
    """The serialised origin field: a JSON list of {"name": text, "value": text}."""
    try:
        items = json.loads(raw)
    except (TypeError, ValueError, RecursionError):
        return None
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        return None
    for item in items:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and isinstance(item.get("value"), str)
        ):
            return None
    return items


@require_POST
def copy_translation_content(request, page_id):
    """What wagtail-modeltranslation's view does, for well-formed requests of page editors."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.headers.get("X-Requested-With") != "XMLHttpRequest":
        return _bad(_("This address answers the page editor's copy button only."))
    origin = request.POST.get("origin_field_name")
    target = request.POST.get("target_field_name")
    items = _posted_items(request.POST.get("serializedOriginField"))
    if not origin or not target or items is None:
        return _bad(_("Give origin_field_name, target_field_name and serializedOriginField."))
    if "\x00" in origin + target:
        return _bad(_("Unknown field."))
    specific = page.specific
    try:
        field = specific._meta.get_field(target)
    except FieldDoesNotExist:
        field = None
    if not isinstance(field, StreamField):
        return _bad(_("The target is not a StreamField of this page."))
    data = QueryDict("", mutable=True)
    for item in items:
        data[item["name"].replace(origin, target)] = item["value"]
    try:
        value = field.stream_block.value_from_datadict(data, {}, target)
        html = field.formfield().widget.render(target, value)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, ValidationError):
        return _bad(_("The copied content is not a valid value of this field."))
    return HttpResponse(json.dumps(html), content_type="application/json")


def register_copy_translation_content():
    return [
        re_path(
            r"^pages/(?P<page_id>\d+)/edit/copy_translation_content/$",
            copy_translation_content,
            name="copy_translation_content",
        )
    ]


# --- 3. Bulk actions given ids no row can have ----------------------------------------------------
#
# ``/admin/bulk/<app>/<model>/<action>/?id=99999999999999999999999`` reached the database, which
# refused the number (OverflowError: a 500), for every bulk action, Wagtail's and ours. An id
# that is all digits but beyond a 64-bit key names no row: a 404, as the single views answer.

BIGGEST_KEY = 2**63 - 1
_DIGITS = re.compile(r"\s*[0-9]+\s*")
_wagtail_actionable_objects = BulkAction.get_actionable_objects


def refuse_keys_out_of_range(object_ids) -> None:
    """A 404 for an id that is all digits but beyond any key (bulk actions of our own, which
    override ``get_actionable_objects``, call this too)."""
    for object_id in object_ids:
        if _DIGITS.fullmatch(str(object_id)) and int(object_id) > BIGGEST_KEY:
            raise Http404("No such row.")


def _actionable_objects(self):
    refuse_keys_out_of_range(self.request.GET.getlist("id"))
    return _wagtail_actionable_objects(self)


# --- 4. Ids beyond any key in a form's model choice -----------------------------------------------
# A filter such as ``?campaign=999999999999999999999999999999`` reached the database as an
# integer SQLite cannot hold (OverflowError: a 500 on every listing, dashboard and export with a
# model choice); PostgreSQL answered "no such row". Either way it is an invalid choice.

_choice_to_python = ModelChoiceField.to_python
_multiple_check_values = ModelMultipleChoiceField._check_values


def _beyond_any_key(value) -> bool:
    text = str(value)
    return bool(_DIGITS.fullmatch(text)) and (len(text.strip()) > 19 or int(text) > BIGGEST_KEY)


def _to_python(self, value):
    if value not in self.empty_values and _beyond_any_key(value):
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )
    return _choice_to_python(self, value)


def _check_values(self, value):
    if not isinstance(value, (str, bytes)) and any(_beyond_any_key(pk) for pk in value or ()):
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
        )
    return _multiple_check_values(self, value)


def install() -> None:
    """Patch Wagtail's chooser create views and bulk actions, and Django's model choice fields
    (idempotent)."""
    CreateViewMixin.dispatch = _create_dispatch
    BulkAction.get_actionable_objects = _actionable_objects
    ModelChoiceField.to_python = _to_python
    ModelMultipleChoiceField._check_values = _check_values
