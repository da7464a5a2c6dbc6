"""Stored standings: each agreement × round's figures, kept current by the services that change them.

A roll-up of every ministry, department and province cannot score 145,000 indicators on each read.
So every service that changes a figure (a result saved, moved, verified; a report submitted, closed
or reopened; an indicator or an amendment) calls `standings_refresh` inside its own transaction:
the figures are computed by the same code as the round page (reporting.selectors.build_round_view →
reporting.scorecard.scorecard → rules.counting and rules.scoring) and stored in RoundStanding. The
readers (roll-ups, rankings, the workbench, the summary PDF, exports) read one row per agreement.

`standings_compute` gives what the table should hold without writing it: the rebuild command writes
it, and the tests compare it with what the services stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from khamrap.agreements.models import Agreement
from khamrap.agreements.selectors import scoring_indicators_of_many
from khamrap.periods.models import ReportingRound
from khamrap.rules import counting

from .choices import ReportStatus
from .models import Result, RoundReport, RoundStanding
from .selectors import build_round_view

# Agreements computed together: bounds the memory of a rebuild, keeps the queries few.
BATCH = 400
STORED_FIELDS = (
    "report_status",
    "standing",
    "total_self",
    "total_final",
    "reported",
    "verified",
    "indicators",
    "groups",
    "progress",
    "computed_at",
)


@dataclass(frozen=True, slots=True)
class ResultFigures:
    """What scoring and the counts read of a result, without a model instance per row (a
    national rebuild reads half a million)."""

    pk: int
    indicator_id: int
    reporting_round_id: int
    value: Decimal | None
    steps_done: list
    passed: bool | None
    self_score: Decimal | None
    verified_score: Decimal | None
    status: str


_RESULT_FIELDS = (
    "id",
    "indicator_id",
    "reporting_round_id",
    "value",
    "steps_done",
    "passed",
    "self_score",
    "verified_score",
    "status",
)


def _text(value) -> str | None:
    return None if value is None else str(value)


def _four(value) -> str | None:
    """A total as stored (four places), whether read back from the database or just computed."""
    return None if value is None else counting.four_places(value)


def _computed_batch(
    agreements: list[Agreement], rounds_of: dict[int, list[ReportingRound]], now
) -> Iterator[RoundStanding]:
    ids = [a.pk for a in agreements]
    round_ids = {r.pk for rounds in rounds_of.values() for r in rounds}
    indicators = scoring_indicators_of_many(ids)
    results: dict[tuple[int, int], dict[int, ResultFigures]] = defaultdict(dict)
    for row in Result.objects.filter(
        indicator__agreement__in=ids, reporting_round__in=round_ids
    ).values_list("indicator__agreement_id", *_RESULT_FIELDS):
        result = ResultFigures(*row[1:])
        results[(row[0], result.reporting_round_id)][result.indicator_id] = result
    reports = {
        (report.agreement_id, report.reporting_round_id): report
        for report in RoundReport.objects.filter(agreement__in=ids, reporting_round__in=round_ids)
    }
    for agreement in agreements:
        for reporting_round in rounds_of[agreement.fiscal_year_id]:
            key = (agreement.pk, reporting_round.pk)
            report = reports.get(key)
            view = build_round_view(
                agreement, indicators[agreement.pk], reporting_round, results[key], report
            )
            card = view.card
            yield RoundStanding(
                agreement=agreement,
                reporting_round=reporting_round,
                report_status=report.status if report else ReportStatus.OPEN,
                standing=str(card.standing),
                total_self=card.total_self,
                total_final=card.total_final,
                reported=card.reported,
                verified=card.verified,
                indicators=len(card.rows),
                groups=[
                    {
                        "group": group.pk,
                        "weight": str(weight),
                        "self": _text(own),
                        "final": _text(f),
                    }
                    for group, weight, own, f in card.groups
                ],
                progress=view.progress,
                computed_at=now,
            )


def standings_compute(
    agreement_ids: Iterable[int] | None = None, round_ids: Iterable[int] | None = None
) -> Iterator[RoundStanding]:
    """What the standings of the agreements (all when None) should be, for each round of their
    year (or only `round_ids`), computed from the results; nothing is written."""
    agreements = Agreement.objects.select_related("framework").order_by("pk")
    if agreement_ids is not None:
        agreements = agreements.filter(pk__in=list(agreement_ids))
    rounds = ReportingRound.objects.order_by("months")
    if round_ids is not None:
        rounds = rounds.filter(pk__in=list(round_ids))
    rounds_of: dict[int, list[ReportingRound]] = defaultdict(list)
    for reporting_round in rounds:
        rounds_of[reporting_round.fiscal_year_id].append(reporting_round)
    now = timezone.now()
    batch: list[Agreement] = []
    for agreement in agreements.iterator(chunk_size=BATCH):
        batch.append(agreement)
        if len(batch) == BATCH:
            yield from _computed_batch(batch, rounds_of, now)
            batch = []
    if batch:
        yield from _computed_batch(batch, rounds_of, now)


def _store(standings: list[RoundStanding]) -> None:
    RoundStanding.objects.bulk_create(
        standings,
        update_conflicts=True,
        unique_fields=["agreement", "reporting_round"],
        update_fields=STORED_FIELDS,
        batch_size=1000,
    )


def standings_refresh(
    *, agreement_ids: Iterable[int], round_ids: Iterable[int] | None = None
) -> int:
    """Store the figures of the agreements for the rounds (all rounds of their year when None).

    Called by every service that changes a figure, inside its transaction, after its writes.
    Returns how many standings were written.
    """
    agreement_ids = list(agreement_ids)
    if not agreement_ids:
        return 0
    standings = list(standings_compute(agreement_ids, round_ids))
    _store(standings)
    return len(standings)


def standings_rebuild(agreement_ids: Iterable[int] | None = None) -> int:
    """Store the standings of every agreement (or those given) again from the results, after a
    rule change, a restore or a bulk load, batch by batch. Only rows that differ are written (an
    unchanged row rewritten is a dead row PostgreSQL must vacuum); rows of rounds that no longer
    apply are removed. Returns how many rows were written."""
    written = 0
    batch: list[RoundStanding] = []
    for standing in standings_compute(agreement_ids):
        batch.append(standing)
        if len(batch) >= BATCH * 4:
            written += _store_changed(batch)
            batch = []
    if batch:
        written += _store_changed(batch)
    if agreement_ids is None:
        # A round of another fiscal year than its agreement's never has a standing. Once for the
        # whole table, not for each batch of a rescore (it reads every row).
        RoundStanding.objects.exclude(
            reporting_round__fiscal_year=F("agreement__fiscal_year")
        ).delete()
    return written


def _store_changed(computed: list[RoundStanding]) -> int:
    stored = {
        (s.agreement_id, s.reporting_round_id): as_figures(s)
        for s in RoundStanding.objects.filter(
            agreement__in={s.agreement_id for s in computed}
        ).only(*_COMPARED_FIELDS)
    }
    changed = [
        s for s in computed if stored.get((s.agreement_id, s.reporting_round_id)) != as_figures(s)
    ]
    _store(changed)
    return len(changed)


_COMPARED_FIELDS = ("id", "agreement_id", "reporting_round_id", *STORED_FIELDS[:-1])


def as_figures(standing: RoundStanding) -> dict:
    """A standing's stored figures as plain values, to compare a stored row with a computed one."""
    return {
        "agreement": standing.agreement_id,
        "round": standing.reporting_round_id,
        "report_status": standing.report_status,
        "standing": str(standing.standing),
        "total_self": _four(standing.total_self),
        "total_final": _four(standing.total_final),
        "reported": standing.reported,
        "verified": standing.verified,
        "indicators": standing.indicators,
        "groups": standing.groups,
        "progress": standing.progress,
    }


def standings_differences(agreement_ids: Iterable[int] | None = None) -> list[tuple[dict, dict]]:
    """Stored standings that differ from a full recomputation: (stored, computed) pairs; a missing
    row is an empty dict. Empty when the table is right."""
    computed = {
        (s.agreement_id, s.reporting_round_id): as_figures(s)
        for s in standings_compute(agreement_ids)
    }
    stored_rows = RoundStanding.objects.all()
    if agreement_ids is not None:
        stored_rows = stored_rows.filter(agreement__in=list(agreement_ids))
    stored = {(s.agreement_id, s.reporting_round_id): as_figures(s) for s in stored_rows}
    differences = []
    for key in sorted(set(computed) | set(stored)):
        a, b = stored.get(key, {}), computed.get(key, {})
        if a != b:
            differences.append((a, b))
    return differences
