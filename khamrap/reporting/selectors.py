"""Reads for the round's pages: the organization's report and one result with its history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import indicators_of, scorecard
from khamrap.lib.permissions import can
from khamrap.organizations.choices import Action
from khamrap.periods.models import ReportingRound

from .choices import ReportStatus, ResultStatus
from .models import Result, RoundReport


@dataclass(frozen=True)
class ReportRow:
    indicator: Indicator
    result: Result | None
    self_score: Decimal | None
    verified_score: Decimal | None
    weighted: Decimal | None
    depth: int


@dataclass(frozen=True)
class RoundView:
    agreement: Agreement
    reporting_round: ReportingRound
    report: RoundReport | None
    rows: list[ReportRow]
    card: object
    progress: dict[str, int]

    @property
    def status(self) -> str:
        return self.report.status if self.report else ReportStatus.OPEN


def round_view(agreement: Agreement, reporting_round: ReportingRound) -> RoundView:
    """Every indicator of the agreement with its result for the round, in a fixed number of queries."""
    indicators = indicators_of(agreement)
    card = scorecard(agreement, indicators, reporting_round)
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            indicator__agreement=agreement, reporting_round=reporting_round
        )
    }
    weighted = {row.indicator.pk: row.weighted_final for row in card.rows} if card.groups else {}
    rows = []
    for indicator in indicators:
        if indicator.parent_id is not None:
            continue
        for item, depth in [(indicator, 0), *[(part, 1) for part in indicator.parts.all()]]:
            result = results.get(item.pk)
            rows.append(
                ReportRow(
                    item,
                    result,
                    result.self_score if result else None,
                    result.verified_score if result else None,
                    weighted.get(item.pk) if depth == 0 else None,
                    depth,
                )
            )
    reportable = [row for row in rows if row.indicator.kind != "composite"]
    progress = dict.fromkeys(ResultStatus.values, 0)
    progress["missing"] = 0
    for row in reportable:
        progress[row.result.status if row.result else "missing"] += 1
    progress["total"] = len(reportable)
    report = RoundReport.objects.filter(
        agreement=agreement, reporting_round=reporting_round
    ).first()
    return RoundView(agreement, reporting_round, report, rows, card, progress)


@dataclass(frozen=True)
class ResultRights:
    edit: bool
    submit: bool
    approve: bool
    reopen: bool
    verify: bool


def result_rights(
    user, indicator: Indicator, result: Result | None, report: RoundReport | None
) -> ResultRights:
    """What `user` may do with this result now (the services check the same again)."""
    from .services import may_approve, may_record

    report_open = report is None or report.status == ReportStatus.OPEN
    editable = result is None or result.is_editable
    record = may_record(user, indicator) and indicator.kind != "composite"
    coordinator = can(user, indicator.agreement.organization, Action.COORDINATE)
    evaluator = can(user, indicator.agreement.organization, Action.EVALUATE)
    submitted = result is not None and result.status == ResultStatus.SUBMITTED
    return ResultRights(
        edit=record and editable and report_open,
        submit=record
        and editable
        and report_open
        and result is not None
        and result.self_score is not None,
        approve=may_approve(user, indicator) and submitted,
        reopen=coordinator and result is not None and not editable and report_open,
        verify=evaluator
        and indicator.parent_id is None
        and result is not None
        and report is not None
        and report.status == ReportStatus.SUBMITTED,
    )
