"""The dashboard's progress against targets (campaigns.reporting.figures.target_progress): a
row per target with its figures as text and a bar drawn in CSS, and, when few targets are in
view, each one's progress over time (a chart per target would make a long page heavy)."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext

from campaigns.reporting import charts, figures
from campaigns.reporting.charts import Chart
from campaigns.reporting.svg import number, percent

MAX_TARGET_CHARTS = 3  # progress over time drawn when the view has this many targets or fewer


def month_label(month) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT") if month else ""


def period_label(start, end) -> str:
    if start and end:
        return f"{month_label(start)} – {month_label(end)}"
    if start:
        return gettext("from %(month)s") % {"month": month_label(start)}
    if end:
        return gettext("until %(month)s") % {"month": month_label(end)}
    return gettext("Whole campaign")


@dataclass
class TargetView:
    """A target's row: the figures as text, the bar's width for CSS (not localised: "78.5")."""

    progress: figures.TargetProgress
    title: str
    period: str
    over_time: Chart | None = None

    @property
    def target_text(self) -> str:
        return number(self.progress.target.value)

    @property
    def achieved_text(self) -> str:
        return number(self.progress.achieved)

    @property
    def remaining_text(self) -> str:
        return number(self.progress.remaining)

    @property
    def percent_text(self) -> str:
        p = self.progress.percent
        return percent(None if p is None else p / 100)

    @property
    def bar_width(self) -> str:
        return f"{min(self.progress.percent or 0, 100):.1f}"


def target_views(reader, flt) -> list[TargetView]:
    """The targets of the campaigns in view, drawn over time only when they are few."""
    progress = figures.target_progress(reader, flt)
    draw = len(progress) <= MAX_TARGET_CHARTS
    return [target_view(p, draw) for p in progress]


def target_view(progress: figures.TargetProgress, draw: bool) -> TargetView:
    """A target's row; its progress over time drawn (line and table) when `draw`."""
    target = progress.target
    title = gettext("%(campaign)s: %(indicator)s") % {
        "campaign": target.campaign.title,
        "indicator": f"{target.indicator.name} ({target.indicator.unit_label})",
    }
    view = TargetView(progress, title, period_label(target.period_start, target.period_end))
    if draw and progress.by_month:
        view.over_time = charts.trend_chart(
            gettext("%(target)s, achieved over time") % {"target": title},
            progress.by_month,
            kind="line",
            target=target.value,
            value_heading=gettext("Achieved"),
        )
    return view
