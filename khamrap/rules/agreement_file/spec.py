"""The agreement file's values: the frozen specs an agreement file is read into and written from.

An `AgreementFile` holds the organization, the fiscal year (BE), the framework with its groups and
the indicators; an `IndicatorSpec` carries its scoring criteria and result in the form
`khamrap.rules.scoring` takes, so reading a file and scoring it need no translation in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from khamrap.rules.scoring import (
    ZERO,
    Criteria,
    Direction,
    Kind,
    MixedCriteria,
    NumericCriteria,
    Result,
)

FORMAT = "khamrap-agreement/1"
# Every version of the format starts so: a file of another version is told apart from a stranger.
FORMAT_FAMILY = "khamrap-agreement/"

KIND_LABELS: dict[Kind, str] = {
    Kind.MILESTONE: "ระดับขั้นของความสำเร็จ",
    Kind.NUMERIC: "ค่าเป้าหมาย 5 ระดับ",
    Kind.MIXED: "แบบผสม",
    Kind.PASS_FAIL: "ผ่าน/ไม่ผ่าน",
    Kind.COMPOSITE: "มีตัวชี้วัดย่อย",
}
KIND_LABELS_EN: dict[Kind, str] = {
    Kind.MILESTONE: "milestone levels of success",
    Kind.NUMERIC: "five-level targets",
    Kind.MIXED: "mixed steps and targets",
    Kind.PASS_FAIL: "pass/fail",
    Kind.COMPOSITE: "with sub-indicators",
}


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain digits, as written (4.8000 stays 4.8000), never in exponent form."""
    return f"{value:f}"


@dataclass(frozen=True)
class OrganizationSpec:
    """The organization (หน่วยงาน) whose agreement this is: its code and Thai name."""

    code: str
    name: str


@dataclass(frozen=True)
class GroupSpec:
    """A framework group (มิติ / องค์ประกอบ): key, Thai name and optional weight."""

    key: str
    name: str
    weight: Decimal | None = None


@dataclass(frozen=True)
class FrameworkSpec:
    """The year's framework: its name, the score short of T1 (0 or 1), and its groups in order."""

    name: str
    groups: tuple[GroupSpec, ...]
    floor: Decimal = ZERO


@dataclass(frozen=True)
class PersonSpec:
    """A supervisor (ผู้กำกับดูแลตัวชี้วัด) or data collector (ผู้จัดเก็บข้อมูล)."""

    name: str
    phone: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class StepSpec:
    """One milestone step: what must be done, and optionally the evidence that shows it."""

    description: str
    evidence: str | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator or sub-indicator, with its scoring criteria and result in the engine's form."""

    number: str
    name: str
    weight: Decimal
    criteria: Criteria
    # None for a sub-indicator, which belongs to its parent's group.
    group: str | None = None
    steps: tuple[StepSpec, ...] = ()
    unit: str | None = None
    supervisors: tuple[PersonSpec, ...] = ()
    collectors: tuple[PersonSpec, ...] = ()
    description: str | None = None
    formula: str | None = None
    notes: str | None = None
    rationale: str | None = None
    data_source: str | None = None
    # The line after the rationale on seed 000's sheet ("หมายเหตุ : รูปแบบการกำหนดเกณฑ์...").
    closing_note: str | None = None
    # (Buddhist Era year, value) in the order written.
    baseline: tuple[tuple[int, Decimal], ...] = ()
    issues: tuple[str, ...] = ()
    result: Result | None = None
    verified_score: Decimal | None = None
    parts: tuple[IndicatorSpec, ...] = ()

    @property
    def kind(self) -> Kind:
        """The scoring kind, read from the criteria so that the two cannot disagree."""
        return self.criteria.kind

    @property
    def targets(self) -> tuple[Decimal, ...]:
        """The target values of a numeric or mixed indicator; empty for the other kinds."""
        if isinstance(self.criteria, NumericCriteria | MixedCriteria):
            return self.criteria.targets
        return ()

    @property
    def direction(self) -> Direction | None:
        """Higher or lower is better, for numeric and mixed indicators; None for the others."""
        if isinstance(self.criteria, NumericCriteria | MixedCriteria):
            return self.criteria.direction
        return None


@dataclass(frozen=True)
class AgreementFile:
    """A whole agreement: organization, fiscal year (BE), framework and indicators."""

    organization: OrganizationSpec
    fiscal_year: int
    framework: FrameworkSpec
    indicators: tuple[IndicatorSpec, ...]
    format: str = FORMAT
