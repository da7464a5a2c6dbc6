"""Tests of the agreement file: the seed-000 worked example by hand, every malformed case, round trips."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khamrap.rules.agreement_file import (
    FORMAT,
    AgreementFile,
    AgreementFileError,
    FrameworkSpec,
    GroupSpec,
    IndicatorSpec,
    OrganizationSpec,
    PersonSpec,
    Problem,
    StepSpec,
    dump,
    from_data,
    load,
    load_path,
    report_json,
    score_report,
    to_data,
)
from khamrap.rules.scoring import (
    CompositeCriteria,
    Direction,
    Kind,
    MilestoneCriteria,
    MixedResult,
    NumericCriteria,
    PassFailCriteria,
)

D = Decimal
FIXTURES = Path(__file__).parent / "fixtures"
SEED_YAML = FIXTURES / "seed000.yaml"
SEED_JSON = FIXTURES / "seed000.json"
THAI = re.compile("[\u0e00-\u0e7f]")


@pytest.fixture(scope="module")
def seed() -> AgreementFile:
    return load_path(SEED_YAML)


def raw_seed() -> dict[str, Any]:
    """The seed-000 file as parsed data, for tests that break one thing in it."""
    return json.loads(SEED_JSON.read_text(encoding="utf-8"), parse_float=Decimal)


def problems_of(data: object) -> list[Problem]:
    with pytest.raises(AgreementFileError) as caught:
        from_data(data)
    problems = list(caught.value.problems)
    assert problems
    for problem in problems:
        # Every message speaks Thai to the person who wrote the file.
        assert THAI.search(problem.message), problem
        said_in_english_too(problem)
    return problems


def problems_of_text(text: str, **kwargs: Any) -> list[Problem]:
    with pytest.raises(AgreementFileError) as caught:
        load(text, **kwargs)
    for problem in caught.value.problems:
        assert THAI.search(problem.message), problem
        said_in_english_too(problem)
    return list(caught.value.problems)


def said_in_english_too(problem: Problem) -> None:
    """The same problem for a reader in English, and Thai whenever the language is not English.
    No case here quotes Thai data from the file, so not one Thai letter may be left."""
    assert problem.message_en, problem
    assert not THAI.search(problem.message_en), problem.message_en
    assert not THAI.search(problem.where_en), problem.where_en
    assert problem.text("th") == problem.text(None) == str(problem)
    place = problem.where_en or problem.path
    english = f"{place}: {problem.message_en}" if place else problem.message_en
    assert problem.text("en") == problem.text("en-gb") == english


def find(problems: list[Problem], path: str) -> Problem:
    matches = [problem for problem in problems if problem.path == path]
    assert matches, f"no problem at {path}: {problems}"
    return matches[0]


def indicator(data: dict[str, Any], number: str) -> dict[str, Any]:
    for item in data["indicators"]:
        if item["number"] == number:
            return item
        for part in item.get("parts", []):
            if part["number"] == number:
                return part
    raise KeyError(number)


# --- the fixtures --------------------------------------------------------------------------------


def test_it_reads_the_yaml_and_the_json_fixture_as_the_same_agreement(seed: AgreementFile) -> None:
    assert load_path(SEED_JSON) == seed


def test_it_writes_the_json_fixture_exactly_as_dump_does(seed: AgreementFile) -> None:
    assert dump(seed, format="json") == SEED_JSON.read_text(encoding="utf-8")


def test_it_reads_seed_000_indicator_16_as_the_seed_writes_it(seed: AgreementFile) -> None:
    sixteen = next(spec for spec in seed.indicators if spec.number == "16")
    assert sixteen.group == "4"
    assert sixteen.name == "ระดับความสำเร็จของการดำเนินงานตามขั้นตอนการพัฒนาคุณภาพการบริหารจัดการภาครัฐ"
    assert sixteen.kind is Kind.MILESTONE
    assert sixteen.criteria == MilestoneCriteria(5)
    assert len(sixteen.steps) == 5
    assert sixteen.steps[0] == StepSpec(
        "จัดประชุมชี้แจงให้ความรู้เรื่องการพัฒนาคุณภาพการบริหารจัดการภาครัฐแก่เจ้าหน้าที่ของหน่วยงานที่ได้รับการคัดเลือกมาดำเนินการ"
    )
    assert sixteen.steps[2].description == "จัดอบรมคณะทำงานเพื่อเตรียมความพร้อมในการประเมินองค์กรด้วยตนเอง"
    assert sixteen.supervisors == (PersonSpec("นายวิรัตน์ มะลิวรรณ", "0-1959-3489"),)
    assert sixteen.collectors == (PersonSpec("นางดวงแก้ว อัสภาชน์", "0-7290-4393"),)
    assert sixteen.weight == D(4)
    assert sixteen.result == (True, True, True, True, False)
    assert sixteen.verified_score == D("4.8")
    assert sixteen.description and sixteen.description.count("\n\n") == 2
    assert sixteen.notes and sixteen.notes.startswith("- ความครบถ้วนของขั้นตอนที่ 4 และ 5")
    assert seed.framework.groups[3] == GroupSpec("4", "มิติที่ 4 ด้านการพัฒนาองค์กร", D(10))


def test_it_reads_every_kind_in_the_fixture_into_the_engines_forms(seed: AgreementFile) -> None:
    by_number = {spec.number: spec for spec in seed.indicators}
    assert by_number["1"].criteria == NumericCriteria((D(80), D(85), D(90), D(95), D(100)))
    assert by_number["1"].result == D("92.5")
    assert by_number["1"].baseline == ((2547, D("78.5")), (2548, D(82)))
    assert by_number["11"].direction is Direction.LOWER_IS_BETTER
    assert by_number["8"].result == MixedResult((True, True), D("77.5"))
    assert by_number["17"].criteria == PassFailCriteria()
    assert by_number["17"].result is True
    composite = by_number["2"]
    assert isinstance(composite.criteria, CompositeCriteria)
    assert [part.number for part in composite.parts] == ["2.1", "2.2"]
    assert composite.parts[1].result == (True, True, True, False, True)
    assert composite.parts[1].steps[0] == StepSpec("แต่งตั้งคณะทำงานจัดทำฐานข้อมูล", "คำสั่งแต่งตั้งคณะทำงาน")
    assert len(composite.supervisors) == 2


# The seed-000 worked example, by hand (weighted = score × weight / 100, 4 decimals half-up):
#   1   numeric 80/85/90/95/100, 92.5 lies halfway from 90 (3) to 95 (4)   → 3.5000 × 35 = 1.2250
#       verified 3.2                                                       → 3.2000 × 35 = 1.1200
#   2   composite: 2.1 targets 4..12, 11.2 = 4 + (11.2 − 10)/2 = 4.6000 (weight 60)
#                  2.2 steps 1, 2, 3, 5 done; 5 waits for 4 → level 3.0000 (weight 40)
#       (4.6 × 60 + 3 × 40) / 100 = 3.9600                                  → 3.9600 × 25 = 0.9900
#   8   mixed: steps 1–2 done, 77.5 between 75 (4) and 80 (5) → 4.5000      → 4.5000 × 15 = 0.6750
#   11  lower-is-better 30/25/20/15/10 days, 17 = 3 + (20 − 17)/5 = 3.6000  → 3.6000 × 15 = 0.5400
#       verified 3.6                                                       → 3.6000 × 15 = 0.5400
#   16  milestone, steps 1–4 done → 4.0000                                  → 4.0000 ×  4 = 0.1600
#       verified 4.8                                                       → 4.8000 ×  4 = 0.1920
#   17  pass/fail, passed → 5.0000                                          → 5.0000 ×  6 = 0.3000
# Self:     มิติ 1 = 1.2250 + 0.9900 = 2.2150; มิติ 2 = 0.6750; มิติ 3 = 0.5400;
#           มิติ 4 = 0.1600 + 0.3000 = 0.4600; total = 2.2150 + 0.6750 + 0.5400 + 0.4600 = 3.8900
# Verified: มิติ 1 = 1.1200 + 0.9900 = 2.1100; มิติ 2 = 0.6750; มิติ 3 = 0.5400;
#           มิติ 4 = 0.1920 + 0.3000 = 0.4920; total = 2.1100 + 0.6750 + 0.5400 + 0.4920 = 3.8170
SEED_LINES = [
    # number, group, kind, weight, score, weighted, verified score, verified given, verified weighted
    ("1", "1", "numeric", "35", "3.5000", "1.2250", "3.2000", True, "1.1200"),
    ("2", "1", "composite", "25", "3.9600", "0.9900", "3.9600", False, "0.9900"),
    ("8", "2", "mixed", "15", "4.5000", "0.6750", "4.5000", False, "0.6750"),
    ("11", "3", "numeric", "15", "3.6000", "0.5400", "3.6000", True, "0.5400"),
    ("16", "4", "milestone", "4", "4.0000", "0.1600", "4.8000", True, "0.1920"),
    ("17", "4", "pass_fail", "6", "5.0000", "0.3000", "5.0000", False, "0.3000"),
]
SEED_GROUPS = [
    ("1", "60", "2.2150", "2.1100"),
    ("2", "15", "0.6750", "0.6750"),
    ("3", "15", "0.5400", "0.5400"),
    ("4", "10", "0.4600", "0.4920"),
]


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


# --- round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["yaml", "json"])
def test_it_reads_back_what_it_writes(seed: AgreementFile, file_format: str) -> None:
    text = dump(seed, format=file_format)  # type: ignore[arg-type]
    assert load(text) == seed
    assert load(text, format=file_format) == seed  # type: ignore[arg-type]


def test_it_keeps_decimals_as_written_without_float_noise() -> None:
    data = raw_seed()
    indicator(data, "16")["verified_score"] = D("4.8000")
    indicator(data, "1")["result"] = D("92.50")
    indicator(data, "1")["targets"] = [D("8E+1"), 85, 90, 95, 100]
    agreement = from_data(data)
    text = dump(agreement)
    assert "verified_score: 4.8000" in text
    assert "result: 92.50" in text
    assert "targets: [80, 85, 90, 95, 100]" in text
    as_json = dump(agreement, format="json")
    assert '"verified_score": 4.8000' in as_json
    assert load(as_json) == agreement == load(text)


def test_it_reads_yaml_numbers_from_their_text_as_decimals() -> None:
    text = SEED_YAML.read_text(encoding="utf-8").replace("result: 92.5", "result: 92.10")
    spec = load(text).indicators[0]
    assert isinstance(spec.result, Decimal) and str(spec.result) == "92.10"
    assert isinstance(spec.weight, Decimal) and spec.weight == 35


def test_it_keeps_yaml_look_alikes_as_text_rather_than_octal_numbers_or_dates() -> None:
    text = SEED_YAML.read_text(encoding="utf-8").replace("phone: 0-1959-3489}", "phone: 053123456}")
    sixteen = load(text).indicators[4]
    assert sixteen.supervisors[0].phone == "053123456"
    problems = problems_of_text(
        SEED_YAML.read_text(encoding="utf-8").replace("result: true", "result: yes")
    )
    assert find(problems, "indicators[5].result").message == "ต้องเป็น true (ผ่าน) หรือ false (ไม่ผ่าน)"


def test_it_writes_steps_done_in_order_as_a_count_and_others_as_step_numbers(
    seed: AgreementFile,
) -> None:
    data = to_data(seed)
    assert indicator(data, "16")["result"] == 4
    assert indicator(data, "2.2")["result"] == [1, 2, 3, 5]
    assert indicator(data, "8")["result"] == {"steps_done": 2, "value": D("77.5")}


def test_it_writes_one_person_as_a_mapping_and_several_as_a_list(seed: AgreementFile) -> None:
    data = to_data(seed)
    assert indicator(data, "16")["supervisor"] == {
        "name": "นายวิรัตน์ มะลิวรรณ",
        "phone": "0-1959-3489",
    }
    assert isinstance(indicator(data, "2")["supervisor"], list)


def test_it_writes_an_indicators_own_floor_only_when_it_differs_from_the_framework() -> None:
    data = raw_seed()
    indicator(data, "1")["floor"] = 1
    agreement = from_data(data)
    assert agreement.indicators[0].criteria == NumericCriteria(
        (D(80), D(85), D(90), D(95), D(100)), floor=D(1)
    )
    assert "floor" in indicator(to_data(agreement), "1")
    assert "floor" not in indicator(to_data(agreement), "11")
    assert load(dump(agreement)) == agreement


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


# --- malformed files: every problem in Thai, with its path ---------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(number: str, key: str, value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        indicator(data, number)[key] = value

    return mutate


def _delete(number: str, key: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        del indicator(data, number)[key]

    return mutate


def _rename(number: str, old: str, new: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        item = indicator(data, number)
        item[new] = item.pop(old)

    return mutate


def _root(key: str, value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        data[key] = value

    return mutate


def _group_weight(index: int, value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        data["framework"]["groups"][index]["weight"] = value

    return mutate


MALFORMED: list[tuple[str, Mutation, str, str, str]] = [
    # id, mutation, path, Thai place, message fragment
    ("missing name", _delete("1", "name"), "indicators[0].name", "ตัวชี้วัด 1 › name", "ต้องระบุค่านี้"),
    ("missing kind", _delete("16", "kind"), "indicators[4].kind", "ตัวชี้วัด 16 › kind", "ต้องระบุค่านี้"),
    ("missing group", _delete("8", "group"), "indicators[2].group", "ตัวชี้วัด 8 › group", "ต้องระบุ"),
    ("missing steps", _delete("16", "steps"), "indicators[4].steps", "ตัวชี้วัด 16 › steps", "ต้องระบุ"),
    (
        "missing targets",
        _delete("2.1", "targets"),
        "indicators[1].parts[0].targets",
        "ตัวชี้วัด 2.1 › targets",
        "ต้องระบุค่านี้",
    ),
    (
        "wrong kind",
        _set("16", "kind", "milstone"),
        "indicators[4].kind",
        "ตัวชี้วัด 16 › kind",
        "ไม่รู้จักประเภท milstone",
    ),
    (
        "non-number target",
        _set("1", "targets", [80, 85, "เก้าสิบ", 95, 100]),
        "indicators[0].targets[2]",
        "ตัวชี้วัด 1 › targets › ค่าที่ 3",
        "ต้องเป็นตัวเลข",
    ),
    (
        "quoted number",
        _set("1", "result", "92.5"),
        "indicators[0].result",
        "ตัวชี้วัด 1 › result",
        "ต้องเป็นตัวเลข ไม่ใช่ข้อความ",
    ),
    (
        "non-number weight",
        _set("11", "weight", "สิบห้า"),
        "indicators[3].weight",
        "ตัวชี้วัด 11 › weight",
        "ต้องเป็นตัวเลข",
    ),
    (
        "zero weight",
        _set("11", "weight", 0),
        "indicators[3].weight",
        "ตัวชี้วัด 11 › weight",
        "น้ำหนักต้องมากกว่า 0",
    ),
    (
        "four targets",
        _set("1", "targets", [80, 85, 90, 95]),
        "indicators[0].targets",
        "ตัวชี้วัด 1 › targets",
        "ต้องกำหนดค่าเป้าหมาย 5 ค่าสำหรับระดับ 1 ถึง 5 แต่ได้รับ 4 ค่า",
    ),
    (
        "targets out of order",
        _set("1", "targets", [80, 90, 85, 95, 100]),
        "indicators[0].targets",
        "ตัวชี้วัด 1 › targets",
        "ค่าเป้าหมายต้องเพิ่มขึ้นตามลำดับ",
    ),
    (
        "lower-is-better targets rising",
        _set("11", "targets", [10, 15, 20, 25, 30]),
        "indicators[3].targets",
        "ตัวชี้วัด 11 › targets",
        "ค่าเป้าหมายต้องลดลงตามลำดับ",
    ),
    (
        "mixed targets for the wrong levels",
        _set("8", "targets", [70, 75, 80, 85]),
        "indicators[2].targets",
        "ตัวชี้วัด 8 › targets",
        "ต้องกำหนดค่าเป้าหมาย 3 ค่าสำหรับระดับ 3 ถึง 5",
    ),
    (
        "mixed with five steps",
        _set("8", "steps", ["ก", "ข", "ค", "ง", "จ"]),
        "indicators[2].steps",
        "ตัวชี้วัด 8 › steps",
        "m ต้องอยู่ระหว่าง 1 ถึง 4",
    ),
    (
        "bad direction",
        _set("11", "direction", "down"),
        "indicators[3].direction",
        "ตัวชี้วัด 11 › direction",
        "ต้องเป็น higher",
    ),
    (
        "typo in a key",
        _rename("17", "weight", "wieght"),
        "indicators[5].wieght",
        "ตัวชี้วัด 17 › wieght",
        "ไม่รู้จักคีย์ wieght หรือหมายถึง weight?",
    ),
    (
        "unknown top-level key",
        _root("signed_by", "ผู้ว่าราชการจังหวัด"),
        "signed_by",
        "signed_by",
        "ไม่รู้จักคีย์ signed_by",
    ),
    (
        "targets on a milestone",
        _set("16", "targets", [1, 2, 3, 4, 5]),
        "indicators[4].targets",
        "ตัวชี้วัด 16 › targets",
        "ใช้กับตัวชี้วัดประเภท milestone",
    ),
    (
        "result on a composite",
        _set("2", "result", 4),
        "indicators[1].result",
        "ตัวชี้วัด 2 › result",
        "ต้องระบุที่ตัวชี้วัดย่อยแต่ละตัว",
    ),
    (
        "group on a part",
        _set("2.1", "group", "1"),
        "indicators[1].parts[0].group",
        "ตัวชี้วัด 2.1 › group",
        "ไม่ต้องระบุ group",
    ),
    (
        "a composite inside a composite",
        _set("2.1", "kind", "composite"),
        "indicators[1].parts[0].kind",
        "ตัวชี้วัด 2.1 › kind",
        "ซ้อนอีกชั้น",
    ),
    (
        "step number out of range",
        _set("16", "result", [1, 2, 7]),
        "indicators[4].result[2]",
        "ตัวชี้วัด 16 › result › ลำดับที่ 3",
        "ไม่มีขั้นตอนที่ 7 (มีขั้นตอนที่ 1 ถึง 5)",
    ),
    (
        "step written twice",
        _set("2.2", "result", [1, 2, 2]),
        "indicators[1].parts[1].result[2]",
        "ตัวชี้วัด 2.2 › result › ลำดับที่ 3",
        "ขั้นตอนที่ 2 ระบุซ้ำ",
    ),
    (
        "more steps done than there are",
        _set("16", "result", 6),
        "indicators[4].result",
        "ตัวชี้วัด 16 › result",
        "ต้องอยู่ระหว่าง 0 ถึง 5",
    ),
    (
        "mixed step out of range",
        _set("8", "result", {"steps_done": [1, 3], "value": 77}),
        "indicators[2].result.steps_done[1]",
        "ตัวชี้วัด 8 › result › steps_done › ลำดับที่ 2",
        "ไม่มีขั้นตอนที่ 3",
    ),
    (
        "mixed result without steps_done",
        _set("8", "result", {"value": 77}),
        "indicators[2].result.steps_done",
        "ตัวชี้วัด 8 › result › steps_done",
        "ต้องระบุค่านี้",
    ),
    (
        "milestone result as text",
        _set("16", "result", "สี่"),
        "indicators[4].result",
        "ตัวชี้วัด 16 › result",
        "ต้องเป็นจำนวนขั้นตอนที่ทำเสร็จตามลำดับ",
    ),
    (
        "verified score over 5",
        _set("16", "verified_score", D("5.5")),
        "indicators[4].verified_score",
        "ตัวชี้วัด 16 › verified_score",
        "คะแนนต้องอยู่ระหว่าง 0 ถึง 5",
    ),
    (
        "verified score with five decimals",
        _set("16", "verified_score", D("4.12345")),
        "indicators[4].verified_score",
        "ตัวชี้วัด 16 › verified_score",
        "ทศนิยมไม่เกิน 4 ตำแหน่ง",
    ),
    (
        "unknown group",
        _set("17", "group", "5"),
        "indicators[5].group",
        "ตัวชี้วัด 17 › group",
        "ไม่มีกลุ่ม 5 ในกรอบการประเมิน (มีกลุ่ม 1, 2, 3, 4)",
    ),
    (
        "number used twice",
        _set("17", "number", "2.1"),
        "indicators[5].number",
        "ตัวชี้วัด 2.1 › number",
        "หมายเลขตัวชี้วัด 2.1 ซ้ำกับที่ใช้แล้วที่ indicators[1].parts[0]",
    ),
    (
        "person without a name",
        _set("16", "supervisor", {"phone": "0-1959-3489"}),
        "indicators[4].supervisor.name",
        "ตัวชี้วัด 16 › supervisor › name",
        "ต้องระบุค่านี้",
    ),
    (
        "person with a typo",
        _set("16", "collector", {"name": "นางดวงแก้ว อัสภาชน์", "phon": "0-7290-4393"}),
        "indicators[4].collector.phon",
        "ตัวชี้วัด 16 › collector › phon",
        "หรือหมายถึง phone?",
    ),
    (
        "blank text",
        _set("16", "notes", "   "),
        "indicators[4].notes",
        "ตัวชี้วัด 16 › notes",
        "ต้องไม่เป็นข้อความว่าง",
    ),
    (
        "baseline year in CE",
        _set("1", "baseline", {"2004": 78}),
        "indicators[0].baseline.2004",
        "ตัวชี้วัด 1 › baseline › 2004",
        "ต้องเป็นปีพุทธศักราช",
    ),
    ("fiscal year in CE", _root("fiscal_year", 2006), "fiscal_year", "fiscal_year", "ปีพุทธศักราช"),
    (
        "no indicators",
        _root("indicators", []),
        "indicators",
        "indicators",
        "ต้องมีตัวชี้วัดอย่างน้อย 1 ตัว",
    ),
    (
        "group weights not 100",
        _group_weight(3, 15),
        "framework.groups",
        "framework › groups",
        "ผลรวมน้ำหนักของกลุ่มต้องเท่ากับ 100 แต่ได้ 105",
    ),
    (
        "framework floor of 2",
        lambda data: data["framework"].__setitem__("floor", 2),
        "framework.floor",
        "framework › floor",
        "ต้องเป็น 0 หรือ 1",
    ),
    (
        "part weights not 100",
        _set("2.2", "weight", 30),
        "indicators[1].parts",
        "ตัวชี้วัด 2 › parts",
        "ผลรวมน้ำหนักต้องเท่ากับ 100 แต่ได้ 90",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "where", "fragment"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_it_names_the_place_and_the_fault_of_a_malformed_file_in_thai(
    mutate: Mutation, path: str, where: str, fragment: str
) -> None:
    data = raw_seed()
    mutate(data)
    problem = find(problems_of(data), path)
    assert problem.where == where
    assert fragment in problem.message
    assert str(problem) == f"{where}: {problem.message}"


def test_it_reports_weights_that_do_not_add_up_overall_and_within_their_group() -> None:
    data = raw_seed()
    indicator(data, "1")["weight"] = 30
    problems = problems_of(data)
    assert find(problems, "indicators").message == "น้ำหนักของตัวชี้วัด: ผลรวมน้ำหนักต้องเท่ากับ 100 แต่ได้ 95"
    group = find(problems, "framework.groups[0].weight")
    assert group.message == "น้ำหนักของตัวชี้วัดในกลุ่มนี้รวมกันได้ 55 แต่น้ำหนักของกลุ่มคือ 60"
    assert group.where == "กลุ่ม 1 › weight"


def test_it_wants_weights_on_every_group_or_on_none() -> None:
    data = raw_seed()
    del data["framework"]["groups"][1]["weight"]
    problem = find(problems_of(data), "framework.groups")
    assert problem.message == "ต้องกำหนดน้ำหนักให้ทุกกลุ่ม หรือไม่กำหนดให้กลุ่มใดเลย"


def test_it_accepts_groups_without_weights() -> None:
    data = raw_seed()
    for group in data["framework"]["groups"]:
        del group["weight"]
    assert score_report(from_data(data)).total == D("3.8900")


def test_it_collects_every_problem_instead_of_stopping_at_the_first() -> None:
    data = raw_seed()
    indicator(data, "1")["targets"] = [80, 85]
    indicator(data, "16")["result"] = [9]
    indicator(data, "17")["colector"] = {"name": "ใครสักคน"}
    del data["organization"]["name"]
    paths = {problem.path for problem in problems_of(data)}
    assert {
        "indicators[0].targets",
        "indicators[4].result[0]",
        "indicators[5].colector",
        "organization.name",
    } <= paths


def test_it_gives_each_problem_its_location_as_keys_and_indexes_that_spell_its_path() -> None:
    data = raw_seed()
    indicator(data, "2.1")["targets"] = [4, 6, "eight", 10, 12]
    indicator(data, "16")["steps"] = ["ก", "ข", 3]
    indicator(data, "1")["baseline"] = {2547: "many"}
    data["fiscal_year"] = "2549"
    problems = problems_of(data)
    expected = {
        "indicators[1].parts[0].targets[2]": ("indicators", 1, "parts", 0, "targets", 2),
        "indicators[4].steps[2]": ("indicators", 4, "steps", 2),
        "indicators[0].baseline.2547": ("indicators", 0, "baseline", "2547"),
        "fiscal_year": ("fiscal_year",),
    }
    for path, location in expected.items():
        assert find(problems, path).location == location
    # A file that cannot be read at all is at fault as a whole: no place, the empty location.
    (unreadable,) = problems_of_text("format: [")
    assert unreadable.location == () and unreadable.path == ""


def test_it_refuses_another_version_of_the_format_with_one_problem() -> None:
    data = raw_seed()
    data["format"] = "khamrap-agreement/2"
    data["indicators"] = "ignored, since version 2 may mean something else"
    assert problems_of(data) == [
        Problem(
            ("format",),
            "ไม่รองรับรูปแบบไฟล์รุ่น khamrap-agreement/2 (รองรับเฉพาะ khamrap-agreement/1)",
            "format",
            "version khamrap-agreement/2 of the format is not supported"
            " (only khamrap-agreement/1 is)",
            "format",
        )
    ]


def test_it_refuses_a_file_of_another_kind() -> None:
    problems = problems_of({"format": "something-else/1"})
    assert [problem.path for problem in problems] == ["format"]
    assert "ไม่ใช่ไฟล์คำรับรองของ khamrap" in problems[0].message


def test_it_asks_for_the_format_line_when_it_is_missing() -> None:
    data = raw_seed()
    del data["format"]
    assert FORMAT in find(problems_of(data), "format").message


@pytest.mark.parametrize(
    ("text", "file_format", "fragment"),
    [
        ("format: khamrap-agreement/1\norganization: {code: X\n", None, "อ่านไฟล์ YAML ไม่ได้ที่บรรทัด"),
        ("format: [\n", "yaml", "อ่านไฟล์ YAML ไม่ได้ที่บรรทัด"),
        ('{"format": "khamrap-agreement/1",}', None, "อ่านไฟล์ JSON ไม่ได้ที่บรรทัด 1 คอลัมน์ 34"),
        ('{"format": NaN}', "json", "อ่านไฟล์ JSON ไม่ได้"),
        ('{"format": "a", "format": "b"}', None, "คีย์ format เขียนซ้ำ"),
        ("format: a\nformat: b\n", None, "คีย์ format เขียนซ้ำที่บรรทัด 2"),
        ("  \n", None, "ไฟล์ว่างเปล่า"),
        ("!!python/object:os.system {}", None, "อ่านไฟล์ YAML ไม่ได้"),
        ("- a\n- b\n", None, "ไฟล์ต้องเป็นชุดของคีย์และค่า"),
    ],
)
def test_it_turns_a_syntax_error_into_one_thai_problem_not_a_traceback(
    text: str, file_format: str | None, fragment: str
) -> None:
    problems = problems_of_text(text, format=file_format)
    assert len(problems) == 1
    assert fragment in problems[0].message


def test_it_reports_a_file_that_is_not_utf8_or_not_there(tmp_path: Path) -> None:
    latin = tmp_path / "agreement.yaml"
    latin.write_bytes("name: caf\xe9".encode("latin-1"))
    with pytest.raises(AgreementFileError, match="UTF-8"):
        load_path(latin)
    with pytest.raises(AgreementFileError, match="เปิดไฟล์"):
        load_path(tmp_path / "missing.yaml")


def test_it_reads_a_file_with_a_byte_order_mark(tmp_path: Path, seed: AgreementFile) -> None:
    path = tmp_path / "agreement.txt"
    path.write_text("\ufeff" + SEED_JSON.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_path(path) == seed


def test_it_lists_every_problem_in_the_error_message() -> None:
    data = raw_seed()
    indicator(data, "1")["kind"] = "numerical"
    indicator(data, "17")["result"] = "ผ่าน"
    with pytest.raises(AgreementFileError) as caught:
        from_data(data)
    message = str(caught.value)
    assert message.startswith("ไฟล์คำรับรองมีข้อผิดพลาด 2 รายการ:")
    assert "- ตัวชี้วัด 1 › kind: ไม่รู้จักประเภท numerical" in message
    assert "- ตัวชี้วัด 17 › result: ต้องเป็น true (ผ่าน) หรือ false (ไม่ผ่าน)" in message


def test_it_lists_every_problem_in_english_for_an_english_reader() -> None:
    data = raw_seed()
    indicator(data, "1")["kind"] = "numerical"
    indicator(data, "17")["result"] = "ผ่าน"
    with pytest.raises(AgreementFileError) as caught:
        from_data(data)
    assert caught.value.text("en") == (
        "The agreement file has 2 problems:\n"
        "- Indicator 1 › kind: unknown kind numerical (it must be one of milestone, numeric,"
        " mixed, pass_fail, composite)\n"
        "- Indicator 17 › result: must be true (pass) or false (fail)"
    )
    assert caught.value.text("th") == str(caught.value)


ENGLISH: list[tuple[str, Mutation, str, str]] = [
    # id, mutation, path, the problem as an English reader reads it
    (
        "four targets",
        _set("1", "targets", [80, 85, 90, 95]),
        "indicators[0].targets",
        "Indicator 1 › targets: 5 targets are needed for levels 1 to 5, but 4 are given",
    ),
    (
        "typo in a key",
        _rename("17", "weight", "wieght"),
        "indicators[5].wieght",
        "Indicator 17 › wieght: unknown key wieght: did you mean weight?",
    ),
    (
        "targets on a milestone",
        _set("16", "targets", [1, 2, 3, 4, 5]),
        "indicators[4].targets",
        "Indicator 16 › targets: cannot be used with the kind milestone (milestone levels of"
        " success), only with numeric, mixed",
    ),
    (
        "a key that is not text",
        lambda data: indicator(data, "1").__setitem__(5, "ห้า"),
        "indicators[0]",
        "Indicator 1: the key 5 must be English text, such as name",
    ),
    (
        "steps that are not a list",
        _set("16", "steps", "ทุกขั้นตอน"),
        "indicators[4].steps",
        "Indicator 16 › steps: must be a list",
    ),
    (
        "a name that is a number",
        _set("1", "name", 5),
        "indicators[0].name",
        "Indicator 1 › name: must be text",
    ),
    (
        "an infinite weight",
        _set("1", "weight", float("inf")),
        "indicators[0].weight",
        "Indicator 1 › weight: must be a finite number",
    ),
    (
        "an indicator without a number",
        _delete("1", "number"),
        "indicators[0].number",
        "The 1st indicator › number: this value must be given",
    ),
    (
        "a step that is a number",
        _set("16", "steps", ["ก", "ข", 3]),
        "indicators[4].steps[2]",
        "Indicator 16 › steps › step 3: must be text, or a set of description and evidence",
    ),
    (
        "the same issue twice",
        _set("1", "issues", ["service-quality", "service-quality"]),
        "indicators[0].issues[1]",
        "Indicator 1 › issues › item 2: the issue service-quality is given twice",
    ),
    (
        "a group key used twice",
        lambda data: data["framework"]["groups"][1].__setitem__("key", "1"),
        "framework.groups[1].key",
        "framework › groups › group 1 › key: the group key 1 is already used by an earlier group",
    ),
    (
        "a group without a key",
        lambda data: data["framework"]["groups"][2].pop("key"),
        "framework.groups[2].key",
        "framework › groups › 3rd group › key: this value must be given",
    ),
    (
        "a group weighing nothing",
        _group_weight(0, 0),
        "framework.groups[0].weight",
        "framework › groups › group 1 › weight: a group's weight must be greater than 0",
    ),
    (
        "group weights not 100",
        _group_weight(3, 15),
        "framework.groups",
        "framework › groups: the weights of the groups must add up to 100, but they add up to 105",
    ),
    (
        "part weights not 100",
        _set("2.2", "weight", 30),
        "indicators[1].parts",
        "Indicator 2 › parts: weights of the sub-indicators: The weights must add up to 100, but"
        " they add up to 90",
    ),
    (
        "step number out of range",
        _set("16", "result", [1, 2, 7]),
        "indicators[4].result[2]",
        "Indicator 16 › result › item 3: there is no step 7 (the steps are 1 to 5)",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "english"),
    [case[1:] for case in ENGLISH],
    ids=[case[0] for case in ENGLISH],
)
def test_it_names_the_place_and_the_fault_in_english_for_an_english_reader(
    mutate: Mutation, path: str, english: str
) -> None:
    data = raw_seed()
    mutate(data)
    assert find(problems_of(data), path).text("en") == english


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("  \n", "The file is empty"),
        (
            "format: a\nformat: b\n",
            "The YAML file cannot be read: the key format is written twice in one mapping on line 2",
        ),
        (
            '{"format": }',
            "The JSON file cannot be read at line 1, column 12: it is not well formed"
            " (Expecting value)",
        ),
        ('{"format": NaN}', "The JSON file cannot be read: NaN is not a number that can be used"),
    ],
)
def test_it_says_a_file_it_cannot_read_in_english_too(text: str, english: str) -> None:
    (problem,) = problems_of_text(text)
    assert problem.text("en") == english


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


# --- properties ---------------------------------------------------------------------------------------

# Thai letters with their marks, ASCII, and characters that YAML treats specially.
_ALPHABET = list("กขคงจชดตนบปผพมยรลวสหอะาำเแโใไ่้๊๋ัิีึืุู็์ aZ09-:#'\"{}[],&*!|>%@`?\n\t")
TEXT = st.text(alphabet=_ALPHABET, min_size=1, max_size=24).filter(lambda text: bool(text.strip()))
SCORES = st.decimals(min_value=0, max_value=5, places=4, allow_nan=False, allow_infinity=False)
VALUES = st.decimals(
    min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def weights(draw: st.DrawFn, count: int) -> list[Decimal]:
    """`count` positive weights in tenths that add up to exactly 100."""
    cuts = draw(st.lists(st.integers(1, 999), min_size=count - 1, max_size=count - 1, unique=True))
    bounds = [0, *sorted(cuts), 1000]
    return [D(b - a) / 10 for a, b in pairwise(bounds)]


@st.composite
def targets(draw: st.DrawFn, count: int, direction: str) -> list[Decimal]:
    values = sorted(draw(st.lists(VALUES, min_size=count, max_size=count, unique=True)))
    return values if direction == "higher" else values[::-1]


@st.composite
def steps_done(draw: st.DrawFn, count: int) -> object:
    if draw(st.booleans()):
        return draw(st.integers(0, count))
    return draw(st.lists(st.integers(1, count), unique=True, max_size=count))


@st.composite
def person(draw: st.DrawFn) -> dict[str, object]:
    data: dict[str, object] = {"name": draw(TEXT)}
    if draw(st.booleans()):
        data["phone"] = draw(st.from_regex(r"0-[0-9]{4}-[0-9]{4}", fullmatch=True))
    if draw(st.booleans()):
        data["position"] = draw(TEXT)
    return data


@st.composite
def raw_indicator(draw: st.DrawFn, number: str, weight: Decimal, *, part: bool) -> dict[str, Any]:
    kinds = ["milestone", "numeric", "mixed", "pass_fail"] + ([] if part else ["composite"])
    kind = draw(st.sampled_from(kinds))
    data: dict[str, Any] = {"number": number, "name": draw(TEXT), "weight": weight, "kind": kind}
    reported = draw(st.booleans()) or draw(st.booleans())
    if kind == "milestone":
        count = draw(st.integers(1, 6))
        data["steps"] = [
            draw(TEXT)
            if draw(st.booleans())
            else {"description": draw(TEXT), "evidence": draw(TEXT)}
            for _ in range(count)
        ]
        if reported:
            data["result"] = draw(steps_done(count))
    elif kind in ("numeric", "mixed"):
        count = 5 if kind == "numeric" else draw(st.integers(1, 4))
        direction = draw(st.sampled_from(["higher", "lower"]))
        data["direction"] = direction
        if kind == "numeric":
            data["targets"] = draw(targets(5, direction))
            if reported:
                data["result"] = draw(VALUES)
        else:
            data["steps"] = [draw(TEXT) for _ in range(count)]
            data["targets"] = draw(targets(5 - count, direction))
            if reported:
                result: dict[str, object] = {"steps_done": draw(steps_done(count))}
                if draw(st.booleans()):
                    result["value"] = draw(VALUES)
                data["result"] = result
    elif kind == "pass_fail":
        if reported:
            data["result"] = draw(st.booleans())
    else:
        count = draw(st.integers(1, 3))
        data["parts"] = [
            draw(raw_indicator(f"{number}.{index + 1}", part_weight, part=True))
            for index, part_weight in enumerate(draw(weights(count)))
        ]
    if kind in ("numeric", "mixed", "pass_fail") and draw(st.booleans()):
        data["floor"] = draw(st.sampled_from([0, 1]))
    if draw(st.booleans()):
        data["unit"] = draw(TEXT)
    if draw(st.booleans()):
        data["description"] = draw(TEXT)
    if draw(st.booleans()):
        people = draw(st.lists(person(), min_size=1, max_size=2))
        data["supervisor"] = people[0] if len(people) == 1 else people
    if draw(st.booleans()):
        data["collector"] = draw(person())
    if draw(st.booleans()):
        years = draw(st.lists(st.integers(2540, 2570), min_size=1, max_size=3, unique=True))
        data["baseline"] = {year: draw(VALUES) for year in years}
    if draw(st.booleans()):
        data["issues"] = draw(st.lists(TEXT, min_size=1, max_size=3, unique=True))
    if not part and draw(st.booleans()):
        data["verified_score"] = draw(SCORES)
    return data


@st.composite
def raw_agreement(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 7))
    group_count = draw(st.integers(1, 3))
    assignment = [draw(st.integers(1, group_count)) for _ in range(count)]
    used = sorted(set(assignment))
    indicator_weights = draw(weights(count))
    groups: list[dict[str, object]] = []
    weighted_groups = draw(st.booleans())
    for key in used:
        group: dict[str, object] = {"key": str(key), "name": draw(TEXT)}
        if weighted_groups:
            group["weight"] = sum(
                (w for w, g in zip(indicator_weights, assignment, strict=True) if g == key), D(0)
            )
        groups.append(group)
    indicators = []
    for index, (weight, group_key) in enumerate(zip(indicator_weights, assignment, strict=True)):
        item = draw(raw_indicator(str(index + 1), weight, part=False))
        indicators.append({"group": str(group_key), **item})
    return {
        "format": FORMAT,
        "organization": {"code": draw(TEXT), "name": draw(TEXT)},
        "fiscal_year": draw(st.integers(2540, 2580)),
        "framework": {"name": draw(TEXT), "floor": draw(st.sampled_from([0, 1])), "groups": groups},
        "indicators": indicators,
    }


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(raw_agreement())
def test_it_reads_back_any_valid_file_it_writes_in_yaml_and_json(data: dict[str, Any]) -> None:
    agreement = from_data(copy.deepcopy(data))
    assert load(dump(agreement, format="yaml"), format="yaml") == agreement
    assert load(dump(agreement, format="json"), format="json") == agreement
    assert from_data(to_data(agreement)) == agreement


def test_it_takes_a_python_float_from_callers_by_its_shortest_repr() -> None:
    data = raw_seed()
    indicator(data, "1")["result"] = 92.5
    indicator(data, "16")["verified_score"] = 4.8
    agreement = from_data(data)
    assert agreement.indicators[0].result == D("92.5")
    assert agreement.indicators[4].verified_score == D("4.8")


def test_it_refuses_a_fiscal_year_written_as_text() -> None:
    problem = find(problems_of({**raw_seed(), "fiscal_year": "2549"}), "fiscal_year")
    assert problem.message == "ต้องเป็นจำนวนเต็ม"


def test_it_refuses_an_unknown_format_name_as_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        load("{}", format="toml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format"):
        dump(load_path(SEED_YAML), format="toml")  # type: ignore[arg-type]
