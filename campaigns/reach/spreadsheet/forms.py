"""Forms of the spreadsheet screens: which template to download, which file to upload."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.reach.access import campaigns_for_reporting

from .limits import Limits
from .reader import too_big_message

MONTH_INPUT = {"input_formats": ["%Y-%m", "%Y-%m-%d"]}


def month_widget():
    return forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class TemplateForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None)
    start = forms.DateField(label=_("From month"), widget=month_widget(), **MONTH_INPUT)
    end = forms.DateField(label=_("To month"), widget=month_widget(), **MONTH_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns_for_reporting(user).order_by("title")
        today = timezone.localdate()
        self.fields["start"].initial = datetime.date(today.year, 1, 1)
        self.fields["end"].initial = today.replace(day=1)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            data["start"], data["end"] = start.replace(day=1), end.replace(day=1)
            if end < start:
                raise ValidationError(_("The period cannot end before it starts."))
            if (end.year - start.year) * 12 + end.month - start.month > 36:
                raise ValidationError(_("Choose at most three years."))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("The filled template, as XLSX or as CSV (UTF-8, comma or semicolon)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    merge = forms.BooleanField(
        label=_("Update existing open reports (merge)"),
        required=False,
        help_text=_(
            "Rows for a report that already exists (draft or returned) change its figures "
            "instead of being refused."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Check only"), required=False, help_text=_("Check every row; save nothing.")
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.name.rsplit(".", 1)[-1].lower() not in ("xlsx", "csv"):
            raise ValidationError(_("Upload an XLSX or CSV file."))
        limits = Limits.from_settings()
        if file.size > limits.upload_bytes:
            raise ValidationError(too_big_message(file.size, limits))
        return file
