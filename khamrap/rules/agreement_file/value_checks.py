"""The checks of one value in an agreement file: shapes, text, numbers, years, people, issues.

`ValueChecks` reads one value at a time and, where it is wrong, adds a `Problem` at its place and
returns None instead of raising, so that a file's every problem is found in one reading. The
document's own checks (`checks.Checker`) build on these.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from khamrap.rules.agreement_file.problems import Place, Problem, Said
from khamrap.rules.agreement_file.spec import PersonSpec
from khamrap.rules.scoring import MAX_SCORE, ONE, ZERO

# A number written in quotation marks, which the message then asks to take away.
_NUMBER_TEXT = re.compile(r"\s*[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*\Z")
_MIN_BE_YEAR = 2400
_MAX_BE_YEAR = 3000
_SCORE_PLACES = 4


class ValueChecks:
    """Checks of single values that collect every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, place: Place, message: str, english: str) -> None:
        self.problems.append(Problem(place.location, message, place.where, english, place.where_en))

    # -- shapes --

    def keys(
        self,
        raw: Mapping[Any, Any],
        place: Place,
        allowed: Sequence[str],
        *,
        required: Sequence[str] = (),
        elsewhere: Mapping[str, Said] | None = None,
    ) -> None:
        """Refuse unknown keys (a typo must not be silently ignored) and report missing ones."""
        elsewhere = elsewhere or {}
        for key in raw:
            if not isinstance(key, str):
                self.add(
                    place,
                    f"คีย์ {key} ต้องเป็นข้อความภาษาอังกฤษ เช่น name",
                    f"the key {key} must be English text, such as name",
                )
            elif key in elsewhere:
                self.add(place.key(key), *elsewhere[key])
            elif key not in allowed:
                self.add(place.key(key), *_unknown_key(key, allowed))
        for key in required:
            if raw.get(key) is None:
                self.add(place.key(key), "ต้องระบุค่านี้", "this value must be given")

    def mapping(self, value: object, place: Place) -> Mapping[Any, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(
            place,
            "ต้องเป็นชุดของคีย์และค่า (mapping ใน YAML หรือ object ใน JSON)",
            "must be a set of keys and values (a mapping in YAML, an object in JSON)",
        )
        return None

    def sequence(self, value: object, place: Place, *, empty_message: Said) -> list[Any] | None:
        if not isinstance(value, list | tuple):
            self.add(place, "ต้องเป็นรายการ (list)", "must be a list")
            return None
        if not value:
            self.add(place, *empty_message)
            return None
        return list(value)

    # -- scalars --

    def text(self, value: object, place: Place) -> str | None:
        if not isinstance(value, str):
            self.add(place, "ต้องเป็นข้อความ", "must be text")
            return None
        if not value.strip():
            self.add(
                place,
                "ต้องไม่เป็นข้อความว่าง (ถ้าไม่มีข้อมูลให้ลบคีย์นี้ออก)",
                "must not be empty (if there is nothing to say, remove the key)",
            )
            return None
        return value

    def ident(self, value: object, place: Place) -> str | None:
        """A number or key such as "16" or "2.1"; a bare YAML/JSON number counts by its text."""
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return str(value)
        return self.text(value, place)

    def phone(self, value: object, place: Place) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(value, place)

    def number(self, value: object, place: Place) -> Decimal | None:
        if isinstance(value, float) and not isinstance(value, bool):
            # Only callers of from_data can pass a float; its shortest repr is what they meant.
            value = Decimal(repr(value))
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            if isinstance(value, str) and _NUMBER_TEXT.match(value):
                self.add(
                    place,
                    "ต้องเป็นตัวเลข ไม่ใช่ข้อความ (เอาเครื่องหมายคำพูดออก)",
                    "must be a number, not text (remove the quotation marks)",
                )
            else:
                self.add(place, "ต้องเป็นตัวเลข", "must be a number")
            return None
        number = Decimal(value)
        if not number.is_finite():
            self.add(place, "ต้องเป็นตัวเลขที่มีค่าแน่นอน", "must be a finite number")
            return None
        return number

    def integer(self, value: object, place: Place) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(place, "ต้องเป็นจำนวนเต็ม", "must be a whole number")
            return None
        return value

    def be_year(self, value: object, place: Place, *, key: bool = False) -> int | None:
        if key and isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)  # JSON object keys are always text
        year = self.integer(value, place)
        if year is not None and not _MIN_BE_YEAR <= year <= _MAX_BE_YEAR:
            self.add(
                place,
                f"ต้องเป็นปีพุทธศักราช เช่น 2569 (ได้ {year})",
                f"must be a year of the Buddhist Era, such as 2569 (it is {year})",
            )
            return None
        return year

    def floor(self, value: object, place: Place) -> Decimal | None:
        number = self.number(value, place)
        if number is not None and number not in (ZERO, ONE):
            self.add(
                place,
                "คะแนนเมื่อไม่ถึงเป้าหมายระดับ 1 ต้องเป็น 0 หรือ 1",
                "the score short of the level-1 target must be 0 or 1",
            )
            return None
        return number

    def score_value(self, value: object, place: Place) -> Decimal | None:
        number = self.number(value, place)
        if number is None:
            return None
        if not ZERO <= number <= MAX_SCORE:
            self.add(place, "คะแนนต้องอยู่ระหว่าง 0 ถึง 5", "a score must be between 0 and 5")
            return None
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -_SCORE_PLACES:
            self.add(
                place,
                "คะแนนต้องมีทศนิยมไม่เกิน 4 ตำแหน่ง",
                "a score must have at most 4 decimal places",
            )
            return None
        return number

    # -- an indicator's people, baseline and issues --

    def people(self, value: object, place: Place) -> tuple[PersonSpec, ...]:
        if isinstance(value, Mapping):
            person = self.person(value, place)
            return (person,) if person else ()
        items = self.sequence(
            value,
            place,
            empty_message=(
                "ต้องมีอย่างน้อย 1 คน (ถ้าไม่มีให้ลบคีย์นี้ออก)",
                "there must be at least one person (if there is none, remove the key)",
            ),
        )
        people = [
            self.person(item, place.item(i, f"คนที่ {i + 1}", f"person {i + 1}"))
            for i, item in enumerate(items or [])
        ]
        return tuple(p for p in people if p is not None)

    def person(self, value: object, place: Place) -> PersonSpec | None:
        raw = self.mapping(value, place)
        if raw is None:
            return None
        self.keys(raw, place, ("name", "position", "phone"), required=("name",))
        name = self.text(raw["name"], place.key("name")) if raw.get("name") is not None else None
        position = phone = None
        if raw.get("position") is not None:
            position = self.text(raw["position"], place.key("position"))
        if raw.get("phone") is not None:
            phone = self.phone(raw["phone"], place.key("phone"))
        return PersonSpec(name, phone, position) if name else None

    def baseline(self, value: object, place: Place) -> tuple[tuple[int, Decimal], ...]:
        raw = self.mapping(value, place)
        pairs: list[tuple[int, Decimal]] = []
        for key, item in (raw or {}).items():
            year = self.be_year(key, place.key(str(key)), key=True)
            number = self.number(item, place.key(str(key)))
            if year is not None and number is not None:
                pairs.append((year, number))
        return tuple(pairs)

    def issues(self, value: object, place: Place) -> tuple[str, ...]:
        items = self.sequence(
            value,
            place,
            empty_message=(
                "ต้องมีอย่างน้อย 1 ประเด็น (ถ้าไม่มีให้ลบคีย์นี้ออก)",
                "there must be at least one issue (if there is none, remove the key)",
            ),
        )
        tags: list[str] = []
        for index, item in enumerate(items or []):
            here = place.item(index, f"ลำดับที่ {index + 1}", f"item {index + 1}")
            tag = self.text(item, here)
            if tag is not None and tag in tags:
                self.add(here, f"ประเด็น {tag} ระบุซ้ำ", f"the issue {tag} is given twice")
            elif tag is not None:
                tags.append(tag)
        return tuple(tags)


def _unknown_key(key: str, allowed: Sequence[str]) -> Said:
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
