"""The sheet's columns, shared by the template, the readers and the importer.

Headers are English and stable (files travel between users of different languages); the
Instructions sheet explains them in the reader's language. Breakdown columns follow the age
bands: "Female", "Male", "Unknown (sex)" for indicators split by sex only; one column per band
("15-24") for age only; "Female 15-24"... for both.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from campaigns.reach.models import Sex

CAMPAIGN = "Campaign"
ORGANISATION = "Organisation"
MONTH = "Month"
REGION = "Region"
CHANNEL = "Channel"
MATERIAL = "Material"
LANGUAGE = "Language"
INDICATOR = "Indicator"
TOTAL = "Total"
DATA_SOURCE = "Data source"
VERIFICATION = "Verification"
NOTES = "Notes"

HEADER = [CAMPAIGN, ORGANISATION, MONTH, REGION, CHANNEL, MATERIAL, LANGUAGE, INDICATOR]
TRAILER = [DATA_SOURCE, VERIFICATION, NOTES]
REQUIRED = [CAMPAIGN, ORGANISATION, MONTH, REGION, CHANNEL, INDICATOR, TOTAL]
# Header fields: every row of one report must agree on these.
REPORT_FIELDS = [MATERIAL, LANGUAGE, DATA_SOURCE, VERIFICATION, NOTES]
SEX_LABELS = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.UNKNOWN: "Unknown"}
SEP = "·"


def normalise(header) -> str:
    return " ".join(str(header or "").split()).casefold()


def sex_column(sex: str) -> str:
    return "Unknown (sex)" if sex == Sex.UNKNOWN else SEX_LABELS[sex]


@dataclass
class Layout:
    """Columns in order and, for each breakdown column, its (sex, age band code) cell."""

    columns: list[str]
    cells: dict[str, tuple[str | None, str | None]]
    aliases: dict[str, str] = field(default_factory=dict)  # normalised header -> column

    def column_for(self, header) -> str | None:
        return self.aliases.get(normalise(header))

    def cell_column(self, sex: str | None, band: str | None) -> str | None:
        for column, cell in self.cells.items():
            if cell == (sex, band):
                return column
        return None


def layout(bands: list[tuple[str, str]]) -> Layout:
    """The columns for these age bands [(code, name)] in their order."""
    cells: dict[str, tuple] = {}
    aliases: dict[str, str] = {}
    for sex in SEX_LABELS:
        cells[sex_column(sex)] = (sex, None)
    for code, name in bands:
        cells[name] = (None, code)
        aliases[normalise(code)] = name
    for sex, label in SEX_LABELS.items():
        for code, name in bands:
            cells[f"{label} {name}"] = (sex, code)
            aliases[normalise(f"{label} {code}")] = f"{label} {name}"
    columns = [*HEADER, TOTAL, *cells, *TRAILER]
    aliases.update({normalise(column): column for column in columns})
    aliases[normalise("Unknown")] = sex_column(Sex.UNKNOWN)
    return Layout(columns, cells, aliases)


def code_of(raw) -> str:
    """'SN-DK · Dakar' or 'SN-DK' -> 'SN-DK': dropdown entries carry a readable name."""
    if type(raw) is str:
        return _code_of_text(raw)
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).split(SEP, 1)[0].strip()


@lru_cache(maxsize=4096)
def _code_of_text(raw: str) -> str:  # a file repeats the same few codes on every row
    return raw.split(SEP, 1)[0].strip()


def labelled(code, name) -> str:
    return f"{code} {SEP} {name}"


def blank(raw) -> bool:
    return raw is None or raw == "" or (type(raw) is str and raw.isspace())
