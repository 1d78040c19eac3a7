"""What a dashboard, an export or the open-data page looks at: a period, places, campaigns, money
and organisations, and whether submitted (not yet validated) figures count.

``ReachFilter`` is a plain value that every reporting function takes; ``ReachFilterForm`` builds
one from a GET query and offers only the choices the user may see (a Guinea reporter is not even
offered Senegal). Months travel as ``YYYY-MM``, as an ``<input type="month">`` sends them.
"""

import datetime
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.funding.models import Funder, FundingAgreement
from campaigns.reach import access
from campaigns.reach.models import ReportingOrganisation

# Months anyone may ask for: reporting started long after the first, and next month's first day
# (what the screens compute from the last) must still be a date.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_month(text: str) -> datetime.date | None:
    """``2026-03`` (or a full ISO date) -> the month's first day; None when empty, wrong or
    outside FIRST_YEAR..LAST_YEAR."""
    text = (text or "").strip()
    if not text.isascii():
        return None
    try:
        if len(text) == 7:
            month = datetime.date(int(text[:4]), int(text[5:7]), 1)
        else:
            month = datetime.date.fromisoformat(text).replace(day=1) if text else None
    except ValueError:
        return None
    if month and not FIRST_YEAR <= month.year <= LAST_YEAR:
        return None
    return month


@dataclass(frozen=True)
class ReachFilter:
    """A selection of figures. Empty tuples mean "all"; months are first days, both inclusive."""

    month_from: datetime.date | None = None
    month_to: datetime.date | None = None
    countries: tuple[int, ...] = ()
    campaigns: tuple[int, ...] = ()
    funders: tuple[int, ...] = ()
    agreements: tuple[int, ...] = ()
    organisations: tuple[int, ...] = ()
    channels: tuple[int, ...] = ()
    include_submitted: bool = False

    def replace(self, **changes) -> "ReachFilter":
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return ReachFilter(**values)

    def query_items(self) -> list[tuple[str, str]]:
        """The filter as GET parameters (the names ReachFilterForm reads)."""
        items = []
        if self.month_from:
            items.append(("month_from", f"{self.month_from:%Y-%m}"))
        if self.month_to:
            items.append(("month_to", f"{self.month_to:%Y-%m}"))
        for name, param in QUERY_NAMES.items():
            items.extend((param, str(pk)) for pk in getattr(self, name))
        if self.include_submitted:
            items.append(("include_submitted", "on"))
        return items

    def querystring(self) -> str:
        return urlencode(self.query_items())

    def describe(self) -> list[tuple[str, str]]:
        """(label, value) pairs in the active language: what an export writes above its table."""
        from campaigns.models import CampaignPage, Channel, Country

        every = gettext("All")

        def period():
            start = date_format(self.month_from, "YEAR_MONTH_FORMAT") if self.month_from else ""
            end = date_format(self.month_to, "YEAR_MONTH_FORMAT") if self.month_to else ""
            if start and end:
                return f"{start} – {end}"
            if start:
                return gettext("from %(month)s") % {"month": start}
            if end:
                return gettext("until %(month)s") % {"month": end}
            return gettext("All months")

        def names(model, pks, name=str):
            if not pks:
                return every
            return ", ".join(sorted(name(obj) for obj in model.objects.filter(pk__in=pks)))

        return [
            (gettext("Period"), period()),
            (gettext("Countries"), names(Country, self.countries)),
            (gettext("Campaigns"), names(CampaignPage, self.campaigns, lambda c: c.title)),
            (gettext("Funders"), names(Funder, self.funders)),
            (gettext("Agreements"), names(FundingAgreement, self.agreements)),
            (gettext("Organisations"), names(ReportingOrganisation, self.organisations)),
            (gettext("Channels"), names(Channel, self.channels)),
            (
                gettext("Figures"),
                gettext("validated and submitted")
                if self.include_submitted
                else gettext("validated only"),
            ),
        ]


# ReachFilter field -> GET parameter.
QUERY_NAMES = {
    "countries": "country",
    "campaigns": "campaign",
    "funders": "funder",
    "agreements": "agreement",
    "organisations": "organisation",
    "channels": "channel",
}


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return value


class MonthField(forms.DateField):
    widget = MonthInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        month = parse_month(str(value))
        if month is None:
            raise forms.ValidationError(
                _("Enter a month as YYYY-MM between %(first)s and %(last)s, e.g. 2026-03.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return month


class ReachFilterForm(forms.Form):
    """The dashboards' filters, limited to what the user may see."""

    month_from = MonthField(label=_("From month"), required=False)
    month_to = MonthField(label=_("To month"), required=False)
    country = forms.ModelMultipleChoiceField(label=_("Country"), queryset=None, required=False)
    campaign = forms.ModelMultipleChoiceField(label=_("Campaign"), queryset=None, required=False)
    funder = forms.ModelMultipleChoiceField(label=_("Funder"), queryset=None, required=False)
    agreement = forms.ModelMultipleChoiceField(label=_("Agreement"), queryset=None, required=False)
    organisation = forms.ModelMultipleChoiceField(
        label=_("Organisation"), queryset=None, required=False
    )
    channel = forms.ModelMultipleChoiceField(label=_("Channel"), queryset=None, required=False)
    include_submitted = forms.BooleanField(
        label=_("Include submitted figures (not yet validated)"), required=False
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        from campaigns.models import CampaignPage, Channel

        countries = access.countries_visible_to(user)
        self.fields["country"].queryset = countries
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            country__in=countries.values("pk")
        ).order_by("title")
        self.fields["campaign"].label_from_instance = lambda page: page.title
        if user.has_perm("campaigns.view_fundingagreement"):
            self.fields["funder"].queryset = Funder.objects.order_by("name")
            self.fields["agreement"].queryset = FundingAgreement.objects.select_related(
                "funder"
            ).order_by("reference")
        else:  # reporters read no funding records: not even their names in a filter
            del self.fields["funder"], self.fields["agreement"]
        if access.sees_everything(user):
            organisations = ReportingOrganisation.objects.all()
        else:
            organisations = access.organisations_of(user)
        self.fields["organisation"].queryset = organisations
        self.fields["channel"].queryset = Channel.objects.all()
        for name in ("country", "campaign", "funder", "agreement", "organisation", "channel"):
            if name in self.fields:
                self.fields[name].widget.attrs["size"] = 4

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("month_from"), cleaned.get("month_to")
        if start and end and end < start:
            self.add_error("month_to", _("The period cannot end before it starts."))
        return cleaned

    def reach_filter(self) -> ReachFilter:
        """The filter the form describes; the default (everything visible) when it is invalid."""
        if not self.is_valid():
            return ReachFilter()
        data = self.cleaned_data

        def pks(name):
            return tuple(sorted(obj.pk for obj in data.get(name) or ()))

        return ReachFilter(
            month_from=data.get("month_from"),
            month_to=data.get("month_to"),
            countries=pks("country"),
            campaigns=pks("campaign"),
            funders=pks("funder"),
            agreements=pks("agreement"),
            organisations=pks("organisation"),
            channels=pks("channel"),
            include_submitted=bool(data.get("include_submitted")),
        )
