"""Tests of the agreement linter's reform issues (seed 001): what each department group must
cover, and the issues known by their Thai names."""

import dataclasses
from decimal import Decimal

import pytest

from khamrap.rules.agreement_checks import (
    AgreementDraft,
    IssueCoverage,
    check_agreement,
    issue_coverage,
)
from khamrap.rules.tests.agreement_drafts import ISSUES, change, clean, codes, the_problem

D = Decimal


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
