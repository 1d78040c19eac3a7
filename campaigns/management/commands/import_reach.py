"""manage.py import_reach FILE --user USERNAME [--dry-run] [--merge]

Imports a filled reach template (XLSX or CSV) with the permissions of USERNAME: the whole file
is checked first, nothing is saved if any row is wrong. Progress on stderr; the row report on
stderr; a summary on stdout. Exit status 0 when imported or checked, 1 when refused.
"""

import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from campaigns.reach.models import ImportStatus
from campaigns.reach.spreadsheet.importer import import_file
from campaigns.reach.spreadsheet.row_report import as_text


class Progress:
    """A bar updating in place on a terminal, else a line every few seconds.

    The check reads a file of unknown length (the bar only moves); saving knows the rows."""

    WIDTH = 30

    def __init__(self, stream, interval=5.0):
        self.stream, self.interval = stream, interval
        self.tty = stream.isatty()
        self.started = self.last = time.monotonic()
        self.phase, self.total, self.rows, self.printed = None, None, 0, None

    def __call__(self, rows, phase):
        now = time.monotonic()
        if phase != self.phase:
            self.finish_phase()
            self.total = self.rows or None
            self.phase, self.started, self.last, self.printed = phase, now, 0, None
        self.rows = rows
        rate = rows / max(now - self.started, 1e-3)
        if self.tty:
            if self.total:
                filled = min(self.WIDTH, self.WIDTH * rows // self.total)
            else:
                filled = int(now * 4) % (self.WIDTH + 1)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r{phase:>5} [{bar}] {rows:,} rows, {rate:,.0f} rows/s")
        elif now - self.last >= self.interval:
            self.stream.write(f"{phase}: {rows:,} rows, {rate:,.0f} rows/s\n")
            self.last, self.printed = now, rows
        self.stream.flush()

    def finish_phase(self):
        """End the bar's line, or print the phase's last count if it was not shown."""
        if self.phase and self.tty:
            self.stream.write("\n")
        elif self.phase and self.printed != self.rows:
            self.stream.write(f"{self.phase}: {self.rows:,} rows\n")

    def done(self):
        self.finish_phase()


class Command(BaseCommand):
    help = "Import a reach spreadsheet (XLSX or CSV); refused files save nothing (exit 1)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="An XLSX or CSV file in the template's columns.")
        parser.add_argument(
            "--user", required=True, help="Username whose reporting permissions apply."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; save nothing.")
        parser.add_argument(
            "--merge", action="store_true", help="Update existing open reports instead of refusing."
        )

    def handle(self, *args, **options):
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"No user {options['user']!r}.") from missing
        stderr = getattr(self.stderr, "_out", sys.stderr)
        progress = Progress(stderr)
        try:
            with open(options["file"], "rb") as file:
                record = import_file(
                    user,
                    file,
                    options["file"],
                    merge=options["merge"],
                    dry_run=options["dry_run"],
                    progress=progress,
                    pause_collector=True,  # a process of its own, not a web server's
                )
        except OSError as error:
            raise CommandError(str(error)) from error
        progress.done()
        if record.problems:
            self.stderr.write(as_text(record.problems))
        summary = (
            f"{record.get_status_display()}: {record.rows} rows; reports created "
            f"{record.reports_created}, updated {record.reports_updated}, unchanged "
            f"{record.reports_unchanged}; {record.error_count} errors, {record.warning_count} "
            f"warnings; {record.duration_ms / 1000:.1f} s (import #{record.pk})."
        )
        if record.status == ImportStatus.REFUSED:
            raise CommandError(summary)
        self.stdout.write(summary)
