"""Storing results: one row or many through one path (the SAVE move of the round's policy), the
score each earns (rules.scoring through agreements.criteria), and rescoring a round after an
amendment. Saves name the version they started from (optimistic locking)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.accounts.tokens import token_of
from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import Agreement, Indicator
from khamrap.organizations.choices import Action
from khamrap.periods.models import ReportingRound
from khamrap.rules import scoring

from ..choices import ReportStatus, ResultMove
from ..models import Change, Result, RoundReport
from ..policy import Roles, may_act_as_named, require_result_move, result_refusal
from ..standings import standings_refresh
from .history import NARRATIVE_FIELDS, RESULT_FIELDS, as_stored, log_change, refresh, shown
from .locking import lock_report


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
    report = lock_report(indicator.agreement_id, reporting_round.pk)
    require_result_move(ResultMove.SAVE, user=user, indicator=indicator, result=None, report=report)
    _check_round(indicator.agreement, reporting_round)
    result, created = Result.objects.get_or_create(
        indicator=indicator, reporting_round=reporting_round
    )
    if created:
        refresh(indicator.agreement_id, reporting_round.pk)
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
    # Reports first, then results (lock_report): the same order as every other service.
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
        if not may_act_as_named(user):
            return False
        composite = by_id.get(indicator.parent_id)
        for item in [indicator, composite] if composite is not None else [indicator]:
            if any(person.pk == user.pk for person in getattr(item, relation).all()):
                return True
        return False

    now = timezone.now()
    token = token_of(user)
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
                    {
                        "steps_done": ValidationError(
                            _("A step number is out of range."), code="step_number"
                        )
                    }
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
        result.value = as_stored(result.value)
        result.version += 1
        result.updated_at = now
        if result.pk is None:
            created[indicator.pk] = result
            stored[indicator.pk] = result
        else:
            saved[indicator.pk] = result
        changes.extend(
            Change(
                result=result,
                actor=user,
                token=token,
                at=now,
                field=name,
                old=shown(old),
                new=shown(v),
            )
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
                        token=token,
                        at=now,
                        field="self_score",
                        old=shown(item_result.self_score),
                        new=shown(score),
                    )
                )
                item_result.self_score = as_stored(score)
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

    report = lock_report(agreement.pk, reporting_round.pk)
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
            log_change(
                actor=user, field="self_score", old=result.self_score, new=score, result=result
            )
            Result.objects.filter(pk=result.pk).update(self_score=score)
            result.self_score = score
            moved += 1
    refresh(agreement.pk, reporting_round.pk)
    return moved
