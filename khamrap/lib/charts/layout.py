"""What every chart is built with: numbers as coordinates, scales and ticks, labels measured in
display columns (rules.thai_text) and fitted to their space, and the root <svg> with its title."""

import hashlib
import math
from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from khamrap.rules.thai_text import display_width, truncate

from .style import EM_PER_COLUMN, FONT_FAMILY, INK


def to_decimal(value: object) -> Decimal | None:
    """A Decimal from a Decimal, int, float or string ("" and None mean no value)."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        # Through str so that 4.1 (a float) becomes Decimal("4.1"), not 4.0999999…
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f"not a number: {value!r}") from error


def coordinate(value: Decimal | float | int) -> str:
    """A coordinate with at most two decimals and no trailing zeros, the same on every run."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plain_number(value: Decimal) -> str:
    """A tick label: 3, 2.5 or 100 rather than 3.0000 or 1E+2."""
    text = f"{value.normalize():f}"
    return text


def text_pixels(text: str, font_size: int) -> int:
    """An estimate of the width of `text` in pixels, on the generous side."""
    return math.ceil(display_width(text) * font_size * EM_PER_COLUMN)


def columns_for(pixels: int, font_size: int) -> int:
    """How many display columns fit in `pixels` at `font_size`."""
    return max(int(pixels / (font_size * EM_PER_COLUMN)), 2)


def wrap(text: str, columns: int, max_lines: int) -> list[str]:
    """`text` broken at spaces into at most `max_lines` lines of `columns`; the last one cut.

    A cut keeps the last word when it is short, because that is usually the year or round
    ("รอบ 6 เดือน ปีงบประมาณ 2568" → "รอบ 6" / "เดือน" / "ปีง… 2568").
    """
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines - 1:
        line = words.pop(0)
        while words and display_width(f"{line} {words[0]}") <= columns:
            line = f"{line} {words.pop(0)}"
        if display_width(line) > columns:  # one long word: cut it and carry on with the rest
            line = truncate(line, columns)
        lines.append(line)
    if words:
        rest = " ".join(words)
        last = words[-1]
        if len(words) > 1 and display_width(rest) > columns and display_width(last) * 2 <= columns:
            head = truncate(" ".join(words[:-1]), columns - display_width(last) - 1)
            lines.append(f"{head} {last}")
        else:
            lines.append(truncate(rest, columns))
    return lines or [""]


def nice_step(span: Decimal, *, whole: bool = False, most: int = 10) -> Decimal:
    """A tick step of 1, 2 or 5 times a power of ten giving at most `most` intervals over `span`."""
    step = Decimal(1) if whole else Decimal("0.1")
    while True:
        for factor in (1, 2, 5):
            candidate = step * factor
            if span / candidate <= most:
                return candidate
        step *= 10


def ceil_to(value: Decimal, step: Decimal) -> Decimal:
    """The first multiple of `step` at or above `value`."""
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def ticks_between(start: Decimal, stop: Decimal, step: Decimal) -> list[Decimal]:
    """Every multiple of `step` from `start` up to and including `stop`."""
    ticks = []
    tick = start
    while tick <= stop:
        ticks.append(tick)
        tick += step
    return ticks


def chart_id_for(*data: object) -> str:
    """An id prefix from the chart's kind, title and data: stable across runs, distinct by data."""
    return "chart-" + hashlib.sha256(repr(data).encode()).hexdigest()[:10]


def open_svg(
    chart_id: str, kind: str, width: int, height: int, title: str, desc: str, *, role: str = "img"
) -> SafeString:
    """The root <svg> with its <title> and <desc>, which name and describe it for screen readers."""
    return format_html(
        '<svg class="chart chart-{}" role="{}" aria-labelledby="{}-title {}-desc"'
        ' viewBox="0 0 {} {}" width="{}"'
        ' font-family="{}" font-size="14" fill="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        kind,
        role,
        chart_id,
        chart_id,
        width,
        height,
        width,
        FONT_FAMILY,
        INK,
        chart_id,
        title,
        chart_id,
        desc,
    )


def title_text(title: str, x: int, y: int, pixels: int) -> SafeString:
    """The visible title, cut to the chart's width (the full title is in <title>)."""
    return format_html(
        '<text class="chart-title" x="{}" y="{}" font-size="16" font-weight="600" fill="{}">{}</text>',
        x,
        y,
        INK,
        truncate(title, columns_for(pixels, 16)),
    )


def join_safe(parts: Iterable[str]) -> SafeString:
    """Concatenate pieces that are all safe already."""
    return mark_safe("".join(parts))
