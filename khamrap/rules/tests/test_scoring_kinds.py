"""Tests of scoring one indicator of each kind (milestone, numeric, mixed, pass/fail, composite):
worked examples by hand, and properties of the scores."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules.scoring import (
    QUANTUM,
    CompositeCriteria,
    CompositePart,
    Kind,
    MilestoneCriteria,
    MixedCriteria,
    MixedResult,
    NumericCriteria,
    PassFailCriteria,
    score,
)
from khamrap.rules.tests.scoring_criteria import (
    DAYS,
    HIGHER,
    LOWER,
    MIXED,
    PERCENT,
    THIRDS,
    mixed_criteria,
    numeric_criteria,
    steps,
    targets,
    values,
)

D = Decimal


# --- milestone: seed 000's ✓ table -------------------------------------------------------------


@pytest.mark.parametrize("level", range(6))
def test_it_scores_each_row_of_the_seed_milestone_table_as_its_level(level: int) -> None:
    assert score(MilestoneCriteria(), steps(*range(1, level + 1))) == D(level).quantize(QUANTUM)


def test_it_counts_a_step_done_out_of_order_only_once_the_earlier_steps_are_done() -> None:
    assert score(MilestoneCriteria(), steps(1, 2, 4)) == D("2.0000")
    assert score(MilestoneCriteria(), steps(3)) == D("0.0000")
    assert score(MilestoneCriteria(), steps(1, 2, 3, 5)) == D("3.0000")


def test_it_scales_a_milestone_with_other_than_five_steps_to_the_five_point_scale() -> None:
    three = MilestoneCriteria(steps=3)
    assert score(three, steps(1, count=3)) == D("1.6667")
    assert score(three, steps(1, 2, count=3)) == D("3.3333")
    assert score(three, steps(1, 2, 3, count=3)) == D("5.0000")


def test_it_returns_none_when_nothing_was_reported() -> None:
    assert score(MilestoneCriteria(), None) is None
    assert score(PERCENT, None) is None
    assert score(MIXED, None) is None
    assert score(PassFailCriteria(), None) is None


# --- numeric --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("92.5", "3.5000"),
        ("80", "1.0000"),
        ("85", "2.0000"),
        ("100", "5.0000"),
        ("120", "5.0000"),
        ("79.99", "0.0000"),
    ],
)
def test_it_interpolates_a_higher_is_better_result_between_targets(
    result: str, expected: str
) -> None:
    assert score(PERCENT, D(result)) == D(expected)


def test_it_gives_the_floor_of_one_when_so_set_and_short_of_the_first_target() -> None:
    criteria = NumericCriteria(PERCENT.targets, floor=D(1))
    assert score(criteria, D("79.99")) == D("1.0000")


@pytest.mark.parametrize(
    ("result", "expected"), [("22", "2.6000"), ("30", "1.0000"), ("35", "0.0000"), ("5", "5.0000")]
)
def test_it_interpolates_a_lower_is_better_result_between_targets(
    result: str, expected: str
) -> None:
    assert score(DAYS, D(result)) == D(expected)


def test_it_rounds_a_score_half_up_to_four_decimals() -> None:
    assert score(THIRDS, D(1)) == D("1.3333")
    assert score(THIRDS, D(2)) == D("1.6667")
    # 1 + 0.0001 / 2 = 1.00005 lies exactly half-way, and half-up rounds it up.
    assert score(NumericCriteria(targets(0, 2, 4, 6, 8)), D("0.0001")) == D("1.0001")


def test_it_accepts_integer_targets_and_stores_them_as_decimals() -> None:
    criteria = NumericCriteria((80, 85, 90, 95, 100))
    assert all(isinstance(target, Decimal) for target in criteria.targets)
    assert criteria.kind is Kind.NUMERIC


# --- mixed ----------------------------------------------------------------------------------


def test_it_interpolates_a_mixed_result_once_all_steps_are_done() -> None:
    assert score(MIXED, MixedResult(steps(1, 2, count=2), D(85))) == D("3.5000")
    assert score(MIXED, MixedResult(steps(1, 2, count=2), D(100))) == D("5.0000")


def test_it_ignores_the_numeric_part_of_a_mixed_result_while_steps_are_missing() -> None:
    assert score(MIXED, MixedResult(steps(1, count=2), D(95))) == D("1.0000")
    assert score(MIXED, MixedResult(steps(2, count=2), D(95))) == D("0.0000")


def test_it_keeps_a_mixed_score_at_the_last_step_level_short_of_the_next_target() -> None:
    assert score(MIXED, MixedResult(steps(1, 2, count=2), D(60))) == D("2.0000")
    assert score(MIXED, MixedResult(steps(1, 2, count=2), None)) == D("2.0000")


def test_it_scores_a_mixed_result_with_targets_70_80_90_by_the_same_rule() -> None:
    criteria = MixedCriteria(2, targets(70, 80, 90))
    assert score(criteria, MixedResult(steps(1, 2, count=2), D(75))) == D("3.5000")
    assert score(criteria, MixedResult(steps(1, 2, count=2), D(85))) == D("4.5000")


def test_it_interpolates_a_lower_is_better_mixed_result() -> None:
    criteria = MixedCriteria(3, targets(10, 5), LOWER, floor=D(1))
    assert score(criteria, MixedResult(steps(1, 2, 3, count=3), D(8))) == D("4.4000")
    assert score(criteria, MixedResult(steps(count=3), D(8))) == D("1.0000")


# --- pass/fail and composite ----------------------------------------------------------------


def test_it_scores_pass_as_five_and_fail_as_the_floor() -> None:
    assert score(PassFailCriteria(), True) == D("5.0000")
    assert score(PassFailCriteria(), False) == D("0.0000")
    assert score(PassFailCriteria(floor=D(1)), False) == D("1.0000")


def test_it_combines_composite_parts_by_their_weights() -> None:
    # (3.5 × 60 + 3 × 40) / 100 = (210 + 120) / 100 = 3.3
    composite = CompositeCriteria(
        (
            CompositePart(D(60), PERCENT, D("92.5")),
            CompositePart(D(40), MilestoneCriteria(), steps(1, 2, 3)),
        )
    )
    assert score(composite) == D("3.3000")


def test_it_rounds_a_composite_half_up_from_its_rounded_parts() -> None:
    # (5 × 50 + 1.3333 × 50) / 100 = 3.16665, half-way, so 3.1667.
    composite = CompositeCriteria(
        (CompositePart(D(50), PassFailCriteria(), True), CompositePart(D(50), THIRDS, D(1)))
    )
    assert score(composite) == D("3.1667")


def test_it_counts_an_unreported_composite_part_as_zero_and_all_unreported_as_none() -> None:
    half = (CompositePart(D(50), PassFailCriteria(), True), CompositePart(D(50), THIRDS, None))
    assert score(CompositeCriteria(half)) == D("2.5000")
    none = (CompositePart(D(50), PassFailCriteria()), CompositePart(D(50), THIRDS))
    assert score(CompositeCriteria(none)) is None


# --- properties -----------------------------------------------------------------------------


@given(numeric_criteria(), values, values)
def test_it_keeps_numeric_scores_within_range_and_monotone_in_the_result(
    criteria: NumericCriteria, a: Decimal, b: Decimal
) -> None:
    low, high = sorted([a, b])
    low_score, high_score = score(criteria, low), score(criteria, high)
    assert low_score is not None and high_score is not None
    assert D(0) <= low_score <= D(5) and D(0) <= high_score <= D(5)
    if criteria.direction is HIGHER:
        assert low_score <= high_score
    else:
        assert low_score >= high_score


@given(mixed_criteria(), st.data(), values, values)
def test_it_keeps_mixed_scores_within_range_and_monotone_in_the_result(
    criteria: MixedCriteria, data: st.DataObject, a: Decimal, b: Decimal
) -> None:
    done = data.draw(st.lists(st.booleans(), min_size=criteria.steps, max_size=criteria.steps))
    low, high = sorted([a, b])
    low_score = score(criteria, MixedResult(tuple(done), low))
    high_score = score(criteria, MixedResult(tuple(done), high))
    assert low_score is not None and high_score is not None
    assert D(0) <= low_score <= D(5) and D(0) <= high_score <= D(5)
    if criteria.direction is HIGHER:
        assert low_score <= high_score
    else:
        assert low_score >= high_score


@given(st.lists(st.booleans(), min_size=1, max_size=10), st.data())
def test_it_never_lowers_a_milestone_score_when_another_step_is_done(
    done: list[bool], data: st.DataObject
) -> None:
    criteria = MilestoneCriteria(len(done))
    before = score(criteria, tuple(done))
    extra = data.draw(st.integers(min_value=0, max_value=len(done) - 1))
    after = score(criteria, (*done[:extra], True, *done[extra + 1 :]))
    assert before is not None and after is not None
    assert D(0) <= before <= after <= D(5)
