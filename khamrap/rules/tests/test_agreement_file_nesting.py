"""A file nested thousands of levels deep is refused in Thai, not with a RecursionError."""

from __future__ import annotations

from pathlib import Path

import pytest

from khamrap.rules.agreement_file import MAX_NESTING, AgreementFileError, load, load_path

DEEP = 5000
SEED = Path(__file__).parent / "fixtures" / "seed000.yaml"

NESTED = {
    "json list": ("json", "[" * DEEP + "]" * DEEP),
    "json object": ("json", '{"a": ' * DEEP + "1" + "}" * DEEP),
    "json under a key": (
        "json",
        '{"format": "khamrap-agreement/1", "x": ' + "[" * DEEP + "]" * DEEP + "}",
    ),
    "yaml flow list": ("yaml", "[" * DEEP + "]" * DEEP),
    "yaml flow mapping": ("yaml", "{a: " * DEEP + "1" + "}" * DEEP),
    "yaml block list": ("yaml", "- " * DEEP + "x\n"),
    "yaml under a key": ("yaml", "format: khamrap-agreement/1\nx: " + "[" * DEEP + "]" * DEEP),
}


def problems_of(text: str, format: str | None) -> list[str]:
    with pytest.raises(AgreementFileError) as caught:
        load(text, format=format)
    return [problem.message for problem in caught.value.problems]


@pytest.mark.parametrize("name", NESTED)
def test_a_file_nested_5000_levels_deep_is_refused_in_thai(name):
    format, text = NESTED[name]
    (message,) = problems_of(text, format)
    assert f"ซ้อนกันลึกเกิน {MAX_NESTING} ชั้น" in message
    assert ("JSON" if format == "json" else "YAML") in message


@pytest.mark.parametrize("name", NESTED)
def test_the_format_is_guessed_and_still_refused(name):
    (message,) = problems_of(NESTED[name][1], None)
    assert f"ซ้อนกันลึกเกิน {MAX_NESTING} ชั้น" in message


def test_the_line_where_it_gets_too_deep_is_named():
    text = '{\n"format": "khamrap-agreement/1",\n"x":\n' + "[\n" * 100 + "]" * 100 + "}"
    (message,) = problems_of(text, "json")
    assert f"บรรทัด {3 + MAX_NESTING}" in message  # the bracket one level too deep


def test_brackets_inside_text_do_not_count():
    text = '{"format": "khamrap-agreement/1", "name": "' + "[{" * DEEP + '"}'
    assert not any("ซ้อนกัน" in message for message in problems_of(text, "json"))


def test_yaml_aliases_that_chain_thousands_deep_are_read_without_recursing():
    lines = ["a0: &a0 [1]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, DEEP)]
    lines += [f"indicators: [*a{DEEP - 1}]"]
    messages = problems_of("\n".join(lines), "yaml")
    assert "ไม่รู้จักคีย์ a0" in messages[1]  # checked, not crashed


def test_a_real_file_is_well_within_the_limit(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    with pytest.raises(AgreementFileError):
        load_path(path)
    assert load_path(SEED).indicators
