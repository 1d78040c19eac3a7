"""Files around reports: evidence attached to them, and spreadsheet import runs."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reports import ReachReport


def private_storage():
    """Evidence never goes to the public media storage: see STORAGES["private"] in settings."""
    return storages["private"]


def attachment_path(instance, filename):
    return f"reach/attachments/{instance.report.month:%Y/%m}/{filename}"


class ReachAttachment(models.Model):
    """Evidence for a report (attendance sheet, photo); photos are stored without metadata."""

    report = models.ForeignKey(
        ReachReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("reach report"),
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=255
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    metadata_removed = models.BooleanField(
        _("photo metadata removed"),
        default=False,
        help_text=_("GPS position, camera and other EXIF data were stripped on upload."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.file.name.rsplit("/", 1)[-1]


class ImportStatus(models.TextChoices):
    # While the background task has it (campaigns.reach.spreadsheet.background).
    QUEUED = "queued", _("Waiting for its turn")
    CHECKING = "checking", _("Checking the rows")
    SAVING = "saving", _("Saving the reports")
    # How it ended.
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
    # [{"outcome", "id", "campaign", "organisation", "month", "region", "channel", "totals",
    # "rows"}]: the reports created, updated or unchanged (to be, for a check only), in file order;
    # "totals" is a list of [indicator code, total] in file order (PostgreSQL's jsonb would
    # reorder an object's keys).
    outcomes = models.JSONField(_("reports and outcomes"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("reach import")
        verbose_name_plural = _("reach imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
