"""The rows of the tables: one generator per table, yielding plain values a CSV writer could reuse.

Each yields the values of its `format.*_COLUMNS` in order; `writer.write_table` types and lays
them out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.forms import people_for
from khamrap.agreements.models import ReformIssue
from khamrap.organizations.models import Organization
from khamrap.reporting.choices import STANDING_LABELS, ReportStatus
from khamrap.reporting.selectors import RoundView
from khamrap.reporting.services import NARRATIVE_FIELDS
from khamrap.rules import agreement_file as af

from .format import (
    DIRECTION_LABELS,
    H_COLLECTORS,
    H_DIRECTION,
    H_GROUP,
    H_ISSUES,
    H_KIND,
    H_SUPERVISORS,
    KIND_LABELS,
    PASSED_LABELS,
    TEXT_FIELDS,
    TOTAL_LABEL,
)


def _names(people: Sequence[af.PersonSpec]) -> str | None:
    return ", ".join(person.name for person in people) or None


def _target_cells(spec: af.IndicatorSpec) -> list[Decimal | None]:
    """Targets by level 1-5: a mixed indicator's first levels are its steps, so they stay empty."""
    targets = list(spec.targets)
    return [None] * (5 - len(targets)) + targets if targets else [None] * 5


def indicator_rows(
    data: af.AgreementFile, issue_names: Mapping[str, str] | None = None
) -> Iterator[tuple]:
    """One row per indicator, each sub-indicator right after its composite (INDICATOR_COLUMNS).

    The reform issues are codes, which an import reads, with their Thai names (`issue_names`,
    code → name) beside them, one a line in the codes' order.
    """
    names = issue_names or {}

    def row(spec: af.IndicatorSpec, parent: af.IndicatorSpec | None) -> tuple:
        return (
            spec.number,
            parent.number if parent else None,
            spec.group,
            spec.name,
            spec.weight,
            KIND_LABELS[spec.kind.value],
            DIRECTION_LABELS[spec.direction.value] if spec.direction else None,
            spec.unit,
            *_target_cells(spec),
            _names(spec.supervisors),
            _names(spec.collectors),
            ", ".join(spec.issues) or None,
            "\n".join(names.get(code, code) for code in spec.issues) or None,
            *(getattr(spec, name) for name in TEXT_FIELDS),
        )

    for spec in data.indicators:
        yield row(spec, None)
        for part in spec.parts:
            yield row(part, spec)


def _all_specs(data: af.AgreementFile) -> Iterator[af.IndicatorSpec]:
    for spec in data.indicators:
        yield spec
        yield from spec.parts


def step_rows(data: af.AgreementFile) -> Iterator[tuple]:
    """One row per milestone step (STEP_COLUMNS)."""
    for spec in _all_specs(data):
        for number, step in enumerate(spec.steps, start=1):
            yield (spec.number, number, step.description, step.evidence)


def baseline_rows(data: af.AgreementFile) -> Iterator[tuple]:
    """One row per indicator and earlier year (BASELINE_COLUMNS)."""
    for spec in _all_specs(data):
        for year, value in spec.baseline:
            yield (spec.number, year, value)


def list_rows(framework, organization: Organization) -> Iterator[tuple]:
    """The values the indicator sheet's columns accept, with what they mean (LIST_COLUMNS)."""
    for group in framework.groups.all():
        yield (H_GROUP, group.key, group.name_th)
    for kind, label in KIND_LABELS.items():
        yield (H_KIND, label, kind)
    for direction, label in DIRECTION_LABELS.items():
        yield (H_DIRECTION, label, direction)
    for issue in ReformIssue.objects.all():
        yield (H_ISSUES, issue.code, issue.name_th)
    for person in people_for(organization):
        yield (f"{H_SUPERVISORS} / {H_COLLECTORS}", person.display_name, person.position or None)


def _steps_done_cell(done: Sequence[int]) -> int | str:
    """Steps done in order as their count (3); any other set as the step numbers ("1, 2, 4")."""
    numbers = sorted(set(done))
    if numbers == list(range(1, len(numbers) + 1)):
        return len(numbers)
    return ", ".join(str(n) for n in numbers)


def result_rows(view: RoundView, *, template: bool = False, organization: bool = False):
    """One row per indicator of the round (RESULT_COLUMNS, after ORGANIZATION_COLUMNS if asked).

    A template leaves what people fill in (results, narrative) and the scores empty but keeps the
    versions, so an upload can tell whether someone changed a result in between.
    """
    agreement = view.agreement
    for row in view.rows:
        indicator, result = row.indicator, row.result
        kind = indicator.kind
        steps = (
            len(indicator.steps.all())
            if kind in (ScoringKind.MILESTONE, ScoringKind.MIXED)
            else None
        )
        value = steps_done = passed = None
        narrative: list[str | None] = [None] * len(NARRATIVE_FIELDS)
        if result is not None and not template:
            value = result.value
            if kind in (ScoringKind.MILESTONE, ScoringKind.MIXED):
                steps_done = _steps_done_cell(result.steps_done or [])
            if result.passed is not None:
                passed = PASSED_LABELS[result.passed]
            narrative = [getattr(result, name) or None for name in NARRATIVE_FIELDS]
        scores = (
            (None, None, None) if template else (row.self_score, row.verified_score, row.weighted)
        )
        status = None
        if row.status is not None and not template:
            status = row.status_label  # a composite's follows its parts (rules.counting)
        prefix = (
            (agreement.organization.code, agreement.organization.name_th) if organization else ()
        )
        yield (
            *prefix,
            indicator.number,
            indicator.name,
            KIND_LABELS[kind],
            indicator.unit or None,
            indicator.weight,
            steps,
            value,
            steps_done,
            passed,
            *scores,
            status,
            *narrative,
            result.version if result is not None else None,
        )


def summary_rows(view: RoundView) -> Iterator[tuple]:
    """The round's weighted scores by framework group and in total (SUMMARY_COLUMNS)."""
    card = view.card
    for group, weight, own, final in card.groups:
        yield (group.name_th, weight, own, final)
    if card.groups:
        weight = sum((weight for _group, weight, _own, _final in card.groups), Decimal(0))
        yield (TOTAL_LABEL, weight, card.total_self, card.total_final)


def rollup_rows(totals) -> Iterator[tuple]:
    """One row per organization as the dashboard ranks them (ROLLUP_COLUMNS): ranked only among
    totals of the same standing (rules.counting.rank), which the row names."""
    for total in totals:
        organization = total.agreement.organization
        yield (
            total.rank,
            organization.code,
            organization.name_th,
            total.reported,
            total.indicators,
            total.total_self,
            total.total_final,
            STANDING_LABELS[str(total.standing)],
            ReportStatus(total.report_status).label,
        )
