"""The drawing kit of campaigns.reporting.charts: SVG elements placed in the chart's own
direction, text measured and wrapped without a font file, figures formatted with Babel.

Text widths are estimated (0.58 em a character, 1 em for wide CJK ones, 0 for combining marks):
the SVG is drawn on the server, which has no browser to measure with; the estimate errs wide, so
a wrapped label fits. Each text element carries its own base direction (from its first strong
character, as ``dir="auto"`` does), and ``Canvas`` mirrors x on right-to-left pages.
"""

import math
import re
import secrets
import unicodedata
from datetime import date

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_percent
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from campaigns.admin_display import babel_locale, number

DASH = "—"

WIDTH = 360  # viewBox width: at a 360-px screen the text is drawn at its own size
MARGIN = 4
INNER = WIDTH - 2 * MARGIN
FONT = 13  # px, label text
SMALL = 11  # px, axis ticks and month names
LINE = 17  # px between wrapped label lines
BAR = 14
MAX_LABEL_LINES = 3

STYLE = (
    "<style>"
    ".rc-svg{font-family:inherit;font-size:13px;overflow:visible;max-width:32rem}"
    ".rc-text{fill:currentColor}"
    ".rc-value{fill:currentColor;font-weight:600}"
    ".rc-small{fill:var(--w-color-text-meta,var(--muted,currentColor));font-size:11px}"
    ".rc-track{fill:var(--w-color-border-furniture,var(--line,currentColor));opacity:.3}"
    ".rc-grid{stroke:var(--w-color-border-furniture,var(--line,currentColor));stroke-width:1}"
    ".rc-s0{fill:var(--w-color-surface-button-default,var(--accent,currentColor))}"
    ".rc-s1{fill:var(--w-color-text-context,var(--ink,currentColor))}"
    ".rc-s2{fill:none;stroke:currentColor;stroke-width:1.5}"
    ".rc-s3{fill:none;stroke:currentColor;stroke-width:1.5;stroke-dasharray:3 2}"
    ".rc-line{fill:none;stroke:var(--w-color-surface-button-default,var(--accent,currentColor));"
    "stroke-width:2.5}"
    ".rc-target{stroke:currentColor;stroke-width:1.5;stroke-dasharray:5 3}"
    "</style>"
)


# --- Formatting in the active language ------------------------------------------------------


def compact(value) -> str:
    """An axis tick: ``25,5 k``, ``1 Bn``."""
    if abs(value) < 10_000:
        return number(value)
    return format_compact_decimal(value, locale=babel_locale(), fraction_digits=1)


def percent(ratio) -> str:
    return DASH if ratio is None else format_percent(ratio, locale=babel_locale())


def month_name(month: date, pattern: str = "LLLL y") -> str:
    return format_date(month, pattern, locale=babel_locale())


def is_rtl_page() -> bool:
    return translation.get_language_bidi()


# --- Text measurement, wrapping and direction -------------------------------------------------


def text_width(text: str, size: int = FONT) -> float:
    """A rough width in px: wide (CJK) characters 1 em, marks 0, the rest 0.58 em."""
    width = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Cf"):
            continue
        width += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.58
    return width * size


def direction_of(text: str) -> str:
    """The text's own base direction, from its first strong character (as ``dir="auto"``)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "rtl" if is_rtl_page() else "ltr"


def wrap(text: str, width: float, size: int = FONT, max_lines: int = MAX_LABEL_LINES):
    """Lines of at most `width` px, broken between words (inside a word if it must); the last
    line ends with "…" when the text is longer than `max_lines`."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size) > width:  # one word wider than the line
            cut = len(current)
            while cut > 1 and text_width(current[:cut], size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines or [""]


# Characters XML 1.0 forbids (C0 controls but tab and line ends, lone surrogates, U+FFFE/F):
# one in a title would make the whole SVG unreadable as a file.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text) -> str:
    """`text` escaped for SVG, without the characters XML cannot hold."""
    return escape(NOT_XML.sub("", str(text)))


class Canvas:
    """SVG elements in a chart's own direction: x is measured from the chart's start side."""

    def __init__(self):
        self.rtl = is_rtl_page()
        self.parts: list[str] = []

    def x(self, x: float) -> float:
        return WIDTH - x if self.rtl else x

    def rect(self, x: float, y: float, width: float, height: float, cls: str) -> None:
        left = self.x(x + width) if self.rtl else x
        self.parts.append(
            f'<rect class="{cls}" x="{left:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}"/>'
        )

    def line(self, x1, y1, x2, y2, cls: str) -> None:
        self.parts.append(
            f'<line class="{cls}" x1="{self.x(x1):.1f}" y1="{y1:.1f}" x2="{self.x(x2):.1f}" '
            f'y2="{y2:.1f}"/>'
        )

    def text(self, x: float, y: float, text: str, cls: str = "rc-text", at: str = "start"):
        """`text` with its baseline at y; its start-side edge (at="start") or its end-side
        edge (at="end") at x, whatever the text's own direction."""
        own = direction_of(text)
        page = "rtl" if self.rtl else "ltr"
        anchor = at if own == page else ("end" if at == "start" else "start")
        if at == "middle":
            anchor = "middle"
        self.parts.append(
            f'<text class="{cls}" x="{self.x(x):.1f}" y="{y:.1f}" text-anchor="{anchor}" '
            f'direction="{own}">{xml_text(text)}</text>'
        )

    def svg(self, title: str, description: str, height: float) -> SafeString:
        key = "rc-" + secrets.token_hex(4)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="rc-svg" role="img" '
            f'aria-labelledby="{key}-t {key}-d" viewBox="0 0 {WIDTH} {math.ceil(height)}" '
            f'width="100%" preserveAspectRatio="xMidYMin meet" '
            f'direction="{"rtl" if self.rtl else "ltr"}">'
            f'<title id="{key}-t">{xml_text(title)}</title>'
            f'<desc id="{key}-d">{xml_text(description)}</desc>'
        )
        return mark_safe(head + STYLE + "".join(self.parts) + "</svg>")


def nice_top(value: float) -> float:
    """The axis' top: the round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of
    ten) at or above `value`, so the half-way gridline is a round number too."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns
