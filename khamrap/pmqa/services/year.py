"""A PMQA year: created, planned (categories, working group, units), moved, its activities kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.organizations.choices import Action, OrganizationKind
from khamrap.organizations.models import Organization
from khamrap.organizations.permissions import require as require_organization
from khamrap.periods.models import FiscalYear
from khamrap.rules import pmqa as rules

from ..choices import (
    ACTIVITIES_EDITABLE,
    PLAN_EDITABLE,
    YEAR_TRANSITIONS,
    MemberRole,
    Scope,
    YearMove,
)
from ..models import (
    Category,
    CategoryPlan,
    CriteriaVersion,
    PmqaYear,
    SelectedUnit,
    WorkingGroupMember,
    YearEvent,
)
from ..policy import move_refusal, require, require_status
from . import indicator as linked
from .locking import lock
from .work import report_messages


@transaction.atomic
def year_create(
    *, organization: Organization, fiscal_year: FiscalYear, criteria: CriteriaVersion, user
) -> PmqaYear:
    """Start an organization's PMQA year under a criteria version."""
    require_organization(user, organization, Action.COORDINATE)
    if not criteria.is_active:
        raise ValidationError(
            _("This criteria version is no longer offered for new years."), code="inactive"
        )
    if PmqaYear.objects.filter(organization=organization, fiscal_year=fiscal_year).exists():
        raise ValidationError(
            _("This organization already has a PMQA year for this fiscal year."), code="exists"
        )
    try:
        with transaction.atomic():
            return PmqaYear.objects.create(
                organization=organization, fiscal_year=fiscal_year, criteria=criteria
            )
    except IntegrityError as error:  # a second request creating the same year at the same time
        raise ValidationError(
            _("This organization already has a PMQA year for this fiscal year."), code="exists"
        ) from error


@dataclass(frozen=True)
class CategoryChoice:
    """One category of the year plan: mandatory or voluntary, and who answers for it."""

    number: int
    scope: str
    responsible_name: str = ""
    responsible_user: object = None


@transaction.atomic
def plan_save(*, year: PmqaYear, user, categories: Sequence[CategoryChoice]) -> PmqaYear:
    """The year's chosen categories (the others are not done this year), replacing the last plan."""
    year = lock(year)
    require(user, year)
    require_status(year, PLAN_EDITABLE)
    by_number = {c.number: c for c in Category.objects.filter(version=year.criteria_id)}
    numbers = [c.number for c in categories]
    if len(set(numbers)) != len(numbers):
        raise ValidationError(_("A category is chosen twice."), code="duplicate")
    for choice in categories:
        if choice.number not in by_number:
            raise ValidationError(
                _("Category %(number)s is not in these criteria.") % {"number": choice.number},
                code="category",
            )
        if choice.scope not in Scope.values:
            raise ValidationError(_("Choose mandatory or voluntary."), code="scope")
        if choice.responsible_user is not None and not _member(
            choice.responsible_user, year.organization
        ):
            raise ValidationError(
                _("The responsible user must belong to the organization."), code="responsible"
            )
    CategoryPlan.objects.filter(year=year).delete()
    CategoryPlan.objects.bulk_create(
        CategoryPlan(
            year=year,
            category=by_number[c.number],
            scope=c.scope,
            responsible_name=c.responsible_name.strip(),
            responsible_user=c.responsible_user,
        )
        for c in categories
    )
    return year


def _member(user, organization: Organization) -> bool:
    return Organization.objects.for_user(user, Action.VIEW).filter(pk=organization.pk).exists()


@dataclass(frozen=True)
class Member:
    name: str
    position: str = ""
    role: str = MemberRole.MEMBER


@transaction.atomic
def working_group_save(*, year: PmqaYear, user, members: Sequence[Member]) -> PmqaYear:
    """The working group (คณะทำงาน), replacing the last list; at most one chair."""
    year = lock(year)
    require(user, year)
    require_status(year, PLAN_EDITABLE)
    members = [m for m in members if m.name.strip()]
    if any(m.role not in MemberRole.values for m in members):
        raise ValidationError(_("Choose a role for each member."), code="role")
    if sum(1 for m in members if m.role == MemberRole.CHAIR) > 1:
        raise ValidationError(_("The working group has one chair."), code="chairs")
    WorkingGroupMember.objects.filter(year=year).delete()
    WorkingGroupMember.objects.bulk_create(
        WorkingGroupMember(
            year=year, name=m.name.strip(), position=m.position.strip(), role=m.role, order=n
        )
        for n, m in enumerate(members)
    )
    return year


@transaction.atomic
def units_save(*, year: PmqaYear, user, units: Sequence[Organization]) -> PmqaYear:
    """The units of a province selected to do PMQA (seed 000), each one below the province."""
    year = lock(year)
    require(user, year)
    require_status(year, PLAN_EDITABLE)
    for unit in units:
        if unit.pk == year.organization_id or not unit.path.startswith(year.organization.path):
            raise ValidationError(
                _("%(unit)s is not a unit of %(organization)s.")
                % {"unit": unit, "organization": year.organization},
                code="unit",
            )
    SelectedUnit.objects.filter(year=year).delete()
    SelectedUnit.objects.bulk_create(
        SelectedUnit(year=year, unit=u) for u in {u.pk: u for u in units}.values()
    )
    return year


def plan_messages(year: PmqaYear) -> list[str]:
    """What keeps the plan from going to the head, as sentences."""
    plans = list(year.category_plans.select_related("category", "responsible_user"))
    problems = rules.plan_problems(
        chosen={p.category.number: p.scope == Scope.MANDATORY for p in plans},
        responsible={
            p.category.number: p.responsible_name
            or (p.responsible_user and str(p.responsible_user))
            for p in plans
        },
        working_group=year.members.count(),
        is_province=year.organization.kind == OrganizationKind.PROVINCE,
        units=year.selected_units.count(),
    )
    texts = {
        rules.PlanProblem.NO_MANDATORY: _("Choose at least one mandatory category."),
        rules.PlanProblem.NO_RESPONSIBLE: _("Category %(number)s has no responsible person."),
        rules.PlanProblem.NO_WORKING_GROUP: _("Name the members of the working group."),
        rules.PlanProblem.NO_UNIT: _("A province selects at least one unit to do PMQA."),
    }
    return [texts[problem] % {"number": number} for problem, number in problems]


@transaction.atomic
def year_move(*, year: PmqaYear, move: str, user, comment: str = "") -> PmqaYear:
    """Move the year along YEAR_TRANSITIONS: the plan to the head, approved or sent back, the
    preliminary report complete or reopened. Then the linked indicator's steps follow."""
    year = lock(year)
    refusal = move_refusal(move, user=user, year=year)
    if refusal is not None:
        raise refusal
    today = timezone.localdate()
    if move == YearMove.SUBMIT:
        problems = plan_messages(year)
        if problems:
            raise ValidationError([ValidationError(p, code="plan") for p in problems])
    elif move == YearMove.RETURN:
        if not comment.strip():
            raise ValidationError(_("Say what the working group should change."), code="comment")
        year.return_comment = comment.strip()
    elif move == YearMove.APPROVE:
        year.plan_approved_on = today
        year.plan_approved_by = user
        year.return_comment = ""
    elif move == YearMove.COMPLETE:
        problems = report_messages(year)
        if problems:
            raise ValidationError([ValidationError(p, code="incomplete") for p in problems])
        year.report_completed_on = today
    elif move == YearMove.REOPEN:
        year.report_completed_on = None
    before = year.status
    year.status = YEAR_TRANSITIONS[move].target
    year.save()
    YearEvent.objects.create(
        year=year, move=move, from_status=before, to_status=year.status, actor=user, comment=comment
    )
    linked.follow(year, user)
    return year


@transaction.atomic
def activity_record(
    *,
    year: PmqaYear,
    user,
    activity: str,
    held_on: dt.date | None,
    attendees: int,
    note: str = "",
) -> PmqaYear:
    """Record the briefing (seed 000 step 1) or the self-assessment training (step 3)."""
    if activity not in ("briefing", "training"):
        raise ValueError(activity)
    year = lock(year)
    require(user, year)
    require_status(year, ACTIVITIES_EDITABLE)
    if held_on is not None:
        if held_on > timezone.localdate():
            raise ValidationError(_("The day cannot be in the future."), code="future")
        if attendees < 1:
            raise ValidationError(_("Give the number of attendees."), code="attendees")
    if attendees < 0:
        raise ValidationError(_("The number of attendees cannot be negative."), code="attendees")
    setattr(year, f"{activity}_on", held_on)
    setattr(year, f"{activity}_attendees", attendees if held_on else 0)
    setattr(year, f"{activity}_note", note.strip())
    year.save()
    linked.follow(year, user)
    return year
