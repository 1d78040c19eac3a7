"""Build the reach summary from every counted value (after a bulk load, or to repair it), then the
open data's stored table from it."""

import time

from django.core.management.base import BaseCommand

from campaigns.reporting import open_data, summary
from campaigns.reporting.models import OpenDataState, ReachBreakdownSummary, ReachSummary


class Command(BaseCommand):
    help = "Rebuild the reach figures' summary (campaigns.reporting.summary) in one transaction."

    def handle(self, *args, **options):
        started = time.perf_counter()
        summary.rebuild()
        self.stdout.write(
            f"Summary rebuilt: {ReachSummary.objects.count():,} rows and "
            f"{ReachBreakdownSummary.objects.count():,} cells in "
            f"{time.perf_counter() - started:.1f} s."
        )
        started = time.perf_counter()
        open_data.refresh()
        self.stdout.write(
            f"Open data rebuilt: {OpenDataState.objects.get().rows:,} figures in "
            f"{time.perf_counter() - started:.1f} s."
        )
