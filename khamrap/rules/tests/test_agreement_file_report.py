"""Tests of scoring an agreement file: the seed-000 worked example by hand, the scoring details,
and the refusal to score a hand-built agreement, in Thai and in English."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from khamrap.rules.agreement_file import (
    AgreementFile,
    AgreementFileError,
    FrameworkSpec,
    GroupSpec,
    IndicatorSpec,
    OrganizationSpec,
    from_data,
    report_json,
    score_report,
)
from khamrap.rules.scoring import MilestoneCriteria, PassFailCriteria
from khamrap.rules.tests.agreement_files import (
    SEED_GROUPS,
    SEED_LINES,
    indicator,
    raw_seed,
    said_in_english_too,
)

D = Decimal


def test_it_scores_the_seed_000_worked_example_as_computed_by_hand(seed: AgreementFile) -> None:
    report = score_report(seed)
    figures = report_json(report)
    lines = [
        (
            line["number"],
            line["group"],
            line["kind"],
            line["weight"],
            line["score"],
            line["weighted"],
            line["verified_score"],
            line["verified_given"],
            line["verified_weighted"],
        )
        for line in figures["indicators"]
    ]
    assert lines == SEED_LINES
    groups = [
        (group["key"], group["weight"], group["weighted"], group["verified_weighted"])
        for group in figures["groups"]
    ]
    assert groups == SEED_GROUPS
    assert figures["total"] == "3.8900"
    assert figures["verified_total"] == "3.8170"
    assert report.total == D("3.8900") and report.verified_total == D("3.8170")
    assert figures["unreported"] == []
    parts = figures["indicators"][1]["parts"]
    assert [(p["number"], p["weight"], p["score"]) for p in parts] == [
        ("2.1", "60", "4.6000"),
        ("2.2", "40", "3.0000"),
    ]
    # The --json output carries no floats: every figure is a string with four decimals.
    assert json.loads(json.dumps(figures), parse_float=lambda text: pytest.fail(text)) == figures


# --- scoring details --------------------------------------------------------------------------------


def test_it_counts_an_unreported_indicator_as_zero_and_lists_it() -> None:
    data = raw_seed()
    del indicator(data, "17")["result"]
    report = score_report(from_data(data))
    assert report.unreported == ("17",)
    line = report.lines[-1]
    assert line.score is None and line.weighted == 0 and line.verified_score is None
    assert report.total == D("3.5900")


def test_it_uses_the_framework_floor_for_a_result_short_of_the_first_target() -> None:
    data = raw_seed()
    data["framework"]["floor"] = 1
    indicator(data, "1")["result"] = 70
    report = score_report(from_data(data))
    assert report.lines[0].score == D("1.0000")


def test_it_orders_lines_by_the_frameworks_groups_whatever_the_files_order() -> None:
    data = raw_seed()
    data["indicators"].reverse()
    report = score_report(from_data(data))
    assert [line.group for line in report.lines] == ["1", "1", "2", "3", "4", "4"]
    assert [line.number for line in report.lines] == ["2", "1", "8", "11", "17", "16"]
    assert report.total == D("3.8900")


def test_it_refuses_to_score_a_hand_built_agreement_whose_weights_are_off() -> None:
    agreement = AgreementFile(
        OrganizationSpec("X", "หน่วยงานทดสอบ"),
        2569,
        FrameworkSpec("กรอบทดสอบ", (GroupSpec("1", "กลุ่มเดียว"),)),
        (IndicatorSpec("1", "ตัวชี้วัด", D(90), PassFailCriteria(), group="1", result=True),),
    )
    with pytest.raises(AgreementFileError) as caught:
        score_report(agreement)
    assert "ผลรวมน้ำหนักต้องเท่ากับ 100 แต่ได้ 90" in str(caught.value)


def test_it_says_why_a_hand_built_agreement_cannot_be_scored_in_english_too() -> None:
    def agreement(*indicators: IndicatorSpec) -> AgreementFile:
        groups = (GroupSpec("1", "กลุ่มเดียว"),)
        return AgreementFile(
            OrganizationSpec("X", "หน่วยงานทดสอบ"), 2569, FrameworkSpec("กรอบ", groups), indicators
        )

    def refusal(*indicators: IndicatorSpec) -> list[str]:
        with pytest.raises(AgreementFileError) as caught:
            score_report(agreement(*indicators))
        for problem in caught.value.problems:
            said_in_english_too(problem)
        return [problem.text("en") for problem in caught.value.problems]

    passed = PassFailCriteria()
    assert refusal(
        IndicatorSpec("1", "ก", D(50), passed, group="9"),
        IndicatorSpec("2", "ข", D(50), passed, group="1"),
    ) == ["Indicator 1 › group: the framework has no group 9"]
    assert refusal(
        IndicatorSpec("1", "ก", D(90), passed, group="1", verified_score=D(6)),
    ) == [
        "indicators: weights of the indicators: The weights must add up to 100, but they add up"
        " to 90",
        "Indicator 1 › verified_score: a score must be between 0 and 5",
    ]
    assert refusal(
        IndicatorSpec("1", "ก", D(100), MilestoneCriteria(), group="1", result=True),
    ) == ["Indicator 1 › result: The form of the result does not match the kind of indicator"]
    assert refusal(
        IndicatorSpec("1", "ก", D(50), passed, group="1", result=True),
        IndicatorSpec("1", "ข", D(50), passed, group="1", result=False),
    ) == ["indicators: The indicator number 1 appears twice in the table"]
