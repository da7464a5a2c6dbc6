"""Tests of reading and writing the agreement file as YAML and JSON: the seed-000 fixtures,
round trips, text that cannot be read, and any valid file written and read back (properties)."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from khamrap.rules.agreement_file import (
    AgreementFile,
    AgreementFileError,
    GroupSpec,
    PersonSpec,
    StepSpec,
    dump,
    from_data,
    load,
    load_path,
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
from khamrap.rules.tests.agreement_file_strategies import PROPERTY, raw_agreement
from khamrap.rules.tests.agreement_files import (
    SEED_JSON,
    SEED_YAML,
    find,
    indicator,
    problems_of_text,
    raw_seed,
)

D = Decimal


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


# --- properties ---------------------------------------------------------------------------------------


@PROPERTY
@given(raw_agreement())
def test_it_reads_back_any_valid_file_it_writes_in_yaml_and_json(data: dict[str, Any]) -> None:
    agreement = from_data(copy.deepcopy(data))
    assert load(dump(agreement, format="yaml"), format="yaml") == agreement
    assert load(dump(agreement, format="json"), format="json") == agreement
    assert from_data(to_data(agreement)) == agreement


def test_it_refuses_an_unknown_format_name_as_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        load("{}", format="toml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format"):
        dump(load_path(SEED_YAML), format="toml")  # type: ignore[arg-type]
