"""Who may do what with a PMQA year: one place, read by the services and by the pages.

The organization's coordinators (and administrators) run the year; its executive, the head
(หัวหน้าส่วนราชการ), approves or sends back the plan; the person responsible for a category may write
that category's self-assessment. Everyone who may view the organization may read its year.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from khamrap.organizations.choices import Action
from khamrap.organizations.permissions import can

from .choices import (
    ACTIVITIES_EDITABLE,
    ASSESSMENT_EDITABLE,
    PLAN_EDITABLE,
    PROFILE_EDITABLE,
    PROJECTS_EDITABLE,
    YEAR_TRANSITIONS,
)
from .models import CategoryPlan, PmqaYear


def require(user, year: PmqaYear, action: str = Action.COORDINATE) -> None:
    if not can(user, year.organization, action):
        raise PermissionDenied


def require_status(year: PmqaYear, allowed: frozenset[str]) -> None:
    """Refuse a change the year's status does not allow, naming the status."""
    if year.status not in allowed:
        raise ValidationError(
            _("This cannot be changed while the PMQA year is “%(status)s”.")
            % {"status": year.get_status_display()},
            code="status",
        )


def may_assess(user, year: PmqaYear, plan: CategoryPlan | None) -> bool:
    """Coordinators assess every chosen category; a category's responsible person assesses it."""
    if plan is not None and plan.responsible_user_id == user.pk and user.is_authenticated:
        return can(user, year.organization, Action.VIEW)
    return can(user, year.organization, Action.COORDINATE)


def move_refusal(move: str, *, user, year: PmqaYear) -> PermissionDenied | ValidationError | None:
    """Why `user` may not make `move` on the year now, or None when they may."""
    rule = YEAR_TRANSITIONS[move]
    if not can(user, year.organization, rule.action):
        return PermissionDenied()
    if year.status not in rule.sources:
        return ValidationError(
            _("This step cannot be taken while the PMQA year is “%(status)s”.")
            % {"status": year.get_status_display()},
            code="status",
        )
    return None


@dataclass(frozen=True)
class YearRights:
    """What the year's page offers one person."""

    coordinate: bool
    approve: bool
    moves: tuple[str, ...]
    edit_plan: bool
    edit_activities: bool
    edit_profile: bool
    assess: bool
    edit_projects: bool


def year_rights(user, year: PmqaYear) -> YearRights:
    coordinate = can(user, year.organization, Action.COORDINATE)
    approve = can(user, year.organization, Action.SIGN)
    allowed = {Action.COORDINATE: coordinate, Action.SIGN: approve}
    moves = tuple(
        move
        for move, rule in YEAR_TRANSITIONS.items()
        if allowed.get(rule.action) and year.status in rule.sources
    )
    responsible = year.category_plans.filter(responsible_user_id=user.pk).exists()
    return YearRights(
        coordinate=coordinate,
        approve=approve,
        moves=moves,
        edit_plan=coordinate and year.status in PLAN_EDITABLE,
        edit_activities=coordinate and year.status in ACTIVITIES_EDITABLE,
        edit_profile=coordinate and year.status in PROFILE_EDITABLE,
        assess=(coordinate or responsible) and year.status in ASSESSMENT_EDITABLE,
        edit_projects=coordinate and year.status in PROJECTS_EDITABLE,
    )
