"""Writes to results and round reports: every step of seed 003's round goes through here.

collector drafts → submits → supervisor approves or returns with a comment → coordinator submits the
organization's report (SAR) → evaluator verifies each indicator → round closed. Every change is kept
in the history (Change rows); saves name the version they started from (optimistic locking).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import Agreement, Indicator
from khamrap.lib.permissions import can, require
from khamrap.organizations.choices import Action
from khamrap.periods.models import ReportingRound
from khamrap.rules import counting, scoring

from .choices import ReportStatus, ResultStatus
from .models import Change, Result, RoundReport
from .standings import standings_refresh

NARRATIVE_FIELDS = ("performance", "supporting_factors", "obstacles", "suggestions", "explanation")
RESULT_FIELDS = ("value", "steps_done", "step_dates", "passed", *NARRATIVE_FIELDS)


def _named(user, indicator: Indicator, relation: str) -> bool:
    """Whether `user` is named (as supervisor or collector) on the indicator or on its composite."""
    named = [indicator, indicator.parent] if indicator.parent_id else [indicator]
    return any(getattr(i, relation).filter(pk=user.pk).exists() for i in named)


def may_record(user, indicator: Indicator) -> bool:
    """Coordinators of the organization, or the people named on the indicator (or its composite)."""
    if can(user, indicator.agreement.organization, Action.COORDINATE):
        return True
    return _named(user, indicator, "collectors") or _named(user, indicator, "supervisors")


def named_as_collector(user, indicator: Indicator) -> bool:
    """Whether `user` is named as a data collector on the indicator or on its composite."""
    return _named(user, indicator, "collectors")


def may_approve(user, indicator: Indicator) -> bool:
    """Only the indicator's KPI supervisors approve or return its results."""
    return _named(user, indicator, "supervisors")


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


def _require_open(report: RoundReport) -> None:
    """Refuse while the organization's report of the round is submitted or closed."""
    if report.status != ReportStatus.OPEN:
        raise ValidationError(
            _(
                "The organization's report for this round has been submitted: results can no longer change."
            )
        )


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


def _recordable(indicator: Indicator, reporting_round: ReportingRound, user) -> Indicator:
    """The indicator, read again, when `user` may record its result for the round (else refuse)."""
    indicator = Indicator.objects.select_related(
        "agreement__organization", "agreement__framework"
    ).get(pk=indicator.pk)
    if not may_record(user, indicator):
        raise PermissionDenied
    if indicator.kind == ScoringKind.COMPOSITE:
        raise ValidationError(
            _("Enter the results of the sub-indicators; the composite is scored from them.")
        )
    if indicator.retired_from_id is not None:
        raise ValidationError(_("This indicator was removed by an amendment."))
    if reporting_round.fiscal_year_id != indicator.agreement.fiscal_year_id:
        raise ValidationError(_("The round belongs to another fiscal year."))
    return indicator


@transaction.atomic
def result_start(*, indicator: Indicator, reporting_round: ReportingRound, user) -> Result:
    """The round's result of the indicator, created as an empty draft when there is none yet.

    For evidence attached before the first save: the draft stays at version 1, the version the
    result page's form was opened at, so the person's first save goes through unchanged.
    """
    indicator = _recordable(indicator, reporting_round, user)
    _require_open(_lock_report(indicator.agreement_id, reporting_round.pk))
    result, created = Result.objects.get_or_create(
        indicator=indicator, reporting_round=reporting_round
    )
    if created:
        _refresh(indicator.agreement_id, reporting_round.pk)
    return result


@transaction.atomic
def result_save(
    *,
    indicator: Indicator,
    reporting_round: ReportingRound,
    user,
    version: int | None = None,
    value: Decimal | None = None,
    steps_done: Sequence[int] = (),
    step_dates: dict[str, str] | None = None,
    passed: bool | None = None,
    **narrative: str,
) -> Result:
    """Store what an indicator achieved in a round, its narrative and the score it earns.

    `version` is the version the person's form started from; when someone else saved in between,
    the save is refused instead of silently overwriting their work. None skips the check (imports).
    """
    indicator = _recordable(indicator, reporting_round, user)
    unknown = set(narrative) - set(NARRATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown result fields: {sorted(unknown)}")
    _require_open(_lock_report(indicator.agreement_id, reporting_round.pk))
    step_count = indicator.steps.count()
    if any(not 1 <= n <= step_count for n in steps_done):
        raise ValidationError({"steps_done": _("A step number is out of range.")})
    result, _created = Result.objects.get_or_create(
        indicator=indicator, reporting_round=reporting_round
    )
    result = lock_result(result.pk)
    if not result.is_editable:
        raise ValidationError(
            _("This result is “%(status)s” and locked; ask the coordinator to reopen it.")
            % {"status": result.get_status_display()}
        )
    if version is not None and version != result.version:
        last = result.changes.select_related("actor").first()
        who = last.actor.display_name if last else _("someone else")
        raise ValidationError(
            _(
                "%(who)s saved this result while you were editing it. Your changes were not saved: "
                "reload the page to see the latest version, then make your changes again."
            )
            % {"who": who},
            code="stale",
        )
    done = sorted(set(steps_done))
    new = {
        "value": value,
        "steps_done": done,
        "step_dates": {str(n): d for n, d in (step_dates or {}).items() if int(n) in done},
        "passed": passed,
        **{name: narrative.get(name, getattr(result, name)).strip() for name in NARRATIVE_FIELDS},
    }
    changed = {
        name: (getattr(result, name), v) for name, v in new.items() if getattr(result, name) != v
    }
    for name, (_old, v) in changed.items():
        setattr(result, name, v)
    result.full_clean()
    result.version += 1
    result.save()
    for name, (old, v) in changed.items():
        _log(actor=user, field=name, old=old, new=v, result=result)
    _rescore(indicator, reporting_round, user)
    _refresh(indicator.agreement_id, reporting_round.pk)
    result.refresh_from_db()
    return result


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


def _rescore(indicator: Indicator, reporting_round: ReportingRound, user) -> None:
    """Recompute the self score of the indicator and, for a part, of its composite; log changes."""
    from khamrap.agreements.selectors import indicators_of

    floor = indicator.agreement.framework.floor
    by_id = {i.pk: i for i in indicators_of(indicator.agreement)}
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            indicator__agreement=indicator.agreement, reporting_round=reporting_round
        )
    }
    touched = [by_id[indicator.pk]]
    if indicator.parent_id:
        touched.append(by_id[indicator.parent_id])
    for item in touched:
        score = indicator_score(item, floor, results)
        result = results.get(item.pk) or Result.objects.create(
            indicator=item, reporting_round=reporting_round
        )
        if result.self_score != score:
            _log(actor=user, field="self_score", old=result.self_score, new=score, result=result)
            Result.objects.filter(pk=result.pk).update(self_score=score)


# --- many results at once (imports) ------------------------------------------------------------------

_STORED_PLACES = Decimal("0.0001")  # value and scores are stored with four decimals
_RESULT_KEYS = ("indicator", "reporting_round", "verified_by", "submitted_by", "approved_by")


@dataclass(frozen=True)
class ResultRow:
    """One result for results_save_many: the same arguments result_save takes for one indicator.

    value, steps_done, step_dates and passed are always stored (as result_save does); a narrative
    field left None keeps the stored text.
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
    """result_save for many rows in one transaction and a fixed number of queries: all or nothing.

    Every row is checked by result_save's rules, in order (a later row of the same indicator sees
    the earlier one); the history gets the same Change rows, self scores included, as saving the
    rows one by one through result_save. Refused rows are collected and raised together as one
    ResultsSaveError; then nothing is written.
    """
    from khamrap.agreements.selectors import indicators_of_many
    from khamrap.organizations.models import Organization

    rows = list(rows)
    if not rows:
        return SaveManySummary(0, 0, 0, 0)
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
    report_status = dict(
        RoundReport.objects.select_for_update()
        .filter(agreement__in=list(agreements), reporting_round=reporting_round)
        .order_by("pk")
        .values_list("agreement_id", "status")
    )
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

    def named(indicator: Indicator) -> bool:
        for item in [indicator, by_id[indicator.parent_id]] if indicator.parent_id else [indicator]:
            people = (*item.collectors.all(), *item.supervisors.all())
            if any(person.pk == user.pk for person in people):
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
            if agreement.organization_id not in coordinated and not named(indicator):
                raise PermissionDenied
            if indicator.kind == ScoringKind.COMPOSITE:
                raise ValidationError(
                    _("Enter the results of the sub-indicators; the composite is scored from them.")
                )
            if reporting_round.fiscal_year_id != agreement.fiscal_year_id:
                raise ValidationError(_("The round belongs to another fiscal year."))
            if report_status.get(agreement.pk, ReportStatus.OPEN) != ReportStatus.OPEN:
                raise ValidationError(
                    _(
                        "The organization's report for this round has been submitted: results can no longer change."
                    )
                )
            step_count = len(indicator.steps.all())
            if any(not 1 <= n <= step_count for n in row.steps_done):
                raise ValidationError({"steps_done": _("A step number is out of range.")})
            result = stored.get(indicator.pk) or Result(
                indicator=indicator, reporting_round=reporting_round
            )
            if not result.is_editable:
                raise ValidationError(
                    _("This result is “%(status)s” and locked; ask the coordinator to reopen it.")
                    % {"status": result.get_status_display()}
                )
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
        # As _rescore after each result_save: the indicator, then its composite.
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
        raise ResultsSaveError(problems)
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
    return SaveManySummary(
        saved=len(rows),
        created=len(created),
        changes=len(changes),
        agreements=len({by_id[row.indicator.pk].agreement_id for row in rows}),
    )


def _refuse_composite(result: Result) -> None:
    """A composite's result is computed from its parts: it is never submitted, approved or returned."""
    if result.indicator.kind == ScoringKind.COMPOSITE:
        raise ValidationError(
            _(
                "A composite indicator is scored from its sub-indicators: submit, approve or "
                "return their results, not the composite's."
            ),
            code="composite",
        )


def submitted_by_self(user, result: Result) -> bool:
    """Whether the four-eyes rule (settings.FOUR_EYES) keeps `user` from approving or returning
    `result`: they submitted it themselves."""
    return (
        settings.FOUR_EYES
        and result.submitted_by_id is not None
        and result.submitted_by_id == user.pk
    )


def _refuse_own_submission(result: Result, user) -> None:
    if submitted_by_self(user, result):
        raise ValidationError(
            _(
                "You submitted this result yourself: another of the indicator's supervisors "
                "approves or returns it."
            ),
            code="four_eyes",
        )


@transaction.atomic
def result_submit(*, result: Result, user) -> Result:
    """The collector sends a result to the supervisor; a score under 3 needs an explanation first."""
    result = lock_result(result.pk)
    if not may_record(user, result.indicator):
        raise PermissionDenied
    _refuse_composite(result)
    if not result.is_editable:
        raise ValidationError(_("Only a draft or returned result can be submitted."))
    _require_open(result.locked_report)
    if result.self_score is None:
        raise ValidationError(_("Enter the result before submitting it."))
    if counting.is_at_risk(result.self_score) and not result.explanation.strip():
        raise ValidationError(
            {
                "explanation": _(
                    "The score is under 3: explain why before submitting (what went wrong, what will be done)."
                )
            }
        )
    return _move(result, user, ResultStatus.SUBMITTED, submitted=True)


@transaction.atomic
def result_approve(*, result: Result, user) -> Result:
    """The KPI supervisor accepts a submitted result (with FOUR_EYES, not the one who submitted it)."""
    result = lock_result(result.pk)
    if not may_approve(user, result.indicator):
        raise PermissionDenied
    _refuse_composite(result)
    if result.status != ResultStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted result can be approved."))
    _refuse_own_submission(result, user)
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
    if not may_approve(user, result.indicator):
        raise PermissionDenied
    _refuse_composite(result)
    if result.status != ResultStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted result can be returned."))
    _refuse_own_submission(result, user)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs correcting.")})
    result.return_comment = comment.strip()
    return _move(result, user, ResultStatus.RETURNED, note=comment.strip())


@transaction.atomic
def result_reopen(*, result: Result, user, reason: str) -> Result:
    """The coordinator unlocks a submitted or approved result, saying why."""
    result = lock_result(result.pk)
    require(user, result.indicator.agreement.organization, Action.COORDINATE)
    if result.is_editable:
        raise ValidationError(_("This result is not locked."))
    _require_open(result.locked_report)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the result is reopened.")})
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


def _report(agreement: Agreement, reporting_round: ReportingRound) -> RoundReport:
    return _lock_report(agreement.pk, reporting_round.pk)


@transaction.atomic
def report_submit(*, agreement: Agreement, reporting_round: ReportingRound, user) -> RoundReport:
    """The coordinator submits the organization's SAR once every result is approved."""
    require(user, agreement.organization, Action.COORDINATE)
    report = _report(agreement, reporting_round)
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("The report has already been submitted."))
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
            _("Indicators %(numbers)s are not approved yet.") % {"numbers": ", ".join(waiting)}
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
    require(user, result.indicator.agreement.organization, Action.EVALUATE)
    if result.indicator.retired_from_id is not None:
        raise ValidationError(_("This indicator was removed by an amendment."))
    report = result.locked_report
    if report.status == ReportStatus.OPEN:
        raise ValidationError(
            _("The organization has not submitted its report for this round yet.")
        )
    if report.status == ReportStatus.CLOSED:
        raise ValidationError(_("The round is closed; reopen it to change a verified score."))
    try:
        scoring.validate_score(score)
    except scoring.ScoringError as error:
        raise ValidationError({"score": _("A score is between 0 and 5.")}) from error
    score = scoring.round4(score)
    if score != result.self_score and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Give the reason why the verified score differs from the self-assessed one."
                )
            }
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
    from khamrap.agreements.selectors import frozen_figures, indicators_of, scorecard

    report = (
        RoundReport.objects.select_for_update()
        .select_related("agreement__organization", "agreement__framework", "reporting_round")
        .get(pk=report.pk)
    )
    require(user, report.agreement.organization, Action.EVALUATE)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be closed."))
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
            _("Verify indicators %(numbers)s first.") % {"numbers": ", ".join(waiting)}
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
    require(user, report.agreement.organization, Action.EVALUATE)
    if report.status == ReportStatus.OPEN:
        raise ValidationError(_("The report is already open."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is reopened.")})
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
