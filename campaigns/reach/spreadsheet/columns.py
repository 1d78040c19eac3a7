"""The sheet's columns, shared by the template, the readers and the importer.

Headers are English and stable (files travel between users of different languages); the
Instructions sheet explains them in the reader's language. Breakdown columns follow the age
bands: "Female", "Male", "Unknown (sex)" for indicators split by sex only; one column per band
("Age 15-24") for age only; "Female 15-24"... for both.

Headers must survive a spreadsheet program: LibreOffice and Gnumeric read a CSV cell "35+" as
the number 35, so a band's own column is "Age 35+", never the bare name. Files made from older
templates ("35+", "15-24", the band's code) are still read, and so is what the programs made of
a bare band name (35, 35.0, "35"), where that names one band only.
"""

import re
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
    if isinstance(header, float) and header.is_integer():
        header = int(header)  # a header a spreadsheet program turned into a number
    if isinstance(header, bool) or header is None:
        header = ""
    return " ".join(str(header).split()).casefold()


def band_column(name: str) -> str:
    """The column of an age band alone: "Age 35+" stays text in every spreadsheet program."""
    return f"Age {name}"


# "35+" -> 35: what LibreOffice and Gnumeric make of a bare band name in a CSV header.
PROGRAM_NUMBER = re.compile(r"^\s*(\d+)\s*\+\s*$")


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
        cells[band_column(name)] = (None, code)
    for sex, label in SEX_LABELS.items():
        for code, name in bands:
            cells[f"{label} {name}"] = (sex, code)
            aliases[normalise(f"{label} {code}")] = f"{label} {name}"
    columns = [*HEADER, TOTAL, *cells, *TRAILER]
    # Older templates' names (the band's name or code alone), where they name nothing else;
    # then what spreadsheet programs made of a name like "35+" (35), where only one band does.
    names = {normalise(column) for column in columns} | set(aliases)
    older: dict[str, set[str]] = {}
    for code, name in bands:
        for header in (name, code, band_column(code)):
            older.setdefault(normalise(header), set()).add(band_column(name))
    numbers: dict[str, set[str]] = {}
    for _code, name in bands:
        if match := PROGRAM_NUMBER.match(name):
            numbers.setdefault(match[1], set()).add(band_column(name))
    for found in (older, numbers):
        for header, meant in found.items():
            if len(meant) == 1 and header not in names:
                aliases[header] = next(iter(meant))
                names.add(header)
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
