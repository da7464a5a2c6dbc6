"""The checks of an indicator's scoring criteria and result, one kind of indicator at a time.

Which keys each kind takes, the steps and targets read into `khamrap.rules.scoring`'s criteria (the
engine's own refusals placed on the field they are about), and the result read in the form of its
kind: a count or list of steps done, a measured value, both, or pass and fail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from khamrap.rules.agreement_file.problems import Place, Said
from khamrap.rules.agreement_file.spec import KIND_LABELS, KIND_LABELS_EN, StepSpec
from khamrap.rules.agreement_file.value_checks import ValueChecks
from khamrap.rules.scoring import (
    Criteria,
    Direction,
    Kind,
    MilestoneCriteria,
    MixedCriteria,
    MixedResult,
    NumericCriteria,
    PassFailCriteria,
    Result,
    ScoringError,
)

KIND_KEYS: dict[Kind, tuple[str, ...]] = {
    Kind.MILESTONE: ("steps", "result"),
    Kind.NUMERIC: ("targets", "direction", "floor", "result"),
    Kind.MIXED: ("steps", "targets", "direction", "floor", "result"),
    Kind.PASS_FAIL: ("floor", "result"),
    Kind.COMPOSITE: ("parts",),
}
KIND_REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.MILESTONE: ("steps",),
    Kind.NUMERIC: ("targets",),
    Kind.MIXED: ("steps", "targets"),
    Kind.PASS_FAIL: (),
    Kind.COMPOSITE: ("parts",),
}
CRITERIA_KEYS = ("steps", "targets", "direction", "floor", "result", "parts")
# Which field a scoring-engine error is about, so that its message lands on the right path.
_CODE_FIELDS = {
    "targets_count": "targets",
    "targets_not_monotone": "targets",
    "not_a_number": "targets",
    "steps_empty": "steps",
    "mixed_steps_out_of_range": "steps",
    "floor_invalid": "floor",
    "weights_empty": "parts",
    "weight_not_positive": "parts",
    "weights_not_100": "parts",
}


def wrong_kind_key(key: str, kind: Kind) -> Said:
    """Why a criteria key written on an indicator of another kind cannot be used there."""
    if key == "result" and kind is Kind.COMPOSITE:
        return (
            "ผลของตัวชี้วัดที่มีตัวชี้วัดย่อยต้องระบุที่ตัวชี้วัดย่อยแต่ละตัว",
            "the result of an indicator with sub-indicators is given on each sub-indicator",
        )
    kinds = ", ".join(k.value for k in Kind if key in KIND_KEYS[k])
    return (
        f"ใช้กับตัวชี้วัดประเภท {kind.value} ({KIND_LABELS[kind]}) ไม่ได้ ใช้ได้กับ {kinds}",
        f"cannot be used with the kind {kind.value} ({KIND_LABELS_EN[kind]}), only with {kinds}",
    )


class CriteriaChecks(ValueChecks):
    """Reads an indicator's criteria and result, adding a problem for each fault found."""

    def criteria(
        self,
        raw: Mapping[str, Any],
        place: Place,
        kind: Kind,
        *,
        floor: Decimal,
        given: Callable[[str], bool],
    ) -> tuple[Criteria | None, tuple[StepSpec, ...]]:
        steps: tuple[StepSpec, ...] = ()
        if given("steps"):
            steps = self.steps(raw["steps"], place.key("steps"))
        targets: list[Decimal] | None = None
        if given("targets"):
            targets = self.targets(raw["targets"], place.key("targets"))
        direction: Direction | None = Direction.HIGHER_IS_BETTER
        if given("direction"):
            names = {d.value: d for d in Direction}
            direction = names.get(raw["direction"]) if isinstance(raw["direction"], str) else None
            if direction is None:
                self.add(
                    place.key("direction"),
                    "ต้องเป็น higher (ยิ่งมากยิ่งดี) หรือ lower (ยิ่งน้อยยิ่งดี)",
                    "must be higher (higher is better) or lower (lower is better)",
                )
        own_floor: Decimal | None = floor
        if given("floor"):
            own_floor = self.floor(raw["floor"], place.key("floor"))
        needs_steps = kind in (Kind.MILESTONE, Kind.MIXED)
        needs_targets = kind in (Kind.NUMERIC, Kind.MIXED)
        missing = (needs_steps and not steps) or (needs_targets and targets is None)
        if missing or direction is None or own_floor is None:
            return None, steps
        floor = own_floor
        try:
            if kind is Kind.MILESTONE:
                return MilestoneCriteria(len(steps)), steps
            if kind is Kind.NUMERIC:
                return NumericCriteria(tuple(targets or ()), direction, floor), steps
            if kind is Kind.MIXED:
                return MixedCriteria(len(steps), tuple(targets or ()), direction, floor), steps
            return PassFailCriteria(floor), steps
        except ScoringError as error:
            self.add(
                place.key(_CODE_FIELDS.get(error.code, "kind")), error.message, error.message_en
            )
            return None, steps

    def steps(self, value: object, place: Place) -> tuple[StepSpec, ...]:
        items = self.sequence(
            value,
            place,
            empty_message=("ต้องมีอย่างน้อย 1 ขั้นตอน", "there must be at least one step"),
        )
        steps: list[StepSpec] = []
        for index, item in enumerate(items or []):
            here = place.item(index, f"ขั้นตอนที่ {index + 1}", f"step {index + 1}")
            if isinstance(item, str):
                text = self.text(item, here)
                if text is not None:
                    steps.append(StepSpec(text))
                continue
            if not isinstance(item, Mapping):
                self.add(
                    here,
                    "ต้องเป็นข้อความ หรือชุดของ description และ evidence",
                    "must be text, or a set of description and evidence",
                )
                continue
            self.keys(item, here, ("description", "evidence"), required=("description",))
            description = evidence = None
            if item.get("description") is not None:
                description = self.text(item["description"], here.key("description"))
            if item.get("evidence") is not None:
                evidence = self.text(item["evidence"], here.key("evidence"))
            if description is not None:
                steps.append(StepSpec(description, evidence))
        return tuple(steps) if items is not None and len(steps) == len(items) else ()

    def targets(self, value: object, place: Place) -> list[Decimal] | None:
        items = self.sequence(
            value, place, empty_message=("ต้องมีค่าเป้าหมาย", "there must be targets")
        )
        if items is None:
            return None
        values = [
            self.number(v, place.item(i, f"ค่าที่ {i + 1}", f"value {i + 1}"))
            for i, v in enumerate(items)
        ]
        return None if any(v is None for v in values) else [v for v in values if v is not None]

    def result(self, value: object, place: Place, criteria: Criteria) -> Result | None:
        if isinstance(criteria, MilestoneCriteria):
            return self.steps_done(value, place, criteria.steps)
        if isinstance(criteria, NumericCriteria):
            return self.number(value, place)
        if isinstance(criteria, MixedCriteria):
            raw = self.mapping(value, place)
            if raw is None:
                return None
            self.keys(raw, place, ("steps_done", "value"), required=("steps_done",))
            if raw.get("steps_done") is None:
                return None
            done = self.steps_done(raw["steps_done"], place.key("steps_done"), criteria.steps)
            measured = None
            if raw.get("value") is not None:
                measured = self.number(raw["value"], place.key("value"))
                if measured is None:
                    return None
            return None if done is None else MixedResult(done, measured)
        if isinstance(criteria, PassFailCriteria):
            if isinstance(value, bool):
                return value
            self.add(
                place,
                "ต้องเป็น true (ผ่าน) หรือ false (ไม่ผ่าน)",
                "must be true (pass) or false (fail)",
            )
        return None

    def steps_done(self, value: object, place: Place, steps: int) -> tuple[bool, ...] | None:
        """Either how many steps are done in order (3) or which step numbers are done ([1, 2, 4])."""
        if isinstance(value, int) and not isinstance(value, bool):
            if 0 <= value <= steps:
                return (True,) * value + (False,) * (steps - value)
            self.add(
                place,
                f"จำนวนขั้นตอนที่ทำเสร็จต้องอยู่ระหว่าง 0 ถึง {steps}",
                f"the number of steps done must be from 0 to {steps}",
            )
            return None
        if not isinstance(value, list | tuple):
            self.add(
                place,
                "ต้องเป็นจำนวนขั้นตอนที่ทำเสร็จตามลำดับ (เช่น 3) "
                "หรือรายการหมายเลขขั้นตอนที่ทำเสร็จ (เช่น [1, 2, 4])",
                "must be the number of steps done in order (such as 3) "
                "or a list of the numbers of the steps done (such as [1, 2, 4])",
            )
            return None
        done: set[int] = set()
        ok = True
        for index, item in enumerate(value):
            here = place.item(index, f"ลำดับที่ {index + 1}", f"item {index + 1}")
            number = self.integer(item, here)
            if number is None:
                ok = False
            elif not 1 <= number <= steps:
                self.add(
                    here,
                    f"ไม่มีขั้นตอนที่ {number} (มีขั้นตอนที่ 1 ถึง {steps})",
                    f"there is no step {number} (the steps are 1 to {steps})",
                )
                ok = False
            elif number in done:
                self.add(here, f"ขั้นตอนที่ {number} ระบุซ้ำ", f"step {number} is given twice")
                ok = False
            else:
                done.add(number)
        return tuple(step in done for step in range(1, steps + 1)) if ok else None
