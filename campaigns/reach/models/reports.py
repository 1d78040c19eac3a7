"""The monthly reports, their figures and breakdown cells, and months locked per country."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .reference import AgeBand, Indicator, ReportingOrganisation, validate_first_of_month


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    RETURNED = "returned", _("Returned")
    LOCKED = "locked", _("Locked")


# Statuses in which a report's figures may still be changed by its organisation.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


class DataSource(models.TextChoices):
    ATTENDANCE = "attendance", _("Attendance sheets")
    BROADCASTER = "broadcaster", _("Broadcaster's log or audience data")
    PLATFORM = "platform", _("Platform analytics")
    DISTRIBUTION = "distribution", _("Distribution records")
    HOTLINE = "hotline", _("Hotline log")
    SURVEY = "survey", _("Survey")
    ESTIMATE = "estimate", _("Estimate")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    NONE = "none", _("Not verified")
    DOCUMENTS = "documents", _("Supporting documents checked")
    SPOT_CHECK = "spot_check", _("Spot check on site")
    THIRD_PARTY = "third_party", _("Third-party data")


class EntryRoute(models.TextChoices):
    FORM = "form", _("Admin form")
    SPREADSHEET = "spreadsheet", _("Spreadsheet")
    API = "api", _("API")


class ReachReport(models.Model):
    """One organisation's figures for a campaign, month, region and channel.

    Only one *current* report exists per natural key; corrections chain through `supersedes`.
    """

    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        on_delete=models.PROTECT,
        related_name="reach_reports",
        verbose_name=_("campaign"),
    )
    organisation = models.ForeignKey(
        ReportingOrganisation,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("organisation"),
    )
    month = models.DateField(_("month"), validators=[validate_first_of_month])
    region = models.ForeignKey(
        "campaigns.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    channel = models.ForeignKey(
        "campaigns.Channel", on_delete=models.PROTECT, related_name="+", verbose_name=_("channel")
    )
    material = models.ForeignKey(
        "campaigns.Material",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reach_reports",
        verbose_name=_("material"),
    )
    language = models.CharField(_("language used"), max_length=10, blank=True)
    data_source = models.CharField(
        _("data source"), max_length=20, choices=DataSource.choices, default=DataSource.OTHER
    )
    verification = models.CharField(
        _("verification"), max_length=20, choices=Verification.choices, default=Verification.NONE
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason returned"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
        help_text=_("The locked report this revision corrects."),
    )
    is_current = models.BooleanField(
        _("current"), default=True, help_text=_("False once a correction supersedes it.")
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    entered_via = models.CharField(
        _("entered via"), max_length=12, choices=EntryRoute.choices, default=EntryRoute.FORM
    )
    source_import = models.ForeignKey(
        "campaigns.ReachImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("last imported by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated or returned by"),
    )
    decided_at = models.DateTimeField(_("validated or returned"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "campaign_id", "region_id", "channel_id"]
        verbose_name = _("reach report")
        verbose_name_plural = _("reach reports")
        permissions = [
            # Wagtail's group screen passes a permission's stored name through gettext.
            ("view_all_reachreport", _("Can see every organisation's reach reports")),
            ("validate_reachreport", _("Can validate, return and lock reach reports")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation", "month", "region", "channel"],
                condition=Q(is_current=True),
                name="reach_report_natural_key",
                violation_error_message=_(
                    "This organisation already has a report for this campaign, month, region "
                    "and channel."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "month"], name="reach_report_campaign_month"),
            # The newest change, read at every dashboard view to know whether cached sums hold.
            models.Index(fields=["updated_at"], name="reach_report_updated_at"),
        ]

    def __str__(self):
        """What people recognise a report by (titles, choosers): load the related rows with it."""
        revision = f" (r{self.revision})" if self.revision > 1 else ""
        return (
            f"{self.campaign.title} · {self.organisation} · {self.month:%Y-%m} · "
            f"{self.region.name} · {self.channel.name}{revision}"
        )

    @admin.display(description=_("month"), ordering="month")
    def month_label(self) -> str:
        return date_format(self.month, "YEAR_MONTH_FORMAT")

    @property
    def natural_key(self) -> tuple:
        return (self.campaign_id, self.organisation_id, self.month, self.region_id, self.channel_id)


class ReachValue(models.Model):
    """A report's figure for one indicator; its breakdown cells add up to `total`."""

    report = models.ForeignKey(
        ReachReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("reach report")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    total = models.PositiveBigIntegerField(_("total"))

    class Meta:
        verbose_name = _("reach value")
        verbose_name_plural = _("reach values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="reach_value_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id}={self.total}"


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")


class ReachBreakdown(models.Model):
    """One disaggregation cell: sex and/or age band (null where the indicator has no split)."""

    value = models.ForeignKey(
        ReachValue,
        on_delete=models.CASCADE,
        related_name="breakdown",
        verbose_name=_("reach value"),
    )
    # Null means "not split by sex", which is not the same as a counted "unknown".
    sex = models.CharField(  # noqa: DJ001
        _("sex"), max_length=10, choices=Sex.choices, null=True, blank=True
    )
    age_band = models.ForeignKey(
        AgeBand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("age band"),
    )
    count = models.PositiveBigIntegerField(_("count"))

    class Meta:
        verbose_name = _("breakdown cell")
        verbose_name_plural = _("breakdown cells")

    def __str__(self):
        return f"{self.sex or '-'}/{self.age_band_id or '-'}: {self.count}"


class MonthLock(models.Model):
    """A month closed for one country: no report of that country and month may change."""

    country = models.ForeignKey(
        "campaigns.Country",
        on_delete=models.PROTECT,
        related_name="reach_month_locks",
        verbose_name=_("country"),
    )
    month = models.DateField(_("month"), validators=[validate_first_of_month])
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("locked by"),
    )
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "country"]
        verbose_name = _("locked month")
        verbose_name_plural = _("locked months")
        constraints = [
            models.UniqueConstraint(fields=["country", "month"], name="one_lock_per_country_month")
        ]

    def __str__(self):
        return f"{self.country_id} {self.month:%Y-%m}"
