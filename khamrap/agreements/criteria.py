"""The bridge between stored indicators and results and the pure scoring engine (rules.scoring).

Nothing here decides a score: it only turns rows into the engine's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from khamrap.rules import scoring

from .choices import ScoringKind
from .models import Indicator


def criteria_for(indicator: Indicator, floor: Decimal, results: Mapping[int, object] | None = None):
    """The engine's criteria for `indicator`; composites carry their parts' results from `results`.

    Expects `indicator.steps` and `indicator.parts` to be prefetched by the caller.
    """
    direction = scoring.Direction(indicator.direction)
    kind = indicator.kind
    if kind == ScoringKind.MILESTONE:
        return scoring.MilestoneCriteria(steps=len(indicator.steps.all()) or 5)
    if kind == ScoringKind.NUMERIC:
        return scoring.NumericCriteria(tuple(indicator.targets), direction, floor)
    if kind == ScoringKind.MIXED:
        m = indicator.mixed_steps or 0
        return scoring.MixedCriteria(m, tuple(indicator.targets[m:]), direction, floor)
    if kind == ScoringKind.PASS_FAIL:
        return scoring.PassFailCriteria(floor)
    parts = tuple(
        scoring.CompositePart(
            weight=part.weight,
            criteria=criteria_for(part, floor, results),
            result=engine_result(part, (results or {}).get(part.pk)),
        )
        for part in indicator.parts.all()
    )
    return scoring.CompositeCriteria(parts)


def engine_result(indicator: Indicator, result) -> scoring.Result | None:
    """A stored Result as the engine's result value; None when nothing has been reported."""
    if result is None or indicator.kind == ScoringKind.COMPOSITE:
        return None
    step_count = len(indicator.steps.all())
    if indicator.kind == ScoringKind.MILESTONE:
        return steps_tuple(result.steps_done, step_count or 5)
    if indicator.kind == ScoringKind.NUMERIC:
        return result.value
    if indicator.kind == ScoringKind.MIXED:
        steps = steps_tuple(result.steps_done, indicator.mixed_steps or 0)
        return scoring.MixedResult(steps, result.value)
    return result.passed


def steps_tuple(done_numbers, count: int) -> tuple[bool, ...]:
    """Step numbers done ([1, 2, 4]) as the engine's tuple of booleans for `count` steps."""
    done = set(done_numbers or [])
    return tuple(number in done for number in range(1, count + 1))


def indicator_score(
    indicator: Indicator, floor: Decimal, results: Mapping[int, object]
) -> Decimal | None:
    """The self-assessed score of `indicator` given the round's results keyed by indicator id."""
    criteria = criteria_for(indicator, floor, results)
    if isinstance(criteria, scoring.CompositeCriteria):
        return scoring.score(criteria)
    return scoring.score(criteria, engine_result(indicator, results.get(indicator.pk)))
