"""Admin screens of the API (personal tokens), registered by ``register()``."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import has_reach_role
from .tokens import ApiTokenView


def register_api_token_url():
    return [path("reach/api-token/", ApiTokenView.as_view(), name="reach_api_token")]


class ReachRoleMenuItem(MenuItem):
    def is_shown(self, request):
        return has_reach_role(request.user)


def register_api_token_menu_item():
    return ReachRoleMenuItem(_("API token"), reverse("reach_api_token"), icon_name="key", order=950)


def register() -> None:  # called once by campaigns.wagtail_hooks
    hooks.register("register_admin_urls", register_api_token_url)
    hooks.register("register_reach_menu_item", register_api_token_menu_item)
