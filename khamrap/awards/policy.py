"""Who may do what with an award application: one place, read by the services and by the pages.

- The applicant organization's coordinators write the forms and send them (APPLICANT).
- The award office (people who may evaluate the applicant organization: the evaluators whose
  membership reaches it) moves the application through its stages, assigns assessors and sees every
  sheet (OFFICE).
- An assessor sees only the applications they are assigned to, and writes only their own sheet,
  while the stage allows it. Nobody assesses an organization they belong to.
- Everyone who may view the applicant organization reads its application; the scores reach them
  when the result is announced.
Visibility itself is `Application.objects.for_user` (built on Organization.objects.for_user).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from khamrap.organizations.models import Membership
from khamrap.organizations.permissions import can
from khamrap.periods.views import may_set_up

from .choices import (
    APPLICANT,
    ASSIGNABLE,
    FORMS_EDITABLE,
    OFFICE,
    SCORABLE,
    TRANSITIONS,
    Stage,
)
from .models import Application, Assignment


def may_open_calls(user) -> bool:
    """Calls are every organization's at once: opened by whoever sets up fiscal years."""
    return may_set_up(user)


def require(user, application: Application, action: str) -> None:
    if not can(user, application.organization, action):
        raise PermissionDenied


def require_stage(application: Application, allowed: frozenset[str]) -> None:
    if application.stage not in allowed:
        raise ValidationError(
            _("This cannot be changed while the application is at “%(stage)s”.")
            % {"stage": application.get_stage_display()},
            code="stage",
        )


def refusal(field: str, message: str, code: str) -> ValidationError:
    """A refusal shown on one field of the form, with its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def belongs_to(user, organization) -> bool:
    """Whether `user` works in `organization` or below it (and so may not assess it)."""
    return Membership.objects.filter(
        user_id=user.pk, organization__path__startswith=organization.path
    ).exists()


def move_refusal(move: str, *, user, application: Application):
    """Why `user` may not make `move` now (PermissionDenied or a coded ValidationError), or None."""
    rule = TRANSITIONS[move]
    if not can(user, application.organization, rule.action):
        return PermissionDenied()
    if application.stage not in rule.sources:
        return ValidationError(
            _("This step cannot be taken while the application is at “%(stage)s”.")
            % {"stage": application.get_stage_display()},
            code="stage",
        )
    return None


@dataclass(frozen=True)
class Rights:
    """What the application's pages offer one person."""

    apply: bool  # a coordinator of the applicant organization
    office: bool  # the award office
    moves: tuple[str, ...]
    edit_forms: bool
    assign: bool
    assignment: Assignment | None  # the person's own score sheet, when assigned
    score: bool
    see_sheets: bool  # every assessor's sheet and the consolidation
    see_result: bool  # the consolidated score and level


def rights(user, application: Application) -> Rights:
    apply = can(user, application.organization, APPLICANT)
    office = can(user, application.organization, OFFICE)
    allowed = {APPLICANT: apply, OFFICE: office}
    moves = tuple(
        move
        for move, rule in TRANSITIONS.items()
        if allowed.get(rule.action) and application.stage in rule.sources
    )
    assignment = (
        Assignment.objects.filter(application=application, assessor_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    announced = application.stage == Stage.ANNOUNCED
    return Rights(
        apply=apply,
        office=office,
        moves=moves,
        edit_forms=apply and application.stage in FORMS_EDITABLE,
        assign=office and application.stage in ASSIGNABLE,
        assignment=assignment,
        score=assignment is not None
        and assignment.submitted_at is None
        and application.stage in SCORABLE,
        see_sheets=office,
        see_result=office or announced,
    )
