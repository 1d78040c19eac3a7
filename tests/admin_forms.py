"""What a browser would post for an admin form, built from the form Wagtail would render."""

from django import forms
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.blocks.base import BlockWidget

from campaigns.models import Material


def form_data(form) -> dict:
    """What a browser would post for this unbound form: its initial values, formsets included.

    StreamFields are posted empty (the pages built here have no body), rich text as Draftail's
    JSON."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, BlockWidget):
            assert not value, f"{name} is not empty; post its blocks"
            data[f"{key}-count"] = "0"
        elif isinstance(field.widget, DraftailRichTextArea):
            data[key] = field.widget.format_value(value)  # Draftail's JSON
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[key] = [str(getattr(item, "pk", item)) for item in value or []]
        elif value is None:
            data[key] = ""
        elif hasattr(value, "isoformat"):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    for formset in getattr(form, "formsets", {}).values():
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for subform in formset.forms:
            data.update(form_data(subform))
    return data


def page_form(page, parent, user) -> dict:
    form_class = type(page).get_edit_handler().get_form_class()
    return form_data(form_class(instance=page, parent_page=parent, for_user=user))


def material_form(item, user) -> dict:
    form_class = Material.snippet_viewset.get_form_class(for_update=item.pk is not None)
    return form_data(form_class(instance=item, for_user=user))
