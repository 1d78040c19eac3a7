"""The public open-data page (``/<lang>/open-data/``) and its CSV and HXL files, for everyone.

The figures and what is hidden come from campaigns.reporting.open_data; this module lays them
out: a GET form (country, year, indicator) that works without JavaScript, a table of every
indicator's total (each on its own row, never added), then the chosen indicator per country,
campaign, channel and month, each as an SVG chart drawn on the server (campaigns.reporting.charts)
with the same figures as a table beside it. The files hold the detail cells of every indicator.
"""

from django.contrib.sitemaps import Sitemap
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy

from campaigns.reach.models import Aggregation
from campaigns.reporting import charts, tables
from campaigns.reporting.open_data import (
    SECONDARY_MARK,
    THRESHOLD,
    Figure,
    OpenData,
    Published,
    build,
)
from campaigns.reporting.svg import month_name, number
from cms.db_routers import reading_from_replica

FILE_FORMATS = ("csv", "hxl")
# How a total over several months is made, when it is not their sum.
RULES = {
    Aggregation.LATEST: gettext_lazy("total of the latest month"),
    Aggregation.MAXIMUM: gettext_lazy("total of the highest month"),
}


def _formatter(shown: list[Figure]):
    """Chart values: numbers, and each hidden one's own mark ("<10" or "hidden"). The chart
    functions pass None for a hidden figure, in the items' order, once per use (table rows,
    then bar labels), so the marks are handed out in that order, round and round."""
    marks = [str(figure) for figure in shown if figure.hidden]
    calls = [0]

    def format_value(value):
        if value is not None or not marks:
            return number(value)
        mark = marks[calls[0] % len(marks)]
        calls[0] += 1
        return mark

    return format_value


def _section(data: OpenData, published: Published, dimension: str):
    """One breakdown of the chosen indicator: a chart and its rows (label, attributes, figure)."""
    figures = published.by[dimension]
    rows = []
    if dimension == "country":
        for pk, figure in figures.items():
            rows.append((data.countries[pk].localized_name(), "", figure))
        rows.sort(key=lambda row: row[0])
        heading, label_heading = gettext("By country"), gettext("Country")
    elif dimension == "campaign":
        for pk, figure in figures.items():
            title = data.campaign_title(pk)
            country = data.countries[data.campaigns[pk].country_id].localized_name()
            rows.append((title, country, figure))
        rows.sort(key=lambda row: (row[1], str(row[0])))
        heading, label_heading = gettext("By campaign"), gettext("Campaign")
    elif dimension == "channel":
        for pk, figure in figures.items():
            channel = data.channels.get(pk)
            name = data.translated(channel, "name") if channel else "—"
            rows.append((name, channel.sort_order if channel else 0, figure))
        rows.sort(key=lambda row: (row[1], str(row[0])))
        rows = [(name, "", figure) for name, _order, figure in rows]
        heading, label_heading = gettext("By channel"), gettext("Channel")
    else:
        rows = [(month_name(month), "", figures[month]) for month in sorted(figures)]
        heading, label_heading = gettext("By month"), gettext("Month")
    name = str(data.translated(published.indicator, "name"))
    title = f"{name} – {heading}"
    shown = [figure for _label, _extra, figure in rows]
    if dimension == "month":
        points = [(month, figures[month].shown) for month in sorted(figures)]
        chart = charts.trend_chart(title, points, formatter=_formatter(shown), value_heading=name)
    else:
        items = [(str(label), figure.shown) for label, _extra, figure in rows]
        chart = charts.bar_chart(
            title,
            items,
            label_heading=label_heading,
            value_heading=name,
            formatter=_formatter(shown),
        )
    return {
        "id": dimension,
        "heading": heading,
        "label_heading": label_heading,
        "with_country": dimension == "campaign" and data.selection.country is None,
        "chart": chart,
        "rows": rows,
    }


def _context(request, data: OpenData) -> dict:
    selection = data.selection
    base = reverse("open_data")
    summary = []
    for indicator in data.indicators:
        published = data.published.get(indicator.pk)
        summary.append(
            {
                "name": data.translated(indicator, "name"),
                "unit": indicator.unit_label,
                "category": data.category(indicator),
                "rule": RULES.get(indicator.aggregation, ""),
                "total": published.total if published else None,
                "url": base + "?" + urlencode(selection.query_items(indicator=indicator.code)),
                "current": indicator == selection.indicator,
            }
        )
    chosen = data.published.get(selection.indicator.pk) if selection.indicator else None
    sections = []
    if chosen is not None:
        dimensions = ("campaign", "channel", "month")
        if selection.country is None:
            dimensions = ("country", *dimensions)
        sections = [_section(data, chosen, dimension) for dimension in dimensions]
    query = urlencode(selection.query_items())
    every = urlencode(selection.query_items(indicator="all"))
    countries = sorted(
        ((c.code, c.localized_name()) for c in data.countries.values()), key=lambda c: c[1]
    )
    return {
        "data": data,
        "selection": selection,
        "countries": countries,
        "indicator_choices": [
            (i.code, data.translated(i, "name"), i == selection.indicator) for i in data.indicators
        ],
        "summary": summary,
        "chosen": chosen,
        "chosen_name": data.translated(selection.indicator, "name") if selection.indicator else "",
        "chosen_definition": data.translated(selection.indicator, "definition")
        if selection.indicator
        else "",
        "sections": sections,
        "csv_url": reverse("open_data_download", args=["csv"]) + "?" + query,
        "hxl_url": reverse("open_data_download", args=["hxl"]) + "?" + query,
        "csv_all_url": reverse("open_data_download", args=["csv"]) + "?" + every,
        "hxl_all_url": reverse("open_data_download", args=["hxl"]) + "?" + every,
        "threshold": THRESHOLD,
    }


def open_data(request):
    with reading_from_replica():  # public, validated figures: a moment's lag is fine
        data = build(request.GET)
    return TemplateResponse(request, "campaigns/open_data.html", _context(request, data))


def file_table(data: OpenData) -> tables.Table:
    """Every indicator's detail cells: one row per country, campaign, channel, month and
    indicator, hidden figures as "<10" or "x"."""
    Column = tables.Column
    columns = [
        Column("country_code", gettext("Country code"), "#country+code"),
        Column("country", gettext("Country"), "#country+name"),
        Column("campaign_code", gettext("Campaign code"), "#activity+code"),
        Column("campaign", gettext("Campaign"), "#activity+name"),
        Column("channel_code", gettext("Channel code"), "#channel+code"),
        Column("channel", gettext("Channel"), "#channel+name"),
        Column("month", gettext("Month"), "#date+month", kind="month"),
        Column("indicator_code", gettext("Indicator code"), "#indicator+code"),
        Column("indicator", gettext("Indicator"), "#indicator+name"),
        Column("category", gettext("Kind of figure"), "#indicator+type"),
        Column("value", gettext("Value"), "#indicator+value"),
    ]
    rows = []
    campaigns = {}  # each name worked out once, not once per row
    for pk, campaign in data.campaigns.items():
        country = data.countries[campaign.country_id]
        campaigns[pk] = {
            "country_code": country.code,
            "country": country.localized_name(),
            "campaign_code": campaign.code,
            "campaign": str(data.campaign_title(pk)),
        }
    channels = {
        pk: {"channel_code": channel.code, "channel": str(data.translated(channel, "name"))}
        for pk, channel in data.channels.items()
    }
    no_channel = {"channel_code": "", "channel": ""}
    for indicator in data.indicators:
        published = data.published.get(indicator.pk)
        if published is None:
            continue
        about = {
            "indicator_code": indicator.code,
            "indicator": str(data.translated(indicator, "name")),
            "category": data.category(indicator),
        }
        for (campaign_pk, channel_pk, month), figure in published.cells.items():
            rows.append(
                {
                    **campaigns[campaign_pk],
                    **channels.get(channel_pk, no_channel),
                    "month": month,
                    **about,
                    "value": figure.in_file(),
                }
            )
    rows.sort(key=lambda r: (r["country"], r["campaign"], r["channel"], r["month"], r["indicator"]))
    return tables.Table(gettext("Reach of the campaigns: open data"), columns, rows)


def file_notes(data: OpenData) -> list[tuple[str, str]]:
    figures = ", ".join(str(data.translated(i, "name")) for i in data.indicators)
    return [
        *data.selection.describe(),
        (gettext("Indicator"), figures if len(data.indicators) == 1 else gettext("All")),
        (f"<{THRESHOLD}", gettext("fewer than %(n)s (0 to %(m)s)") % {"n": THRESHOLD, "m": 9}),
        (
            SECONDARY_MARK,
            gettext("hidden so that a figure under %(n)s cannot be worked out from the totals")
            % {"n": THRESHOLD},
        ),
        (
            gettext("Note"),
            gettext("Each row is one indicator: never add different indicators together."),
        ),
    ]


def open_data_download(request, fmt):
    if fmt not in FILE_FORMATS:
        raise Http404
    with reading_from_replica():
        data = build(request.GET, for_file=True)
    selection = data.selection
    parts = ["open-data", str(selection.year) if selection.year else "all-years"]
    if selection.country:
        parts.append(selection.country.code)
    parts.append(data.indicators[0].code if len(data.indicators) == 1 else "all-figures")
    return tables.download(file_table(data), file_notes(data), fmt, "-".join(parts))


class OpenDataSitemap(Sitemap):
    """The open-data page in every content language, each listing the others."""

    i18n = True
    alternates = True
    changefreq = "monthly"

    def items(self):
        return ["open_data"]

    def location(self, item):
        return reverse(item)
