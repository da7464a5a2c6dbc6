"""Tests of the pure scoring rules: worked examples by hand, validation, and properties."""

import itertools
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules.scoring import (
    QUANTUM,
    CompositeCriteria,
    CompositePart,
    Direction,
    Kind,
    MilestoneCriteria,
    MixedCriteria,
    MixedResult,
    NumericCriteria,
    PassFailCriteria,
    Reach,
    ScoreLine,
    ScoringError,
    required_result,
    score,
    score_table,
    validate_score,
    validate_weights,
    weighted_score,
)

D = Decimal
HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER
THAI = re.compile("[\u0e00-\u0e7f]")


def targets(*values: str | int) -> tuple[Decimal, ...]:
    return tuple(D(value) for value in values)


PERCENT = NumericCriteria(targets(80, 85, 90, 95, 100))
DAYS = NumericCriteria(targets(30, 25, 20, 15, 10), LOWER)
THIRDS = NumericCriteria(targets(0, 3, 6, 9, 12))
# Targets 80/90/100 for levels 3..5 so that 85 lies halfway between levels 3 and 4.
MIXED = MixedCriteria(2, targets(80, 90, 100))


def steps(*done: int, count: int = 5) -> tuple[bool, ...]:
    return tuple(step in done for step in range(1, count + 1))


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


# --- table ----------------------------------------------------------------------------------


def test_it_adds_up_the_printed_weighted_scores_of_a_table() -> None:
    table = score_table(
        [
            ScoreLine("1", "มิติที่ 1", D(30), D("3.3333")),
            ScoreLine("2", "มิติที่ 1", D(30), D("4.6667")),
            ScoreLine("3", "มิติที่ 4", D(40), D(5)),
        ]
    )
    assert [line.weighted for line in table.lines] == [D("1.0000"), D("1.4000"), D("2.0000")]
    assert [(g.group, g.weight, g.weighted) for g in table.groups] == [
        ("มิติที่ 1", D(60), D("2.4000")),
        ("มิติที่ 4", D(40), D("2.0000")),
    ]
    assert table.total == D("4.4000")
    assert table.unreported == ()


def test_it_gives_four_point_zero_with_weight_twenty_a_weighted_score_of_zero_point_eight() -> None:
    assert weighted_score(D("4.0000"), D(20)) == D("0.8000")


def test_it_flags_an_unreported_line_and_counts_it_as_zero() -> None:
    table = score_table([ScoreLine("a", "g", D(50), D(4)), ScoreLine("b", "g", D(50), None)])
    assert table.total == D("2.0000")
    assert table.unreported == ("b",)
    assert [line.reported for line in table.lines] == [True, False]


def test_it_orders_groups_by_first_appearance() -> None:
    table = score_table(
        [
            ScoreLine("a", "ข", D(25), D(1)),
            ScoreLine("b", "ก", D(25), D(2)),
            ScoreLine("c", "ข", D(50), D(3)),
        ]
    )
    assert [g.group for g in table.groups] == ["ข", "ก"]
    assert [g.weighted for g in table.groups] == [D("1.7500"), D("0.5000")]


# --- validation -----------------------------------------------------------------------------

NUMBERS = targets(1, 2, 3, 4, 5)

INVALID: list[tuple[str, Callable[[], object]]] = [
    ("targets_count", lambda: NumericCriteria(targets(1, 2, 3, 4))),
    ("targets_count", lambda: MixedCriteria(2, targets(1, 2))),
    ("targets_not_monotone", lambda: NumericCriteria(targets(1, 2, 2, 3, 4))),
    ("targets_not_monotone", lambda: NumericCriteria(NUMBERS, LOWER)),
    ("targets_not_monotone", lambda: MixedCriteria(2, targets(3, 2, 1))),
    ("steps_empty", lambda: MilestoneCriteria(0)),
    ("not_a_number", lambda: MilestoneCriteria("5")),  # type: ignore[arg-type]
    ("mixed_steps_out_of_range", lambda: MixedCriteria(0, NUMBERS)),
    ("mixed_steps_out_of_range", lambda: MixedCriteria(5, ())),
    ("floor_invalid", lambda: NumericCriteria(NUMBERS, floor=D(2))),
    ("floor_invalid", lambda: MixedCriteria(1, targets(1, 2, 3, 4), floor=D("0.5"))),
    ("floor_invalid", lambda: PassFailCriteria(floor=D(-1))),
    ("weights_empty", lambda: validate_weights([])),
    ("weight_not_positive", lambda: validate_weights([D(0), D(100)])),
    ("weight_not_positive", lambda: validate_weights([D(-10), D(110)])),
    ("weights_not_100", lambda: validate_weights([D(50), D(40)])),
    (
        "weights_not_100",
        lambda: CompositeCriteria((CompositePart(D(90), PassFailCriteria(), True),)),
    ),
    ("weights_not_100", lambda: score_table([ScoreLine("a", "g", D(99), D(1))])),
    ("score_out_of_range", lambda: validate_score(D("5.0001"))),
    ("score_out_of_range", lambda: validate_score(D("-0.0001"))),
    ("score_out_of_range", lambda: score_table([ScoreLine("a", "g", D(100), D(6))])),
    (
        "duplicate_key",
        lambda: score_table([ScoreLine("a", "g", D(50), D(1)), ScoreLine("a", "g", D(50), D(1))]),
    ),
    ("not_a_number", lambda: NumericCriteria((80.0, 85, 90, 95, 100))),  # type: ignore[arg-type]
    ("not_a_number", lambda: score(PERCENT, 92.5)),  # type: ignore[arg-type]
    ("not_a_number", lambda: score(PERCENT, D("NaN"))),
    ("steps_length_mismatch", lambda: score(MilestoneCriteria(), steps(1, count=4))),
    ("result_type", lambda: score(PassFailCriteria(), D(1))),
    ("result_type", lambda: score(MIXED, steps(1, 2, count=2))),
    ("result_type", lambda: score(MilestoneCriteria(), True)),
    (
        "composite_result_in_parts",
        lambda: score(CompositeCriteria((CompositePart(D(100), PassFailCriteria()),)), True),
    ),
    (
        "solver_composite_unsupported",
        lambda: required_result(
            CompositeCriteria((CompositePart(D(100), PassFailCriteria()),)),
            weight=D(10),
            other_weighted_total=D(4),
            target_total=D("4.5"),
        ),
    ),
    (
        "weight_not_positive",
        lambda: required_result(
            PERCENT, weight=D(0), other_weighted_total=D(4), target_total=D("4.5")
        ),
    ),
    (
        "score_out_of_range",
        lambda: required_result(
            PERCENT, weight=D(10), other_weighted_total=D(4), target_total=D("5.5")
        ),
    ),
    (
        "weight_not_positive",
        lambda: required_result(
            PERCENT,
            weight=D(10),
            other_weighted_total=D(4),
            target_total=D("4.5"),
            unreported_weights=[D(0)],
        ),
    ),
    (
        "weights_over_100",
        lambda: required_result(
            PERCENT,
            weight=D(60),
            other_weighted_total=D(1),
            target_total=D(4),
            unreported_weights=[D(50)],
        ),
    ),
]


@pytest.mark.parametrize(("code", "make"), INVALID, ids=[code for code, _ in INVALID])
def test_it_rejects_a_broken_rule_with_a_coded_thai_message(
    code: str, make: Callable[[], object]
) -> None:
    with pytest.raises(ScoringError) as raised:
        make()
    assert raised.value.code == code
    assert THAI.search(str(raised.value))
    assert isinstance(raised.value, ValueError)
    # The same refusal in English, for pages read in English; Thai when asked for Thai.
    error = raised.value
    assert error.message_en and not THAI.search(error.message_en), error.message_en
    assert error.text("en") == error.message_en
    assert error.text("th") == error.text(None) == error.message == str(error)


def test_it_says_a_refusal_in_english_with_the_figures_of_the_thai() -> None:
    cases: list[tuple[Callable[[], object], str, str]] = [
        (
            lambda: MixedCriteria(2, targets(1, 2)),
            "ต้องกำหนดค่าเป้าหมาย 3 ค่าสำหรับระดับ 3 ถึง 5 แต่ได้รับ 2 ค่า",
            "3 targets are needed for levels 3 to 5, but 2 are given",
        ),
        (
            lambda: NumericCriteria(targets(30, 25, 25, 15, 10), LOWER),
            "ค่าเป้าหมายต้องลดลงตามลำดับจากระดับ 1 ถึง 5",
            "The targets must fall from level 1 to 5",
        ),
        (
            lambda: validate_weights([D(50), D("40.5")]),
            "ผลรวมน้ำหนักต้องเท่ากับ 100 แต่ได้ 90.5",
            "The weights must add up to 100, but they add up to 90.5",
        ),
        (
            lambda: score(MilestoneCriteria(), steps(1, count=4)),
            "ต้องระบุผลของขั้นตอนให้ครบ 5 ขั้นตอน",
            "The result must say of all 5 steps whether each is done",
        ),
    ]
    for make, thai, english in cases:
        with pytest.raises(ScoringError) as raised:
            make()
        assert (raised.value.message, raised.value.text("en")) == (thai, english)


def test_it_explains_non_increasing_targets_in_the_words_of_the_issue() -> None:
    with pytest.raises(ScoringError, match="ค่าเป้าหมายต้องเพิ่มขึ้นตามลำดับจากระดับ 1 ถึง 5"):
        NumericCriteria(targets(5, 4, 3, 2, 1))


def test_it_accepts_valid_weights_and_scores_at_the_edges() -> None:
    validate_weights([D("33.5"), D("66.5")])
    validate_score(D(0))
    validate_score(D(5))


# --- required-result solver: worked examples ----------------------------------------------


def test_it_finds_the_least_numeric_result_that_reaches_the_target_total() -> None:
    # Need weighted ≥ 0.7000, i.e. score × 0.2 ≥ 0.69995, score ≥ 3.49975 → 3.4998;
    # raw 3.49975 needs 90 + 0.49975 × 5 = 92.49875, so 92.4988 on the 4-decimal grid.
    answer = required_result(
        PERCENT, weight=D(20), other_weighted_total=D(3), target_total=D("3.7")
    )
    assert answer.status is Reach.REACHABLE
    assert answer.result == D("92.4988")
    assert answer.score == D("3.4998")
    assert answer.total == D("3.7000")
    assert score(PERCENT, D("92.4987")) == D("3.4997")


def test_it_finds_the_largest_allowed_value_when_lower_is_better() -> None:
    # Need score ≥ 2.9995 (raw 2.99945): 25 − 0.99945 × 5 = 20.00275 → 20.0027 at most.
    answer = required_result(DAYS, weight=D(10), other_weighted_total=D(4), target_total=D("4.3"))
    assert answer.result == D("20.0027")
    assert answer.total == D("4.3000")
    assert score(DAYS, D("20.0028")) == D("2.9994")


def test_it_asks_for_the_first_target_when_any_score_above_the_floor_would_do() -> None:
    answer = required_result(
        PERCENT, weight=D(10), other_weighted_total=D(4), target_total=D("4.05")
    )
    assert answer.result == D(80)
    assert answer.score == D("1.0000")


def test_it_finds_the_number_of_milestone_steps_needed() -> None:
    answer = required_result(
        MilestoneCriteria(), weight=D(20), other_weighted_total=D("3.5"), target_total=D("4.1")
    )
    assert answer.result == steps(1, 2, 3)
    assert answer.steps_done == 3


def test_it_finds_mixed_steps_or_the_mixed_value_needed() -> None:
    by_steps = required_result(
        MIXED, weight=D(20), other_weighted_total=D("3.5"), target_total=D("3.9")
    )
    assert by_steps.result == MixedResult(steps(1, 2, count=2))
    assert by_steps.steps_done == 2
    # Need score ≥ 3.4998 (raw 3.49975): 80 + 0.49975 × 10 = 84.9975.
    by_value = required_result(
        MIXED, weight=D(20), other_weighted_total=D("3.5"), target_total=D("4.2")
    )
    assert by_value.result == MixedResult(steps(1, 2, count=2), D("84.9975"))


def test_it_says_when_a_target_is_already_reached_or_out_of_reach() -> None:
    pass_fail = PassFailCriteria()
    reached = required_result(pass_fail, weight=D(10), other_weighted_total=D(4), target_total=D(4))
    assert (reached.status, reached.result, reached.reachable) == (
        Reach.ALREADY_REACHED,
        None,
        True,
    )
    needed = required_result(
        pass_fail, weight=D(10), other_weighted_total=D(4), target_total=D("4.5")
    )
    assert (needed.status, needed.result) == (Reach.REACHABLE, True)
    beyond = required_result(
        pass_fail, weight=D(10), other_weighted_total=D(4), target_total=D("4.6")
    )
    assert (beyond.status, beyond.reachable, beyond.total) == (
        Reach.NOT_REACHABLE,
        False,
        D("4.5000"),
    )
    floor_one = required_result(
        PassFailCriteria(floor=D(1)), weight=D(10), other_weighted_total=D(4), target_total=D("4.1")
    )
    assert floor_one.status is Reach.ALREADY_REACHED


def test_it_assumes_the_unreported_indicators_score_the_target_rather_than_zero() -> None:
    # This indicator weighs 20; a reported one weighs 50 with score 4 (weighted 2.0000); one of
    # weight 30 has no result. Counted as 0, even a 5 here (1.0000) leaves the total at 3.0000.
    as_zero = required_result(PERCENT, weight=D(20), other_weighted_total=D(2), target_total=D(4))
    assert (as_zero.status, as_zero.total) == (Reach.NOT_REACHABLE, D("3.0000"))
    # Assumed at the target 4: 4 × 30/100 = 1.2000, so this one must bring 4 − 3.2 = 0.8000:
    # score × 0.2 ≥ 0.79995, score 3.9998 (3.9997 × 0.2 = 0.79994 prints 0.7999); raw 3.99975
    # needs 90 + 0.99975 × 5 = 94.99875, so 94.9988. The weighted average of the reported ones
    # and this one, (2.0000 + 0.8000) / 0.70, is then exactly the target 4.
    answer = required_result(
        PERCENT,
        weight=D(20),
        other_weighted_total=D(2),
        target_total=D(4),
        unreported_weights=[D(30)],
    )
    assert answer.status is Reach.REACHABLE
    assert (answer.result, answer.score) == (D("94.9988"), D("3.9998"))
    assert (answer.assumed, answer.total) == (D("1.2000"), D("4.0000"))
    assert score(PERCENT, D("94.9987")) == D("3.9997")


def test_it_weighs_each_unreported_indicator_like_a_table_line() -> None:
    # Target 3.3335: each of two weights 10 is assumed at 3.3335 and printed as its own line,
    # 0.33335 → 0.3334, so 0.6668 together (not 3.3335 × 20/100 = 0.6667 at once). With a pass
    # here (0.5000) the total is 2.1667 + 0.6668 + 0.5000 = 3.3335, the target.
    answer = required_result(
        PassFailCriteria(),
        weight=D(10),
        other_weighted_total=D("2.1667"),
        target_total=D("3.3335"),
        unreported_weights=[D(10), D(10)],
    )
    assert answer.assumed == D("0.6668")
    assert (answer.status, answer.result, answer.total) == (Reach.REACHABLE, True, D("3.3335"))


VARIETIES = NumericCriteria(targets(4, 6, 8, 10, 12))
COMPLAINTS = NumericCriteria(targets(10, 8, 6, 4, 2), LOWER)


def test_it_rounds_a_count_up_when_higher_is_better_and_scores_the_whole_number() -> None:
    # Need weighted ≥ 1.0000 from weight 30: score 3.3332 (× 0.3 = 0.99996 → 1.0000), raw
    # 3.33315 needs 8 + 0.33315 × 2 = 8.6663 varieties. A count is 9: it scores 3.5000 and
    # weighs 3.5 × 0.3 = 1.0500, so the total is 2 + 1.05 = 3.0500.
    exact = required_result(VARIETIES, weight=D(30), other_weighted_total=D(2), target_total=D(3))
    assert (exact.result, exact.score) == (D("8.6663"), D("3.3332"))
    whole = required_result(
        VARIETIES, weight=D(30), other_weighted_total=D(2), target_total=D(3), whole=True
    )
    assert (whole.result, whole.score, whole.total) == (D(9), D("3.5000"), D("3.0500"))
    assert score(VARIETIES, D(8)) == D("3.0000")  # 8 would not do: 2 + 0.9 = 2.9


def test_it_rounds_a_count_down_when_lower_is_better_and_says_the_largest_allowed() -> None:
    # Need weighted ≥ 0.6000 from weight 20: score 2.9998 (× 0.2 = 0.59996 → 0.6000), raw
    # 2.99975: 8 − 0.99975 × 2 = 6.0005 complaints at most (6.0006 scores 2.9997). A count is
    # at most 6: it scores 3.0000, weighs 0.6000, and the total is 3 + 0.6 = 3.6000.
    exact = required_result(
        COMPLAINTS, weight=D(20), other_weighted_total=D(3), target_total=D("3.6")
    )
    assert (exact.result, exact.score) == (D("6.0005"), D("2.9998"))
    assert score(COMPLAINTS, D("6.0006")) == D("2.9997")
    whole = required_result(
        COMPLAINTS, weight=D(20), other_weighted_total=D(3), target_total=D("3.6"), whole=True
    )
    assert (whole.result, whole.score, whole.total) == (D(6), D("3.0000"), D("3.6000"))
    assert score(COMPLAINTS, D(7)) == D("2.5000")  # 7 would not do: 3 + 0.5 = 3.5


def test_it_rounds_the_value_of_a_mixed_count_too() -> None:
    # Steps for levels 1–2, then 3/5/7 items for levels 3–5. Need weighted ≥ 0.8000 from weight
    # 20: score 3.9998, raw 3.99975: 3 + 0.99975 × 2 = 4.9995 items, so 5 as a count (score 4).
    items = MixedCriteria(2, targets(3, 5, 7))
    exact = required_result(items, weight=D(20), other_weighted_total=D(3), target_total=D("3.8"))
    assert exact.result == MixedResult(steps(1, 2, count=2), D("4.9995"))
    whole = required_result(
        items, weight=D(20), other_weighted_total=D(3), target_total=D("3.8"), whole=True
    )
    assert whole.result == MixedResult(steps(1, 2, count=2), D(5))
    assert (whole.score, whole.total) == (D("4.0000"), D("3.8000"))


# --- properties -----------------------------------------------------------------------------

values = st.decimals(min_value=-1000, max_value=1000, places=4)
positive_int = st.integers(min_value=1, max_value=100)
scores = st.decimals(min_value=0, max_value=5, places=4)


@st.composite
def numeric_criteria(draw: st.DrawFn) -> NumericCriteria:
    marks = sorted(draw(st.lists(values, min_size=5, max_size=5, unique=True)))
    direction = draw(st.sampled_from(Direction))
    if direction is LOWER:
        marks.reverse()
    return NumericCriteria(tuple(marks), direction, draw(st.sampled_from([D(0), D(1)])))


@st.composite
def mixed_criteria(draw: st.DrawFn) -> MixedCriteria:
    m = draw(st.integers(min_value=1, max_value=4))
    marks = sorted(draw(st.lists(values, min_size=5 - m, max_size=5 - m, unique=True)))
    direction = draw(st.sampled_from(Direction))
    if direction is LOWER:
        marks.reverse()
    return MixedCriteria(m, tuple(marks), direction, draw(st.sampled_from([D(0), D(1)])))


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


@st.composite
def weights_of_100(draw: st.DrawFn) -> list[Decimal]:
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=99), max_size=12)))
    bounds = [0, *cuts, 100]
    return [D(b - a) for a, b in itertools.pairwise(bounds)]


@given(weights_of_100(), st.data())
def test_it_totals_a_table_as_the_sum_of_its_printed_lines_and_groups(
    weights: list[Decimal], data: st.DataObject
) -> None:
    lines = [
        ScoreLine(
            str(i),
            data.draw(st.sampled_from(["มิติที่ 1", "มิติที่ 2", "มิติที่ 3"])),
            weight,
            data.draw(st.none() | scores),
        )
        for i, weight in enumerate(weights)
    ]
    table = score_table(lines)
    assert table.total == sum((line.weighted for line in table.lines), D(0))
    for group in table.groups:
        members = [line for line in table.lines if line.group == group.group]
        assert group.weighted == sum((line.weighted for line in members), D(0))
        assert group.weight == sum((line.weight for line in members), D(0))
    assert D(0) <= table.total <= D(5)


def rescored_total(criteria: object, result: object, weight: Decimal, other: Decimal) -> Decimal:
    earned = score(criteria, result)  # type: ignore[arg-type]
    assert earned is not None
    return other + weighted_score(earned, weight)


@given(numeric_criteria(), positive_int, scores, scores)
def test_it_solves_for_a_numeric_value_that_reaches_the_target_and_no_less(
    criteria: NumericCriteria, weight: int, other: Decimal, target: Decimal
) -> None:
    answer = required_result(
        criteria, weight=D(weight), other_weighted_total=other, target_total=target
    )
    floor_total = rescored_total(criteria, D(-(10**6)) * criteria.direction.sign, D(weight), other)
    if answer.status is Reach.ALREADY_REACHED:
        assert floor_total >= target
    elif answer.status is Reach.NOT_REACHABLE:
        assert other + weighted_score(D(5), D(weight)) < target
    else:
        assert isinstance(answer.result, Decimal)
        assert rescored_total(criteria, answer.result, D(weight), other) >= target
        easier = answer.result - QUANTUM * criteria.direction.sign
        assert rescored_total(criteria, easier, D(weight), other) < target


@given(mixed_criteria(), positive_int, scores, scores)
def test_it_solves_for_mixed_steps_or_value_that_reach_the_target_and_no_less(
    criteria: MixedCriteria, weight: int, other: Decimal, target: Decimal
) -> None:
    answer = required_result(
        criteria, weight=D(weight), other_weighted_total=other, target_total=target
    )
    if answer.status is not Reach.REACHABLE:
        return
    result = answer.result
    assert isinstance(result, MixedResult)
    assert rescored_total(criteria, result, D(weight), other) >= target
    if result.value is not None:
        easier = result.value - QUANTUM * criteria.direction.sign
        weaker = MixedResult(result.steps, easier)
    else:
        weaker = MixedResult(steps(*range(1, sum(result.steps)), count=criteria.steps))
    assert rescored_total(criteria, weaker, D(weight), other) < target


@given(st.integers(min_value=1, max_value=10), positive_int, scores, scores)
def test_it_solves_for_milestone_steps_that_reach_the_target_and_no_fewer(
    count: int, weight: int, other: Decimal, target: Decimal
) -> None:
    criteria = MilestoneCriteria(count)
    answer = required_result(
        criteria, weight=D(weight), other_weighted_total=other, target_total=target
    )
    if answer.status is not Reach.REACHABLE:
        return
    done = answer.steps_done
    assert done is not None
    assert rescored_total(criteria, answer.result, D(weight), other) >= target
    fewer = steps(*range(1, done), count=count)
    assert rescored_total(criteria, fewer, D(weight), other) < target


whole_marks = st.integers(min_value=-1000, max_value=1000).map(D)


@given(
    st.lists(whole_marks, min_size=5, max_size=5, unique=True),
    st.sampled_from(Direction),
    positive_int,
    scores,
    scores,
)
def test_it_solves_a_count_for_the_least_demanding_whole_number_that_reaches_the_target(
    marks: list[Decimal], direction: Direction, weight: int, other: Decimal, target: Decimal
) -> None:
    marks.sort(reverse=direction is LOWER)
    criteria = NumericCriteria(tuple(marks), direction)
    answer = required_result(
        criteria, weight=D(weight), other_weighted_total=other, target_total=target, whole=True
    )
    if answer.status is not Reach.REACHABLE:
        return
    assert isinstance(answer.result, Decimal)
    assert answer.result == answer.result.to_integral_value()
    assert answer.score == score(criteria, answer.result)
    assert rescored_total(criteria, answer.result, D(weight), other) == answer.total >= target
    easier = answer.result - direction.sign
    assert rescored_total(criteria, easier, D(weight), other) < target


@given(numeric_criteria(), positive_int, scores, scores, st.lists(positive_int, max_size=3))
def test_it_reaches_the_target_over_the_reported_weights_when_the_rest_score_the_target(
    criteria: NumericCriteria, weight: int, other: Decimal, target: Decimal, unreported: list[int]
) -> None:
    if weight + sum(unreported) > 100:
        return
    answer = required_result(
        criteria,
        weight=D(weight),
        other_weighted_total=other,
        target_total=target,
        unreported_weights=[D(w) for w in unreported],
    )
    assumed = sum((weighted_score(target, D(w)) for w in unreported), D(0))
    assert answer.assumed == assumed
    if answer.status is Reach.REACHABLE:
        assert rescored_total(criteria, answer.result, D(weight), other + assumed) >= target
        easier = answer.result - QUANTUM * criteria.direction.sign  # type: ignore[operator]
        assert rescored_total(criteria, easier, D(weight), other + assumed) < target
