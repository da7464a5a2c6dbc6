"""A result's moves after it is saved: submit, approve (one or many), return, reopen, verify; each
checked by the round's policy (reporting.policy) and kept in the history."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.rules import counting, scoring

from ..choices import RESULT_TRANSITIONS, ResultMove
from ..models import Result
from ..policy import require_result_move
from .history import log_change, refresh
from .locking import lock_result


def _require(move: str, result: Result, user) -> None:
    """Refuse `move` on the locked result as the round's policy says (reporting.policy)."""
    require_result_move(
        move, user=user, indicator=result.indicator, result=result, report=result.locked_report
    )


@transaction.atomic
def result_submit(*, result: Result, user) -> Result:
    """The collector sends a result to the supervisor; a score under 3 needs an explanation first."""
    result = lock_result(result.pk)
    _require(ResultMove.SUBMIT, result, user)
    if counting.is_at_risk(result.self_score) and not result.explanation.strip():
        raise ValidationError(
            {
                "explanation": ValidationError(
                    _(
                        "The score is under 3: explain why before submitting (what went wrong, what will be done)."
                    ),
                    code="explanation",
                )
            }
        )
    return _move(result, user, ResultMove.SUBMIT, submitted=True)


@transaction.atomic
def result_approve(*, result: Result, user) -> Result:
    """The KPI supervisor accepts a submitted result (with FOUR_EYES, not the one who submitted it)."""
    result = lock_result(result.pk)
    _require(ResultMove.APPROVE, result, user)
    return _move(result, user, ResultMove.APPROVE, approved=True)


@transaction.atomic
def results_approve_many(*, results: Sequence[Result], user) -> list[Result]:
    """The KPI supervisor approves several submitted results at once: all of them, or none.

    Each goes through result_approve (its locks, checks, history row and standings); the first
    refusal undoes the others and names the indicator it stopped at.
    """
    if not results:
        raise ValidationError(
            _("Choose at least one submitted result to approve."), code="nothing_chosen"
        )
    approved = []
    for result in sorted(results, key=lambda r: r.pk):
        try:
            approved.append(result_approve(result=result, user=user))
        except ValidationError as error:
            raise ValidationError(
                _("Indicator %(number)s: %(reason)s")
                % {"number": result.indicator.number, "reason": " ".join(error.messages)},
                code=getattr(error, "code", None),  # the refusal's own code (policy)
            ) from error
    return approved


@transaction.atomic
def result_return(*, result: Result, user, comment: str) -> Result:
    """The KPI supervisor sends a submitted result back to the collector with a comment (with
    FOUR_EYES, not the one who submitted it)."""
    result = lock_result(result.pk)
    _require(ResultMove.RETURN, result, user)
    if not comment.strip():
        raise ValidationError(
            {"comment": ValidationError(_("Say what needs correcting."), code="required")}
        )
    result.return_comment = comment.strip()
    return _move(result, user, ResultMove.RETURN, note=comment.strip())


@transaction.atomic
def result_reopen(*, result: Result, user, reason: str) -> Result:
    """The coordinator unlocks a submitted or approved result, saying why."""
    result = lock_result(result.pk)
    _require(ResultMove.REOPEN, result, user)
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the result is reopened."), code="required")}
        )
    return _move(result, user, ResultMove.REOPEN, note=reason.strip())


def _move(result: Result, user, move: str, *, submitted=False, approved=False, note="") -> Result:
    """Take `move`: the result goes where the policy's table says (RESULT_TRANSITIONS), in the
    history with who and why."""
    old = result.status
    result.status = status = RESULT_TRANSITIONS[move].to
    now = timezone.now()
    if submitted:
        result.submitted_by, result.submitted_at = user, now
        result.return_comment = ""
    if approved:
        result.approved_by, result.approved_at = user, now
    result.version += 1
    result.save()
    log_change(
        actor=user,
        field="status",
        old=old,
        new=status,
        result=result,
        note=note,
    )
    refresh(result.indicator.agreement_id, result.reporting_round_id)
    return result


@transaction.atomic
def result_verify(*, result: Result, user, score: Decimal, reason: str = "") -> Result:
    """The evaluator's verified score; it differs from the self score only with a reason."""
    result = lock_result(result.pk)
    _require(ResultMove.VERIFY, result, user)
    try:
        scoring.validate_score(score)
    except scoring.ScoringError as error:
        raise ValidationError(
            {"score": ValidationError(_("A score is between 0 and 5."), code="range")}
        ) from error
    score = scoring.round4(score)
    if score != result.self_score and not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give the reason why the verified score differs from the self-assessed one."),
                    code="required",
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
    log_change(
        actor=user, field="verified_score", old=old, new=score, result=result, note=reason.strip()
    )
    refresh(result.indicator.agreement_id, result.reporting_round_id)
    return result
