"""One sheet row -> one indicator's figures of a report, codes resolved through the rule context.

A row names its report by codes ("sn-safe-journeys", "IOM Senegal", "2026-03", "SN-DK · Dakar",
"radio · Radio") and gives one indicator's total and breakdown cells. Codes that do not resolve
are problems of that row and column; everything else is left to the rules.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns.reach.batch import Entry
from campaigns.reach.models import DataSource, Verification
from campaigns.reach.rules import Cell, ReachRuleContext, ReportData, ValueData, parse_month

from . import columns as col
from .columns import Layout, blank, code_of


@dataclass
class RowProblem:
    row: int | None
    column: str
    value: object
    message: str
    level: str = "error"

    def as_dict(self) -> dict:
        value = self.value
        if not (value is None or isinstance(value, int | float | str)):
            value = str(value)
        return {
            "row": self.row,
            "column": self.column,
            "value": value,
            "message": self.message,
            "level": self.level,
        }


@dataclass
class ParsedRow:
    """A row as an entry with a single indicator; `key` is None when it cannot be grouped."""

    number: int
    raw: dict
    entry: Entry
    key: tuple | None
    indicator: str
    signature: tuple  # the report's header fields, which the rows of one report share
    problems: list[RowProblem] = field(default_factory=list)


def _month(raw):
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        from openpyxl.utils.datetime import from_excel

        try:  # a month cell LibreOffice or Excel turned into a date serial number
            return from_excel(raw).date()
        except (ValueError, OverflowError):
            return raw
    if isinstance(raw, datetime.datetime):
        return raw.date()
    return raw.strip() if isinstance(raw, str) else raw


class RowParser:
    """Turns rows into ParsedRows; loads each campaign's lookups once, on first sight."""

    def __init__(self, context: ReachRuleContext, layout: Layout):
        from campaigns.models import CampaignPage

        self.context, self.layout = context, layout
        self.campaign_ids = dict(CampaignPage.objects.values_list("code", "pk"))
        self.data_sources = set(DataSource.values)
        self.verifications = set(Verification.values)

    def parse(self, number: int, raw: dict) -> ParsedRow:
        context, problems = self.context, []

        def problem(column, message):
            problems.append(RowProblem(number, column, raw.get(column), message))

        def lookup(column, table, key, message):
            if blank(raw.get(column)):
                return None
            found = table.get(key)
            if found is None:
                problem(column, message)
            return found

        campaign = lookup(
            col.CAMPAIGN, self.campaign_ids, code_of(raw.get(col.CAMPAIGN)), _("Unknown campaign.")
        )
        context.load_campaigns([campaign] if campaign else [])
        info = context.campaigns.get(campaign)
        country = info.country_id if info else None
        organisation_name = str(raw.get(col.ORGANISATION, "")).strip()
        organisation = context.organisation_ids.get(organisation_name) or lookup(
            col.ORGANISATION,
            context.organisation_ids,
            code_of(organisation_name),
            _("Unknown organisation."),
        )
        region = None
        if country is not None:
            region = lookup(
                col.REGION,
                context.region_ids,
                (country, code_of(raw.get(col.REGION))),
                _("Not a region of the campaign's country."),
            )
        channel = lookup(
            col.CHANNEL, context.channel_ids, code_of(raw.get(col.CHANNEL)), _("Unknown channel.")
        )
        material = lookup(
            col.MATERIAL,
            context.material_ids,
            code_of(raw.get(col.MATERIAL)).lower(),
            _("Not a material of this campaign (give its UUID)."),
        )
        language = code_of(raw.get(col.LANGUAGE)).lower()
        indicator = code_of(raw.get(col.INDICATOR))
        if not indicator:
            problem(col.INDICATOR, _("Give the indicator."))
        data_source = code_of(raw.get(col.DATA_SOURCE)) or DataSource.OTHER
        if data_source not in self.data_sources:
            problem(col.DATA_SOURCE, _("Choose a data source from the list."))
        verification = code_of(raw.get(col.VERIFICATION)) or Verification.NONE
        if verification not in self.verifications:
            problem(col.VERIFICATION, _("Choose a verification from the list."))
        notes = str(raw.get(col.NOTES) or "").strip()
        cells = [
            Cell(raw[column], sex, band)
            for column, (sex, band) in self.layout.cells.items()
            if column in raw
        ]
        data = ReportData(
            campaign=campaign,
            organisation=organisation,
            month=_month(raw.get(col.MONTH)),
            region=region,
            channel=channel,
            material=material,
            language=language,
            values={indicator: ValueData(raw.get(col.TOTAL), cells)} if indicator else {},
        )
        for column in col.REQUIRED:
            if blank(raw.get(column)) and column != col.INDICATOR:
                problem(column, _("This column is required."))
        entry = Entry(
            data, data_source, verification, notes, where=_("row %(row)s") % {"row": number}
        )
        month, _message = parse_month(data.month)
        grouped = None not in (campaign, organisation, month, region, channel)
        signature = (material, language, data_source, verification, notes)
        return ParsedRow(
            number, raw, entry, data.key(month) if grouped else None, indicator, signature, problems
        )
