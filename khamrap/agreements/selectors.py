"""Reads of agreements: lists, the agreement page, its timeline and its score table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khamrap.organizations.choices import Action
from khamrap.periods.models import ReportingRound
from khamrap.rules import scoring

from .choices import PLANNED_DAYS, STATUS_ORDER, AgreementStatus
from .criteria import indicator_score
from .models import Agreement, AgreementEvent, FrameworkGroup, Indicator, IndicatorStep


def agreement_list_for_user(user, *, fiscal_year=None) -> QuerySet[Agreement]:
    """The agreements the user may see, with what a list row shows, in one query."""
    agreements = (
        Agreement.objects.for_user(user)
        .select_related("organization", "fiscal_year", "framework")
        .annotate(indicator_count=Count("indicators", filter=Q(indicators__parent__isnull=True)))
        .order_by("-fiscal_year__year", "organization__path")
    )
    if fiscal_year is not None:
        agreements = agreements.filter(fiscal_year=fiscal_year)
    return agreements


def agreement_get_for_user(user, pk: int, action: str = Action.VIEW) -> Agreement:
    """One agreement the user may act on, or 404."""
    return get_object_or_404(
        Agreement.objects.for_user(user, action).select_related(
            "organization", "fiscal_year", "framework"
        ),
        pk=pk,
    )


def _indicator_queryset():
    steps = Prefetch("steps", queryset=IndicatorStep.objects.order_by("number"))
    parts = Prefetch(
        "parts",
        queryset=Indicator.objects.order_by("order", "pk").prefetch_related(
            steps, "supervisors", "collectors"
        ),
    )
    return (
        Indicator.objects.select_related("group")
        .prefetch_related(steps, parts, "supervisors", "collectors", "issues")
        .order_by("group__order", "order", "pk")
    )


def indicators_of(agreement: Agreement) -> list[Indicator]:
    """Every indicator of an agreement with its steps, parts, people and issues prefetched."""
    return list(_indicator_queryset().filter(agreement=agreement))


def indicators_of_many(agreements: list[Agreement]) -> dict[int, list[Indicator]]:
    """indicators_of for many agreements in the same fixed number of queries."""
    by_agreement: dict[int, list[Indicator]] = {a.pk: [] for a in agreements}
    for indicator in _indicator_queryset().filter(agreement__in=[a.pk for a in agreements]):
        by_agreement[indicator.agreement_id].append(indicator)
    return by_agreement


@dataclass
class GroupOfIndicators:
    group: FrameworkGroup
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def weight(self) -> Decimal:
        return sum((i.weight for i in self.indicators), Decimal(0))


def grouped(indicators: list[Indicator]) -> list[GroupOfIndicators]:
    """Top-level indicators by framework group, in the framework's order."""
    groups: dict[int, GroupOfIndicators] = {}
    for indicator in indicators:
        if indicator.parent_id is None:
            groups.setdefault(
                indicator.group_id, GroupOfIndicators(indicator.group)
            ).indicators.append(indicator)
    return list(groups.values())


@dataclass(frozen=True)
class TimelineStep:
    status: str
    label: str
    done_at: dt.datetime | None
    due_on: dt.date | None
    planned_days: int | None
    late: bool
    current: bool


def agreement_timeline(
    agreement: Agreement, events: list[AgreementEvent], today: dt.date
) -> list[TimelineStep]:
    """Each status of the life with when it was reached, its planned due date and lateness."""
    reached: dict[str, dt.datetime] = {}
    for event in events:
        # A step taken again after a revision counts from its latest time.
        reached[event.to_status] = event.at
    current_index = STATUS_ORDER.index(agreement.status)
    steps = []
    for index, status in enumerate(STATUS_ORDER):
        done_at = reached.get(status) if index <= current_index else None
        due_on = planned = None
        if status in PLANNED_DAYS:
            since, planned = PLANNED_DAYS[status]
            start = reached.get(since) if STATUS_ORDER.index(since) <= current_index else None
            if start is not None:
                due_on = timezone.localtime(start).date() + dt.timedelta(days=planned)
        finished_on = timezone.localtime(done_at).date() if done_at else None
        late = due_on is not None and ((finished_on or today) > due_on)
        steps.append(
            TimelineStep(
                status,
                AgreementStatus(status).label,
                done_at,
                due_on,
                planned,
                late,
                index == current_index,
            )
        )
    return steps


@dataclass(frozen=True)
class ScoreRow:
    indicator: Indicator
    self_score: Decimal | None
    verified_score: Decimal | None
    weighted_self: Decimal
    weighted_final: Decimal
    result: object | None


@dataclass(frozen=True)
class ScoreCard:
    reporting_round: ReportingRound | None
    rows: list[ScoreRow]
    groups: list[tuple[FrameworkGroup, Decimal, Decimal, Decimal]]  # group, weight, self, final
    total_self: Decimal
    total_final: Decimal
    reported: int


def scorecard(
    agreement: Agreement,
    indicators: list[Indicator],
    reporting_round: ReportingRound | None,
    results: dict | None = None,
) -> ScoreCard:
    """The agreement's score table for a round: self-assessed and final (verified where given).

    Pass `results` (indicator id → Result) when scoring many agreements from one query.
    """
    from khamrap.reporting.models import Result

    if results is None:
        results = {}
        if reporting_round is not None:
            queryset = Result.objects.filter(
                indicator__agreement=agreement, reporting_round=reporting_round
            )
            results = {r.indicator_id: r for r in queryset}
    floor = agreement.framework.floor
    top = [i for i in indicators if i.parent_id is None]
    self_scores = {i.pk: indicator_score(i, floor, results) for i in top}
    final_scores = {}
    for indicator in top:
        result = results.get(indicator.pk)
        verified = result.verified_score if result is not None else None
        final_scores[indicator.pk] = verified if verified is not None else self_scores[indicator.pk]
    if not top:
        return ScoreCard(reporting_round, [], [], Decimal(0), Decimal(0), 0)
    try:
        self_table = scoring.score_table(
            scoring.ScoreLine(str(i.pk), str(i.group_id), i.weight, self_scores[i.pk]) for i in top
        )
        final_table = scoring.score_table(
            scoring.ScoreLine(str(i.pk), str(i.group_id), i.weight, final_scores[i.pk]) for i in top
        )
    except scoring.ScoringError:
        # Weights that do not add up to 100 yet: the check list says so; show scores unweighted.
        rows = [
            ScoreRow(
                i,
                self_scores[i.pk],
                _verified(results, i),
                Decimal(0),
                Decimal(0),
                results.get(i.pk),
            )
            for i in top
        ]
        return ScoreCard(
            reporting_round,
            rows,
            [],
            Decimal(0),
            Decimal(0),
            sum(s is not None for s in self_scores.values()),
        )
    rows = [
        ScoreRow(
            i, self_scores[i.pk], _verified(results, i), s.weighted, f.weighted, results.get(i.pk)
        )
        for i, s, f in zip(top, self_table.lines, final_table.lines, strict=True)
    ]
    groups_by_id = {str(i.group_id): i.group for i in top}
    groups = [
        (groups_by_id[s.group], s.weight, s.weighted, f.weighted)
        for s, f in zip(self_table.groups, final_table.groups, strict=True)
    ]
    reported = sum(score is not None for score in self_scores.values())
    return ScoreCard(reporting_round, rows, groups, self_table.total, final_table.total, reported)


def _verified(results, indicator):
    result = results.get(indicator.pk)
    return result.verified_score if result is not None else None


def rounds_of(agreement: Agreement) -> list[ReportingRound]:
    return list(agreement.fiscal_year.rounds.order_by("months"))


def latest_round_with_results(agreement: Agreement) -> ReportingRound | None:
    from khamrap.reporting.models import Result

    round_id = (
        Result.objects.filter(indicator__agreement=agreement)
        .order_by("-reporting_round__months")
        .values_list("reporting_round_id", flat=True)
        .first()
    )
    return ReportingRound.objects.filter(pk=round_id).first() if round_id else None


def milestone_levels(indicator: Indicator) -> list[tuple[int, list[bool]]]:
    """Seed 000's ✓ table: for each level, which steps must be done (level k = steps 1..k)."""
    count = len(indicator.steps.all())
    if indicator.kind == "mixed":
        count = indicator.mixed_steps or 0
    return [
        (level, [step <= level for step in range(1, count + 1)]) for level in range(1, count + 1)
    ]


@dataclass(frozen=True)
class RoundResult:
    reporting_round: ReportingRound
    result: object | None
    self_score: Decimal | None
    verified_score: Decimal | None


def indicator_results(
    agreement: Agreement, indicators: list[Indicator], indicator: Indicator
) -> list[RoundResult]:
    """The indicator's result and scores in every round of the year, in two queries."""
    from khamrap.reporting.models import Result

    rounds = rounds_of(agreement)
    by_round: dict[int, dict[int, object]] = {r.pk: {} for r in rounds}
    for result in Result.objects.filter(indicator__agreement=agreement).select_related(
        "verified_by"
    ):
        by_round.setdefault(result.reporting_round_id, {})[result.indicator_id] = result
    floor = agreement.framework.floor
    rows = []
    for reporting_round in rounds:
        results = by_round[reporting_round.pk]
        result = results.get(indicator.pk)
        self_score = indicator_score(indicator, floor, results) if results else None
        verified = result.verified_score if result is not None else None
        rows.append(RoundResult(reporting_round, result, self_score, verified))
    return rows


@dataclass(frozen=True)
class SolverAnswer:
    """The solver's answer as the page says it: steps to do, a value to reach, or a pass."""

    status: str  # already_reached | reachable | not_reachable | unanswerable
    steps: int | None = None
    value: Decimal | None = None
    passed: bool = False
    score: Decimal | None = None
    total: Decimal | None = None
    message: str = ""


def required_result_for(
    agreement: Agreement, indicators: list[Indicator], indicator: Indicator, target_total: Decimal
) -> SolverAnswer:
    """The least this indicator must achieve, the other indicators keeping their latest scores."""
    from django.utils.translation import gettext as _

    from .criteria import criteria_for

    if indicator.kind == "composite":
        return SolverAnswer(
            "unanswerable", message=_("Ask the question of each sub-indicator instead.")
        )
    card = scorecard(agreement, indicators, latest_round_with_results(agreement))
    if card.rows and not card.groups:
        return SolverAnswer(
            "unanswerable", message=_("The weights do not add up to 100 yet: see the check list.")
        )
    others = sum(
        (row.weighted_final for row in card.rows if row.indicator.pk != indicator.pk), Decimal(0)
    )
    try:
        answer = scoring.required_result(
            criteria_for(indicator, agreement.framework.floor),
            weight=indicator.weight,
            other_weighted_total=min(others, scoring.MAX_SCORE),
            target_total=target_total,
        )
    except scoring.ScoringError as error:
        return SolverAnswer("unanswerable", message=error.message)
    result = answer.result
    value = result.value if isinstance(result, scoring.MixedResult) else result
    return SolverAnswer(
        status=str(answer.status),
        steps=answer.steps_done,
        value=value if isinstance(value, Decimal) else None,
        passed=result is True,
        score=answer.score,
        total=answer.total,
    )


@dataclass(frozen=True)
class FieldChange:
    number: str
    field: str
    before: object
    after: object


def amendment_changes(before: dict, after: dict | None) -> list[FieldChange]:
    """What an amendment changed, indicator by indicator, from its two snapshots."""
    if after is None:
        return []

    def by_number(snapshot):
        flat = {}
        for indicator in snapshot.get("indicators", []):
            flat[indicator["number"]] = indicator
            for part in indicator.get("parts", []) or []:
                flat[part["number"]] = part
        return flat

    old, new = by_number(before), by_number(after)
    changes = []
    for number in [*old, *(n for n in new if n not in old)]:
        a, b = old.get(number), new.get(number)
        if a is None or b is None:
            changes.append(FieldChange(number, "*", a and a.get("name"), b and b.get("name")))
            continue
        for key in sorted(set(a) | set(b)):
            if key not in {"parts", "result", "verified_score"} and a.get(key) != b.get(key):
                changes.append(FieldChange(number, key, a.get(key), b.get(key)))
    return changes
