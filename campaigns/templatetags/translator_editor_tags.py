"""The translator's editor in the admin's field panels (campaigns.translation.editor)."""

from django import template

from campaigns.translation import editor

register = template.Library()


@register.simple_tag
def translator_source(bound_panel):
    """Above a translated field: its source text, read-only (``""`` for other fields)."""
    return editor.source_box(bound_panel)
