"""Rules on single values, pure functions without the database: counts, months, breakdowns."""

import datetime
import math
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from campaigns.reach.models import Sex

from .data import BREAKDOWN, CELL, Problem, ValueData

MAX_COUNT = 2**63 - 1  # PositiveBigIntegerField
MAX_DIGITS = len(str(MAX_COUNT))  # 19: longer text is refused before int() reads it
# Plain ASCII digits only: not "1e3", "３" (fullwidth), "٣" (Arabic-Indic), "1,200" or "1 200"
# (thousands separators differ by language and are refused, as the message says), nor "3.0".
DIGITS = re.compile(r"[0-9]+")
SEXES = frozenset(Sex.values)  # (Sex.values builds a list on each call)


def parse_count(raw) -> tuple[int | None, str | None]:
    """A whole non-negative number from an int, a text of plain ASCII digits (surrounding spaces
    allowed) or an integral float/Decimal (a spreadsheet's number cell). The same rule for the
    form, the spreadsheet import and the API."""
    if type(raw) is int and 0 <= raw <= MAX_COUNT:  # the common case, first: files are large
        return raw, None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, _("Give a number.")
    if isinstance(raw, bool):
        return None, _("Give a whole number, not yes/no.")
    if isinstance(raw, str):
        text = raw.strip()
        negative = text.startswith("-")
        digits = text[1:] if negative else text
        if not DIGITS.fullmatch(digits):
            return None, _("Give a whole number written with digits only, e.g. 1200.")
        if negative:
            return None, _("A count cannot be negative.")
        if len(digits.lstrip("0")) > MAX_DIGITS:  # before int(): 5,000 digits would raise
            return None, _("This number is too large to be a count.")
        raw = int(digits)
    if isinstance(raw, float | Decimal):
        if not (raw.is_finite() if isinstance(raw, Decimal) else math.isfinite(raw)):
            return None, _("Give a whole number: people and items are counted, not measured.")
        if not -MAX_COUNT <= raw <= MAX_COUNT:  # before int(): Decimal("1e999999999") is huge
            return None, _("This number is too large to be a count.")
        if raw != int(raw):
            return None, _("Give a whole number: people and items are counted, not measured.")
        raw = int(raw)
    if not isinstance(raw, int):
        return None, _("Give a whole number.")
    if raw < 0:
        return None, _("A count cannot be negative.")
    if raw > MAX_COUNT:
        return None, _("This number is too large to be a count.")
    return raw, None


def parse_month(raw) -> tuple[datetime.date | None, str | None]:
    """The first day of a month from a date, a datetime or 'YYYY-MM' / 'YYYY-MM-01'."""
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, str):
        text = raw.strip()
        try:
            raw = datetime.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
        except ValueError:
            return None, _("Give the month as YYYY-MM, e.g. 2026-03.")
    if not isinstance(raw, datetime.date):
        return None, _("Give the month as YYYY-MM, e.g. 2026-03.")
    if raw.day != 1:
        return None, _("Give a month (its first day), not a date within it.")
    return raw, None


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_problem(month, today, start, end) -> str | None:
    """Past months only: not the current one, which has not ended (its figures are not
    complete), nor a later one; and none outside the campaign's dates (where it has them)."""
    if month >= first_of_month(today):
        return _("%(month)s has not ended yet: report past months only.") % {
            "month": f"{month:%Y-%m}"
        }
    if start and month < first_of_month(start):
        return _("The campaign starts in %(start)s.") % {"start": f"{start:%Y-%m}"}
    if end and month > end:
        return _("The campaign ended in %(end)s.") % {"end": f"{end:%Y-%m}"}
    return None


def breakdown_problems(code, indicator, value: ValueData, total, age_bands) -> list[Problem]:
    """Cells only along the indicator's splits, each once, adding up to the total."""
    problems, seen, cell_sum = [], set(), 0

    def wrong(cell, given, message, problem_code):
        problems.append(
            Problem.at(
                code, CELL, given, message, problem_code, sex=cell.sex, age_band=cell.age_band
            )
        )

    for cell in value.breakdown:
        sex, band = cell.sex, cell.age_band
        if sex is not None and not indicator.by_sex:
            wrong(cell, sex, _("This indicator is not split by sex."), "no_sex_split")
        elif sex is not None and sex not in SEXES:
            wrong(cell, sex, _("Sex is female, male or unknown."), "bad_sex")
        elif sex is None and indicator.by_sex:
            wrong(cell, None, _("Each cell needs a sex (or 'unknown')."), "sex_missing")
        if band is not None and not indicator.by_age:
            wrong(cell, band, _("This indicator is not split by age."), "no_age_split")
        elif band is not None and band not in age_bands:
            wrong(cell, band, _("Unknown age band."), "bad_age_band")
        elif band is None and indicator.by_age:
            wrong(cell, None, _("Each cell needs an age band."), "age_missing")
        if (sex, band) in seen:
            label = "/".join(str(part) for part in (sex, band) if part) or "-"
            wrong(cell, label, _("This cell is given twice."), "cell_twice")
        seen.add((sex, band))
        count, message = parse_count(cell.count)
        if message:
            wrong(cell, cell.count, message, "not_a_count")
        else:
            cell_sum += count
    if not problems and value.breakdown and total is not None and cell_sum != total:
        problems.append(
            Problem.at(
                code,
                BREAKDOWN,
                cell_sum,
                _("The breakdown adds up to %(sum)s, not to the total %(total)s.")
                % {"sum": cell_sum, "total": total},
                "breakdown_sum",
            )
        )
    return problems
