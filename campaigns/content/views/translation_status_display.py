"""What the translation status screens show (``campaigns.content.views.translation_status``):
columns, cells, rows, groups and summary rows, formatted in the admin user's language with Babel.

A cell links to the item's editor open on the cell's language (``?language=wo``, which the page
and material editors honour). A group's columns are the languages its rows are offered in; a
group offered in more languages than fit beside each other at 1280 px (the whole site's pages, in
all 16) shows each row's languages as chips that wrap.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from babel.numbers import format_decimal, format_percent
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaigns.content.models.site_pages import SitewideContentMixin
from campaigns.content.translation_status import (
    LanguageStatus,
    LanguageSummary,
    Status,
    TranslationStatus,
    ordered_language_codes,
)
from campaigns.i18n.languages import Language, get_language, to_babel_identifier
from campaigns.models import CampaignPage, Country, CountryPage, Material

APP_NAME = "campaigns_translation_status"

STATUS_ICONS = {
    Status.COMPLETE: "circle-check",
    Status.PARTIAL: "warning",
    Status.MISSING: "circle-xmark",
}
# A group offered in more languages than this shows them as chips, not columns (1280 px).
MAX_COLUMNS = 6


# --- Formatting, in the admin user's language ---------------------------------------------------


def admin_locale() -> str:
    """The Babel locale of the admin interface language active for this request (en, fr, nl)."""
    return to_babel_identifier(translation.get_language() or settings.LANGUAGE_CODE)


def number(value: int) -> str:
    return format_decimal(value, locale=admin_locale())


def percent(ratio: float | None) -> str:
    return "" if ratio is None else format_percent(ratio, locale=admin_locale())


def fields_count(translated: int, total: int) -> str:
    """'3 / 5 fields'."""
    return ngettext(
        "%(translated)s / %(total)s field", "%(translated)s / %(total)s fields", total
    ) % {"translated": number(translated), "total": number(total)}


def out_of_date_count(count: int) -> str:
    """'2 texts out of date'."""
    return ngettext("%(count)s text out of date", "%(count)s texts out of date", count) % {
        "count": number(count)
    }


def language_edit_url(edit_url: str | None, code: str) -> str | None:
    """The editor open on one language (the page and material editors read ``?language=``)."""
    if not edit_url:
        return None
    separator = "&" if "?" in edit_url else "?"
    return f"{edit_url}{separator}{urlencode({'language': code})}"


def language_label(language: Language) -> str:
    """The language's name in the admin language, then its own name where that differs."""
    name = language.name_in(translation.get_language() or settings.LANGUAGE_CODE)
    if name.casefold() == language.name_local.casefold():
        return name
    return f"{name} — {language.name_local}"


# --- What the templates get ---------------------------------------------------------------------


@dataclass
class Column:
    language: Language

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def admin_name(self) -> str:
        return self.language.name_in(translation.get_language() or settings.LANGUAGE_CODE)


@dataclass
class Cell:
    """One item in one language; ``state`` is None where the item is not offered in it.
    ``edit_url``: the item's editor, which the cell opens on its own language."""

    language: Language
    state: LanguageStatus | None
    item_edit_url: str | None

    @property
    def edit_url(self) -> str | None:
        return language_edit_url(self.item_edit_url, self.language.code) if self.state else None

    @property
    def status(self) -> Status | None:
        return self.state.status if self.state else None

    @property
    def stale(self) -> int:
        return self.state.stale if self.state else 0

    @property
    def stale_label(self) -> str:
        return out_of_date_count(self.stale) if self.stale else ""

    @property
    def icon(self) -> str:
        return STATUS_ICONS.get(self.status, "")

    @property
    def count_label(self) -> str:
        return fields_count(self.state.translated, self.state.total) if self.state else ""


@dataclass
class Row:
    status: TranslationStatus
    kind: str  # "country", "campaign" or "material"
    kind_label: str
    detail_url: str
    edit_url: str | None
    cells: list[Cell] = field(default_factory=list)

    @property
    def item(self):
        return self.status.item


@dataclass
class CountryGroup:
    country: Country | None
    rows: list[Row]
    whole_site: bool = False  # the home, index and footer pages, which belong to no country
    columns: list[Column] = field(default_factory=list)  # the languages its rows are offered in

    @property
    def as_chips(self) -> bool:
        """Too many languages for columns (the whole site's pages): chips that wrap."""
        return len(self.columns) > MAX_COLUMNS

    @property
    def slug(self) -> str:
        return "site" if self.whole_site else (self.country.code if self.country else "none")

    @property
    def name(self) -> str:
        if self.whole_site:
            return str(_("Whole site"))
        return str(self.country) if self.country else str(_("No country"))


@dataclass
class SummaryRow:
    summary: LanguageSummary

    @property
    def language(self) -> Language:
        return self.summary.language

    @property
    def percent(self) -> str:
        return percent(self.summary.ratio)

    @property
    def percent_value(self) -> int:
        """0-100, for the bar's width."""
        return round((self.summary.ratio or 0) * 100)

    @property
    def complete(self) -> str:
        return number(self.summary.complete)

    @property
    def partial(self) -> str:
        return number(self.summary.partial)

    @property
    def missing(self) -> str:
        return number(self.summary.missing)

    @property
    def items(self) -> str:
        return number(self.summary.items)

    @property
    def fields(self) -> str:
        return fields_count(self.summary.fields_translated, self.summary.fields_total)

    @property
    def out_of_date(self) -> str:
        return number(self.summary.out_of_date)


def detail_url(item) -> str:
    if isinstance(item, Material):
        return reverse(f"{APP_NAME}:material", args=[item.pk])
    return reverse(f"{APP_NAME}:page", args=[item.pk])


def kind_of(item) -> tuple[str, str]:
    if isinstance(item, Material):
        return "material", item.get_material_type_display()
    if isinstance(item, CountryPage):
        return "country", str(CountryPage._meta.verbose_name)
    if isinstance(item, SitewideContentMixin):
        return "site", str(type(item)._meta.verbose_name)
    return "campaign", str(CampaignPage._meta.verbose_name)


def set_columns(group: CountryGroup) -> None:
    """The group's columns: the languages its rows are offered in, in the site's order for the
    whole site's pages, in the country's own order otherwise (its first language first)."""
    codes = list(dict.fromkeys(code for row in group.rows for code in row.status.codes))
    if group.whole_site:
        codes = ordered_language_codes(row.status for row in group.rows)
    group.columns = [Column(get_language(code)) for code in codes]
    for row in group.rows:
        row.cells = [
            Cell(column.language, row.status.get(column.code), row.edit_url)
            for column in group.columns
        ]
