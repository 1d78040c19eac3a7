"""The basic report form: the report's header (campaign, place, channel, source...).

Its choices come from campaigns.reach.access and its checks from campaigns.reach.rules, so it
refuses exactly what the importer and the API refuse. Figures per indicator with their
disaggregation grids come with the rich entry form (issue 6, next step).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from campaigns.languages import get_language
from campaigns.models.countries import content_language_codes

from .access import campaigns_for_reporting, organisations_for_reporting, reporting_scope
from .rules import ReportData, check_report

HEADER_FIELDS = [
    "campaign",
    "organisation",
    "month",
    "region",
    "channel",
    "material",
    "language",
    "data_source",
    "verification",
    "notes",
]


def language_choices():
    return [("", "---------")] + [
        (code, get_language(code).name) for code in content_language_codes()
    ]


class ReachReportForm(WagtailAdminModelForm):
    language = forms.ChoiceField(label=_("language used"), choices=language_choices, required=False)

    class Meta:
        fields = HEADER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from campaigns.models import Material, Region

        user = self.for_user
        campaigns = campaigns_for_reporting(user)
        self.fields["campaign"].queryset = campaigns
        self.fields["organisation"].queryset = organisations_for_reporting(user)
        self.fields["region"].queryset = Region.objects.filter(
            country__campaign_pages__in=campaigns.values("pk")
        ).distinct()
        self.fields["material"].queryset = Material.objects.filter(
            campaign__in=campaigns.values("pk")
        )
        self.fields["month"].help_text = _("Any day of the month: the month is what counts.")

    def clean_month(self):
        month = self.cleaned_data.get("month")
        return month.replace(day=1) if month else month

    def clean(self):
        cleaned = super().clean()
        needed = ("campaign", "organisation", "month", "region", "channel")
        if any(not cleaned.get(name) for name in needed):
            return cleaned
        material = cleaned.get("material")
        data = ReportData(
            campaign=cleaned["campaign"].pk,
            organisation=cleaned["organisation"].pk,
            month=cleaned["month"],
            region=cleaned["region"].pk,
            channel=cleaned["channel"].pk,
            material=material.pk if material else None,
            language=cleaned.get("language") or "",
            report_id=self.instance.pk,
        )
        result = check_report(data, require_values=False, scope=reporting_scope(self.for_user))
        for problem in result.errors:
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)
        return cleaned
