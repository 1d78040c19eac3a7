"""Import a translated PO file (campaigns.translation.po_import), or a zip of them, one per
language (campaigns.translation.po_archive: every file checked, then all saved or none).

    manage.py import_translations sea-wo.po --dry-run
    manage.py import_translations sea-wo.po --user awa
    manage.py import_translations senegal-translations.zip

Every entry is checked first; any error refuses the whole file (exit status 1, nothing changed).
The report (errors, conflicts, skipped entries, one a line; the entries left untranslated only
with ``-v 2``) goes to stderr, the summary to stdout.
With ``--user``, the import is that user's (their permissions and languages; the drafts are
theirs); without it, a trusted import by the system.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from campaigns.translation import po_archive, po_export


class Command(BaseCommand):
    help = (
        "Check a translated PO file (or a zip of them), then save its translations as drafts "
        "sent to review."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.po|FILE.zip")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument("--user", metavar="USERNAME", help="Import as this user.")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--campaign", metavar="CODE", help="Refuse a file for anything else.")
        scope.add_argument("--country", metavar="ISO", help="Refuse a file for anything else.")

    def handle(self, *args, file, dry_run, user, campaign, country, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(f"No active user {user!r}.")
        expected = None
        if campaign:
            expected = po_export.Scope("campaign", campaign)
        elif country:
            expected = po_export.Scope("country", country.upper())
        if path.stat().st_size > po_archive.MAX_ARCHIVE_BYTES:
            raise CommandError(f"{path} is larger than 5 MB: not a PO file or a zip of them.")
        report = po_archive.import_file(
            path.read_bytes(), account, dry_run=dry_run, expected=expected
        )
        for line in report.lines(untranslated=options["verbosity"] >= 2):
            self.stderr.write(line)
        if report.refused:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
