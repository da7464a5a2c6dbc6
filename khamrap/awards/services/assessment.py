"""The assessors' side: the award office assigns assessors; each writes their own score sheet.

A sheet scores every criterion of the type within its maximum (rules.awards.point_problems), with
a note each; a finished sheet counts in the consolidation (the mean of the finished sheets per
criterion, rules.awards.consolidate) and can no longer change. A type with no points (PMQA, the
grand award) asks each assessor for a recommendation instead, and the committee decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.rules import awards as rules

from ..choices import ASSIGNABLE, OFFICE, SCORABLE
from ..models import Application, Assessor, Assignment, Criterion, Score
from ..policy import belongs_to, refusal, require, require_stage


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("organization", "scheme__call")
        .get(pk=application.pk)
    )


@transaction.atomic
def assessor_assign(*, application: Application, assessor, user) -> Assignment:
    """The award office assigns a person from the assessors' pool to the application."""
    application = _lock(application)
    require(user, application, OFFICE)
    require_stage(application, ASSIGNABLE)
    if not Assessor.objects.filter(user_id=assessor.pk, is_active=True).exists():
        raise refusal("assessor", _("Choose a person from the pool of award assessors."), "pool")
    if belongs_to(assessor, application.organization):
        raise refusal(
            "assessor", _("An assessor may not assess their own organization's work."), "conflict"
        )
    if Assignment.objects.filter(application=application, assessor=assessor).exists():
        raise refusal("assessor", _("This assessor is already assigned."), "exists")
    try:
        with transaction.atomic():
            return Assignment.objects.create(
                application=application, assessor=assessor, assigned_by=user
            )
    except IntegrityError as error:
        raise refusal("assessor", _("This assessor is already assigned."), "exists") from error


@transaction.atomic
def assessor_unassign(*, assignment: Assignment, user) -> None:
    """Take an assessor off an application whose sheet is not finished."""
    application = _lock(assignment.application)
    require(user, application, OFFICE)
    require_stage(application, ASSIGNABLE)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.submitted_at is not None:
        raise ValidationError(
            _("A finished score sheet stays: it is part of the record."), code="finished"
        )
    assignment.delete()


def _points(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as error:
        raise ValidationError(_("Points must be a number."), code="number") from error


@transaction.atomic
def sheet_save(
    *,
    assignment: Assignment,
    user,
    version: int,
    points: Mapping[str, tuple[object, str]] | None = None,
    bonus_traits: Sequence[int] = (),
    recommends: bool | None = None,
    note: str = "",
    finish: bool = False,
) -> Assignment:
    """An assessor's sheet: points and a note per criterion code, the bonus traits, an overall
    note; `finish` closes it for the consolidation once every criterion is scored."""
    points = points or {}
    application = _lock(assignment.application)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.assessor_id != user.pk:
        raise PermissionDenied
    require_stage(application, SCORABLE)
    if assignment.submitted_at is not None:
        raise ValidationError(_("This score sheet is finished."), code="finished")
    if assignment.version != version:
        raise ValidationError(
            _("This sheet was saved after you opened it. Reload the page to see the changes."),
            code="stale",
        )
    criteria = {c.code: c for c in Criterion.objects.filter(scheme_id=application.scheme_id)}
    if not set(points) <= set(criteria):
        raise ValidationError(_("A criterion is not part of this award type."), code="criterion")
    values = {code: _points(value) for code, (value, _note) in points.items()}
    saved = {
        s.criterion.code: s.points
        for s in assignment.scores.select_related("criterion")
        if s.criterion.code not in values
    }
    sheet = {**saved, **values}
    problems = rules.point_problems(
        sheet, [c.limit() for c in criteria.values()], complete=finish and bool(criteria)
    )
    if problems:
        raise ValidationError([ValidationError(problem_text(p), code=p.kind) for p in problems])
    traits = sorted(set(bonus_traits))
    if any(not 0 <= t < len(application.scheme.call.bonus_traits) for t in traits):
        raise ValidationError(_("A bonus trait is not one of the call's."), code="trait")
    if finish and not criteria and recommends is None:
        raise refusal("recommends", _("Say whether you recommend the award."), "recommends")
    for code, (_value, criterion_note) in points.items():
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=criteria[code],
            defaults={"points": values[code], "note": criterion_note.strip()},
        )
    assignment.bonus_traits = traits
    assignment.recommends = recommends
    assignment.note = note.strip()
    assignment.version += 1
    if finish:
        assignment.submitted_at = timezone.now()
    assignment.save()
    return assignment


def problem_text(problem: rules.PointProblem) -> str:
    """What is wrong with one criterion's points, in the reader's language."""
    # The maximum as the sheet's labels print it ("120", not the stored "120.00").
    maximum = f"{Decimal(problem.maximum).normalize():f}" if problem.maximum is not None else ""
    values = {"code": problem.code, "maximum": maximum}
    texts = {
        "over": _("Criterion %(code)s: at most %(maximum)s points."),
        "negative": _("Criterion %(code)s: points cannot be below 0."),
        "precision": _("Criterion %(code)s: at most two decimal places."),
        "unknown": _("Criterion %(code)s is not part of this award type."),
        "missing": _("Criterion %(code)s: give the points before finishing the sheet."),
    }
    return texts.get(problem.kind, texts["unknown"]) % values


def consolidation(application: Application) -> rules.Consolidated | None:
    """The finished sheets' mean per criterion, the total and its level (None for a type with no
    points, or before any sheet is finished)."""
    criteria = list(Criterion.objects.filter(scheme_id=application.scheme_id))
    if not criteria:
        return None
    codes = {c.pk: c.code for c in criteria}
    sheets: dict[int, dict[str, Decimal]] = {}
    finished = Score.objects.filter(
        assignment__application=application, assignment__submitted_at__isnull=False
    ).values_list("assignment_id", "criterion_id", "points")
    for assignment_id, criterion_id, value in finished:
        sheets.setdefault(assignment_id, {})[codes[criterion_id]] = value
    return rules.consolidate(
        list(sheets.values()),
        [c.limit() for c in criteria],
        application.scheme.call.threshold_rules(),
    )


def assessors_for(application: Application):
    """The pool's people who may be assigned to the application (not its own staff)."""
    User = get_user_model()
    staff = User.objects.filter(
        memberships__organization__path__startswith=application.organization.path
    )
    return (
        User.objects.filter(award_assessor__is_active=True, is_active=True)
        .exclude(pk__in=staff.values("pk"))
        .exclude(award_assignments__application=application)
        .order_by("first_name", "last_name", "username")
    )
