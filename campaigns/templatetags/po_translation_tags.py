"""``{% po_export_url item request.user as url %}``: the PO export screen for an item (a page or
material on the translation status screen), or "" for a user who may not translate it."""

from django import template

register = template.Library()


@register.simple_tag
def po_export_url(item, user) -> str:
    from campaigns.translation.po_admin_hooks import export_url
    from campaigns.translation.po_entries import may_change
    from campaigns.translation.views import may_translate_content

    item = getattr(item, "specific", item)
    if item is None or not may_translate_content(user) or not may_change(item, user):
        return ""
    return export_url(item)
