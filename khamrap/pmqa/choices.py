"""The PMQA year's statuses and moves, and the choices of its rows."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from khamrap.organizations.choices import Action


class CriteriaLevel(models.TextChoices):
    """How far the criteria go (seed 002: a checklist in 2551, the Fundamental Level from 2552)."""

    CHECKLIST = "checklist", _("Checklist against ADLI and LeTCLi")
    FUNDAMENTAL = "fundamental", _("Fundamental Level")
    BASIC = "basic", _("Basic")
    ADVANCE = "advance", _("Advance")
    SIGNIFICANCE = "significance", _("Significance")


class ItemKind(models.TextChoices):
    PROCESS = "process", _("Process (ADLI)")
    RESULT = "result", _("Result (LeTCLi)")


class Scope(models.TextChoices):
    """Seed 002: each year one mandatory (หมวดบังคับ) and one voluntary (หมวดสมัครใจ) category."""

    MANDATORY = "mandatory", _("Mandatory category")
    VOLUNTARY = "voluntary", _("Voluntary category")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    OFI = "ofi", _("Opportunity for improvement")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class YearStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    AWAITING_APPROVAL = "awaiting_approval", _("Plan awaiting the head's approval")
    APPROVED = "approved", _("Plan approved: assessing")
    REPORTED = "reported", _("Preliminary report complete")


class YearMove(models.TextChoices):
    SUBMIT = "submit", _("Send the plan to the head for approval")
    APPROVE = "approve", _("Approve the plan")
    RETURN = "return", _("Send the plan back")
    COMPLETE = "complete", _("Mark the preliminary report complete")
    REOPEN = "reopen", _("Reopen the self-assessment")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    action: str  # the organization action (organizations.choices.Action) it needs


# The one table of the year's life (seed 000's steps 2 and 5; the head approves the plan).
YEAR_TRANSITIONS: dict[str, Move] = {
    YearMove.SUBMIT: Move(
        frozenset({YearStatus.PLANNING}), YearStatus.AWAITING_APPROVAL, Action.COORDINATE
    ),
    YearMove.APPROVE: Move(
        frozenset({YearStatus.AWAITING_APPROVAL}), YearStatus.APPROVED, Action.SIGN
    ),
    YearMove.RETURN: Move(
        frozenset({YearStatus.AWAITING_APPROVAL}), YearStatus.PLANNING, Action.SIGN
    ),
    YearMove.COMPLETE: Move(
        frozenset({YearStatus.APPROVED}), YearStatus.REPORTED, Action.COORDINATE
    ),
    YearMove.REOPEN: Move(frozenset({YearStatus.REPORTED}), YearStatus.APPROVED, Action.COORDINATE),
}

YEAR_MOVE_DONE = {
    YearMove.SUBMIT: _("The plan is sent to the head for approval."),
    YearMove.APPROVE: _("The plan is approved: the self-assessment can begin."),
    YearMove.RETURN: _("The plan is sent back to the working group."),
    YearMove.COMPLETE: _("The preliminary report is complete."),
    YearMove.REOPEN: _("The self-assessment is open again."),
}

# What may be changed in each status: the plan only while planning; the profile and the briefing
# and training records until the report is complete; assessments once the plan is approved; the
# improvement plan's projects from approval through the year (they are reported every round).
PLAN_EDITABLE = frozenset({YearStatus.PLANNING})
ACTIVITIES_EDITABLE = frozenset(
    {YearStatus.PLANNING, YearStatus.AWAITING_APPROVAL, YearStatus.APPROVED}
)
PROFILE_EDITABLE = ACTIVITIES_EDITABLE
ASSESSMENT_EDITABLE = frozenset({YearStatus.APPROVED})
PROJECTS_EDITABLE = frozenset({YearStatus.APPROVED, YearStatus.REPORTED})
