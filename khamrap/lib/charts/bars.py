"""The horizontal bar chart: one row per organization or indicator, coloured by score band."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from khamrap.rules.thai_text import truncate

from .layout import (
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
)
from .style import DEFAULT_BANDS, GRID, INK, MUTED, NO_DATA, TRACK, Bands, band_colour, format_score


@dataclass(frozen=True)
class BarItem:
    """One bar: a label, its value (None when there is no result yet) and an optional link."""

    label: str
    value: Decimal | None
    href: str | None = None


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
    max_value = to_decimal(max_value)
    if max_value is None or max_value <= 0:
        raise ValueError("max_value must be a positive number")
    items = [BarItem(item.label, to_decimal(item.value), item.href) for item in items]
    pad, font_size, value_size = 12, 14, 13
    row_height = bar_height + 12
    top = pad + (30 if show_title else 0)

    def value_text(value: Decimal) -> str:
        return f"{value_format(value)} {unit}" if unit else value_format(value)

    # The label column gets 40% of the width; the value column is as wide as the widest value.
    label_width = round(width * 0.4)
    label_columns = columns_for(label_width, font_size)
    value_width = (
        max(
            (text_pixels(value_text(i.value), value_size) for i in items if i.value is not None),
            default=0,
        )
        + 10
    )
    bar_x = pad + label_width + 8
    bar_area = max(width - pad - bar_x - value_width, 40)
    plot_height = max(len(items), 1) * row_height
    height = top + plot_height + 24 + pad

    chart_id = chart_id_for(
        "bar", title, max_value, unit, bands, [(i.label, i.value) for i in items]
    )
    desc = "; ".join(
        f"{i.label}: {value_text(i.value) if i.value is not None else missing_text}" for i in items
    )
    # A chart is one picture (role img) unless its rows are links: the children of an img are
    # hidden from assistive technology, so a link inside one cannot be reached (axe's
    # nested-interactive); such a chart is a named group of links instead.
    linked = any(item.href for item in items)
    parts = [
        open_svg(chart_id, "bar", width, height, title, desc, role="group" if linked else "img")
    ]
    if show_title:
        parts.append(title_text(title, pad, pad + 18, width - 2 * pad))

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
    step = nice_step(max_value, most=6)
    ticks = ticks_between(Decimal(0), max_value, step)
    for tick in ticks:
        x = coordinate(x_at(tick))
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
                plain_number(tick),
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
        middle = coordinate(Decimal(y) + Decimal(bar_height) / 2)
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
                coordinate(end - bar_x),
                bar_height,
                band_colour(item.value, bands),
                coordinate(end + 6),
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
    return join_safe(parts)
