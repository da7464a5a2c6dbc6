"""The applicant's side: start an application, write forms 1–3, send it; and every stage's move.

Each write locks the application first and names the version the form started from, so a second
person's save in between is refused ("stale") instead of being overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.organizations.models import Organization
from khamrap.organizations.permissions import require as require_organization
from khamrap.rules import awards as rules
from khamrap.rules import writing

from ..choices import (
    APPLICANT,
    AWARD_LEVELS,
    FORMS_EDITABLE,
    OFFICE,
    TRANSITIONS,
    EligibilityRule,
    Level,
    Move,
)
from ..models import (
    Answer,
    Application,
    AwardRecord,
    ConditionAnswer,
    Event,
    MaintenanceReport,
    Scheme,
)
from ..policy import move_refusal, refusal, require, require_stage
from ..readiness import committee_problem, send_problems
from .assessment import consolidation


def lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("organization", "scheme__call__fiscal_year")
        .get(pk=application.pk)
    )


def _check_version(application: Application, version: int) -> None:
    if application.version != version:
        raise ValidationError(
            _(
                "Someone saved this application after you opened it. Reload the page to see "
                "their changes."
            ),
            code="stale",
        )


def _saved(application: Application, user) -> None:
    application.version += 1
    application.updated_by = user
    application.save()


@transaction.atomic
def application_create(
    *, organization: Organization, scheme: Scheme, title: str, user
) -> Application:
    """A draft application of `organization` for `scheme`, with form 2's conditions to answer."""
    require_organization(user, organization, APPLICANT)
    if not scheme.is_open:
        raise ValidationError(_("This award type takes no applications this year."), code="closed")
    if not title.strip():
        raise refusal("title", _("Give the title of the work."), "required")
    application = Application(
        organization=organization,
        scheme=scheme,
        title=title.strip(),
        created_by=user,
        updated_by=user,
        unit_name=organization.name_th,
    )
    application.full_clean()
    application.save()
    ConditionAnswer.objects.bulk_create(
        ConditionAnswer(application=application, condition=condition)
        for condition in scheme.conditions.all()
    )
    return application


FORM_1_FIELDS = (
    "title",
    "unit_name",
    "contact_name",
    "contact_position",
    "contact_phone",
    "contact_email",
    "started_on",
    "participation_level",
    "earlier_award",
    "added_areas",
    "new_projects",
    "pmqa_category",
)


@transaction.atomic
def applicant_save(
    *, application: Application, user, version: int, values: Mapping[str, object]
) -> Application:
    """Form 1: the work's title, the applicant and what the award type asks of the work."""
    application = lock(application)
    require(user, application, APPLICANT)
    require_stage(application, FORMS_EDITABLE)
    _check_version(application, version)
    unknown = set(values) - set(FORM_1_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field."), code="field")
    for field, value in values.items():
        setattr(application, field, value.strip() if isinstance(value, str) else value)
    earlier = application.earlier_award
    if earlier is not None and (
        earlier.organization_id != application.organization_id
        or application.scheme.eligibility_rule != EligibilityRule.EXPANSION
    ):
        raise refusal("earlier_award", _("Choose one of the organization's own awards."), "earlier")
    if application.started_on and application.started_on > timezone.localdate():
        raise refusal(
            "started_on", _("The work cannot be in use from a day still to come."), "future"
        )
    application.full_clean()
    _saved(application, user)
    return application


@transaction.atomic
def conditions_save(
    *,
    application: Application,
    user,
    version: int,
    answers: Mapping[int, tuple[bool | None, str]],
) -> Application:
    """Form 2: for each condition (by its number), whether the work meets it and how."""
    application = lock(application)
    require(user, application, APPLICANT)
    require_stage(application, FORMS_EDITABLE)
    _check_version(application, version)
    conditions = {c.number: c for c in application.scheme.conditions.all()}
    if not set(answers) <= set(conditions):
        raise ValidationError(_("A condition is not part of this award type."), code="condition")
    for number, (met, explanation) in answers.items():
        ConditionAnswer.objects.update_or_create(
            application=application,
            condition=conditions[number],
            defaults={"met": met, "explanation": explanation.strip()},
        )
    _saved(application, user)
    return application


@transaction.atomic
def report_save(
    *,
    application: Application,
    user,
    version: int,
    summary: str,
    answers: Mapping[str, str],
) -> Application:
    """Form 3: the executive summary and the answers (by question number), with their Thai word
    counts. An answer over its limit is kept (the writer shortens it later) but stops sending."""
    application = lock(application)
    require(user, application, APPLICANT)
    require_stage(application, FORMS_EDITABLE)
    _check_version(application, version)
    questions = {q.number: q for q in application.scheme.questions.all()}
    if not set(answers) <= set(questions):
        raise ValidationError(_("A question is not part of this award type."), code="question")
    application.summary = summary.strip()
    for number, text in answers.items():
        text = text.strip()
        Answer.objects.update_or_create(
            application=application,
            question=questions[number],
            defaults={"text": text, "words": writing.word_count(text)},
        )
    _saved(application, user)
    return application


@dataclass(frozen=True)
class Decision:
    """The committee's level for a type with no points (PMQA, the grand award)."""

    level: str
    note: str = ""


@transaction.atomic
def application_move(
    *,
    application: Application,
    move: str,
    user,
    comment: str = "",
    decision: Decision | None = None,
    today: dt.date | None = None,
) -> Application:
    """Move the application along choices.TRANSITIONS, with the checks each move needs."""
    application = lock(application)
    refused = move_refusal(move, user=user, application=application)
    if refused is not None:
        raise refused
    rule = TRANSITIONS[move]
    if rule.needs_comment and not comment.strip():
        raise refusal("comment", _("Say what is missing, for the applicant."), "comment")
    if move == Move.SUBMIT:
        problems = send_problems(application, today=today)
        if problems:
            raise ValidationError([ValidationError(p, code="incomplete") for p in problems])
        application.submitted_at = timezone.now()
    elif move == Move.RECALL:
        application.submitted_at = None
    elif move == Move.COMMITTEE:
        _require_sheets(application)
    elif move == Move.ANNOUNCE:
        _announce(application, user, decision, today or timezone.localdate())
    Event.objects.create(
        application=application,
        move=move,
        from_stage=application.stage,
        to_stage=rule.target,
        actor=user,
        comment=comment.strip(),
    )
    application.stage = rule.target
    _saved(application, user)
    return application


def _require_sheets(application: Application) -> None:
    assignments = list(application.assignments.all())
    problem = committee_problem(assignments)
    if problem:
        raise ValidationError(problem, code="sheets" if assignments else "no_assessor")


def _announce(application: Application, user, decision: Decision | None, today: dt.date) -> None:
    scheme = application.scheme
    result = consolidation(application)
    if result is not None:  # a type scored by points: the level is its consolidated total's
        application.total = result.total
        application.level = result.level
    else:
        if decision is None or decision.level not in (Level.AWARDED, Level.NOT_PASSED):
            raise refusal(
                "level", _("Give the committee's decision: awarded or not passed."), "decision"
            )
        application.level = decision.level
    if decision is not None:
        application.result_note = decision.note.strip()
    application.announced_on = today
    if application.level in AWARD_LEVELS:
        AwardRecord.objects.create(
            organization=application.organization,
            year=scheme.call.fiscal_year.year,
            family=scheme.call.family,
            number=scheme.number,
            scheme_name=scheme.name_th,
            level=application.level,
            work=application.title,
            application=application,
            created_by=user,
        )


@transaction.atomic
def record_add(
    *,
    organization: Organization,
    user,
    year: int,
    family: str,
    number: int,
    scheme_name: str,
    level: str,
    work: str,
) -> AwardRecord:
    """An award held from before khamrap, entered by the award office (not by the applicant, so
    the history the eligibility rules read is the office's word)."""
    require_organization(user, organization, OFFICE)
    if level not in AWARD_LEVELS:
        raise refusal("level", _("Choose the level awarded."), "level")
    record = AwardRecord(
        organization=organization,
        year=year,
        family=family,
        number=number,
        scheme_name=scheme_name.strip(),
        level=level,
        work=work.strip(),
        created_by=user,
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def maintenance_report_add(*, record: AwardRecord, user, year: int, sent_on: dt.date):
    """A yearly report to OPDC that the awarded service keeps its standard (type 6), recorded by
    the organization's coordinator."""
    require_organization(user, record.organization, APPLICANT)
    if record.family != rules.PUBLIC_SERVICE or record.level != Level.DISTINGUISHED:
        raise ValidationError(
            _("Only a distinguished Public Service Award is reported on yearly."), code="record"
        )
    if year <= record.year:
        raise refusal("year", _("The report must be for a year after the award."), "year")
    if MaintenanceReport.objects.filter(record=record, year=year).exists():
        raise refusal("year", _("This year's report is already recorded."), "exists")
    report = MaintenanceReport(record=record, year=year, sent_on=sent_on)
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # the same year recorded by a second request at once
        raise refusal("year", _("This year's report is already recorded."), "exists") from error
    return report
