"""The words the linter's messages share, in Thai and in English: the names of the scoring kinds,
numbers as people write them, the notes on totals and targets, and the scoring engine's refusals in
English (the engine's own messages are Thai)."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from khamrap.rules.scoring import Direction, Kind

KIND_NAMES = {
    Kind.MILESTONE: "ระดับขั้นของความสำเร็จ (Milestone)",
    Kind.NUMERIC: "ค่าเป้าหมาย 5 ระดับ",
    Kind.MIXED: "แบบผสม (ขั้นตอนและค่าเป้าหมาย)",
    Kind.PASS_FAIL: "ผ่าน/ไม่ผ่าน",
    Kind.COMPOSITE: "มีตัวชี้วัดย่อย",
}
KIND_NAMES_EN = {
    Kind.MILESTONE: "milestone levels of success",
    Kind.NUMERIC: "five-level targets",
    Kind.MIXED: "mixed (steps and targets)",
    Kind.PASS_FAIL: "pass/fail",
    Kind.COMPOSITE: "with sub-indicators",
}


def plain_number(value: Decimal | int) -> str:
    """A number as a person writes it: 95, 12.5, never 1E+2 nor 95.00."""
    return format(Decimal(value).normalize(), "f")


def uncounted(weights: list[Decimal | None], *, english: bool = False) -> str:
    """The note added to a total that leaves out weights not given yet."""
    missing = sum(1 for weight in weights if weight is None)
    if not missing:
        return ""
    if english:
        indicators = "indicator" if missing == 1 else "indicators"
        return f" (not counting {missing} {indicators} without a weight yet)"
    return f" (ยังไม่นับตัวชี้วัดที่ไม่ได้กำหนดน้ำหนัก {missing} ตัว)"


def first_break(
    targets: tuple[Decimal | None, ...],
    first_level: int,
    direction: Direction,
    *,
    english: bool = False,
) -> str:
    """Name the first pair of levels out of order, e.g. ' (ระดับ 3 = 90 ไม่มากกว่าระดับ 2 = 90)'."""
    higher = direction is Direction.HIGHER_IS_BETTER
    word = "มากกว่า" if higher else "น้อยกว่า"
    for level, (a, b) in enumerate(pairwise(targets), start=first_level):
        if a is not None and b is not None and direction.sign * (b - a) <= 0:
            if english:
                word_en = "higher" if higher else "lower"
                return (
                    f" (level {level + 1} = {plain_number(b)} is not {word_en} than level {level}"
                    f" = {plain_number(a)})"
                )
            return (
                f" (ระดับ {level + 1} = {plain_number(b)} ไม่{word}ระดับ {level} = {plain_number(a)})"
            )
    return ""


def scoring_english(
    code: str,
    first_level: int = 1,
    direction: Direction = Direction.HIGHER_IS_BETTER,
    given: int = 0,
) -> str:
    """In English, the scoring engine's refusals that the linter passes on (the engine's own
    messages are Thai)."""
    if code == "targets_count":
        return (
            f"{6 - first_level} targets are needed for levels {first_level} to 5, but"
            f" {given} are given"
        )
    if code == "targets_not_monotone":
        trend = "rise" if direction is Direction.HIGHER_IS_BETTER else "fall"
        return f"the targets must {trend} from level {first_level} to 5"
    return {
        "floor_invalid": "The lowest score below the level-1 target must be 0 or 1",
        "not_a_number": "a number must be a whole or decimal number",
        "steps_empty": "milestone criteria need at least one step",
        "mixed_steps_out_of_range": (
            "mixed criteria use steps for levels 1 to m, where m is from 1 to 4"
        ),
    }.get(code, code)
