"""Who may move a result or a round report, and from which states: the one policy of the round.

The tables in `choices` (RESULT_TRANSITIONS, REPORT_TRANSITIONS) say, for each move, the statuses
it goes from, where it goes, who may make it, while the organization's report is in which statuses,
and on which indicators. `result_refusal` and `report_refusal` apply them: the services raise what
they return, and the pages offer a move exactly when they return nothing (`result_rights`,
`report_rights`), so what a page offers and what a service accepts cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.models import Indicator
from khamrap.organizations.choices import Action
from khamrap.organizations.permissions import can
from khamrap.organizations.scopes import scope_of

from .choices import (
    REPORT_TRANSITIONS,
    RESULT_TRANSITIONS,
    ReportMove,
    ReportStatus,
    ResultMove,
    ResultStatus,
    Who,
)
from .models import Result, RoundReport

Refusal = PermissionDenied | ValidationError


def may_act_as_named(user) -> bool:
    """Whether being named on an indicator may count for `user`: not through a read token."""
    scope = scope_of(user)
    return scope is None or scope.write


def _named(user, indicator: Indicator, relation: str) -> bool:
    """Whether `user` is named (as supervisor or collector) on the indicator or on its composite.

    Someone acting through a token made for reading is not: being named lets a person change
    results, and such a token changes nothing (organizations.scopes)."""
    if not may_act_as_named(user):
        return False
    named = [indicator, indicator.parent] if indicator.parent_id else [indicator]
    return any(getattr(i, relation).filter(pk=user.pk).exists() for i in named)


class Roles:
    """What `user` is to one indicator: each answer asked of the database once, when first needed.

    Bulk services that know the answers already (results_save_many) pass them in."""

    def __init__(self, user, indicator: Indicator, **known: bool):
        self.user = user
        self.indicator = indicator
        self.__dict__.update(known)

    @cached_property
    def coordinator(self) -> bool:
        return can(self.user, self.indicator.agreement.organization, Action.COORDINATE)

    @cached_property
    def evaluator(self) -> bool:
        return can(self.user, self.indicator.agreement.organization, Action.EVALUATE)

    @cached_property
    def collector(self) -> bool:
        return _named(self.user, self.indicator, "collectors")

    @cached_property
    def supervisor(self) -> bool:
        return _named(self.user, self.indicator, "supervisors")

    def are(self, who: str) -> bool:
        if who == Who.RECORDER:
            # Coordinators of the organization, or the people named on the indicator.
            return self.coordinator or self.collector or self.supervisor
        return {
            Who.SUPERVISOR: lambda: self.supervisor,
            Who.COORDINATOR: lambda: self.coordinator,
            Who.EVALUATOR: lambda: self.evaluator,
        }[who]()


def may_record(user, indicator: Indicator) -> bool:
    """Coordinators of the organization, or the people named on the indicator (or its composite)."""
    return Roles(user, indicator).are(Who.RECORDER)


def may_approve(user, indicator: Indicator) -> bool:
    """Only the indicator's KPI supervisors approve or return its results."""
    return Roles(user, indicator).are(Who.SUPERVISOR)


def named_as_collector(user, indicator: Indicator) -> bool:
    """Whether `user` is named as a data collector on the indicator or on its composite."""
    return Roles(user, indicator).collector


def submitted_by_self(user, result: Result | None) -> bool:
    """Whether the four-eyes rule (settings.FOUR_EYES) keeps `user` from approving or returning
    `result`: they submitted it themselves."""
    return (
        settings.FOUR_EYES
        and result is not None
        and result.submitted_by_id is not None
        and result.submitted_by_id == user.pk
    )


# --- results ---------------------------------------------------------------------------------------


def _composite_refusal(move: str) -> ValidationError:
    if move == ResultMove.SAVE:
        message = _("Enter the results of the sub-indicators; the composite is scored from them.")
    else:
        message = _(
            "A composite indicator is scored from its sub-indicators: submit, approve or "
            "return their results, not the composite's."
        )
    return ValidationError(message, code="composite")


def _report_refusal(move: str, report_status: str) -> ValidationError:
    """Why `move` is refused while the report is `report_status` (a report not begun is open)."""
    if move == ResultMove.VERIFY:
        if report_status == ReportStatus.OPEN:
            message = _("The organization has not submitted its report for this round yet.")
            return ValidationError(message, code="report_open")
        message = _("The round is closed; reopen it to change a verified score.")
        return ValidationError(message, code="round_closed")
    if move == ResultMove.ATTACH:
        message = _(
            "The organization's report for this round is “%(status)s”: "
            "its evidence can no longer change."
        ) % {"status": ReportStatus(report_status).label}
        return ValidationError(message, code="locked")
    message = _(
        "The organization's report for this round has been submitted: results can no longer change."
    )
    return ValidationError(message, code="report_submitted")


def _status_refusal(move: str, status: str) -> ValidationError:
    status = {"status": ResultStatus(status).label}
    message = {
        ResultMove.SAVE: _(
            "This result is “%(status)s” and locked; ask the coordinator to reopen it."
        )
        % status,
        ResultMove.ATTACH: _(
            "This result is “%(status)s” and locked: its evidence can no longer change."
        )
        % status,
        ResultMove.SUBMIT: _("Only a draft or returned result can be submitted."),
        ResultMove.APPROVE: _("Only a submitted result can be approved."),
        ResultMove.RETURN: _("Only a submitted result can be returned."),
        ResultMove.REOPEN: _("This result is not locked."),
    }[move]
    return ValidationError(message, code="locked" if move != ResultMove.REOPEN else "not_locked")


def result_refusal(
    move: str,
    *,
    roles: Roles,
    result: Result | None,
    report: RoundReport | None,
) -> Refusal | None:
    """Why `roles.user` may not make `move` on the indicator's result now, or None when they may.

    `result` None is a result not entered yet (a draft to be); `report` None is a report not begun
    (open). The order of the checks is the order of the answers a person needs: whether it is theirs
    to do, whether the indicator takes it, whether the round is still open, whether the result is
    in the state the move goes from.
    """
    rule = RESULT_TRANSITIONS[move]
    indicator = roles.indicator
    if not roles.are(rule.who):
        return PermissionDenied()
    if indicator.kind == ScoringKind.COMPOSITE and not rule.on_composite:
        return _composite_refusal(move)
    if indicator.parent_id is not None and not rule.on_part:
        return ValidationError(
            _(
                "A sub-indicator's score counts through its composite: verify the composite "
                "indicator %(number)s."
            )
            % {"number": indicator.parent.number},
            code="part",
        )
    if indicator.retired_from_id is not None and not rule.on_retired:
        return ValidationError(_("This indicator was removed by an amendment."), code="retired")
    report_status = report.status if report is not None else ReportStatus.OPEN
    if report_status not in rule.report_in:
        return _report_refusal(move, report_status)
    status = result.status if result is not None else ResultStatus.DRAFT
    if rule.allowed_from is not None and status not in rule.allowed_from:
        return _status_refusal(move, status)
    if rule.needs_score and (result is None or result.self_score is None):
        return ValidationError(_("Enter the result before submitting it."), code="no_result")
    if move == ResultMove.VERIFY and result is None:
        return ValidationError(_("There is no result to verify yet."), code="no_result")
    if rule.four_eyes and submitted_by_self(roles.user, result):
        return ValidationError(
            _(
                "You submitted this result yourself: another of the indicator's supervisors "
                "approves or returns it."
            ),
            code="four_eyes",
        )
    return None


def require_result_move(
    move: str, *, user, indicator: Indicator, result: Result | None, report: RoundReport | None
) -> None:
    """Raise the refusal of `move` (PermissionDenied or a coded ValidationError), if any."""
    refusal = result_refusal(move, roles=Roles(user, indicator), result=result, report=report)
    if refusal is not None:
        raise refusal


@dataclass(frozen=True)
class ResultRights:
    """The moves a page offers on a result: exactly those result_refusal allows."""

    edit: bool
    attach: bool
    submit: bool
    approve: bool
    send_back: bool
    reopen: bool
    verify: bool


def result_rights(
    user,
    indicator: Indicator,
    result: Result | None,
    report: RoundReport | None,
    roles: Roles | None = None,
) -> ResultRights:
    """What `user` may do with this result now: the services check the same table again.

    Pass `roles` when the page asks more of them, so each is read from the database once."""
    roles = roles or Roles(user, indicator)

    def allowed(move: str) -> bool:
        return result_refusal(move, roles=roles, result=result, report=report) is None

    return ResultRights(
        edit=allowed(ResultMove.SAVE),
        attach=allowed(ResultMove.ATTACH),
        submit=allowed(ResultMove.SUBMIT),
        approve=allowed(ResultMove.APPROVE),
        send_back=allowed(ResultMove.RETURN),
        reopen=allowed(ResultMove.REOPEN),
        verify=allowed(ResultMove.VERIFY),
    )


# --- round reports ---------------------------------------------------------------------------------


def _report_action(who: str) -> str:
    return Action.COORDINATE if who == Who.COORDINATOR else Action.EVALUATE


def report_refusal(
    move: str, *, user, organization, status: str, may: dict[str, bool] | None = None
) -> Refusal | None:
    """Why `user` may not make `move` on the organization's report, now `status`; None when they may.

    `may` holds answers already known (action → whether `user` may do it on the organization)."""
    allowed_from, _to, who = REPORT_TRANSITIONS[move]
    action = _report_action(who)
    if not (may[action] if may is not None else can(user, organization, action)):
        return PermissionDenied()
    if status not in allowed_from:
        message = {
            ReportMove.SUBMIT: _("The report has already been submitted."),
            ReportMove.CLOSE: _("Only a submitted report can be closed."),
            ReportMove.REOPEN: _("The report is already open."),
        }[move]
        return ValidationError(message, code="report_status")
    return None


def require_report_move(move: str, *, user, organization, status: str) -> None:
    refusal = report_refusal(move, user=user, organization=organization, status=status)
    if refusal is not None:
        raise refusal


@dataclass(frozen=True)
class ReportRights:
    submit: bool
    close: bool
    reopen: bool


def report_rights(user, organization, report: RoundReport | None) -> ReportRights:
    """The report moves the round page offers: exactly those report_refusal allows."""
    status = report.status if report is not None else ReportStatus.OPEN
    may = {
        action: can(user, organization, action)
        for action in {_report_action(who) for _from, _to, who in REPORT_TRANSITIONS.values()}
    }
    return ReportRights(
        **{
            move.value: report_refusal(
                move, user=user, organization=organization, status=status, may=may
            )
            is None
            for move in ReportMove
        }
    )
