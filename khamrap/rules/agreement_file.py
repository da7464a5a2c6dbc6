"""The agreement file: one organization's performance agreement for one fiscal year as YAML or JSON.

Pure: text in, frozen values out and back again, no Django, no database. The file lists the
indicators (ตัวชี้วัด) with their framework group, weight, scoring criteria, people and results;
`score_report` scores it with `khamrap.rules.scoring`, and `render_table` / `report_json` print it.
Every problem found in a file is said in Thai and in English (`Problem.text`): the rules stay free
of Django, and the page or the command picks the reader's language.
Every number is read as a `Decimal` from the digits written in the file, so the four-decimal
figures printed are exactly the ones the arithmetic used. docs/agreement-file.md describes the
format field by field.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import yaml

from khamrap.rules.scoring import (
    MAX_SCORE,
    ONE,
    TOTAL_WEIGHT,
    ZERO,
    CompositeCriteria,
    CompositePart,
    Criteria,
    Direction,
    Kind,
    MilestoneCriteria,
    MixedCriteria,
    MixedResult,
    NumericCriteria,
    PassFailCriteria,
    Result,
    ScoreLine,
    ScoringError,
    round4,
    score,
    score_table,
    validate_weights,
)

FORMAT = "khamrap-agreement/1"
# The format nests a handful of levels (agreement → indicators → indicator → parts → part → steps);
# the parsers and the checker recurse, so a file thousands of levels deep would exhaust Python's
# stack. `load` measures the depth without recursing before anything is built.
MAX_NESTING = 20
_FORMAT_FAMILY = "khamrap-agreement/"
FileFormat = Literal["yaml", "json"]

KIND_LABELS: dict[Kind, str] = {
    Kind.MILESTONE: "ระดับขั้นของความสำเร็จ",
    Kind.NUMERIC: "ค่าเป้าหมาย 5 ระดับ",
    Kind.MIXED: "แบบผสม",
    Kind.PASS_FAIL: "ผ่าน/ไม่ผ่าน",
    Kind.COMPOSITE: "มีตัวชี้วัดย่อย",
}
_KIND_LABELS_EN: dict[Kind, str] = {
    Kind.MILESTONE: "milestone levels of success",
    Kind.NUMERIC: "five-level targets",
    Kind.MIXED: "mixed steps and targets",
    Kind.PASS_FAIL: "pass/fail",
    Kind.COMPOSITE: "with sub-indicators",
}

# --- values ------------------------------------------------------------------------------------


def _english(language: str | None) -> bool:
    return bool(language and language.startswith("en"))


Location = tuple[str | int, ...]


def path_text(location: Location) -> str:
    """A location as the path people read: ("indicators", 3, "parts", 1) → "indicators[3].parts[1]"."""
    text = ""
    for step in location:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is (keys and list indexes from the top of the file),
    a Thai message and a Thai-friendly place, and the message and the place in English."""

    location: Location
    message: str
    where: str = ""
    message_en: str = ""
    where_en: str = ""

    @property
    def path(self) -> str:
        """The location as text, such as "indicators[3].parts[1].targets[2]"."""
        return path_text(self.location)

    def __str__(self) -> str:
        return self.text("th")

    def text(self, language: str | None) -> str:
        """The place and the message in the reader's language: English for "en…" when there is
        one, else Thai ('ตัวชี้วัด 1 › weight: ต้องเป็นตัวเลข')."""
        if _english(language) and self.message_en:
            place, message = self.where_en or self.path, self.message_en
        else:
            place, message = self.where or self.path, self.message
        return f"{place}: {message}" if place else message


class AgreementFileError(ValueError):
    """A file that cannot be read as an agreement; `problems` lists everything found wrong."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.text("th"))

    def text(self, language: str | None) -> str:
        """Every problem, one a line under a heading, in the reader's language."""
        count = len(self.problems)
        if _english(language):
            heading = f"The agreement file has {count} problem{'' if count == 1 else 's'}:"
        else:
            heading = f"ไฟล์คำรับรองมีข้อผิดพลาด {count} รายการ:"
        return "\n".join([heading, *(f"- {problem.text(language)}" for problem in self.problems)])


@dataclass(frozen=True)
class OrganizationSpec:
    """The organization (หน่วยงาน) whose agreement this is: its code and Thai name."""

    code: str
    name: str


@dataclass(frozen=True)
class GroupSpec:
    """A framework group (มิติ / องค์ประกอบ): key, Thai name and optional weight."""

    key: str
    name: str
    weight: Decimal | None = None


@dataclass(frozen=True)
class FrameworkSpec:
    """The year's framework: its name, the score short of T1 (0 or 1), and its groups in order."""

    name: str
    groups: tuple[GroupSpec, ...]
    floor: Decimal = ZERO


@dataclass(frozen=True)
class PersonSpec:
    """A supervisor (ผู้กำกับดูแลตัวชี้วัด) or data collector (ผู้จัดเก็บข้อมูล)."""

    name: str
    phone: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class StepSpec:
    """One milestone step: what must be done, and optionally the evidence that shows it."""

    description: str
    evidence: str | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator or sub-indicator, with its scoring criteria and result in the engine's form."""

    number: str
    name: str
    weight: Decimal
    criteria: Criteria
    # None for a sub-indicator, which belongs to its parent's group.
    group: str | None = None
    steps: tuple[StepSpec, ...] = ()
    unit: str | None = None
    supervisors: tuple[PersonSpec, ...] = ()
    collectors: tuple[PersonSpec, ...] = ()
    description: str | None = None
    formula: str | None = None
    notes: str | None = None
    rationale: str | None = None
    data_source: str | None = None
    # The line after the rationale on seed 000's sheet ("หมายเหตุ : รูปแบบการกำหนดเกณฑ์...").
    closing_note: str | None = None
    # (Buddhist Era year, value) in the order written.
    baseline: tuple[tuple[int, Decimal], ...] = ()
    issues: tuple[str, ...] = ()
    result: Result | None = None
    verified_score: Decimal | None = None
    parts: tuple[IndicatorSpec, ...] = ()

    @property
    def kind(self) -> Kind:
        """The scoring kind, read from the criteria so that the two cannot disagree."""
        return self.criteria.kind

    @property
    def targets(self) -> tuple[Decimal, ...]:
        """The target values of a numeric or mixed indicator; empty for the other kinds."""
        if isinstance(self.criteria, NumericCriteria | MixedCriteria):
            return self.criteria.targets
        return ()

    @property
    def direction(self) -> Direction | None:
        """Higher or lower is better, for numeric and mixed indicators; None for the others."""
        if isinstance(self.criteria, NumericCriteria | MixedCriteria):
            return self.criteria.direction
        return None


@dataclass(frozen=True)
class AgreementFile:
    """A whole agreement: organization, fiscal year (BE), framework and indicators."""

    organization: OrganizationSpec
    fiscal_year: int
    framework: FrameworkSpec
    indicators: tuple[IndicatorSpec, ...]
    format: str = FORMAT


# --- reading numbers from text ------------------------------------------------------------------

# YAML 1.1 reads 010 as octal 8, 1:30 as 90 and yes as true; a file written by people should not.
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)\Z")
_DECIMAL_FLOAT = re.compile(
    r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?\Z|[-+]?\.[0-9][0-9_]*\Z"
)
_NUMBER_TEXT = re.compile(r"\s*[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*\Z")


class _DuplicateKeyError(yaml.YAMLError):
    """A key written twice in one mapping, which both parsers would otherwise let pass."""

    def __init__(self, key: object, line: int | None = None) -> None:
        super().__init__(str(key))
        self.key = key
        self.line = line


class _YamlLoader(yaml.SafeLoader):
    """SafeLoader that keeps every number's text (as Decimal or int) and rejects duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, refusing a key written twice (merge keys may still be overridden)."""
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(
                key_node, yaml.ScalarNode
            ):
                continue
            key = self.construct_object(key_node)
            if key in seen:
                raise _DuplicateKeyError(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _yaml_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    text = loader.construct_scalar(node)
    # Octal, hex, binary and base-60 forms stay text: a phone 053123456 must not become a number.
    return int(text.replace("_", "")) if _DECIMAL_INT.match(text) else text


def _yaml_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | str:
    text = loader.construct_scalar(node)
    if _DECIMAL_FLOAT.match(text):
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:
            return text
    # .inf, .nan and base-60 stay text and are then refused where a number is wanted.
    return text


def _yaml_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool | str:
    text = loader.construct_scalar(node)
    return {"true": True, "false": False}.get(text.lower(), text)


def _yaml_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text: the format has no date fields, and 2569-03-31 is not a CE date anyway.
    return loader.construct_scalar(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:int", _yaml_int)
_YamlLoader.add_constructor("tag:yaml.org,2002:float", _yaml_float)
_YamlLoader.add_constructor("tag:yaml.org,2002:bool", _yaml_bool)
_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _yaml_text)


def _parse_yaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=_YamlLoader)
    except _DuplicateKeyError as error:
        at = f"ที่บรรทัด {error.line} " if error.line else ""
        at_en = f" on line {error.line}" if error.line else ""
        raise _syntax(
            f"อ่านไฟล์ YAML ไม่ได้: คีย์ {error.key} เขียนซ้ำ{at}ในชุดเดียวกัน",
            f"The YAML file cannot be read: the key {error.key} is written twice in one"
            f" mapping{at_en}",
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = f"ที่บรรทัด {mark.line + 1} คอลัมน์ {mark.column + 1}" if mark else ""
        at_en = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        detail = error.problem or error.context or ""
        raise _syntax(
            f"อ่านไฟล์ YAML ไม่ได้{at}: รูปแบบไม่ถูกต้อง ({detail})",
            f"The YAML file cannot be read{at_en}: it is not well formed ({detail})",
        ) from None
    except yaml.YAMLError as error:
        raise _syntax(
            f"อ่านไฟล์ YAML ไม่ได้: รูปแบบไม่ถูกต้อง ({error})",
            f"The YAML file cannot be read: it is not well formed ({error})",
        ) from None


def _parse_json(text: str) -> object:
    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        result: dict[str, object] = {}
        for key, value in items:
            if key in result:
                raise _DuplicateKeyError(key)
            result[key] = value
        return result

    def constant(name: str) -> object:
        raise ValueError(name)

    try:
        return json.loads(
            text, parse_float=Decimal, object_pairs_hook=pairs, parse_constant=constant
        )
    except _DuplicateKeyError as error:
        raise _syntax(
            f"อ่านไฟล์ JSON ไม่ได้: คีย์ {error.key} เขียนซ้ำในชุดเดียวกัน",
            f"The JSON file cannot be read: the key {error.key} is written twice in one object",
        ) from None
    except json.JSONDecodeError as error:
        raise _syntax(
            f"อ่านไฟล์ JSON ไม่ได้ที่บรรทัด {error.lineno} คอลัมน์ {error.colno}: รูปแบบไม่ถูกต้อง ({error.msg})",
            f"The JSON file cannot be read at line {error.lineno}, column {error.colno}: it is"
            f" not well formed ({error.msg})",
        ) from None
    except ValueError as error:
        raise _syntax(
            f"อ่านไฟล์ JSON ไม่ได้: {error} ไม่ใช่ตัวเลขที่ใช้ได้",
            f"The JSON file cannot be read: {error} is not a number that can be used",
        ) from None


def _syntax(message: str, english: str) -> AgreementFileError:
    return AgreementFileError([Problem((), message, message_en=english)])


def _too_deep(format_name: str, line: int) -> AgreementFileError:
    at = f"ที่บรรทัด {line} "
    return _syntax(
        f"อ่านไฟล์ {format_name} ไม่ได้: ข้อมูลซ้อนกันลึกเกิน {MAX_NESTING} ชั้น{at}"
        "(ไฟล์คำรับรองซ้อนกันเพียงไม่กี่ชั้น เช่น ตัวชี้วัด → ตัวชี้วัดย่อย → ขั้นตอน)",
        f"The {format_name} file cannot be read: its data nest more than {MAX_NESTING} levels"
        f" deep at line {line} (an agreement file nests only a few levels, such as indicator →"
        " sub-indicator → step)",
    )


# A JSON string (skipped whole, so brackets in text do not count) or one bracket.
_JSON_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _check_json_depth(text: str) -> None:
    depth = 0
    for match in _JSON_STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                raise _too_deep("JSON", text.count("\n", 0, match.start()) + 1)
        elif token in ("]", "}"):
            depth -= 1


def _check_yaml_depth(text: str) -> None:
    # PyYAML's parser is a loop over states; only composing the nodes recurses.
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_YamlLoader):
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise _too_deep("YAML", event.start_mark.line + 1)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the parse proper reports it, with its line and column


# --- checking the parsed data --------------------------------------------------------------------


@dataclass(frozen=True)
class _Loc:
    """Where a value sits: its location in the file and the same place in words for a Thai reader
    and for an English one."""

    location: Location = ()
    where: str = ""
    where_en: str = ""

    def key(self, name: str) -> _Loc:
        return _Loc(
            (*self.location, name),
            f"{self.where} › {name}" if self.where else name,
            f"{self.where_en} › {name}" if self.where_en else name,
        )

    def item(self, index: int, label: str, label_en: str, *, absolute: bool = False) -> _Loc:
        alone = absolute or not self.where
        return _Loc(
            (*self.location, index),
            label if alone else f"{self.where} › {label}",
            label_en if alone else f"{self.where_en} › {label_en}",
        )


def _ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st: an item's place in a list, in English."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


_ROOT_KEYS = ("format", "organization", "fiscal_year", "framework", "indicators")
_COMMON_KEYS = (
    "number",
    "name",
    "weight",
    "kind",
    "unit",
    "supervisor",
    "collector",
    "description",
    "formula",
    "notes",
    "rationale",
    "data_source",
    "closing_note",
    "baseline",
    "issues",
)
_TEXT_KEYS = ("description", "formula", "notes", "rationale", "data_source", "closing_note")
_KIND_KEYS: dict[Kind, tuple[str, ...]] = {
    Kind.MILESTONE: ("steps", "result"),
    Kind.NUMERIC: ("targets", "direction", "floor", "result"),
    Kind.MIXED: ("steps", "targets", "direction", "floor", "result"),
    Kind.PASS_FAIL: ("floor", "result"),
    Kind.COMPOSITE: ("parts",),
}
_KIND_REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.MILESTONE: ("steps",),
    Kind.NUMERIC: ("targets",),
    Kind.MIXED: ("steps", "targets"),
    Kind.PASS_FAIL: (),
    Kind.COMPOSITE: ("parts",),
}
_CRITERIA_KEYS = ("steps", "targets", "direction", "floor", "result", "parts")
_INDICATOR_KEYS = (*_COMMON_KEYS, "group", "verified_score", *_CRITERIA_KEYS)
# A message in Thai and in English.
_Said = tuple[str, str]
_PART_ONLY_MESSAGES: dict[str, _Said] = {
    "group": (
        "ตัวชี้วัดย่อยอยู่ในกลุ่มเดียวกับตัวชี้วัดหลัก ไม่ต้องระบุ group",
        "a sub-indicator is in the group of its indicator: leave group out",
    ),
    "verified_score": (
        "คะแนนผู้ประเมินให้ที่ตัวชี้วัดหลัก ไม่ใช่ที่ตัวชี้วัดย่อย",
        "the evaluator's score is given on the indicator, not on a sub-indicator",
    ),
    "parts": (
        "ตัวชี้วัดย่อยต้องไม่มีตัวชี้วัดย่อยซ้อนอีกชั้น",
        "a sub-indicator cannot have sub-indicators of its own",
    ),
}
# Which field a scoring-engine error is about, so that its message lands on the right path.
_CODE_FIELDS = {
    "targets_count": "targets",
    "targets_not_monotone": "targets",
    "not_a_number": "targets",
    "steps_empty": "steps",
    "mixed_steps_out_of_range": "steps",
    "floor_invalid": "floor",
    "weights_empty": "parts",
    "weight_not_positive": "parts",
    "weights_not_100": "parts",
}
_MIN_BE_YEAR = 2400
_MAX_BE_YEAR = 3000
_SCORE_PLACES = 4


def _decimal_text(value: Decimal) -> str:
    """A Decimal as plain digits, as written (4.8000 stays 4.8000), never in exponent form."""
    return f"{value:f}"


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | Decimal | float)


@dataclass
class _Draft:
    """What an indicator contributes to the weight checks even when it has other problems."""

    group: str | None
    weight: Decimal | None
    spec: IndicatorSpec | None


class _Checker:
    """Reads parsed data into specs, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.numbers: dict[str, str] = {}

    def add(self, loc: _Loc, message: str, english: str) -> None:
        self.problems.append(Problem(loc.location, message, loc.where, english, loc.where_en))

    # -- shapes --

    def keys(
        self,
        raw: Mapping[Any, Any],
        loc: _Loc,
        allowed: Sequence[str],
        *,
        required: Sequence[str] = (),
        elsewhere: Mapping[str, _Said] | None = None,
    ) -> None:
        """Refuse unknown keys (a typo must not be silently ignored) and report missing ones."""
        elsewhere = elsewhere or {}
        for key in raw:
            if not isinstance(key, str):
                self.add(
                    loc,
                    f"คีย์ {key} ต้องเป็นข้อความภาษาอังกฤษ เช่น name",
                    f"the key {key} must be English text, such as name",
                )
            elif key in elsewhere:
                self.add(loc.key(key), *elsewhere[key])
            elif key not in allowed:
                self.add(loc.key(key), *_unknown_key(key, allowed))
        for key in required:
            if raw.get(key) is None:
                self.add(loc.key(key), "ต้องระบุค่านี้", "this value must be given")

    def mapping(self, value: object, loc: _Loc) -> Mapping[Any, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(
            loc,
            "ต้องเป็นชุดของคีย์และค่า (mapping ใน YAML หรือ object ใน JSON)",
            "must be a set of keys and values (a mapping in YAML, an object in JSON)",
        )
        return None

    def sequence(self, value: object, loc: _Loc, *, empty_message: _Said) -> list[Any] | None:
        if not isinstance(value, list | tuple):
            self.add(loc, "ต้องเป็นรายการ (list)", "must be a list")
            return None
        if not value:
            self.add(loc, *empty_message)
            return None
        return list(value)

    # -- scalars --

    def text(self, value: object, loc: _Loc) -> str | None:
        if not isinstance(value, str):
            self.add(loc, "ต้องเป็นข้อความ", "must be text")
            return None
        if not value.strip():
            self.add(
                loc,
                "ต้องไม่เป็นข้อความว่าง (ถ้าไม่มีข้อมูลให้ลบคีย์นี้ออก)",
                "must not be empty (if there is nothing to say, remove the key)",
            )
            return None
        return value

    def ident(self, value: object, loc: _Loc) -> str | None:
        """A number or key such as "16" or "2.1"; a bare YAML/JSON number counts by its text."""
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return str(value)
        return self.text(value, loc)

    def phone(self, value: object, loc: _Loc) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(value, loc)

    def number(self, value: object, loc: _Loc) -> Decimal | None:
        if isinstance(value, float) and not isinstance(value, bool):
            # Only callers of from_data can pass a float; its shortest repr is what they meant.
            value = Decimal(repr(value))
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            if isinstance(value, str) and _NUMBER_TEXT.match(value):
                self.add(
                    loc,
                    "ต้องเป็นตัวเลข ไม่ใช่ข้อความ (เอาเครื่องหมายคำพูดออก)",
                    "must be a number, not text (remove the quotation marks)",
                )
            else:
                self.add(loc, "ต้องเป็นตัวเลข", "must be a number")
            return None
        number = Decimal(value)
        if not number.is_finite():
            self.add(loc, "ต้องเป็นตัวเลขที่มีค่าแน่นอน", "must be a finite number")
            return None
        return number

    def integer(self, value: object, loc: _Loc) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(loc, "ต้องเป็นจำนวนเต็ม", "must be a whole number")
            return None
        return value

    def be_year(self, value: object, loc: _Loc, *, key: bool = False) -> int | None:
        if key and isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)  # JSON object keys are always text
        year = self.integer(value, loc)
        if year is not None and not _MIN_BE_YEAR <= year <= _MAX_BE_YEAR:
            self.add(
                loc,
                f"ต้องเป็นปีพุทธศักราช เช่น 2569 (ได้ {year})",
                f"must be a year of the Buddhist Era, such as 2569 (it is {year})",
            )
            return None
        return year

    def floor(self, value: object, loc: _Loc) -> Decimal | None:
        number = self.number(value, loc)
        if number is not None and number not in (ZERO, ONE):
            self.add(
                loc,
                "คะแนนเมื่อไม่ถึงเป้าหมายระดับ 1 ต้องเป็น 0 หรือ 1",
                "the score short of the level-1 target must be 0 or 1",
            )
            return None
        return number

    def score_value(self, value: object, loc: _Loc) -> Decimal | None:
        number = self.number(value, loc)
        if number is None:
            return None
        if not ZERO <= number <= MAX_SCORE:
            self.add(loc, "คะแนนต้องอยู่ระหว่าง 0 ถึง 5", "a score must be between 0 and 5")
            return None
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -_SCORE_PLACES:
            self.add(
                loc,
                "คะแนนต้องมีทศนิยมไม่เกิน 4 ตำแหน่ง",
                "a score must have at most 4 decimal places",
            )
            return None
        return number

    # -- the document --

    def agreement(self, data: object) -> AgreementFile | None:
        root = _Loc()
        if not isinstance(data, Mapping):
            self.add(
                root,
                "ไฟล์ต้องเป็นชุดของคีย์และค่า เริ่มด้วย format: " + FORMAT,
                "The file must be a set of keys and values, starting with format: " + FORMAT,
            )
            return None
        version = data.get("format")
        if version is None:
            self.add(
                root.key("format"),
                f"ต้องระบุรุ่นของรูปแบบไฟล์ format: {FORMAT}",
                f"the version of the file's format must be given, format: {FORMAT}",
            )
        elif version != FORMAT:
            # Another version's fields mean other things: listing them as errors would mislead.
            if isinstance(version, str) and version.startswith(_FORMAT_FAMILY):
                message = f"ไม่รองรับรูปแบบไฟล์รุ่น {version} (รองรับเฉพาะ {FORMAT})"
                english = f"version {version} of the format is not supported (only {FORMAT} is)"
            else:
                message = f"ไม่ใช่ไฟล์คำรับรองของ khamrap: format ต้องเป็น {FORMAT}"
                english = f"this is not a khamrap agreement file: format must be {FORMAT}"
            self.add(root.key("format"), message, english)
            return None
        self.keys(data, root, _ROOT_KEYS, required=_ROOT_KEYS[1:])

        organization = self.organization(data.get("organization"), root.key("organization"))
        fiscal_year = None
        if data.get("fiscal_year") is not None:
            fiscal_year = self.be_year(data["fiscal_year"], root.key("fiscal_year"))
        framework = None
        if data.get("framework") is not None:
            framework = self.framework(data["framework"], root.key("framework"))
        indicators = self.indicators(data.get("indicators"), root.key("indicators"), framework)
        if self.problems:
            return None
        assert organization and fiscal_year and framework and indicators is not None
        return AgreementFile(organization, fiscal_year, framework, indicators)

    def organization(self, value: object, loc: _Loc) -> OrganizationSpec | None:
        if value is None:
            return None
        raw = self.mapping(value, loc)
        if raw is None:
            return None
        self.keys(raw, loc, ("code", "name"), required=("code", "name"))
        code = self.ident(raw["code"], loc.key("code")) if raw.get("code") is not None else None
        name = self.text(raw["name"], loc.key("name")) if raw.get("name") is not None else None
        return OrganizationSpec(code, name) if code and name else None

    def framework(self, value: object, loc: _Loc) -> FrameworkSpec | None:
        raw = self.mapping(value, loc)
        if raw is None:
            return None
        self.keys(raw, loc, ("name", "floor", "groups"), required=("name", "groups"))
        name = self.text(raw["name"], loc.key("name")) if raw.get("name") is not None else None
        floor: Decimal | None = ZERO
        if raw.get("floor") is not None:
            floor = self.floor(raw["floor"], loc.key("floor"))
        groups: list[GroupSpec] = []
        if raw.get("groups") is not None:
            items = self.sequence(
                raw["groups"],
                loc.key("groups"),
                empty_message=("ต้องมีกลุ่มอย่างน้อย 1 กลุ่ม", "there must be at least one group"),
            )
            for index, item in enumerate(items or []):
                group = self.group(item, loc.key("groups"), index, {g.key for g in groups})
                if group:
                    groups.append(group)
            weighted = [group.weight is not None for group in groups]
            if any(weighted) and not all(weighted):
                self.add(
                    loc.key("groups"),
                    "ต้องกำหนดน้ำหนักให้ทุกกลุ่ม หรือไม่กำหนดให้กลุ่มใดเลย",
                    "give a weight to every group or to none",
                )
        if name is None or floor is None or not groups:
            return None
        return FrameworkSpec(name, tuple(groups), floor)

    def group(self, value: object, loc: _Loc, index: int, seen: set[str]) -> GroupSpec | None:
        ordinal = loc.item(index, f"กลุ่มลำดับที่ {index + 1}", f"{_ordinal(index + 1)} group")
        raw = self.mapping(value, ordinal)
        if raw is None:
            return None
        key = None
        if raw.get("key") is not None:
            key = self.ident(raw["key"], ordinal.key("key"))
        here = loc.item(index, f"กลุ่ม {key}", f"group {key}") if key else ordinal
        self.keys(raw, here, ("key", "name", "weight"), required=("key", "name"))
        if key is not None and key in seen:
            self.add(
                here.key("key"),
                f"รหัสกลุ่ม {key} ซ้ำกับกลุ่มก่อนหน้า",
                f"the group key {key} is already used by an earlier group",
            )
            key = None
        name = self.text(raw["name"], here.key("name")) if raw.get("name") is not None else None
        weight = None
        if raw.get("weight") is not None:
            weight = self.number(raw["weight"], here.key("weight"))
            if weight is not None and weight <= 0:
                self.add(
                    here.key("weight"),
                    "น้ำหนักของกลุ่มต้องมากกว่า 0",
                    "a group's weight must be greater than 0",
                )
        if key is None or name is None:
            return None
        return GroupSpec(key, name, weight)

    def indicators(
        self, value: object, loc: _Loc, framework: FrameworkSpec | None
    ) -> tuple[IndicatorSpec, ...] | None:
        if value is None:
            return None
        items = self.sequence(
            value,
            loc,
            empty_message=("ต้องมีตัวชี้วัดอย่างน้อย 1 ตัว", "there must be at least one indicator"),
        )
        if items is None:
            return None
        floor = framework.floor if framework else ZERO
        group_keys = [group.key for group in framework.groups] if framework else None
        drafts = [
            self.indicator(
                item,
                loc.item(
                    index,
                    f"ตัวชี้วัดลำดับที่ {index + 1}",
                    f"The {_ordinal(index + 1)} indicator",
                    absolute=True,
                ),
                floor=floor,
                group_keys=group_keys,
            )
            for index, item in enumerate(items)
        ]
        # Sums are checked only over weights that could be read, lest one typo cause three errors.
        if framework and all(d.weight is not None for d in drafts):
            lines = [(d.group, d.weight) for d in drafts if d.weight is not None]
            by_group = all(d.group is not None for d in drafts)
            self.problems.extend(_weight_problems(framework, lines, by_group=by_group))
        specs = tuple(d.spec for d in drafts if d.spec is not None)
        return specs if len(specs) == len(drafts) else None

    def indicator(
        self,
        value: object,
        loc: _Loc,
        *,
        floor: Decimal,
        group_keys: Sequence[str] | None,
        parent: str | None = None,
    ) -> _Draft:
        before = len(self.problems)
        draft = _Draft(None, None, None)
        raw = self.mapping(value, loc)
        if raw is None:
            return draft
        number = None
        if raw.get("number") is not None:
            number = self.ident(raw["number"], loc.key("number"))
        if number is not None:
            loc = _Loc(loc.location, f"ตัวชี้วัด {number}", f"Indicator {number}")
            if number in self.numbers:
                self.add(
                    loc.key("number"),
                    f"หมายเลขตัวชี้วัด {number} ซ้ำกับที่ใช้แล้วที่ {self.numbers[number]}",
                    f"the indicator number {number} is already used at {self.numbers[number]}",
                )
            else:
                self.numbers[number] = path_text(loc.location)
        kind = self.kind(raw.get("kind"), loc.key("kind"), is_part=parent is not None)

        elsewhere: dict[str, _Said] = dict(_PART_ONLY_MESSAGES) if parent is not None else {}
        if kind is not None:
            for key in _CRITERIA_KEYS:
                if key not in _KIND_KEYS[kind] and key not in elsewhere:
                    elsewhere[key] = _wrong_kind_key(key, kind)
        required = ["number", "name", "weight", "kind"]
        if parent is None:
            required.append("group")
        if kind is not None:
            required += _KIND_REQUIRED[kind]
        self.keys(raw, loc, _INDICATOR_KEYS, required=required, elsewhere=elsewhere)

        def given(key: str) -> bool:
            return raw.get(key) is not None and key not in elsewhere

        name = self.text(raw["name"], loc.key("name")) if given("name") else None
        weight = self.number(raw["weight"], loc.key("weight")) if given("weight") else None
        if weight is not None and weight <= 0:
            self.add(loc.key("weight"), "น้ำหนักต้องมากกว่า 0", "the weight must be greater than 0")
            weight = None
        draft.weight = weight
        if given("group"):
            group = self.ident(raw["group"], loc.key("group"))
            if group is not None and group_keys is not None and group not in group_keys:
                self.add(
                    loc.key("group"),
                    f"ไม่มีกลุ่ม {group} ในกรอบการประเมิน (มีกลุ่ม {', '.join(group_keys)})",
                    f"the framework has no group {group} (its groups are {', '.join(group_keys)})",
                )
                group = None
            draft.group = group

        fields: dict[str, Any] = {}
        if given("unit"):
            fields["unit"] = self.text(raw["unit"], loc.key("unit"))
        for key in _TEXT_KEYS:
            if given(key):
                fields[key] = self.text(raw[key], loc.key(key))
        for key, attribute in (("supervisor", "supervisors"), ("collector", "collectors")):
            if given(key):
                fields[attribute] = self.people(raw[key], loc.key(key))
        if given("baseline"):
            fields["baseline"] = self.baseline(raw["baseline"], loc.key("baseline"))
        if given("issues"):
            fields["issues"] = self.issues(raw["issues"], loc.key("issues"))
        verified = None
        if given("verified_score"):
            verified = self.score_value(raw["verified_score"], loc.key("verified_score"))

        criteria, steps, result, parts = None, (), None, ()
        if kind is Kind.COMPOSITE:
            criteria, parts = self.composite(raw, loc, floor=floor, parent=number or "")
        elif kind is not None:
            criteria, steps = self.criteria(raw, loc, kind, floor=floor, given=given)
            if criteria is not None and given("result"):
                result = self.result(raw["result"], loc.key("result"), criteria)

        if len(self.problems) > before:
            return draft
        assert number and name and weight is not None and criteria is not None
        if parent is None and draft.group is None:
            return draft
        draft.spec = IndicatorSpec(
            number=number,
            name=name,
            weight=weight,
            criteria=criteria,
            group=draft.group,
            steps=steps,
            result=result,
            verified_score=verified,
            parts=parts,
            **fields,
        )
        return draft

    def kind(self, value: object, loc: _Loc, *, is_part: bool) -> Kind | None:
        if value is None:
            return None
        kinds = ", ".join(kind.value for kind in Kind)
        if not isinstance(value, str) or value not in {kind.value for kind in Kind}:
            self.add(
                loc,
                f"ไม่รู้จักประเภท {value} (ต้องเป็นหนึ่งใน {kinds})",
                f"unknown kind {value} (it must be one of {kinds})",
            )
            return None
        kind = Kind(value)
        if is_part and kind is Kind.COMPOSITE:
            self.add(loc, *_PART_ONLY_MESSAGES["parts"])
            return None
        return kind

    def criteria(
        self,
        raw: Mapping[str, Any],
        loc: _Loc,
        kind: Kind,
        *,
        floor: Decimal,
        given: Callable[[str], bool],
    ) -> tuple[Criteria | None, tuple[StepSpec, ...]]:
        steps: tuple[StepSpec, ...] = ()
        if given("steps"):
            steps = self.steps(raw["steps"], loc.key("steps"))
        targets: list[Decimal] | None = None
        if given("targets"):
            targets = self.targets(raw["targets"], loc.key("targets"))
        direction: Direction | None = Direction.HIGHER_IS_BETTER
        if given("direction"):
            names = {d.value: d for d in Direction}
            direction = names.get(raw["direction"]) if isinstance(raw["direction"], str) else None
            if direction is None:
                self.add(
                    loc.key("direction"),
                    "ต้องเป็น higher (ยิ่งมากยิ่งดี) หรือ lower (ยิ่งน้อยยิ่งดี)",
                    "must be higher (higher is better) or lower (lower is better)",
                )
        own_floor: Decimal | None = floor
        if given("floor"):
            own_floor = self.floor(raw["floor"], loc.key("floor"))
        needs_steps = kind in (Kind.MILESTONE, Kind.MIXED)
        needs_targets = kind in (Kind.NUMERIC, Kind.MIXED)
        missing = (needs_steps and not steps) or (needs_targets and targets is None)
        if missing or direction is None or own_floor is None:
            return None, steps
        floor = own_floor
        try:
            if kind is Kind.MILESTONE:
                return MilestoneCriteria(len(steps)), steps
            if kind is Kind.NUMERIC:
                return NumericCriteria(tuple(targets or ()), direction, floor), steps
            if kind is Kind.MIXED:
                return MixedCriteria(len(steps), tuple(targets or ()), direction, floor), steps
            return PassFailCriteria(floor), steps
        except ScoringError as error:
            self.add(loc.key(_CODE_FIELDS.get(error.code, "kind")), error.message, error.message_en)
            return None, steps

    def steps(self, value: object, loc: _Loc) -> tuple[StepSpec, ...]:
        items = self.sequence(
            value,
            loc,
            empty_message=("ต้องมีอย่างน้อย 1 ขั้นตอน", "there must be at least one step"),
        )
        steps: list[StepSpec] = []
        for index, item in enumerate(items or []):
            here = loc.item(index, f"ขั้นตอนที่ {index + 1}", f"step {index + 1}")
            if isinstance(item, str):
                text = self.text(item, here)
                if text is not None:
                    steps.append(StepSpec(text))
                continue
            if not isinstance(item, Mapping):
                self.add(
                    here,
                    "ต้องเป็นข้อความ หรือชุดของ description และ evidence",
                    "must be text, or a set of description and evidence",
                )
                continue
            self.keys(item, here, ("description", "evidence"), required=("description",))
            description = evidence = None
            if item.get("description") is not None:
                description = self.text(item["description"], here.key("description"))
            if item.get("evidence") is not None:
                evidence = self.text(item["evidence"], here.key("evidence"))
            if description is not None:
                steps.append(StepSpec(description, evidence))
        return tuple(steps) if items is not None and len(steps) == len(items) else ()

    def targets(self, value: object, loc: _Loc) -> list[Decimal] | None:
        items = self.sequence(value, loc, empty_message=("ต้องมีค่าเป้าหมาย", "there must be targets"))
        if items is None:
            return None
        values = [
            self.number(v, loc.item(i, f"ค่าที่ {i + 1}", f"value {i + 1}"))
            for i, v in enumerate(items)
        ]
        return None if any(v is None for v in values) else [v for v in values if v is not None]

    def composite(
        self, raw: Mapping[str, Any], loc: _Loc, *, floor: Decimal, parent: str
    ) -> tuple[CompositeCriteria | None, tuple[IndicatorSpec, ...]]:
        if raw.get("parts") is None:
            return None, ()
        parts_loc = loc.key("parts")
        items = self.sequence(
            raw["parts"],
            parts_loc,
            empty_message=(
                "ต้องมีตัวชี้วัดย่อยอย่างน้อย 1 ตัว",
                "there must be at least one sub-indicator",
            ),
        )
        if items is None:
            return None, ()
        drafts = [
            self.indicator(
                item,
                parts_loc.item(
                    index,
                    f"ตัวชี้วัดย่อยลำดับที่ {index + 1}",
                    f"{_ordinal(index + 1)} sub-indicator",
                ),
                floor=floor,
                group_keys=None,
                parent=parent,
            )
            for index, item in enumerate(items)
        ]
        weights = [d.weight for d in drafts]
        if all(weight is not None for weight in weights):
            try:
                validate_weights(weights)
            except ScoringError as error:
                self.add(
                    parts_loc,
                    f"น้ำหนักของตัวชี้วัดย่อย: {error.message}",
                    f"weights of the sub-indicators: {error.message_en}",
                )
                return None, ()
        parts = tuple(d.spec for d in drafts if d.spec is not None)
        if len(parts) != len(drafts):
            return None, ()
        criteria = CompositeCriteria(
            tuple(CompositePart(p.weight, p.criteria, p.result) for p in parts)
        )
        return criteria, parts

    def result(self, value: object, loc: _Loc, criteria: Criteria) -> Result | None:
        if isinstance(criteria, MilestoneCriteria):
            return self.steps_done(value, loc, criteria.steps)
        if isinstance(criteria, NumericCriteria):
            return self.number(value, loc)
        if isinstance(criteria, MixedCriteria):
            raw = self.mapping(value, loc)
            if raw is None:
                return None
            self.keys(raw, loc, ("steps_done", "value"), required=("steps_done",))
            if raw.get("steps_done") is None:
                return None
            done = self.steps_done(raw["steps_done"], loc.key("steps_done"), criteria.steps)
            measured = None
            if raw.get("value") is not None:
                measured = self.number(raw["value"], loc.key("value"))
                if measured is None:
                    return None
            return None if done is None else MixedResult(done, measured)
        if isinstance(criteria, PassFailCriteria):
            if isinstance(value, bool):
                return value
            self.add(
                loc,
                "ต้องเป็น true (ผ่าน) หรือ false (ไม่ผ่าน)",
                "must be true (pass) or false (fail)",
            )
        return None

    def steps_done(self, value: object, loc: _Loc, steps: int) -> tuple[bool, ...] | None:
        """Either how many steps are done in order (3) or which step numbers are done ([1, 2, 4])."""
        if isinstance(value, int) and not isinstance(value, bool):
            if 0 <= value <= steps:
                return (True,) * value + (False,) * (steps - value)
            self.add(
                loc,
                f"จำนวนขั้นตอนที่ทำเสร็จต้องอยู่ระหว่าง 0 ถึง {steps}",
                f"the number of steps done must be from 0 to {steps}",
            )
            return None
        if not isinstance(value, list | tuple):
            self.add(
                loc,
                "ต้องเป็นจำนวนขั้นตอนที่ทำเสร็จตามลำดับ (เช่น 3) "
                "หรือรายการหมายเลขขั้นตอนที่ทำเสร็จ (เช่น [1, 2, 4])",
                "must be the number of steps done in order (such as 3) "
                "or a list of the numbers of the steps done (such as [1, 2, 4])",
            )
            return None
        done: set[int] = set()
        ok = True
        for index, item in enumerate(value):
            here = loc.item(index, f"ลำดับที่ {index + 1}", f"item {index + 1}")
            number = self.integer(item, here)
            if number is None:
                ok = False
            elif not 1 <= number <= steps:
                self.add(
                    here,
                    f"ไม่มีขั้นตอนที่ {number} (มีขั้นตอนที่ 1 ถึง {steps})",
                    f"there is no step {number} (the steps are 1 to {steps})",
                )
                ok = False
            elif number in done:
                self.add(here, f"ขั้นตอนที่ {number} ระบุซ้ำ", f"step {number} is given twice")
                ok = False
            else:
                done.add(number)
        return tuple(step in done for step in range(1, steps + 1)) if ok else None

    def people(self, value: object, loc: _Loc) -> tuple[PersonSpec, ...]:
        if isinstance(value, Mapping):
            person = self.person(value, loc)
            return (person,) if person else ()
        items = self.sequence(
            value,
            loc,
            empty_message=(
                "ต้องมีอย่างน้อย 1 คน (ถ้าไม่มีให้ลบคีย์นี้ออก)",
                "there must be at least one person (if there is none, remove the key)",
            ),
        )
        people = [
            self.person(item, loc.item(i, f"คนที่ {i + 1}", f"person {i + 1}"))
            for i, item in enumerate(items or [])
        ]
        return tuple(p for p in people if p is not None)

    def person(self, value: object, loc: _Loc) -> PersonSpec | None:
        raw = self.mapping(value, loc)
        if raw is None:
            return None
        self.keys(raw, loc, ("name", "position", "phone"), required=("name",))
        name = self.text(raw["name"], loc.key("name")) if raw.get("name") is not None else None
        position = phone = None
        if raw.get("position") is not None:
            position = self.text(raw["position"], loc.key("position"))
        if raw.get("phone") is not None:
            phone = self.phone(raw["phone"], loc.key("phone"))
        return PersonSpec(name, phone, position) if name else None

    def baseline(self, value: object, loc: _Loc) -> tuple[tuple[int, Decimal], ...]:
        raw = self.mapping(value, loc)
        pairs: list[tuple[int, Decimal]] = []
        for key, item in (raw or {}).items():
            year = self.be_year(key, loc.key(str(key)), key=True)
            number = self.number(item, loc.key(str(key)))
            if year is not None and number is not None:
                pairs.append((year, number))
        return tuple(pairs)

    def issues(self, value: object, loc: _Loc) -> tuple[str, ...]:
        items = self.sequence(
            value,
            loc,
            empty_message=(
                "ต้องมีอย่างน้อย 1 ประเด็น (ถ้าไม่มีให้ลบคีย์นี้ออก)",
                "there must be at least one issue (if there is none, remove the key)",
            ),
        )
        tags: list[str] = []
        for index, item in enumerate(items or []):
            here = loc.item(index, f"ลำดับที่ {index + 1}", f"item {index + 1}")
            tag = self.text(item, here)
            if tag is not None and tag in tags:
                self.add(here, f"ประเด็น {tag} ระบุซ้ำ", f"the issue {tag} is given twice")
            elif tag is not None:
                tags.append(tag)
        return tuple(tags)


def _unknown_key(key: str, allowed: Sequence[str]) -> _Said:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return (
            f"ไม่รู้จักคีย์ {key} หรือหมายถึง {close[0]}?",
            f"unknown key {key}: did you mean {close[0]}?",
        )
    return (
        f"ไม่รู้จักคีย์ {key} (คีย์ที่ใช้ได้ที่นี่: {', '.join(allowed)})",
        f"unknown key {key} (the keys allowed here: {', '.join(allowed)})",
    )


def _wrong_kind_key(key: str, kind: Kind) -> _Said:
    if key == "result" and kind is Kind.COMPOSITE:
        return (
            "ผลของตัวชี้วัดที่มีตัวชี้วัดย่อยต้องระบุที่ตัวชี้วัดย่อยแต่ละตัว",
            "the result of an indicator with sub-indicators is given on each sub-indicator",
        )
    kinds = ", ".join(k.value for k in Kind if key in _KIND_KEYS[k])
    return (
        f"ใช้กับตัวชี้วัดประเภท {kind.value} ({KIND_LABELS[kind]}) ไม่ได้ ใช้ได้กับ {kinds}",
        f"cannot be used with the kind {kind.value} ({_KIND_LABELS_EN[kind]}), only with {kinds}",
    )


def _weight_problems(
    framework: FrameworkSpec,
    lines: Sequence[tuple[str | None, Decimal]],
    *,
    by_group: bool = True,
) -> list[Problem]:
    """Weights sum to 100, each weighted group's indicators to the group's weight, groups to 100."""
    problems: list[Problem] = []
    try:
        validate_weights(weight for _, weight in lines)
    except ScoringError as error:
        problems.append(
            Problem(
                ("indicators",),
                f"น้ำหนักของตัวชี้วัด: {error.message}",
                "indicators",
                f"weights of the indicators: {error.message_en}",
                "indicators",
            )
        )
    if not by_group:
        return problems
    given = [group for group in framework.groups if group.weight is not None]
    for index, group in enumerate(framework.groups):
        if group.weight is None:
            continue
        total = sum((weight for key, weight in lines if key == group.key), ZERO)
        if total != group.weight:
            problems.append(
                Problem(
                    ("framework", "groups", index, "weight"),
                    f"น้ำหนักของตัวชี้วัดในกลุ่มนี้รวมกันได้ {_decimal_text(total)} "
                    f"แต่น้ำหนักของกลุ่มคือ {_decimal_text(group.weight)}",
                    f"กลุ่ม {group.key} › weight",
                    f"the weights of the indicators in this group add up to"
                    f" {_decimal_text(total)}, but the group's weight is"
                    f" {_decimal_text(group.weight)}",
                    f"Group {group.key} › weight",
                )
            )
    if given:
        total = sum((group.weight for group in given if group.weight is not None), ZERO)
        if total != TOTAL_WEIGHT:
            problems.append(
                Problem(
                    ("framework", "groups"),
                    f"ผลรวมน้ำหนักของกลุ่มต้องเท่ากับ 100 แต่ได้ {_decimal_text(total)}",
                    "framework › groups",
                    f"the weights of the groups must add up to 100, but they add up to"
                    f" {_decimal_text(total)}",
                    "framework › groups",
                )
            )
    return problems


# --- public reading ---------------------------------------------------------------------------------


def from_data(data: object) -> AgreementFile:
    """Check already-parsed data (dicts, lists, Decimals) and build the agreement, or raise."""
    checker = _Checker()
    agreement = checker.agreement(data)
    if checker.problems or agreement is None:
        raise AgreementFileError(checker.problems)
    return agreement


def load(text: str, *, format: FileFormat | None = None) -> AgreementFile:
    """Read an agreement from YAML or JSON text (JSON when it starts with `{`, if not told)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _syntax("ไฟล์ว่างเปล่า", "The file is empty")
    if format is None:
        format = "json" if text.lstrip().startswith(("{", "[")) else "yaml"
    if format == "json":
        _check_json_depth(text)
        return from_data(_parse_json(text))
    if format == "yaml":
        # An alias (*name) can make a value deeper than its text, but PyYAML builds values
        # without recursing and the checker descends only the format's own few levels.
        _check_yaml_depth(text)
        return from_data(_parse_yaml(text))
    raise ValueError(f"unknown format {format!r}: use 'yaml' or 'json'")


def load_path(path: str | os.PathLike[str]) -> AgreementFile:
    """Read an agreement file; .json is JSON, .yaml/.yml is YAML, anything else is guessed."""
    path = Path(path)
    suffix = path.suffix.lower()
    format: FileFormat | None = (
        "json" if suffix == ".json" else "yaml" if suffix in (".yaml", ".yml") else None
    )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _syntax(
            f"เปิดไฟล์ {path} ไม่ได้ ({error.strerror})",
            f"The file {path} cannot be opened ({error.strerror})",
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _syntax("ไฟล์ต้องเข้ารหัสแบบ UTF-8", "The file must be encoded in UTF-8") from None
    return load(text, format=format)


# --- writing ----------------------------------------------------------------------------------------


def _steps_done_data(done: tuple[bool, ...]) -> int | list[int]:
    count = sum(done)
    # Steps done in order are written as a count; anything else as the step numbers done.
    if all(done[:count]):
        return count
    return [index + 1 for index, is_done in enumerate(done) if is_done]


def _result_data(result: Result) -> object:
    if isinstance(result, MixedResult):
        data: dict[str, object] = {"steps_done": _steps_done_data(result.steps)}
        if result.value is not None:
            data["value"] = result.value
        return data
    if isinstance(result, tuple):
        return _steps_done_data(result)
    return result


def _people_data(people: tuple[PersonSpec, ...]) -> object:
    items = []
    for person in people:
        item: dict[str, object] = {"name": person.name}
        if person.position is not None:
            item["position"] = person.position
        if person.phone is not None:
            item["phone"] = person.phone
        items.append(item)
    return items[0] if len(items) == 1 else items


def _indicator_data(spec: IndicatorSpec, floor: Decimal) -> dict[str, object]:
    data: dict[str, object] = {"number": spec.number}
    if spec.group is not None:
        data["group"] = spec.group
    data["name"] = spec.name
    data["weight"] = spec.weight
    data["kind"] = spec.kind.value
    if spec.unit is not None:
        data["unit"] = spec.unit
    criteria = spec.criteria
    if isinstance(criteria, NumericCriteria | MixedCriteria):
        data["direction"] = criteria.direction.value
        data["targets"] = list(criteria.targets)
    if isinstance(criteria, MilestoneCriteria | MixedCriteria):
        data["steps"] = [
            step.description
            if step.evidence is None
            else {"description": step.description, "evidence": step.evidence}
            for step in spec.steps
        ]
    floored = NumericCriteria | MixedCriteria | PassFailCriteria
    if isinstance(criteria, floored) and criteria.floor != floor:
        data["floor"] = criteria.floor
    if spec.parts:
        data["parts"] = [_indicator_data(part, floor) for part in spec.parts]
    if spec.result is not None:
        data["result"] = _result_data(spec.result)
    if spec.verified_score is not None:
        data["verified_score"] = spec.verified_score
    if spec.supervisors:
        data["supervisor"] = _people_data(spec.supervisors)
    if spec.collectors:
        data["collector"] = _people_data(spec.collectors)
    for key in ("description", "formula", "data_source"):
        if getattr(spec, key) is not None:
            data[key] = getattr(spec, key)
    if spec.baseline:
        data["baseline"] = dict(spec.baseline)
    for key in ("notes", "rationale", "closing_note"):
        if getattr(spec, key) is not None:
            data[key] = getattr(spec, key)
    if spec.issues:
        data["issues"] = list(spec.issues)
    return data


def to_data(agreement: AgreementFile) -> dict[str, object]:
    """The agreement as plain dicts, lists, strings, ints, bools and Decimals, in the file's order."""
    framework = agreement.framework
    groups: list[dict[str, object]] = []
    for group in framework.groups:
        item: dict[str, object] = {"key": group.key, "name": group.name}
        if group.weight is not None:
            item["weight"] = group.weight
        groups.append(item)
    return {
        "format": agreement.format,
        "organization": {"code": agreement.organization.code, "name": agreement.organization.name},
        "fiscal_year": agreement.fiscal_year,
        "framework": {"name": framework.name, "floor": framework.floor, "groups": groups},
        "indicators": [_indicator_data(spec, framework.floor) for spec in agreement.indicators],
    }


_INLINE_LIMIT = 80
_INLINE_KEYS = 3


def _inline(value: object) -> bool:
    """Whether a list or small mapping reads best on one line: scalars only, and short."""
    if isinstance(value, list):
        items: Iterable[object] = value
    elif isinstance(value, dict):
        items = value.values()
    else:
        return False
    items = list(items)
    if isinstance(value, list):
        # Numbers always fit on one line; a list of long texts (steps) reads better one per line.
        short = all(not isinstance(item, str) for item in items) or len(str(items)) <= _INLINE_LIMIT
        return short and all(_one_line(item) for item in items)
    # Small mappings only (a person, a group): a scalar list may sit inside, as in steps_done.
    simple = all(
        _one_line(item) or (isinstance(item, list) and all(_one_line(i) for i in item))
        for item in items
    )
    return simple and len(items) <= _INLINE_KEYS and len(str(items)) <= _INLINE_LIMIT


def _one_line(value: object) -> bool:
    return _is_scalar(value) and not (isinstance(value, str) and "\n" in value)


class _FlowList(list):  # type: ignore[type-arg]
    """A list the YAML writer puts on one line."""


class _FlowDict(dict):  # type: ignore[type-arg]
    """A mapping the YAML writer puts on one line."""


class _YamlDumper(yaml.SafeDumper):
    """SafeDumper that writes Decimals as their digits and long text as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent list items under their key, as people write YAML by hand."""
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: object) -> bool:
        """Never write anchors: a value shared by two fields is still written out twice."""
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = _decimal_text(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_YAML_BREAKS = frozenset("\r\x85\u2028\u2029\ufeff")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _YAML_BREAKS.intersection(value):
        # PyYAML folds these line breaks when unquoted; escaped in double quotes they survive.
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow_list(dumper: yaml.SafeDumper, value: list[object]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _represent_flow_dict(dumper: yaml.SafeDumper, value: dict[object, object]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


_YamlDumper.add_representer(Decimal, _represent_decimal)
_YamlDumper.add_representer(str, _represent_str)
_YamlDumper.add_representer(_FlowList, _represent_flow_list)
_YamlDumper.add_representer(_FlowDict, _represent_flow_dict)


def _for_yaml(value: object) -> object:
    if isinstance(value, dict):
        converted = {key: _for_yaml(item) for key, item in value.items()}
        return _FlowDict(converted) if _inline(value) else converted
    if isinstance(value, list):
        items = [_for_yaml(item) for item in value]
        return _FlowList(items) if _inline(value) else items
    return value


def _json_text(value: object, level: int = 0) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        pairs = [f"{json.dumps(str(k), ensure_ascii=False)}: " for k in value]
        parts = [
            key + _json_text(item, level + 1)
            for key, item in zip(pairs, value.values(), strict=True)
        ]
        if _inline(value):
            return "{" + ", ".join(parts) + "}"
        pad = "  " * (level + 1)
        return "{\n" + ",\n".join(pad + part for part in parts) + "\n" + "  " * level + "}"
    if isinstance(value, list):
        parts = [_json_text(item, level + 1) for item in value]
        if _inline(value):
            return "[" + ", ".join(parts) + "]"
        pad = "  " * (level + 1)
        return "[\n" + ",\n".join(pad + part for part in parts) + "\n" + "  " * level + "]"
    raise TypeError(f"cannot write {type(value).__name__} to an agreement file")


def dump(agreement: AgreementFile, *, format: FileFormat = "yaml") -> str:
    """Write an agreement as YAML or JSON text that `load` reads back to an equal agreement."""
    data = to_data(agreement)
    if format == "json":
        return _json_text(data) + "\n"
    if format == "yaml":
        return yaml.dump(
            _for_yaml(data),
            Dumper=_YamlDumper,
            allow_unicode=True,
            sort_keys=False,
            # Folding long Thai lines would only make the file harder to read and to diff.
            width=1_000_000,
        )
    raise ValueError(f"unknown format {format!r}: use 'yaml' or 'json'")


# --- scoring ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartLine:
    """A sub-indicator in the report: its weight within the parent and its own score."""

    number: str
    name: str
    kind: Kind
    weight: Decimal
    score: Decimal | None


@dataclass(frozen=True)
class ReportLine:
    """One indicator's self-assessed and verified scores and their weighted shares."""

    number: str
    name: str
    group: str
    kind: Kind
    weight: Decimal
    score: Decimal | None
    weighted: Decimal
    # The evaluator's score where given, else the self-assessed score (verified_given says which).
    verified_score: Decimal | None
    verified_given: bool
    verified_weighted: Decimal
    parts: tuple[PartLine, ...] = field(default=())


@dataclass(frozen=True)
class GroupLine:
    """A framework group's subtotal: the sum of its weights and of its printed weighted scores."""

    key: str
    name: str
    weight: Decimal
    weighted: Decimal
    verified_weighted: Decimal


@dataclass(frozen=True)
class ScoreReport:
    """An agreement's score table: lines in framework order, group subtotals and totals."""

    organization: OrganizationSpec
    fiscal_year: int
    framework: str
    lines: tuple[ReportLine, ...]
    groups: tuple[GroupLine, ...]
    total: Decimal
    verified_total: Decimal

    @property
    def unreported(self) -> tuple[str, ...]:
        """Numbers of the indicators with no self-assessed score yet (they count 0)."""
        return tuple(line.number for line in self.lines if line.score is None)


def _score(spec: IndicatorSpec, index: int) -> Decimal | None:
    try:
        return score(spec.criteria, spec.result)
    except ScoringError as error:
        raise AgreementFileError(
            [
                Problem(
                    ("indicators", index, "result"),
                    error.message,
                    f"ตัวชี้วัด {spec.number} › result",
                    error.message_en,
                    f"Indicator {spec.number} › result",
                )
            ]
        ) from None


def score_report(agreement: AgreementFile) -> ScoreReport:
    """Score every indicator and add up self-assessed and verified tables by framework group."""
    framework = agreement.framework
    order = {group.key: index for index, group in enumerate(framework.groups)}
    unknown = [
        Problem(
            ("indicators", i, "group"),
            f"ไม่มีกลุ่ม {spec.group} ในกรอบการประเมิน",
            f"ตัวชี้วัด {spec.number} › group",
            f"the framework has no group {spec.group}",
            f"Indicator {spec.number} › group",
        )
        for i, spec in enumerate(agreement.indicators)
        if spec.group not in order
    ]
    if unknown:
        raise AgreementFileError(unknown)
    lines = [(spec.group or "", spec.weight) for spec in agreement.indicators]
    problems = _weight_problems(framework, lines)
    for index, spec in enumerate(agreement.indicators):
        if spec.verified_score is not None and not ZERO <= spec.verified_score <= MAX_SCORE:
            problems.append(
                Problem(
                    ("indicators", index, "verified_score"),
                    "คะแนนต้องอยู่ระหว่าง 0 ถึง 5",
                    f"ตัวชี้วัด {spec.number} › verified_score",
                    "a score must be between 0 and 5",
                    f"Indicator {spec.number} › verified_score",
                )
            )
    if problems:
        raise AgreementFileError(problems)

    # Group by the framework's order, keeping the file's order within a group.
    ranked = sorted(
        enumerate(agreement.indicators), key=lambda pair: (order[pair[1].group or ""], pair[0])
    )
    scores = {index: _score(spec, index) for index, spec in ranked}
    verified = {
        index: spec.verified_score if spec.verified_score is not None else scores[index]
        for index, spec in ranked
    }
    try:
        own = score_table(
            ScoreLine(spec.number, spec.group or "", spec.weight, scores[index])
            for index, spec in ranked
        )
        checked = score_table(
            ScoreLine(spec.number, spec.group or "", spec.weight, verified[index])
            for index, spec in ranked
        )
    except ScoringError as error:
        raise AgreementFileError(
            [Problem(("indicators",), error.message, "indicators", error.message_en, "indicators")]
        ) from None

    report_lines = []
    for (index, spec), line, verified_line in zip(ranked, own.lines, checked.lines, strict=True):
        parts = tuple(
            PartLine(
                part.number, part.name, part.kind, part.weight, score(part.criteria, part.result)
            )
            for part in spec.parts
        )
        report_lines.append(
            ReportLine(
                number=spec.number,
                name=spec.name,
                group=spec.group or "",
                kind=spec.kind,
                weight=spec.weight,
                score=line.score,
                weighted=line.weighted,
                verified_score=None if verified[index] is None else round4(verified[index]),
                verified_given=spec.verified_score is not None,
                verified_weighted=verified_line.weighted,
                parts=parts,
            )
        )
    names = {group.key: group.name for group in framework.groups}
    groups = tuple(
        GroupLine(
            subtotal.group,
            names[subtotal.group],
            subtotal.weight,
            subtotal.weighted,
            checked_subtotal.weighted,
        )
        for subtotal, checked_subtotal in zip(own.groups, checked.groups, strict=True)
    )
    return ScoreReport(
        agreement.organization,
        agreement.fiscal_year,
        framework.name,
        tuple(report_lines),
        groups,
        own.total,
        checked.total,
    )


# --- printing ---------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a terminal gives the text: Thai vowel and tone marks take none, wide characters two."""
    width = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf") or unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def truncate_to_width(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut text to at most `width` columns, never splitting a Thai mark from its letter."""
    if display_width(text) <= width:
        return text
    room = width - display_width(ellipsis)
    kept, used = [], 0
    for char in text:
        char_width = display_width(char)
        if used + char_width > room:
            break
        kept.append(char)
        used += char_width
    return "".join(kept).rstrip() + ellipsis


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


_HEADERS = (
    "ตัวชี้วัด",
    "ชื่อ",
    "น้ำหนัก",
    "คะแนน",
    "คะแนนถ่วงน้ำหนัก",
    "คะแนนผู้ประเมิน",
    "ถ่วงน้ำหนัก (ผู้ประเมิน)",
)
_RIGHT = (False, False, True, True, True, True, True)
_GAP = "  "
_NUMBER_WIDTH = 12


def _cell_text(text: str, width: int) -> str:
    # A newline or tab inside a name would break the row; the table shows it as one space.
    return truncate_to_width(" ".join(text.split()), width)


def _score_cell(value: Decimal | None) -> str:
    return "-" if value is None else _decimal_text(round4(value))


def render_table(report: ScoreReport, *, name_width: int = 48) -> str:
    """The score table as aligned plain text for a terminal, with Thai headers and subtotals."""
    rows: list[tuple[str, ...] | str] = []
    any_fallback = any(not line.verified_given for line in report.lines)
    for group in report.groups:
        rows.append(" ".join(group.name.split()))
        for line in (line for line in report.lines if line.group == group.key):
            mark = " " if line.verified_given or line.verified_score is None else "*"
            rows.append(
                (
                    _cell_text(line.number, _NUMBER_WIDTH),
                    _cell_text(line.name, name_width),
                    _decimal_text(line.weight),
                    _score_cell(line.score),
                    _decimal_text(line.weighted),
                    _score_cell(line.verified_score) + (mark if any_fallback else ""),
                    _decimal_text(line.verified_weighted),
                )
            )
            for part in line.parts:
                rows.append(
                    (
                        "  " + _cell_text(part.number, _NUMBER_WIDTH),
                        "  " + _cell_text(part.name, name_width - 2),
                        f"({_decimal_text(part.weight)})",
                        _score_cell(part.score),
                        "",
                        "",
                        "",
                    )
                )
        rows.append(
            (
                "",
                _cell_text(f"รวม {group.name}", name_width),
                _decimal_text(group.weight),
                "",
                _decimal_text(group.weighted),
                "",
                _decimal_text(group.verified_weighted),
            )
        )
    total_weight = sum((line.weight for line in report.lines), ZERO)
    total = (
        "",
        "รวมทั้งหมด",
        _decimal_text(total_weight),
        "",
        _decimal_text(report.total),
        "",
        _decimal_text(report.verified_total),
    )
    cells = [row for row in rows if isinstance(row, tuple)] + [_HEADERS, total]
    widths = [max(display_width(row[column]) for row in cells) for column in range(len(_HEADERS))]

    def line_of(row: tuple[str, ...]) -> str:
        cells = (_pad(cell, widths[i], right=_RIGHT[i]) for i, cell in enumerate(row))
        return _GAP.join(cells).rstrip()

    rule = "-" * (sum(widths) + len(_GAP) * (len(widths) - 1))
    out = [
        f"คำรับรองการปฏิบัติราชการ ปีงบประมาณ พ.ศ. {report.fiscal_year}",
        f"{report.organization.name} ({report.organization.code}) · {report.framework}",
        "",
        line_of(_HEADERS),
        rule,
    ]
    for row in rows:
        out.append(row if isinstance(row, str) else line_of(row))
    out += [rule, line_of(total)]
    notes = []
    if any_fallback:
        notes.append("* ยังไม่มีคะแนนผู้ประเมิน ใช้คะแนนประเมินตนเองแทน")
    if report.unreported:
        notes.append(f"- ยังไม่รายงานผล นับเป็น 0: ตัวชี้วัด {', '.join(report.unreported)}")
    if any(line.parts for line in report.lines):
        notes.append("(น้ำหนัก) ของตัวชี้วัดย่อยคือน้ำหนักภายในตัวชี้วัดหลัก")
    if notes:
        out += ["", *notes]
    return "\n".join(out)


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else _decimal_text(round4(value))


def report_json(report: ScoreReport) -> dict[str, object]:
    """The report for `--json`: every score a 4-decimal string, so no float noise can appear."""
    return {
        "organization": {"code": report.organization.code, "name": report.organization.name},
        "fiscal_year": report.fiscal_year,
        "framework": report.framework,
        "indicators": [
            {
                "number": line.number,
                "name": line.name,
                "group": line.group,
                "kind": line.kind.value,
                "weight": _decimal_text(line.weight),
                "score": _figure(line.score),
                "weighted": _figure(line.weighted),
                "verified_score": _figure(line.verified_score),
                "verified_given": line.verified_given,
                "verified_weighted": _figure(line.verified_weighted),
                "parts": [
                    {
                        "number": part.number,
                        "name": part.name,
                        "kind": part.kind.value,
                        "weight": _decimal_text(part.weight),
                        "score": _figure(part.score),
                    }
                    for part in line.parts
                ],
            }
            for line in report.lines
        ],
        "groups": [
            {
                "key": group.key,
                "name": group.name,
                "weight": _decimal_text(group.weight),
                "weighted": _figure(group.weighted),
                "verified_weighted": _figure(group.verified_weighted),
            }
            for group in report.groups
        ],
        "total": _figure(report.total),
        "verified_total": _figure(report.verified_total),
        "unreported": list(report.unreported),
    }
