"""Codes -> ids: the one place the spreadsheet's and the API's codes are resolved.

A spreadsheet row and a partner system's JSON name a report by codes: the campaign's code, the
organisation's name, the region's and the channel's code, a material's UUID, a language, a
data source and a verification. `CodeResolver.resolve` turns them into the ids the rules read,
from a `ReachRuleContext` (each campaign's lookups loaded the first time it is met, so no query
per row), and answers the codes that do not resolve as `Problem`s keyed by FIELD name
("campaign", "region", ...), with the value as given. The routes only say where that field is
(a column, a JSON field) and keep their own shape checks (JSON types, cell text).

The same for both routes:
- an unknown code is a problem of its field, value as given, code "unknown" (data source and
  verification: "bad_choice"); the report is still checked by the rules, which leave the
  fields in `ReportData.unresolved` alone (no second, id-based complaint);
- region and material belong to a campaign: with no known campaign they are not resolved and
  not complained about (the campaign's problem says it); a material of another campaign is
  unknown to this one;
- an empty data source is "other", an empty verification "none";
- codes are compared after trimming spaces; material UUIDs and languages in lower case;
  an organisation by its name, or by the name before " · " (a drop-down label);
- an empty code resolves to nothing without a problem: whether it was required is the
  route's shape check.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns.reach.models import DataSource, Verification

from .context import ReachRuleContext
from .data import Problem, ReportData

FIELDS = (
    "campaign",
    "organisation",
    "region",
    "channel",
    "material",
    "language",
    "data_source",
    "verification",
)
LABEL_SEP = "·"  # "name · more" in a drop-down (campaigns.reach.spreadsheet.columns.SEP)
UNKNOWN, BAD_CHOICE = "unknown", "bad_choice"


def campaign_ids(codes=None) -> dict[str, int]:
    """Campaign code -> id, for these codes or all campaigns (one query)."""
    from campaigns.models import CampaignPage

    campaigns = CampaignPage.objects.all()
    if codes is not None:
        campaigns = campaigns.filter(code__in=[code for code in codes if isinstance(code, str)])
    return dict(campaigns.values_list("code", "pk"))


@dataclass(slots=True)
class Resolved:
    """Ids for the rules, the header choices, and a problem per field that did not resolve."""

    campaign: int | None = None
    organisation: int | None = None
    region: int | None = None
    channel: int | None = None
    material: int | None = None
    language: str = ""
    data_source: str = DataSource.OTHER
    verification: str = Verification.NONE
    problems: dict[str, Problem] = field(default_factory=dict)  # field name -> problem
    unresolved: frozenset[str] = frozenset()  # given but not resolved (said, or moot)

    def report_data(self, month, values, report_id=None) -> ReportData:
        return ReportData(
            campaign=self.campaign,
            organisation=self.organisation,
            month=month,
            region=self.region,
            channel=self.channel,
            material=self.material,
            language=self.language,
            values=values,
            report_id=report_id,
            unresolved=self.unresolved,
        )


def _text(given) -> str:
    return given.strip() if type(given) is str else ""


class CodeResolver:
    """Resolves codes for one batch against its rule context (see the module's docstring)."""

    def __init__(self, context: ReachRuleContext, campaigns: dict[str, int] | None = None):
        """`campaigns`: code -> id, as `campaign_ids` gives; all campaigns when left out."""
        self.context = context
        self.campaign_ids = campaign_ids() if campaigns is None else campaigns
        self.data_sources = frozenset(DataSource.values)
        self.verifications = frozenset(Verification.values)
        # Translated once per batch: gettext on every row of a large file costs seconds.
        choices = _("Choose one of: %(choices)s.")
        self.messages = {
            "campaign": _("Unknown campaign."),
            "organisation": _("Unknown organisation."),
            "region": _("Not a region of the campaign's country."),
            "channel": _("Unknown channel."),
            "material": _("Not a material of this campaign (give its UUID)."),
            "data_source": choices % {"choices": ", ".join(DataSource.values)},
            "verification": choices % {"choices": ", ".join(Verification.values)},
        }

    def _problem(self, resolved: Resolved, name: str, given, code=UNKNOWN) -> None:
        resolved.problems[name] = Problem(name, given, self.messages[name], code)

    def _choice(self, resolved: Resolved, name: str, given, choices) -> str:
        """One of `choices`, or "" for a blank (the default stays) or a wrong one (a problem)."""
        code = _text(given)
        if code in choices:
            return code
        if code or not (given is None or type(given) is str):
            self._problem(resolved, name, given, BAD_CHOICE)
        return ""

    def resolve(
        self,
        *,
        campaign=None,
        organisation=None,
        region=None,
        channel=None,
        material=None,
        language=None,
        data_source=None,
        verification=None,
        default_organisation: int | None = None,
    ) -> Resolved:
        """Ids for the codes given (texts; anything else counts as not given, except for the
        data source and verification, which must be one of their choices)."""
        context, resolved = self.context, Resolved()
        unresolved = []

        if code := campaign.strip() if type(campaign) is str else "":
            resolved.campaign = pk = self.campaign_ids.get(code)
            if pk is None:
                self._problem(resolved, "campaign", campaign)
                unresolved.append("campaign")
            elif pk not in context.campaigns:
                context.load_campaigns([pk])
        info = context.campaigns.get(resolved.campaign)

        if name := organisation.strip() if type(organisation) is str else "":
            pk = context.organisation_ids.get(name)
            if pk is None and LABEL_SEP in name:
                pk = context.organisation_ids.get(name.split(LABEL_SEP, 1)[0].strip())
            if pk is None:
                self._problem(resolved, "organisation", organisation)
                unresolved.append("organisation")
            resolved.organisation = pk
        else:
            resolved.organisation = default_organisation

        if code := region.strip() if type(region) is str else "":
            if info is not None:
                resolved.region = context.region_ids.get((info.country_id, code))
            if resolved.region is None:
                if info is not None:
                    self._problem(resolved, "region", region)
                unresolved.append("region")

        if code := channel.strip() if type(channel) is str else "":
            resolved.channel = context.channel_ids.get(code)
            if resolved.channel is None:
                self._problem(resolved, "channel", channel)
                unresolved.append("channel")

        if code := material.strip() if type(material) is str else "":
            pk = context.material_ids.get(code.lower()) if info is not None else None
            if pk is not None and context.material_languages[pk][0] == resolved.campaign:
                resolved.material = pk
            else:
                if info is not None:
                    self._problem(resolved, "material", material)
                unresolved.append("material")

        if type(language) is str and language:
            resolved.language = language.strip().lower()

        if type(data_source) is str and data_source in self.data_sources:  # the usual case
            resolved.data_source = data_source
        elif code := self._choice(resolved, "data_source", data_source, self.data_sources):
            resolved.data_source = code
        if type(verification) is str and verification in self.verifications:
            resolved.verification = verification
        elif code := self._choice(resolved, "verification", verification, self.verifications):
            resolved.verification = code

        if unresolved:
            resolved.unresolved = frozenset(unresolved)
        return resolved
