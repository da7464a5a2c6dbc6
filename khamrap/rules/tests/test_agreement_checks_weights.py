"""Tests of the agreement linter's weight checks: each indicator's, the sub-indicators', the
agreement's and each group's."""

import dataclasses
from decimal import Decimal

import pytest

from khamrap.rules.agreement_checks import GroupDraft, check_agreement
from khamrap.rules.tests.agreement_drafts import ISSUES, change, clean, codes, targets, the_problem

D = Decimal


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
