"""Compile gettext catalogues with Babel, so no GNU gettext is needed on the machine.

Django's ``check_for_language()`` is false for a language without a compiled ``django.mo``, and
then ``/ps/`` is not served; so every content and admin language gets a catalogue, an empty one
where no translation exists yet.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.i18n.languages import to_babel_identifier


def catalogue_path(locale_dir: Path, code: str) -> Path:
    return locale_dir / to_babel_identifier(code) / "LC_MESSAGES" / "django.po"


class Command(BaseCommand):
    help = "Create missing .po catalogues for every language, then compile all of them to .mo."

    def handle(self, *args, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        codes = [code for code, _name in settings.LANGUAGES]
        codes += [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES]
        for code in dict.fromkeys(codes):
            po_path = catalogue_path(locale_dir, code)
            if not po_path.exists():
                po_path.parent.mkdir(parents=True, exist_ok=True)
                catalog = Catalog(locale=to_babel_identifier(code), fuzzy=False)
                with po_path.open("wb") as po_file:
                    write_po(po_file, catalog, omit_header=False)
                if options["verbosity"]:
                    self.stdout.write(f"Created catalogue {po_path.relative_to(locale_dir)}")
        compiled = 0
        for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parent.parent.name)
            catalog.fuzzy = False
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog)
            compiled += 1
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Compiled {compiled} catalogues."))
