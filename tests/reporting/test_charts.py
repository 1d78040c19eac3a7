"""Server-drawn SVG charts: well-formed, accessible, escaped, localised, and honest about gaps."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from lxml import etree

from campaigns.reporting.charts import (
    bar_chart,
    fill_months,
    grouped_bar_chart,
    progress_bar,
    trend_chart,
)
from campaigns.reporting.svg import INNER, MARGIN, WIDTH, nice_top, text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & \'quoted\' "title"'
PASHTO = "د کابل د ماشومانو د واکسین کمپاین"
NNBSP = "\u202f"  # CLDR's French thousands separator (narrow no-break space)


def parse(chart):
    assert not chart.empty
    return etree.fromstring(str(chart.svg).encode())


def texts(root):
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def rects(root, cls):
    return [node for node in root.iter(f"{SVG}rect") if node.get("class") == cls]


def all_charts():
    return [
        bar_chart("Bars", [("Senegal", 5), ("Guinea", 3)]),
        grouped_bar_chart("Sex and age", ["0-4", "5-17"], ["Female", "Male"], {(0, 0): 4}),
        trend_chart("Trend", [(date(2026, 1, 1), 4), (date(2026, 2, 1), 6)]),
        trend_chart("Cumulative", [(date(2026, 1, 1), 4)], kind="line", target=10),
        progress_bar("Progress", 40, 100),
    ]


@pytest.mark.parametrize("index", range(5))
def test_each_chart_is_an_accessible_scalable_svg(index):
    chart = all_charts()[index]
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith(f"0 0 {WIDTH} ")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == chart.title and desc.text == chart.description
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    # Colours come from the page (CSS variables, currentColor), never fixed black on white.
    style = root.find(f"{SVG}style").text
    assert "var(--w-color-surface-button-default" in style and "currentColor" in style
    assert "#000" not in style and "fill=" not in str(chart.svg)


def test_two_charts_on_one_page_have_different_ids():
    first, second = (parse(bar_chart("Same", [("a", 1)])) for _ in range(2))
    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")


def test_hostile_titles_and_labels_are_text_not_markup():
    chart = bar_chart(HOSTILE, [(HOSTILE, 1), ("Guinea", 2)], description=HOSTILE)
    root = parse(chart)
    assert root.find(f"{SVG}title").text == HOSTILE
    assert root.find(f"{SVG}desc").text == HOSTILE
    assert not list(root.iter("script", f"{SVG}script"))
    assert "<script>" not in str(chart.svg)
    html = chart.render()
    assert "<script>" not in html and "&lt;script&gt;" in html
    grouped = grouped_bar_chart(HOSTILE, [HOSTILE], [HOSTILE], {(0, 0): 1})
    assert HOSTILE in texts(parse(grouped))
    assert "<script>" not in grouped.render()


def test_characters_xml_cannot_hold_are_dropped():
    root = parse(bar_chart("Reach\x00\x0b", [("Org\x1fname\ud800", 1)]))
    assert root.find(f"{SVG}title").text == "Reach" and "Org name" in texts(root)  # \x1f: a space


@pytest.mark.parametrize(
    "chart",
    [
        bar_chart("Nothing", []),
        bar_chart("Nothing known", [("Senegal", None)]),
        grouped_bar_chart("Nothing", ["0-4"], ["Female"], {}),
        trend_chart("Nothing", fill_months([], date(2026, 1, 1), date(2026, 3, 1))),
    ],
    ids=["bars", "bars-unknown", "grouped", "trend"],
)
def test_no_figures_is_a_sentence_not_a_broken_svg(chart):
    assert chart.empty and chart.svg == ""
    html = chart.render()
    assert "No figures for this selection." in html
    assert "<svg" not in html and "<table" not in html


def test_the_table_holds_the_same_numbers_with_the_title_as_caption():
    chart = bar_chart(
        "Reach by country",
        [("Senegal", 1234), ("Guinea", None)],
        label_heading="Country",
        value_heading="People reached",
    )
    rendered = Template("{{ chart }}").render(Context({"chart": chart}))
    table = etree.fromstring(rendered[rendered.index("<table") : rendered.index("</table>") + 8])
    assert table.findtext("caption") == "Reach by country"
    assert ["".join(th.itertext()) for th in table.iter("th")][:2] == ["Country", "People reached"]
    assert [["".join(cell.itertext()) for cell in row] for row in table.iter("tr")][1:] == [
        ["Senegal", "1,234"],
        ["Guinea", "—"],
    ]
    assert rendered.index("<svg") < rendered.index("<table")
    assert "<details" in chart.render(details=True) and "<details" not in rendered


def test_numbers_are_written_as_the_reader_writes_them():
    with translation.override("fr"):
        chart = bar_chart("Portée", [("Sénégal", 1234), ("Afghanistan", 10**12)])
        month = trend_chart("Tendance", [(date(2026, 1, 1), 2500)])
    assert f"1{NNBSP}234" in texts(parse(chart))
    assert f"1{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000" in texts(parse(chart))
    assert chart.rows[0] == ["Sénégal", f"1{NNBSP}234"]
    assert "janv." in texts(parse(month)) and month.rows == [["janvier 2026", f"2{NNBSP}500"]]
    with translation.override("en"):
        assert "1,234" in texts(parse(bar_chart("Reach", [("Senegal", 1234)])))


def test_huge_value_fills_the_width_and_small_ones_stay_visible():
    root = parse(bar_chart("Reach", [("Big", 1e12), ("Small", 1), ("Zero", 0)]))
    widths = [float(rect.get("width")) for rect in rects(root, "rc-s0")]
    assert widths == [INNER, 2.0]  # the zero draws no bar; its "0" is still written
    assert "0" in texts(root)
    assert len(rects(root, "rc-track")) == 3


def test_one_value_and_all_zeros():
    one = bar_chart("Reach", [("Senegal", 7)])
    assert one.description == "Bar chart, 1 value. Senegal: 7."
    zeros = parse(bar_chart("Reach", [("Senegal", 0), ("Guinea", 0)]))
    assert rects(zeros, "rc-s0") == [] and texts(zeros).count("0") == 2


def test_description_names_highest_and_lowest():
    chart = bar_chart("Reach", [("Senegal", 50), ("Guinea", 3), ("Mali", 20)])
    assert "Highest: Senegal, 50" in chart.description
    assert "Lowest: Guinea, 3" in chart.description


def test_long_labels_wrap_within_the_width_on_words():
    label = "Campagne de vaccination contre la rougeole dans les régions de Kolda et Sédhiou " * 3
    lines = wrap(label.strip(), 300)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line) <= 300 for line in lines)
    assert wrap("Short", 300) == ["Short"]
    assert all(text_width(line) <= 100 for line in wrap("x" * 80, 100))


def test_right_to_left_label_keeps_its_direction_on_a_left_to_right_page():
    root = parse(bar_chart("Reach", [(PASHTO, 5), ("Senegal", 3)]))
    by_text = {"".join(node.itertext()): node for node in root.iter(f"{SVG}text")}
    pashto = next(node for text, node in by_text.items() if text in PASHTO)
    assert pashto.get("direction") == "rtl"
    # Its left edge sits at the chart's left margin, like the Latin label's.
    assert (pashto.get("x"), pashto.get("text-anchor")) == (f"{MARGIN:.1f}", "end")
    assert (by_text["Senegal"].get("x"), by_text["Senegal"].get("text-anchor")) == (
        f"{MARGIN:.1f}",
        "start",
    )


def test_right_to_left_page_mirrors_the_chart():
    with translation.override("ps"):
        root = parse(bar_chart("Reach", [(PASHTO, 5), ("Senegal", 5)]))
    assert root.get("direction") == "rtl"
    for bar in rects(root, "rc-s0"):  # bars grow from the right
        assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(WIDTH - MARGIN)
    starts = {
        node.get("direction"): (node.get("x"), node.get("text-anchor"))
        for node in root.iter(f"{SVG}text")
        if node.get("class") == "rc-text"
    }
    assert starts == {"rtl": (f"{WIDTH - MARGIN:.1f}", "start"), "ltr": ("356.0", "end")}


def test_trend_shows_missing_months_as_gaps_not_zero():
    points = fill_months(
        [(date(2026, 1, 15), 10), (date(2026, 3, 1), 0)], date(2025, 12, 1), date(2026, 3, 1)
    )
    assert points == [
        (date(2025, 12, 1), None),
        (date(2026, 1, 1), 10),
        (date(2026, 2, 1), None),
        (date(2026, 3, 1), 0),
    ]
    chart = trend_chart("Trend", points, target=40)
    root = parse(chart)
    assert len(rects(root, "rc-s0")) == 1  # January only: no column for gaps or the zero
    assert [row[1] for row in chart.rows] == ["—", "10", "—", "0"]
    assert chart.headings[-1] == "Target" and chart.rows[0][-1] == "40"
    assert "Target: 40" in texts(root) and "2025" in texts(root) and "2026" in texts(root)


def test_line_trend_breaks_at_gaps():
    points = [(date(2026, m, 1), v) for m, v in [(1, 1), (2, 2), (3, None), (4, 4), (5, 5)]]
    root = parse(trend_chart("Cumulative", points, kind="line"))
    lines = list(root.iter(f"{SVG}polyline"))
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len(list(root.iter(f"{SVG}circle"))) == 4


def test_axis_top_is_a_round_number():
    assert [nice_top(v) for v in (0, 7, 30_000, 31_000, 10**12)] == [1, 8, 30_000, 40_000, 10**12]


def test_grouped_bars_keep_series_apart_and_missing_cells_as_dashes():
    chart = grouped_bar_chart(
        "Sex and age",
        ["0-4", "5-17"],
        ["Female", "Male", "Unknown"],
        {(0, 0): 10, (0, 1): 12, (1, 2): 3},
        group_heading="Age band",
    )
    root = parse(chart)
    assert chart.headings == ["Age band", "Female", "Male", "Unknown"]
    assert chart.rows == [["0-4", "10", "12", "—"], ["5-17", "—", "—", "3"]]
    assert {"Female", "Male", "Unknown"} <= set(texts(root))  # the legend
    assert len(rects(root, "rc-s0")) == 2 and len(rects(root, "rc-s2")) == 2  # bar + swatch


def test_progress_against_a_target():
    with translation.override("fr"):
        chart = progress_bar("Cible", 12345, 20000)
    root = parse(chart)
    bar = rects(root, "rc-s0")[0]
    assert float(bar.get("width")) == pytest.approx(INNER * 12345 / 20000, abs=0.1)
    assert chart.description.startswith(f"12{NNBSP}345")
    assert [row[1] for row in chart.rows] == [
        f"12{NNBSP}345",
        f"20{NNBSP}000",
        f"7{NNBSP}655",
        "62\xa0%",
    ]


def test_progress_beyond_the_target_fills_the_bar_and_remains_zero():
    chart = progress_bar("Target", 125, 100)
    assert float(rects(parse(chart), "rc-s0")[0].get("width")) == INNER
    assert [row[1] for row in chart.rows] == ["125", "100", "0", "125%"]


def test_progress_without_figures_says_so_never_zero():
    chart = progress_bar("Target", None, 100)
    assert chart.empty
    assert [row[1] for row in chart.rows] == ["—", "100", "—", "—"]
    assert "No figures yet for this target" in chart.render()


def test_a_suppressed_small_count_is_written_but_never_drawn():
    # Open data writes "<10" for small cells: the bar's length must not give the count away.
    chart = bar_chart("Open data", [("Senegal", 1200), ("Guinea", "<10")])
    root = parse(chart)
    assert "<10" in texts(root) and "&lt;10" in str(chart.svg)
    assert len(rects(root, "rc-s0")) == 1
    assert chart.rows[1] == ["Guinea", "<10"]
    assert "Guinea" not in chart.description
    trend = trend_chart("Open data", [(date(2026, 1, 1), "<10"), (date(2026, 2, 1), 50)])
    assert len(rects(parse(trend), "rc-s0")) == 1 and trend.rows[0][1] == "<10"


def test_decimal_values_and_a_formatter_of_ones_own():
    def euros(value):
        return "n/a" if value is None else f"{value:.2f} €"

    chart = bar_chart("Cost per person", [("EU", Decimal("1.25")), ("BE", None)], formatter=euros)
    assert chart.rows == [["EU", "1.25 €"], ["BE", "n/a"]]
    assert "1.25 €" in texts(parse(chart)) and "EU: 1.25 €." in chart.description


def test_progress_with_huge_figures_wraps_within_the_width():
    chart = progress_bar("Target", 10**15, 3 * 10**15)
    lines = [node for node in parse(chart).iter(f"{SVG}text") if node.get("class") == "rc-value"]
    assert len(lines) == 2
    assert all(text_width("".join(line.itertext())) <= INNER for line in lines)
