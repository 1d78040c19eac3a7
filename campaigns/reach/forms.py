"""The report form: the report's header (campaign, place, channel, source...) and its figures.

Its choices come from campaigns.reach.access and its checks from campaigns.reach.rules, so it
refuses exactly what the importer and the API refuse. The figures (a total per indicator and
its disaggregation grid, campaigns.reach.admin.figures) are checked with the header in one go,
each error put on the input it names, and saved with the header in one transaction.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from campaigns.content.models.countries import content_language_codes
from campaigns.i18n.languages import get_language

from .access import campaigns_for_reporting, organisations_for_reporting, reporting_scope
from .admin.figures import FigureGrid, show_problems
from .lifecycle import replace_values
from .rules import ReachRuleContext, ReportData

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
    language = forms.ChoiceField(label=_("Language used"), choices=language_choices, required=False)
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text=_("The month the figures are for, e.g. 2026-03."),
    )

    class Meta:
        fields = HEADER_FIELDS

    class Media:
        js = ["campaigns/reach/entry.js"]
        css = {"all": ["campaigns/reach/entry.css"]}

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
        self.grid = FigureGrid(campaign_id=self.instance.campaign_id)
        self.fields.update(self.grid.form_fields())
        if not self.is_bound:
            self.initial.update(self.grid.initial(self.instance))
        self.figures, self.rule_context = {}, None
        self.figure_warnings, self.other_warnings = {}, []

    def clean_month(self):
        month = self.cleaned_data.get("month")
        return month.replace(day=1) if month else month

    def clean(self):
        cleaned = super().clean()
        needed = ("campaign", "organisation", "month", "region", "channel")
        self.figures = self.grid.values(cleaned)
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
            values=self.figures,
            report_id=self.instance.pk,
        )
        self.rule_context = ReachRuleContext(
            campaigns=[data.campaign], scope=reporting_scope(self.for_user)
        )
        result = self.rule_context.check(data, require_values=False)
        show_problems(self, self.grid, result)
        return cleaned

    @property
    def warning_messages(self) -> list[str]:
        """Every warning in words, e.g. for the message shown after saving."""
        labels = {name: self.fields[name].label for name in self.figure_warnings}
        return [
            f"{labels[name]}: {message}"
            for name, messages in self.figure_warnings.items()
            for message in messages
        ] + self.other_warnings

    def save(self, commit=True):
        """The header, then the figures in place of the old ones (the view's transaction)."""
        report = super().save(commit=commit)
        if commit:
            replace_values(report, self.figures, self.rule_context)
        return report
