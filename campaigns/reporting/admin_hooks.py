"""Admin screens of reporting under /admin/reporting/ registered by
campaigns.wagtail_hooks through ``register()``.

Each screen module exposes ``urlpatterns`` (names inside the ``reporting`` namespace) and
``menu_items()`` (functions returning a MenuItem, the shape of the ``register_reach_menu_item``
hook; each item shown only to the roles that may open it).
"""

from importlib import import_module

from django.urls import include, path
from wagtail import hooks

NAMESPACE = "reporting"

# One line per screen module; each owns its URLs and menu entries.
SCREEN_MODULES = [
    "campaigns.reporting.views.dashboard",  # Reach > Dashboard (+ its CSV/XLSX/HXL export)
    "campaigns.reporting.views.overview",  # Reach > Reporting overview
    "campaigns.reporting.views.iati",  # Reach > IATI export (reporting:iati)
    "campaigns.reporting.views.cost",  # Reach > Cost per person reached (reporting:cost)
    "campaigns.reporting.views.languages",  # Reach > Languages and materials
    "campaigns.reporting.views.exports",  # an export's page and file (the tasks' exports)
]


def _screens():
    return [import_module(name) for name in SCREEN_MODULES]


def register_urls():
    patterns = [pattern for module in _screens() for pattern in module.urlpatterns]
    return [path("reporting/", include((patterns, NAMESPACE), namespace=NAMESPACE))]


def register() -> None:
    from . import home_panels, settings_models

    hooks.register("register_admin_urls", register_urls)
    hooks.register("construct_homepage_panels", home_panels.add_panels)  # each role's work
    settings_models.register()  # Settings > Reporting settings (the reports' due day)
    for module in _screens():
        for menu_item in getattr(module, "menu_items", lambda: [])():
            hooks.register("register_reach_menu_item", menu_item)
