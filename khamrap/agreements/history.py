"""History rows as sentences a person reads, in the reader's language.

The histories keep values as text: an indicator's target as "70.0000", the steps done as
"[1, 2, 3]", the dates of the steps as "{'1': '2025-11-15'}", a status as its code. This module reads
them back and says what changed: "เปลี่ยนค่าเป้าหมายระดับ 1 จาก 70 เป็น 75", with numbers without
trailing zeros, dates in the Buddhist Era with Thai month names, lists as phrases and choices by
their labels. It reads no database: names that need one (groups, parent indicators, reform issues)
come in as mappings.

Three kinds of row are read: agreements.IndicatorChange (indicator_change), the two snapshots of a
closed amendment (snapshot_change) and reporting.Change (result_change).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Choices
from django.utils.text import Truncator, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khamrap.lib.dates import reader_date
from khamrap.rules import counting

from .choices import Direction, ScoringKind

Reader = Callable[[str], str]

TEXT_LIMIT = 80  # characters of a text value quoted in a sentence; the page shows the whole text
LEVELS = 5  # a numeric indicator's targets are levels 1…5; a mixed one's are the top 5 − m levels


# --- values: stored text → what a person reads ---------------------------------------------------


def _data(raw: object) -> Any:
    """A stored list or mapping: JSON, or Python's repr as the histories wrote it ("[1, 2]",
    "{'1': '2025-11-15'}"); None when it is neither."""
    if not isinstance(raw, str):
        return raw
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(raw)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    return None


def number_text(raw: object) -> str:
    """70.0000 → 70, 92.50 → 92.5, 1234567 → 1,234,567; text that is not a number as it is."""
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        return str(raw)
    if not number.is_finite():
        return str(raw)
    return f"{number.normalize():,f}"


def score_text(raw: object) -> str:
    """A score as every score table prints it: four decimals (3.4000)."""
    try:
        return counting.four_places(Decimal(str(raw).strip()))
    except InvalidOperation:
        return str(raw)


def date_text(raw: object) -> str:
    """2025-11-15 → 15 พ.ย. 2568 (15 Nov 2568 BE in English), as the pages' thaidate filter."""
    try:
        day = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        return str(raw)
    return reader_date(day, "short")


def quoted(raw: object) -> str:
    """A text value in quotes, on one line, cut at TEXT_LIMIT characters."""
    text = " ".join(str(raw).split())
    return f"“{Truncator(text).chars(TEXT_LIMIT)}”"


def phrase(items: Sequence[object]) -> str:
    """1, 2 และ 3 (1, 2 and 3 in English)."""
    return str(get_text_list([str(item) for item in items], _("and")))


def steps_text(raw: object) -> str:
    """[1, 2, 3] → ขั้นตอนที่ 1, 2 และ 3."""
    numbers = _data(raw)
    if not isinstance(numbers, list | tuple):
        return str(raw)
    numbers = sorted(int(n) for n in numbers if str(n).isdecimal())
    return ngettext("step %(numbers)s", "steps %(numbers)s", len(numbers)) % {
        "numbers": phrase(numbers)
    }


def step_dates_text(raw: object) -> str:
    """{'1': '2025-11-15', '2': '2025-12-01'} → ขั้นตอนที่ 1: 15 พ.ย. 2568, ขั้นตอนที่ 2: 1 ธ.ค. 2568."""
    dates = _data(raw)
    if not isinstance(dates, dict):
        return str(raw)
    ordered = sorted(
        dates.items(), key=lambda item: int(item[0]) if str(item[0]).isdecimal() else 0
    )
    return ", ".join(
        _("step %(number)s: %(date)s") % {"number": number, "date": date_text(day)}
        for number, day in ordered
    )


def passed_text(raw: object) -> str:
    """True → ผ่าน, False → ไม่ผ่าน."""
    value = str(raw).strip().lower()
    if value == "true":
        return _("passed")
    if value == "false":
        return _("not passed")
    return str(raw)


def choice(choices: type[Choices]) -> Reader:
    """A code read as its label in the reader's language, in quotes; an unknown value as it is
    (a label stored before statuses were stored as codes)."""
    labels = dict(choices.choices)

    def read(raw: str) -> str:
        return f"“{labels[raw]}”" if raw in labels else f"“{raw}”"

    return read


def looked_up(names: Mapping[str, str], *, quote: bool = False) -> Reader:
    """A key (a group's id, a parent's id) read through a mapping of names."""

    def read(raw: str) -> str:
        name = names.get(str(raw), str(raw))
        return quoted(name) if quote else name

    return read


def plain(raw: object) -> str:
    return str(raw)


# --- sentences ----------------------------------------------------------------------------------


def sentence(label: str, old: str, new: str) -> str:
    """Set, changed or cleared: “กำหนดหน่วยวัด เป็น …”, “เปลี่ยน… จาก … เป็น …”, “ลบ… (เดิม …)”.

    `old` and `new` are already as a person reads them; empty means nothing was there.
    """
    if not old:
        return _("Set %(field)s to %(new)s") % {"field": label, "new": new}
    if not new:
        return _("Cleared %(field)s (was %(old)s)") % {"field": label, "old": old}
    return _("Changed %(field)s from %(old)s to %(new)s") % {"field": label, "old": old, "new": new}


def _read(reader: Reader, raw: object) -> str:
    """A stored value through its reader; nothing (None, "", [], {}) stays empty."""
    if raw in (None, "", [], {}):
        return ""
    return reader(raw)  # type: ignore[arg-type]


def _described(label: str, reader: Reader, old: object, new: object) -> str:
    if reader is quoted and old and new:
        return sentence(label, *_where_they_differ(str(old), str(new)))
    return sentence(label, _read(reader, old), _read(reader, new))


LEAD = 20  # characters kept before the first difference of two long texts


def _where_they_differ(old: str, new: str) -> tuple[str, str]:
    """Two long texts quoted from a little before where they first differ ("…ต่อ” → “…ต่อและ"),
    so that a change at the end of a long step does not read as the same text twice."""
    old, new = " ".join(old.split()), " ".join(new.split())
    pairs = zip(old, new, strict=False)
    same = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(old), len(new)))
    if max(len(old), len(new)) <= TEXT_LIMIT or same <= LEAD:
        return quoted(old), quoted(new)
    start = old.rfind(" ", same - 2 * LEAD, same - LEAD) + 1 or same - LEAD  # at a word if near
    return quoted("…" + old[start:]), quoted("…" + new[start:])


def _listed(label_of: Callable[[int], str], old: Sequence, new: Sequence, reader: Reader) -> str:
    """Item by item (steps, targets): one sentence for each position that differs."""
    parts = []
    for position in range(max(len(old), len(new))):
        before = old[position] if position < len(old) else ""
        after = new[position] if position < len(new) else ""
        if before != after:
            parts.append(_described(label_of(position), reader, before, after))
    return "; ".join(parts)


def _step_label(position: int) -> str:
    return _("step %(number)s") % {"number": position + 1}


def _verbose(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


# --- agreements.IndicatorChange ------------------------------------------------------------------


def _indicator_readers(groups: Mapping[str, str], parents: Mapping[str, str]) -> dict[str, Reader]:
    numbers = dict.fromkeys(
        ("weight", "mixed_steps", *(f"target_{n}" for n in range(1, LEVELS + 1))), number_text
    )
    texts = dict.fromkeys(("name", "unit", "criteria_text", "formula"), quoted)
    return {
        "number": plain,
        "group": looked_up(groups),
        "parent": lambda pk: _("indicator %(number)s") % {"number": parents.get(str(pk), pk)},
        "kind": choice(ScoringKind),
        "direction": choice(Direction),
        **numbers,
        **texts,
    }


def indicator_change(
    field: str,
    old: str,
    new: str,
    *,
    groups: Mapping[str, str] | None = None,
    parents: Mapping[str, str] | None = None,
) -> str:
    """One IndicatorChange as a sentence. `groups` names the framework groups by id, `parents`
    the indicators by id (their numbers), as the history stores both as ids."""
    from .models import Indicator

    if field == "steps":
        # The steps' descriptions joined with " | " (agreements.services._definition).
        return _listed(
            _step_label, old.split(" | ") if old else [], new.split(" | ") if new else [], quoted
        )
    readers = _indicator_readers(groups or {}, parents or {})
    try:
        # "part of" reads badly as the subject of a sentence: the composite it belongs to.
        label = _("composite indicator") if field == "parent" else _verbose(Indicator, field)
    except FieldDoesNotExist:  # a field no longer on the model: its stored name
        label = field
    return _described(label, readers.get(field, quoted), old, new)


@dataclass(frozen=True)
class Line:
    """One line of a history: the indicator's number, what happened, and who did it when."""

    number: str
    text: str
    actor: Any = None
    at: dt.datetime | None = None


def indicator_lines(
    changes: Iterable,
    *,
    groups: Mapping[str, str] | None = None,
    parents: Mapping[str, str] | None = None,
) -> list[Line]:
    """IndicatorChange rows, in order, as lines. The rows one save wrote for an indicator it added
    (every value new) or removed (every value gone) read as one line naming the indicator."""
    batches: dict[tuple, list] = {}
    for change in changes:
        key = (change.indicator_id or change.number, change.at, change.actor_id)
        batches.setdefault(key, []).append(change)
    lines = []
    for batch in batches.values():
        first = batch[0]
        names = [c for c in batch if c.field == "name"]
        if names and all(not c.old for c in batch):
            text = _("Added indicator %(number)s %(name)s")
            lines.append(
                Line(first.number, text % _named(first.number, names[0].new), first.actor, first.at)
            )
            continue
        if names and all(not c.new for c in batch):
            text = _("Removed indicator %(number)s %(name)s")
            lines.append(
                Line(first.number, text % _named(first.number, names[0].old), first.actor, first.at)
            )
            continue
        for change in batch:
            text = indicator_change(
                change.field, change.old, change.new, groups=groups, parents=parents
            )
            lines.append(Line(change.number, text, change.actor, change.at))
    return lines


def _named(number: str, name: str) -> dict[str, str]:
    return {"number": number, "name": quoted(name)}


# --- a closed amendment: its snapshots in the agreement-file format ------------------------------


def _people(raw: object) -> str:
    """A person or a list of people of the agreement file, by name."""
    people = raw if isinstance(raw, list) else [raw]
    return phrase([p.get("name", "") if isinstance(p, dict) else str(p) for p in people])


def _baseline(raw: object) -> str:
    """{"2566": "78.5", "2567": "80"} → 2566: 78.5, 2567: 80 (years are Buddhist Era already)."""
    if not isinstance(raw, dict):
        return str(raw)
    return ", ".join(f"{year}: {number_text(value)}" for year, value in sorted(raw.items()))


def _step_text(step: object) -> str:
    if isinstance(step, dict):
        text = quoted(step.get("description", ""))
        if step.get("evidence"):
            text += " " + _("(evidence: %(evidence)s)") % {"evidence": quoted(step["evidence"])}
        return text
    return quoted(step)


def _targets(old: list, new: list) -> str:
    """Level by level: the targets fill the top levels (a mixed indicator's start after its steps)."""
    from .models import Indicator

    def by_level(targets: list) -> dict[int, object]:
        first = LEVELS - len(targets) + 1
        return {first + i: value for i, value in enumerate(targets)}

    before, after = by_level(old), by_level(new)
    parts = []
    for level in range(1, LEVELS + 1):
        a, b = before.get(level, ""), after.get(level, "")
        if a != b and number_text(a) != number_text(b):
            label = _verbose(Indicator, f"target_{level}")
            parts.append(_described(label, number_text, a, b))
    return "; ".join(parts)


def snapshot_change(
    field: str,
    old: object,
    new: object,
    *,
    number: str = "",
    groups: Mapping[str, str] | None = None,
    issues: Mapping[str, str] | None = None,
) -> str:
    """One key of an indicator that differs between an amendment's two snapshots, as a sentence.

    `field` "*" is the indicator `number` added (old None) or removed (new None), with its name as
    the value.
    `groups` names the framework groups by key, `issues` the reform issues by code.
    """
    from .models import Framework, Indicator

    if field == "*":
        text = (
            _("Added indicator %(number)s %(name)s")
            if old is None
            else _("Removed indicator %(number)s %(name)s")
        )
        return text % _named(number, new if old is None else old)
    if field == "targets":
        return _targets(list(old or []), list(new or []))
    if field == "steps":
        return _listed(_step_label, list(old or []), list(new or []), _step_text)
    issue_names = issues or {}
    readers: dict[str, tuple[str, Reader]] = {
        "group": (_verbose(Indicator, "group"), looked_up(groups or {})),
        "weight": (_verbose(Indicator, "weight"), number_text),
        "kind": (_verbose(Indicator, "kind"), choice(ScoringKind)),
        "direction": (_verbose(Indicator, "direction"), choice(Direction)),
        "floor": (_verbose(Framework, "floor"), number_text),
        "supervisor": (_verbose(Indicator, "supervisors"), _people),
        "collector": (_verbose(Indicator, "collectors"), _people),
        "baseline": (_verbose(Indicator, "baseline"), _baseline),
        "issues": (
            _verbose(Indicator, "issues"),
            lambda codes: phrase([issue_names.get(c, c) for c in codes]),
        ),
    }
    if field in readers:
        label, reader = readers[field]
    else:
        try:
            label = _verbose(Indicator, field)
        except FieldDoesNotExist:  # a key of the file that is no field of the model
            label = field
        reader = quoted
    return _described(label, reader, old, new)


# --- reporting.Change ----------------------------------------------------------------------------

_RESULT_READERS: dict[str, Reader] = {
    "value": number_text,
    "self_score": score_text,
    "verified_score": score_text,
    "steps_done": steps_text,
    "step_dates": step_dates_text,
    "passed": passed_text,
}


def result_change(field: str, old: str, new: str, *, label: str, statuses: type[Choices]) -> str:
    """One change of a result or a report (reporting.Change) as a sentence. `label` names the
    field; `statuses` reads a status code (ResultStatus for a result, ReportStatus for a report)."""
    if field == "evidence":
        if new and not old:
            return _("Added evidence file %(name)s") % {"name": quoted(new)}
        if old and not new:
            return _("Removed evidence file %(name)s") % {"name": quoted(old)}
    reader = choice(statuses) if field == "status" else _RESULT_READERS.get(field, quoted)
    return _described(label, reader, old, new)
