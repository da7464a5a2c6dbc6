"""Tests of the agreement linter's checks of scoring criteria: targets and steps as each kind of
indicator needs them."""

from decimal import Decimal

import pytest

from khamrap.rules.agreement_checks import StepDraft, check_agreement, has_errors
from khamrap.rules.tests.agreement_drafts import (
    ISSUES,
    change,
    clean,
    codes,
    steps,
    targets,
    the_problem,
)

D = Decimal


# --- targets -------------------------------------------------------------------------------------


def test_it_reports_a_numeric_indicator_without_five_targets() -> None:
    draft = change(clean(), "2", targets=targets(80, 90, 95, 100))
    assert codes(draft) == ["targets_count"]
    message = the_problem(draft, "targets_count", "2").message
    assert "ต้องกำหนดค่าเป้าหมาย 5 ค่าสำหรับระดับ 1 ถึง 5 แต่ได้รับ 4 ค่า" in message


def test_it_reports_a_mixed_indicator_without_five_minus_m_targets() -> None:
    draft = change(clean(), "3", targets=targets(20, 15, 10, 5))
    assert codes(draft) == ["targets_count"]
    message = the_problem(draft, "targets_count", "3").message
    assert "ต้องกำหนดค่าเป้าหมาย 3 ค่าสำหรับระดับ 3 ถึง 5 แต่ได้รับ 4 ค่า" in message


def test_it_names_the_levels_whose_targets_are_missing() -> None:
    draft = change(clean(), "2", targets=targets(80, None, 90, None, 100))
    assert codes(draft) == ["targets_missing"]
    assert the_problem(draft, "targets_missing", "2").message == (
        "ตัวชี้วัด 2: ยังไม่ได้กำหนดค่าเป้าหมายของระดับ 2, 4"
    )


@pytest.mark.parametrize(
    ("number", "direction", "values", "detail"),
    [
        ("2", "higher", targets(80, 85, 85, 95, 100), "ระดับ 3 = 85 ไม่มากกว่าระดับ 2 = 85"),
        ("2", "lower", targets(80, 85, 90, 95, 100), "ระดับ 2 = 85 ไม่น้อยกว่าระดับ 1 = 80"),
        ("3", "lower", targets(20, 10, 15), "ระดับ 5 = 15 ไม่น้อยกว่าระดับ 4 = 10"),
    ],
)
def test_it_reports_targets_out_of_order_for_the_direction(
    number: str, direction: str, values: tuple[Decimal | None, ...], detail: str
) -> None:
    draft = change(clean(), number, direction=direction, targets=values)
    assert codes(draft) == ["targets_not_monotone"]
    message = the_problem(draft, "targets_not_monotone", number).message
    assert "ค่าเป้าหมายต้อง" in message
    assert detail in message


def test_it_accepts_decreasing_targets_when_lower_is_better() -> None:
    draft = change(clean(), "2", direction="lower", targets=targets(30, 25, 20, 15, 10))
    assert codes(draft) == []


def test_it_reports_a_target_that_is_a_float() -> None:
    draft = change(clean(), "4.2", targets=(D(50), D(60), 70.5, D(80), D(90)))
    assert codes(draft) == ["target_not_a_number"]
    the_problem(draft, "target_not_a_number", "4.2")


def test_it_reports_a_direction_that_is_neither_higher_nor_lower() -> None:
    draft = change(clean(), "2", direction="")
    assert codes(draft) == ["direction_invalid"]
    assert "ค่ามากดีหรือค่าน้อยดี" in the_problem(draft, "direction_invalid", "2").message


# --- steps ---------------------------------------------------------------------------------------


def test_it_reports_a_milestone_without_steps() -> None:
    draft = change(clean(), "1", steps=())
    assert codes(draft) == ["steps_empty"]
    assert "อย่างน้อย 1 ขั้นตอน" in the_problem(draft, "steps_empty", "1").message


@pytest.mark.parametrize("count", [1, 4, 6])
def test_it_warns_when_a_milestone_does_not_have_five_steps(count: int) -> None:
    draft = change(clean(), "1", steps=steps(count))
    assert codes(draft) == ["steps_not_five"]
    problem = the_problem(draft, "steps_not_five", "1", "warning")
    assert f"มี {count} ขั้นตอน" in problem.message
    assert not has_errors(check_agreement(draft, ISSUES))


def test_it_reports_a_mixed_indicator_whose_steps_do_not_match_m() -> None:
    draft = change(clean(), "3", steps=steps(3))
    assert codes(draft) == ["steps_count_mismatch"]
    message = the_problem(draft, "steps_count_mismatch", "3").message
    assert "จึงต้องมี 2 ขั้นตอน แต่มี 3 ขั้นตอน" in message


def test_it_reports_a_mixed_indicator_without_m() -> None:
    draft = change(clean(), "3", mixed_steps=None)
    assert codes(draft) == ["mixed_steps_missing"]
    the_problem(draft, "mixed_steps_missing", "3")


@pytest.mark.parametrize("m", [0, 5])
def test_it_reports_a_mixed_indicator_whose_m_is_out_of_range(m: int) -> None:
    draft = change(clean(), "3", mixed_steps=m)
    assert codes(draft) == ["mixed_steps_out_of_range"]
    assert "1 ถึง 4" in the_problem(draft, "mixed_steps_out_of_range", "3").message


def test_it_reports_a_step_without_a_description() -> None:
    written = list(steps(5))
    written[1] = StepDraft("  ", "หนังสือแต่งตั้งคณะทำงาน")
    draft = change(clean(), "1", steps=tuple(written))
    assert codes(draft) == ["step_description_missing"]
    message = the_problem(draft, "step_description_missing", "1").message
    assert "ขั้นตอนที่ 2 ยังไม่มีคำอธิบาย" in message


def test_it_warns_about_a_step_without_the_evidence_expected() -> None:
    written = list(steps(5))
    written[2] = StepDraft("จัดอบรมคณะทำงาน", "")
    draft = change(clean(), "1", steps=tuple(written))
    assert codes(draft) == ["step_evidence_missing"]
    problem = the_problem(draft, "step_evidence_missing", "1", "warning")
    assert problem.message == "ตัวชี้วัด 1: ขั้นตอนที่ 3 ยังไม่ระบุหลักฐานที่ต้องแสดง"
    assert not has_errors([problem])


def test_it_warns_about_targets_and_steps_that_the_kind_does_not_use() -> None:
    draft = change(clean(), "4.1", targets=targets(1, 2, 3, 4, 5), steps=steps(1))
    assert codes(draft) == ["targets_unused", "steps_unused"]
    the_problem(draft, "targets_unused", "4.1", "warning")
    the_problem(draft, "steps_unused", "4.1", "warning")


def test_it_reports_an_unknown_kind() -> None:
    draft = change(clean(), "2", kind="stars")
    assert codes(draft) == ["kind_unknown"]
    assert "รูปแบบ “stars” ไม่ถูกต้อง" in the_problem(draft, "kind_unknown", "2").message
