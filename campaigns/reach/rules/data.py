"""What the rules read and answer: plain data in (`ReportData`), `Problem`s out."""

import datetime
from dataclasses import dataclass, field

# Where in an indicator's figures a problem is: the indicator itself (unknown, retired), its
# total, its whole breakdown (the cells' sum) or one cell (sex and age band).
INDICATOR, TOTAL, BREAKDOWN, CELL = "", "total", "breakdown", "cell"


def place(indicator: str, part: str = INDICATOR, sex=None, age_band=None) -> str:
    """The public name of a place in the figures, the one `Problem.field` the API returns:
    `values.people-reached`, `.total`, `.breakdown`, `.breakdown[female/15-24]`. Built here
    only; routes place errors from `Problem.indicator`, `part`, `sex`, `age_band`, never by
    reading this string back."""
    field_name = f"values.{indicator}"
    if part == CELL:
        label = "/".join(str(code) for code in (sex, age_band) if code) or "-"
        return f"{field_name}.breakdown[{label}]"
    return f"{field_name}.{part}" if part else field_name


@dataclass(frozen=True)
class Problem:
    """An error or a warning: which field, the value given, and what is wrong, in words.

    `field` is the public name (the API's JSON field: "region", "values.x.total"). A problem
    in the figures also says where in them, structured (`indicator`, `part`, `sex`,
    `age_band`), and its `field` is then built from those by `place` (make it with
    `Problem.at`): the admin form and the spreadsheet importer read the structured parts."""

    field: str
    value: object
    message: str
    code: str
    indicator: str | None = None  # the indicator code of a problem in the figures
    part: str = INDICATOR  # TOTAL, BREAKDOWN, CELL (with sex / age_band) or the indicator
    sex: str | None = None
    age_band: str | None = None

    def __post_init__(self):
        if self.indicator is not None:
            built = place(self.indicator, self.part, self.sex, self.age_band)
            object.__setattr__(self, "field", built)

    @classmethod
    def at(cls, indicator, part, value, message, code, *, sex=None, age_band=None) -> "Problem":
        """A problem in one indicator's figures (`part`: INDICATOR, TOTAL, BREAKDOWN, CELL)."""
        return cls("", value, message, code, indicator, part, sex, age_band)


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
    # Fields whose code the route could not turn into an id (campaigns.reach.rules.codes): the
    # route has already named them with the value given, so the rules do not check them again.
    unresolved: frozenset[str] = frozenset()

    def key(self, month: datetime.date | None) -> tuple:
        return (self.campaign, self.organisation, month, self.region, self.channel)
