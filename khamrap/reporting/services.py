"""Writes to results and round reports: every step of seed 003's round goes through here.

collector drafts → submits → supervisor approves or returns with a comment → coordinator submits the
organization's report (SAR) → evaluator verifies each indicator → round closed. Every change is kept
in the history (Change rows); saves name the version they started from (optimistic locking).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import Agreement, Indicator
from khamrap.lib.permissions import can, require
from khamrap.organizations.choices import Action
from khamrap.periods.models import ReportingRound
from khamrap.rules import scoring

from .choices import EXPLANATION_BELOW, ReportStatus, ResultStatus
from .models import Change, Result, RoundReport

NARRATIVE_FIELDS = ("performance", "supporting_factors", "obstacles", "suggestions", "explanation")
RESULT_FIELDS = ("value", "steps_done", "step_dates", "passed", *NARRATIVE_FIELDS)


def _named(user, indicator: Indicator, relation: str) -> bool:
    """Whether `user` is named (as supervisor or collector) on the indicator or on its composite."""
    named = [indicator, indicator.parent] if indicator.parent_id else [indicator]
    return any(getattr(i, relation).filter(pk=user.pk).exists() for i in named)


def may_record(user, indicator: Indicator) -> bool:
    """Coordinators of the organization, or the people named on the indicator (or its composite)."""
    if can(user, indicator.agreement.organization, Action.COORDINATE):
        return True
    return _named(user, indicator, "collectors") or _named(user, indicator, "supervisors")


def may_approve(user, indicator: Indicator) -> bool:
    """Only the indicator's KPI supervisors approve or return its results."""
    return _named(user, indicator, "supervisors")


def _log(
    *,
    actor,
    field: str,
    old,
    new,
    result: Result | None = None,
    report: RoundReport | None = None,
    note="",
):
    Change.objects.create(
        result=result,
        report=report,
        actor=actor,
        at=timezone.now(),
        field=field,
        old="" if old in (None, "", [], {}) else str(old),
        new="" if new in (None, "", [], {}) else str(new),
        note=note,
    )


def _report_open(agreement: Agreement, reporting_round: ReportingRound) -> None:
    report = RoundReport.objects.filter(
        agreement=agreement, reporting_round=reporting_round
    ).first()
    if report is not None and report.status != ReportStatus.OPEN:
        raise ValidationError(
            _(
                "The organization's report for this round has been submitted: results can no longer change."
            )
        )


def _locked_result(pk: int) -> Result:
    return (
        Result.objects.select_for_update()
        .select_related(
            "indicator__agreement__organization",
            "indicator__agreement__framework",
            "reporting_round",
        )
        .get(pk=pk)
    )


@transaction.atomic
def result_save(
    *,
    indicator: Indicator,
    reporting_round: ReportingRound,
    user,
    version: int | None = None,
    value: Decimal | None = None,
    steps_done: Sequence[int] = (),
    step_dates: dict[str, str] | None = None,
    passed: bool | None = None,
    **narrative: str,
) -> Result:
    """Store what an indicator achieved in a round, its narrative and the score it earns.

    `version` is the version the person's form started from; when someone else saved in between,
    the save is refused instead of silently overwriting their work. None skips the check (imports).
    """
    indicator = Indicator.objects.select_related(
        "agreement__organization", "agreement__framework"
    ).get(pk=indicator.pk)
    if not may_record(user, indicator):
        raise PermissionDenied
    if indicator.kind == ScoringKind.COMPOSITE:
        raise ValidationError(
            _("Enter the results of the sub-indicators; the composite is scored from them.")
        )
    if reporting_round.fiscal_year_id != indicator.agreement.fiscal_year_id:
        raise ValidationError(_("The round belongs to another fiscal year."))
    unknown = set(narrative) - set(NARRATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown result fields: {sorted(unknown)}")
    _report_open(indicator.agreement, reporting_round)
    step_count = indicator.steps.count()
    if any(not 1 <= n <= step_count for n in steps_done):
        raise ValidationError({"steps_done": _("A step number is out of range.")})
    result, _created = Result.objects.get_or_create(
        indicator=indicator, reporting_round=reporting_round
    )
    result = _locked_result(result.pk)
    if not result.is_editable:
        raise ValidationError(
            _("This result is “%(status)s” and locked; ask the coordinator to reopen it.")
            % {"status": result.get_status_display()}
        )
    if version is not None and version != result.version:
        last = result.changes.select_related("actor").first()
        who = last.actor.display_name if last else _("someone else")
        raise ValidationError(
            _(
                "%(who)s saved this result while you were editing it. Your changes were not saved: "
                "reload the page to see the latest version, then make your changes again."
            )
            % {"who": who},
            code="stale",
        )
    done = sorted(set(steps_done))
    new = {
        "value": value,
        "steps_done": done,
        "step_dates": {str(n): d for n, d in (step_dates or {}).items() if int(n) in done},
        "passed": passed,
        **{name: narrative.get(name, getattr(result, name)).strip() for name in NARRATIVE_FIELDS},
    }
    changed = {
        name: (getattr(result, name), v) for name, v in new.items() if getattr(result, name) != v
    }
    for name, (_old, v) in changed.items():
        setattr(result, name, v)
    result.full_clean()
    result.version += 1
    result.save()
    for name, (old, v) in changed.items():
        _log(actor=user, field=name, old=old, new=v, result=result)
    _rescore(indicator, reporting_round, user)
    result.refresh_from_db()
    return result


def result_record(
    *, indicator, reporting_round, user, value=None, steps_done=(), passed=None
) -> Result:
    """result_save without a version check, for imports and scripts that set only the result."""
    return result_save(
        indicator=indicator,
        reporting_round=reporting_round,
        user=user,
        value=value,
        steps_done=steps_done,
        passed=passed,
    )


def _rescore(indicator: Indicator, reporting_round: ReportingRound, user) -> None:
    """Recompute the self score of the indicator and, for a part, of its composite; log changes."""
    from khamrap.agreements.selectors import indicators_of

    floor = indicator.agreement.framework.floor
    by_id = {i.pk: i for i in indicators_of(indicator.agreement)}
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            indicator__agreement=indicator.agreement, reporting_round=reporting_round
        )
    }
    touched = [by_id[indicator.pk]]
    if indicator.parent_id:
        touched.append(by_id[indicator.parent_id])
    for item in touched:
        score = indicator_score(item, floor, results)
        result = results.get(item.pk) or Result.objects.create(
            indicator=item, reporting_round=reporting_round
        )
        if result.self_score != score:
            _log(actor=user, field="self_score", old=result.self_score, new=score, result=result)
            Result.objects.filter(pk=result.pk).update(self_score=score)


@transaction.atomic
def result_submit(*, result: Result, user) -> Result:
    """The collector sends a result to the supervisor; a score under 3 needs an explanation first."""
    result = _locked_result(result.pk)
    if not may_record(user, result.indicator):
        raise PermissionDenied
    if not result.is_editable:
        raise ValidationError(_("Only a draft or returned result can be submitted."))
    _report_open(result.indicator.agreement, result.reporting_round)
    if result.self_score is None:
        raise ValidationError(_("Enter the result before submitting it."))
    if result.self_score < EXPLANATION_BELOW and not result.explanation.strip():
        raise ValidationError(
            {
                "explanation": _(
                    "The score is under 3: explain why before submitting (what went wrong, what will be done)."
                )
            }
        )
    return _move(result, user, ResultStatus.SUBMITTED, submitted=True)


@transaction.atomic
def result_approve(*, result: Result, user) -> Result:
    """The KPI supervisor accepts a submitted result."""
    result = _locked_result(result.pk)
    if not may_approve(user, result.indicator):
        raise PermissionDenied
    if result.status != ResultStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted result can be approved."))
    return _move(result, user, ResultStatus.APPROVED, approved=True)


@transaction.atomic
def result_return(*, result: Result, user, comment: str) -> Result:
    """The KPI supervisor sends a submitted result back to the collector with a comment."""
    result = _locked_result(result.pk)
    if not may_approve(user, result.indicator):
        raise PermissionDenied
    if result.status != ResultStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted result can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs correcting.")})
    result.return_comment = comment.strip()
    return _move(result, user, ResultStatus.RETURNED, note=comment.strip())


@transaction.atomic
def result_reopen(*, result: Result, user, reason: str) -> Result:
    """The coordinator unlocks a submitted or approved result, saying why."""
    result = _locked_result(result.pk)
    require(user, result.indicator.agreement.organization, Action.COORDINATE)
    if result.is_editable:
        raise ValidationError(_("This result is not locked."))
    _report_open(result.indicator.agreement, result.reporting_round)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the result is reopened.")})
    return _move(result, user, ResultStatus.DRAFT, note=reason.strip())


def _move(result: Result, user, status: str, *, submitted=False, approved=False, note="") -> Result:
    old = result.status
    result.status = status
    now = timezone.now()
    if submitted:
        result.submitted_by, result.submitted_at = user, now
        result.return_comment = ""
    if approved:
        result.approved_by, result.approved_at = user, now
    result.version += 1
    result.save()
    _log(
        actor=user,
        field="status",
        old=ResultStatus(old).label,
        new=ResultStatus(status).label,
        result=result,
        note=note,
    )
    return result


def reportable_indicators(agreement: Agreement) -> list[Indicator]:
    """The indicators that carry their own result: every one but the composites."""
    return list(agreement.indicators.exclude(kind=ScoringKind.COMPOSITE).order_by("order", "pk"))


def _report(agreement: Agreement, reporting_round: ReportingRound) -> RoundReport:
    report, _created = RoundReport.objects.get_or_create(
        agreement=agreement, reporting_round=reporting_round
    )
    return RoundReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_submit(*, agreement: Agreement, reporting_round: ReportingRound, user) -> RoundReport:
    """The coordinator submits the organization's SAR once every result is approved."""
    require(user, agreement.organization, Action.COORDINATE)
    report = _report(agreement, reporting_round)
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("The report has already been submitted."))
    approved = set(
        Result.objects.filter(
            indicator__agreement=agreement,
            reporting_round=reporting_round,
            status=ResultStatus.APPROVED,
        ).values_list("indicator_id", flat=True)
    )
    waiting = [i.number for i in reportable_indicators(agreement) if i.pk not in approved]
    if waiting:
        raise ValidationError(
            _("Indicators %(numbers)s are not approved yet.") % {"numbers": ", ".join(waiting)}
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_by, report.submitted_at = user, timezone.now()
    report.save()
    _log(
        actor=user,
        field="status",
        old=ReportStatus.OPEN.label,
        new=ReportStatus.SUBMITTED.label,
        report=report,
    )
    return report


@transaction.atomic
def result_verify(*, result: Result, user, score: Decimal, reason: str = "") -> Result:
    """The evaluator's verified score; it differs from the self score only with a reason."""
    result = _locked_result(result.pk)
    require(user, result.indicator.agreement.organization, Action.EVALUATE)
    report = RoundReport.objects.filter(
        agreement=result.indicator.agreement_id, reporting_round=result.reporting_round_id
    ).first()
    if report is None or report.status == ReportStatus.OPEN:
        raise ValidationError(
            _("The organization has not submitted its report for this round yet.")
        )
    if report.status == ReportStatus.CLOSED:
        raise ValidationError(_("The round is closed; reopen it to change a verified score."))
    try:
        scoring.validate_score(score)
    except scoring.ScoringError as error:
        raise ValidationError({"score": _("A score is between 0 and 5.")}) from error
    score = scoring.round4(score)
    if score != result.self_score and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Give the reason why the verified score differs from the self-assessed one."
                )
            }
        )
    old = result.verified_score
    result.verified_score = score
    result.verified_reason = reason.strip()
    result.verified_by = user
    result.verified_at = timezone.now()
    result.full_clean()
    result.version += 1
    result.save()
    _log(actor=user, field="verified_score", old=old, new=score, result=result, note=reason.strip())
    return result


@transaction.atomic
def report_close(*, report: RoundReport, user) -> RoundReport:
    """The evaluator closes the round once every indicator has a verified score."""
    report = (
        RoundReport.objects.select_for_update()
        .select_related("agreement__organization")
        .get(pk=report.pk)
    )
    require(user, report.agreement.organization, Action.EVALUATE)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be closed."))
    verified = set(
        Result.objects.filter(
            indicator__agreement=report.agreement,
            reporting_round=report.reporting_round,
            verified_score__isnull=False,
        ).values_list("indicator_id", flat=True)
    )
    top = report.agreement.indicators.filter(parent__isnull=True).order_by("order", "pk")
    waiting = [i.number for i in top if i.pk not in verified]
    if waiting:
        raise ValidationError(
            _("Verify indicators %(numbers)s first.") % {"numbers": ", ".join(waiting)}
        )
    report.status = ReportStatus.CLOSED
    report.closed_by, report.closed_at = user, timezone.now()
    report.save()
    _log(
        actor=user,
        field="status",
        old=ReportStatus.SUBMITTED.label,
        new=ReportStatus.CLOSED.label,
        report=report,
    )
    return report


@transaction.atomic
def report_reopen(*, report: RoundReport, user, reason: str) -> RoundReport:
    """The evaluator sends a submitted or closed report back to the organization, saying why."""
    report = (
        RoundReport.objects.select_for_update()
        .select_related("agreement__organization")
        .get(pk=report.pk)
    )
    require(user, report.agreement.organization, Action.EVALUATE)
    if report.status == ReportStatus.OPEN:
        raise ValidationError(_("The report is already open."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is reopened.")})
    old = report.status
    report.status = ReportStatus.OPEN
    report.save()
    _log(
        actor=user,
        field="status",
        old=ReportStatus(old).label,
        new=ReportStatus.OPEN.label,
        report=report,
        note=reason,
    )
    return report
