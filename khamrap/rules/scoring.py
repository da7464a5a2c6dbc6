"""Scoring of indicators on the 0..5 scale and of a whole agreement table.

Values in, values out: no Django, no database. Every number is a Decimal so that the printed
four-decimal figures are exactly the ones the arithmetic used. A refusal (`ScoringError`) says what
is wrong in Thai and in English: the engine cannot know which language the page is read in.

It stays one module (a little over 600 lines) because it is one engine: the five kinds share its
private helpers (Decimal checks, floors, steps, targets, interpolation), and the weighted table and
the required-result solver build on those and on `score` in turn.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import ClassVar, TypeAlias

ZERO = Decimal(0)
ONE = Decimal(1)
MAX_SCORE = Decimal(5)
TOTAL_WEIGHT = Decimal(100)
QUANTUM = Decimal("0.0001")
# Rounding is half-up, so a raw score reaches the rounded score s from s - HALF_QUANTUM on.
HALF_QUANTUM = QUANTUM / 2
_THAI_NUMBER = "ค่าตัวเลขต้องเป็น Decimal หรือจำนวนเต็มที่มีค่าแน่นอน ห้ามใช้ float"
_ENGLISH_NUMBER = "A number must be a Decimal or a whole number with a definite value, not a float"


class ScoringError(ValueError):
    """A broken scoring rule: a Thai sentence for the user, the same in English, and a
    machine-readable `code`."""

    def __init__(self, code: str, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_en = message_en

    def text(self, language: str | None) -> str:
        """The message in the reader's language: English for "en…" when there is one, else Thai."""
        if language and language.startswith("en") and self.message_en:
            return self.message_en
        return self.message


class Direction(enum.StrEnum):
    """Whether a larger measured result is better or worse."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"

    @property
    def sign(self) -> int:
        """+1 or -1: multiplying by it turns every comparison into a higher-is-better one."""
        return 1 if self is Direction.HIGHER_IS_BETTER else -1


class Kind(enum.StrEnum):
    """The scoring method chosen for an indicator."""

    MILESTONE = "milestone"
    NUMERIC = "numeric"
    MIXED = "mixed"
    PASS_FAIL = "pass_fail"
    COMPOSITE = "composite"


class Reach(enum.StrEnum):
    """Outcome of the required-result solver."""

    ALREADY_REACHED = "already_reached"
    REACHABLE = "reachable"
    NOT_REACHABLE = "not_reachable"


def round4(value: Decimal) -> Decimal:
    """Round half-up to four decimals, the precision every score and total is shown with."""
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def _decimal(value: object) -> Decimal:
    # bool is an int subclass, and float would bring binary rounding errors into the totals.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ScoringError("not_a_number", _THAI_NUMBER, _ENGLISH_NUMBER)
    number = Decimal(value)
    if not number.is_finite():
        raise ScoringError("not_a_number", _THAI_NUMBER, _ENGLISH_NUMBER)
    return number


def _floor(value: object) -> Decimal:
    floor = _decimal(value)
    if floor not in (ZERO, ONE):
        raise ScoringError(
            "floor_invalid",
            "คะแนนขั้นต่ำเมื่อไม่ถึงเป้าหมายระดับ 1 ต้องเป็น 0 หรือ 1",
            "The lowest score below the level-1 target must be 0 or 1",
        )
    return floor


def _steps_count(steps: object, low: int, high: int | None) -> int:
    if isinstance(steps, bool) or not isinstance(steps, int):
        raise ScoringError(
            "not_a_number", "จำนวนขั้นตอนต้องเป็นจำนวนเต็ม", "The number of steps must be a whole number"
        )
    if high is None and steps < low:
        raise ScoringError(
            "steps_empty",
            "ตัวชี้วัดแบบระดับขั้นของความสำเร็จต้องมีอย่างน้อย 1 ขั้นตอน",
            "A milestone indicator needs at least one step",
        )
    if high is not None and not low <= steps <= high:
        raise ScoringError(
            "mixed_steps_out_of_range",
            "ตัวชี้วัดแบบผสมต้องใช้ขั้นตอนสำหรับระดับ 1 ถึง m โดย m ต้องอยู่ระหว่าง 1 ถึง 4",
            "A mixed indicator uses steps for levels 1 to m, where m is from 1 to 4",
        )
    return steps


def _targets(
    targets: Sequence[object], first_level: int, direction: Direction
) -> tuple[Decimal, ...]:
    expected = 6 - first_level
    if len(targets) != expected:
        raise ScoringError(
            "targets_count",
            f"ต้องกำหนดค่าเป้าหมาย {expected} ค่าสำหรับระดับ {first_level} ถึง 5 แต่ได้รับ {len(targets)} ค่า",
            f"{expected} targets are needed for levels {first_level} to 5, but"
            f" {len(targets)} {'is' if len(targets) == 1 else 'are'} given",
        )
    values = tuple(_decimal(target) for target in targets)
    if any(direction.sign * (b - a) <= 0 for a, b in pairwise(values)):
        higher = direction is Direction.HIGHER_IS_BETTER
        trend = "เพิ่มขึ้น" if higher else "ลดลง"
        raise ScoringError(
            "targets_not_monotone",
            f"ค่าเป้าหมายต้อง{trend}ตามลำดับจากระดับ {first_level} ถึง 5",
            f"The targets must {'rise' if higher else 'fall'} from level {first_level} to 5",
        )
    return values


def validate_weights(weights: Iterable[object]) -> None:
    """Check that weights are positive and sum to exactly 100, as every table and composite must."""
    values = [_decimal(weight) for weight in weights]
    if not values:
        raise ScoringError(
            "weights_empty",
            "ต้องมีตัวชี้วัดอย่างน้อย 1 ตัวจึงจะกำหนดน้ำหนักได้",
            "There must be at least one indicator before weights can be given",
        )
    if any(weight <= 0 for weight in values):
        raise ScoringError(
            "weight_not_positive",
            "น้ำหนักของตัวชี้วัดทุกตัวต้องมากกว่า 0",
            "The weight of every indicator must be greater than 0",
        )
    total = sum(values, ZERO)
    if total != TOTAL_WEIGHT:
        raise ScoringError(
            "weights_not_100",
            f"ผลรวมน้ำหนักต้องเท่ากับ 100 แต่ได้ {total}",
            f"The weights must add up to 100, but they add up to {total}",
        )


def validate_score(value: object) -> None:
    """Check that a given score (self-assessed or verified) lies within 0..5."""
    if not ZERO <= _decimal(value) <= MAX_SCORE:
        raise ScoringError(
            "score_out_of_range", "คะแนนต้องอยู่ระหว่าง 0 ถึง 5", "A score must be between 0 and 5"
        )


@dataclass(frozen=True)
class MilestoneCriteria:
    """Steps done in order; level k of N steps scores k × 5 / N, so five steps score their level."""

    steps: int = 5
    kind: ClassVar[Kind] = Kind.MILESTONE

    def __post_init__(self) -> None:
        _steps_count(self.steps, 1, None)


@dataclass(frozen=True)
class NumericCriteria:
    """Five targets T1..T5 for scores 1..5, interpolated in a straight line between them."""

    targets: tuple[Decimal, ...]
    direction: Direction = Direction.HIGHER_IS_BETTER
    floor: Decimal = ZERO
    kind: ClassVar[Kind] = Kind.NUMERIC

    def __post_init__(self) -> None:
        # Frozen, so normalized values (ints to Decimal) must be set around the guard.
        object.__setattr__(self, "targets", _targets(self.targets, 1, self.direction))
        object.__setattr__(self, "floor", _floor(self.floor))


@dataclass(frozen=True)
class MixedCriteria:
    """Steps for levels 1..m, then targets T(m+1)..T5 that count only once all steps are done."""

    steps: int
    targets: tuple[Decimal, ...]
    direction: Direction = Direction.HIGHER_IS_BETTER
    floor: Decimal = ZERO
    kind: ClassVar[Kind] = Kind.MIXED

    def __post_init__(self) -> None:
        _steps_count(self.steps, 1, 4)
        object.__setattr__(self, "targets", _targets(self.targets, self.steps + 1, self.direction))
        object.__setattr__(self, "floor", _floor(self.floor))


@dataclass(frozen=True)
class PassFailCriteria:
    """Pass scores 5, fail scores the floor."""

    floor: Decimal = ZERO
    kind: ClassVar[Kind] = Kind.PASS_FAIL

    def __post_init__(self) -> None:
        object.__setattr__(self, "floor", _floor(self.floor))


@dataclass(frozen=True)
class MixedResult:
    """The result of a mixed indicator: which steps are done, and the measured value if any."""

    steps: tuple[bool, ...]
    value: Decimal | None = None


@dataclass(frozen=True)
class CompositePart:
    """One sub-indicator of a composite: its weight, its own criteria and its result."""

    weight: Decimal
    criteria: Criteria
    result: Result | None = None


@dataclass(frozen=True)
class CompositeCriteria:
    """Sub-indicators scored by their own kind and averaged by weights that sum to 100."""

    parts: tuple[CompositePart, ...]
    kind: ClassVar[Kind] = Kind.COMPOSITE

    def __post_init__(self) -> None:
        validate_weights(part.weight for part in self.parts)


Criteria: TypeAlias = (
    MilestoneCriteria | NumericCriteria | MixedCriteria | PassFailCriteria | CompositeCriteria
)
Result: TypeAlias = tuple[bool, ...] | Decimal | bool | MixedResult


def _wrong_result() -> ScoringError:
    return ScoringError(
        "result_type",
        "รูปแบบผลการดำเนินงานไม่ตรงกับประเภทของตัวชี้วัด",
        "The form of the result does not match the kind of indicator",
    )


def _steps_done(result: object, steps: int) -> int:
    """Count the steps done in order; a step done out of order waits for the ones before it."""
    if not isinstance(result, tuple) or not all(isinstance(done, bool) for done in result):
        raise _wrong_result()
    if len(result) != steps:
        raise ScoringError(
            "steps_length_mismatch",
            f"ต้องระบุผลของขั้นตอนให้ครบ {steps} ขั้นตอน",
            f"The result must say of all {steps} steps whether each is done",
        )
    level = 0
    while level < steps and result[level]:
        level += 1
    return level


def _interpolate(
    targets: tuple[Decimal, ...], first_level: int, value: Decimal, direction: Direction
) -> Decimal | None:
    """Raw level for a value against targets for first_level..5; None when short of the first."""
    sign = direction.sign
    marks = [sign * target for target in targets]
    x = sign * value
    if x < marks[0]:
        return None
    for k in range(len(marks) - 1):
        if x < marks[k + 1]:
            return first_level + k + (x - marks[k]) / (marks[k + 1] - marks[k])
    return MAX_SCORE


def _raw_score(criteria: Criteria, result: Result) -> Decimal:
    if isinstance(criteria, MilestoneCriteria):
        return Decimal(_steps_done(result, criteria.steps)) * MAX_SCORE / criteria.steps
    if isinstance(criteria, NumericCriteria):
        level = _interpolate(criteria.targets, 1, _decimal(result), criteria.direction)
        return criteria.floor if level is None else level
    if isinstance(criteria, MixedCriteria):
        if not isinstance(result, MixedResult):
            raise _wrong_result()
        done = _steps_done(result.steps, criteria.steps)
        value = None if result.value is None else _decimal(result.value)
        if done < criteria.steps or value is None:
            # Level 0 means nothing reached, which is exactly what the floor stands in for.
            return max(Decimal(done), criteria.floor)
        level = _interpolate(criteria.targets, criteria.steps + 1, value, criteria.direction)
        return Decimal(criteria.steps) if level is None else level
    if isinstance(criteria, PassFailCriteria):
        if not isinstance(result, bool):
            raise _wrong_result()
        return MAX_SCORE if result else criteria.floor
    raise _wrong_result()


def _composite_score(criteria: CompositeCriteria) -> Decimal | None:
    scores = [(part.weight, score(part.criteria, part.result)) for part in criteria.parts]
    if all(part_score is None for _, part_score in scores):
        return None
    # As in a table, a sub-indicator not reported counts 0 rather than hiding the others.
    weighted = sum((weight * (part_score or ZERO) for weight, part_score in scores), ZERO)
    return round4(weighted / TOTAL_WEIGHT)


def score(criteria: Criteria, result: Result | None = None) -> Decimal | None:
    """Score one indicator on 0..5, rounded half-up to 4 decimals; None when nothing is reported."""
    if isinstance(criteria, CompositeCriteria):
        if result is not None:
            raise ScoringError(
                "composite_result_in_parts",
                "ผลของตัวชี้วัดที่มีตัวชี้วัดย่อยต้องระบุที่ตัวชี้วัดย่อยแต่ละตัว",
                "The result of an indicator with sub-indicators is given on each sub-indicator",
            )
        return _composite_score(criteria)
    if result is None:
        return None
    return round4(_raw_score(criteria, result))


def weighted_score(score: Decimal, weight: Decimal) -> Decimal:
    """An indicator's share of the organization's score: rounded score × weight / 100, 4 places."""
    return round4(round4(score) * weight / TOTAL_WEIGHT)


@dataclass(frozen=True)
class ScoreLine:
    """One indicator in a table: its key, its group (e.g. dimension), weight and score."""

    key: str
    group: str
    weight: Decimal
    score: Decimal | None


@dataclass(frozen=True)
class WeightedLine:
    """A table line with its printed weighted score; an unreported line weighs in as 0."""

    key: str
    group: str
    weight: Decimal
    score: Decimal | None
    weighted: Decimal

    @property
    def reported(self) -> bool:
        """Whether a score was reported for this line."""
        return self.score is not None


@dataclass(frozen=True)
class GroupSubtotal:
    """The sum of a group's weights and of its lines' printed weighted scores."""

    group: str
    weight: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class ScoreTable:
    """Weighted lines, group subtotals in order of first appearance, and the overall total."""

    lines: tuple[WeightedLine, ...]
    groups: tuple[GroupSubtotal, ...]
    total: Decimal

    @property
    def unreported(self) -> tuple[str, ...]:
        """Keys of the lines that have no score yet."""
        return tuple(line.key for line in self.lines if not line.reported)


def score_table(lines: Iterable[ScoreLine]) -> ScoreTable:
    """Weigh every line and add up the printed figures, so the table checks by hand."""
    given = tuple(lines)
    validate_weights(line.weight for line in given)
    seen: set[str] = set()
    weighted_lines: list[WeightedLine] = []
    groups: dict[str, tuple[Decimal, Decimal]] = {}
    for line in given:
        if line.key in seen:
            raise ScoringError(
                "duplicate_key",
                f"รหัสตัวชี้วัด {line.key} ซ้ำกันในตาราง",
                f"The indicator number {line.key} appears twice in the table",
            )
        seen.add(line.key)
        if line.score is not None:
            validate_score(line.score)
        weight = _decimal(line.weight)
        weighted = weighted_score(line.score or ZERO, weight)
        weighted_lines.append(WeightedLine(line.key, line.group, weight, line.score, weighted))
        group_weight, group_weighted = groups.get(line.group, (ZERO, ZERO))
        groups[line.group] = (group_weight + weight, group_weighted + weighted)
    subtotals = tuple(GroupSubtotal(name, w, ws) for name, (w, ws) in groups.items())
    total = sum((line.weighted for line in weighted_lines), ZERO)
    return ScoreTable(tuple(weighted_lines), subtotals, total)


@dataclass(frozen=True)
class RequiredResult:
    """What one indicator must achieve for the organization's total to reach a target."""

    status: Reach
    # The least demanding result that suffices, in the kind's result form; None unless REACHABLE.
    result: Result | None
    # The score that result earns: the floor score if already reached, 5 if not reachable.
    score: Decimal
    # The organization's total with that score (and with the assumed scores below).
    total: Decimal
    # The weighted scores assumed for the other indicators that have no score yet: each is taken
    # to score the target total itself (see `required_result`); zero when every one is reported.
    assumed: Decimal = ZERO

    @property
    def reachable(self) -> bool:
        """Whether the target total can be reached at all."""
        return self.status is not Reach.NOT_REACHABLE

    @property
    def steps_done(self) -> int | None:
        """For milestone and mixed answers, how many steps (in order) must be done."""
        steps = self.result.steps if isinstance(self.result, MixedResult) else self.result
        return sum(steps) if isinstance(steps, tuple) else None


def _floor_score(criteria: Criteria) -> Decimal:
    if isinstance(criteria, MilestoneCriteria | CompositeCriteria):
        return ZERO
    return criteria.floor


def _first_steps(done: int, steps: int) -> tuple[bool, ...]:
    return (True,) * done + (False,) * (steps - done)


def _least_value(
    targets: tuple[Decimal, ...],
    first_level: int,
    direction: Direction,
    needed: Decimal,
    suffices: Callable[[Decimal], bool],
) -> Decimal:
    """Invert the interpolation: the least demanding 4-decimal value scoring at least `needed`."""
    sign = direction.sign
    marks = [sign * target for target in targets]
    level = needed - HALF_QUANTUM
    if level <= first_level:
        x = marks[0]
    else:
        k = int(level) - first_level
        x = marks[k] + (level - first_level - k) * (marks[k + 1] - marks[k])
    value = sign * x.quantize(QUANTUM, rounding=ROUND_CEILING)
    # Trust re-scoring over the algebra: the loops move only if a 28-digit division rounded
    # across a boundary, so the answer is exact either way.
    step = sign * QUANTUM
    while not suffices(value):
        value += step
    while suffices(value - step):
        value -= step
    return value


def _whole(value: Decimal, direction: Direction) -> Decimal:
    """The nearest whole number on the demanding side: up when higher is better, else down."""
    rounding = ROUND_CEILING if direction is Direction.HIGHER_IS_BETTER else ROUND_FLOOR
    return value.to_integral_value(rounding=rounding)


def required_result(
    criteria: Criteria,
    *,
    weight: Decimal,
    other_weighted_total: Decimal,
    target_total: Decimal,
    unreported_weights: Iterable[object] = (),
    whole: bool = False,
) -> RequiredResult:
    """Find the least demanding result of one indicator that lifts the total to `target_total`.

    `other_weighted_total` is the sum of the printed weighted scores of the other indicators that
    have a score. The other indicators without one (`unreported_weights`) are assumed to score
    the target total themselves, each weighed like a table line. Counting them as 0 would ask
    this indicator to make up for results nobody has reported yet; assuming the target for them
    is the same as asking that the weighted average of the reported indicators and this one reach
    the target, which is the only thing the reported figures can answer. The assumed weighted
    total is returned in `assumed` so that the page can say so.

    With `whole`, a measured value is a count (rules.units.is_count): the answer is the least
    demanding whole number, rounded up when higher is better and down when lower is better, and
    its score and total are those of that whole number.

    When lower is better the answer is the largest value that still suffices ("at most").
    """
    if isinstance(criteria, CompositeCriteria):
        raise ScoringError(
            "solver_composite_unsupported",
            "ไม่สามารถคำนวณผลที่ต้องทำได้สำหรับตัวชี้วัดที่มีตัวชี้วัดย่อย ให้คำนวณทีละตัวชี้วัดย่อย",
            "What must be achieved cannot be worked out for an indicator with sub-indicators:"
            " ask it of each sub-indicator",
        )
    weight = _decimal(weight)
    if not ZERO < weight <= TOTAL_WEIGHT:
        raise ScoringError(
            "weight_not_positive",
            "น้ำหนักของตัวชี้วัดต้องมากกว่า 0 และไม่เกิน 100",
            "The indicator's weight must be greater than 0 and at most 100",
        )
    unreported = [_decimal(w) for w in unreported_weights]
    if any(w <= 0 for w in unreported):
        raise ScoringError(
            "weight_not_positive",
            "น้ำหนักของตัวชี้วัดทุกตัวต้องมากกว่า 0",
            "The weight of every indicator must be greater than 0",
        )
    if weight + sum(unreported, ZERO) > TOTAL_WEIGHT:
        raise ScoringError(
            "weights_over_100",
            "น้ำหนักของตัวชี้วัดนี้รวมกับตัวชี้วัดที่ยังไม่รายงานผลต้องไม่เกิน 100",
            "This indicator's weight and those of the indicators not reported yet must add up to"
            " at most 100",
        )
    validate_score(other_weighted_total)
    validate_score(target_total)
    other, target = _decimal(other_weighted_total), _decimal(target_total)
    assumed = sum((weighted_score(target, w) for w in unreported), ZERO)
    base = other + assumed

    def total_with(indicator_score: Decimal) -> Decimal:
        return base + weighted_score(indicator_score, weight)

    floor = _floor_score(criteria)
    if total_with(floor) >= target:
        return RequiredResult(Reach.ALREADY_REACHED, None, floor, total_with(floor), assumed)
    if total_with(MAX_SCORE) < target:
        return RequiredResult(Reach.NOT_REACHABLE, None, MAX_SCORE, total_with(MAX_SCORE), assumed)

    # Binary search over the 50,000 four-decimal scores for the least one that suffices.
    low, high = 0, 50_000
    while low < high:
        middle = (low + high) // 2
        if total_with(middle * QUANTUM) >= target:
            high = middle
        else:
            low = middle + 1
    needed = low * QUANTUM

    def suffices(result: Result) -> bool:
        earned = score(criteria, result)
        return earned is not None and total_with(earned) >= target

    answer: Result
    if isinstance(criteria, PassFailCriteria):
        answer = True
    elif isinstance(criteria, MilestoneCriteria):
        done = next(
            k for k in range(criteria.steps + 1) if suffices(_first_steps(k, criteria.steps))
        )
        answer = _first_steps(done, criteria.steps)
    elif isinstance(criteria, NumericCriteria):
        answer = _least_value(criteria.targets, 1, criteria.direction, needed, suffices)
        if whole:
            answer = _whole(answer, criteria.direction)
    elif needed <= criteria.steps:
        done = int(needed.to_integral_value(rounding=ROUND_CEILING))
        answer = MixedResult(_first_steps(done, criteria.steps))
    else:
        all_done = _first_steps(criteria.steps, criteria.steps)
        value = _least_value(
            criteria.targets,
            criteria.steps + 1,
            criteria.direction,
            needed,
            lambda value: suffices(MixedResult(all_done, value)),
        )
        answer = MixedResult(all_done, _whole(value, criteria.direction) if whole else value)
    # Scores only rise with a better result, so a whole number on the demanding side of the
    # least value still suffices; re-scoring it makes the printed score that number's own.
    earned = score(criteria, answer)
    assert earned is not None and suffices(answer)
    return RequiredResult(Reach.REACHABLE, answer, earned, total_with(earned), assumed)
