"""The site's own count of its audience: public page views and material downloads per day.

Written only by campaigns.reporting.counting (in batches, never per request) and read by
campaigns.reporting.site_counts for the dashboard, where they appear as "Counted by this website"
beside the partners' figures (never as ReachReports, never added to them).

A row is an aggregate: an object, a language, a day and a number. Nothing about the visitor is
kept (no address, cookie, browser or account), so there is nothing personal to protect or erase.
The campaign and country are copied onto each row when it is written, so the dashboard filters
and groups these counts with one query on this table alone; counts go with the page or material
they count when it is deleted.

Two tables rather than one with two nullable keys: the upsert that adds a batch to the stored
counts (``INSERT ... ON CONFLICT ... DO UPDATE``) needs a unique key with no NULL in it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyCount(models.Model):
    day = models.DateField(_("day"))
    language = models.CharField(_("language"), max_length=10)
    count = models.PositiveIntegerField(_("count"), default=0)
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("campaign"),
    )
    country = models.ForeignKey(
        "campaigns.Country",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("country of origin"),
    )

    class Meta:
        abstract = True


class PageViewCount(DailyCount):
    """Successful anonymous GETs of one public page in one language on one day."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    class Meta:
        verbose_name = _("page view count")
        verbose_name_plural = _("page view counts")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "day"], name="one_page_view_count_per_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="page_view_count_day")]

    def __str__(self):
        return f"{self.page_id} {self.language} {self.day}: {self.count}"


class DownloadCount(DailyCount):
    """Successful anonymous downloads of one live material's file in one language on one day
    (the language is the material version's)."""

    material = models.ForeignKey(
        "campaigns.Material",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("material"),
    )

    class Meta:
        verbose_name = _("download count")
        verbose_name_plural = _("download counts")
        constraints = [
            models.UniqueConstraint(
                fields=["material", "language", "day"], name="one_download_count_per_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="download_count_day")]

    def __str__(self):
        return f"{self.material_id} {self.language} {self.day}: {self.count}"
