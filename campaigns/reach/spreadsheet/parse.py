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
from .columns import Layout, code_of


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


MAX_COUNT_CHARS = 19  # no count is longer (2**63 - 1); a longer text is refused here, unread


def _digits(raw):
    """'30' -> 30 (CSV cells are text); anything else is left to the rules' parse_count."""
    if type(raw) is str and raw.isdigit() and raw.isascii() and len(raw) <= MAX_COUNT_CHARS:
        return int(raw)
    return raw


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
        self.cell_columns = list(layout.cells.items())
        self.count_columns = {col.TOTAL, *layout.cells}
        # Translated once: a large file would otherwise spend seconds in gettext.
        self.text = {
            "campaign": _("Unknown campaign."),
            "organisation": _("Unknown organisation."),
            "region": _("Not a region of the campaign's country."),
            "channel": _("Unknown channel."),
            "material": _("Not a material of this campaign (give its UUID)."),
            "indicator": _("Give the indicator."),
            "data_source": _("Choose a data source from the list."),
            "verification": _("Choose a verification from the list."),
            "required": _("This column is required."),
            "row": _("row %(row)s"),
            "long": _("This is not a count: it is %(count)s characters long."),
        }

    def parse(self, number: int, raw: dict) -> ParsedRow:
        """The reader leaves out empty cells, so a column missing from `raw` is empty."""
        context, text, get = self.context, self.text, raw.get
        problems: list[RowProblem] = []
        missing = [column for column in col.REQUIRED if column not in raw]

        campaign = self.campaign_ids.get(code_of(get(col.CAMPAIGN)))
        if campaign is not None and campaign not in context.campaigns:
            context.load_campaigns([campaign])
        info = context.campaigns.get(campaign)
        country = info.country_id if info else None
        organisation_name = str(get(col.ORGANISATION, "")).strip()
        organisation = context.organisation_ids.get(organisation_name)
        if organisation is None:
            organisation = context.organisation_ids.get(code_of(organisation_name))
        region = (
            context.region_ids.get((country, code_of(get(col.REGION))))
            if country is not None
            else None
        )
        channel = context.channel_ids.get(code_of(get(col.CHANNEL)))
        material = (
            context.material_ids.get(code_of(get(col.MATERIAL)).lower())
            if col.MATERIAL in raw
            else None
        )
        for column, found, message in (
            (col.CAMPAIGN, campaign, "campaign"),
            (col.ORGANISATION, organisation, "organisation"),
            (col.REGION, region if country is not None else True, "region"),
            (col.CHANNEL, channel, "channel"),
            (col.MATERIAL, material, "material"),
        ):
            if found is None and column in raw:
                problems.append(RowProblem(number, column, raw[column], text[message]))
        language = code_of(get(col.LANGUAGE)).lower()
        indicator = code_of(get(col.INDICATOR))
        data_source = code_of(get(col.DATA_SOURCE)) or DataSource.OTHER
        if data_source not in self.data_sources:
            problems.append(
                RowProblem(number, col.DATA_SOURCE, raw[col.DATA_SOURCE], text["data_source"])
            )
        verification = code_of(get(col.VERIFICATION)) or Verification.NONE
        if verification not in self.verifications:
            problems.append(
                RowProblem(number, col.VERIFICATION, raw[col.VERIFICATION], text["verification"])
            )
        notes = str(get(col.NOTES) or "").strip()
        for column in missing:
            message = text["indicator"] if column == col.INDICATOR else text["required"]
            problems.append(RowProblem(number, column, None, message))
        too_long = [
            column
            for column, value in raw.items()
            if type(value) is str
            and len(value) > MAX_COUNT_CHARS
            and column in self.count_columns
            and len(value.strip()) > MAX_COUNT_CHARS
        ]
        for column in too_long:  # "1" followed by 5,000 zeros: refused, never converted
            value = raw[column].strip()
            message = text["long"] % {"count": f"{len(value):,}"}
            problems.append(RowProblem(number, column, value[:40] + "…", message))
            raw = {**raw, column: None}
            get = raw.get
        cells = [
            Cell(_digits(raw[column]), sex, band)
            for column, (sex, band) in self.cell_columns
            if column in raw
        ]
        data = ReportData(
            campaign=campaign,
            organisation=organisation,
            month=_month(get(col.MONTH)),
            region=region,
            channel=channel,
            material=material,
            language=language,
            values={indicator: ValueData(_digits(get(col.TOTAL)), cells)} if indicator else {},
        )
        entry = Entry(data, data_source, verification, notes, where=text["row"] % {"row": number})
        month = data.month if type(data.month) is datetime.date else parse_month(data.month)[0]
        grouped = None not in (campaign, organisation, month, region, channel) and (
            month is None or month.day == 1
        )
        signature = (material, language, data_source, verification, notes)
        return ParsedRow(
            number, raw, entry, data.key(month) if grouped else None, indicator, signature, problems
        )
