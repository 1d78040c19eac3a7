"""Reach reporting: who reports, what is counted, and the monthly reports themselves.

A ReachReport is one organisation's figures for one campaign, month, region and channel (its
natural key); it holds one ReachValue per indicator, each optionally split into ReachBreakdown
cells by sex and age band. Reports move draft -> submitted -> validated (or returned) -> locked
(campaigns.reach.lifecycle); a correction to a locked report is a new revision that `supersedes`
the old one, which stays as history (`is_current=False`). The validation rules live in
campaigns.reach.rules, who may see or change which rows in campaigns.reach.access.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


def validate_first_of_month(value: datetime.date) -> None:
    if value and value.day != 1:
        raise ValidationError(_("A month is stored as its first day, e.g. 2026-03-01."))


class OrganisationKind(models.TextChoices):
    IOM_OFFICE = "iom_office", _("IOM country office")
    PARTNER_NGO = "partner_ngo", _("Partner NGO")
    RADIO_STATION = "radio_station", _("Radio or TV station")
    GOVERNMENT = "government", _("Government body")
    OTHER = "other", _("Other")


class ReportingOrganisation(models.Model):
    """An IOM office, partner NGO or broadcaster; its members report for its countries only."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    countries = models.ManyToManyField(
        "campaigns.Country",
        related_name="reporting_organisations",
        verbose_name=_("countries it reports for"),
        help_text=_("Its members may report figures for campaigns in these countries only."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reporting_organisations",
        verbose_name=_("members"),
        help_text=_(
            "Users who report for this organisation (in the Country-office reporters role)."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("countries"),
        FieldPanel("members"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("reporting organisation")
        verbose_name_plural = _("reporting organisations")

    def __str__(self):
        return self.name


class IndicatorKind(models.TextChoices):
    PEOPLE_REACHED = "people_reached", _("People reached directly")
    AUDIENCE_ESTIMATE = "audience_estimate", _("Audience estimate")
    IMPRESSIONS = "impressions", _("Impressions")
    VIEWS = "views", _("Views")
    ENGAGEMENTS = "engagements", _("Engagements")
    SESSIONS_HELD = "sessions_held", _("Sessions held")
    BROADCASTS_AIRED = "broadcasts_aired", _("Broadcasts aired")
    MATERIALS_DISTRIBUTED = "materials_distributed", _("Materials distributed")
    HOTLINE_CALLS = "hotline_calls", _("Hotline calls")


# Direct and indirect reach are never added together blindly: reporting groups by this.
REACH_CATEGORY = {
    IndicatorKind.PEOPLE_REACHED: "direct",
    IndicatorKind.AUDIENCE_ESTIMATE: "estimate",
    IndicatorKind.IMPRESSIONS: "digital",
    IndicatorKind.VIEWS: "digital",
    IndicatorKind.ENGAGEMENTS: "digital",
    IndicatorKind.SESSIONS_HELD: "activity",
    IndicatorKind.BROADCASTS_AIRED: "activity",
    IndicatorKind.MATERIALS_DISTRIBUTED: "activity",
    IndicatorKind.HOTLINE_CALLS: "direct",
}


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum of the months")
    LATEST = "latest", _("Latest month's value (cumulative count)")
    MAXIMUM = "maximum", _("Highest month's value (cumulative count)")


class Indicator(models.Model):
    """What is counted, defined by M&E officers; name and definition are translated."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Stable identifier used in spreadsheets and the API, e.g. people-reached."),
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("What counts and what does not, for reporters.")
    )
    unit = models.CharField(
        _("unit"), max_length=40, default="people", help_text=_("e.g. people, broadcasts, calls.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=IndicatorKind.choices)
    by_sex = models.BooleanField(
        _("disaggregated by sex"), default=False, help_text=_("Female, male, unknown.")
    )
    by_age = models.BooleanField(
        _("disaggregated by age band"), default=False, help_text=_("Using the age bands.")
    )
    aggregation = models.CharField(
        _("adds up over time as"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("Sum for monthly counts; latest or maximum for cumulative counts."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("definition"),
        FieldPanel("unit"),
        FieldPanel("kind"),
        FieldPanel("by_sex"),
        FieldPanel("by_age"),
        FieldPanel("aggregation"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def category(self) -> str:
        return REACH_CATEGORY.get(self.kind, "other")


class AgeBand(models.Model):
    """A configurable age band (e.g. 15-24); breakdowns by age use these, in this order."""

    code = models.SlugField(_("code"), max_length=20, unique=True, help_text=_("e.g. 15-24."))
    name = models.CharField(_("name"), max_length=60)
    min_age = models.PositiveSmallIntegerField(_("from age"))
    max_age = models.PositiveSmallIntegerField(
        _("to age"), null=True, blank=True, help_text=_("Empty for an open band (60+).")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "min_age"]
        verbose_name = _("age band")
        verbose_name_plural = _("age bands")

    def __str__(self):
        return self.name


class Target(models.Model):
    """What a campaign aims for on an indicator, optionally for one period."""

    campaign = models.ForeignKey(
        "campaigns.CampaignPage", on_delete=models.CASCADE, related_name="reach_targets"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    country = models.ForeignKey(
        "campaigns.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField(_("from month"), null=True, blank=True)
    period_end = models.DateField(_("to month"), null=True, blank=True)
    value = models.PositiveBigIntegerField(_("target"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.country_id and self.campaign_id and self.country_id != self.campaign.country_id:
            errors["country"] = _("The campaign runs in another country.")
        if errors:
            raise ValidationError(errors)


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
        "campaigns.CampaignPage", on_delete=models.PROTECT, related_name="reach_reports"
    )
    organisation = models.ForeignKey(
        ReportingOrganisation, on_delete=models.PROTECT, related_name="reports"
    )
    month = models.DateField(_("month"), validators=[validate_first_of_month])
    region = models.ForeignKey("campaigns.Region", on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey("campaigns.Channel", on_delete=models.PROTECT, related_name="+")
    material = models.ForeignKey(
        "campaigns.Material",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reach_reports",
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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("validated or returned"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "campaign_id", "region_id", "channel_id"]
        verbose_name = _("reach report")
        verbose_name_plural = _("reach reports")
        permissions = [
            ("view_all_reachreport", "Can see every organisation's reach reports"),
            ("validate_reachreport", "Can validate, return and lock reach reports"),
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
        indexes = [models.Index(fields=["campaign", "month"], name="reach_report_campaign_month")]

    def __str__(self):
        return f"{self.campaign_id}/{self.organisation_id} {self.month:%Y-%m} r{self.revision}"

    @property
    def natural_key(self) -> tuple:
        return (self.campaign_id, self.organisation_id, self.month, self.region_id, self.channel_id)


class ReachValue(models.Model):
    """A report's figure for one indicator; its breakdown cells add up to `total`."""

    report = models.ForeignKey(ReachReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    total = models.PositiveBigIntegerField(_("total"))

    class Meta:
        verbose_name = _("reach value")
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

    value = models.ForeignKey(ReachValue, on_delete=models.CASCADE, related_name="breakdown")
    # Null means "not split by sex", which is not the same as a counted "unknown".
    sex = models.CharField(  # noqa: DJ001
        _("sex"), max_length=10, choices=Sex.choices, null=True, blank=True
    )
    age_band = models.ForeignKey(
        AgeBand, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    count = models.PositiveBigIntegerField(_("count"))

    class Meta:
        verbose_name = _("breakdown cell")

    def __str__(self):
        return f"{self.sex or '-'}/{self.age_band_id or '-'}: {self.count}"


class MonthLock(models.Model):
    """A month closed for one country: no report of that country and month may change."""

    country = models.ForeignKey(
        "campaigns.Country", on_delete=models.PROTECT, related_name="reach_month_locks"
    )
    month = models.DateField(_("month"), validators=[validate_first_of_month])
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
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


def attachment_path(instance, filename):
    return f"reach/attachments/{instance.report.month:%Y/%m}/{filename}"


class ReachAttachment(models.Model):
    """Evidence for a report (attendance sheet, photo); photos are stored without metadata."""

    report = models.ForeignKey(ReachReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    title = models.CharField(_("title"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    metadata_removed = models.BooleanField(
        _("photo metadata removed"),
        default=False,
        help_text=_("GPS position, camera and other EXIF data were stripped on upload."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.file.name.rsplit("/", 1)[-1]


class ImportStatus(models.TextChoices):
    REFUSED = "refused", _("Refused: nothing saved")
    CHECKED = "checked", _("Checked only (dry run)")
    IMPORTED = "imported", _("Imported")


class ReachImport(models.Model):
    """One spreadsheet upload or `import_reach` run: who, what file, what came of it.

    `problems` is the row report ([{"row", "column", "value", "message", "level"}]), kept so it
    can be shown and downloaded again; a refused file saved nothing else.
    """

    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)  # xlsx or csv
    merge = models.BooleanField(
        _("update existing open reports"),
        default=False,
        help_text=_("Rows for a report that already exists change it instead of being refused."),
    )
    dry_run = models.BooleanField(_("check only"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    reports_created = models.PositiveIntegerField(_("reports created"), default=0)
    reports_updated = models.PositiveIntegerField(_("reports updated"), default=0)
    reports_unchanged = models.PositiveIntegerField(_("reports unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    problems = models.JSONField(_("row report"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("reach import")
        verbose_name_plural = _("reach imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
