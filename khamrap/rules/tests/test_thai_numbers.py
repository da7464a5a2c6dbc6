"""Numbers as Thai users type them (issue 10: "3,2" and ๘๕.๕ read or refused, never emptied)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules.thai import ThaiNumberError, parse_number, thai_digits


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("85.5", Decimal("85.5")),
        ("๘๕.๕", Decimal("85.5")),
        ("1,234.5", Decimal("1234.5")),
        ("๑,๒๓๔", Decimal("1234")),
        ("12,345,678", Decimal("12345678")),
        (" 92 ", Decimal("92")),
        ("1\u00a0234", Decimal("1234")),  # a non-breaking space pasted from a Word table
        ("-3", Decimal("-3")),
        (".5", Decimal("0.5")),
        ("", None),
    ],
)
def test_it_reads_what_a_thai_office_types(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["3,2", "85,5", "1,23", "๓,๒"])
def test_a_decimal_comma_is_refused_not_read_as_a_bigger_number(typed):
    with pytest.raises(ThaiNumberError) as refused:
        parse_number(typed)
    assert refused.value.code == "comma_decimal"


@pytest.mark.parametrize("typed", ["ร้อยละ 80", "1e5", "NaN", "1,2,3", "12,34.5", "--1", "Infinity"])
def test_anything_else_is_refused(typed):
    with pytest.raises(ThaiNumberError) as refused:
        parse_number(typed)
    assert refused.value.code == "format"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_thai_digits_and_grouping_read_back_the_same_number(number):
    plain = f"{number:f}"
    grouped = f"{number:,f}"
    assert parse_number(plain) == number
    assert parse_number(thai_digits(plain)) == number
    assert parse_number(grouped) == number
