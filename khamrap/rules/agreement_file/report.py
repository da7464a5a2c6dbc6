"""Scoring an agreement file: the self-assessed and the verified score table, and its JSON.

`score_report` scores every indicator with `khamrap.rules.scoring` and adds up the weighted scores
by framework group, once as the organization assessed itself and once with the evaluator's scores
where given. `report_json` gives the figures as four-decimal strings for `khamrap score --json`;
the terminal table is printed by `khamrap.cli_table`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from khamrap.rules.agreement_file.checks import weight_problems
from khamrap.rules.agreement_file.problems import AgreementFileError, Problem
from khamrap.rules.agreement_file.spec import (
    AgreementFile,
    IndicatorSpec,
    OrganizationSpec,
    decimal_text,
)
from khamrap.rules.scoring import (
    MAX_SCORE,
    ZERO,
    Kind,
    ScoreLine,
    ScoringError,
    round4,
    score,
    score_table,
)


@dataclass(frozen=True)
class PartLine:
    """A sub-indicator in the report: its weight within the parent and its own score."""

    number: str
    name: str
    kind: Kind
    weight: Decimal
    score: Decimal | None


@dataclass(frozen=True)
class ReportLine:
    """One indicator's self-assessed and verified scores and their weighted shares."""

    number: str
    name: str
    group: str
    kind: Kind
    weight: Decimal
    score: Decimal | None
    weighted: Decimal
    # The evaluator's score where given, else the self-assessed score (verified_given says which).
    verified_score: Decimal | None
    verified_given: bool
    verified_weighted: Decimal
    parts: tuple[PartLine, ...] = field(default=())


@dataclass(frozen=True)
class GroupLine:
    """A framework group's subtotal: the sum of its weights and of its printed weighted scores."""

    key: str
    name: str
    weight: Decimal
    weighted: Decimal
    verified_weighted: Decimal


@dataclass(frozen=True)
class ScoreReport:
    """An agreement's score table: lines in framework order, group subtotals and totals."""

    organization: OrganizationSpec
    fiscal_year: int
    framework: str
    lines: tuple[ReportLine, ...]
    groups: tuple[GroupLine, ...]
    total: Decimal
    verified_total: Decimal

    @property
    def unreported(self) -> tuple[str, ...]:
        """Numbers of the indicators with no self-assessed score yet (they count 0)."""
        return tuple(line.number for line in self.lines if line.score is None)


def _score(spec: IndicatorSpec, index: int) -> Decimal | None:
    try:
        return score(spec.criteria, spec.result)
    except ScoringError as error:
        raise AgreementFileError(
            [
                Problem(
                    ("indicators", index, "result"),
                    error.message,
                    f"ตัวชี้วัด {spec.number} › result",
                    error.message_en,
                    f"Indicator {spec.number} › result",
                )
            ]
        ) from None


def score_report(agreement: AgreementFile) -> ScoreReport:
    """Score every indicator and add up self-assessed and verified tables by framework group."""
    framework = agreement.framework
    order = {group.key: index for index, group in enumerate(framework.groups)}
    unknown = [
        Problem(
            ("indicators", i, "group"),
            f"ไม่มีกลุ่ม {spec.group} ในกรอบการประเมิน",
            f"ตัวชี้วัด {spec.number} › group",
            f"the framework has no group {spec.group}",
            f"Indicator {spec.number} › group",
        )
        for i, spec in enumerate(agreement.indicators)
        if spec.group not in order
    ]
    if unknown:
        raise AgreementFileError(unknown)
    lines = [(spec.group or "", spec.weight) for spec in agreement.indicators]
    problems = weight_problems(framework, lines)
    for index, spec in enumerate(agreement.indicators):
        if spec.verified_score is not None and not ZERO <= spec.verified_score <= MAX_SCORE:
            problems.append(
                Problem(
                    ("indicators", index, "verified_score"),
                    "คะแนนต้องอยู่ระหว่าง 0 ถึง 5",
                    f"ตัวชี้วัด {spec.number} › verified_score",
                    "a score must be between 0 and 5",
                    f"Indicator {spec.number} › verified_score",
                )
            )
    if problems:
        raise AgreementFileError(problems)

    # Group by the framework's order, keeping the file's order within a group.
    ranked = sorted(
        enumerate(agreement.indicators), key=lambda pair: (order[pair[1].group or ""], pair[0])
    )
    scores = {index: _score(spec, index) for index, spec in ranked}
    verified = {
        index: spec.verified_score if spec.verified_score is not None else scores[index]
        for index, spec in ranked
    }
    try:
        own = score_table(
            ScoreLine(spec.number, spec.group or "", spec.weight, scores[index])
            for index, spec in ranked
        )
        checked = score_table(
            ScoreLine(spec.number, spec.group or "", spec.weight, verified[index])
            for index, spec in ranked
        )
    except ScoringError as error:
        raise AgreementFileError(
            [Problem(("indicators",), error.message, "indicators", error.message_en, "indicators")]
        ) from None

    report_lines = []
    for (index, spec), line, verified_line in zip(ranked, own.lines, checked.lines, strict=True):
        parts = tuple(
            PartLine(
                part.number, part.name, part.kind, part.weight, score(part.criteria, part.result)
            )
            for part in spec.parts
        )
        report_lines.append(
            ReportLine(
                number=spec.number,
                name=spec.name,
                group=spec.group or "",
                kind=spec.kind,
                weight=spec.weight,
                score=line.score,
                weighted=line.weighted,
                verified_score=None if verified[index] is None else round4(verified[index]),
                verified_given=spec.verified_score is not None,
                verified_weighted=verified_line.weighted,
                parts=parts,
            )
        )
    names = {group.key: group.name for group in framework.groups}
    groups = tuple(
        GroupLine(
            subtotal.group,
            names[subtotal.group],
            subtotal.weight,
            subtotal.weighted,
            checked_subtotal.weighted,
        )
        for subtotal, checked_subtotal in zip(own.groups, checked.groups, strict=True)
    )
    return ScoreReport(
        agreement.organization,
        agreement.fiscal_year,
        framework.name,
        tuple(report_lines),
        groups,
        own.total,
        checked.total,
    )


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(round4(value))


def report_json(report: ScoreReport) -> dict[str, object]:
    """The report for `--json`: every score a 4-decimal string, so no float noise can appear."""
    return {
        "organization": {"code": report.organization.code, "name": report.organization.name},
        "fiscal_year": report.fiscal_year,
        "framework": report.framework,
        "indicators": [
            {
                "number": line.number,
                "name": line.name,
                "group": line.group,
                "kind": line.kind.value,
                "weight": decimal_text(line.weight),
                "score": _figure(line.score),
                "weighted": _figure(line.weighted),
                "verified_score": _figure(line.verified_score),
                "verified_given": line.verified_given,
                "verified_weighted": _figure(line.verified_weighted),
                "parts": [
                    {
                        "number": part.number,
                        "name": part.name,
                        "kind": part.kind.value,
                        "weight": decimal_text(part.weight),
                        "score": _figure(part.score),
                    }
                    for part in line.parts
                ],
            }
            for line in report.lines
        ],
        "groups": [
            {
                "key": group.key,
                "name": group.name,
                "weight": decimal_text(group.weight),
                "weighted": _figure(group.weighted),
                "verified_weighted": _figure(group.verified_weighted),
            }
            for group in report.groups
        ],
        "total": _figure(report.total),
        "verified_total": _figure(report.verified_total),
        "unreported": list(report.unreported),
    }
