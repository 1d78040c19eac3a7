"""Demo site counts: some page views and downloads over the last weeks, so the dashboard's
"Counted by this website" has figures beside the partners' (the real ones come from
campaigns.reporting.counting). Made once, only where the site has counted nothing."""

import datetime
import random

from campaigns.models import CampaignPage, DownloadCount, Material, PageViewCount

DAYS = 45


def ensure_site_counts(today: datetime.date) -> None:
    if PageViewCount.objects.exists() or DownloadCount.objects.exists():
        return
    rng = random.Random(13)
    days = [today - datetime.timedelta(days=n) for n in range(1, DAYS + 1)]
    views = []
    for page in CampaignPage.objects.live().select_related("country").order_by("pk"):
        for language in ("en", "fr"):
            for day in days:
                count = rng.randint(0, 40)
                if count:
                    views.append(
                        PageViewCount(page=page, language=language, day=day, count=count,
                                      campaign=page, country=page.country)
                    )  # fmt: skip
    downloads = []
    materials = Material.objects.filter(live=True).select_related("campaign__country")
    for material in materials.prefetch_related("versions").order_by("pk"):
        for language in sorted({version.language for version in material.versions.all()}):
            for day in days[::3]:
                count = rng.randint(0, 6)
                if count:
                    downloads.append(
                        DownloadCount(material=material, language=language, day=day,
                                      count=count, campaign=material.campaign,
                                      country=material.campaign.country)
                    )  # fmt: skip
    PageViewCount.objects.bulk_create(views)
    DownloadCount.objects.bulk_create(downloads)
