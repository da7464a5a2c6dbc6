"""The organization's report of a round: submitted by the coordinator once every result is
approved, closed by the evaluator once every indicator is verified (its figures frozen), reopened
with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.models import Agreement, Indicator
from khamrap.periods.models import ReportingRound

from ..choices import REPORT_TRANSITIONS, ReportMove, ResultStatus
from ..models import Result, RoundReport
from ..policy import require_report_move
from .history import log_change, refresh
from .locking import lock_report


def reportable_indicators(agreement: Agreement) -> list[Indicator]:
    """The indicators that carry their own result: every one but the composites."""
    return list(
        agreement.indicators.filter(retired_from__isnull=True)
        .exclude(kind=ScoringKind.COMPOSITE)
        .order_by("order", "pk")
    )


@transaction.atomic
def report_submit(*, agreement: Agreement, reporting_round: ReportingRound, user) -> RoundReport:
    """The coordinator submits the organization's SAR once every result is approved."""
    report = lock_report(agreement.pk, reporting_round.pk)
    require_report_move(
        ReportMove.SUBMIT, user=user, organization=agreement.organization, status=report.status
    )
    # The report is locked; now the results, so none is reopened while the report is submitted.
    statuses = dict(
        Result.objects.select_for_update()
        .filter(indicator__agreement=agreement, reporting_round=reporting_round)
        .order_by("pk")
        .values_list("indicator_id", "status")
    )
    approved = {pk for pk, status in statuses.items() if status == ResultStatus.APPROVED}
    waiting = [i.number for i in reportable_indicators(agreement) if i.pk not in approved]
    if waiting:
        raise ValidationError(
            _("Indicators %(numbers)s are not approved yet.") % {"numbers": ", ".join(waiting)},
            code="not_approved",
        )
    report.submitted_by, report.submitted_at = user, timezone.now()
    return _move(report, user, ReportMove.SUBMIT)


@transaction.atomic
def report_close(*, report: RoundReport, user) -> RoundReport:
    """The evaluator closes the round once every indicator has a verified score.

    The score table is frozen on the report as it stands (RoundReport.figures): from then on the
    round's figures never move, whatever later amendments change in the indicators.
    """
    from khamrap.agreements.selectors import indicators_of

    from ..scorecard import frozen_figures, scorecard

    report = (
        RoundReport.objects.select_for_update()
        .select_related("agreement__organization", "agreement__framework", "reporting_round")
        .get(pk=report.pk)
    )
    require_report_move(
        ReportMove.CLOSE,
        user=user,
        organization=report.agreement.organization,
        status=report.status,
    )
    results = {
        result.indicator_id: result
        for result in Result.objects.select_for_update().filter(
            indicator__agreement=report.agreement, reporting_round=report.reporting_round
        )
    }
    card = scorecard(
        report.agreement, indicators_of(report.agreement), report.reporting_round, results, report
    )
    waiting = [row.indicator.number for row in card.rows if row.verified_score is None]
    if waiting:
        raise ValidationError(
            _("Verify indicators %(numbers)s first.") % {"numbers": ", ".join(waiting)},
            code="not_verified",
        )
    report.figures = frozen_figures(card)
    report.closed_by, report.closed_at = user, timezone.now()
    return _move(report, user, ReportMove.CLOSE)


@transaction.atomic
def report_reopen(*, report: RoundReport, user, reason: str) -> RoundReport:
    """The evaluator sends a submitted or closed report back to the organization, saying why."""
    report = (
        RoundReport.objects.select_for_update()
        .select_related("agreement__organization")
        .get(pk=report.pk)
    )
    require_report_move(
        ReportMove.REOPEN,
        user=user,
        organization=report.agreement.organization,
        status=report.status,
    )
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the report is reopened."), code="required")}
        )
    report.figures = None  # figures are frozen again when the round is closed again
    return _move(report, user, ReportMove.REOPEN, note=reason)


def _move(report: RoundReport, user, move: str, note: str = "") -> RoundReport:
    """Take `move`: the report goes where REPORT_TRANSITIONS says, in the history with who and
    why, and the round's figures are stored again."""
    old = report.status
    _allowed_from, report.status, _who = REPORT_TRANSITIONS[move]
    report.save()
    log_change(actor=user, field="status", old=old, new=report.status, report=report, note=note)
    refresh(report.agreement_id, report.reporting_round_id)
    return report
