"""The report form: the report's header (campaign, place, channel, source...) and its figures.

Its choices come from campaigns.reach.access and its checks from campaigns.reach.rules, so it
refuses what the importer and the API refuse; its lists also follow the campaign chosen: only
that campaign's materials and languages are offered and accepted (entry.js rebuilds the two lists
from the campaign select's `data-reach-campaign-choices` when the campaign changes).

The figures (a total per indicator and its disaggregation grid, campaigns.reach.admin.figures)
are checked with the header in one go, each error put on the input it names, and saved with the
header in one transaction.
"""

import json

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from campaigns.content.models.countries import Country, content_language_codes
from campaigns.i18n.names import language_name

from .access import (
    campaigns_for_reporting,
    organisations_for_reporting,
    organisations_of,
    reporting_scope,
)
from .admin.figures import FigureGrid, show_problems
from .lifecycle import replace_values
from .models import DataSource
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


EMPTY = ("", "---------")


def language_choices():
    return [EMPTY] + [(code, language_name(code)) for code in content_language_codes()]


def choices_by_campaign(campaigns) -> dict[int, dict[str, list]]:
    """Per campaign offered: its materials and its languages (those its pages are offered in:
    its country's, then the site-wide ones), as [value, label] pairs. Two queries."""
    from campaigns.models import Material

    choices = {
        pk: {"materials": [], "languages": [[code, language_name(code)] for code in codes]}
        for pk, codes in (
            (pk, Country(languages=languages or "").offered_language_codes())
            for pk, languages in campaigns.values_list("pk", "country__languages")
        )
    }
    materials = Material.objects.filter(campaign__in=list(choices)).order_by("title", "pk")
    for item in materials:
        choices[item.campaign_id]["materials"].append([item.pk, str(item)])
    return choices


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
        self.choices = choices_by_campaign(campaigns)
        self.campaign_chosen = self._campaign_chosen()
        self._follow_campaign(Material)
        self._no_default_source()
        if not self.is_bound and self.instance.pk is None:
            self._preselect_organisation(user)
        self.grid = FigureGrid(campaign_id=self.instance.campaign_id)
        self.fields.update(self.grid.form_fields())
        if not self.is_bound:
            self.initial.update(self.grid.initial(self.instance))
        self.figures, self.rule_context = {}, None
        self.figure_warnings, self.other_warnings = {}, []

    def _campaign_chosen(self) -> int | None:
        """The campaign the lists follow: the one posted, else the report's; None if not one
        the user may report for."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("campaign"))
        else:
            value = self.initial.get("campaign") or self.instance.campaign_id
        try:
            pk = int(getattr(value, "pk", value))
        except (TypeError, ValueError):
            return None
        return pk if pk in self.choices else None

    def _follow_campaign(self, material_model):
        """Materials and languages of the campaign chosen; with none chosen yet, those of every
        campaign offered (the script narrows them as soon as one is)."""
        chosen = self.campaign_chosen
        campaigns = [chosen] if chosen else list(self.choices)
        material = self.fields["material"]
        material.queryset = material_model.objects.filter(campaign_id__in=campaigns)
        material.error_messages["invalid_choice"] = _(
            "Not a material of this campaign: choose one of its materials, or none."
        )
        material.widget.attrs["data-reach-materials"] = ""
        languages = {}
        for pk in campaigns:
            languages.update(dict(self.choices[pk]["languages"]))
        current = self.instance.language if self.instance.pk else ""
        if current and current not in languages:  # stored before the lists followed the campaign
            known = current in content_language_codes()
            languages[current] = language_name(current) if known else current
        language = self.fields["language"]
        language.choices = [EMPTY, *languages.items()]
        language.error_messages["invalid_choice"] = _(
            "Not a language of this campaign: choose one of its languages (%(languages)s)."
        ) % {"languages": ", ".join(str(name) for name in languages.values())}
        language.widget.attrs["data-reach-languages"] = ""
        self.fields["campaign"].widget.attrs["data-reach-campaign-choices"] = json.dumps(
            self.choices, ensure_ascii=False
        )

    def _no_default_source(self):
        """The reporter says where the figures come from: nothing is chosen for them."""
        source = self.fields["data_source"]
        source.choices = [EMPTY, *DataSource.choices]
        source.error_messages["required"] = _(
            "Choose where the figures come from, e.g. attendance sheets or a broadcaster's log."
        )
        if not self.is_bound and self.instance.pk is None:
            self.initial["data_source"] = ""

    def _preselect_organisation(self, user):
        """The user's organisation, when they belong to exactly one they may report for."""
        if self.initial.get("organisation"):
            return
        offered = self.fields["organisation"].queryset.values("pk")
        own = list(organisations_of(user).filter(pk__in=offered).values_list("pk", flat=True)[:2])
        if len(own) == 1:
            self.initial["organisation"] = own[0]

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
