"""The line chart of a trend over reporting rounds: gaps for missing rounds, markers told apart
by shape as well as colour, and value labels placed so close lines do not hide each other."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from khamrap.rules.thai_text import truncate

from .layout import (
    ceil_to,
    chart_id_for,
    columns_for,
    coordinate,
    join_safe,
    nice_step,
    open_svg,
    plain_number,
    text_pixels,
    ticks_between,
    title_text,
    to_decimal,
    wrap,
)
from .style import GRID, INK, MARKERS, MUTED, NO_DATA, PALETTE, format_score


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a name, one value per x label (None for a gap) and a colour."""

    name: str
    values: Sequence[Decimal | None]
    colour: str | None = None


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
    y_max, y_min = to_decimal(y_max), to_decimal(y_min)
    if y_max is None or y_min is None or y_max <= y_min:
        raise ValueError("y_max must be above y_min")
    x_labels = [str(label) for label in x_labels]
    lines: list[Series] = []
    for index, one in enumerate(series):
        values = [to_decimal(value) for value in one.values]
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
        item_width = 30 + text_pixels(name, 13) + 18
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
    step = nice_step(y_max - y_min, whole=True)
    ticks = ticks_between(ceil_to(y_min, step), y_max, step)
    y_label_width = max((text_pixels(plain_number(t), 12) for t in ticks), default=0) + 8
    left = pad + y_label_width
    right = width - pad
    plot_top = legend_bottom + 22
    plot_bottom = plot_top + plot_height
    slot = Decimal(right - left) / max(len(x_labels), 1)
    # X labels: long Thai labels ("รอบ 6 เดือน 2568") wrap at spaces onto up to three lines.
    slot_columns = columns_for(int(slot) - 4, 12)
    wrapped = [wrap(label, slot_columns, 3) for label in x_labels]
    height = plot_bottom + 10 + 16 * max((len(rows) for rows in wrapped), default=1) + pad

    def x_at(index: int) -> Decimal:
        # Points sit in the middle of equal slots, so the first and last labels fit the width.
        return left + slot * (Decimal(index) + Decimal("0.5"))

    def y_at(value: Decimal) -> Decimal:
        value = min(max(value, y_min), y_max)
        return plot_bottom - plot_height * (value - y_min) / (y_max - y_min)

    chart_id = chart_id_for(
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
    parts = [open_svg(chart_id, "line", width, height, title, desc)]
    if show_title:
        parts.append(title_text(title, pad, pad + 18, width - 2 * pad))
    parts.extend(legend)

    for tick in ticks:
        tick_y = coordinate(y_at(tick))
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
                plain_number(tick),
            )
        )

    for index, (label, rows) in enumerate(zip(x_labels, wrapped, strict=True)):
        spans = join_safe(
            format_html(
                '<tspan x="{}" dy="{}">{}</tspan>',
                coordinate(x_at(index)),
                0 if n == 0 else 16,
                row,
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
            commands.append(f"{'L' if pen_down else 'M'}{coordinate(px)} {coordinate(py)}")
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
    value_width = max((text_pixels(t, 11) for c in points.values() for _, t in c), default=0)
    if show_values and value_width <= slot:
        for index, column in sorted(points.items()):
            placed = _place_values(column, ceiling=plot_top - 18, floor=plot_bottom)
            parts.extend(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}"'
                    ' stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>',
                    coordinate(x_at(index)),
                    coordinate(label_y),
                    INK,
                    text,
                )
                for label_y, text in placed
            )
    # Markers last, on top of lines and values, so every point stays visible.
    parts.extend(markers)
    parts.append(mark_safe("</svg>"))
    return join_safe(parts)


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
            coordinate(x - Decimal("4.5")),
            coordinate(y - Decimal("4.5")),
            colour,
        )
    if shape == "diamond":
        points = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
    elif shape == "triangle":
        points = [(x, y - 6), (x + 6, y + 5), (x - 6, y + 5)]
    else:
        return format_html(
            '<circle cx="{}" cy="{}" r="5" fill="{}" ' + outline + "/>",
            coordinate(x),
            coordinate(y),
            colour,
        )
    return format_html(
        '<polygon points="{}" fill="{}" ' + outline + "/>",
        " ".join(f"{coordinate(px)},{coordinate(py)}" for px, py in points),
        colour,
    )
