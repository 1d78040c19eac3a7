"""Public-site helpers: dates, sizes and material links formatted with Babel (CLDR)."""

import re

from babel.dates import format_date
from babel.units import format_unit
from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from campaigns.content.models.materials import MaterialType
from campaigns.i18n.interface_words import chain_for, resolve_word
from campaigns.i18n.languages import get_language
from campaigns.templatetags.interface_tags import interface_chain

register = template.Library()

# A material's text longer than one SMS (160 characters) or than a few lines folds behind a
# <details> on the page: a radio script is 600-1,000 characters, two or three screens at 360 px.
LONG_TEXT_CHARACTERS = 160
LONG_TEXT_LINES = 4

# A phone number (or any run of digits with spaces, dots or dashes) in a text: '+221 800 00 00
# 01', '(0)77-123-4567'. Inside right-to-left text the bidi algorithm shows its groups in reverse
# order unless it is isolated as left-to-right.
NUMBER_RUN = re.compile(r"\+?\(?\d[\d\u00a0 ().-]{4,}\d")


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


def is_long_text(text: str | None) -> bool:
    """Whether a material's text is long enough to fold (a script, a long post)."""
    text = (text or "").strip()
    return len(text) > LONG_TEXT_CHARACTERS or text.count("\n") >= LONG_TEXT_LINES


def folds(version) -> bool:
    """Whether a version's text folds: when long, or when in another language than the page's
    (the SMS in three languages would otherwise fill three screens of a phone)."""
    return is_long_text(version.text) or version.language != translation.get_language()


def words_chain(context, material=None) -> list[str]:
    """The chain the interface words of a material follow: the page's, else (a material's
    preview, which has no page) its campaign's."""
    if context.get("ui_chain") or context.get("page") or context.get("country"):
        return interface_chain(context)
    campaign = getattr(material, "campaign", None) if material is not None else None
    return chain_for(campaign)


@register.simple_tag
def campaign_dates(page) -> str:
    locale = current_locale()
    start = format_date(page.start_date, format="long", locale=locale)
    if not page.end_date:
        return start
    return f"{start} – {format_date(page.end_date, format='long', locale=locale)}"


@register.simple_tag(takes_context=True)
def material_version_link(context, version, material=None) -> str:
    """One language version of a material: its language, download or online link, and its
    text (folded behind a <details> when long). ``material``: the version's material where the
    template has it (its type names the fold: "Read the script" for a radio spot)."""
    return render_to_string(
        "campaigns/includes/material_version.html",
        {
            "version": version,
            "size": human_size(version.file_size, current_locale()),
            "fold": folds(version),
            "script": getattr(material, "material_type", None) == MaterialType.RADIO_SPOT,
            "ui_chain": words_chain(context, material),
        },
    )


@register.simple_tag(takes_context=True)
def material_type(context, material):
    """The material's type ("Radio spot") along the page's chain, marked with its own
    lang/dir where it comes from another language."""
    try:
        label = MaterialType(material.material_type)
    except ValueError:
        return ""
    with translation.override("en"):
        message = str(label.label)
    return resolve_word(message, words_chain(context, material)).marked()


@register.simple_tag(takes_context=True)
def material_entry(context, material):
    """The entry of the page's materials list (``materials``: PublicMaterial items) showing
    ``material``, or None where the list does not show it (another campaign's material)."""
    if material is None:
        return None
    for item in context.get("materials") or ():
        if item.material.pk == material.pk:
            return item
    return None


@register.filter(is_safe=True)
def isolate_numbers(text):
    """The text, escaped, with each phone number in ``<bdi dir="ltr">``: its digits keep their
    order inside Arabic, Pashto or Tigrinya text (then ``|linebreaksbr`` as usual)."""
    escaped = str(conditional_escape("" if text is None else text))
    return mark_safe(NUMBER_RUN.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>', escaped))


@register.filter
def filesize_cldr(size):
    return human_size(size, current_locale())
