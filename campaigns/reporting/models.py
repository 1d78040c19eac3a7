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


# --- The figures' summary (campaigns.reporting.summary keeps it) ---------------------------------


class SummaryRow(models.Model):
    """Counted figures of one month and campaign, per indicator, grouped by one more dimension.

    ``dimension`` says which: "" (the campaign's whole month), "channel", "region", "language",
    "material" or "organisation"; that dimension's column holds the key, the others stay empty.
    ``counted`` is "validated" (validated and locked reports) or "submitted".
    """

    month = models.DateField(_("month"))
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("campaign"),
    )
    indicator = models.ForeignKey(
        "campaigns.Indicator",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("indicator"),
    )
    counted = models.CharField(_("counted"), max_length=10)
    dimension = models.CharField(_("grouped by"), max_length=12, blank=True)
    channel = models.ForeignKey(
        "campaigns.Channel",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("channel"),
    )
    region = models.ForeignKey(
        "campaigns.Region",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("region"),
    )
    material = models.ForeignKey(
        "campaigns.Material",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("material"),
    )
    organisation = models.ForeignKey(
        "campaigns.ReportingOrganisation",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("organisation"),
    )
    # NULL: not this dimension
    language = models.CharField(_("language"), max_length=10, null=True)  # noqa: DJ001

    class Meta:
        abstract = True


class ReachSummary(SummaryRow):
    total = models.BigIntegerField(_("total"))

    class Meta:
        verbose_name = _("reach summary row")
        verbose_name_plural = _("reach summary rows")
        indexes = [
            models.Index(fields=["dimension", "month"], name="reach_summary_dimension_month"),
            models.Index(fields=["month", "campaign"], name="reach_summary_month_campaign"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension or 'campaign'}: {self.total}"


class ReachBreakdownSummary(SummaryRow):
    sex = models.CharField(_("sex"), max_length=10, null=True)  # noqa: DJ001 - as ReachBreakdown
    age_band = models.ForeignKey(
        "campaigns.AgeBand",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("age band"),
    )
    count = models.BigIntegerField(_("count"))

    class Meta:
        verbose_name = _("reach breakdown summary row")
        verbose_name_plural = _("reach breakdown summary rows")
        indexes = [
            models.Index(fields=["dimension", "month"], name="reach_cells_dimension_month"),
            models.Index(fields=["month", "campaign"], name="reach_cells_month_campaign"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension or 'campaign'} {self.sex}: {self.count}"


class SummaryState(models.Model):
    """How far the summary goes: the newest report change and report id it holds (one row;
    none until the summary is first built)."""

    changed = models.DateTimeField(_("newest report change"), null=True)
    last = models.BigIntegerField(_("last report"), null=True)
    rebuilt_at = models.DateTimeField(_("rebuilt"), auto_now_add=True)

    class Meta:
        verbose_name = _("reach summary state")
        verbose_name_plural = _("reach summary states")

    def __str__(self):
        return f"Reach summary up to report {self.last} changed {self.changed}"


# --- The open data's protected table (campaigns.reporting.published_table keeps it) -----------


class OpenDataFigure(models.Model):
    """One figure of the public open data, with its disclosure mark, as every view shows it.

    ``kind`` is "cell" (campaign x channel x month), "total" (a year's or all years' total of a
    country or of all), "campaign", "channel" or "month". ``year`` None means all years (for
    "cell" and "month" rows it is the month's year, for filtering). ``country`` None means all
    countries; a "campaign" or "cell" row holds its campaign's country. Plain integers, not
    foreign keys: the table is a snapshot rebuilt whenever what it was built from changes
    (``OpenDataState.stamp``), and deleting a campaign must not reach into it.
    """

    indicator = models.PositiveIntegerField(_("indicator"))
    kind = models.CharField(_("kind"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"), null=True)
    country = models.PositiveIntegerField(_("country"), null=True)
    campaign = models.PositiveIntegerField(_("campaign"), null=True)
    channel = models.PositiveIntegerField(_("channel"), null=True)
    month = models.DateField(_("month"), null=True)
    value = models.BigIntegerField(_("value"))
    mark = models.CharField(_("mark"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("open data figure")
        verbose_name_plural = _("open data figures")
        indexes = [
            models.Index(fields=["kind", "year", "country"], name="open_data_figure_view"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.kind} {self.year} {self.country}: {self.value}"


class OpenDataState(models.Model):
    """What the open data's table was built from (one row): a fingerprint of the reports'
    newest change, the live campaigns and the indicators' rules."""

    stamp = models.CharField(_("fingerprint"), max_length=64, blank=True)
    built_at = models.DateTimeField(_("built"), null=True)
    rows = models.PositiveIntegerField(_("figures"), default=0)

    class Meta:
        verbose_name = _("open data state")
        verbose_name_plural = _("open data states")

    def __str__(self):
        return f"Open data built {self.built_at} ({self.rows} figures)"
