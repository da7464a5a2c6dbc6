"""Dashboard charts as server-side SVG: no JavaScript, no network, Thai text kept as real text.

Every function returns SVG markup to inline in a page. The text inherits the page's Sarabun font
(never converted to paths, so it stays selectable, searchable and readable by screen readers).
Output is deterministic: the same input gives the same string, and element ids come from a hash
of the chart's title and data so several charts on one page do not clash.

The root <svg> has no xmlns: the HTML parser puts inline <svg> in the SVG namespace by itself,
and leaving it out keeps the markup free of any URL. Serve these only inlined, not as .svg files.
"""

import hashlib
import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from khamrap.rules import counting

FONT_FAMILY = "Sarabun, 'Noto Sans Thai', sans-serif"

RED = "#b42318"
AMBER = "#b7791f"
GREEN = "#1e7b4f"
# The score bands of the agreements: below 3 (at risk) red, 3 to below 4 amber, 4 and over green.
DEFAULT_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(0), RED),
    (counting.AT_RISK_BELOW, AMBER),
    (Decimal(4), GREEN),
)
# Colours of the page stylesheet (--ink, --muted, --line) so charts sit well in a card.
INK = "#1f2933"
MUTED = "#5f6b7a"
GRID = "#d9e0e8"
TRACK = "#eef1f5"
# Brand blue first; then colours that stay apart for the common colour-vision deficiencies.
PALETTE = ("#1d4e89", "#c8922b", "#1e7b4f", "#b42318", "#6b4c9a", "#0f7c8a")
# Lines are told apart by marker shape as well as colour.
MARKERS = ("circle", "square", "diamond", "triangle")

NO_DATA = gettext_lazy("No data yet")
ELLIPSIS = "…"

# Sarabun's Thai letters average 0.55 em and its digits 0.55 em; the fallback fonts are a little
# wider, so estimating 0.6 em per display column keeps labels inside their space in all of them.
EM_PER_COLUMN = 0.6
FOUR = Decimal("0.0001")

# Thai and Lao SARA AM are spacing letters (category Lo) but belong to the consonant before them
# (a SpacingMark in Unicode's grapheme rules): "ดำ" must not be cut between ด and ำ.
_ATTACH_TO_PREVIOUS = frozenset("\u0e33\u0eb3")
# Thai and Lao vowels written before their consonant (เ แ โ ใ ไ): cutting after one would leave
# a vowel with no consonant, so they go with the letter that follows.
_ATTACH_TO_NEXT = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")


@dataclass(frozen=True)
class BarItem:
    """One bar: a label, its value (None when there is no result yet) and an optional link."""

    label: str
    value: Decimal | None
    href: str | None = None


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a name, one value per x label (None for a gap) and a colour."""

    name: str
    values: Sequence[Decimal | None]
    colour: str | None = None


Bands = Sequence[tuple[Decimal, str]]


def format_score(value: Decimal) -> str:
    """A score with four decimals (4.2500), rounded half-up as everywhere (rules.counting)."""
    return counting.four_places(value)


def display_width(text: str) -> int:
    """The number of columns `text` takes: combining marks 0, wide (CJK) characters 2, others 1."""
    width = 0
    for char in text:
        # Thai vowel and tone marks above and below the consonant (Mn) take no space of their own.
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def clusters(text: str) -> list[str]:
    """Split `text` into the pieces that must stay together: a letter with its marks."""
    pieces: list[str] = []
    joins_next = False
    for char in text:
        attaches = unicodedata.category(char) in ("Mn", "Me", "Cf") or char in _ATTACH_TO_PREVIOUS
        if pieces and (attaches or joins_next):
            pieces[-1] += char
        else:
            pieces.append(char)
        joins_next = char in _ATTACH_TO_NEXT
    return pieces


def truncate(text: str, columns: int) -> str:
    """`text` cut to `columns` display columns with "…", never splitting a letter from its marks."""
    if display_width(text) <= columns:
        return text
    kept: list[str] = []
    used = 0
    for piece in clusters(text):
        width = display_width(piece)
        if used + width > columns - 1:  # one column for the ellipsis
            break
        kept.append(piece)
        used += width
    return "".join(kept).rstrip() + ELLIPSIS


def band_colour(value: Decimal, bands: Bands = DEFAULT_BANDS) -> str:
    """The colour of the highest band whose threshold `value` reaches (the lowest band below all)."""
    ordered = sorted(bands, key=lambda band: Decimal(band[0]))
    colour = ordered[0][1]
    for threshold, band in ordered:
        if value >= Decimal(threshold):
            colour = band
    return colour


def bar_chart(
    items: Sequence[BarItem],
    *,
    title: str,
    max_value: Decimal = Decimal(5),
    unit: str = "",
    width: int = 640,
    bar_height: int = 28,
    bands: Bands = DEFAULT_BANDS,
    value_format: Callable[[Decimal], str] = format_score,
    missing_text: str = NO_DATA,
    show_title: bool = True,
) -> SafeString:
    """Horizontal bars, one row per item: label on the left, band-coloured bar, value at its end."""
    max_value = _decimal(max_value)
    if max_value is None or max_value <= 0:
        raise ValueError("max_value must be a positive number")
    items = [BarItem(item.label, _decimal(item.value), item.href) for item in items]
    pad, font_size, value_size = 12, 14, 13
    row_height = bar_height + 12
    top = pad + (30 if show_title else 0)

    def value_text(value: Decimal) -> str:
        return f"{value_format(value)} {unit}" if unit else value_format(value)

    # The label column gets 40% of the width; the value column is as wide as the widest value.
    label_width = round(width * 0.4)
    label_columns = _columns_for(label_width, font_size)
    value_width = (
        max(
            (_text_px(value_text(i.value), value_size) for i in items if i.value is not None),
            default=0,
        )
        + 10
    )
    bar_x = pad + label_width + 8
    bar_area = max(width - pad - bar_x - value_width, 40)
    plot_height = max(len(items), 1) * row_height
    height = top + plot_height + 24 + pad

    chart_id = _chart_id("bar", title, max_value, unit, bands, [(i.label, i.value) for i in items])
    desc = "; ".join(
        f"{i.label}: {value_text(i.value) if i.value is not None else missing_text}" for i in items
    )
    # A chart is one picture (role img) unless its rows are links: the children of an img are
    # hidden from assistive technology, so a link inside one cannot be reached (axe's
    # nested-interactive); such a chart is a named group of links instead.
    linked = any(item.href for item in items)
    parts = [_open(chart_id, "bar", width, height, title, desc, role="group" if linked else "img")]
    if show_title:
        parts.append(_title_text(title, pad, pad + 18, width - 2 * pad))

    def x_at(value: Decimal) -> Decimal:
        return bar_x + bar_area * min(max(value, Decimal(0)), max_value) / max_value

    # Rows: a pale track for the whole scale, so short bars and empty rows still show the scale.
    for index in range(len(items)):
        y = top + index * row_height + 6
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                bar_x,
                y,
                bar_area,
                bar_height,
                TRACK,
            )
        )
    # Grid lines at each tick, drawn over the tracks and under the bars.
    # Few ticks: the bars are narrow and a label every half point would crowd the axis.
    step = _nice_step(max_value, most=6)
    ticks = _ticks(Decimal(0), max_value, step)
    for tick in ticks:
        x = _num(x_at(tick))
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                x,
                top,
                x,
                top + plot_height,
                GRID,
                x,
                top + plot_height + 16,
                MUTED,
                _plain(tick),
            )
        )
    if not items:
        parts.append(
            format_html(
                '<text x="{}" y="{}" dominant-baseline="central" fill="{}">{}</text>',
                bar_x + 8,
                top + row_height // 2,
                MUTED,
                missing_text,
            )
        )
    for index, item in enumerate(items):
        y = top + index * row_height + 6
        middle = _num(Decimal(y) + Decimal(bar_height) / 2)
        label = truncate(item.label, label_columns)
        if item.value is None:
            tooltip = f"{item.label}: {missing_text}"
            body = format_html(
                '<text x="{}" y="{}" dominant-baseline="central" font-size="{}" fill="{}">{}</text>',
                bar_x + 8,
                middle,
                value_size,
                MUTED,
                missing_text,
            )
        else:
            shown = value_text(item.value)
            tooltip = f"{item.label}: {shown}"
            end = x_at(item.value)
            body = format_html(
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" dominant-baseline="central" font-size="{}" fill="{}">{}</text>',
                bar_x,
                y,
                _num(end - bar_x),
                bar_height,
                band_colour(item.value, bands),
                _num(end + 6),
                middle,
                value_size,
                INK,
                shown,
            )
        row = format_html(
            '<g class="row"><title>{}</title>'
            '<text x="{}" y="{}" dominant-baseline="central" font-size="{}" fill="{}">{}</text>'
            "{}</g>",
            tooltip,
            pad,
            middle,
            font_size,
            INK,
            label,
            body,
        )
        # A link around the whole row so label and bar are one large target for drill-down, named
        # by the row's full label and value (the drawn label may be cut).
        if item.href:
            row = format_html('<a href="{}" aria-label="{}">{}</a>', item.href, tooltip, row)
        parts.append(row)
    parts.append(mark_safe("</svg>"))
    return _join(parts)


def line_chart(
    series: Sequence[Series],
    *,
    x_labels: Sequence[str],
    title: str,
    y_max: Decimal = Decimal(5),
    y_min: Decimal = Decimal(0),
    width: int = 640,
    plot_height: int = 200,
    value_format: Callable[[Decimal], str] = format_score,
    show_values: bool = True,
    missing_text: str = NO_DATA,
    show_title: bool = True,
) -> SafeString:
    """Lines over the x labels (reporting rounds) with markers, values, gaps for None and a legend."""
    y_max, y_min = _decimal(y_max), _decimal(y_min)
    if y_max is None or y_min is None or y_max <= y_min:
        raise ValueError("y_max must be above y_min")
    x_labels = [str(label) for label in x_labels]
    lines: list[Series] = []
    for index, one in enumerate(series):
        values = [_decimal(value) for value in one.values]
        if len(values) > len(x_labels):
            raise ValueError(f"series {one.name!r} has more values than there are x labels")
        values += [None] * (len(x_labels) - len(values))
        lines.append(Series(one.name, values, one.colour or PALETTE[index % len(PALETTE)]))
    pad = 12
    top = pad + (30 if show_title else 0)

    # Legend: a sample of line and marker, then the name, laid out in rows across the width.
    legend: list[SafeString] = []
    x, y = pad, top + 10
    for index, line in enumerate(lines):
        name = truncate(line.name, 40)
        item_width = 30 + _text_px(name, 13) + 18
        if x > pad and x + item_width > width - pad:
            x, y = pad, y + 22
        legend.append(
            format_html(
                '<g class="legend"><title>{}</title>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"/>{}'
                '<text x="{}" y="{}" dominant-baseline="central" font-size="13" fill="{}">{}</text>'
                "</g>",
                line.name,
                x,
                y,
                x + 24,
                y,
                line.colour,
                _marker(MARKERS[index % len(MARKERS)], Decimal(x + 12), Decimal(y), line.colour),
                x + 30,
                y,
                INK,
                name,
            )
        )
        x += item_width
    legend_bottom = y + 12 if lines else top

    # The plot: room on the left for the y labels, room above the top line for value labels.
    step = _nice_step(y_max - y_min, whole=True)
    ticks = _ticks(_ceil(y_min, step), y_max, step)
    y_label_width = max((_text_px(_plain(t), 12) for t in ticks), default=0) + 8
    left = pad + y_label_width
    right = width - pad
    plot_top = legend_bottom + 22
    plot_bottom = plot_top + plot_height
    slot = Decimal(right - left) / max(len(x_labels), 1)
    # X labels: long Thai labels ("รอบ 6 เดือน 2568") wrap at spaces onto up to three lines.
    slot_columns = _columns_for(int(slot) - 4, 12)
    wrapped = [_wrap(label, slot_columns, 3) for label in x_labels]
    height = plot_bottom + 10 + 16 * max((len(rows) for rows in wrapped), default=1) + pad

    def x_at(index: int) -> Decimal:
        # Points sit in the middle of equal slots, so the first and last labels fit the width.
        return left + slot * (Decimal(index) + Decimal("0.5"))

    def y_at(value: Decimal) -> Decimal:
        value = min(max(value, y_min), y_max)
        return plot_bottom - plot_height * (value - y_min) / (y_max - y_min)

    chart_id = _chart_id(
        "line", title, y_min, y_max, x_labels, [(s.name, list(s.values), s.colour) for s in lines]
    )
    desc = "; ".join(
        f"{line.name}: "
        + ", ".join(
            f"{label} {value_format(value) if value is not None else missing_text}"
            for label, value in zip(x_labels, line.values, strict=True)
        )
        for line in lines
    )
    parts = [_open(chart_id, "line", width, height, title, desc)]
    if show_title:
        parts.append(_title_text(title, pad, pad + 18, width - 2 * pad))
    parts.extend(legend)

    for tick in ticks:
        tick_y = _num(y_at(tick))
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="central" font-size="12"'
                ' fill="{}">{}</text>',
                left,
                tick_y,
                right,
                tick_y,
                GRID,
                left - 6,
                tick_y,
                MUTED,
                _plain(tick),
            )
        )

    for index, (label, rows) in enumerate(zip(x_labels, wrapped, strict=True)):
        spans = _join(
            format_html(
                '<tspan x="{}" dy="{}">{}</tspan>', _num(x_at(index)), 0 if n == 0 else 16, row
            )
            for n, row in enumerate(rows)
        )
        parts.append(
            format_html(
                '<text class="x-label" y="{}" text-anchor="middle" font-size="12" fill="{}">'
                "<title>{}</title>{}</text>",
                plot_bottom + 20,
                MUTED,
                label,
                spans,
            )
        )

    # Lines: one path per series, with a new "M" after each gap so missing rounds are not bridged.
    paths: list[SafeString] = []
    markers: list[SafeString] = []
    points: dict[int, list[tuple[Decimal, str]]] = {}  # x index → (y, value text) of each point
    for number, line in enumerate(lines):
        commands: list[str] = []
        pen_down = False
        for index, value in enumerate(line.values):
            if value is None:
                pen_down = False
                continue
            px, py = x_at(index), y_at(value)
            commands.append(f"{'L' if pen_down else 'M'}{_num(px)} {_num(py)}")
            pen_down = True
            markers.append(
                format_html(
                    '<g class="point"><title>{}</title>{}</g>',
                    f"{line.name} — {x_labels[index]}: {value_format(value)}",
                    _marker(MARKERS[number % len(MARKERS)], px, py, line.colour),
                )
            )
            points.setdefault(index, []).append((py, value_format(value)))
        if commands:
            paths.append(
                format_html(
                    '<path class="series" d="{}" fill="none" stroke="{}" stroke-width="2.5"'
                    ' stroke-linejoin="round" stroke-linecap="round"/>',
                    " ".join(commands),
                    line.colour,
                )
            )
    parts.extend(paths)

    # Values next to their points, placed so close series neither overlap nor cover markers.
    value_width = max((_text_px(t, 11) for c in points.values() for _, t in c), default=0)
    if show_values and value_width <= slot:
        for index, column in sorted(points.items()):
            placed = _place_values(column, ceiling=plot_top - 18, floor=plot_bottom)
            parts.extend(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}"'
                    ' stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>',
                    _num(x_at(index)),
                    _num(label_y),
                    INK,
                    text,
                )
                for label_y, text in placed
            )
    # Markers last, on top of lines and values, so every point stays visible.
    parts.extend(markers)
    parts.append(mark_safe("</svg>"))
    return _join(parts)


def gauge(
    value: Decimal | None,
    *,
    title: str,
    max_value: Decimal = Decimal(5),
    bands: Bands = DEFAULT_BANDS,
    value_format: Callable[[Decimal], str] = format_score,
    missing_text: str = NO_DATA,
    show_title: bool = True,
) -> SafeString:
    """A half-circle gauge from 0 to `max_value`: band ring, value arc and the value in the middle."""
    max_value = _decimal(max_value)
    if max_value is None or max_value <= 0:
        raise ValueError("max_value must be a positive number")
    value = _decimal(value)
    width, pad = 320, 12
    radius, stroke = 100, 20
    top = pad + (30 if show_title else 0)
    cx = width / 2
    cy = top + radius + stroke / 2 + 32  # room above the arc for the band ring and its labels
    height = int(cy + 40 + pad)

    def point(fraction: float, r: float) -> tuple[str, str]:
        angle = math.pi * (1 - fraction)
        return _num(cx + r * math.cos(angle)), _num(cy - r * math.sin(angle))

    def arc(start: float, end: float, r: float) -> str:
        (sx, sy), (ex, ey) = point(start, r), point(end, r)
        return f"M{sx} {sy} A{_num(r)} {_num(r)} 0 0 1 {ex} {ey}"

    def fraction_of(number: Decimal) -> float:
        # Clamped: a value outside 0..max still draws inside the half circle.
        return float(min(max(number, Decimal(0)), max_value) / max_value)

    chart_id = _chart_id("gauge", title, value, max_value, bands)
    shown = value_format(value) if value is not None else missing_text
    desc = f"{shown} / {_plain(max_value)}" if value is not None else missing_text
    parts = [_open(chart_id, "gauge", width, height, title, desc)]
    if show_title:
        parts.append(_title_text(title, pad, pad + 18, width - 2 * pad))
    parts.append(
        format_html(
            '<path d="{}" fill="none" stroke="{}" stroke-width="{}"/>',
            arc(0, 1, radius),
            TRACK,
            stroke,
        )
    )
    # The band ring outside the track shows where red, amber and green begin.
    ring = radius + stroke / 2 + 6
    ordered = sorted((Decimal(t), c) for t, c in bands)
    for index, (threshold, colour) in enumerate(ordered):
        start = fraction_of(threshold)
        end = fraction_of(ordered[index + 1][0]) if index + 1 < len(ordered) else 1.0
        if end > start:
            parts.append(
                format_html(
                    '<path d="{}" fill="none" stroke="{}" stroke-width="6"/>',
                    arc(start, end, ring),
                    colour,
                )
            )
        if 0 < threshold < max_value:
            lx, ly = point(start, ring + 14)
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central"'
                    ' font-size="12" fill="{}">{}</text>',
                    lx,
                    ly,
                    MUTED,
                    _plain(threshold),
                )
            )
    for end, label in ((0.0, Decimal(0)), (1.0, max_value)):
        lx, _ly = point(end, radius)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                lx,
                _num(cy + 18),
                MUTED,
                _plain(label),
            )
        )
    if value is None:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="16" fill="{}">{}</text>',
                _num(cx),
                _num(cy - 8),
                MUTED,
                missing_text,
            )
        )
    else:
        fraction = fraction_of(value)
        colour = band_colour(value, bands)
        if fraction > 0:
            parts.append(
                format_html(
                    '<path class="value" d="{}" fill="none" stroke="{}" stroke-width="{}"/>',
                    arc(0, fraction, radius),
                    colour,
                    stroke,
                )
            )
        (nx1, ny1), (nx2, ny2) = point(fraction, radius - stroke / 2 - 4), point(fraction, ring + 3)
        parts.append(
            format_html(
                '<line class="needle" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"'
                ' stroke-width="2.5" stroke-linecap="round"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="34" font-weight="600"'
                ' fill="{}">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="{}">{} {}</text>',
                nx1,
                ny1,
                nx2,
                ny2,
                INK,
                _num(cx),
                _num(cy - 10),
                INK,
                shown,
                _num(cx),
                _num(cy + 14),
                MUTED,
                gettext("out of"),
                _plain(max_value),
            )
        )
    parts.append(mark_safe("</svg>"))
    return _join(parts)


# Helpers.


def _decimal(value: object) -> Decimal | None:
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


def _num(value: Decimal | float | int) -> str:
    """A coordinate with at most two decimals and no trailing zeros, the same on every run."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _plain(value: Decimal) -> str:
    """A tick label: 3, 2.5 or 100 rather than 3.0000 or 1E+2."""
    text = f"{value.normalize():f}"
    return text


def _text_px(text: str, font_size: int) -> int:
    """An estimate of the width of `text` in pixels, on the generous side."""
    return math.ceil(display_width(text) * font_size * EM_PER_COLUMN)


def _columns_for(pixels: int, font_size: int) -> int:
    """How many display columns fit in `pixels` at `font_size`."""
    return max(int(pixels / (font_size * EM_PER_COLUMN)), 2)


def _wrap(text: str, columns: int, max_lines: int) -> list[str]:
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


def _nice_step(span: Decimal, *, whole: bool = False, most: int = 10) -> Decimal:
    """A tick step of 1, 2 or 5 times a power of ten giving at most `most` intervals over `span`."""
    step = Decimal(1) if whole else Decimal("0.1")
    while True:
        for factor in (1, 2, 5):
            candidate = step * factor
            if span / candidate <= most:
                return candidate
        step *= 10


def _ceil(value: Decimal, step: Decimal) -> Decimal:
    """The first multiple of `step` at or above `value`."""
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def _ticks(start: Decimal, stop: Decimal, step: Decimal) -> list[Decimal]:
    """Every multiple of `step` from `start` up to and including `stop`."""
    ticks = []
    tick = start
    while tick <= stop:
        ticks.append(tick)
        tick += step
    return ticks


def _chart_id(*data: object) -> str:
    """An id prefix from the chart's kind, title and data: stable across runs, distinct by data."""
    return "chart-" + hashlib.sha256(repr(data).encode()).hexdigest()[:10]


def _open(
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


def _title_text(title: str, x: int, y: int, pixels: int) -> SafeString:
    """The visible title, cut to the chart's width (the full title is in <title>)."""
    return format_html(
        '<text class="chart-title" x="{}" y="{}" font-size="16" font-weight="600" fill="{}">{}</text>',
        x,
        y,
        INK,
        truncate(title, _columns_for(pixels, 16)),
    )


# Value labels of a line chart: 11px text needs 13px a line; a marker reaches 6px from its point.
_LINE = 13
_ABOVE = 9  # baseline of a label above a point, from the point
_BELOW = 19  # baseline of a label below a point, from the point


def _place_values(
    column: list[tuple[Decimal, str]], *, ceiling: float, floor: float
) -> list[tuple[Decimal, str]]:
    """Baselines for the values of one x position: (point y, text) in, (label y, text) out.

    Points close together form a group whose labels stack, the upper half above the group and
    the lower half below it, in the points' order; groups whose labels would meet are merged.
    """

    def split(group: list[tuple[Decimal, str]]) -> int:
        # How many of the group's labels go above it: half, or all when those below would
        # reach the x labels, or fewer when those above would reach the legend.
        size = len(group)
        above = (size + 1) // 2
        if group[-1][0] + _BELOW + _LINE * (size - above - 1) > floor:
            return size
        if group[0][0] - _ABOVE - 8 - _LINE * (above - 1) < ceiling:
            return size // 2
        return above

    def extent(group: list[tuple[Decimal, str]]) -> tuple[Decimal, Decimal]:
        above = split(group)
        below = len(group) - above
        top = group[0][0] - (_ABOVE + 8 + _LINE * (above - 1) if above else 6)
        bottom = group[-1][0] + (_BELOW + 2 + _LINE * (below - 1) if below else 6)
        return top, bottom

    groups = [[point] for point in sorted(column)]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups) - 1):
            if extent(groups[i])[1] > extent(groups[i + 1])[0]:
                groups[i : i + 2] = [groups[i] + groups[i + 1]]
                merged = True
                break
    placed = []
    for group in groups:
        above = split(group)
        for rank, (_py, text) in enumerate(group):
            if rank < above:
                label_y = group[0][0] - _ABOVE - _LINE * (above - 1 - rank)
            else:
                label_y = group[-1][0] + _BELOW + _LINE * (rank - above)
            placed.append((label_y, text))
    return placed


def _marker(shape: str, x: Decimal, y: Decimal, colour: str) -> SafeString:
    """A point marker; the white outline keeps it visible where lines cross."""
    outline = 'stroke="#ffffff" stroke-width="1.5"'
    if shape == "square":
        return format_html(
            '<rect x="{}" y="{}" width="9" height="9" fill="{}" ' + outline + "/>",
            _num(x - Decimal("4.5")),
            _num(y - Decimal("4.5")),
            colour,
        )
    if shape == "diamond":
        points = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
    elif shape == "triangle":
        points = [(x, y - 6), (x + 6, y + 5), (x - 6, y + 5)]
    else:
        return format_html(
            '<circle cx="{}" cy="{}" r="5" fill="{}" ' + outline + "/>", _num(x), _num(y), colour
        )
    return format_html(
        '<polygon points="{}" fill="{}" ' + outline + "/>",
        " ".join(f"{_num(px)},{_num(py)}" for px, py in points),
        colour,
    )


def _join(parts: Iterable[str]) -> SafeString:
    """Concatenate pieces that are all safe already."""
    return mark_safe("".join(parts))
