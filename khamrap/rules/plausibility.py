"""Warnings (never refusals) about a typed result that is possible but probably a slip.

A percentage over 100 may be right (an output over plan) and a negative number may be right (a
change), so the person is told and decides; a count below zero or a step done outside the fiscal
year is almost always a typing slip. The words are keys: the web layer says them in the reader's
language with the figures given here.

Pure Python: no Django, no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .units import count_word, is_count

PERCENT_UNITS = frozenset({"ร้อยละ", "%", "เปอร์เซ็นต์", "percent", "percentage"})

PERCENT_OVER_100 = "percent_over_100"
NEGATIVE_COUNT = "negative_count"
NEGATIVE_VALUE = "negative_value"
STEP_OUTSIDE_YEAR = "step_outside_year"


@dataclass(frozen=True)
class Warning:
    """What looks wrong (`kind`, one of the constants above) and the figures that say so."""

    kind: str
    value: Decimal | None = None
    step: int | None = None
    day: dt.date | None = None


def is_percentage(unit: str) -> bool:
    """Whether a unit is a share of a hundred: ร้อยละ, %, ร้อยละของ..., "ร้อยละ (%)"."""
    word = count_word(unit or "").lower()
    return word in PERCENT_UNITS or word.startswith("ร้อยละ") or (unit or "").strip() == "%"


def result_warnings(
    *,
    value: Decimal | None,
    unit: str,
    targets: Iterable[Decimal | None] = (),
    step_dates: Mapping[int, dt.date] | None = None,
    year_starts: dt.date | None = None,
    year_ends: dt.date | None = None,
) -> list[Warning]:
    """The warnings for a result typed in `unit`, with the step dates it gives, in a fiscal year."""
    warnings = []
    if value is not None:
        if is_percentage(unit) and value > 100:
            warnings.append(Warning(PERCENT_OVER_100, value=value))
        elif value < 0:
            counted = is_count(unit or "", targets)
            warnings.append(Warning(NEGATIVE_COUNT if counted else NEGATIVE_VALUE, value=value))
    if year_starts is not None and year_ends is not None:
        for step, day in sorted((step_dates or {}).items()):
            if not year_starts <= day <= year_ends:
                warnings.append(Warning(STEP_OUTSIDE_YEAR, step=step, day=day))
    return warnings
