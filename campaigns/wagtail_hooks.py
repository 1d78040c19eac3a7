"""Admin hooks: the content snippets, and the translation status report and its links."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet

from campaigns.models import Material
from campaigns.translation_status import status_fields
from campaigns.views import translation_status
from campaigns.viewsets import ContentViewSetGroup

register_snippet(ContentViewSetGroup)


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [path("reports/translation-status/", include(translation_status))]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse(f"{translation_status.app_name}:index"),
        name="translation-status",
        icon_name="globe",
        order=1300,
    )


@hooks.register("register_page_header_buttons")
def translation_status_page_button(page, user, view_name, next_url=None):
    if page.specific_class and status_fields(page.specific_class):
        yield Button(
            _("Translation status"),
            reverse(f"{translation_status.app_name}:page", args=[page.pk]),
            icon_name="globe",
            priority=90,
        )


@hooks.register("register_snippet_listing_buttons")
def translation_status_material_button(snippet, user, next_url=None):
    if isinstance(snippet, Material):
        yield Button(
            _("Translation status"),
            reverse(f"{translation_status.app_name}:material", args=[snippet.pk]),
            icon_name="globe",
            priority=90,
        )
