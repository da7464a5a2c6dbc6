"""The checks of a whole agreement file: parsed data in, an `AgreementFile` or every problem out.

`from_data` walks the document (organization, fiscal year, framework and its groups, indicators
and their sub-indicators), refuses unknown keys with a guess at the one meant, and checks that the
weights add up, by indicator, within each weighted group and by group. Each problem carries its
place (`Problem.location`) and is said in Thai and in English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from khamrap.rules.agreement_file.criteria_checks import (
    CRITERIA_KEYS,
    KIND_KEYS,
    KIND_REQUIRED,
    CriteriaChecks,
    wrong_kind_key,
)
from khamrap.rules.agreement_file.problems import (
    AgreementFileError,
    Place,
    Problem,
    Said,
    ordinal,
    path_text,
)
from khamrap.rules.agreement_file.spec import (
    FORMAT,
    FORMAT_FAMILY,
    AgreementFile,
    FrameworkSpec,
    GroupSpec,
    IndicatorSpec,
    OrganizationSpec,
    decimal_text,
)
from khamrap.rules.scoring import (
    TOTAL_WEIGHT,
    ZERO,
    CompositeCriteria,
    CompositePart,
    Kind,
    ScoringError,
    validate_weights,
)

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
_INDICATOR_KEYS = (*_COMMON_KEYS, "group", "verified_score", *CRITERIA_KEYS)
_PART_ONLY_MESSAGES: dict[str, Said] = {
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


def from_data(data: object) -> AgreementFile:
    """Check already-parsed data (dicts, lists, Decimals) and build the agreement, or raise."""
    checker = Checker()
    agreement = checker.agreement(data)
    if checker.problems or agreement is None:
        raise AgreementFileError(checker.problems)
    return agreement


@dataclass
class _Draft:
    """What an indicator contributes to the weight checks even when it has other problems."""

    group: str | None
    weight: Decimal | None
    spec: IndicatorSpec | None


class Checker(CriteriaChecks):
    """Reads parsed data into specs, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        super().__init__()
        # Indicator numbers seen so far, and the path where each was first written.
        self.numbers: dict[str, str] = {}

    def agreement(self, data: object) -> AgreementFile | None:
        root = Place()
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
            if isinstance(version, str) and version.startswith(FORMAT_FAMILY):
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

    def organization(self, value: object, place: Place) -> OrganizationSpec | None:
        if value is None:
            return None
        raw = self.mapping(value, place)
        if raw is None:
            return None
        self.keys(raw, place, ("code", "name"), required=("code", "name"))
        code = self.ident(raw["code"], place.key("code")) if raw.get("code") is not None else None
        name = self.text(raw["name"], place.key("name")) if raw.get("name") is not None else None
        return OrganizationSpec(code, name) if code and name else None

    def framework(self, value: object, place: Place) -> FrameworkSpec | None:
        raw = self.mapping(value, place)
        if raw is None:
            return None
        self.keys(raw, place, ("name", "floor", "groups"), required=("name", "groups"))
        name = self.text(raw["name"], place.key("name")) if raw.get("name") is not None else None
        floor: Decimal | None = ZERO
        if raw.get("floor") is not None:
            floor = self.floor(raw["floor"], place.key("floor"))
        groups: list[GroupSpec] = []
        if raw.get("groups") is not None:
            items = self.sequence(
                raw["groups"],
                place.key("groups"),
                empty_message=("ต้องมีกลุ่มอย่างน้อย 1 กลุ่ม", "there must be at least one group"),
            )
            for index, item in enumerate(items or []):
                group = self.group(item, place.key("groups"), index, {g.key for g in groups})
                if group:
                    groups.append(group)
            weighted = [group.weight is not None for group in groups]
            if any(weighted) and not all(weighted):
                self.add(
                    place.key("groups"),
                    "ต้องกำหนดน้ำหนักให้ทุกกลุ่ม หรือไม่กำหนดให้กลุ่มใดเลย",
                    "give a weight to every group or to none",
                )
        if name is None or floor is None or not groups:
            return None
        return FrameworkSpec(name, tuple(groups), floor)

    def group(self, value: object, place: Place, index: int, seen: set[str]) -> GroupSpec | None:
        numbered = place.item(index, f"กลุ่มลำดับที่ {index + 1}", f"{ordinal(index + 1)} group")
        raw = self.mapping(value, numbered)
        if raw is None:
            return None
        key = None
        if raw.get("key") is not None:
            key = self.ident(raw["key"], numbered.key("key"))
        here = place.item(index, f"กลุ่ม {key}", f"group {key}") if key else numbered
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
        self, value: object, place: Place, framework: FrameworkSpec | None
    ) -> tuple[IndicatorSpec, ...] | None:
        if value is None:
            return None
        items = self.sequence(
            value,
            place,
            empty_message=("ต้องมีตัวชี้วัดอย่างน้อย 1 ตัว", "there must be at least one indicator"),
        )
        if items is None:
            return None
        floor = framework.floor if framework else ZERO
        group_keys = [group.key for group in framework.groups] if framework else None
        drafts = [
            self.indicator(
                item,
                place.item(
                    index,
                    f"ตัวชี้วัดลำดับที่ {index + 1}",
                    f"The {ordinal(index + 1)} indicator",
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
            self.problems.extend(weight_problems(framework, lines, by_group=by_group))
        specs = tuple(d.spec for d in drafts if d.spec is not None)
        return specs if len(specs) == len(drafts) else None

    def indicator(
        self,
        value: object,
        place: Place,
        *,
        floor: Decimal,
        group_keys: Sequence[str] | None,
        parent: str | None = None,
    ) -> _Draft:
        before = len(self.problems)
        draft = _Draft(None, None, None)
        raw = self.mapping(value, place)
        if raw is None:
            return draft
        number = None
        if raw.get("number") is not None:
            number = self.ident(raw["number"], place.key("number"))
        if number is not None:
            place = Place(place.location, f"ตัวชี้วัด {number}", f"Indicator {number}")
            if number in self.numbers:
                self.add(
                    place.key("number"),
                    f"หมายเลขตัวชี้วัด {number} ซ้ำกับที่ใช้แล้วที่ {self.numbers[number]}",
                    f"the indicator number {number} is already used at {self.numbers[number]}",
                )
            else:
                self.numbers[number] = path_text(place.location)
        kind = self.kind(raw.get("kind"), place.key("kind"), is_part=parent is not None)

        elsewhere: dict[str, Said] = dict(_PART_ONLY_MESSAGES) if parent is not None else {}
        if kind is not None:
            for key in CRITERIA_KEYS:
                if key not in KIND_KEYS[kind] and key not in elsewhere:
                    elsewhere[key] = wrong_kind_key(key, kind)
        required = ["number", "name", "weight", "kind"]
        if parent is None:
            required.append("group")
        if kind is not None:
            required += KIND_REQUIRED[kind]
        self.keys(raw, place, _INDICATOR_KEYS, required=required, elsewhere=elsewhere)

        def given(key: str) -> bool:
            return raw.get(key) is not None and key not in elsewhere

        name = self.text(raw["name"], place.key("name")) if given("name") else None
        weight = self.number(raw["weight"], place.key("weight")) if given("weight") else None
        if weight is not None and weight <= 0:
            self.add(place.key("weight"), "น้ำหนักต้องมากกว่า 0", "the weight must be greater than 0")
            weight = None
        draft.weight = weight
        if given("group"):
            group = self.ident(raw["group"], place.key("group"))
            if group is not None and group_keys is not None and group not in group_keys:
                self.add(
                    place.key("group"),
                    f"ไม่มีกลุ่ม {group} ในกรอบการประเมิน (มีกลุ่ม {', '.join(group_keys)})",
                    f"the framework has no group {group} (its groups are {', '.join(group_keys)})",
                )
                group = None
            draft.group = group

        fields: dict[str, Any] = {}
        if given("unit"):
            fields["unit"] = self.text(raw["unit"], place.key("unit"))
        for key in _TEXT_KEYS:
            if given(key):
                fields[key] = self.text(raw[key], place.key(key))
        for key, attribute in (("supervisor", "supervisors"), ("collector", "collectors")):
            if given(key):
                fields[attribute] = self.people(raw[key], place.key(key))
        if given("baseline"):
            fields["baseline"] = self.baseline(raw["baseline"], place.key("baseline"))
        if given("issues"):
            fields["issues"] = self.issues(raw["issues"], place.key("issues"))
        verified = None
        if given("verified_score"):
            verified = self.score_value(raw["verified_score"], place.key("verified_score"))

        criteria, steps, result, parts = None, (), None, ()
        if kind is Kind.COMPOSITE:
            criteria, parts = self.composite(raw, place, floor=floor, parent=number or "")
        elif kind is not None:
            criteria, steps = self.criteria(raw, place, kind, floor=floor, given=given)
            if criteria is not None and given("result"):
                result = self.result(raw["result"], place.key("result"), criteria)

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

    def kind(self, value: object, place: Place, *, is_part: bool) -> Kind | None:
        if value is None:
            return None
        kinds = ", ".join(kind.value for kind in Kind)
        if not isinstance(value, str) or value not in {kind.value for kind in Kind}:
            self.add(
                place,
                f"ไม่รู้จักประเภท {value} (ต้องเป็นหนึ่งใน {kinds})",
                f"unknown kind {value} (it must be one of {kinds})",
            )
            return None
        kind = Kind(value)
        if is_part and kind is Kind.COMPOSITE:
            self.add(place, *_PART_ONLY_MESSAGES["parts"])
            return None
        return kind

    def composite(
        self, raw: Mapping[str, Any], place: Place, *, floor: Decimal, parent: str
    ) -> tuple[CompositeCriteria | None, tuple[IndicatorSpec, ...]]:
        if raw.get("parts") is None:
            return None, ()
        parts_place = place.key("parts")
        items = self.sequence(
            raw["parts"],
            parts_place,
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
                parts_place.item(
                    index,
                    f"ตัวชี้วัดย่อยลำดับที่ {index + 1}",
                    f"{ordinal(index + 1)} sub-indicator",
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
                    parts_place,
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


def weight_problems(
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
                    f"น้ำหนักของตัวชี้วัดในกลุ่มนี้รวมกันได้ {decimal_text(total)} "
                    f"แต่น้ำหนักของกลุ่มคือ {decimal_text(group.weight)}",
                    f"กลุ่ม {group.key} › weight",
                    f"the weights of the indicators in this group add up to"
                    f" {decimal_text(total)}, but the group's weight is"
                    f" {decimal_text(group.weight)}",
                    f"Group {group.key} › weight",
                )
            )
    if given:
        total = sum((group.weight for group in given if group.weight is not None), ZERO)
        if total != TOTAL_WEIGHT:
            problems.append(
                Problem(
                    ("framework", "groups"),
                    f"ผลรวมน้ำหนักของกลุ่มต้องเท่ากับ 100 แต่ได้ {decimal_text(total)}",
                    "framework › groups",
                    f"the weights of the groups must add up to 100, but they add up to"
                    f" {decimal_text(total)}",
                    "framework › groups",
                )
            )
    return problems
