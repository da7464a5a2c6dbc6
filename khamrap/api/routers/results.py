"""Results of a round (docs/api.md): read them, save them without retyping, move them along the
round's workflow, and read their history. Every write goes through the same services as the
result page (reporting.services), so the round's one policy (reporting.policy) decides.

Optimistic locking: every result has a `version` (1 before its first save), also sent as its
`ETag`. A save names the version it started from (in the body, or as `If-Match`); a workflow step
may. When someone changed the result since, the answer is 409 with code "stale" and nothing is
changed.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params import HeaderEx, P
from pydantic import ConfigDict

from khamrap.agreements.models import Indicator
from khamrap.periods.models import ReportingRound
from khamrap.reporting import services
from khamrap.reporting.choices import ResultStatus
from khamrap.reporting.models import Change, Result
from khamrap.reporting.services import NARRATIVE_FIELDS, lock_report, lock_result
from khamrap.rules import counting

from ..auth import require_write
from ..schemas import READ_ERRORS, WRITE_ERRORS, Id, Pages, Year

router = Router(tags=["results"])

NARRATIVE = 20000  # the result page's limit on each narrative field (reporting.forms)
COMMENT = 4000  # and on a comment or a reason


# --- answers ----------------------------------------------------------------------------------------


class IndicatorResultOut(Schema):
    id: int
    indicator_id: int
    indicator_number: str = Field(description="The indicator's number in its agreement, e.g. 16.")
    round_id: int = Field(description="The reporting round.")
    status: ResultStatus = Field(description="draft, submitted, returned or approved.")
    version: int = Field(description="Changes with every change; also the ETag. Send it back.")
    value: Decimal | None = Field(description="The result of a numeric or mixed indicator.")
    steps_done: list[int] = Field(description="Milestone steps done, by number.")
    step_dates: dict[str, date] = Field(description='When each step was done: {"1": "2026-01-15"}.')
    passed: bool | None = Field(description="The result of a pass/fail indicator.")
    performance: str = Field(description="What was done (ผลการดำเนินงาน).")
    supporting_factors: str
    obstacles: str
    suggestions: str
    explanation: str = Field(description="Why the score is under 3; needed before submitting.")
    return_comment: str = Field(description="The supervisor's comment when it was returned.")
    self_score: Decimal | None = Field(description="Computed from the result, never typed.")
    verified_score: Decimal | None = Field(description="The evaluator's score, once verified.")
    verified_reason: str
    counted_score: Decimal | None = Field(
        description="The score that counts (rules.counting): verified once given, else self."
    )
    counted_source: Literal["self", "verified"] | None = Field(
        description="Which score counted_score is; null when there is none."
    )
    submitted_at: datetime | None
    approved_at: datetime | None
    verified_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_indicator_number(result: Result) -> str:
        return result.indicator.number

    @staticmethod
    def resolve_round_id(result: Result) -> int:
        return result.reporting_round_id

    @staticmethod
    def resolve_counted_score(result: Result) -> Decimal | None:
        return counting.counted(result.self_score, result.verified_score)[0]

    @staticmethod
    def resolve_counted_source(result: Result) -> str | None:
        source = counting.counted(result.self_score, result.verified_score)[1]
        return source.value if source is not None else None


class ChangeTokenOut(Schema):
    prefix: str = Field(description="The token's prefix (khr_<prefix>_…), never its secret.")
    name: str


class ResultChangeOut(Schema):
    id: int
    field: str = Field(description="value, steps_done, status, verified_score, evidence, …")
    old: str
    new: str
    note: str = Field(description="The reason or comment given; for evidence, its step.")
    at: datetime
    actor: str = Field(description="Who made the change (their display name).")
    token: ChangeTokenOut | None = Field(description="The API token it came through, if any.")

    @staticmethod
    def resolve_actor(change: Change) -> str:
        return change.actor.display_name


# --- questions --------------------------------------------------------------------------------------


class ResultFilters(Schema):
    organization: Id | None = Field(
        None, description="Results of this organization's own agreements (its id)."
    )
    year: Year | None = Field(None, description="The fiscal year in the Buddhist Era, e.g. 2569.")
    round: Id | None = Field(None, description="One reporting round (its id).")
    status: ResultStatus | None = None
    agreement: Id | None = Field(None, description="One agreement (its id).")
    indicator: Id | None = Field(None, description="One indicator (its id).")


# Text as the database can hold it: PostgreSQL refuses NUL characters in text.
NO_NUL = r"^[^\x00]*$"
VERSION_MAX = 2**31 - 1  # the column's range


class IndicatorResultIn(Schema):
    """A save: a field left out keeps what is stored; value, passed or step_dates sent as null
    clear it; a narrative sent as null is kept, as "" it is cleared."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is refused, not dropped

    version: int | None = Field(
        None,
        ge=1,
        le=VERSION_MAX,
        description="The version the change starts from (1 for a result not saved yet). "
        "Required, here or as If-Match.",
    )
    value: Decimal | None = Field(
        None, max_digits=20, decimal_places=4, description="Numeric and mixed indicators."
    )
    steps_done: list[int] | None = Field(None, description="The steps done; [] for none.")
    step_dates: dict[int, date] | None = Field(
        None, description='When each step was done: {"1": "2026-01-15"}; only steps done count.'
    )
    passed: bool | None = Field(None, description="Pass/fail indicators.")
    performance: str | None = Field(None, max_length=NARRATIVE, pattern=NO_NUL)
    supporting_factors: str | None = Field(None, max_length=NARRATIVE, pattern=NO_NUL)
    obstacles: str | None = Field(None, max_length=NARRATIVE, pattern=NO_NUL)
    suggestions: str | None = Field(None, max_length=NARRATIVE, pattern=NO_NUL)
    explanation: str | None = Field(None, max_length=NARRATIVE, pattern=NO_NUL)


class ResultStepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(
        None,
        ge=1,
        le=VERSION_MAX,
        description="When given, the step is refused (409) if the result changed.",
    )


class ResultReturnIn(ResultStepIn):
    comment: str = Field(max_length=COMMENT, pattern=NO_NUL, description="What needs correcting.")


class ResultReopenIn(ResultStepIn):
    reason: str = Field(
        max_length=COMMENT, pattern=NO_NUL, description="Why the result is reopened."
    )


class ResultVerifyIn(ResultStepIn):
    score: Decimal = Field(ge=0, le=5, max_digits=9, description="The verified score, 0 to 5.")
    reason: str = Field(
        "",
        max_length=COMMENT,
        pattern=NO_NUL,
        description="Required when it differs from the self score.",
    )


IfMatch = HeaderEx[
    str | None,
    P(
        alias="If-Match",
        description='The ETag the change starts from, e.g. "3" (instead of version).',
    ),
]


# --- versions ---------------------------------------------------------------------------------------


def _version_refusal(message: str, code: str) -> ValidationError:
    return ValidationError({"version": ValidationError(message, code=code)})


def _asked_version(body_version: int | None, if_match: str | None) -> int | None:
    """The version the caller started from: the body's, or If-Match's; both must agree."""
    header = None
    if if_match is not None:
        tag = if_match.strip().removeprefix("W/").strip('"')
        if not tag.isdecimal() or int(tag) < 1:
            raise _version_refusal(_('If-Match must be a result\'s ETag, such as "3".'), "invalid")
        header = int(tag)
    if body_version is not None and header is not None and body_version != header:
        raise _version_refusal(
            _("The version in the body and the one in If-Match differ."), "mismatch"
        )
    return body_version if body_version is not None else header


def _stale(asked: int, current: int) -> ValidationError:
    return ValidationError(
        _(
            "The result changed after version %(asked)s (it is now version %(current)s): "
            "nothing was changed. Read it again, then try again."
        )
        % {"asked": asked, "current": current},
        code="stale",
    )


def _with_etag(response: HttpResponse, result: Result) -> Result:
    response["ETag"] = f'"{result.version}"'
    return result


# --- reads ------------------------------------------------------------------------------------------


def _visible_results(user):
    return Result.objects.for_user(user).select_related("indicator")


@router.get(
    "/results",
    response={200: list[IndicatorResultOut], **READ_ERRORS},
    summary="Results the caller may see",
)
@paginate(Pages)
def result_list(request, filters: Query[ResultFilters]):
    """Ordered by agreement, round, indicator number, then id; filter by organization, fiscal year,
    round, status, agreement or indicator."""
    results = _visible_results(request.user)
    lookups = {
        "indicator__agreement__organization_id": filters.organization,
        "reporting_round__fiscal_year__year": filters.year,
        "reporting_round_id": filters.round,
        "status": filters.status,
        "indicator__agreement_id": filters.agreement,
        "indicator_id": filters.indicator,
    }
    results = results.filter(**{key: value for key, value in lookups.items() if value is not None})
    return results.order_by(
        "indicator__agreement_id", "reporting_round_id", "indicator__number", "indicator_id", "pk"
    )


@router.get(
    "/results/{result_id}",
    response={200: IndicatorResultOut, **READ_ERRORS},
    summary="One result",
)
def result_detail(request, response: HttpResponse, result_id: Id):
    """The result with its scores; its version is also the ETag."""
    result = get_object_or_404(_visible_results(request.user), pk=result_id)
    return _with_etag(response, result)


@router.get(
    "/results/{result_id}/history",
    response={200: list[ResultChangeOut], **READ_ERRORS},
    summary="A result's history",
)
@paginate(Pages)
def result_history(request, result_id: Id):
    """Every change to the result, the latest first: who, when, from what to what, and the API
    token it came through."""
    result = get_object_or_404(Result.objects.for_user(request.user), pk=result_id)
    return (
        Change.objects.filter(result=result).select_related("actor", "token").order_by("-at", "-pk")
    )


# --- saving -----------------------------------------------------------------------------------------


def _fields_to_save(payload: IndicatorResultIn, stored: Result | None) -> dict:
    """result_save's keywords: what the body gives, and for what it leaves out, what is stored
    (result_save stores value, steps and passed as given, and keeps a narrative left None)."""
    given = payload.model_fields_set
    fields = {
        "value": payload.value if "value" in given else getattr(stored, "value", None),
        "passed": payload.passed if "passed" in given else getattr(stored, "passed", None),
        "steps_done": (
            (payload.steps_done or [])
            if "steps_done" in given
            else getattr(stored, "steps_done", [])
        ),
        "step_dates": (
            {str(n): day.isoformat() for n, day in (payload.step_dates or {}).items()}
            if "step_dates" in given
            else getattr(stored, "step_dates", {})
        ),
    }
    return fields | {name: getattr(payload, name) for name in NARRATIVE_FIELDS}


@router.put(
    "/indicators/{indicator_id}/rounds/{round_id}/result",
    response={200: IndicatorResultOut, **WRITE_ERRORS},
    summary="Save an indicator's result in a round",
)
def result_save(
    request,
    response: HttpResponse,
    indicator_id: Id,
    round_id: Id,
    payload: IndicatorResultIn,
    if_match: IfMatch = None,
):
    """Store what the indicator achieved in the round and its narrative (the first save creates
    the result); the self score follows. Name the version the change starts from (body or
    If-Match): 409 "stale" when someone saved it since. A field left out keeps what is stored."""
    require_write(request)
    indicator = get_object_or_404(
        Indicator.objects.for_user(request.user).select_related("agreement"), pk=indicator_id
    )
    reporting_round = get_object_or_404(
        ReportingRound, pk=round_id, fiscal_year=indicator.agreement.fiscal_year_id
    )
    version = _asked_version(payload.version, if_match)
    if version is None:
        raise _version_refusal(
            _("Send the version the change starts from (1 for a result not saved yet)."),
            "missing",
        )
    with transaction.atomic():
        # The stored fields the body leaves out are read under the locks the save takes (the
        # report, then the result), so what is kept is what the save replaces.
        lock_report(indicator.agreement_id, reporting_round.pk)
        stored = (
            Result.objects.select_for_update()
            .filter(indicator=indicator, reporting_round=reporting_round)
            .first()
        )
        result = services.result_save(
            indicator=indicator,
            reporting_round=reporting_round,
            user=request.user,
            version=version,
            **_fields_to_save(payload, stored),
        )
    return _with_etag(response, result)


# --- the workflow -----------------------------------------------------------------------------------


def _take_step(
    request, response: HttpResponse, result_id: Id, payload: ResultStepIn | None, if_match, step
):
    """Take one workflow step on a visible result through its service; with a version (body or
    If-Match), refuse (409, nothing changed) when the result is at another one. The service checks
    the round's policy first, as a save does, so a refused step answers 403 or 422 before a stale
    one."""
    require_write(request)
    result = get_object_or_404(Result.objects.for_user(request.user), pk=result_id)
    version = _asked_version(payload.version if payload else None, if_match)
    with transaction.atomic():
        current = lock_result(result.pk).version
        moved = step(result)
        if version is not None and version != current:
            raise _stale(version, current)  # undoes the step
    return _with_etag(response, moved)


@router.post(
    "/results/{result_id}/submit",
    response={200: IndicatorResultOut, **WRITE_ERRORS},
    summary="Submit a result for approval",
)
def result_submit(
    request,
    response: HttpResponse,
    result_id: Id,
    payload: ResultStepIn | None = None,
    if_match: IfMatch = None,
):
    """The collector (or a coordinator) sends a draft or returned result to the supervisor; a score
    under 3 needs an explanation first."""
    return _take_step(
        request,
        response,
        result_id,
        payload,
        if_match,
        lambda result: services.result_submit(result=result, user=request.user),
    )


@router.post(
    "/results/{result_id}/approve",
    response={200: IndicatorResultOut, **WRITE_ERRORS},
    summary="Approve a submitted result",
)
def result_approve(
    request,
    response: HttpResponse,
    result_id: Id,
    payload: ResultStepIn | None = None,
    if_match: IfMatch = None,
):
    """The indicator's KPI supervisor accepts a submitted result."""
    return _take_step(
        request,
        response,
        result_id,
        payload,
        if_match,
        lambda result: services.result_approve(result=result, user=request.user),
    )


@router.post(
    "/results/{result_id}/return",
    response={200: IndicatorResultOut, **WRITE_ERRORS},
    summary="Return a submitted result for correction",
)
def result_return(
    request,
    response: HttpResponse,
    result_id: Id,
    payload: ResultReturnIn,
    if_match: IfMatch = None,
):
    """The indicator's KPI supervisor sends a submitted result back with a comment."""
    return _take_step(
        request,
        response,
        result_id,
        payload,
        if_match,
        lambda result: services.result_return(
            result=result, user=request.user, comment=payload.comment
        ),
    )


@router.post(
    "/results/{result_id}/reopen",
    response={200: IndicatorResultOut, **WRITE_ERRORS},
    summary="Reopen a submitted or approved result",
)
def result_reopen(
    request,
    response: HttpResponse,
    result_id: Id,
    payload: ResultReopenIn,
    if_match: IfMatch = None,
):
    """The organization's coordinator unlocks a submitted or approved result, saying why."""
    return _take_step(
        request,
        response,
        result_id,
        payload,
        if_match,
        lambda result: services.result_reopen(
            result=result, user=request.user, reason=payload.reason
        ),
    )


@router.post(
    "/results/{result_id}/verify",
    response={200: IndicatorResultOut, **WRITE_ERRORS},
    summary="Verify a result's score",
)
def result_verify(
    request,
    response: HttpResponse,
    result_id: Id,
    payload: ResultVerifyIn,
    if_match: IfMatch = None,
):
    """The evaluator gives the verified score once the organization submitted its report; a
    score other than the self score needs a reason."""
    return _take_step(
        request,
        response,
        result_id,
        payload,
        if_match,
        lambda result: services.result_verify(
            result=result, user=request.user, score=payload.score, reason=payload.reason
        ),
    )
