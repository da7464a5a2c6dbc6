"""The agreement linter (rules.agreement_checks) applied to a stored agreement."""

from __future__ import annotations

from dataclasses import dataclass

from khamrap.rules import agreement_checks as rules

from .models import Agreement, Indicator
from .presets import GROUP_2_OPTIONAL_MINIMUM, REFORM_ISSUES

# The reform issues the linter checks agreements against (seed 001, from the presets).
ISSUES = rules.ReformIssues.from_rows(
    REFORM_ISSUES, group_2_optional_minimum=GROUP_2_OPTIONAL_MINIMUM
)


def _targets(indicator: Indicator) -> tuple:
    # A mixed indicator keeps its targets for levels m+1..5 in target_{m+1}..target_5.
    if indicator.kind == "numeric":
        return tuple(indicator.targets)
    if indicator.kind == "mixed":
        return tuple(indicator.targets[indicator.mixed_steps or 0 :])
    return ()


def _draft(indicator: Indicator) -> rules.IndicatorDraft:
    return rules.IndicatorDraft(
        number=indicator.number,
        name=indicator.name,
        group=indicator.group.key,
        weight=indicator.weight,
        kind=indicator.kind,
        direction=indicator.direction,
        targets=_targets(indicator),
        mixed_steps=indicator.mixed_steps,
        steps=tuple(rules.StepDraft(s.description, s.evidence) for s in indicator.steps.all()),
        supervisors=len(indicator.supervisors.all()),
        collectors=len(indicator.collectors.all()),
        issues=frozenset(issue.code for issue in indicator.issues.all()),
        parts=tuple(_draft(part) for part in indicator.parts.all()),
    )


def agreement_draft(agreement: Agreement, indicators: list[Indicator]) -> rules.AgreementDraft:
    """The linter's view of an agreement; `indicators` come from selectors.indicators_of."""
    groups = tuple(
        rules.GroupDraft(g.key, g.name_th, g.weight) for g in agreement.framework.groups.all()
    )
    return rules.AgreementDraft(
        indicators=tuple(_draft(i) for i in indicators if i.parent_id is None),
        groups=groups,
        department_group=agreement.organization.department_group,
        floor=agreement.framework.floor,
    )


def problems_for(agreement: Agreement, indicators: list[Indicator]) -> list[rules.Problem]:
    """Every problem to fix before signing, the errors first within each indicator."""
    return rules.check_agreement(agreement_draft(agreement, indicators), ISSUES)


@dataclass(frozen=True)
class Coverage:
    """Seed 001's issues as the agreement page shows them, by their Thai names."""

    mandatory_missing: list[str]
    optional_covered: list[str]
    optional_still_needed: int


def coverage_for(agreement: Agreement, indicators: list[Indicator]) -> Coverage | None:
    """Which of seed 001's issues the agreement covers; None where the department group needs none."""
    if agreement.organization.department_group not in (1, 2):
        return None
    coverage = rules.issue_coverage(agreement_draft(agreement, indicators), ISSUES)
    return Coverage(
        [ISSUES.name(code) for code in coverage.mandatory_missing],
        [ISSUES.name(code) for code in coverage.optional_covered],
        coverage.optional_needed,
    )


def agreement_problems(agreement: Agreement) -> list[rules.Problem]:
    """problems_for, reading the indicators itself (for services)."""
    from .selectors import indicators_of

    return problems_for(agreement, indicators_of(agreement))


has_errors = rules.has_errors
