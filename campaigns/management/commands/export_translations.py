"""Export content for translators as PO files (campaigns.translation.po_export).

    manage.py export_translations --language wo --campaign sn-the-sea-does-not-forgive -o sea-wo.po
    manage.py export_translations --language wo --language ff --country SN -o senegal.zip

One language: a PO file; several: a zip of one PO file per language.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campaigns.translation import po_export


class Command(BaseCommand):
    help = "Write a campaign's, a country's or one item's texts as PO files for translators."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            required=True,
            dest="languages",
            metavar="CODE",
            help="Target language code (repeat for several: a zip).",
        )
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--campaign", metavar="CODE", help="A campaign's code.")
        scope.add_argument("--country", metavar="ISO", help="A country's ISO code, e.g. SN.")
        scope.add_argument(
            "--item", metavar="APP.MODEL:PK", help="One item, e.g. campaigns.material:5."
        )
        parser.add_argument("-o", "--output", required=True, metavar="PATH")

    def handle(self, *args, languages, campaign, country, item, output, **options):
        known = dict(settings.LANGUAGES)
        unknown = [code for code in languages if code not in known]
        if unknown:
            raise CommandError(
                f"Not a content language of this site: {', '.join(unknown)}. "
                f"Known: {', '.join(known)}."
            )
        if campaign:
            scope = po_export.Scope("campaign", campaign)
        elif country:
            scope = po_export.Scope("country", country.upper())
        else:
            scope = po_export.Scope("item", item)
        path = Path(output)
        if len(set(languages)) > 1 and path.suffix == ".po":
            raise CommandError("Several languages make a zip: give a path ending in .zip.")
        try:
            name, data, _content_type = po_export.export(scope, languages)
        except LookupError as error:
            raise CommandError(f"Nothing to export: {scope} does not exist.") from error
        path.write_bytes(data)
        self.stdout.write(f"Wrote {path} ({len(data)} bytes; {name}).")
