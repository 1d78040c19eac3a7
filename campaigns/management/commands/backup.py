"""``manage.py backup -o FILE``: the database and every stored file in one archive.

What the archive holds and why: campaigns/ops/backup.py. Restore it with ``manage.py restore``.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from campaigns.ops.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write a consistent archive (.tar.gz) of the database, media and private files."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the archive to write")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        try:
            manifest = write_backup(output, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup written: {error}") from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        files = manifest["files"]
        size = sum(item["size"] for item in files)
        self.stdout.write(
            f"{output}: {os.path.getsize(output)} bytes; {rows} rows in "
            f"{len(manifest['tables'])} tables, {len(files)} files ({size} bytes uncompressed)."
        )
        if options["verbosity"] >= 2:
            for label, table in manifest["tables"].items():
                self.stdout.write(f"  {label}: {table['rows']}")
