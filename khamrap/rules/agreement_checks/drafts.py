"""The values the linter reads: an agreement as drafted (`AgreementDraft`), its indicators with their
steps and parts, and the framework's groups; frozen, so a page builds them once from its rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from khamrap.rules.scoring import ZERO


@dataclass(frozen=True)
class StepDraft:
    """One step of a milestone (or of the lower levels of a mixed indicator)."""

    description: str
    evidence: str


@dataclass(frozen=True)
class IndicatorDraft:
    """An indicator as drafted: number, name, group, weight, criteria, people, issues, parts."""

    number: str
    name: str
    group: str
    weight: Decimal | None
    kind: str
    direction: str = "higher"
    targets: tuple[Decimal | None, ...] = ()
    mixed_steps: int | None = None
    steps: tuple[StepDraft, ...] = ()
    supervisors: int = 0
    collectors: int = 0
    issues: frozenset[str] = frozenset()
    parts: tuple[IndicatorDraft, ...] = ()


@dataclass(frozen=True)
class GroupDraft:
    """A group of the year's framework (a dimension or component) and its weight, if it has one."""

    key: str
    name: str
    weight: Decimal | None


@dataclass(frozen=True)
class AgreementDraft:
    """A whole agreement: its indicators in order, the framework's groups, the department group."""

    indicators: tuple[IndicatorDraft, ...]
    groups: tuple[GroupDraft, ...]
    department_group: int | None
    floor: Decimal = ZERO


def valid_weight(weight: object) -> Decimal | None:
    """The weight as a finite Decimal, or None when it is missing or not a usable number."""
    if isinstance(weight, bool) or not isinstance(weight, Decimal | int):
        return None
    value = Decimal(weight)
    return value if value.is_finite() else None
