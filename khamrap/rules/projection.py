"""Year-end projection of an indicator from its 6- and 9-month results (the early warning).

A straight line: through the last two reported points, or, with one point, through the origin for
milestones (steps are done over the year from none) and flat for measured values (a rate reported
at 6 months is the best guess of the rate at 12). Pure: values in, values out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

YEAR_END = 12


@dataclass(frozen=True)
class Projection:
    """The projected year-end value and how it was reached (for the page to say so)."""

    value: Decimal
    method: str  # "trend" (two points), "pace" (one milestone point), "hold" (one measured point)


def project(
    points: dict[int, Decimal], *, cumulative: bool, to_months: int = YEAR_END
) -> Projection | None:
    """Project the value at `to_months` from {months: value} reported before it; None with no point."""
    known = sorted((m, v) for m, v in points.items() if v is not None and m < to_months)
    if not known:
        return None
    if len(known) >= 2:
        (m1, v1), (m2, v2) = known[-2], known[-1]
        slope = (v2 - v1) / Decimal(m2 - m1)
        return Projection(_round(v2 + slope * (to_months - m2)), "trend")
    months, value = known[0]
    if cumulative:
        return Projection(_round(value * to_months / months), "pace")
    return Projection(value, "hold")


def project_steps(
    points: dict[int, int], step_count: int, to_months: int = YEAR_END
) -> tuple[int, str] | None:
    """Milestone steps expected done by year end, never more than there are nor fewer than now."""
    projection = project(
        {m: Decimal(v) for m, v in points.items()}, cumulative=True, to_months=to_months
    )
    if projection is None:
        return None
    latest = max(points.items())[1]
    steps = int(projection.value.to_integral_value(rounding=ROUND_HALF_UP))
    return max(latest, min(step_count, steps)), projection.method


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
