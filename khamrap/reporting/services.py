"""Writes to results and round reports: every step of seed 003's round goes through here.

collector drafts → submits → supervisor approves or returns with a comment → coordinator submits the
organization's report (SAR) → evaluator verifies each indicator → round closed. Every change is kept
in the history (Change rows); saves name the version they started from (optimistic locking).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import Agreement, Indicator
from khamrap.organizations.choices import Action
from khamrap.periods.models import ReportingRound
from khamrap.rules import counting, scoring

from .choices import ReportMove, ReportStatus, ResultMove, ResultStatus
from .models import Change, Result, RoundReport
from .policy import Roles, require_report_move, require_result_move, result_refusal
from .standings import standings_refresh

NARRATIVE_FIELDS = ("performance", "supporting_factors", "obstacles", "suggestions", "explanation")
RESULT_FIELDS = ("value", "steps_done", "step_dates", "passed", *NARRATIVE_FIELDS)


def _shown(value) -> str:
    """A field's value as the history stores it: empty for nothing, else its text."""
    return "" if value in (None, "", [], {}) else str(value)


def _log(
    *,
    actor,
    field: str,
    old,
    new,
    result: Result | None = None,
    report: RoundReport | None = None,
    note="",
):
    """Keep one change in the history. A status goes in as its code ("submitted"), never its label:
    the label is read in the reader's language when the history is shown (Change.sentence)."""
    Change.objects.create(
        result=result,
        report=report,
        actor=actor,
        at=timezone.now(),
        field=field,
        old=_shown(old),
        new=_shown(new),
        note=note,
    )


def _refresh(agreement_id: int, round_id: int) -> None:
    """Store the round's figures again (reporting.standings), in the caller's transaction."""
    standings_refresh(agreement_ids=[agreement_id], round_ids=[round_id])


def _lock_report(agreement_id: int, reporting_round_id: int) -> RoundReport:
    """Lock the organization's report of the round (creating it, open, if it is not there yet).

    Every service that touches a report and its results locks the report first, then the results:
    one order everywhere, so a report submitted at the moment a result is reopened either sees the
    reopened result (and refuses) or the reopening sees the submitted report (and refuses).
    """
    report, _created = RoundReport.objects.get_or_create(
        agreement_id=agreement_id, reporting_round_id=reporting_round_id
    )
    return RoundReport.objects.select_for_update().get(pk=report.pk)


def lock_result(pk: int) -> Result:
    """Lock a result for a change, its round's report first (_lock_report): the locked report is
    `result.locked_report`."""
    agreement_id, round_id = Result.objects.values_list(
        "indicator__agreement_id", "reporting_round_id"
    ).get(pk=pk)
    report = _lock_report(agreement_id, round_id)
    result = (
        Result.objects.select_for_update()
        .select_related(
            "indicator__agreement__organization",
            "indicator__agreement__framework",
            "reporting_round",
        )
        .get(pk=pk)
    )
    result.locked_report = report
    return result


def _check_round(agreement: Agreement, reporting_round: ReportingRound) -> None:
    if reporting_round.fiscal_year_id != agreement.fiscal_year_id:
        raise ValidationError(_("The round belongs to another fiscal year."), code="other_year")


@transaction.atomic
def result_start(*, indicator: Indicator, reporting_round: ReportingRound, user) -> Result:
    """The round's result of the indicator, created as an empty draft when there is none yet.

    For evidence attached before the first save: the draft stays at version 1, the version the
    result page's form was opened at, so the person's first save goes through unchanged.
    """
    indicator = Indicator.objects.select_related(
        "agreement__organization", "agreement__framework"
    ).get(pk=indicator.pk)
    report = _lock_report(indicator.agreement_id, reporting_round.pk)
    require_result_move(ResultMove.SAVE, user=user, indicator=indicator, result=None, report=report)
    _check_round(indicator.agreement, reporting_round)
    result, created = Result.objects.get_or_create(
        indicator=indicator, reporting_round=reporting_round
    )
    if created:
        _refresh(indicator.agreement_id, reporting_round.pk)
    return result


@dataclass(frozen=True)
class ResultRow:
    """One result to store: what an indicator achieved in a round and its narrative.

    `version` is the version the person's form started from: when someone else saved in between,
    the row is refused instead of silently overwriting their work; None skips the check (imports).
    value, steps_done, step_dates and passed are always stored; a narrative field left None keeps
    the stored text.
    """

    indicator: Indicator
    version: int | None = None
    value: Decimal | None = None
    steps_done: Sequence[int] = ()
    step_dates: Mapping[str, str] | None = None
    passed: bool | None = None
    performance: str | None = None
    supporting_factors: str | None = None
    obstacles: str | None = None
    suggestions: str | None = None
    explanation: str | None = None


@transaction.atomic
def result_save(
    *,
    indicator: Indicator,
    reporting_round: ReportingRound,
    user,
    version: int | None = None,
    value: Decimal | None = None,
    steps_done: Sequence[int] = (),
    step_dates: Mapping[str, str] | None = None,
    passed: bool | None = None,
    **narrative: str,
) -> Result:
    """Store what an indicator achieved in a round, its narrative and the score it earns: the
    one-row case of results_save_many, raising that row's own refusal (PermissionDenied, or a
    ValidationError: code "stale" when someone saved the result after `version`)."""
    unknown = set(narrative) - set(NARRATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown result fields: {sorted(unknown)}")
    row = ResultRow(
        indicator=indicator,
        version=version,
        value=value,
        steps_done=steps_done,
        step_dates=step_dates,
        passed=passed,
        **narrative,
    )
    problems = _save_rows(reporting_round=reporting_round, user=user, rows=[row]).problems
    if problems:
        raise problems[0][1]
    return Result.objects.get(indicator_id=indicator.pk, reporting_round=reporting_round)


def result_record(
    *, indicator, reporting_round, user, value=None, steps_done=(), passed=None
) -> Result:
    """result_save without a version check, for imports and scripts that set only the result."""
    return result_save(
        indicator=indicator,
        reporting_round=reporting_round,
        user=user,
        value=value,
        steps_done=steps_done,
        passed=passed,
    )


_STORED_PLACES = Decimal("0.0001")  # value and scores are stored with four decimals
_RESULT_KEYS = ("indicator", "reporting_round", "verified_by", "submitted_by", "approved_by")


@dataclass(frozen=True)
class SaveManySummary:
    saved: int  # rows stored
    created: int  # Result rows created (the rows' own and their composites')
    changes: int  # Change rows written (fields and self scores)
    agreements: int  # agreements rescored


class ResultsSaveError(ValidationError):
    """results_save_many refused: `problems` pairs the index of each refused row with its error.

    The error is what result_save would have raised for that row: PermissionDenied, or a
    ValidationError (code "stale" when someone saved the result after `version`).
    """

    def __init__(self, problems: Sequence[tuple[int, PermissionDenied | ValidationError]]):
        self.problems = list(problems)
        super().__init__(
            [
                _("Row %(row)s: %(problem)s") % {"row": index + 1, "problem": message}
                for index, error in self.problems
                for message in _messages(error)
            ]
        )


def _messages(error: PermissionDenied | ValidationError) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error) or _("You may not record this result.")]


def _as_stored(value):
    """A decimal as it reads back from the database (four places), so history text matches."""
    return value.quantize(_STORED_PLACES) if isinstance(value, Decimal) else value


@transaction.atomic
def results_save_many(
    *, reporting_round: ReportingRound, user, rows: Sequence[ResultRow]
) -> SaveManySummary:
    """Store many results in one transaction and a fixed number of queries: all or nothing.

    Every row is checked by the round's policy (reporting.policy, the SAVE move) and the input
    rules, in order (a later row of the same indicator sees the earlier one); the history gets a
    Change row for every changed field and self score. Refused rows are collected and raised
    together as one ResultsSaveError; then nothing is written.
    """
    saving = _save_rows(reporting_round=reporting_round, user=user, rows=rows)
    if saving.problems:
        raise ResultsSaveError(saving.problems)
    return saving.summary


@dataclass(frozen=True)
class _Saving:
    problems: list[tuple[int, PermissionDenied | ValidationError]]
    summary: SaveManySummary | None


def _save_rows(*, reporting_round: ReportingRound, user, rows: Sequence[ResultRow]) -> _Saving:
    """The one save path: check every row, then write all of them (or, with a problem, nothing)."""
    from khamrap.agreements.selectors import indicators_of_many
    from khamrap.organizations.models import Organization

    rows = list(rows)
    if not rows:
        return _Saving([], SaveManySummary(0, 0, 0, 0))
    agreements = {
        agreement.pk: agreement
        for agreement in Agreement.objects.select_related("organization", "framework").filter(
            pk__in={row.indicator.agreement_id for row in rows}
        )
    }
    by_id = {
        indicator.pk: indicator
        for indicators in indicators_of_many(list(agreements.values())).values()
        for indicator in indicators
    }
    # Indicators removed by an amendment are not among them: read, so the policy refuses them.
    retired = {row.indicator.pk for row in rows} - set(by_id)
    if retired:
        by_id.update(
            (indicator.pk, indicator)
            for indicator in Indicator.objects.filter(pk__in=retired).prefetch_related(
                "collectors", "supervisors", "steps"
            )
        )
    coordinated = set(
        Organization.objects.for_user(user, Action.COORDINATE)
        .filter(pk__in={agreement.organization_id for agreement in agreements.values()})
        .values_list("pk", flat=True)
    )
    # Reports first, then results (_lock_report): the same order as every other service.
    RoundReport.objects.bulk_create(
        [
            RoundReport(agreement_id=agreement_id, reporting_round=reporting_round)
            for agreement_id in sorted(agreements)
        ],
        ignore_conflicts=True,
    )
    reports = {
        report.agreement_id: report
        for report in RoundReport.objects.select_for_update()
        .filter(agreement__in=list(agreements), reporting_round=reporting_round)
        .order_by("pk")
    }
    # Every result of the touched agreements in the round: the rows' own, and what rescoring reads.
    stored = {
        result.indicator_id: result
        for result in Result.objects.select_for_update().filter(
            reporting_round=reporting_round,
            indicator_id__in=Indicator.objects.filter(agreement_id__in=list(agreements)).values(
                "pk"
            ),
        )
    }

    def named(indicator: Indicator, relation: str) -> bool:
        """As policy.Roles asks, from the people prefetched with the indicators."""
        composite = by_id.get(indicator.parent_id)
        for item in [indicator, composite] if composite is not None else [indicator]:
            if any(person.pk == user.pk for person in getattr(item, relation).all()):
                return True
        return False

    now = timezone.now()
    problems: list[tuple[int, PermissionDenied | ValidationError]] = []
    created: dict[int, Result] = {}  # by indicator id, not yet in the database
    saved: dict[int, Result] = {}  # existing results saved (every field)
    rescored: dict[int, Result] = {}  # existing results whose self score changed
    changes: list[Change] = []
    for index, row in enumerate(rows):
        indicator = by_id.get(row.indicator.pk)
        if indicator is None:
            raise Indicator.DoesNotExist(f"indicator {row.indicator.pk} does not exist")
        agreement = agreements[indicator.agreement_id]
        try:
            result = stored.get(indicator.pk)
            roles = Roles(
                user,
                indicator,
                coordinator=agreement.organization_id in coordinated,
                collector=named(indicator, "collectors"),
                supervisor=named(indicator, "supervisors"),
            )
            refusal = result_refusal(
                ResultMove.SAVE, roles=roles, result=result, report=reports.get(agreement.pk)
            )
            if refusal is not None:
                raise refusal
            _check_round(agreement, reporting_round)
            step_count = len(indicator.steps.all())
            if any(not 1 <= n <= step_count for n in row.steps_done):
                raise ValidationError(
                    {"steps_done": _("A step number is out of range.")}, code="step_number"
                )
            if result is None:
                result = Result(indicator=indicator, reporting_round=reporting_round)
            if row.version is not None and row.version != result.version:
                last = result.changes.select_related("actor").first() if result.pk else None
                who = last.actor.display_name if last else _("someone else")
                raise ValidationError(
                    _(
                        "%(who)s saved this result while you were editing it. Your changes were not saved: "
                        "reload the page to see the latest version, then make your changes again."
                    )
                    % {"who": who},
                    code="stale",
                )
            done = sorted(set(row.steps_done))
            new = {
                "value": row.value,
                "steps_done": done,
                "step_dates": {
                    str(n): d for n, d in (row.step_dates or {}).items() if int(n) in done
                },
                "passed": row.passed,
                **{
                    name: (
                        getattr(result, name) if getattr(row, name) is None else getattr(row, name)
                    ).strip()
                    for name in NARRATIVE_FIELDS
                },
            }
            changed = {
                name: (getattr(result, name), v)
                for name, v in new.items()
                if getattr(result, name) != v
            }
            for name, (_old, v) in changed.items():
                setattr(result, name, v)
            try:
                # The keys are known to exist and the result is one per indicator and round:
                # skip the checks that would each cost a query.
                result.full_clean(
                    exclude=_RESULT_KEYS, validate_unique=False, validate_constraints=False
                )
            except ValidationError:
                for name, (old, _v) in changed.items():
                    setattr(result, name, old)
                raise
        except (PermissionDenied, ValidationError) as error:
            problems.append((index, error))
            continue
        result.value = _as_stored(result.value)
        result.version += 1
        result.updated_at = now
        if result.pk is None:
            created[indicator.pk] = result
            stored[indicator.pk] = result
        else:
            saved[indicator.pk] = result
        changes.extend(
            Change(result=result, actor=user, at=now, field=name, old=_shown(old), new=_shown(v))
            for name, (old, v) in changed.items()
        )
        if problems:
            continue  # nothing will be written: skip the scores
        # The indicator's self score, then its composite's (scored from its parts).
        touched = [indicator, by_id[indicator.parent_id]] if indicator.parent_id else [indicator]
        for item in touched:
            score = indicator_score(item, agreement.framework.floor, stored)
            item_result = stored.get(item.pk)
            if item_result is None:
                item_result = Result(indicator=item, reporting_round=reporting_round)
                created[item.pk] = stored[item.pk] = item_result
            if item_result.self_score != score:
                changes.append(
                    Change(
                        result=item_result,
                        actor=user,
                        at=now,
                        field="self_score",
                        old=_shown(item_result.self_score),
                        new=_shown(score),
                    )
                )
                item_result.self_score = _as_stored(score)
                if item_result.pk is not None:
                    rescored[item.pk] = item_result
    if problems:
        return _Saving(problems, None)
    Result.objects.bulk_create(created.values())
    if saved:
        Result.objects.bulk_update(
            saved.values(), [*RESULT_FIELDS, "self_score", "version", "updated_at"]
        )
    only_scored = [result for pk, result in rescored.items() if pk not in saved]
    if only_scored:
        Result.objects.bulk_update(only_scored, ["self_score"])
    Change.objects.bulk_create(changes)
    standings_refresh(agreement_ids=list(agreements), round_ids=[reporting_round.pk])
    return _Saving(
        [],
        SaveManySummary(
            saved=len(rows),
            created=len(created),
            changes=len(changes),
            agreements=len({by_id[row.indicator.pk].agreement_id for row in rows}),
        ),
    )


def round_rescore(*, agreement: Agreement, reporting_round: ReportingRound, user) -> int:
    """Recompute every self score of a round not closed after the indicators changed (an
    amendment's new targets); each change is in the history. Returns how many scores moved.

    A closed round is never rescored: its figures are frozen on its report.
    """
    from khamrap.agreements.selectors import indicators_of

    report = _lock_report(agreement.pk, reporting_round.pk)
    if report.status == ReportStatus.CLOSED:
        raise ValidationError(_("The round is closed: its figures no longer change."))
    results = {
        r.indicator_id: r
        for r in Result.objects.select_for_update().filter(
            indicator__agreement=agreement, reporting_round=reporting_round
        )
    }
    floor = agreement.framework.floor
    moved = 0
    for item in indicators_of(agreement):
        result = results.get(item.pk)
        if result is None:
            continue
        try:
            score = indicator_score(item, floor, results)
        except scoring.ScoringError:
            score = None
        if result.self_score != score:
            _log(actor=user, field="self_score", old=result.self_score, new=score, result=result)
            Result.objects.filter(pk=result.pk).update(self_score=score)
            result.self_score = score
            moved += 1
    _refresh(agreement.pk, reporting_round.pk)
    return moved


def _require(move: str, result: Result, user) -> None:
    """Refuse `move` on the locked result as the round's policy says (reporting.policy)."""
    require_result_move(
        move, user=user, indicator=result.indicator, result=result, report=result.locked_report
    )


@transaction.atomic
def result_submit(*, result: Result, user) -> Result:
    """The collector sends a result to the supervisor; a score under 3 needs an explanation first."""
    result = lock_result(result.pk)
    _require(ResultMove.SUBMIT, result, user)
    if counting.is_at_risk(result.self_score) and not result.explanation.strip():
        raise ValidationError(
            {
                "explanation": _(
                    "The score is under 3: explain why before submitting (what went wrong, what will be done)."
                )
            },
            code="explanation",
        )
    return _move(result, user, ResultStatus.SUBMITTED, submitted=True)


@transaction.atomic
def result_approve(*, result: Result, user) -> Result:
    """The KPI supervisor accepts a submitted result (with FOUR_EYES, not the one who submitted it)."""
    result = lock_result(result.pk)
    _require(ResultMove.APPROVE, result, user)
    return _move(result, user, ResultStatus.APPROVED, approved=True)


@transaction.atomic
def results_approve_many(*, results: Sequence[Result], user) -> list[Result]:
    """The KPI supervisor approves several submitted results at once: all of them, or none.

    Each goes through result_approve (its locks, checks, history row and standings); the first
    refusal undoes the others and names the indicator it stopped at.
    """
    if not results:
        raise ValidationError(_("Choose at least one submitted result to approve."))
    approved = []
    for result in sorted(results, key=lambda r: r.pk):
        try:
            approved.append(result_approve(result=result, user=user))
        except ValidationError as error:
            raise ValidationError(
                _("Indicator %(number)s: %(reason)s")
                % {"number": result.indicator.number, "reason": " ".join(error.messages)}
            ) from error
    return approved


@transaction.atomic
def result_return(*, result: Result, user, comment: str) -> Result:
    """The KPI supervisor sends a submitted result back to the collector with a comment (with
    FOUR_EYES, not the one who submitted it)."""
    result = lock_result(result.pk)
    _require(ResultMove.RETURN, result, user)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs correcting.")}, code="required")
    result.return_comment = comment.strip()
    return _move(result, user, ResultStatus.RETURNED, note=comment.strip())


@transaction.atomic
def result_reopen(*, result: Result, user, reason: str) -> Result:
    """The coordinator unlocks a submitted or approved result, saying why."""
    result = lock_result(result.pk)
    _require(ResultMove.REOPEN, result, user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the result is reopened.")}, code="required")
    return _move(result, user, ResultStatus.DRAFT, note=reason.strip())


def _move(result: Result, user, status: str, *, submitted=False, approved=False, note="") -> Result:
    old = result.status
    result.status = status
    now = timezone.now()
    if submitted:
        result.submitted_by, result.submitted_at = user, now
        result.return_comment = ""
    if approved:
        result.approved_by, result.approved_at = user, now
    result.version += 1
    result.save()
    _log(
        actor=user,
        field="status",
        old=old,
        new=status,
        result=result,
        note=note,
    )
    _refresh(result.indicator.agreement_id, result.reporting_round_id)
    return result


def reportable_indicators(agreement: Agreement) -> list[Indicator]:
    """The indicators that carry their own result: every one but the composites."""
    return list(
        agreement.indicators.filter(retired_from__isnull=True)
        .exclude(kind=ScoringKind.COMPOSITE)
        .order_by("order", "pk")
    )


@transaction.atomic
def report_submit(*, agreement: Agreement, reporting_round: ReportingRound, user) -> RoundReport:
    """The coordinator submits the organization's SAR once every result is approved."""
    report = _lock_report(agreement.pk, reporting_round.pk)
    require_report_move(
        ReportMove.SUBMIT, user=user, organization=agreement.organization, status=report.status
    )
    # The report is locked; now the results, so none is reopened while the report is submitted.
    statuses = dict(
        Result.objects.select_for_update()
        .filter(indicator__agreement=agreement, reporting_round=reporting_round)
        .order_by("pk")
        .values_list("indicator_id", "status")
    )
    approved = {pk for pk, status in statuses.items() if status == ResultStatus.APPROVED}
    waiting = [i.number for i in reportable_indicators(agreement) if i.pk not in approved]
    if waiting:
        raise ValidationError(
            _("Indicators %(numbers)s are not approved yet.") % {"numbers": ", ".join(waiting)},
            code="not_approved",
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_by, report.submitted_at = user, timezone.now()
    report.save()
    _log(
        actor=user,
        field="status",
        old=ReportStatus.OPEN,
        new=ReportStatus.SUBMITTED,
        report=report,
    )
    _refresh(agreement.pk, reporting_round.pk)
    return report


@transaction.atomic
def result_verify(*, result: Result, user, score: Decimal, reason: str = "") -> Result:
    """The evaluator's verified score; it differs from the self score only with a reason."""
    result = lock_result(result.pk)
    _require(ResultMove.VERIFY, result, user)
    try:
        scoring.validate_score(score)
    except scoring.ScoringError as error:
        raise ValidationError({"score": _("A score is between 0 and 5.")}, code="range") from error
    score = scoring.round4(score)
    if score != result.self_score and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Give the reason why the verified score differs from the self-assessed one."
                )
            },
            code="required",
        )
    old = result.verified_score
    result.verified_score = score
    result.verified_reason = reason.strip()
    result.verified_by = user
    result.verified_at = timezone.now()
    result.full_clean()
    result.version += 1
    result.save()
    _log(actor=user, field="verified_score", old=old, new=score, result=result, note=reason.strip())
    _refresh(result.indicator.agreement_id, result.reporting_round_id)
    return result


@transaction.atomic
def report_close(*, report: RoundReport, user) -> RoundReport:
    """The evaluator closes the round once every indicator has a verified score.

    The score table is frozen on the report as it stands (RoundReport.figures): from then on the
    round's figures never move, whatever later amendments change in the indicators.
    """
    from khamrap.agreements.selectors import indicators_of

    from .scorecard import frozen_figures, scorecard

    report = (
        RoundReport.objects.select_for_update()
        .select_related("agreement__organization", "agreement__framework", "reporting_round")
        .get(pk=report.pk)
    )
    require_report_move(
        ReportMove.CLOSE,
        user=user,
        organization=report.agreement.organization,
        status=report.status,
    )
    results = {
        result.indicator_id: result
        for result in Result.objects.select_for_update().filter(
            indicator__agreement=report.agreement, reporting_round=report.reporting_round
        )
    }
    card = scorecard(
        report.agreement, indicators_of(report.agreement), report.reporting_round, results, report
    )
    waiting = [row.indicator.number for row in card.rows if row.verified_score is None]
    if waiting:
        raise ValidationError(
            _("Verify indicators %(numbers)s first.") % {"numbers": ", ".join(waiting)},
            code="not_verified",
        )
    report.figures = frozen_figures(card)
    report.status = ReportStatus.CLOSED
    report.closed_by, report.closed_at = user, timezone.now()
    report.save()
    _log(
        actor=user,
        field="status",
        old=ReportStatus.SUBMITTED,
        new=ReportStatus.CLOSED,
        report=report,
    )
    _refresh(report.agreement_id, report.reporting_round_id)
    return report


@transaction.atomic
def report_reopen(*, report: RoundReport, user, reason: str) -> RoundReport:
    """The evaluator sends a submitted or closed report back to the organization, saying why."""
    report = (
        RoundReport.objects.select_for_update()
        .select_related("agreement__organization")
        .get(pk=report.pk)
    )
    require_report_move(
        ReportMove.REOPEN,
        user=user,
        organization=report.agreement.organization,
        status=report.status,
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is reopened.")}, code="required")
    old = report.status
    report.status = ReportStatus.OPEN
    report.figures = None  # figures are frozen again when the round is closed again
    report.save()
    _log(
        actor=user,
        field="status",
        old=old,
        new=ReportStatus.OPEN,
        report=report,
        note=reason,
    )
    _refresh(report.agreement_id, report.reporting_round_id)
    return report
