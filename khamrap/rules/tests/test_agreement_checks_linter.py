"""Tests of the agreement linter as a whole: a clean agreement, a module free of Django, the checks
of the agreement as a whole and their order, and properties over any valid agreement."""

import dataclasses
import subprocess
import sys
from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules.agreement_checks import (
    AgreementDraft,
    GroupDraft,
    IndicatorDraft,
    Problem,
    StepDraft,
    check_agreement,
    has_errors,
)
from khamrap.rules.tests.agreement_drafts import ISSUES, change, clean, codes, the_problem

D = Decimal
WEIGHT_CODES = {
    "weight_missing",
    "weight_not_positive",
    "weights_not_100",
    "parts_weights_not_100",
    "group_weights_mismatch",
}


# --- a clean agreement ---------------------------------------------------------------------------


def test_it_finds_no_problem_in_a_clean_agreement() -> None:
    assert check_agreement(clean(), ISSUES) == []


def test_it_is_a_pure_module_that_does_not_import_django() -> None:
    code = (
        "import sys, khamrap.rules.agreement_checks;"
        "sys.exit(any(name.startswith('django') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- the agreement as a whole --------------------------------------------------------------------


def test_it_reports_an_agreement_without_indicators() -> None:
    draft = AgreementDraft((), (), None)
    assert codes(draft) == ["indicators_empty"]
    the_problem(draft, "indicators_empty", None)


def test_it_reports_a_floor_that_is_neither_0_nor_1() -> None:
    draft = dataclasses.replace(clean(), floor=D(2))
    assert codes(draft) == ["floor_invalid"]
    the_problem(draft, "floor_invalid", None)


def test_it_lists_indicator_problems_in_order_before_the_agreement_problems() -> None:
    draft = change(change(change(clean(), "3", collectors=0), "1", supervisors=0), "4.2", name="")
    draft = dataclasses.replace(draft, floor=D(3), department_group=1)
    draft = change(draft, "1", issues=frozenset())
    assert [(problem.indicator, problem.code) for problem in check_agreement(draft, ISSUES)] == [
        ("1", "supervisor_missing"),
        ("3", "collector_missing"),
        ("4.2", "name_missing"),
        (None, "floor_invalid"),
        (None, "mandatory_issue_missing"),
        (None, "mandatory_issue_missing"),
    ]


def test_it_tells_errors_from_warnings() -> None:
    warning = Problem("step_evidence_missing", "ตัวชี้วัด 1: ...", "1", "warning")
    error = Problem("weight_missing", "ตัวชี้วัด 1: ...", "1", "error")
    assert not has_errors([])
    assert not has_errors([warning])
    assert has_errors([warning, error])


# --- properties ----------------------------------------------------------------------------------


@st.composite
def partitions(draw: st.DrawFn, count: int, total: int) -> list[Decimal]:
    """`count` positive weights with two decimals summing exactly to `total`."""
    hundredths = total * 100
    cuts = sorted(
        draw(
            st.lists(
                st.integers(1, hundredths - 1), min_size=count - 1, max_size=count - 1, unique=True
            )
        )
    )
    bounds = [0, *cuts, hundredths]
    return [D(b - a).scaleb(-2) for a, b in pairwise(bounds)]


@st.composite
def monotone_targets(draw: st.DrawFn, count: int, direction: str) -> tuple[Decimal | None, ...]:
    """`count` distinct targets in the order the direction requires."""
    values = sorted(
        draw(st.lists(st.integers(-1000, 10_000), min_size=count, max_size=count, unique=True))
    )
    if direction == "lower":
        values.reverse()
    return tuple(D(value).scaleb(-1) for value in values)


@st.composite
def simple_indicators(
    draw: st.DrawFn, number: str, group: str, weight: Decimal, people: bool
) -> IndicatorDraft:
    """A valid indicator of any kind but composite."""
    kind = draw(st.sampled_from(["milestone", "numeric", "mixed", "pass_fail"]))
    direction = draw(st.sampled_from(["higher", "lower"]))
    given_steps = tuple(
        StepDraft(f"ขั้นตอน {n}", draw(st.sampled_from(["", "รายงานผล"])))
        for n in range(1, draw(st.integers(1, 7)) + 1)
    )
    m = draw(st.integers(1, 4))
    fields: dict[str, object] = {}
    if kind == "milestone":
        fields = {"steps": given_steps}
    elif kind == "numeric":
        fields = {"direction": direction, "targets": draw(monotone_targets(5, direction))}
    elif kind == "mixed":
        fields = {
            "direction": direction,
            "targets": draw(monotone_targets(5 - m, direction)),
            "mixed_steps": m,
            "steps": tuple(StepDraft(f"ขั้นตอน {n}", "หลักฐาน") for n in range(1, m + 1)),
        }
    base = IndicatorDraft(
        number,
        f"ตัวชี้วัดที่ {number}",
        group,
        weight,
        kind,
        supervisors=int(people) * draw(st.integers(1, 3)),
        collectors=int(people) * draw(st.integers(1, 3)),
    )
    return dataclasses.replace(base, **fields)


@st.composite
def valid_agreements(draw: st.DrawFn) -> AgreementDraft:
    """A random agreement that breaks no rule (warnings allowed)."""
    count = draw(st.integers(1, 6))
    weights = draw(partitions(count, 100))
    group_count = draw(st.integers(0, 3))
    keys = [str(k) for k in range(1, group_count + 1)]
    indicators: list[IndicatorDraft] = []
    for index, weight in enumerate(weights, start=1):
        number = str(index)
        group = draw(st.sampled_from(keys)) if keys else ""
        if draw(st.booleans()):
            indicators.append(draw(simple_indicators(number, group, weight, people=True)))
            continue
        on_parent = draw(st.booleans())
        part_weights = draw(partitions(draw(st.integers(1, 3)), 100))
        parts = tuple(
            draw(simple_indicators(f"{number}.{k}", "", w, people=not on_parent))
            for k, w in enumerate(part_weights, start=1)
        )
        indicators.append(
            IndicatorDraft(
                number,
                f"ตัวชี้วัดที่ {number}",
                group,
                weight,
                "composite",
                supervisors=int(on_parent),
                collectors=int(on_parent),
                parts=parts,
            )
        )
    department_group = draw(st.sampled_from([None, 1, 2, 3]))
    needed = [*ISSUES.mandatory, *draw(st.permutations(ISSUES.optional))[:2]]
    for code in needed:
        index = draw(st.integers(0, len(indicators) - 1))
        ind = indicators[index]
        indicators[index] = dataclasses.replace(ind, issues=ind.issues | {code})
    with_weights = draw(st.booleans())
    groups = tuple(
        GroupDraft(
            key,
            f"มิติที่ {key}",
            sum((i.weight or D(0) for i in indicators if i.group == key), D(0))
            if with_weights
            else None,
        )
        for key in keys
    )
    if with_weights and groups and any(group.weight == 0 for group in groups):
        # A weighted framework has no empty group: give the empty ones no weight.
        groups = tuple(dataclasses.replace(g, weight=g.weight or None) for g in groups)
    floor = draw(st.sampled_from([D(0), D(1)]))
    return AgreementDraft(tuple(indicators), groups, department_group, floor)


def walk(
    indicators: tuple[IndicatorDraft, ...],
) -> list[tuple[IndicatorDraft, IndicatorDraft | None]]:
    """Every indicator with its parent (None at the top), in agreement order."""
    found: list[tuple[IndicatorDraft, IndicatorDraft | None]] = []
    for ind in indicators:
        found.append((ind, None))
        found.extend((part, ind) for part in ind.parts)
    return found


@given(valid_agreements())
def test_it_finds_no_error_in_any_valid_agreement(draft: AgreementDraft) -> None:
    problems = check_agreement(draft, ISSUES)
    assert not has_errors(problems), problems
    assert {problem.code for problem in problems} <= {"steps_not_five", "step_evidence_missing"}


@given(valid_agreements(), st.data())
def test_it_always_reports_a_weight_problem_when_one_weight_changes(
    draft: AgreementDraft, data: st.DataObject
) -> None:
    target, parent = data.draw(st.sampled_from(walk(draft.indicators)))
    old = target.weight
    assert old is not None
    new = data.draw(
        st.one_of(
            st.none(),
            st.integers(-10_000, 10_000)
            .filter(lambda delta: delta != 0)
            .map(lambda delta: old + D(delta).scaleb(-2)),
        )
    )
    problems = check_agreement(change(draft, target.number, weight=new), ISSUES)
    assert has_errors(problems)
    found = {(problem.code, problem.indicator) for problem in problems}
    if new is None:
        assert ("weight_missing", target.number) in found
    elif new <= 0:
        assert ("weight_not_positive", target.number) in found
    elif parent is None:
        assert ("weights_not_100", None) in found
    else:
        assert ("parts_weights_not_100", parent.number) in found
    assert {problem.code for problem in problems if problem.severity == "error"} <= WEIGHT_CODES
