"""Reading and writing an agreement file as YAML or JSON text.

Every number is read as a `Decimal` from the digits written in the file (YAML's octal, base-60,
yes/no and date look-alikes stay text), a key written twice is refused, and a file nested deeper
than the format ever needs is refused before anything recurses. The parsed data then go through
`checks.from_data`. Writing gives text that `load` reads back to an equal agreement, laid out as a
person would write it: short lists on one line, long text as literal blocks.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import yaml

from khamrap.rules.agreement_file.checks import from_data
from khamrap.rules.agreement_file.problems import AgreementFileError, whole_file_error
from khamrap.rules.agreement_file.spec import AgreementFile, IndicatorSpec, PersonSpec, decimal_text
from khamrap.rules.scoring import (
    MilestoneCriteria,
    MixedCriteria,
    MixedResult,
    NumericCriteria,
    PassFailCriteria,
    Result,
)

# The format nests a handful of levels (agreement → indicators → indicator → parts → part → steps);
# the parsers and the checker recurse, so a file thousands of levels deep would exhaust Python's
# stack. `load` measures the depth without recursing before anything is built.
MAX_NESTING = 20
FileFormat = Literal["yaml", "json"]

# --- reading --------------------------------------------------------------------------------------

# YAML 1.1 reads 010 as octal 8, 1:30 as 90 and yes as true; a file written by people should not.
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)\Z")
_DECIMAL_FLOAT = re.compile(
    r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?\Z|[-+]?\.[0-9][0-9_]*\Z"
)


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
        raise whole_file_error(
            f"อ่านไฟล์ YAML ไม่ได้: คีย์ {error.key} เขียนซ้ำ{at}ในชุดเดียวกัน",
            f"The YAML file cannot be read: the key {error.key} is written twice in one"
            f" mapping{at_en}",
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = f"ที่บรรทัด {mark.line + 1} คอลัมน์ {mark.column + 1}" if mark else ""
        at_en = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        detail = error.problem or error.context or ""
        raise whole_file_error(
            f"อ่านไฟล์ YAML ไม่ได้{at}: รูปแบบไม่ถูกต้อง ({detail})",
            f"The YAML file cannot be read{at_en}: it is not well formed ({detail})",
        ) from None
    except yaml.YAMLError as error:
        raise whole_file_error(
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
        raise whole_file_error(
            f"อ่านไฟล์ JSON ไม่ได้: คีย์ {error.key} เขียนซ้ำในชุดเดียวกัน",
            f"The JSON file cannot be read: the key {error.key} is written twice in one object",
        ) from None
    except json.JSONDecodeError as error:
        raise whole_file_error(
            f"อ่านไฟล์ JSON ไม่ได้ที่บรรทัด {error.lineno} คอลัมน์ {error.colno}: รูปแบบไม่ถูกต้อง ({error.msg})",
            f"The JSON file cannot be read at line {error.lineno}, column {error.colno}: it is"
            f" not well formed ({error.msg})",
        ) from None
    except ValueError as error:
        raise whole_file_error(
            f"อ่านไฟล์ JSON ไม่ได้: {error} ไม่ใช่ตัวเลขที่ใช้ได้",
            f"The JSON file cannot be read: {error} is not a number that can be used",
        ) from None


def _too_deep(format_name: str, line: int) -> AgreementFileError:
    at = f"ที่บรรทัด {line} "
    return whole_file_error(
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


def load(text: str, *, format: FileFormat | None = None) -> AgreementFile:
    """Read an agreement from YAML or JSON text (JSON when it starts with `{`, if not told)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise whole_file_error("ไฟล์ว่างเปล่า", "The file is empty")
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
        raise whole_file_error(
            f"เปิดไฟล์ {path} ไม่ได้ ({error.strerror})",
            f"The file {path} cannot be opened ({error.strerror})",
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise whole_file_error(
            "ไฟล์ต้องเข้ารหัสแบบ UTF-8", "The file must be encoded in UTF-8"
        ) from None
    return load(text, format=format)


# --- writing --------------------------------------------------------------------------------------


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


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | Decimal | float)


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
    text = decimal_text(value)
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
        return decimal_text(value)
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
