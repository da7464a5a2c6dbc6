"""An agreement's score card in a round: its results, the counted scores and how far the total can
be trusted (rules.counting), the figures frozen when a round closes, an indicator's results over
the year and the required-result solver. Every page, document, export and ranking reads its figures
here (or from the stored standings, reporting.standings, which are built from here).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal

from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import Agreement, FrameworkGroup, Indicator
from khamrap.agreements.selectors import indicator_queryset, rounds_of
from khamrap.periods.models import ReportingRound
from khamrap.rules import counting, scoring

from .models import Result, RoundReport


@dataclass(frozen=True)
class ScoreRow:
    """One top-level indicator of a score table: its scores and weighted scores in a round.

    The weighted scores are None when the indicator has no score yet (shown "–", not 0.0000).
    """

    indicator: Indicator
    self_score: Decimal | None
    verified_score: Decimal | None
    weighted_self: Decimal | None
    weighted_final: Decimal | None
    result: object | None

    @property
    def counted(self) -> Decimal | None:
        """The score that counts (rules.counting): verified once given, else self-assessed."""
        return counting.counted(self.self_score, self.verified_score)[0]

    @property
    def source(self) -> counting.Source | None:
        return counting.counted(self.self_score, self.verified_score)[1]


@dataclass(frozen=True)
class ScoreCard:
    """An agreement's score table for a round, with how far its total can be trusted.

    `total_final` is the total of the counted scores (verified where given, rules.counting);
    `total_self` the organization's own. Both are None while nothing is reported or the weights do
    not add up (then `problem` says why). A closed round's card is the one frozen when it closed.
    """

    reporting_round: ReportingRound | None
    rows: list[ScoreRow]
    groups: list[tuple[FrameworkGroup, Decimal, Decimal | None, Decimal | None]]
    total_self: Decimal | None
    total_final: Decimal | None
    reported: int
    verified: int = 0
    standing: counting.Standing = counting.Standing.NONE
    problem: str = ""
    frozen: bool = False

    @property
    def is_final(self) -> bool:
        return self.standing == counting.Standing.FINAL


_NO_REPORT = object()


def safe_indicator_score(indicator: Indicator, floor: Decimal, results) -> Decimal | None:
    """indicator_score, or None while the indicator's own definition is incomplete (e.g. a
    composite whose parts do not add up to 100 yet: the check list says so, no page fails)."""
    try:
        return indicator_score(indicator, floor, results)
    except scoring.ScoringError:
        return None


def scorecard(
    agreement: Agreement,
    indicators: list[Indicator],
    reporting_round: ReportingRound | None,
    results: dict | None = None,
    report=_NO_REPORT,
) -> ScoreCard:
    """The agreement's score table for a round: self-assessed and counted (rules.counting).

    Pass `results` (indicator id → Result) and `report` (the round's RoundReport or None) when
    scoring many agreements from one query each. A closed round answers its frozen figures.
    """
    from django.utils.translation import gettext as _

    if report is _NO_REPORT:
        report = (
            RoundReport.objects.filter(agreement=agreement, reporting_round=reporting_round).first()
            if reporting_round is not None
            else None
        )
    if results is None:
        results = {}
        if reporting_round is not None:
            queryset = Result.objects.filter(
                indicator__agreement=agreement, reporting_round=reporting_round
            )
            results = {r.indicator_id: r for r in queryset}
    if report is not None and report.status == counting.REPORT_CLOSED and report.figures:
        return _thawed(report.figures, indicators, reporting_round, results)
    floor = agreement.framework.floor
    top = [i for i in indicators if i.parent_id is None]
    problem = ""
    self_scores = {}
    for indicator in top:
        self_scores[indicator.pk] = safe_indicator_score(indicator, floor, results)
        if self_scores[indicator.pk] is None and indicator.kind == "composite":
            weights = [part.weight for part in indicator.parts.all()]
            if sum(weights, Decimal(0)) != scoring.TOTAL_WEIGHT:
                problem = _(
                    "The weights of the sub-indicators of %(number)s do not add up to 100 yet: "
                    "see the check list."
                ) % {"number": indicator.number}
    verified = {i.pk: _verified(results, i) for i in top}
    counted = {i.pk: counting.counted(self_scores[i.pk], verified[i.pk])[0] for i in top}
    reported = sum(score is not None for score in counted.values())
    verified_count = sum(score is not None for score in verified.values())
    standing = counting.standing(
        report.status if report is not None else None,
        reported=reported,
        verified=verified_count,
        total=len(top),
    )
    try:
        self_table = scoring.score_table(
            scoring.ScoreLine(str(i.pk), str(i.group_id), i.weight, self_scores[i.pk]) for i in top
        )
        final_table = scoring.score_table(
            scoring.ScoreLine(str(i.pk), str(i.group_id), i.weight, counted[i.pk]) for i in top
        )
    except scoring.ScoringError:
        # Weights that do not add up to 100 yet: the check list says so; show scores unweighted.
        rows = [
            ScoreRow(i, self_scores[i.pk], verified[i.pk], None, None, results.get(i.pk))
            for i in top
        ]
        problem = problem or (
            _("The weights do not add up to 100 yet: see the check list.") if top else ""
        )
        return ScoreCard(
            reporting_round, rows, [], None, None, reported, verified_count, standing, problem
        )
    rows = [
        ScoreRow(
            i,
            self_scores[i.pk],
            verified[i.pk],
            s.weighted if s.reported else None,
            f.weighted if f.reported else None,
            results.get(i.pk),
        )
        for i, s, f in zip(top, self_table.lines, final_table.lines, strict=True)
    ]
    groups_by_id = {str(i.group_id): i.group for i in top}
    any_self = any(s is not None for s in self_scores.values())
    groups = [
        (
            groups_by_id[s.group],
            s.weight,
            s.weighted if any_self else None,
            f.weighted if reported else None,
        )
        for s, f in zip(self_table.groups, final_table.groups, strict=True)
    ]
    return ScoreCard(
        reporting_round,
        rows,
        groups,
        self_table.total if any_self and not problem else None,
        final_table.total if reported and not problem else None,
        reported,
        verified_count,
        standing,
        problem,
    )


def _verified(results, indicator):
    result = results.get(indicator.pk)
    return result.verified_score if result is not None else None


def _text(value) -> str | None:
    return None if value is None else str(value)


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def frozen_figures(card: ScoreCard) -> dict:
    """A score card as JSON, kept on the report when the round closes (RoundReport.figures)."""
    return {
        "rows": [
            {
                "indicator": row.indicator.pk,
                "number": row.indicator.number,
                "name": row.indicator.name,
                "group": row.indicator.group_id,
                "weight": str(row.indicator.weight),
                "self": _text(row.self_score),
                "verified": _text(row.verified_score),
                "weighted_self": _text(row.weighted_self),
                "weighted_final": _text(row.weighted_final),
            }
            for row in card.rows
        ],
        "groups": [
            {"group": group.pk, "weight": str(weight), "self": _text(own), "final": _text(final)}
            for group, weight, own, final in card.groups
        ],
        "total_self": _text(card.total_self),
        "total_final": _text(card.total_final),
        "reported": card.reported,
        "verified": card.verified,
    }


def _thawed(figures: dict, indicators, reporting_round, results) -> ScoreCard:
    """The score card frozen at closing, with the indicators as they stood then."""
    by_id = {i.pk: i for i in indicators}
    retired = {line["indicator"] for line in figures["rows"]} - set(by_id)
    if retired:  # retired by an amendment after the round closed: still shown as they stood
        by_id.update((i.pk, i) for i in indicator_queryset(retired=True).filter(pk__in=retired))
    groups = {i.group_id: i.group for i in by_id.values()}
    missing = {row["group"] for row in figures["rows"]} - set(groups)
    if missing:
        groups.update(FrameworkGroup.objects.in_bulk(missing))
    rows = []
    for line in figures["rows"]:
        live = by_id.get(line["indicator"])
        indicator = copy.copy(live) if live is not None else Indicator(pk=line["indicator"])
        indicator.number, indicator.name = line["number"], line["name"]
        indicator.weight = Decimal(line["weight"])
        indicator.group = groups[line["group"]]
        rows.append(
            ScoreRow(
                indicator,
                _number(line["self"]),
                _number(line["verified"]),
                _number(line["weighted_self"]),
                _number(line["weighted_final"]),
                results.get(line["indicator"]),
            )
        )
    return ScoreCard(
        reporting_round,
        rows,
        [
            (groups[g["group"]], Decimal(g["weight"]), _number(g["self"]), _number(g["final"]))
            for g in figures["groups"]
        ],
        _number(figures["total_self"]),
        _number(figures["total_final"]),
        figures["reported"],
        figures["verified"],
        counting.Standing.FINAL,
        "",
        frozen=True,
    )


def latest_round_with_results(agreement: Agreement) -> ReportingRound | None:

    round_id = (
        Result.objects.filter(indicator__agreement=agreement)
        .order_by("-reporting_round__months")
        .values_list("reporting_round_id", flat=True)
        .first()
    )
    return ReportingRound.objects.filter(pk=round_id).first() if round_id else None


def latest_official_round(agreement: Agreement) -> ReportingRound | None:
    """The latest round whose figures are official (rules.counting): its report was submitted to
    the evaluator (every result approved) or verified and closed. Drafts are never published."""

    round_id = (
        RoundReport.objects.filter(
            agreement=agreement,
            status__in=[counting.REPORT_SUBMITTED, counting.REPORT_CLOSED],
        )
        .order_by("-reporting_round__months")
        .values_list("reporting_round_id", flat=True)
        .first()
    )
    return ReportingRound.objects.filter(pk=round_id).first() if round_id else None


@dataclass(frozen=True)
class RoundResult:
    reporting_round: ReportingRound
    result: object | None
    self_score: Decimal | None
    verified_score: Decimal | None
    # Whether a result can still be entered: the round's report is open and the result unlocked.
    enterable: bool = False


def indicator_results(agreement: Agreement, indicator: Indicator) -> list[RoundResult]:
    """The indicator's result and scores in every round of the year, in two queries.

    The stored self score is the one the round holds: the services keep it current in rounds
    not closed (a save, an amendment's rescoring) and leave it as it was in a closed round.
    """

    by_round = {
        result.reporting_round_id: result
        for result in Result.objects.filter(indicator=indicator).select_related("verified_by")
    }
    not_open = set(
        RoundReport.objects.filter(agreement=agreement)
        .filter(status__in=(counting.REPORT_SUBMITTED, counting.REPORT_CLOSED))
        .values_list("reporting_round_id", flat=True)
    )
    rows = []
    for reporting_round in rounds_of(agreement):
        result = by_round.get(reporting_round.pk)
        rows.append(
            RoundResult(
                reporting_round,
                result,
                result.self_score if result else None,
                result.verified_score if result else None,
                enterable=reporting_round.pk not in not_open
                and (result is None or result.is_editable),
            )
        )
    return rows


@dataclass(frozen=True)
class SolverAnswer:
    """The solver's answer as the page says it: steps to do, a value to reach, or a pass."""

    status: str  # already_reached | reachable | not_reachable | unanswerable
    steps: int | None = None
    value: Decimal | None = None
    # Lower is better: `value` is the most the result may be ("at most"), not the least.
    at_most: bool = False
    passed: bool = False
    score: Decimal | None = None
    total: Decimal | None = None
    message: str = ""
    # The other indicators without a score in the round, assumed to score the target total
    # themselves (rules.scoring.required_result): how many, their weight, their weighted share.
    unreported: int = 0
    unreported_weight: Decimal = Decimal(0)
    assumed: Decimal = Decimal(0)
    target_total: Decimal | None = None


def required_result_for(
    agreement: Agreement, indicators: list[Indicator], indicator: Indicator, target_total: Decimal
) -> SolverAnswer:
    """The least this indicator must achieve, the other indicators keeping their latest scores.

    The other indicators without a score in that round are not counted as 0: they are assumed
    to score the target total themselves, and the answer says how many they are.
    """
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from khamrap.agreements.criteria import criteria_for
    from khamrap.rules import units

    if indicator.kind == "composite":
        return SolverAnswer(
            "unanswerable", message=_("Ask the question of each sub-indicator instead.")
        )
    card = scorecard(agreement, indicators, latest_round_with_results(agreement))
    if card.rows and not card.groups:
        return SolverAnswer(
            "unanswerable", message=_("The weights do not add up to 100 yet: see the check list.")
        )
    other_rows = [row for row in card.rows if row.indicator.pk != indicator.pk]
    reported = [r for r in other_rows if r.verified_score is not None or r.self_score is not None]
    unreported = [
        r.indicator.weight for r in other_rows if r.verified_score is None and r.self_score is None
    ]
    others = sum((row.weighted_final or Decimal(0) for row in reported), Decimal(0))
    try:
        answer = scoring.required_result(
            criteria_for(indicator, agreement.framework.floor),
            weight=indicator.weight,
            other_weighted_total=min(others, scoring.MAX_SCORE),
            target_total=target_total,
            unreported_weights=unreported,
            whole=units.is_count(indicator.unit, indicator.targets),
        )
    except scoring.ScoringError as error:
        # The engine says why in Thai and in English; the answer is read in the page's language.
        return SolverAnswer("unanswerable", message=error.text(get_language()))
    result = answer.result
    value = result.value if isinstance(result, scoring.MixedResult) else result
    return SolverAnswer(
        status=str(answer.status),
        steps=answer.steps_done,
        value=value if isinstance(value, Decimal) else None,
        at_most=indicator.direction == scoring.Direction.LOWER_IS_BETTER,
        passed=result is True,
        score=answer.score,
        total=answer.total,
        unreported=len(unreported),
        unreported_weight=sum(unreported, Decimal(0)),
        assumed=answer.assumed,
        target_total=target_total,
    )
