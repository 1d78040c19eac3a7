"""Content as gettext PO files, one per target language, written with Babel.

What goes in a file (its *scope*): a campaign (its page and its materials), a country (its
country page, the country's own texts, its campaigns and their materials), or one item. One entry
per translatable unit (``campaigns.translation.units``):

* ``msgid``: the source text (the item's source language along its country's chain, seen from the
  target language), HTML for rich text;
* ``msgctxt``: ``<app>.<model>:<pk>:<field>[:<block path>]``, e.g.
  ``campaigns.campaignpage:12:body:<block id>/quote``: what the import finds the text by;
* ``msgstr``: the current translation (the latest revision's, drafts included), or empty;
* flag ``fuzzy`` where the translation is out of date (``campaigns.translation.staleness``).

The public site's interface words follow (``msgctxt`` ``interface:<context>``), when the
interface words module offers them. The header says the language (``Language``, with Babel's
``Plural-Forms``) and the scope (``Project-Id-Version: campaigns campaign:<code>``), which the
import checks. Several languages come as a zip of one file per language.

Text is written as stored, except line ends (``\\n``) and Draftail's random ``data-block-key``
attributes (noise to a translator); the import compares sources the same way. A translation
starts and ends with a newline where its source does, as ``msgfmt --check`` requires.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po
from django.conf import settings
from django.utils import timezone

from campaigns.i18n.languages import get_language, to_babel_identifier
from campaigns.translation import units as unit_source

PROJECT = "campaigns"
INTERFACE_PREFIX = "interface:"
BLOCK_KEY = re.compile(r"""\sdata-block-key=(?:"[^"]*"|'[^']*')""")
SCOPE_KINDS = ("campaign", "country", "item")
NAMED_VARIABLE = re.compile(r"%\(\w+\)[sd]")


@dataclass(frozen=True)
class Scope:
    """What a file covers: ``campaign`` (a campaign's code), ``country`` (an ISO code) or
    ``item`` (``<app>.<model>:<pk>``)."""

    kind: str
    ident: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.ident}"

    @classmethod
    def parse(cls, text: str) -> "Scope":
        kind, _sep, ident = (text or "").partition(":")
        if kind not in SCOPE_KINDS or not ident:
            raise ValueError(text)
        return cls(kind, ident)

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-zA-Z0-9-]+", "-", f"{self.kind}-{self.ident}").strip("-").lower()


# --- Scopes and their items ---------------------------------------------------------------------


def campaign_scope(page) -> Scope:
    return Scope("campaign", page.code)


def country_scope(country) -> Scope:
    return Scope("country", country.code)


def item_scope(obj) -> Scope:
    return Scope("item", f"{obj._meta.label_lower}:{obj.pk}")


def scope_for(obj) -> Scope:
    """A campaign page's or country's own scope, else the item alone."""
    from campaigns.models import CampaignPage, Country, CountryPage

    if isinstance(obj, CampaignPage):
        return campaign_scope(obj)
    if isinstance(obj, Country):
        return country_scope(obj)
    if isinstance(obj, CountryPage):
        return country_scope(obj.country)
    return item_scope(obj)


def find_item(label: str, pk) -> object:
    """The object ``<app>.<model>`` ``pk`` (a page as its specific type); LookupError if none."""
    from django.apps import apps

    try:
        model = apps.get_model(label)
        obj = model._default_manager.get(pk=int(pk))
    except (LookupError, ValueError, TypeError) as error:
        raise LookupError(f"{label}:{pk}") from error
    except model.DoesNotExist as error:
        raise LookupError(f"{label}:{pk}") from error
    specific = getattr(obj, "specific", obj)
    # Items offered in languages (pages, materials, countries); not the reference lists (channels,
    # regions), the site's settings or reach indicators.
    if not unit_source.fields(type(specific)) or not hasattr(specific, "offered_language_codes"):
        raise LookupError(f"{label}:{pk}")
    return specific


def scope_items(scope: Scope) -> list:
    """The scope's items, in the order their entries are written; LookupError if none."""
    from campaigns.models import CampaignPage, Country, CountryPage, Material

    if scope.kind == "campaign":
        page = CampaignPage.objects.filter(code=scope.ident).first()
        if page is None:
            raise LookupError(str(scope))
        return [page, *Material.objects.filter(campaign=page).order_by("pk")]
    if scope.kind == "country":
        country = Country.objects.filter(code=scope.ident.upper()).first()
        if country is None:
            raise LookupError(str(scope))
        items = [*CountryPage.objects.filter(country=country), country]
        for page in CampaignPage.objects.filter(country=country).order_by("path"):
            items += [page, *Material.objects.filter(campaign=page).order_by("pk")]
        return items
    label, _sep, pk = scope.ident.rpartition(":")
    return [find_item(label, pk)]


# --- Contexts -----------------------------------------------------------------------------------


def context_for(obj, unit) -> str:
    parts = [obj._meta.label_lower, str(obj.pk), unit.field]
    if unit.block:
        parts.append(unit.block)
    return ":".join(parts)


def parse_context(text: str) -> tuple[str, str, str, str]:
    """(model label, pk, field, block) of a content entry's msgctxt; ValueError if malformed."""
    parts = (text or "").split(":", 3)
    if len(parts) < 3 or not all(parts[:3]) or not parts[1].isdigit():
        raise ValueError(text)
    label, pk, field = parts[:3]
    return label, pk, field, parts[3] if len(parts) == 4 else ""


def clean_text(text: str | None) -> str:
    """As written in a file and compared on import: ``\\n`` line ends, no Draftail block keys."""
    return BLOCK_KEY.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def match_newlines(source: str, text: str) -> str:
    """``text`` starting and ending with a newline exactly where ``source`` does."""
    if not text:
        return text
    text = text.strip("\n")
    if source.startswith("\n"):
        text = "\n" + text
    if source.endswith("\n"):
        text += "\n"
    return text


# --- Catalogues ---------------------------------------------------------------------------------


def stale(obj, language: str) -> set[tuple[str, str]]:
    """Keys out of date in ``language``; none until the staleness module exists."""
    try:
        from campaigns.translation.staleness import stale_units
    except ImportError:
        return set()
    return set(stale_units(obj, language))


def interface_entries(language: str) -> list:
    """The public interface words, when the interface words module offers them."""
    try:
        from campaigns.translation.interface_words import catalog_entries
    except ImportError:
        return []
    return list(catalog_entries(language))


def describe(obj) -> str:
    return f"{obj._meta.verbose_name} “{obj}”"


def catalog(
    scope: Scope, items, language: str, *, interface_words: bool = True, translator: str = ""
) -> Catalog:
    """The catalogue of ``items`` in ``language``."""
    name = get_language(language).name
    result = Catalog(
        last_translator=translator or name,
        language_team=name,
        msgid_bugs_address=getattr(settings, "DEFAULT_FROM_EMAIL", "") or "",
        locale=to_babel_identifier(language),
        project=PROJECT,
        version=str(scope),
        header_comment=(
            f"# {name} translation of {scope}.\n"
            "# Translate each msgstr; keep HTML tags, links and {placeholders} as they are.\n"
            "# Entries marked fuzzy are out of date: their source changed since."
        ),
        charset="utf-8",
        creation_date=timezone.now(),
        revision_date=timezone.now(),
        fuzzy=False,
    )
    for obj in items:
        current = unit_source.current(obj)
        out_of_date = stale(current, language)
        definitions = unit_source.definitions(current, language)
        for unit in unit_source.units(current, language):
            source = clean_text(unit.source)
            text = match_newlines(
                source, clean_text(unit_source.translation(current, unit, language))
            )
            where = str(type(current)._meta.get_field(unit.field).verbose_name)
            if unit.block:
                where += f" › {getattr(definitions[unit.key], 'label', '') or unit.block}"
            comment = (
                f"{describe(current)}: {where} (from {get_language(unit.source_language).name})"
            )
            message = Message(
                source,
                text,
                context=context_for(current, unit),
                auto_comments=[comment],
                flags={"fuzzy"} if unit.key in out_of_date and text else set(),
            )
            message.flags.discard("python-format")  # content, not Python format strings
            result[source] = message  # keyed by (msgid, msgctxt)
    if interface_words and language != settings.LANGUAGE_CODE:
        for entry in interface_entries(language):
            add_interface_word(result, entry)
    return result


def add_interface_word(result: Catalog, entry) -> None:
    message_id, context, plural, forms = entry
    forms = list(forms or [])
    if plural:
        count = result.num_plurals
        forms = (forms + [""] * count)[:count]
        message = Message((message_id, plural), tuple(forms), context=INTERFACE_PREFIX + context)
    else:
        message = Message(message_id, forms[0] if forms else "", context=INTERFACE_PREFIX + context)
    message.auto_comments = ["Public site interface word"]
    # A word with a ``%(name)s`` variable is a Python format string (Django formats it): flagged
    # so, Weblate and Poedit check the translation keeps it, as for the gettext catalogues.
    # Others (``100% free``) are not, whatever Babel guesses.
    message.flags.discard("python-format")
    if any(NAMED_VARIABLE.search(text) for text in (message_id, plural) if text):
        message.flags.add("python-format")
    result[message.id] = message


def write(result: Catalog) -> bytes:
    """The PO file, ending as gettext's and translate-toolkit's files do (no blank last line),
    so a file saved unchanged by Weblate or Poedit is the same bytes."""
    out = io.BytesIO()
    write_po(out, result, width=0, sort_output=False)
    return out.getvalue().rstrip(b"\n") + b"\n"


def export(scope: Scope, languages, items=None, translator: str = "") -> tuple[str, bytes, str]:
    """(file name, bytes, content type): one PO file, or a zip of one per language.
    ``translator``: who exports (the file's Last-Translator)."""
    items = scope_items(scope) if items is None else items
    languages = list(dict.fromkeys(languages))
    files = {
        f"{scope.slug}-{language}.po": write(catalog(scope, items, language, translator=translator))
        for language in languages
    }
    if len(files) == 1:
        ((name, data),) = files.items()
        return name, data, "text/x-gettext-translation; charset=utf-8"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return f"{scope.slug}-translations.zip", buffer.getvalue(), "application/zip"
