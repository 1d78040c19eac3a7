"""Public-site helpers: dates, sizes and material links formatted with Babel (CLDR)."""

from babel.dates import format_date
from babel.units import format_unit
from django import template
from django.template.loader import render_to_string
from django.utils import translation

from campaigns.i18n.languages import get_language

register = template.Library()


def current_locale() -> str:
    return get_language(translation.get_language()).locale


def human_size(size: int | None, locale: str) -> str:
    """A file size in the reader's language: '1.2 MB', '1,2 Mo', '٣٫٤ م.بايت'..."""
    if size is None:
        return ""
    for unit, factor in (("digital-megabyte", 1e6), ("digital-kilobyte", 1e3)):
        if size >= factor:
            return format_unit(round(size / factor, 1), unit, length="short", locale=locale)
    return format_unit(size, "digital-byte", length="short", locale=locale)


@register.simple_tag
def campaign_dates(page) -> str:
    locale = current_locale()
    start = format_date(page.start_date, format="long", locale=locale)
    if not page.end_date:
        return start
    return f"{start} – {format_date(page.end_date, format='long', locale=locale)}"


@register.simple_tag
def material_version_link(version) -> str:
    return render_to_string(
        "campaigns/includes/material_version.html",
        {"version": version, "size": human_size(version.file_size, current_locale())},
    )


@register.filter
def filesize_cldr(size):
    return human_size(size, current_locale())
