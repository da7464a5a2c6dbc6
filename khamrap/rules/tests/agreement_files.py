"""What the agreement file's tests share: the seed-000 fixture files, its worked example scored by
hand, and the helpers that break one thing in the parsed seed and find the problem it causes, each
checked to be said in Thai and in English. The `seed` fixture (the seed read once per module) is in
conftest.py; any valid agreement file, for the properties, is in agreement_file_strategies.py."""

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
