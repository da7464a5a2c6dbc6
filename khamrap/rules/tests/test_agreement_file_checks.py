"""Tests of the checks of a whole agreement file: weights by indicator and by group, every problem
collected with its location, the format line, and the error message that lists them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khamrap.rules.agreement_file import (
    FORMAT,
    AgreementFileError,
    Problem,
    from_data,
    score_report,
)
from khamrap.rules.tests.agreement_files import (
    find,
    indicator,
    problems_of,
    problems_of_text,
    raw_seed,
)

D = Decimal


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
