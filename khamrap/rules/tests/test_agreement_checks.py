"""Tests of the agreement linter: a clean agreement, each check alone, issue coverage, properties."""

import dataclasses
import re
import subprocess
import sys
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khamrap.agreements.presets import GROUP_2_OPTIONAL_MINIMUM, REFORM_ISSUES
from khamrap.rules.agreement_checks import (
    AgreementDraft,
    GroupDraft,
    IndicatorDraft,
    IssueCoverage,
    Problem,
    ReformIssues,
    StepDraft,
    check_agreement,
    has_errors,
    issue_coverage,
)

D = Decimal
# Seed 001's issues, which the agreements app passes in as well.
ISSUES = ReformIssues.from_rows(REFORM_ISSUES, group_2_optional_minimum=GROUP_2_OPTIONAL_MINIMUM)
THAI = re.compile("[\u0e00-\u0e7f]")
WEIGHT_CODES = {
    "weight_missing",
    "weight_not_positive",
    "weights_not_100",
    "parts_weights_not_100",
    "group_weights_mismatch",
}


def targets(*values: str | int | None) -> tuple[Decimal | None, ...]:
    """Decimal targets from ints or strings (None for a blank one)."""
    return tuple(None if value is None else D(value) for value in values)


def steps(count: int) -> tuple[StepDraft, ...]:
    """`count` steps, each with a description and its evidence."""
    return tuple(
        StepDraft(f"ดำเนินการขั้นตอนที่ {n}", f"รายงานการประชุมครั้งที่ {n}") for n in range(1, count + 1)
    )


def clean() -> AgreementDraft:
    """A department of group 2 with one indicator of each kind and nothing wrong."""
    return AgreementDraft(
        indicators=(
            IndicatorDraft(
                "1",
                "ระดับความสำเร็จของการพัฒนาคุณภาพการบริหารจัดการภาครัฐ",
                "1",
                D(30),
                "milestone",
                steps=steps(5),
                supervisors=1,
                collectors=1,
                issues=frozenset({"cost-reduction", "staffing"}),
            ),
            IndicatorDraft(
                "2",
                "ร้อยละของผู้รับบริการที่พึงพอใจ",
                "1",
                D(30),
                "numeric",
                targets=targets(80, 85, 90, 95, 100),
                supervisors=1,
                collectors=2,
                issues=frozenset({"service-quality"}),
            ),
            IndicatorDraft(
                "3",
                "ระยะเวลาการให้บริการ",
                "2",
                D("20.5"),
                "mixed",
                direction="lower",
                targets=targets(20, 15, 10),
                mixed_steps=2,
                steps=steps(2),
                supervisors=1,
                collectors=1,
                issues=frozenset({"service-time"}),
            ),
            IndicatorDraft(
                "4",
                "ผลสำเร็จของการพัฒนาการปฏิบัติราชการ",
                "2",
                D("19.5"),
                "composite",
                supervisors=1,
                collectors=1,
                issues=frozenset({"development-success"}),
                parts=(
                    IndicatorDraft(
                        "4.1",
                        "มีระบบให้บริการผ่านทางอิเล็กทรอนิกส์",
                        "",
                        D(40),
                        "pass_fail",
                        issues=frozenset({"e-service"}),
                    ),
                    IndicatorDraft(
                        "4.2",
                        "ร้อยละของงานที่ใช้ระบบอิเล็กทรอนิกส์",
                        "",
                        D(60),
                        "numeric",
                        targets=targets(50, 60, 70, 80, 90),
                        issues=frozenset({"e-work"}),
                    ),
                ),
            ),
        ),
        groups=(
            GroupDraft("1", "มิติที่ 1 ด้านประสิทธิผลตามแผนปฏิบัติราชการ", D(60)),
            GroupDraft("2", "มิติที่ 2 ด้านคุณภาพการให้บริการ", D(40)),
        ),
        department_group=2,
    )


def change(draft: AgreementDraft, which: str, **changes: object) -> AgreementDraft:
    """The draft with the indicator (or sub-indicator) numbered `which` changed."""

    def walk(indicators: tuple[IndicatorDraft, ...]) -> tuple[IndicatorDraft, ...]:
        return tuple(
            dataclasses.replace(ind, **changes)
            if ind.number == which
            else dataclasses.replace(ind, parts=walk(ind.parts))
            for ind in indicators
        )

    return dataclasses.replace(draft, indicators=walk(draft.indicators))


def codes(draft: AgreementDraft) -> list[str]:
    """The codes of the draft's problems, in the order reported."""
    return [problem.code for problem in check_agreement(draft, ISSUES)]


def the_problem(
    draft: AgreementDraft, code: str, indicator: str | None, severity: str = "error"
) -> Problem:
    """The single problem with this code; it is in Thai and names its indicator."""
    found = [problem for problem in check_agreement(draft, ISSUES) if problem.code == code]
    assert len(found) == 1, found
    problem = found[0]
    assert problem.indicator == indicator
    assert problem.severity == severity
    assert THAI.search(problem.message)
    if indicator is not None:
        assert problem.message.startswith(f"ตัวชี้วัด {indicator}: ")
    # The same problem in English, for pages read in English: Thai only where it quotes data.
    assert problem.message_en
    if indicator is not None:
        assert problem.message_en.startswith(f"Indicator {indicator}: ")
    if code not in QUOTES_THAI_DATA:
        assert not THAI.search(problem.message_en), problem.message_en
    assert problem.text("en") == problem.message_en
    assert problem.text("th") == problem.text(None) == problem.message
    return problem


# Problems whose message quotes a group's or an indicator's (Thai) name.
QUOTES_THAI_DATA = {
    "group_unknown",
    "group_weights_mismatch",
    "group_weights_not_100",
    "number_duplicate",
}


# --- a clean agreement ---------------------------------------------------------------------------


def test_it_finds_no_problem_in_a_clean_agreement() -> None:
    assert check_agreement(clean(), ISSUES) == []


def test_it_is_a_pure_module_that_does_not_import_django() -> None:
    code = (
        "import sys, khamrap.rules.agreement_checks;"
        "sys.exit(any(name.startswith('django') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- weights -------------------------------------------------------------------------------------


def test_it_reports_a_missing_weight_and_the_total_it_leaves() -> None:
    draft = change(clean(), "2", weight=None)
    assert codes(draft) == ["weight_missing", "weights_not_100", "group_weights_mismatch"]
    assert "ยังไม่ได้กำหนดน้ำหนัก" in the_problem(draft, "weight_missing", "2").message
    total = the_problem(draft, "weights_not_100", None).message
    assert "เท่ากับ 70 ต้องเท่ากับ 100" in total
    assert "ยังไม่นับตัวชี้วัดที่ไม่ได้กำหนดน้ำหนัก 1 ตัว" in total


def test_it_says_each_problem_in_english_too() -> None:
    draft = change(clean(), "2", weight=None)
    english = [problem.message_en for problem in check_agreement(draft, ISSUES)]
    assert english[:2] == [
        "Indicator 2: has no weight yet",
        "The weights of the indicators add up to 70; they must add up to 100"
        " (not counting 1 indicator without a weight yet)",
    ]
    draft = change(clean(), "2", targets=targets(80, 85, None, 95, None))
    assert the_problem(draft, "targets_missing", "2").message_en == (
        "Indicator 2: has no target yet for levels 3, 5"
    )
    draft = change(clean(), "2", targets=targets(80, 85, 85, 95, 100))
    assert the_problem(draft, "targets_not_monotone", "2").message_en == (
        "Indicator 2: the targets must rise from level 1 to 5"
        " (level 3 = 85 is not higher than level 2 = 85)"
    )


@pytest.mark.parametrize("weight", [D(0), D(-5)])
def test_it_reports_a_weight_that_is_not_positive(weight: Decimal) -> None:
    draft = change(clean(), "4.1", weight=weight)
    # The composite comes before its sub-indicators.
    assert codes(draft) == ["parts_weights_not_100", "weight_not_positive"]
    assert "มากกว่า 0" in the_problem(draft, "weight_not_positive", "4.1").message


def test_it_reports_top_level_weights_that_do_not_sum_to_100() -> None:
    draft = dataclasses.replace(change(clean(), "1", weight=D(25)), groups=())
    assert codes(draft) == ["weights_not_100"]
    problem = the_problem(draft, "weights_not_100", None)
    assert problem.message == "ผลรวมน้ำหนักของตัวชี้วัดเท่ากับ 95 ต้องเท่ากับ 100"


def test_it_reports_sub_indicator_weights_that_do_not_sum_to_100() -> None:
    draft = change(clean(), "4.2", weight=D("59.99"))
    assert codes(draft) == ["parts_weights_not_100"]
    message = the_problem(draft, "parts_weights_not_100", "4").message
    assert "ตัวชี้วัดย่อยเท่ากับ 99.99 ต้องเท่ากับ 100" in message


def test_it_reports_a_group_whose_indicators_do_not_add_up_to_its_weight() -> None:
    draft = change(change(clean(), "1", weight=D(35)), "3", weight=D("15.5"))
    assert codes(draft) == ["group_weights_mismatch", "group_weights_mismatch"]
    first, second = check_agreement(draft, ISSUES)
    assert first.message == (
        "มิติที่ 1 ด้านประสิทธิผลตามแผนปฏิบัติราชการ: ผลรวมน้ำหนักของตัวชี้วัดในกลุ่มนี้เท่ากับ 65"
        " ต้องเท่ากับน้ำหนักของกลุ่ม 60 (ตัวชี้วัด 1, 2)"
    )
    assert "เท่ากับ 35 ต้องเท่ากับน้ำหนักของกลุ่ม 40" in second.message
    assert first.indicator is None and first.severity == "error"


def test_it_reports_group_weights_that_do_not_sum_to_100() -> None:
    base = clean()
    groups = (*base.groups, GroupDraft("3", "มิติที่ 3 ด้านประสิทธิภาพ", D(10)))
    draft = dataclasses.replace(base, groups=groups)
    # The empty group also misses its own weight.
    assert codes(draft) == ["group_weights_mismatch", "group_weights_not_100"]
    message = the_problem(draft, "group_weights_not_100", None).message
    assert "ผลรวมน้ำหนักของกลุ่มตัวชี้วัดเท่ากับ 110 ต้องเท่ากับ 100" in message
    assert "ยังไม่มีตัวชี้วัดในกลุ่มนี้" in check_agreement(draft, ISSUES)[0].message


def test_it_checks_group_weights_only_for_groups_that_have_one() -> None:
    base = clean()
    groups = (
        dataclasses.replace(base.groups[0], weight=None),
        base.groups[1],
        GroupDraft("3", "มิติที่ 3 ด้านประสิทธิภาพ", None),
    )
    assert codes(dataclasses.replace(base, groups=groups)) == []


def test_it_reports_an_indicator_in_a_group_that_does_not_exist() -> None:
    draft = dataclasses.replace(change(clean(), "2", group="5"), groups=clean().groups[1:])
    draft = dataclasses.replace(draft, groups=(dataclasses.replace(draft.groups[0], weight=None),))
    assert codes(draft) == ["group_unknown", "group_unknown"]
    problems = check_agreement(draft, ISSUES)
    assert [problem.indicator for problem in problems] == ["1", "2"]
    assert "กลุ่ม “5” ซึ่งไม่มีในกรอบการประเมิน" in problems[1].message


def test_it_skips_the_group_check_when_the_framework_has_no_groups() -> None:
    assert codes(dataclasses.replace(clean(), groups=())) == []


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


# --- people --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "code", "thai"),
    [
        ("supervisors", "supervisor_missing", "ผู้กำกับดูแลตัวชี้วัด"),
        ("collectors", "collector_missing", "ผู้จัดเก็บข้อมูล"),
    ],
)
def test_it_reports_an_indicator_without_its_people(field: str, code: str, thai: str) -> None:
    draft = change(clean(), "2", **{field: 0})
    assert codes(draft) == [code]
    assert thai in the_problem(draft, code, "2").message


def test_it_lets_sub_indicators_take_the_people_of_their_composite() -> None:
    # In the clean agreement the people are named on composite 4 only.
    assert clean().indicators[3].parts[0].supervisors == 0
    draft = change(change(clean(), "4.1", supervisors=1, collectors=1), "4", collectors=0)
    assert codes(draft) == ["collector_missing"]
    message = the_problem(draft, "collector_missing", "4.2").message
    assert "หรือที่ตัวชี้วัด 4 เพื่อใช้กับตัวชี้วัดย่อยทุกตัว" in message


def test_it_accepts_a_composite_whose_people_are_on_every_sub_indicator() -> None:
    draft = change(clean(), "4", supervisors=0, collectors=0)
    draft = change(
        change(draft, "4.1", supervisors=1, collectors=1), "4.2", supervisors=2, collectors=1
    )
    assert codes(draft) == []


# --- numbers and structure -----------------------------------------------------------------------


def test_it_reports_a_number_used_twice_at_the_later_indicator() -> None:
    draft = change(clean(), "3", number="2")
    assert codes(draft) == ["number_duplicate"]
    problem = the_problem(draft, "number_duplicate", "2")
    assert "ซ้ำกับตัวชี้วัด “ร้อยละของผู้รับบริการที่พึงพอใจ”" in problem.message


def test_it_reports_a_sub_indicator_numbered_like_a_top_level_indicator() -> None:
    draft = change(clean(), "4.2", number="1")
    assert codes(draft) == ["number_duplicate"]
    assert check_agreement(draft, ISSUES)[0].indicator == "1"


def test_it_reports_a_missing_number_and_name() -> None:
    draft = change(change(clean(), "2", number=" "), "3", name="")
    assert codes(draft) == ["number_missing", "name_missing"]
    number, name = check_agreement(draft, ISSUES)
    assert number.message.startswith("ตัวชี้วัด “ร้อยละของผู้รับบริการที่พึงพอใจ”: ")
    assert number.indicator is None
    assert name.message == "ตัวชี้วัด 3: ยังไม่ได้ระบุชื่อตัวชี้วัด"


def test_it_reports_a_composite_without_sub_indicators() -> None:
    draft = dataclasses.replace(change(clean(), "4", parts=()), department_group=1)
    assert codes(draft) == ["composite_without_parts"]
    the_problem(draft, "composite_without_parts", "4")


def test_it_reports_sub_indicators_on_an_indicator_that_is_not_composite() -> None:
    part = dataclasses.replace(
        clean().indicators[3].parts[0], number="2.1", supervisors=1, collectors=1
    )
    draft = change(clean(), "2", parts=(part,))
    assert codes(draft) == ["parts_on_non_composite"]
    message = the_problem(draft, "parts_on_non_composite", "2").message
    assert "มีตัวชี้วัดย่อย 1 ตัว แต่เกณฑ์เป็นแบบค่าเป้าหมาย 5 ระดับ" in message


# --- the agreement as a whole --------------------------------------------------------------------


def test_it_reports_an_agreement_without_indicators() -> None:
    draft = AgreementDraft((), (), None)
    assert codes(draft) == ["indicators_empty"]
    the_problem(draft, "indicators_empty", None)


def test_it_reports_a_floor_that_is_neither_0_nor_1() -> None:
    draft = dataclasses.replace(clean(), floor=D(2))
    assert codes(draft) == ["floor_invalid"]
    the_problem(draft, "floor_invalid", None)


def test_it_lists_indicator_problems_in_order_before_the_agreement_problems() -> None:
    draft = change(change(change(clean(), "3", collectors=0), "1", supervisors=0), "4.2", name="")
    draft = dataclasses.replace(draft, floor=D(3), department_group=1)
    draft = change(draft, "1", issues=frozenset())
    assert [(problem.indicator, problem.code) for problem in check_agreement(draft, ISSUES)] == [
        ("1", "supervisor_missing"),
        ("3", "collector_missing"),
        ("4.2", "name_missing"),
        (None, "floor_invalid"),
        (None, "mandatory_issue_missing"),
        (None, "mandatory_issue_missing"),
    ]


def test_it_tells_errors_from_warnings() -> None:
    warning = Problem("step_evidence_missing", "ตัวชี้วัด 1: ...", "1", "warning")
    error = Problem("weight_missing", "ตัวชี้วัด 1: ...", "1", "error")
    assert not has_errors([])
    assert not has_errors([warning])
    assert has_errors([warning, error])


# --- department groups and reform issues (seed 001) ----------------------------------------------


def test_it_requires_the_five_mandatory_issues_of_group_1_and_names_the_missing_ones() -> None:
    draft = dataclasses.replace(change(clean(), "1", issues=frozenset()), department_group=1)
    assert codes(draft) == ["mandatory_issue_missing", "mandatory_issue_missing"]
    first, second = check_agreement(draft, ISSUES)
    assert "กลุ่มที่ 1" in first.message
    assert "ประเด็นภาคบังคับที่ 1 “การลดค่าใช้จ่าย”" in first.message
    assert "“การลดอัตรากำลังหรือจัดสรรอัตรากำลังให้คุ้มค่า”" in second.message
    assert issue_coverage(draft, ISSUES) == IssueCoverage(
        ("cost-reduction", "staffing"), ("e-work", "e-service"), 0
    )


def test_it_asks_nothing_optional_of_group_1() -> None:
    draft = change(change(clean(), "4.1", issues=frozenset()), "4.2", issues=frozenset())
    draft = dataclasses.replace(draft, department_group=1)
    assert codes(draft) == []
    assert issue_coverage(draft, ISSUES).complete


def test_it_requires_two_optional_issues_of_group_2() -> None:
    draft = change(clean(), "4.2", issues=frozenset())
    assert codes(draft) == ["optional_issues_insufficient"]
    problem = the_problem(draft, "optional_issues_insufficient", None)
    assert "อย่างน้อย 2 ประเด็นจาก 15 ประเด็น ขณะนี้มี 1 ประเด็น" in problem.message
    assert "“การให้บริการผ่านทางระบบอิเล็กทรอนิกส์”" in problem.message
    assert "ต้องเพิ่มอีก 1 ประเด็น" in problem.message
    coverage = issue_coverage(draft, ISSUES)
    assert coverage == IssueCoverage((), ("e-service",), 1)
    assert not coverage.complete


def test_it_requires_the_mandatory_issues_of_group_2_as_well() -> None:
    draft = change(clean(), "2", issues=frozenset())
    assert codes(draft) == ["mandatory_issue_missing"]
    assert "“คุณภาพการให้บริการ”" in check_agreement(draft, ISSUES)[0].message
    assert issue_coverage(draft, ISSUES).mandatory_missing == ("service-quality",)


@pytest.mark.parametrize("group", [3, None])
def test_it_asks_no_issue_of_group_3_nor_of_an_unknown_group(group: int | None) -> None:
    first, second, third, _composite = (
        dataclasses.replace(ind, issues=frozenset()) for ind in clean().indicators
    )
    draft = AgreementDraft((first, second, dataclasses.replace(third, weight=D(40))), (), group)
    assert codes(draft) == []
    assert issue_coverage(draft, ISSUES) == IssueCoverage((), (), 0)


def test_it_reports_a_department_group_that_does_not_exist() -> None:
    draft = dataclasses.replace(clean(), department_group=4)
    assert codes(draft) == ["department_group_invalid"]
    the_problem(draft, "department_group_invalid", None)


def test_it_warns_about_an_issue_code_it_does_not_know() -> None:
    draft = change(clean(), "2", issues=frozenset({"service-quality", "happiness"}))
    assert codes(draft) == ["issue_unknown"]
    assert "“happiness”" in the_problem(draft, "issue_unknown", "2", "warning").message


def test_it_knows_the_seed_issues_by_their_thai_names() -> None:
    assert len(ISSUES.mandatory) == 5
    assert len(ISSUES.optional) == 15
    assert ISSUES.name("unit-cost") == "การวัดต้นทุนต่อหน่วย"
    assert ISSUES.name("nothing") == "nothing"


# --- properties ----------------------------------------------------------------------------------


@st.composite
def partitions(draw: st.DrawFn, count: int, total: int) -> list[Decimal]:
    """`count` positive weights with two decimals summing exactly to `total`."""
    hundredths = total * 100
    cuts = sorted(
        draw(
            st.lists(
                st.integers(1, hundredths - 1), min_size=count - 1, max_size=count - 1, unique=True
            )
        )
    )
    bounds = [0, *cuts, hundredths]
    return [D(b - a).scaleb(-2) for a, b in pairwise(bounds)]


@st.composite
def monotone_targets(draw: st.DrawFn, count: int, direction: str) -> tuple[Decimal | None, ...]:
    """`count` distinct targets in the order the direction requires."""
    values = sorted(
        draw(st.lists(st.integers(-1000, 10_000), min_size=count, max_size=count, unique=True))
    )
    if direction == "lower":
        values.reverse()
    return tuple(D(value).scaleb(-1) for value in values)


@st.composite
def simple_indicators(
    draw: st.DrawFn, number: str, group: str, weight: Decimal, people: bool
) -> IndicatorDraft:
    """A valid indicator of any kind but composite."""
    kind = draw(st.sampled_from(["milestone", "numeric", "mixed", "pass_fail"]))
    direction = draw(st.sampled_from(["higher", "lower"]))
    given_steps = tuple(
        StepDraft(f"ขั้นตอน {n}", draw(st.sampled_from(["", "รายงานผล"])))
        for n in range(1, draw(st.integers(1, 7)) + 1)
    )
    m = draw(st.integers(1, 4))
    fields: dict[str, object] = {}
    if kind == "milestone":
        fields = {"steps": given_steps}
    elif kind == "numeric":
        fields = {"direction": direction, "targets": draw(monotone_targets(5, direction))}
    elif kind == "mixed":
        fields = {
            "direction": direction,
            "targets": draw(monotone_targets(5 - m, direction)),
            "mixed_steps": m,
            "steps": tuple(StepDraft(f"ขั้นตอน {n}", "หลักฐาน") for n in range(1, m + 1)),
        }
    base = IndicatorDraft(
        number,
        f"ตัวชี้วัดที่ {number}",
        group,
        weight,
        kind,
        supervisors=int(people) * draw(st.integers(1, 3)),
        collectors=int(people) * draw(st.integers(1, 3)),
    )
    return dataclasses.replace(base, **fields)


@st.composite
def valid_agreements(draw: st.DrawFn) -> AgreementDraft:
    """A random agreement that breaks no rule (warnings allowed)."""
    count = draw(st.integers(1, 6))
    weights = draw(partitions(count, 100))
    group_count = draw(st.integers(0, 3))
    keys = [str(k) for k in range(1, group_count + 1)]
    indicators: list[IndicatorDraft] = []
    for index, weight in enumerate(weights, start=1):
        number = str(index)
        group = draw(st.sampled_from(keys)) if keys else ""
        if draw(st.booleans()):
            indicators.append(draw(simple_indicators(number, group, weight, people=True)))
            continue
        on_parent = draw(st.booleans())
        part_weights = draw(partitions(draw(st.integers(1, 3)), 100))
        parts = tuple(
            draw(simple_indicators(f"{number}.{k}", "", w, people=not on_parent))
            for k, w in enumerate(part_weights, start=1)
        )
        indicators.append(
            IndicatorDraft(
                number,
                f"ตัวชี้วัดที่ {number}",
                group,
                weight,
                "composite",
                supervisors=int(on_parent),
                collectors=int(on_parent),
                parts=parts,
            )
        )
    department_group = draw(st.sampled_from([None, 1, 2, 3]))
    needed = [*ISSUES.mandatory, *draw(st.permutations(ISSUES.optional))[:2]]
    for code in needed:
        index = draw(st.integers(0, len(indicators) - 1))
        ind = indicators[index]
        indicators[index] = dataclasses.replace(ind, issues=ind.issues | {code})
    with_weights = draw(st.booleans())
    groups = tuple(
        GroupDraft(
            key,
            f"มิติที่ {key}",
            sum((i.weight or D(0) for i in indicators if i.group == key), D(0))
            if with_weights
            else None,
        )
        for key in keys
    )
    if with_weights and groups and any(group.weight == 0 for group in groups):
        # A weighted framework has no empty group: give the empty ones no weight.
        groups = tuple(dataclasses.replace(g, weight=g.weight or None) for g in groups)
    floor = draw(st.sampled_from([D(0), D(1)]))
    return AgreementDraft(tuple(indicators), groups, department_group, floor)


def walk(
    indicators: tuple[IndicatorDraft, ...],
) -> list[tuple[IndicatorDraft, IndicatorDraft | None]]:
    """Every indicator with its parent (None at the top), in agreement order."""
    found: list[tuple[IndicatorDraft, IndicatorDraft | None]] = []
    for ind in indicators:
        found.append((ind, None))
        found.extend((part, ind) for part in ind.parts)
    return found


@given(valid_agreements())
def test_it_finds_no_error_in_any_valid_agreement(draft: AgreementDraft) -> None:
    problems = check_agreement(draft, ISSUES)
    assert not has_errors(problems), problems
    assert {problem.code for problem in problems} <= {"steps_not_five", "step_evidence_missing"}


@given(valid_agreements(), st.data())
def test_it_always_reports_a_weight_problem_when_one_weight_changes(
    draft: AgreementDraft, data: st.DataObject
) -> None:
    target, parent = data.draw(st.sampled_from(walk(draft.indicators)))
    old = target.weight
    assert old is not None
    new = data.draw(
        st.one_of(
            st.none(),
            st.integers(-10_000, 10_000)
            .filter(lambda delta: delta != 0)
            .map(lambda delta: old + D(delta).scaleb(-2)),
        )
    )
    problems = check_agreement(change(draft, target.number, weight=new), ISSUES)
    assert has_errors(problems)
    found = {(problem.code, problem.indicator) for problem in problems}
    if new is None:
        assert ("weight_missing", target.number) in found
    elif new <= 0:
        assert ("weight_not_positive", target.number) in found
    elif parent is None:
        assert ("weights_not_100", None) in found
    else:
        assert ("parts_weights_not_100", parent.number) in found
    assert {problem.code for problem in problems if problem.severity == "error"} <= WEIGHT_CODES
