"""What a browser would post for an admin form, built from the form Wagtail would render."""

from django import forms
from wagtail import blocks
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.blocks.base import BlockWidget

from campaigns.models import Material


def post_block(block, value, prefix, data):
    """The inputs Wagtail's block widgets post for ``value``, as its JavaScript writes them."""
    if isinstance(block, blocks.StreamBlock):
        children = list(value or [])
        data[f"{prefix}-count"] = str(len(children))
        for i, child in enumerate(children):
            data.update(
                {
                    f"{prefix}-{i}-type": child.block_type,
                    f"{prefix}-{i}-deleted": "",
                    f"{prefix}-{i}-order": str(i),
                    f"{prefix}-{i}-id": child.id or "",
                }
            )
            post_block(child.block, child.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.ListBlock):
        items = list(value.bound_blocks) if value is not None else []
        data[f"{prefix}-count"] = str(len(items))
        for i, item in enumerate(items):
            data.update(
                {
                    f"{prefix}-{i}-deleted": "",
                    f"{prefix}-{i}-order": str(i),
                    f"{prefix}-{i}-id": item.id or "",
                }
            )
            post_block(block.child_block, item.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            post_block(child, value.get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.ChooserBlock):
        data[prefix] = str(getattr(value, "pk", "") or "")
    else:  # text, rich text (Draftail's JSON), URLs...
        data[prefix] = block.get_form_state(value) or ""


def form_data(form) -> dict:
    """What a browser would post for this unbound form: its initial values, formsets included.

    StreamFields are posted block by block, rich text as Draftail's JSON."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, BlockWidget):
            post_block(field.block, value, key, data)
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
