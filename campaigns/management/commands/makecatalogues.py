"""Extract translatable strings into locale/*/LC_MESSAGES/django.po with Babel.

Django's `makemessages` needs GNU gettext; this does the same job with Babel, reading Python
modules and Django templates (turned into Python by Django's own `templatize`). Catalogues are
written without source locations so that diffs stay small, and existing translations are kept.
"""

from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation.template import templatize

from campaigns.i18n.interface_words import as_gettext_tags

SOURCE_DIRS = ("campaigns", "cms")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def source_files(root: Path):
    for folder in SOURCE_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts:
                yield path


def extract_file(path: Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        text = as_gettext_tags(text)  # {% ui %} and {% blockui %} words, like {% translate %}
        # templatize() keeps line structure, not valid indentation: flatten it for tokenize.
        text = "\n".join(line.strip() for line in templatize(text, origin=str(path)).splitlines())
    options = {"encoding": "utf-8"}
    for _lineno, message, comments, context in extract(
        "python", BytesIO(text.encode("utf-8")), keywords=KEYWORDS, options=options
    ):
        yield message, comments, context


class Command(BaseCommand):
    help = "Extract messages into every catalogue in locale/ (Babel; no GNU gettext needed)."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR)
        template = Catalog(fuzzy=False)
        for path in source_files(root):
            for message, comments, context in extract_file(path):
                template.add(message, auto_comments=comments, context=context)
        call_command("compilecatalogues", verbosity=0)  # creates missing catalogues
        locale_dir = Path(settings.LOCALE_PATHS[0])
        for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parent.parent.name)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            with po_path.open("wb") as po_file:
                write_po(po_file, catalog, omit_header=False, no_location=True, sort_output=True,
                         width=100)  # fmt: skip
        call_command("compilecatalogues", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(template)} messages in {len(list(locale_dir.glob('*')))} catalogues."
            )  # fmt: skip
        )
