"""Plausibility warnings on a typed result: worked examples."""

import datetime as dt
from decimal import Decimal

from khamrap.rules.plausibility import (
    NEGATIVE_COUNT,
    NEGATIVE_VALUE,
    PERCENT_OVER_100,
    STEP_OUTSIDE_YEAR,
    is_percentage,
    result_warnings,
)

FY2569 = {"year_starts": dt.date(2025, 10, 1), "year_ends": dt.date(2026, 9, 30)}


def kinds(**kwargs):
    return [w.kind for w in result_warnings(**kwargs)]


def test_a_percentage_over_a_hundred_is_warned_and_a_hundred_is_not():
    assert kinds(value=Decimal("100.5"), unit="ร้อยละ") == [PERCENT_OVER_100]
    assert kinds(value=Decimal(100), unit="ร้อยละ") == []
    assert kinds(value=Decimal(120), unit="%") == [PERCENT_OVER_100]
    # 120 hours is not a percentage.
    assert kinds(value=Decimal(120), unit="ชั่วโมง") == []


def test_a_negative_count_and_a_negative_measure_are_told_apart():
    targets = [Decimal(1), Decimal(2), Decimal(3), Decimal(4), Decimal(5)]
    assert kinds(value=Decimal(-2), unit="พันธุ์", targets=targets) == [NEGATIVE_COUNT]
    assert kinds(value=Decimal(-2), unit="ร้อยละ") == [NEGATIVE_VALUE]
    assert kinds(value=Decimal(0), unit="พันธุ์", targets=targets) == []


def test_a_step_done_outside_the_fiscal_year_is_warned_with_its_date():
    dates = {1: dt.date(2025, 10, 1), 2: dt.date(2026, 10, 1), 3: dt.date(2025, 9, 30)}
    warnings = result_warnings(value=None, unit="", step_dates=dates, **FY2569)
    assert [(w.kind, w.step, w.day) for w in warnings] == [
        (STEP_OUTSIDE_YEAR, 2, dt.date(2026, 10, 1)),
        (STEP_OUTSIDE_YEAR, 3, dt.date(2025, 9, 30)),
    ]


def test_the_units_read_as_percentages():
    assert is_percentage("ร้อยละ")
    assert is_percentage("ร้อยละของเกษตรกร")
    assert is_percentage("%")
    assert not is_percentage("ราย")
    assert not is_percentage("")
