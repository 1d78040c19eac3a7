"""Reporting's settings, changed by M&E officers and administrators under Settings.

One row (Wagtail's generic setting). Screens read it with ``reports_due_day()``, which never
writes: Wagtail's ``load()`` creates the row on first use, and a dashboard must not write.
``ensure_reporting_settings()`` creates it once (``setup_roles``), so that opening
Settings > Reporting settings writes nothing either, even for someone it then refuses.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.contrib.settings.registry import registry

DEFAULT_DUE_DAY = 10
LAST_DUE_DAY = 28  # every month has a 28th


class ReportingSettings(BaseGenericSetting):
    reports_due_day = models.PositiveSmallIntegerField(
        _("reports are due by day"),
        default=DEFAULT_DUE_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(LAST_DUE_DAY)],
        help_text=_(
            "Day of the next month by which each organisation submits its reports for a month "
            "(1 to 28). An organisation that has submitted nothing by then is shown as late."
        ),
    )

    panels = [FieldPanel("reports_due_day")]

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")

    def __str__(self):
        return str(self._meta.verbose_name)


def reports_due_day() -> int:
    """The configured due day, read without creating the row (one query)."""
    day = ReportingSettings.objects.values_list("reports_due_day", flat=True).first()
    return day or DEFAULT_DUE_DAY


def ensure_reporting_settings() -> ReportingSettings:
    return ReportingSettings.load()


def register() -> None:
    """Settings > Reporting settings, shown to those with the change permission (Wagtail's
    SettingMenuItem asks the model's permission policy): M&E officers and administrators."""
    registry.register(ReportingSettings, icon="calendar")
