"""`check_agreement`: every problem of a draft, indicator by indicator (each followed by its
sub-indicators), then the problems of the agreement as a whole, in that order."""

from __future__ import annotations

from dataclasses import dataclass, field

from .agreement import check_group_weights, check_weights
from .criteria import check_criteria
from .drafts import AgreementDraft, IndicatorDraft
from .indicators import (
    check_group,
    check_identity,
    check_issues_known,
    check_kind,
    check_people,
    check_structure,
    check_weight,
)
from .issues import ReformIssues, check_issue_coverage
from .problems import ERROR, Problem, Severity


@dataclass
class _Linter:
    """Collects the problems of one draft, indicator by indicator."""

    draft: AgreementDraft
    reform_issues: ReformIssues
    problems: list[Problem] = field(default_factory=list)
    seen_numbers: dict[str, str] = field(default_factory=dict)

    def add(
        self, code: str, message: str, english: str, indicator: str | None, severity: Severity
    ) -> None:
        """Record one problem, in Thai and in English."""
        self.problems.append(Problem(code, message, indicator, severity, english))

    def indicator(
        self, ind: IndicatorDraft, position: str, parent: IndicatorDraft | None = None
    ) -> None:
        """Check one indicator, then its sub-indicators, in that order."""
        number = ind.number.strip()
        key = number or None
        if number:
            label, label_en = f"ตัวชี้วัด {number}", f"Indicator {number}"
        elif ind.name.strip():
            label = f"ตัวชี้วัด “{ind.name.strip()}”"
            label_en = f"Indicator “{ind.name.strip()}”"
        else:
            label, label_en = f"ตัวชี้วัดลำดับที่ {position}", f"Indicator number {position} in order"

        def add(code: str, text: str, english: str, severity: Severity = ERROR) -> None:
            self.add(code, f"{label}: {text}", f"{label_en}: {english}", key, severity)

        check_identity(ind, number, self.seen_numbers, add)
        kind = check_kind(ind, add)
        check_weight(ind, add)
        if parent is None:
            check_group(ind, self.draft.groups, add)
        if kind is not None:
            check_criteria(ind, kind, add)
            check_structure(ind, kind, add)
        check_people(ind, parent, add)
        check_issues_known(ind, self.reform_issues, add)
        for index, part in enumerate(ind.parts, start=1):
            self.indicator(part, f"{position}.{index}", ind)

    def agreement(self) -> None:
        """The problems of the agreement as a whole, after every indicator's."""

        def add(code: str, text: str, english: str, severity: Severity = ERROR) -> None:
            self.add(code, text, english, None, severity)

        check_weights(self.draft, add)
        check_group_weights(self.draft, add)
        check_issue_coverage(self.draft, self.reform_issues, add)


def check_agreement(draft: AgreementDraft, reform_issues: ReformIssues) -> list[Problem]:
    """Every problem of a draft agreement: indicator by indicator, then the agreement's own (among
    them the `reform_issues` its department group must cover)."""
    linter = _Linter(draft, reform_issues)
    for position, indicator in enumerate(draft.indicators, start=1):
        linter.indicator(indicator, str(position))
    linter.agreement()
    return linter.problems
