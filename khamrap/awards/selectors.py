"""Reads of awards: the open calls, the applications a person may see, one application's view,
the award history and the work owed. Every read starts from `Application.objects.for_user`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization
from khamrap.rules import awards as rules

from .choices import APPLICANT, OFFICE, SCORABLE, Stage
from .models import (
    Answer,
    Application,
    Assignment,
    AwardRecord,
    Call,
    CallDate,
    ConditionAnswer,
    Criterion,
    Question,
    Scheme,
    Score,
)
from .policy import Rights, rights
from .readiness import Writing, history_eligibility, send_problems, writing_aid
from .services.assessment import consolidation


def call_list(fiscal_year=None) -> QuerySet[Call]:
    """The calls (every organization's at once), newest year first, with their types and dates."""
    calls = Call.objects.select_related("fiscal_year").prefetch_related(
        Prefetch("schemes", queryset=Scheme.objects.order_by("number")),
        Prefetch("dates", queryset=CallDate.objects.order_by("starts_on")),
    )
    if fiscal_year is not None:
        calls = calls.filter(fiscal_year=fiscal_year)
    return calls.order_by("-fiscal_year__year", "family")


def application_list(
    user,
    *,
    organization: Organization | None = None,
    stage: str = "",
    family: str = "",
    year: int | None = None,
) -> QuerySet[Application]:
    """The applications `user` may see (their organizations', and those they are assigned to
    assess), one query whatever their number."""
    applications = (
        Application.objects.for_user(user)
        .select_related("organization", "scheme__call__fiscal_year")
        .annotate(assessors=Count("assignments", distinct=True))
    )
    if organization is not None:
        applications = applications.filter(organization=organization)
    if stage:
        applications = applications.filter(stage=stage)
    if family:
        applications = applications.filter(scheme__call__family=family)
    if year:
        applications = applications.filter(scheme__call__fiscal_year__year=year)
    return applications.order_by(
        "-scheme__call__fiscal_year__year", "scheme__call__family", "scheme__number", "pk"
    )


def application_get(user, pk: int, action: str = Action.VIEW) -> Application:
    """An application `user` may act on, or Http404 (never revealing another's)."""
    return get_object_or_404(
        Application.objects.for_user(user, action).select_related(
            "organization", "scheme__call__fiscal_year", "earlier_award"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class QuestionAnswer:
    question: Question
    text: str
    words: int

    @property
    def over(self) -> bool:
        return bool(self.question.word_limit and self.words > self.question.word_limit)


@dataclass(frozen=True)
class SheetRow:
    criterion: Criterion
    points: object
    note: str


@dataclass(frozen=True)
class Sheet:
    assignment: Assignment
    rows: list[SheetRow]
    total: object

    @property
    def finished(self) -> bool:
        return self.assignment.submitted_at is not None


@dataclass
class ApplicationView:
    application: Application
    rights: Rights
    conditions: list[ConditionAnswer]
    answers: list[QuestionAnswer]
    writing: Writing
    problems: list[str]  # what keeps a draft from being sent
    eligibility: rules.Eligibility | None
    timetable: list[CallDate]
    events: list
    criteria: list[Criterion]
    sheets: list[Sheet] = field(default_factory=list)  # every sheet, for the office
    # The finished sheets, for whoever may see the result (the office, anyone once announced).
    finished_sheets: list[Sheet] = field(default_factory=list)
    my_sheet: Sheet | None = None
    consolidated: rules.Consolidated | None = None

    @property
    def is_draft(self) -> bool:
        return self.application.stage == Stage.DRAFT

    @property
    def has_points(self) -> bool:
        return bool(self.criteria)


def _sheet(assignment: Assignment, criteria: list[Criterion]) -> Sheet:
    scores = {s.criterion_id: s for s in assignment.scores.all()}
    rows = [
        SheetRow(
            c,
            scores[c.pk].points if c.pk in scores else None,
            scores[c.pk].note if c.pk in scores else "",
        )
        for c in criteria
    ]
    points = {row.criterion.code: row.points for row in rows}
    total = rules.sheet_total(points, [c.limit() for c in criteria]) if criteria else None
    return Sheet(assignment, rows, total)


def application_view(application: Application, user) -> ApplicationView:
    """Everything the application's page shows `user`, in a fixed number of queries."""
    scheme = application.scheme
    person = rights(user, application)
    criteria = list(Criterion.objects.filter(scheme=scheme).order_by("order", "pk"))
    conditions = list(
        ConditionAnswer.objects.filter(application=application)
        .select_related("condition")
        .order_by("condition__number")
    )
    texts = {a.question_id: a for a in Answer.objects.filter(application=application)}
    answers = [
        QuestionAnswer(
            q, texts[q.pk].text if q.pk in texts else "", texts[q.pk].words if q.pk in texts else 0
        )
        for q in Question.objects.filter(scheme=scheme).order_by("order", "pk")
    ]
    aid = writing_aid(application)
    view = ApplicationView(
        application=application,
        rights=person,
        conditions=conditions,
        answers=answers,
        writing=aid,
        problems=send_problems(application, aid=aid) if application.stage == Stage.DRAFT else [],
        eligibility=history_eligibility(application),
        timetable=list(CallDate.objects.filter(call_id=scheme.call_id).order_by("starts_on")),
        events=list(application.events.select_related("actor")),
        criteria=criteria,
    )
    assignments = (
        Assignment.objects.filter(application=application)
        .select_related("assessor")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.all()))
    )
    if person.see_sheets or person.see_result:
        every = [_sheet(a, criteria) for a in assignments]
        view.sheets = every if person.see_sheets else []
        view.finished_sheets = [sheet for sheet in every if sheet.finished]
    if person.assignment is not None:
        view.my_sheet = _sheet(person.assignment, criteria)
    if person.see_result:
        view.consolidated = consolidation(application)
    return view


def history(organization: Organization) -> QuerySet[AwardRecord]:
    """The organization's awards, newest first, with their yearly maintenance reports."""
    return (
        AwardRecord.objects.filter(organization=organization)
        .prefetch_related("maintenance_reports")
        .order_by("-year", "family", "number", "pk")
    )


@dataclass(frozen=True)
class Owed:
    application: Application
    task: str  # "sheet": a score sheet to finish; "draft": a draft to send; "check": the office's
    due: dt.date | None = None


def owed_awards(user, *, coordinate: bool, office: bool, limit: int = 10) -> list[Owed]:
    """Award work waiting for `user`: score sheets to finish (one query), drafts to send before
    applications close (one query more for coordinators), applications waiting for the office's
    next step (one more for the award office)."""
    if not user.is_authenticated:
        return []
    owed: list[Owed] = []
    sheets = (
        Assignment.objects.filter(
            assessor_id=user.pk, submitted_at__isnull=True, application__stage__in=SCORABLE
        )
        .select_related("application__organization", "application__scheme__call__fiscal_year")
        .order_by("application__pk")[:limit]
    )
    owed += [Owed(assignment.application, "sheet") for assignment in sheets]
    if coordinate:
        today = timezone.localdate()
        closes = CallDate.objects.filter(
            call_id=OuterRef("scheme__call_id"), stage=Stage.RECEIVED
        ).values("ends_on")[:1]
        drafts = (
            Application.objects.for_user(user, APPLICANT)
            .filter(stage=Stage.DRAFT)
            .annotate(closes_on=Subquery(closes))
            .filter(closes_on__gte=today)
            .select_related("organization", "scheme__call__fiscal_year")
            .order_by("closes_on", "pk")[:limit]
        )
        owed += [Owed(draft, "draft", draft.closes_on) for draft in drafts]
    if office:
        waiting = (
            Application.objects.for_user(user, OFFICE)
            .filter(stage__in=(Stage.RECEIVED, Stage.DOCUMENT_CHECK))
            .select_related("organization", "scheme__call__fiscal_year")
            .order_by("submitted_at", "pk")[:limit]
        )
        owed += [Owed(application, "check") for application in waiting]
    return owed
