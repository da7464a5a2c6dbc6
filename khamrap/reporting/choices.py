"""States of a result and of an organization's round report, and who moves them."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


# A collector may change a result only in these states; the others are locked.
EDITABLE_RESULT_STATUSES = frozenset({ResultStatus.DRAFT, ResultStatus.RETURNED})


class ReportStatus(models.TextChoices):
    """The organization's self-assessment report (SAR) for one round."""

    OPEN = "open", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted to the evaluator")
    CLOSED = "closed", _("Verified and closed")


# The standings of a round's total (rules.counting.Standing), as people read them.
STANDING_LABELS = {
    "none": _("Nothing reported yet"),
    "in_progress": _("Self-assessed, not submitted yet"),
    "submitted": _("Submitted, not verified yet"),
    "verifying": _("Partly verified"),
    "final": _("Final (verified)"),
}


# --- who moves what: the one policy of the round (reporting.policy applies it) -------------------


class Who(models.TextChoices):
    """Who may make a move, as the organization and the indicator name them."""

    RECORDER = "recorder"  # the organization's coordinators, or people named on the indicator
    SUPERVISOR = "supervisor"  # the indicator's KPI supervisors (named on it or its composite)
    COORDINATOR = "coordinator"  # Action.COORDINATE on the organization
    EVALUATOR = "evaluator"  # Action.EVALUATE on the organization


class ResultMove(models.TextChoices):
    SAVE = "save"
    ATTACH = "attach"  # add or remove evidence files
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"
    VERIFY = "verify"


@dataclass(frozen=True)
class ResultRule:
    """One move of a result: from which of its statuses (None: any), to which (None: unchanged), by
    whom, while the organization's report of the round is in which statuses, on which indicators."""

    allowed_from: frozenset[str] | None
    to: str | None
    who: str
    report_in: frozenset[str]
    on_composite: bool = False  # a composite's result is computed from its parts
    on_part: bool = True  # a sub-indicator's score counts only through its composite
    on_retired: bool = True  # an indicator removed by an amendment
    needs_score: bool = False  # the result must have a self score
    four_eyes: bool = False  # with settings.FOUR_EYES, not by whoever submitted the result


_OPEN = frozenset({ReportStatus.OPEN})

RESULT_TRANSITIONS: dict[str, ResultRule] = {
    ResultMove.SAVE: ResultRule(
        EDITABLE_RESULT_STATUSES, None, Who.RECORDER, _OPEN, on_retired=False
    ),
    ResultMove.ATTACH: ResultRule(
        EDITABLE_RESULT_STATUSES, None, Who.RECORDER, _OPEN, on_composite=True
    ),
    ResultMove.SUBMIT: ResultRule(
        EDITABLE_RESULT_STATUSES, ResultStatus.SUBMITTED, Who.RECORDER, _OPEN, needs_score=True
    ),
    ResultMove.APPROVE: ResultRule(
        frozenset({ResultStatus.SUBMITTED}),
        ResultStatus.APPROVED,
        Who.SUPERVISOR,
        _OPEN,
        four_eyes=True,
    ),
    ResultMove.RETURN: ResultRule(
        frozenset({ResultStatus.SUBMITTED}),
        ResultStatus.RETURNED,
        Who.SUPERVISOR,
        _OPEN,
        four_eyes=True,
    ),
    ResultMove.REOPEN: ResultRule(
        frozenset({ResultStatus.SUBMITTED, ResultStatus.APPROVED}),
        ResultStatus.DRAFT,
        Who.COORDINATOR,
        _OPEN,
        on_composite=True,
    ),
    # The evaluator verifies the indicators that count: top-level ones, composites included.
    ResultMove.VERIFY: ResultRule(
        None,
        None,
        Who.EVALUATOR,
        frozenset({ReportStatus.SUBMITTED}),
        on_composite=True,
        on_part=False,
        on_retired=False,
    ),
}


class ReportMove(models.TextChoices):
    SUBMIT = "submit"
    CLOSE = "close"
    REOPEN = "reopen"


# move: (allowed from, goes to, who)
REPORT_TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    ReportMove.SUBMIT: (_OPEN, ReportStatus.SUBMITTED, Who.COORDINATOR),
    ReportMove.CLOSE: (frozenset({ReportStatus.SUBMITTED}), ReportStatus.CLOSED, Who.EVALUATOR),
    ReportMove.REOPEN: (
        frozenset({ReportStatus.SUBMITTED, ReportStatus.CLOSED}),
        ReportStatus.OPEN,
        Who.EVALUATOR,
    ),
}
