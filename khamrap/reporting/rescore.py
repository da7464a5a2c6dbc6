"""Rescoring every result after a rule change, set-wise: read in bulk, score in memory, write once.

The scoring rule (rules.scoring), a framework's floor or the scoring code itself may change between
releases; the stored self scores of rounds still being reported must then follow. Closed rounds never
move: their figures are frozen on their report (reporting.services.report_close).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import Agreement
from khamrap.agreements.selectors import scoring_indicators_of_many
from khamrap.rules import scoring

from .choices import ReportStatus
from .models import Change, Result, RoundReport
from .services.history import as_stored, shown
from .standings import _RESULT_FIELDS, BATCH, ResultFigures, standings_rebuild


@dataclass(frozen=True)
class RescoreSummary:
    results: int  # results read
    moved: int  # self scores that changed (each one in the history)
    agreements: int  # agreements whose standings were stored again


def _score(indicator, floor, results):
    try:
        return as_stored(indicator_score(indicator, floor, results))
    except scoring.ScoringError:  # a definition still incomplete (e.g. parts not adding up)
        return None


@transaction.atomic
def results_rescore(*, user, agreement_ids=None, note: str = "") -> RescoreSummary:
    """Score every result of every round not closed again by the current rule; store the scores
    that moved with one UPDATE per batch and a Change row each, then the standings. All or nothing.
    """
    agreements = Agreement.objects.select_related("framework").order_by("pk")
    if agreement_ids is not None:
        agreements = agreements.filter(pk__in=list(agreement_ids))
    read = moved = touched = 0
    batch: list[Agreement] = []

    def flush():
        nonlocal read, moved, touched
        counts = _rescore_batch(batch, user, note)
        read += counts[0]
        moved += counts[1]
        touched += len(batch)

    for agreement in agreements.iterator(chunk_size=BATCH):
        batch.append(agreement)
        if len(batch) == BATCH:
            flush()
            batch = []
    if batch:
        flush()
    return RescoreSummary(read, moved, touched)


def _rescore_batch(agreements: list[Agreement], user, note: str) -> tuple[int, int]:
    ids = [a.pk for a in agreements]
    # The rounds' reports first, locked, as every round service does (services.lock_report): a
    # result saved meanwhile waits for the rescore instead of being overwritten by a score
    # computed from its older value, and a round closed meanwhile is seen closed.
    closed = {
        (agreement_id, round_id)
        for agreement_id, round_id, status in RoundReport.objects.select_for_update()
        .filter(agreement__in=ids)
        .order_by("pk")
        .values_list("agreement_id", "reporting_round_id", "status")
        if status == ReportStatus.CLOSED
    }
    results: dict[tuple[int, int], dict[int, ResultFigures]] = defaultdict(dict)
    read = 0
    for row in Result.objects.filter(indicator__agreement__in=ids).values_list(
        "indicator__agreement_id", *_RESULT_FIELDS
    ):
        read += 1
        if (row[0], row[3]) in closed:
            continue
        result = ResultFigures(*row[1:])
        results[(row[0], result.reporting_round_id)][result.indicator_id] = result
    indicators = scoring_indicators_of_many(ids)
    floors = {a.pk: a.framework.floor for a in agreements}
    now = timezone.now()
    changed: list[Result] = []
    history: list[Change] = []
    for (agreement_id, _round_id), round_results in results.items():
        # Parts before their composites: a composite is scored from its parts' results.
        ordered = sorted(indicators[agreement_id], key=lambda i: i.kind == "composite")
        for indicator in ordered:
            result = round_results.get(indicator.pk)
            if result is None:
                continue
            score = _score(indicator, floors[agreement_id], round_results)
            if score == result.self_score:
                continue
            changed.append(Result(pk=result.pk, self_score=score, updated_at=now))
            history.append(
                Change(
                    result_id=result.pk,
                    actor=user,
                    at=now,
                    field="self_score",
                    old=shown(result.self_score),
                    new=shown(score),
                    note=note,
                )
            )
            round_results[indicator.pk] = replace(result, self_score=score)
    Result.objects.bulk_update(changed, ["self_score", "updated_at"], batch_size=2000)
    Change.objects.bulk_create(history, batch_size=2000)
    # Every total of the batch again: a rule change may move totals as well as scores.
    standings_rebuild(ids)
    return read, len(changed)
