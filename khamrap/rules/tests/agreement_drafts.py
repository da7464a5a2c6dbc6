"""What the agreement linter's tests share: a clean draft with one indicator of each kind, the
helpers that change one thing in it, and `the_problem`, which checks a problem is said in Thai and in
English and names its indicator."""

import dataclasses
import re
from decimal import Decimal

from khamrap.agreements.presets import GROUP_2_OPTIONAL_MINIMUM, REFORM_ISSUES
from khamrap.rules.agreement_checks import (
    AgreementDraft,
    GroupDraft,
    IndicatorDraft,
    Problem,
    ReformIssues,
    StepDraft,
    check_agreement,
)

D = Decimal
# Seed 001's issues, which the agreements app passes in as well.
ISSUES = ReformIssues.from_rows(REFORM_ISSUES, group_2_optional_minimum=GROUP_2_OPTIONAL_MINIMUM)
THAI = re.compile("[\u0e00-\u0e7f]")


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
