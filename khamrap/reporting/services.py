"""Writes to results: what an indicator achieved in a round, and the evaluator's verified score."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import Indicator
from khamrap.lib.permissions import can, require
from khamrap.organizations.choices import Action
from khamrap.periods.models import ReportingRound
from khamrap.rules import scoring

from .models import Result


def may_record(user, indicator: Indicator) -> bool:
    """Coordinators of the organization, or the people named on the indicator (or its composite)."""
    if can(user, indicator.agreement.organization, Action.COORDINATE):
        return True
    named = [indicator, indicator.parent] if indicator.parent_id else [indicator]
    return any(
        i.collectors.filter(pk=user.pk).exists() or i.supervisors.filter(pk=user.pk).exists()
        for i in named
    )


@transaction.atomic
def result_record(
    *,
    indicator: Indicator,
    reporting_round: ReportingRound,
    user,
    value: Decimal | None = None,
    steps_done: Sequence[int] = (),
    passed: bool | None = None,
) -> Result:
    """Store an indicator's result for a round and the self-assessed score it earns."""
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
    step_count = indicator.steps.count()
    if any(not 1 <= n <= step_count for n in steps_done):
        raise ValidationError({"steps_done": _("A step number is out of range.")})
    result, _created = Result.objects.select_for_update().get_or_create(
        indicator=indicator, reporting_round=reporting_round
    )
    result.value = value
    result.steps_done = sorted(set(steps_done))
    result.passed = passed
    result.full_clean()
    result.save()
    _rescore(indicator, reporting_round)
    return result


def _rescore(indicator: Indicator, reporting_round: ReportingRound) -> None:
    """Recompute the self score of the indicator and, for a part, of its composite."""
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
        if item.kind == ScoringKind.COMPOSITE:
            Result.objects.update_or_create(
                indicator=item, reporting_round=reporting_round, defaults={"self_score": score}
            )
        else:
            Result.objects.filter(pk=results[item.pk].pk).update(self_score=score)


@transaction.atomic
def result_verify(*, result: Result, user, score: Decimal, reason: str = "") -> Result:
    """The evaluator's verified score; it differs from the self score only with a reason."""
    result = (
        Result.objects.select_for_update()
        .select_related("indicator__agreement__organization")
        .get(pk=result.pk)
    )
    require(user, result.indicator.agreement.organization, Action.EVALUATE)
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
    result.verified_score = score
    result.verified_reason = reason.strip()
    result.verified_by = user
    result.verified_at = timezone.now()
    result.full_clean()
    result.save()
    return result
