"""The reform issues (seed 001) an agreement must cover: the list the caller passes in
(`ReformIssues`), what a draft covers of it (`issue_coverage`), and the agreement-wide check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .drafts import AgreementDraft, IndicatorDraft
from .problems import Add

DEPARTMENT_GROUPS = (1, 2, 3)


@dataclass(frozen=True)
class ReformIssue:
    """One reform issue: its code, its number within its list (mandatory or optional), its names."""

    code: str
    number: int
    name_th: str
    name_en: str
    mandatory: bool


@dataclass(frozen=True)
class ReformIssues:
    """The reform issues agreements must cover (seed 001), in order, and how many of the optional
    ones an organization of department group 2 must cover."""

    issues: tuple[ReformIssue, ...]
    group_2_optional_minimum: int

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[str, int, str, str, bool]], *, group_2_optional_minimum: int
    ) -> ReformIssues:
        """From rows of (code, number, Thai name, English name, mandatory)."""
        return cls(tuple(ReformIssue(*row) for row in rows), group_2_optional_minimum)

    @property
    def mandatory(self) -> tuple[str, ...]:
        """The codes of the mandatory issues, in order."""
        return tuple(issue.code for issue in self.issues if issue.mandatory)

    @property
    def optional(self) -> tuple[str, ...]:
        """The codes of the optional issues, in order."""
        return tuple(issue.code for issue in self.issues if not issue.mandatory)

    def get(self, code: str) -> ReformIssue | None:
        """The issue with this code, or None when unknown."""
        return next((issue for issue in self.issues if issue.code == code), None)

    def name(self, code: str) -> str:
        """The Thai name of an issue (the code itself when unknown)."""
        issue = self.get(code)
        return issue.name_th if issue else code

    def name_en(self, code: str) -> str:
        """The English name of an issue (the code itself when unknown)."""
        issue = self.get(code)
        return issue.name_en if issue else code


@dataclass(frozen=True)
class IssueCoverage:
    """Which reform issues (seed 001) the agreement still lacks for its department group."""

    mandatory_missing: tuple[str, ...]
    optional_covered: tuple[str, ...]
    optional_needed: int

    @property
    def complete(self) -> bool:
        """Whether the department group's issue requirement is met."""
        return not self.mandatory_missing and self.optional_needed == 0


def _walk(indicators: Iterable[IndicatorDraft]) -> Iterator[IndicatorDraft]:
    """Indicators in agreement order, each followed by its sub-indicators (depth first)."""
    for indicator in indicators:
        yield indicator
        yield from _walk(indicator.parts)


def issue_coverage(draft: AgreementDraft, issues: ReformIssues) -> IssueCoverage:
    """What the agreement covers of `issues` and what its department group still needs."""
    tagged = {code for indicator in _walk(draft.indicators) for code in indicator.issues}
    optional_covered = tuple(code for code in issues.optional if code in tagged)
    if draft.department_group in (1, 2):
        mandatory_missing = tuple(code for code in issues.mandatory if code not in tagged)
    else:
        mandatory_missing = ()
    optional_needed = 0
    if draft.department_group == 2:
        optional_needed = max(0, issues.group_2_optional_minimum - len(optional_covered))
    return IssueCoverage(mandatory_missing, optional_covered, optional_needed)


def check_issue_coverage(draft: AgreementDraft, issues: ReformIssues, add: Add) -> None:
    """The department group's reform issues are covered."""
    group = draft.department_group
    if group is not None and group not in DEPARTMENT_GROUPS:
        add(
            "department_group_invalid",
            f"กลุ่มส่วนราชการ “{group}” ไม่ถูกต้อง ต้องเป็นกลุ่มที่ 1, 2 หรือ 3",
            f"The department group “{group}” is not valid: it must be group 1, 2 or 3",
        )
        return
    coverage = issue_coverage(draft, issues)
    for issue in issues.issues:
        if issue.code not in coverage.mandatory_missing:
            continue
        add(
            "mandatory_issue_missing",
            f"ส่วนราชการกลุ่มที่ {group} ต้องแสดงผลในประเด็นภาคบังคับที่ {issue.number}"
            f" “{issue.name_th}” แต่ยังไม่มีตัวชี้วัดใดระบุประเด็นนี้",
            f"An organization of department group {group} must show results on mandatory"
            f" issue {issue.number} “{issue.name_en}”, but no indicator names it yet",
        )
    if coverage.optional_needed:
        covered = len(coverage.optional_covered)
        names = ", ".join(f"“{issues.name(code)}”" for code in coverage.optional_covered)
        names_en = ", ".join(f"“{issues.name_en(code)}”" for code in coverage.optional_covered)
        add(
            "optional_issues_insufficient",
            f"ส่วนราชการกลุ่มที่ 2 ต้องแสดงผลในประเด็นเพิ่มเติมอย่างน้อย"
            f" {issues.group_2_optional_minimum} ประเด็นจาก {len(issues.optional)} ประเด็น"
            f" ขณะนี้มี {covered} ประเด็น{f' ({names})' if names else ''}"
            f" ต้องเพิ่มอีก {coverage.optional_needed} ประเด็น",
            f"An organization of department group 2 must show results on at least"
            f" {issues.group_2_optional_minimum} of the {len(issues.optional)} further issues;"
            f" it has {covered}{f' ({names_en})' if names_en else ''}"
            f" and needs {coverage.optional_needed} more",
        )
