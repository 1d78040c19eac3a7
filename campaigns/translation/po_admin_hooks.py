"""The PO export and import screens in the admin (campaigns.translation.views): their URLs, and
a "Translate as PO files" button on translatable pages and materials.

Nothing here registers on import: campaigns/wagtail_hooks.py calls ``register()`` once.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from campaigns.translation import po_export, views
from campaigns.translation.units import fields


def register_po_urls():
    return [path("translations/", include((views.urlpatterns, views.app_name)))]


def export_url(obj) -> str:
    return reverse(f"{views.app_name}:export") + f"?scope={po_export.scope_for(obj)}"


def po_page_button(page, user, view_name, next_url=None):
    specific = page.specific_class
    if specific and fields(specific) and views.may_translate_content(user):
        yield Button(
            _("Translate as PO files"), export_url(page.specific), icon_name="download", priority=91
        )


def po_material_button(snippet, user, next_url=None):
    from campaigns.models import Country, Material

    if isinstance(snippet, Material | Country) and views.may_translate_content(user):
        yield Button(
            _("Translate as PO files"), export_url(snippet), icon_name="download", priority=91
        )


def register() -> None:
    hooks.register("register_admin_urls", register_po_urls)
    hooks.register("register_page_header_buttons", po_page_button)
    hooks.register("register_snippet_listing_buttons", po_material_button)
