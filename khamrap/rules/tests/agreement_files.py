"""What the agreement file's tests share: the seed-000 fixture files and the helpers that break
one thing in the parsed seed and find the problem it causes, each checked to be said in Thai and in
English. The `seed` fixture (the seed read once per module) is in conftest.py."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from khamrap.rules.agreement_file import AgreementFileError, Problem, from_data, load

FIXTURES = Path(__file__).parent / "fixtures"
SEED_YAML = FIXTURES / "seed000.yaml"
SEED_JSON = FIXTURES / "seed000.json"
THAI = re.compile("[\u0e00-\u0e7f]")


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
