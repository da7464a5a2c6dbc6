"""The agreement's PMQA indicator (seed 000): its five steps recorded from the PMQA year itself.

Linked once, the indicator's result in the round being reported follows the year: each PMQA
change that moves a step records the steps done, their dates and what shows them through the
reporting services (so the round's policy, history and standings apply as to any save). When the
result cannot be changed (the person may not record it, or it is submitted, approved or the round
is closed) the PMQA change still stands and the year's page shows that the indicator lags.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.models import Indicator
from khamrap.periods.models import ReportingRound
from khamrap.reporting.choices import ReportStatus
from khamrap.reporting.models import Result, RoundReport
from khamrap.reporting.services import result_save
from khamrap.rules import pmqa as rules
from khamrap.rules.thai import format_date

from ..models import PmqaYear
from ..policy import require
from .locking import lock

STEPS = 5  # seed 000's indicator has five steps


@transaction.atomic
def indicator_link(*, year: PmqaYear, indicator: Indicator | None, user) -> PmqaYear:
    """Link (or, with None, unlink) the agreement's PMQA indicator: a five-step milestone
    indicator of this organization's agreement for the same fiscal year."""
    year = lock(year)
    require(user, year)
    if indicator is not None:
        indicator = Indicator.objects.select_related("agreement").get(pk=indicator.pk)
        if (
            indicator.agreement.organization_id != year.organization_id
            or indicator.agreement.fiscal_year_id != year.fiscal_year_id
        ):
            raise ValidationError(
                _("Choose an indicator of this organization's agreement for the same year."),
                code="indicator",
            )
        if indicator.kind != ScoringKind.MILESTONE or indicator.steps.count() != STEPS:
            raise ValidationError(
                _("The PMQA indicator is a milestone indicator with five steps (seed 000)."),
                code="kind",
            )
    year.indicator = indicator
    year.indicator_linked_by = user if indicator is not None else None
    year.save(update_fields=["indicator", "indicator_linked_by", "updated_at"])
    follow(year, user)
    return year


def reporting_round(year: PmqaYear) -> ReportingRound | None:
    """The round the indicator's steps go to: the first of the year whose report is still being
    prepared (not submitted or closed)."""
    if year.indicator_id is None:
        return None
    sent = RoundReport.objects.filter(
        agreement_id=year.indicator.agreement_id,
        status__in=[ReportStatus.SUBMITTED, ReportStatus.CLOSED],
    ).values("reporting_round_id")
    return (
        ReportingRound.objects.filter(fiscal_year_id=year.fiscal_year_id)
        .exclude(pk__in=sent)
        .order_by("months")
        .first()
    )


def performance_text(year: PmqaYear, steps: rules.Steps) -> str:
    """What the steps rest on, in the result's narrative: the PMQA year's own records."""
    lines = []
    if 1 in steps.done:
        lines.append(
            _("Step 1: briefing held on %(day)s with %(count)s attendees.")
            % {"day": format_date(year.briefing_on), "count": year.briefing_attendees}
        )
    if 2 in steps.done:
        lines.append(
            _("Step 2: working group of %(count)s and plan approved on %(day)s.")
            % {"count": year.members.count(), "day": format_date(year.plan_approved_on)}
        )
    if 3 in steps.done:
        lines.append(
            _("Step 3: self-assessment training held on %(day)s with %(count)s attendees.")
            % {"day": format_date(year.training_on), "count": year.training_attendees}
        )
    if 4 in steps.done:
        lines.append(
            _("Step 4: organizational profile complete on %(day)s.")
            % {"day": format_date(year.profile_completed_on)}
        )
    if 5 in steps.done:
        lines.append(
            _("Step 5: preliminary report complete on %(day)s.")
            % {"day": format_date(year.report_completed_on)}
        )
    lines.append(_("Recorded from the PMQA year in khamrap."))
    return "\n".join(lines)


@dataclass(frozen=True)
class IndicatorSync:
    """Where the linked indicator stands against the year."""

    steps: rules.Steps
    reporting_round: ReportingRound | None
    recorded: tuple[int, ...] | None  # the steps the round's result holds, None without a result
    problem: str = ""

    @property
    def in_step(self) -> bool:
        return self.recorded is not None and tuple(sorted(self.recorded)) == self.steps.done


def indicator_sync(*, year: PmqaYear, user) -> IndicatorSync:
    """Record the year's steps on the linked indicator's result in the round being reported."""
    steps = rules.milestone_steps(year.state())
    target = reporting_round(year)
    if year.indicator_id is None or target is None:
        return IndicatorSync(steps, target, None, _("No indicator or round to record to."))
    stored = Result.objects.filter(indicator_id=year.indicator_id, reporting_round=target).first()
    if stored is not None and tuple(sorted(stored.steps_done)) == steps.done:
        return IndicatorSync(steps, target, tuple(stored.steps_done))
    try:
        with transaction.atomic():
            result = result_save(
                indicator=year.indicator,
                reporting_round=target,
                user=user,
                steps_done=list(steps.done),
                step_dates=dict(steps.dates),
                performance=performance_text(year, steps),
            )
    except (PermissionDenied, ValidationError) as refusal:
        problem = (
            _("You may not record this indicator's result.")
            if isinstance(refusal, PermissionDenied)
            else " ".join(refusal.messages)
        )
        recorded = tuple(stored.steps_done) if stored else None
        return IndicatorSync(steps, target, recorded, problem)
    return IndicatorSync(steps, target, tuple(result.steps_done))


def follow(year: PmqaYear, user) -> IndicatorSync | None:
    """After a PMQA change: bring the linked indicator along when it can be (never refusing the
    PMQA change itself). A step taken by someone who may not record results (the head approving
    the plan) is recorded on behalf of the person who linked the indicator, when they still may."""
    if year.indicator_id is None:
        return None
    outcome = indicator_sync(year=year, user=user)
    linked_by = year.indicator_linked_by
    if outcome.problem and linked_by is not None and linked_by.pk != user.pk:
        outcome = indicator_sync(year=year, user=linked_by)
    return outcome
