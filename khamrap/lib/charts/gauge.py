"""The half-circle gauge of one score, with the score bands drawn around it."""

import math
from collections.abc import Callable
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .layout import (
    chart_id_for,
    coordinate,
    join_safe,
    open_svg,
    plain_number,
    title_text,
    to_decimal,
)
from .style import DEFAULT_BANDS, INK, MUTED, NO_DATA, TRACK, Bands, band_colour, format_score


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
    max_value = to_decimal(max_value)
    if max_value is None or max_value <= 0:
        raise ValueError("max_value must be a positive number")
    value = to_decimal(value)
    width, pad = 320, 12
    radius, stroke = 100, 20
    top = pad + (30 if show_title else 0)
    cx = width / 2
    cy = top + radius + stroke / 2 + 32  # room above the arc for the band ring and its labels
    height = int(cy + 40 + pad)

    def point(fraction: float, r: float) -> tuple[str, str]:
        angle = math.pi * (1 - fraction)
        return coordinate(cx + r * math.cos(angle)), coordinate(cy - r * math.sin(angle))

    def arc(start: float, end: float, r: float) -> str:
        (sx, sy), (ex, ey) = point(start, r), point(end, r)
        return f"M{sx} {sy} A{coordinate(r)} {coordinate(r)} 0 0 1 {ex} {ey}"

    def fraction_of(number: Decimal) -> float:
        # Clamped: a value outside 0..max still draws inside the half circle.
        return float(min(max(number, Decimal(0)), max_value) / max_value)

    chart_id = chart_id_for("gauge", title, value, max_value, bands)
    shown = value_format(value) if value is not None else missing_text
    desc = f"{shown} / {plain_number(max_value)}" if value is not None else missing_text
    parts = [open_svg(chart_id, "gauge", width, height, title, desc)]
    if show_title:
        parts.append(title_text(title, pad, pad + 18, width - 2 * pad))
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
                    plain_number(threshold),
                )
            )
    for end, label in ((0.0, Decimal(0)), (1.0, max_value)):
        lx, _ly = point(end, radius)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                lx,
                coordinate(cy + 18),
                MUTED,
                plain_number(label),
            )
        )
    if value is None:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="16" fill="{}">{}</text>',
                coordinate(cx),
                coordinate(cy - 8),
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
                coordinate(cx),
                coordinate(cy - 10),
                INK,
                shown,
                coordinate(cx),
                coordinate(cy + 14),
                MUTED,
                gettext("out of"),
                plain_number(max_value),
            )
        )
    parts.append(mark_safe("</svg>"))
    return join_safe(parts)
