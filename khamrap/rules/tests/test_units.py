"""Which units count things, so that the solver asks for a whole number of them."""

from decimal import Decimal

import pytest

from khamrap.rules.units import count_word, is_count

D = Decimal
WHOLE = [D(4), D(6), D(8), D(10), D(12)]


@pytest.mark.parametrize(
    ("unit", "word"),
    [
        ("พันธุ์", "พันธุ์"),
        ("  คน ", "คน"),
        ("ราย/ปี", "ราย"),
        ("จำนวน 5 ราย", "ราย"),
        ("จำนวนโครงการ", "โครงการ"),
        ("ร้อยละของผู้รับบริการที่พึงพอใจ", "ร้อยละของผู้รับบริการที่พึงพอใจ"),
        ("", ""),
    ],
)
def test_it_reads_the_word_that_says_what_is_counted(unit: str, word: str) -> None:
    assert count_word(unit) == word


@pytest.mark.parametrize("unit", ["พันธุ์", "แปลง", "นวัตกรรม", "คน", "เรื่อง", "ราย/ปี"])
def test_it_counts_things_in_count_units_with_whole_targets(unit: str) -> None:
    assert is_count(unit, WHOLE)


@pytest.mark.parametrize(
    "unit", ["ร้อยละ", "ชั่วโมง", "วันทำการ", "วัน", "บาท", "ระดับ", "คะแนน", "อัตรา", "", "%"]
)
def test_it_does_not_count_measures_or_shares_even_with_whole_targets(unit: str) -> None:
    assert not is_count(unit, WHOLE)


def test_it_does_not_count_a_count_unit_whose_targets_are_not_whole() -> None:
    assert not is_count("คน", [D("1.5"), D(2), D("2.5"), D(3), D("3.5")])


def test_it_skips_the_step_levels_of_a_mixed_indicator() -> None:
    assert is_count("ชิ้น", [None, None, D(3), D(5), D(7)])
