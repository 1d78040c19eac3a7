"""What the rules read and answer: plain data in (`ReportData`), `Problem`s out."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """An error or a warning: which field, the value given, and what is wrong, in words."""

    field: str
    value: object
    message: str
    code: str


@dataclass
class RuleResult:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # indicator code -> parsed total
    # Identical to the stored current report (same header, same figures for the indicators
    # given): a re-sent file or a retry, which saving leaves alone (campaigns.reach.batch).
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, field_name, value, message, code):
        self.errors.append(Problem(field_name, value, message, code))

    def warn(self, field_name, value, message, code):
        self.warnings.append(Problem(field_name, value, message, code))


@dataclass
class Cell:
    """One breakdown cell as given: sex code and age band code (None where not split)."""

    count: object
    sex: str | None = None
    age_band: str | None = None


@dataclass
class ValueData:
    total: object
    breakdown: list[Cell] = field(default_factory=list)


@dataclass
class ReportData:
    """A report as any route receives it: ids for related rows, raw numbers, indicator codes."""

    campaign: int
    organisation: int
    month: object
    region: int
    channel: int
    material: int | None = None
    language: str = ""
    values: dict[str, ValueData] = field(default_factory=dict)
    report_id: int | None = None  # the existing report this data changes, if any

    def key(self, month: datetime.date | None) -> tuple:
        return (self.campaign, self.organisation, month, self.region, self.channel)
