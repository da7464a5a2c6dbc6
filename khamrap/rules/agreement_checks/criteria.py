"""The checks of an indicator's scoring criteria: targets and steps as its kind needs them, in the
scoring engine's own terms (a draft the linter passes is one the engine accepts)."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from khamrap.rules.scoring import (
    Direction,
    Kind,
    MilestoneCriteria,
    MixedCriteria,
    NumericCriteria,
    ScoringError,
)

from .drafts import IndicatorDraft
from .problems import WARNING, Add
from .wording import KIND_NAMES, KIND_NAMES_EN, first_break, scoring_english

USUAL_MILESTONE_STEPS = 5


def check_criteria(ind: IndicatorDraft, kind: Kind, add: Add) -> None:
    """Targets and steps as the kind needs them; warnings for those it ignores."""
    uses_targets = kind in (Kind.NUMERIC, Kind.MIXED)
    uses_steps = kind in (Kind.MILESTONE, Kind.MIXED)
    if ind.targets and not uses_targets:
        add(
            "targets_unused",
            f"เกณฑ์แบบ{KIND_NAMES[kind]}ไม่ใช้ค่าเป้าหมาย ค่าเป้าหมายที่กรอกไว้"
            f" {len(ind.targets)} ค่าจะไม่ถูกนำมาคิดคะแนน ให้ลบออกหรือเปลี่ยนรูปแบบเกณฑ์",
            f"criteria of the kind {KIND_NAMES_EN[kind]} use no targets: the"
            f" {len(ind.targets)} targets entered will not be scored; remove them or change"
            " the kind",
            WARNING,
        )
    if ind.steps and not uses_steps:
        add(
            "steps_unused",
            f"เกณฑ์แบบ{KIND_NAMES[kind]}ไม่ใช้ขั้นตอน ขั้นตอนที่กรอกไว้"
            f" {len(ind.steps)} ขั้นตอนจะไม่ถูกนำมาคิดคะแนน ให้ลบออกหรือเปลี่ยนรูปแบบเกณฑ์",
            f"criteria of the kind {KIND_NAMES_EN[kind]} use no steps: the"
            f" {len(ind.steps)} steps entered will not be scored; remove them or change the kind",
            WARNING,
        )
    if kind is Kind.MILESTONE:
        _milestone_steps(ind, add)
    elif kind is Kind.NUMERIC:
        direction = _direction(ind, add)
        if direction is not None:
            _targets(ind, 1, direction, add)
    elif kind is Kind.MIXED:
        _mixed(ind, add)
    if uses_steps:
        _step_texts(ind, add)


def _milestone_steps(ind: IndicatorDraft, add: Add) -> None:
    """At least one step (the engine's rule), usually five."""
    count = len(ind.steps)
    try:
        MilestoneCriteria(count)
    except ScoringError as error:
        add(
            error.code,
            error.message + " ให้เพิ่มขั้นตอนของความสำเร็จ",
            scoring_english(error.code) + "; add the steps of success",
        )
        return
    if count != USUAL_MILESTONE_STEPS:
        add(
            "steps_not_five",
            f"มี {count} ขั้นตอน โดยปกติเกณฑ์ระดับขั้นของความสำเร็จมี"
            f" {USUAL_MILESTONE_STEPS} ขั้นตอน (ระดับละ 1 ขั้นตอน)"
            " ให้ตรวจสอบว่าตั้งใจกำหนดไว้เช่นนี้",
            f"has {count} steps; milestone criteria usually have {USUAL_MILESTONE_STEPS}"
            " (one step a level): check that this is meant",
            WARNING,
        )


def _mixed(ind: IndicatorDraft, add: Add) -> None:
    """m within 1..4, exactly m steps, and 5 - m targets."""
    direction = _direction(ind, add)
    m = ind.mixed_steps
    if m is None:
        add(
            "mixed_steps_missing",
            "ยังไม่ได้กำหนดว่าขั้นตอนใช้กับระดับ 1 ถึงระดับใด (m) ของเกณฑ์แบบผสม",
            "does not say up to which level (m) the steps of its mixed criteria go",
        )
        return
    try:
        MixedCriteria(m, ())
    except ScoringError as error:
        # The engine checks m before the targets: a complaint about targets means m is fine.
        if error.code != "targets_count":
            code = "mixed_steps_not_a_number" if error.code == "not_a_number" else error.code
            add(code, error.message, scoring_english(error.code))
            return
    if len(ind.steps) != m:
        add(
            "steps_count_mismatch",
            f"เกณฑ์แบบผสมใช้ขั้นตอนสำหรับระดับ 1 ถึง {m} จึงต้องมี {m} ขั้นตอน แต่มี {len(ind.steps)} ขั้นตอน",
            f"mixed criteria with steps for levels 1 to {m} need {m} steps, but there are"
            f" {len(ind.steps)}",
        )
    if direction is not None:
        _targets(ind, m + 1, direction, add)


def _direction(ind: IndicatorDraft, add: Add) -> Direction | None:
    """Higher-is-better or lower-is-better, or None (and an error)."""
    try:
        return Direction(ind.direction)
    except ValueError:
        add(
            "direction_invalid",
            "ยังไม่ได้เลือกว่าค่ามากดีหรือค่าน้อยดี จึงยังตรวจค่าเป้าหมายไม่ได้",
            "does not say yet whether higher or lower is better, so its targets cannot be checked",
        )
        return None


def _targets(ind: IndicatorDraft, first_level: int, direction: Direction, add: Add) -> None:
    """Targets for levels first_level..5: all there, counted and in order (the engine's rules)."""
    targets = ind.targets
    levels = range(first_level, 6)
    if len(targets) == len(levels) and None in targets:
        missing = ", ".join(
            str(level) for level, target in zip(levels, targets, strict=True) if target is None
        )
        add(
            "targets_missing",
            f"ยังไม่ได้กำหนดค่าเป้าหมายของระดับ {missing}",
            f"has no target yet for level{'s' if ',' in missing else ''} {missing}",
        )
        return
    # No None is left unless the count is wrong, which the engine reports before any value.
    values = cast("tuple[Decimal, ...]", targets)
    try:
        if first_level == 1:
            NumericCriteria(values, direction)
        else:
            MixedCriteria(first_level - 1, values, direction)
    except ScoringError as error:
        message = error.message
        english = scoring_english(error.code, first_level, direction, len(targets))
        if error.code == "targets_not_monotone":
            message += first_break(targets, first_level, direction)
            english += first_break(targets, first_level, direction, english=True)
        code = "target_not_a_number" if error.code == "not_a_number" else error.code
        add(code, message, english)


def _step_texts(ind: IndicatorDraft, add: Add) -> None:
    """Each step says what to do and, preferably, what evidence shows it done."""
    for index, step in enumerate(ind.steps, start=1):
        if not step.description.strip():
            add(
                "step_description_missing",
                f"ขั้นตอนที่ {index} ยังไม่มีคำอธิบายว่าต้องทำอะไร",
                f"step {index} does not say yet what is to be done",
            )
        if not step.evidence.strip():
            add(
                "step_evidence_missing",
                f"ขั้นตอนที่ {index} ยังไม่ระบุหลักฐานที่ต้องแสดง",
                f"step {index} does not name yet the evidence to show",
                WARNING,
            )
