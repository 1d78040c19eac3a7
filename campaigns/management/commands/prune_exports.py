"""Delete the export files older than EXPORT_KEEP_HOURS (24 by default) from private storage.

Each export already sweeps after itself in the worker (campaigns.reporting.export_tasks); this
command is for a timer (cron, a systemd timer) on a site that exports rarely, beside
django-tasks-db's ``prune_db_task_results`` for the task rows themselves."""

from django.core.management.base import BaseCommand

from campaigns.reporting import export_tasks


class Command(BaseCommand):
    help = "Delete the export files older than EXPORT_KEEP_HOURS from private storage."

    def handle(self, *args, **options):
        deleted = export_tasks.sweep()
        self.stdout.write(f"{deleted} export file(s) deleted.")
