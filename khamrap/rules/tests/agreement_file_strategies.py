"""Any valid agreement file, drawn by hypothesis as the parsed data a YAML or JSON file holds: Thai
text with marks and characters YAML treats specially, every kind of indicator, weights that add up."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from khamrap.rules.agreement_file import FORMAT

D = Decimal


# Thai letters with their marks, ASCII, and characters that YAML treats specially.
_ALPHABET = list("กขคงจชดตนบปผพมยรลวสหอะาำเแโใไ่้๊๋ัิีึืุู็์ aZ09-:#'\"{}[],&*!|>%@`?\n\t")
TEXT = st.text(alphabet=_ALPHABET, min_size=1, max_size=24).filter(lambda text: bool(text.strip()))
SCORES = st.decimals(min_value=0, max_value=5, places=4, allow_nan=False, allow_infinity=False)
VALUES = st.decimals(
    min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def weights(draw: st.DrawFn, count: int) -> list[Decimal]:
    """`count` positive weights in tenths that add up to exactly 100."""
    cuts = draw(st.lists(st.integers(1, 999), min_size=count - 1, max_size=count - 1, unique=True))
    bounds = [0, *sorted(cuts), 1000]
    return [D(b - a) / 10 for a, b in pairwise(bounds)]


@st.composite
def targets(draw: st.DrawFn, count: int, direction: str) -> list[Decimal]:
    values = sorted(draw(st.lists(VALUES, min_size=count, max_size=count, unique=True)))
    return values if direction == "higher" else values[::-1]


@st.composite
def steps_done(draw: st.DrawFn, count: int) -> object:
    if draw(st.booleans()):
        return draw(st.integers(0, count))
    return draw(st.lists(st.integers(1, count), unique=True, max_size=count))


@st.composite
def person(draw: st.DrawFn) -> dict[str, object]:
    data: dict[str, object] = {"name": draw(TEXT)}
    if draw(st.booleans()):
        data["phone"] = draw(st.from_regex(r"0-[0-9]{4}-[0-9]{4}", fullmatch=True))
    if draw(st.booleans()):
        data["position"] = draw(TEXT)
    return data


@st.composite
def raw_indicator(draw: st.DrawFn, number: str, weight: Decimal, *, part: bool) -> dict[str, Any]:
    kinds = ["milestone", "numeric", "mixed", "pass_fail"] + ([] if part else ["composite"])
    kind = draw(st.sampled_from(kinds))
    data: dict[str, Any] = {"number": number, "name": draw(TEXT), "weight": weight, "kind": kind}
    reported = draw(st.booleans()) or draw(st.booleans())
    if kind == "milestone":
        count = draw(st.integers(1, 6))
        data["steps"] = [
            draw(TEXT)
            if draw(st.booleans())
            else {"description": draw(TEXT), "evidence": draw(TEXT)}
            for _ in range(count)
        ]
        if reported:
            data["result"] = draw(steps_done(count))
    elif kind in ("numeric", "mixed"):
        count = 5 if kind == "numeric" else draw(st.integers(1, 4))
        direction = draw(st.sampled_from(["higher", "lower"]))
        data["direction"] = direction
        if kind == "numeric":
            data["targets"] = draw(targets(5, direction))
            if reported:
                data["result"] = draw(VALUES)
        else:
            data["steps"] = [draw(TEXT) for _ in range(count)]
            data["targets"] = draw(targets(5 - count, direction))
            if reported:
                result: dict[str, object] = {"steps_done": draw(steps_done(count))}
                if draw(st.booleans()):
                    result["value"] = draw(VALUES)
                data["result"] = result
    elif kind == "pass_fail":
        if reported:
            data["result"] = draw(st.booleans())
    else:
        count = draw(st.integers(1, 3))
        data["parts"] = [
            draw(raw_indicator(f"{number}.{index + 1}", part_weight, part=True))
            for index, part_weight in enumerate(draw(weights(count)))
        ]
    if kind in ("numeric", "mixed", "pass_fail") and draw(st.booleans()):
        data["floor"] = draw(st.sampled_from([0, 1]))
    if draw(st.booleans()):
        data["unit"] = draw(TEXT)
    if draw(st.booleans()):
        data["description"] = draw(TEXT)
    if draw(st.booleans()):
        people = draw(st.lists(person(), min_size=1, max_size=2))
        data["supervisor"] = people[0] if len(people) == 1 else people
    if draw(st.booleans()):
        data["collector"] = draw(person())
    if draw(st.booleans()):
        years = draw(st.lists(st.integers(2540, 2570), min_size=1, max_size=3, unique=True))
        data["baseline"] = {year: draw(VALUES) for year in years}
    if draw(st.booleans()):
        data["issues"] = draw(st.lists(TEXT, min_size=1, max_size=3, unique=True))
    if not part and draw(st.booleans()):
        data["verified_score"] = draw(SCORES)
    return data


@st.composite
def raw_agreement(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 7))
    group_count = draw(st.integers(1, 3))
    assignment = [draw(st.integers(1, group_count)) for _ in range(count)]
    used = sorted(set(assignment))
    indicator_weights = draw(weights(count))
    groups: list[dict[str, object]] = []
    weighted_groups = draw(st.booleans())
    for key in used:
        group: dict[str, object] = {"key": str(key), "name": draw(TEXT)}
        if weighted_groups:
            group["weight"] = sum(
                (w for w, g in zip(indicator_weights, assignment, strict=True) if g == key), D(0)
            )
        groups.append(group)
    indicators = []
    for index, (weight, group_key) in enumerate(zip(indicator_weights, assignment, strict=True)):
        item = draw(raw_indicator(str(index + 1), weight, part=False))
        indicators.append({"group": str(group_key), **item})
    return {
        "format": FORMAT,
        "organization": {"code": draw(TEXT), "name": draw(TEXT)},
        "fiscal_year": draw(st.integers(2540, 2580)),
        "framework": {"name": draw(TEXT), "floor": draw(st.sampled_from([0, 1])), "groups": groups},
        "indicators": indicators,
    }


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
