"""One sheet row -> one indicator's figures of a report, codes resolved through the rule context.

A row names its report by codes ("sn-safe-journeys", "IOM Senegal", "2026-03", "SN-DK · Dakar",
"radio · Radio") and gives one indicator's total and breakdown cells. This module reads the
cells' text (a drop-down label's code, numbers written as text); the codes are resolved by
campaigns.reach.rules.codes, and those that do not resolve are problems of that row and the
field's column (FIELD_COLUMNS); everything else is left to the rules.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns.reach.batch import Entry
from campaigns.reach.rules import Cell, ReachRuleContext, ValueData, parse_month
from campaigns.reach.rules.codes import CodeResolver

from . import columns as col
from .columns import Layout, code_of

# Where a field of the rules' problems is in the sheet.
FIELD_COLUMNS = {
    "campaign": col.CAMPAIGN,
    "organisation": col.ORGANISATION,
    "month": col.MONTH,
    "region": col.REGION,
    "channel": col.CHANNEL,
    "material": col.MATERIAL,
    "language": col.LANGUAGE,
    "data_source": col.DATA_SOURCE,
    "verification": col.VERIFICATION,
    "key": col.CHANNEL,
    "report": col.CHANNEL,
    "values": col.INDICATOR,
}


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


# "2026/03/01": what Gnumeric makes of "2026-03" when the template passes through CSV.
SLASHED_MONTH = re.compile(r"^(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?$")


def _month(raw):
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        from openpyxl.utils.datetime import from_excel

        try:  # a month cell LibreOffice or Excel turned into a date serial number
            return from_excel(raw).date()
        except (ValueError, OverflowError):
            return raw
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, str):
        raw = raw.strip()
        if slashed := SLASHED_MONTH.match(raw):
            year, month, day = slashed.groups()
            return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    return raw


class RowParser:
    """Turns rows into ParsedRows; codes resolved by the rules' CodeResolver (campaigns.reach.
    rules.codes), which loads each campaign's lookups once, on first sight."""

    def __init__(self, context: ReachRuleContext, layout: Layout):
        self.context, self.layout = context, layout
        self.codes = CodeResolver(context)  # every campaign's code: one query
        self.cell_columns = list(layout.cells.items())
        self.count_columns = {col.TOTAL, *layout.cells}
        # Translated once: a large file would otherwise spend seconds in gettext.
        self.text = {
            "indicator": _("Give the indicator."),
            "required": _("This column is required."),
            "row": _("row %(row)s"),
            "long": _("This is not a count: it is %(count)s characters long."),
        }

    def parse(self, number: int, raw: dict) -> ParsedRow:
        """The reader leaves out empty cells, so a column missing from `raw` is empty."""
        text, get = self.text, raw.get
        problems: list[RowProblem] = []
        missing = [column for column in col.REQUIRED if column not in raw]
        organisation = get(col.ORGANISATION)
        resolved = self.codes.resolve(
            campaign=code_of(get(col.CAMPAIGN)),
            # A name, which may hold the separator: CodeResolver tries it whole first.
            organisation=organisation if organisation is None else str(organisation),
            region=code_of(get(col.REGION)),
            channel=code_of(get(col.CHANNEL)),
            material=code_of(get(col.MATERIAL)),
            language=code_of(get(col.LANGUAGE)),
            data_source=code_of(get(col.DATA_SOURCE)),
            verification=code_of(get(col.VERIFICATION)),
        )
        for name in resolved.problems:  # the cell as written, not the code read from it
            column = FIELD_COLUMNS[name]
            problems.append(
                RowProblem(number, column, raw[column], resolved.problems[name].message)
            )
        indicator = code_of(get(col.INDICATOR))
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
        data = resolved.report_data(
            month=_month(get(col.MONTH)),
            values={indicator: ValueData(_digits(get(col.TOTAL)), cells)} if indicator else {},
        )
        entry = Entry(
            data,
            resolved.data_source,
            resolved.verification,
            notes,
            where=text["row"] % {"row": number},
        )
        month = data.month if type(data.month) is datetime.date else parse_month(data.month)[0]
        key = data.key(month)
        grouped = None not in key and month.day == 1
        material = data.material
        if material is None and "material" in resolved.unresolved:
            material = code_of(get(col.MATERIAL)).lower()  # rows must agree on what they say
        signature = (material, data.language, entry.data_source, entry.verification, notes)
        return ParsedRow(
            number, raw, entry, key if grouped else None, indicator, signature, problems
        )
