"""Charts drawn on the server as accessible SVG, each with the same numbers as a table.

Why hand-drawn SVG and not pygal (or a JavaScript library):

- No dependency: pygal would be one more package to keep up to date, for four simple shapes; and
  no JavaScript or CDN at all, so charts show with scripts off and on slow connections.
- Small output: a bar chart of ten countries is about 3 kB; pygal writes its own stylesheet, a
  script tag and tooltips into every chart.
- Our accessibility markup: ``role="img"``, a ``<title>`` and a ``<desc>`` (a sentence naming the
  highest and lowest values) joined by ``aria-labelledby``, and the figures as a real ``<table>``
  beside the picture (``campaigns/reporting/includes/chart.html``).
- 360-px screens and any script: labels sit *above* their bar over the whole width, wrapped on
  words, so a long Pashto campaign title or a French channel name is never cut to a few letters;
  each label gets its own base direction (Arabic and Pashto labels read right to left) and the
  whole chart mirrors on right-to-left pages (bars and time run from the right).
- Colours come from CSS variables (Wagtail's ``--w-color-*`` in the admin, so the dark theme
  works; the public site's ``--accent``/``--ink``) and ``currentColor``; nothing is hard-coded
  black on white.
- Numbers are formatted with Babel for the active language (``1 234`` in French).

Values: a number is drawn and written through ``formatter`` (``number`` by default: Babel, the
active language); None is no figure, never drawn as zero (``formatter(None)``: ``number`` writes
"—", a formatter of one's own must answer None too); a text such as "<10" (open data's
suppressed small counts) is written as it is and never drawn, so a bar cannot give it away.

Every chart function returns a ``Chart``: ``{{ chart }}`` in a template renders the include
(the SVG then the table, or a sentence when there are no figures); ``chart.svg`` is the SVG
alone. Labels are escaped (campaigns.reporting.svg); nothing a user typed is marked safe.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy, ngettext

from campaigns.reporting.months import month_range
from campaigns.reporting.svg import (
    BAR,
    FONT,
    INNER,
    LINE,
    MARGIN,
    SMALL,
    Canvas,
    compact,
    month_name,
    nice_top,
    number,
    percent,
    text_width,
    wrap,
)

TEMPLATE = "campaigns/reporting/includes/chart.html"
NO_FIGURES = gettext_lazy("No figures for this selection.")


@dataclass
class Chart:
    """A drawn chart and its figures as a table (formatted text, headings first)."""

    title: str
    description: str = ""
    svg: SafeString = field(default_factory=SafeString)
    headings: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty_message: str = NO_FIGURES

    @property
    def empty(self) -> bool:
        return not self.svg

    def render(self, details: bool = False) -> SafeString:
        """The include: the SVG then the table (folded in a ``<details>`` if asked)."""
        return render_to_string(TEMPLATE, {"chart": self, "details": details})

    def __html__(self) -> SafeString:
        return self.render()

    __str__ = __html__


def _amount(value) -> float | None:
    """The number to draw, or None: no figure, or a text such as "<10" that is written but not
    drawn (a suppressed small count must not be measurable off its bar)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return float(value)


def _shown(value, formatter) -> str:
    """A value as written in the chart and its table: a text as it is, anything else (None
    too: ``number`` writes a dash) through the formatter."""
    return value if isinstance(value, str) else formatter(value)


def _describe_extremes(kind: str, labelled: list[tuple[str, float]], formatter=number) -> str:
    """The <desc> sentence: how many values, and the highest and lowest."""
    highest = max(labelled, key=lambda pair: pair[1])
    lowest = min(labelled, key=lambda pair: pair[1])
    count = len(labelled)
    sentence = ngettext("%(kind)s, %(count)s value.", "%(kind)s, %(count)s values.", count) % {
        "kind": kind,
        "count": number(count),
    }
    if count == 1:
        extremes = gettext("%(label)s: %(value)s.") % {
            "label": highest[0],
            "value": formatter(highest[1]),
        }
    else:
        extremes = gettext("Highest: %(high_label)s, %(high)s. Lowest: %(low_label)s, %(low)s.") % {
            "high_label": highest[0],
            "high": formatter(highest[1]),
            "low_label": lowest[0],
            "low": formatter(lowest[1]),
        }
    return f"{sentence} {extremes}"


# --- Horizontal bars ---------------------------------------------------------------------------


def bar_chart(
    title: str,
    items: Sequence[tuple[str, float | None]],
    *,
    label_heading: str = "",
    value_heading: str = "",
    description: str = "",
    formatter: Callable = number,
) -> Chart:
    """One horizontal bar per (label, value), the label above its bar and the value at the
    end of the label's line; None = no figure (a dash, no bar), never drawn as zero."""
    items = [(str(label), value) for label, value in items]
    chart = Chart(
        title=str(title),
        headings=[str(label_heading) or gettext("Name"), str(value_heading) or gettext("Value")],
        rows=[[label, _shown(value, formatter)] for label, value in items],
    )
    known = [(label, _amount(value)) for label, value in items if _amount(value) is not None]
    if not known:
        return chart
    chart.description = str(description) or _describe_extremes(
        gettext("Bar chart"), known, formatter
    )
    top = max(value for _, value in known) or 1
    canvas, y = Canvas(), 0.0
    for label, value in items:
        shown, value = _shown(value, formatter), _amount(value)
        room = INNER - text_width(shown) - 10
        lines = wrap(label, room)
        canvas.text(MARGIN + INNER, y + FONT, shown, "rc-value", at="end")
        for line in lines:
            y += LINE
            canvas.text(MARGIN, y - 4, line)
        y += 2
        canvas.rect(MARGIN, y, INNER, BAR, "rc-track")
        if value:
            canvas.rect(MARGIN, y, max(INNER * value / top, 2), BAR, "rc-s0")
        y += BAR + 10
    chart.svg = canvas.svg(chart.title, chart.description, y)
    return chart


# --- Grouped bars (e.g. age band x sex) -------------------------------------------------------


def grouped_bar_chart(
    title: str,
    groups: Sequence[str],
    series: Sequence[str],
    values: Mapping[tuple[int, int], float | None],
    *,
    group_heading: str = "",
    description: str = "",
    formatter: Callable = number,
) -> Chart:
    """For each group (an age band) a thin bar per series (female, male, unknown), told
    apart by fill and outline, not by colour alone, with a legend. ``values`` is keyed by
    (group index, series index); a missing key is no figure (a dash), not zero."""
    groups, series = [str(name) for name in groups], [str(name) for name in series][:4]
    chart = Chart(
        title=str(title),
        headings=[str(group_heading) or gettext("Group"), *series],
        rows=[
            [group, *(_shown(values.get((g, s)), formatter) for s in range(len(series)))]
            for g, group in enumerate(groups)
        ],
    )
    known = [
        (f"{groups[g]}, {series[s]}", _amount(value))
        for (g, s), value in values.items()
        if _amount(value) is not None and g < len(groups) and s < len(series)
    ]
    if not known:
        return chart
    chart.description = str(description) or _describe_extremes(
        gettext("Grouped bar chart"), known, formatter
    )
    top = max(value for _, value in known) or 1
    value_room = max(text_width(_shown(value, formatter)) for value in values.values()) + 8
    canvas, y, x = Canvas(), 0.0, MARGIN
    for s, name in enumerate(series):  # the legend, wrapped onto as many lines as it needs
        width = 18 + text_width(name, SMALL)
        if x > MARGIN and x + width > MARGIN + INNER:
            x, y = MARGIN, y + LINE
        canvas.rect(x + 1, y + 3, 10, 10, f"rc-s{s}")
        canvas.text(x + 15, y + 12, name, "rc-small")
        x += width + 10
    y += LINE + 8
    for g, group in enumerate(groups):
        for line in wrap(group, INNER):
            y += LINE
            canvas.text(MARGIN, y - 4, line)
        for s in range(len(series)):
            value = _amount(values.get((g, s)))
            if value:
                canvas.rect(
                    MARGIN, y + 1, max((INNER - value_room) * value / top, 2), 10, f"rc-s{s}"
                )
            shown = _shown(values.get((g, s)), formatter)
            canvas.text(MARGIN + INNER, y + 10, shown, "rc-small", at="end")
            y += 13
        y += 8
    chart.svg = canvas.svg(chart.title, chart.description, y)
    return chart


# --- Trend per month ---------------------------------------------------------------------------


def fill_months(points: Sequence[tuple[date, float | None]], first: date, last: date):
    """Every month from `first` to `last` (firsts of months), None where `points` has none:
    a month without figures shows as a gap, never as zero."""
    known = {month.replace(day=1): value for month, value in points}
    return [(month, known.get(month)) for month in month_range(first, last)]


def trend_chart(
    title: str,
    points: Sequence[tuple[date, float | None]],
    *,
    kind: str = "column",
    target: float | None = None,
    value_heading: str = "",
    description: str = "",
    formatter: Callable = number,
) -> Chart:
    """Values per month as columns (``kind="column"``) or a line (``kind="line"``, e.g. the
    cumulative achievement of a target), with an optional dashed target line. Months run from
    the start side; names are shortened and thinned out to fit 360 px; None is a gap."""
    points = sorted(((month, value) for month, value in points), key=lambda point: point[0])
    chart = Chart(
        title=str(title),
        headings=[gettext("Month"), str(value_heading) or gettext("Value")],
        rows=[[month_name(month), _shown(value, formatter)] for month, value in points],
    )
    known = [
        (month_name(month), _amount(value)) for month, value in points if _amount(value) is not None
    ]
    if not known:
        return chart
    description = str(description) or _describe_extremes(
        gettext("Line chart") if kind == "line" else gettext("Column chart"), known, formatter
    )
    if target is not None:
        chart.headings.append(gettext("Target"))
        for row in chart.rows:
            row.append(formatter(target))
        description += " " + gettext("Target: %(target)s.") % {"target": formatter(target)}
    chart.description = description
    target = _amount(target)
    top = nice_top(max([value for _, value in known] + [target or 0]))
    plot_top, plot_height = SMALL + 6, 150
    base = plot_top + plot_height
    canvas = Canvas()
    for share in (0, 0.5, 1):  # gridlines with their value written just above them
        y = base - plot_height * share
        canvas.line(MARGIN, y, MARGIN + INNER, y, "rc-grid")
        if share:
            canvas.text(MARGIN, y - 3, compact(top * share), "rc-small")
    slot = INNER / len(points)
    centre = [MARGIN + slot * (index + 0.5) for index in range(len(points))]
    amounts = [_amount(value) for _, value in points]
    heights = [None if value is None else plot_height * value / top for value in amounts]
    if kind == "line":
        segment: list[str] = []
        for x, height in [*zip(centre, heights, strict=True), (0, None)]:
            if height is not None:
                segment.append(f"{canvas.x(x):.1f},{base - height:.1f}")
                if len(points) <= 24:
                    canvas.parts.append(
                        f'<circle class="rc-s0" cx="{canvas.x(x):.1f}" cy="{base - height:.1f}" '
                        f'r="3"/>'
                    )
            elif segment:
                if len(segment) > 1:
                    canvas.parts.append(f'<polyline class="rc-line" points="{" ".join(segment)}"/>')
                segment = []
    else:
        width = min(slot * 0.7, 40)
        for x, height in zip(centre, heights, strict=True):
            if height:
                canvas.rect(x - width / 2, base - height, width, max(height, 1), "rc-s0")
    if target is not None:
        y = base - plot_height * target / top
        canvas.line(MARGIN, y, MARGIN + INNER, y, "rc-target")
        canvas.text(
            MARGIN + INNER,
            y - 4,
            gettext("Target: %(target)s") % {"target": formatter(target)},
            "rc-small",
            at="end",
        )
    names = [month_name(month, "LLL") for month, _ in points]
    step = math.ceil((max(text_width(name, SMALL) for name in names) + 6) / slot)
    year = None
    for index, (month, _) in enumerate(points):
        if index % step == 0:
            canvas.text(centre[index], base + SMALL + 4, names[index], "rc-small", at="middle")
        if month.year != year and (index % step == 0 or len(points) <= 12):
            year = month.year
            canvas.text(centre[index], base + 2 * SMALL + 8, str(month.year), "rc-small", "middle")
    chart.svg = canvas.svg(chart.title, chart.description, base + 2 * SMALL + 12)
    return chart


# --- Progress against a target -----------------------------------------------------------------


def progress_bar(
    title: str,
    achieved: float | None,
    target: float,
    *,
    description: str = "",
    formatter: Callable = number,
) -> Chart:
    """Achieved against a target: the bar, "12 345 of 20 000 (62 %)" and what remains.
    ``achieved=None`` means no figures in the target's period yet: a sentence, not 0 %."""
    ratio = float(achieved) / float(target) if achieved is not None and target else None
    remaining = None if achieved is None else max(target - achieved, 0)
    chart = Chart(
        title=str(title),
        headings=[gettext("Figure"), gettext("Value")],
        rows=[
            [gettext("Achieved"), formatter(achieved)],
            [gettext("Target"), formatter(target)],
            [gettext("Remaining"), formatter(remaining)],
            [gettext("Percentage of target"), percent(ratio)],
        ],
        empty_message=gettext("No figures yet for this target's period."),
    )
    if achieved is None:
        return chart
    summary = gettext("%(achieved)s of %(target)s (%(percent)s)") % {
        "achieved": formatter(achieved),
        "target": formatter(target),
        "percent": percent(ratio),
    }
    rest = gettext("%(remaining)s remaining") % {"remaining": formatter(remaining)}
    chart.description = str(description) or f"{summary}. {rest}."
    canvas, y = Canvas(), 0.0
    for line in wrap(summary, INNER):
        y += LINE
        canvas.text(MARGIN, y - 4, line, "rc-value")
    y += 2
    canvas.rect(MARGIN, y, INNER, BAR + 4, "rc-track")
    filled = INNER if ratio is None else INNER * min(ratio, 1)
    if achieved:
        canvas.rect(MARGIN, y, max(filled, 2), BAR + 4, "rc-s0")
    y += BAR + 4 + LINE
    canvas.text(MARGIN + INNER, y - 4, rest, "rc-small", at="end")
    chart.svg = canvas.svg(chart.title, chart.description, y)
    return chart
