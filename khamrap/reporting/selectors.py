"""Reads for the round's pages: the organization's report and one result with its history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import indicators_of
from khamrap.periods.models import ReportingRound
from khamrap.rules import counting

from .choices import ReportStatus, ResultStatus
from .models import Result, RoundReport
from .policy import submitted_by_self
from .scorecard import ScoreCard, scorecard


@dataclass(frozen=True)
class ReportRow:
    indicator: Indicator
    result: Result | None
    self_score: Decimal | None
    verified_score: Decimal | None
    weighted: Decimal | None
    depth: int
    # A composite's status follows its parts (rules.counting.composite_status); None: no result.
    status: str | None = None

    @property
    def status_label(self) -> str:
        return ResultStatus(self.status).label if self.status else ""


@dataclass(frozen=True)
class RoundView:
    agreement: Agreement
    reporting_round: ReportingRound
    report: RoundReport | None
    rows: list[ReportRow]
    card: ScoreCard
    progress: dict[str, int]

    @property
    def status(self) -> str:
        return self.report.status if self.report else ReportStatus.OPEN


def round_view(agreement: Agreement, reporting_round: ReportingRound) -> RoundView:
    """Every indicator of the agreement with its result for the round, in a fixed number of queries."""
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            indicator__agreement=agreement, reporting_round=reporting_round
        )
    }
    report = RoundReport.objects.filter(
        agreement=agreement, reporting_round=reporting_round
    ).first()
    return build_round_view(agreement, indicators_of(agreement), reporting_round, results, report)


def build_round_view(
    agreement: Agreement,
    indicators: list[Indicator],
    reporting_round: ReportingRound,
    results: dict[int, Result],
    report: RoundReport | None,
) -> RoundView:
    """The round's rows, score card and progress from what the caller read (one agreement or many).

    Rows are the score card's indicators (as frozen when the round closed, or those that count in
    the round), each followed by its parts. Progress counts the indicators that carry their own
    result (not composites), by status.
    """
    card = scorecard(agreement, indicators, reporting_round, results, report)
    rows = []
    for top in card.rows:
        indicator = top.indicator
        part_rows = []
        for part in indicator.parts.all():
            result = results.get(part.pk)
            part_rows.append(
                ReportRow(
                    part,
                    result,
                    result.self_score if result else None,
                    result.verified_score if result else None,
                    None,
                    1,
                    result.status if result else None,
                )
            )
        result = top.result
        if indicator.kind == ScoringKind.COMPOSITE:
            status = counting.composite_status(row.status for row in part_rows)
        else:
            status = result.status if result else None
        rows.append(
            ReportRow(
                indicator, result, top.self_score, top.verified_score, top.weighted_final, 0, status
            )
        )
        rows.extend(part_rows)
    reportable = [row for row in rows if row.indicator.kind != ScoringKind.COMPOSITE]
    progress = dict.fromkeys(ResultStatus.values, 0)
    progress["missing"] = 0
    for row in reportable:
        progress[row.status or "missing"] += 1
    progress["total"] = len(reportable)
    return RoundView(agreement, reporting_round, report, rows, card, progress)


@dataclass(frozen=True)
class RoundNeighbours:
    """Where an indicator sits among those the person sees in the round, in the report's order."""

    previous: Indicator | None
    next: Indicator | None
    position: int
    total: int


def round_neighbours(user, indicator: Indicator) -> RoundNeighbours:
    """The indicators before and after `indicator` on the round's page (each composite followed by
    its parts), among those `user` may see: one query of a few columns."""
    visible = list(
        Indicator.objects.for_user(user)
        .filter(agreement_id=indicator.agreement_id, retired_from__isnull=True)
        .only("pk", "number", "name", "parent_id", "kind")
        .order_by("group__order", "order", "pk")
    )
    parts: dict[int, list[Indicator]] = {}
    for candidate in visible:
        if candidate.parent_id is not None:
            parts.setdefault(candidate.parent_id, []).append(candidate)
    known = {candidate.pk for candidate in visible}
    ordered: list[Indicator] = []
    for candidate in visible:
        # A part is listed under its composite; one whose composite is hidden stands alone.
        if candidate.parent_id is None or candidate.parent_id not in known:
            ordered.append(candidate)
            ordered.extend(parts.get(candidate.pk, []) if candidate.parent_id is None else [])
    keys = [candidate.pk for candidate in ordered]
    if indicator.pk not in keys:  # retired by an amendment: no place in the round's order
        return RoundNeighbours(None, None, 0, len(keys))
    at = keys.index(indicator.pk)
    return RoundNeighbours(
        previous=ordered[at - 1] if at > 0 else None,
        next=ordered[at + 1] if at + 1 < len(ordered) else None,
        position=at + 1,
        total=len(ordered),
    )


@dataclass(frozen=True)
class PartRow:
    indicator: Indicator
    result: Result | None


def composite_parts(indicator: Indicator, reporting_round: ReportingRound) -> list[PartRow]:
    """A composite's sub-indicators in force with their results of the round (two queries)."""
    parts = list(
        Indicator.objects.filter(parent=indicator, retired_from__isnull=True).order_by(
            "order", "pk"
        )
    )
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(indicator__in=parts, reporting_round=reporting_round)
    }
    return [PartRow(part, results.get(part.pk)) for part in parts]


def results_awaiting_approval(user, agreement_id: int, reporting_round_id: int) -> list[Result]:
    """The round's submitted results of the agreement that `user` supervises (on the indicator or
    its composite), in the report's order: what a bulk approval may take."""
    supervised = Indicator.supervisors.through.objects.filter(user=user).values("indicator_id")
    candidates = (
        Result.objects.filter(
            indicator__agreement_id=agreement_id,
            reporting_round_id=reporting_round_id,
            status=ResultStatus.SUBMITTED,
        )
        .exclude(indicator__kind=ScoringKind.COMPOSITE)
        .filter(models.Q(indicator__in=supervised) | models.Q(indicator__parent__in=supervised))
        .select_related("indicator")
        .order_by("indicator__group__order", "indicator__order", "indicator__pk")
    )
    return [result for result in candidates if not submitted_by_self(user, result)]
