"""Tests of the scoring engine's refusals: every broken rule with its code, in Thai and in English,
and the edges it accepts."""

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from khamrap.rules.scoring import (
    CompositeCriteria,
    CompositePart,
    MilestoneCriteria,
    MixedCriteria,
    NumericCriteria,
    PassFailCriteria,
    ScoreLine,
    ScoringError,
    required_result,
    score,
    score_table,
    validate_score,
    validate_weights,
)
from khamrap.rules.tests.scoring_criteria import LOWER, MIXED, PERCENT, steps, targets

D = Decimal
THAI = re.compile("[\u0e00-\u0e7f]")


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
