"""The figures part of the report forms: a total per indicator and its disaggregation grid.

`FigureGrid` decides which inputs a form gets (`value__<code>__total`, one per breakdown cell),
turns what was typed into the rules' `ValueData` and sends each `Problem` back to the input it
is about, from its structured place (`indicator`, `part`, `sex`, `age_band`: people-reached,
cell, female, 15-24 -> that cell), never by reading its `field` text. The entry form and the
correction form share it, so both show the same grid with the same checks.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.reach.models import AgeBand, Indicator, ReachBreakdown, ReachValue, Sex, Target
from campaigns.reach.rules import Cell, Problem, ValueData
from campaigns.reach.rules.data import CELL

PREFIX = "value__"
ANY = "all"  # stands for "not split" in a cell's field name


def total_name(code: str) -> str:
    return f"{PREFIX}{code}__total"


def cell_name(code: str, sex: str | None, band: str | None) -> str:
    return f"{PREFIX}{code}__{sex or ANY}__{band or ANY}"


@dataclass
class GridRow:
    label: str
    names: list[str]


@dataclass
class IndicatorBlock:
    """One indicator's inputs, in the order they are shown."""

    indicator: Indicator
    total: str
    columns: list[str]
    rows: list[GridRow]
    in_campaign: bool = False
    cells: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [self.total, *self.cells]


class FigureGrid:
    """The active indicators and age bands as form inputs (2 queries, 3 with a campaign)."""

    def __init__(self, campaign_id=None, indicators=None):
        self.bands = list(AgeBand.objects.all())
        indicators = list(
            indicators if indicators is not None else Indicator.objects.filter(active=True)
        )
        targeted = set()
        if campaign_id:
            targeted = set(
                Target.objects.filter(campaign_id=campaign_id).values_list(
                    "indicator_id", flat=True
                )
            )
        self.blocks = [self._block(indicator, indicator.pk in targeted) for indicator in indicators]
        # The campaign's own indicators (those with a target) first, the others after.
        self.blocks.sort(key=lambda block: not block.in_campaign)
        self.by_code = {block.indicator.code: block for block in self.blocks}
        # (indicator code, sex, age band code) -> the cell's input
        self.by_cell = {
            (block.indicator.code, *cell): name
            for block in self.blocks
            for name, cell in block.cells.items()
        }

    def _block(self, indicator, in_campaign) -> IndicatorBlock:
        code = indicator.code
        sexes = list(Sex) if indicator.by_sex else [None]
        bands = self.bands if indicator.by_age else [None]
        block = IndicatorBlock(
            indicator=indicator,
            total=total_name(code),
            columns=[band.name for band in bands] if indicator.by_age else [_("Count")],
            rows=[],
            in_campaign=in_campaign,
        )
        if not (indicator.by_sex or indicator.by_age):
            return block
        for sex in sexes:
            names = []
            for band in bands:
                band_code = band.code if band else None
                name = cell_name(code, sex.value if sex else None, band_code)
                block.cells[name] = (sex.value if sex else None, band_code)
                names.append(name)
            block.rows.append(GridRow(sex.label if sex else _("All"), names))
        return block

    @property
    def has_campaign_split(self) -> bool:
        return any(block.in_campaign for block in self.blocks) and not all(
            block.in_campaign for block in self.blocks
        )

    def form_fields(self) -> dict[str, forms.Field]:
        """Text inputs: the rules, not the form, say what is wrong with what was typed."""
        fields = {}
        for block in self.blocks:
            indicator = block.indicator
            fields[block.total] = self._input(
                _("%(indicator)s: total") % {"indicator": indicator.name}, "reach-total"
            )
            for name, (sex, band) in block.cells.items():
                sex_label = Sex(sex).label if sex else None  # the word, not the code
                label = " · ".join(str(part) for part in (indicator.name, sex_label, band) if part)
                fields[name] = self._input(label, "reach-cell")
        return fields

    @staticmethod
    def _input(label, role) -> forms.CharField:
        attrs = {"inputmode": "numeric", "autocomplete": "off", "aria-label": label}
        widget = forms.TextInput(attrs={**attrs, f"data-{role}": ""})
        return forms.CharField(label=label, required=False, max_length=30, widget=widget)

    def values(self, cleaned_data) -> dict[str, ValueData]:
        """What was typed, per indicator; an indicator left entirely empty is not reported."""
        values = {}
        for block in self.blocks:
            total = (cleaned_data.get(block.total) or "").strip()
            cells = [
                Cell(raw, sex, band)
                for name, (sex, band) in block.cells.items()
                if (raw := (cleaned_data.get(name) or "").strip())
            ]
            if total or cells:
                values[block.indicator.code] = ValueData(total, cells)
        return values

    def initial(self, report) -> dict[str, int]:
        """A stored report's figures as initial form data (2 queries)."""
        initial = {}
        if report is None or report.pk is None:
            return initial
        for code, total in ReachValue.objects.filter(report=report).values_list(
            "indicator__code", "total"
        ):
            initial[total_name(code)] = total
        cells = ReachBreakdown.objects.filter(value__report=report).values_list(
            "value__indicator__code", "sex", "age_band__code", "count"
        )
        for code, sex, band, count in cells:
            initial[cell_name(code, sex, band)] = count
        return initial

    def field_for(self, problem: Problem) -> str | None:
        """The input a problem in the figures is about: a cell's, else the indicator's total."""
        block = self.by_code.get(problem.indicator)
        if block is None:
            return None
        if problem.part == CELL:
            return self.by_cell.get((problem.indicator, problem.sex, problem.age_band))
        return block.total


def show_problems(form, grid: FigureGrid, result) -> None:
    """Each error on the input it names (else the form's top), warnings kept for display.

    Warnings (an outlier, a missing breakdown) never block saving: they are kept on
    `form.figure_warnings` ({input name: [message]}) and `form.other_warnings`."""
    for problem in result.errors:
        name = grid.field_for(problem)
        if name is None and problem.field in form.fields:
            name = problem.field
        form.add_error(name, problem.message)
    form.figure_warnings, form.other_warnings = {}, []
    for problem in result.warnings:
        name = grid.field_for(problem)
        if name is None:
            form.other_warnings.append(problem.message)
        else:
            form.figure_warnings.setdefault(name, []).append(problem.message)
