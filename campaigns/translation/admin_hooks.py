"""The translation tools' admin: Settings > Interface words (campaigns.translation.
interface_words_admin).

Nothing here registers on import: campaigns/wagtail_hooks.py calls ``register()`` once.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from campaigns.translation import interface_words_admin


def register_interface_words_urls():
    return [path("interface-words/", include(interface_words_admin))]


def register_interface_words_menu_item():
    return interface_words_admin.InterfaceWordsMenuItem(
        _("Interface words"),
        reverse(f"{interface_words_admin.app_name}:index"),
        name="interface-words",
        icon_name="openquote",
        order=650,
    )


def register() -> None:
    hooks.register("register_admin_urls", register_interface_words_urls)
    hooks.register("register_settings_menu_item", register_interface_words_menu_item)
