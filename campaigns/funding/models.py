"""Funders, their agreements, and the allocation of agreements to campaigns.

Money is ``Decimal`` in the agreement's currency; an allocation repeats that currency so that a
spreadsheet or an API client cannot slip another one in unnoticed. The rules that protect an
agreement (allocations never exceed it, stay within its period and currency) live here, on the
models, so the admin, imports and later an API all obey the same ones. Every save that can
change the sum's outcome (an allocation, or the agreement's own amount or currency) takes the
agreement's row lock first (``SELECT ... FOR UPDATE``) and checks again under it, so two finance
officers saving at the same moment cannot together over-allocate an agreement: the second waits
for the first to commit, then sees its change. SQLite has no row locks; there the project opens
every transaction with ``BEGIN IMMEDIATE`` (cms.settings.base), which queues writers for the whole
database, so the same re-check under the same ``atomic()`` block holds.
"""

from datetime import date
from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q, Sum
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable

from .currencies import format_money, validate_currency, validate_minor_unit

POSITIVE = MinValueValidator(Decimal("0.01"), message=_("Enter an amount greater than zero."))


class Funder(models.Model):
    """A donor (Belgium's Immigration Office, the European Union...) and its visibility rules."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("e.g. EU, DOFI, Fedasil.")
    )
    website = models.URLField(_("website"), blank=True)
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=80,
        blank=True,
        help_text=_("For IATI exports, e.g. XI-IATI-EC_INTPA."),
    )
    logo = models.ForeignKey(
        "campaigns.CampaignImage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("emblem or logo"),
        help_text=_("Shown next to the statement, never apart from it, at the same height."),
    )
    statement = models.CharField(
        _("acknowledgement statement"),
        max_length=255,
        blank=True,
        help_text=_(
            "e.g. “Funded by the European Union”, in every language pages are published in."
        ),
    )
    requires_visibility = models.BooleanField(
        _("emblem and statement required"),
        default=True,
        help_text=_(
            "Every published page and material of a campaign it funds must carry its emblem "
            "and statement; publishing is refused until both exist."
        ),
    )
    accepts_fallback_statement = models.BooleanField(
        _("accepts the statement in a fallback language"),
        default=False,
        help_text=_(
            "If ticked, a page in a language without the statement may show it in the next "
            "language of the country (e.g. French for a Wolof page). If not, the statement "
            "must exist in the page's own language."
        ),
    )
    discloses_amounts = models.BooleanField(
        _("amounts may be published"),
        default=False,
        help_text=_("Show the amounts it gives on the public transparency pages."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("website")],
            heading=_("Funder"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("statement"),
                FieldPanel("requires_visibility"),
                FieldPanel("accepts_fallback_statement"),
            ],
            heading=_("Visibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("discloses_amounts"), FieldPanel("iati_identifier")],
            heading=_("Transparency"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.requires_visibility and not self.logo_id:
            raise ValidationError(
                {"logo": _("A funder whose emblem is required needs its emblem or logo.")}
            )


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    SIGNED = "signed", _("Signed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# Agreements that fund campaigns (and so put their funder's visibility rules on them).
FUNDING_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.CLOSED)


class FundingAgreement(ClusterableModel):
    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("funder")
    )
    reference = models.CharField(
        _("reference number"), max_length=60, help_text=_("The funder's own reference.")
    )
    title = models.CharField(_("title"), max_length=255)
    programme = models.CharField(
        _("fund or programme"),
        max_length=120,
        blank=True,
        help_text=_("e.g. AMIF 2021-2027, European Return Fund."),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[POSITIVE]
    )
    currency = models.CharField(
        _("currency"), max_length=3, validators=[validate_currency], help_text=_("ISO 4217 code.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.SIGNED
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-start_date", "reference"]
        verbose_name = _("funding agreement")
        verbose_name_plural = _("funding agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["funder", "reference"], name="funding_agreement_unique_reference"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_agreement_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="funding_agreement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def save(self, *args, **kwargs):
        """Lock this agreement's row, then check its allocations again: an allocation saved
        between the form's check and this save is seen here (it holds the same lock)."""
        with transaction.atomic():
            if self.pk is not None:
                # list(): the query must run (and wait for the lock) before the sum is taken.
                locked = FundingAgreement.objects.select_for_update().filter(pk=self.pk)
                if list(locked.values_list("pk", flat=True)):
                    errors = self._check_existing_allocations()
                    if errors:
                        raise ValidationError(errors)
            super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The agreement cannot end before it starts.")
        if self.amount is not None and self.currency:
            errors.update(validate_minor_unit(self.amount, self.currency, "amount"))
        if self.pk:
            errors.update(self._check_existing_allocations())
        if errors:
            raise ValidationError(errors)

    def _check_existing_allocations(self) -> dict:
        errors = {}
        allocations = Allocation.objects.filter(agreement=self.pk)
        if self.currency and allocations.exclude(currency=self.currency).exists():
            errors["currency"] = _(
                "Its allocations are in another currency: change them before the agreement's."
            )
        allocated = allocations.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if self.amount is not None and allocated > self.amount:
            currency = allocations.values_list("currency", flat=True).first()
            errors["amount"] = _("%(allocated)s is already allocated to campaigns.") % {
                "allocated": format_money(allocated, currency)
            }
        return errors

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self) -> str:
        return self.formatted()

    @admin.display(description=_("unallocated"))
    def unallocated_display(self) -> str:
        allocated = getattr(self, "allocated_total", None)  # annotated by the admin listing
        return self.formatted(self.amount - (self.allocated if allocated is None else allocated))

    @cached_property
    def allocated(self) -> Decimal:
        return self.allocations.aggregate(total=Sum("amount"))["total"] or Decimal(0)

    @property
    def unallocated(self) -> Decimal:
        return self.amount - self.allocated

    def formatted(self, amount: Decimal | None = None) -> str:
        return format_money(self.amount if amount is None else amount, self.currency)

    def covers(self, start: date, end: date) -> bool:
        return self.start_date <= start and end <= self.end_date


class AgreementDocument(Orderable):
    agreement = ParentalKey(
        FundingAgreement,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("agreement"),
    )
    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    description = models.CharField(
        _("description"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Signed agreement."),
    )

    panels = [FieldPanel("document"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")


class Allocation(models.Model):
    """Part of an agreement's amount given to one campaign for a period."""

    agreement = models.ForeignKey(
        FundingAgreement,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("agreement"),
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("campaign"),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[POSITIVE]
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("The agreement's currency; left empty, it is taken from the agreement."),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["agreement", "start_date"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="allocation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.agreement.reference} → {self.campaign} ({self.formatted_amount})"

    def save(self, *args, **kwargs):
        """Lock the agreement's row, then check again: concurrent saves queue up here."""
        with transaction.atomic():
            agreement = FundingAgreement.objects.select_for_update().get(pk=self.agreement_id)
            self.currency = self.currency or agreement.currency
            errors = self._check_against(agreement)
            if errors:
                raise ValidationError(errors)
            super().save(*args, **kwargs)

    @property
    def formatted_amount(self) -> str:
        return format_money(self.amount, self.currency)

    @property
    def outside_agreement_period(self) -> bool:
        return not self.agreement.covers(self.start_date, self.end_date)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The allocation cannot end before it starts.")
        if self.agreement_id:
            self.currency = self.currency or self.agreement.currency
            errors.update(self._check_against(self.agreement))
        if errors:
            raise ValidationError(errors)

    def _check_against(self, agreement: FundingAgreement) -> dict:
        """The rules that depend on the agreement; run again under its row lock on save."""
        errors = {}
        if self.currency and self.currency != agreement.currency:
            errors["currency"] = _(
                "Agreement %(reference)s is in %(agreement_currency)s; "
                "an allocation of it cannot be in %(currency)s."
            ) % {
                "reference": agreement.reference,
                "agreement_currency": agreement.currency,
                "currency": self.currency,
            }
        elif self.amount is not None and self.currency:
            errors.update(validate_minor_unit(self.amount, self.currency, "amount"))
        if agreement.status == AgreementStatus.CANCELLED:
            errors["agreement"] = _("Agreement %(reference)s is cancelled.") % {
                "reference": agreement.reference
            }
        if (
            self.start_date
            and self.end_date
            and self.start_date <= self.end_date
            and not agreement.covers(self.start_date, self.end_date)
        ):
            errors["start_date"] = _(
                "Agreement %(reference)s runs from %(start)s to %(end)s; "
                "the allocation's period must fall within it."
            ) % {
                "reference": agreement.reference,
                "start": agreement.start_date.isoformat(),
                "end": agreement.end_date.isoformat(),
            }
        if self.amount is not None and "currency" not in errors:
            others = agreement.allocations.exclude(pk=self.pk).aggregate(total=Sum("amount"))
            already = others["total"] or Decimal(0)
            if already + self.amount > agreement.amount:
                errors["amount"] = _(
                    "Agreement %(reference)s is for %(total)s and %(already)s is already "
                    "allocated: at most %(left)s is left."
                ) % {
                    "reference": agreement.reference,
                    "total": agreement.formatted(),
                    "already": agreement.formatted(already),
                    "left": agreement.formatted(max(agreement.amount - already, Decimal(0))),
                }
        return errors
