"""Tests of malformed agreement files, one fault at a time: each names its place and its fault in
Thai and, for an English reader, in English."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from khamrap.rules.tests.agreement_files import find, indicator, problems_of, raw_seed

D = Decimal


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
