"""How the admin shows values and names to the people who use it (issue 12, items 9 and 10).

- Booleans in listings as Wagtail shows them (a tick or a cross, read out as "Yes" or "No"),
  never "True" or "False": ``yes_no(Model, "field")`` in a viewset's ``list_display``.
- Inspect screens (``ReadableInspectMixin``): no raw primary key row, "Yes"/"No" for booleans and
  "—" for nothing instead of "True", "False" and "None".
- Each "Add" button and add screen says its own sentence (``SnippetWordsMixin``): "Ajouter un
  rapport de portée", "Nouveau rapport de portée", not Wagtail's generated "Ajouter un(e) rapport
  de portée" and "Nouvel(le) : Rapport de portée".
- Screens of our own (``TitledScreenMixin``) carry their title in the header's breadcrumbs, not
  only "Home".
- Wagtail's admin "Reports" menu holds content reports (translation status, reviewer's queue,
  campaign audit, Wagtail's page reports): it is called "Content reports", so that reach
  reporters and M&E officers do not take it for **Reach > Reports**. Who sees each item is
  each item's own rule: a reporter sees none of them, an M&E officer the campaign audit only.
- The browser tab ends with the product's name (``WAGTAIL_SITE_NAME``), through the admin's
  base template (campaigns/templates/wagtailadmin/admin_base.html).
- Numbers in the reader's language (``number``, ``babel_locale``): 1,234 / 1 234 / 1.234, in
  listings, reporting screens, charts and the open data alike.
"""

from babel.numbers import format_decimal
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.utils import get_user_display_name

from campaigns.i18n.languages import to_babel_identifier

EMPTY = "—"


def babel_locale() -> str:
    """Babel's name for the active language (the site's default outside a request)."""
    return to_babel_identifier(translation.get_language() or settings.LANGUAGE_CODE)


def number(value) -> str:
    """A figure as the reader writes it (1,234 / 1 234 / 1.234); "—" for nothing."""
    return EMPTY if value is None else format_decimal(value, locale=babel_locale())


class YesNoColumn(BooleanColumn):
    """Wagtail's tick/cross column, read out as "Yes"/"No" (not "True"/"False")."""

    cell_template_name = "campaigns/admin/yes_no_cell.html"


def yes_no(model, field_name: str, **kwargs) -> YesNoColumn:
    """A listing column for a model's boolean field, headed by its verbose name."""
    field = model._meta.get_field(field_name)
    kwargs.setdefault("label", capfirst(field.verbose_name))
    kwargs.setdefault("sort_key", field_name)
    return YesNoColumn(field_name, **kwargs)


def readable(value):
    """What an inspect screen shows for a value: "—" for nothing, "Yes"/"No" for booleans."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return EMPTY
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return value


class ReadableInspectMixin:
    """An inspect view without the primary key row, and no raw True/False/None.

    ``field_labels`` names fields whose model gives them no translated verbose name (foreign
    keys such as ``created_by``)."""

    field_labels: dict = {}

    def get_fields(self):
        hidden = {self.model._meta.pk.name, "id"}
        return [name for name in super().get_fields() if name not in hidden]

    def get_field_label(self, field_name, field):
        if field_name in self.field_labels:
            return capfirst(self.field_labels[field_name])
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, get_user_model()):
            return get_user_display_name(value)
        if hasattr(value, "render_html"):  # a component Wagtail renders (an image's preview)
            return value
        if isinstance(field, models.ForeignKey) and value is not None:
            return str(value)
        return readable(value)


class NewItemTitleMixin:
    """An add screen titled by a whole sentence ("Nouveau rapport de portée") in its header and
    browser tab, not Wagtail's "Nouvel(le) : Rapport de portée"."""

    new_item_label = None

    def get_page_title(self):
        return self.new_item_label

    def get_header_title(self):
        return self.new_item_label

    def get_breadcrumbs_items(self):
        items = list(super().get_breadcrumbs_items())
        if items:
            items[-1] = {**items[-1], "label": self.new_item_label}
        return items


class SnippetWordsMixin:
    """A snippet viewset whose "Add" button has a label of its own (``add_item_label``), and
    whose breadcrumbs start with "Home" in the reader's language.

    Wagtail builds the button from the verbose name ("Add %(model_name)s"), which French can only
    say as "Ajouter un(e) rapport de portée": a whole sentence per model translates properly.
    Wagtail's SnippetViewSet translates "Home" once, when the URLs are built (``gettext``, not
    ``gettext_lazy``): every French snippet screen said "Home"."""

    add_item_label = None
    new_item_label = None  # the add screen's title, e.g. "New reach report"

    @property
    def add_view(self):
        view_class = self.add_view_class
        if self.new_item_label:
            view_class = type(
                view_class.__name__,
                (NewItemTitleMixin, view_class),
                {"new_item_label": self.new_item_label, "__module__": view_class.__module__},
            )
        return self.construct_view(view_class, **self.get_add_view_kwargs())

    @property
    def breadcrumbs_items(self):
        items = list(getattr(super(), "breadcrumbs_items", None) or [])  # snippet viewsets only
        if items:
            items[0] = {**items[0], "label": gettext_lazy("Home")}
        return items

    def get_add_view_kwargs(self, **kwargs):
        return self._form_per_request(super().get_add_view_kwargs(**kwargs))

    def get_edit_view_kwargs(self, **kwargs):
        return self._form_per_request(super().get_edit_view_kwargs(**kwargs))

    @staticmethod
    def _form_per_request(view_kwargs):
        """The form built from the panels at each request, in the reader's language. Wagtail
        builds it once, when the URLs are loaded, and its choosers keep the words of that moment:
        "Choose funder" on a Dutch or French screen."""
        if view_kwargs.get("panel") is not None:
            view_kwargs["form_class"] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        if self.add_item_label:
            view_kwargs["add_item_label"] = self.add_item_label
        return view_kwargs


class TitledScreenMixin:
    """A screen of our own whose header says what it is: Home > [parents] > its title.

    ``get_parent_breadcrumbs()`` returns the items between Home and the title."""

    def get_parent_breadcrumbs(self) -> list[dict]:
        return []

    def get_breadcrumbs_items(self):
        home = list(super().get_breadcrumbs_items())[:1]
        return [*home, *self.get_parent_breadcrumbs(), {"url": "", "label": self.get_page_title()}]


def reach_reports_breadcrumbs(report=None) -> list[dict]:
    """Reach reports, then the report's screen when there is one."""
    items = [
        {
            "url": reverse("wagtailsnippets_campaigns_reachreport:list"),
            "label": gettext_lazy("Reach reports"),
        }
    ]
    if report is not None:
        items.append(
            {
                "url": reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[report.pk]),
                "label": str(report),
            }
        )
    return items


CONTENT_REPORTS = gettext_lazy("Content reports")


def name_the_reports_menu(request, menu_items):
    """Wagtail's "Reports" menu, as "Content reports" (a new item: the registered one is shared
    by every request)."""
    for index, item in enumerate(menu_items):
        if item.name == "reports" and isinstance(item, SubmenuMenuItem):
            menu_items[index] = SubmenuMenuItem(
                CONTENT_REPORTS,
                item.menu,
                name=item.name,
                icon_name=item.icon_name,
                classname=item.classname,
                attrs=item.attrs,
                order=item.order,
            )


def register() -> None:
    hooks.register("construct_main_menu", name_the_reports_menu)
