"""What the scoring tests share: criteria of each kind worked out by hand (`PERCENT`, `DAYS`,
`MIXED`, ...), the helpers that write targets and steps, and the hypothesis strategies that draw
values, scores and criteria."""

from decimal import Decimal

from hypothesis import strategies as st

from khamrap.rules.scoring import Direction, MixedCriteria, NumericCriteria

D = Decimal
HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER


def targets(*values: str | int) -> tuple[Decimal, ...]:
    return tuple(D(value) for value in values)


PERCENT = NumericCriteria(targets(80, 85, 90, 95, 100))
DAYS = NumericCriteria(targets(30, 25, 20, 15, 10), LOWER)
THIRDS = NumericCriteria(targets(0, 3, 6, 9, 12))
# Targets 80/90/100 for levels 3..5 so that 85 lies halfway between levels 3 and 4.
MIXED = MixedCriteria(2, targets(80, 90, 100))


def steps(*done: int, count: int = 5) -> tuple[bool, ...]:
    return tuple(step in done for step in range(1, count + 1))


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
