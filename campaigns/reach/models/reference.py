"""Reference data of reach reporting: who reports, what is counted, age bands and targets."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
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


# The units the indicator form suggests and the demo uses, shown in the reader's language.
UNIT_WORDS = {
    "people": pgettext_lazy("indicator unit", "people"),
    "sessions": pgettext_lazy("indicator unit", "sessions"),
    "broadcasts": pgettext_lazy("indicator unit", "broadcasts"),
    "spots": pgettext_lazy("indicator unit", "spots"),
    "calls": pgettext_lazy("indicator unit", "calls"),
    "views": pgettext_lazy("indicator unit", "views"),
    "impressions": pgettext_lazy("indicator unit", "impressions"),
    "engagements": pgettext_lazy("indicator unit", "engagements"),
    "materials": pgettext_lazy("indicator unit", "materials"),
    "copies": pgettext_lazy("indicator unit", "copies"),
    "listeners": pgettext_lazy("indicator unit", "listeners"),
    "viewers": pgettext_lazy("indicator unit", "viewers"),
    "downloads": pgettext_lazy("indicator unit", "downloads"),
}


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
    def unit_label(self) -> str:
        """The unit in the reader's language when it is one of the usual ones (UNIT_WORDS),
        otherwise as typed: a French screen says "(personnes)", not "(people)"."""
        word = UNIT_WORDS.get(self.unit.strip().lower())
        return str(word) if word is not None else self.unit

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
        "campaigns.CampaignPage",
        on_delete=models.CASCADE,
        related_name="reach_targets",
        verbose_name=_("campaign"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    country = models.ForeignKey(
        "campaigns.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
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
