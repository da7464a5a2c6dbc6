"""Tests of the agreement linter's checks of one indicator apart from its criteria: its people, its
number and name, and its sub-indicators."""

import dataclasses

import pytest

from khamrap.rules.agreement_checks import check_agreement
from khamrap.rules.tests.agreement_drafts import ISSUES, change, clean, codes, the_problem

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
