"""``manage.py restore FILE``: an archive of ``manage.py backup`` into an empty database.

What is checked before anything is written: campaigns/ops/restore.py.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from campaigns.ops.backup import BackupError
from campaigns.ops.restore import restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and empty media storages."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by manage.py backup")
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, database, **options):
        try:
            manifest = restore(archive, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"Not restored: {error}") from error
        # Rows were written without signals: pages cached from the database before are stale
        # (the cache and the CDN are shared with the servers still running).
        from campaigns.site.page_cache_purge import purge

        purge()
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Restored {os.path.basename(archive)} (made {manifest['created_at']}): {rows} rows "
            f"in {len(manifest['tables'])} tables, {len(manifest['files'])} files, checksums "
            "verified."
        )
