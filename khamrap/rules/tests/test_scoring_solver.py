"""Tests of the required-result solver: the least result that reaches a target total, worked by
hand for each kind and for counts, and as properties."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules.scoring import (
    QUANTUM,
    Direction,
    MilestoneCriteria,
    MixedCriteria,
    MixedResult,
    NumericCriteria,
    PassFailCriteria,
    Reach,
    required_result,
    score,
    weighted_score,
)
from khamrap.rules.tests.scoring_criteria import (
    DAYS,
    LOWER,
    MIXED,
    PERCENT,
    mixed_criteria,
    numeric_criteria,
    positive_int,
    scores,
    steps,
    targets,
)

D = Decimal


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
