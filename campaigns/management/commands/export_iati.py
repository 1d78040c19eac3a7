"""manage.py export_iati [--campaign CODE ...] -o FILE

Writes the IATI activity XML 2.03 of published campaigns (all of them, or those whose codes are
given: the campaign's stable ``code``, e.g. sn-the-sea-does-not-forgive) to FILE ("-": standard
output), after validating it against the official schema (campaigns/reporting/iati.py). Exit
status 0 when written; 1, with the reason on stderr, for an unknown or unpublished code, no
campaign to export, or a file that would not validate.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from campaigns.reporting import iati
from campaigns.reporting.filters import ReachFilter


class Command(BaseCommand):
    help = "Write the IATI activity XML 2.03 of published campaigns, validated, to a file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--campaign",
            action="append",
            dest="codes",
            default=[],
            metavar="CODE",
            help="A campaign's code (repeat for several); all published campaigns by default.",
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help='Where to write ("-": stdout).'
        )

    def handle(self, *args, codes, output, **options):
        try:
            if codes:
                campaigns = iati.campaigns_by_code(codes)
            else:
                campaigns = list(iati.campaigns_in(ReachFilter()))
            xml = iati.export(campaigns)
        except iati.IATIExportError as refused:
            raise CommandError(str(refused)) from refused
        if output == "-":
            sys.stdout.buffer.write(xml)
            return
        try:
            with open(output, "wb") as file:
                file.write(xml)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.stdout.write(f"{len(campaigns)} activities written to {output}.")
