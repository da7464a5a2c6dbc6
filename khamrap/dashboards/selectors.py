"""Reads for dashboards: roll-ups, trends, the early warning and the evaluator's workbench.

Every function runs a fixed number of queries whatever the number of organizations: agreements,
their indicators and the round's results are each read once, then scored in Python by the same
rules as every page (agreements.selectors.scorecard → rules.scoring).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext

from khamrap.agreements.choices import LOCKED_STATUSES, ScoringKind
from khamrap.agreements.criteria import criteria_for
from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import indicators_of, indicators_of_many, scorecard
from khamrap.organizations.choices import Action
from khamrap.periods.models import FiscalYear, ReportingRound
from khamrap.reporting.choices import ReportStatus
from khamrap.reporting.models import Result, RoundReport
from khamrap.rules import counting, scoring
from khamrap.rules.projection import project, project_steps


@dataclass(frozen=True)
class OrganizationTotal:
    """One agreement's totals for a round, with their standing and rank among like totals."""

    agreement: Agreement
    reporting_round: ReportingRound
    total_self: Decimal | None
    total_final: Decimal | None
    reported: int
    indicators: int
    report_status: str
    standing: counting.Standing = counting.Standing.NONE
    verified: int = 0
    rank: int | None = None  # among totals of the same standing (rules.counting.rank)

    @property
    def official(self) -> bool:
        return counting.is_official(self.standing)


def _results_by_agreement(agreements, rounds) -> dict[tuple[int, int], dict[int, Result]]:
    found: dict[tuple[int, int], dict[int, Result]] = defaultdict(dict)
    queryset = Result.objects.filter(
        indicator__agreement__in=[a.pk for a in agreements], reporting_round__in=rounds
    )
    for result in queryset.select_related("indicator"):
        found[(result.indicator.agreement_id, result.reporting_round_id)][result.indicator_id] = (
            result
        )
    return found


def rollup(user, fiscal_year: FiscalYear, months: int) -> list[OrganizationTotal]:
    """The signed agreements the user may see for a year, ranked by their final total for a round."""
    reporting_round = fiscal_year.rounds.filter(months=months).first()
    if reporting_round is None:
        return []
    visible = Agreement.objects.for_user(user).filter(fiscal_year=fiscal_year)
    return rank_agreements(visible, reporting_round)


def rank_agreements(agreements, reporting_round: ReportingRound) -> list[OrganizationTotal]:
    """Signed agreements among `agreements`, ranked like with like for the round (rules.counting):
    final totals among final ones, then partly verified, then submitted; totals still in progress
    follow, unranked.

    Reads the agreements, their indicators, the round's results and reports once each, whatever
    their number; every total comes from agreements.selectors.scorecard, as on every page.
    """
    agreements = list(
        agreements.filter(status__in=LOCKED_STATUSES).select_related(
            "organization", "framework", "fiscal_year"
        )
    )
    indicators = indicators_of_many(agreements)
    results = _results_by_agreement(agreements, [reporting_round])
    report_objects = {
        report.agreement_id: report
        for report in RoundReport.objects.filter(
            agreement__in=agreements, reporting_round=reporting_round
        )
    }
    totals = {}
    for agreement in agreements:
        round_results = results.get((agreement.pk, reporting_round.pk), {})
        report = report_objects.get(agreement.pk)
        card = scorecard(
            agreement, indicators[agreement.pk], reporting_round, round_results, report
        )
        totals[agreement.pk] = OrganizationTotal(
            agreement,
            reporting_round,
            card.total_self,
            card.total_final,
            card.reported,
            len(card.rows),
            report.status if report else ReportStatus.OPEN,
            card.standing,
            card.verified,
        )
    by_name = sorted(totals.values(), key=lambda t: t.agreement.organization.name_th)
    ranked = counting.rank([(t.agreement.pk, t.standing, t.total_final) for t in by_name])
    return [dataclasses.replace(totals[r.key], rank=r.rank) for r in ranked]


@dataclass(frozen=True)
class TrendPoint:
    label: str
    fiscal_year: int
    months: int
    total: Decimal | None


def organization_trend(agreement: Agreement) -> list[TrendPoint]:
    """The organization's official total (rules.counting: submitted, being verified or final) in
    every round of this and earlier years; a round still in progress has no point, so a half-entered
    round never looks like a fall."""
    agreements = list(
        Agreement.objects.filter(
            organization=agreement.organization, fiscal_year__year__lte=agreement.fiscal_year.year
        )
        .select_related("framework", "fiscal_year")
        .order_by("fiscal_year__year")
    )
    rounds = list(
        ReportingRound.objects.filter(fiscal_year__in=[a.fiscal_year_id for a in agreements])
    )
    indicators = indicators_of_many(agreements)
    results = _results_by_agreement(agreements, rounds)
    reports = {
        (report.agreement_id, report.reporting_round_id): report
        for report in RoundReport.objects.filter(agreement__in=agreements)
    }
    points = []
    for a in agreements:
        for r in sorted(
            (r for r in rounds if r.fiscal_year_id == a.fiscal_year_id), key=lambda r: r.months
        ):
            report = reports.get((a.pk, r.pk))
            total = None
            if report is not None and report.status != ReportStatus.OPEN:
                round_results = results.get((a.pk, r.pk), {})
                card = scorecard(a, indicators[a.pk], r, round_results, report)
                total = card.total_final
            points.append(
                TrendPoint(
                    gettext("%(months)s mo. %(year)s")
                    % {"months": r.months, "year": a.fiscal_year.year},
                    a.fiscal_year.year,
                    r.months,
                    total,
                )
            )
    return points


@dataclass(frozen=True)
class Warning:
    indicator: Indicator
    latest_score: Decimal | None
    projected_score: Decimal | None
    projected_result: str
    method: str
    at_risk: bool


def early_warning(agreement: Agreement) -> list[Warning]:
    """Each reportable indicator's projected year-end score from the 6- and 9-month results."""
    indicators = indicators_of(agreement)
    rounds = {r.pk: r.months for r in agreement.fiscal_year.rounds.all()}
    by_indicator: dict[int, dict[int, Result]] = defaultdict(dict)
    for result in Result.objects.filter(
        indicator__agreement=agreement, reporting_round__in=list(rounds)
    ):
        by_indicator[result.indicator_id][rounds[result.reporting_round_id]] = result
    floor = agreement.framework.floor
    warnings = []
    for indicator in [i for i in indicators if i.kind != ScoringKind.COMPOSITE]:
        points = {m: r for m, r in by_indicator[indicator.pk].items() if m < 12}
        if not points:
            continue
        latest = points[max(points)]
        criteria = criteria_for(indicator, floor)
        projected_score, text, method = _project(indicator, criteria, points)
        warnings.append(
            Warning(
                indicator,
                latest.self_score,
                projected_score,
                text,
                method,
                counting.is_at_risk(projected_score),
            )
        )
    return sorted(warnings, key=lambda w: (not w.at_risk, w.projected_score or Decimal(9)))


def _project(indicator, criteria, points):
    if isinstance(criteria, scoring.MilestoneCriteria | scoring.MixedCriteria):
        step_count = criteria.steps
        counts = {m: _in_order(r.steps_done, step_count) for m, r in points.items()}
        steps, method = project_steps(counts, step_count)
        if isinstance(criteria, scoring.MilestoneCriteria):
            done = tuple(n <= steps for n in range(1, step_count + 1))
            return scoring.score(criteria, done), f"{steps}/{step_count}", method
        values = {m: r.value for m, r in points.items()}
        value = project(values, cumulative=False)
        done = tuple(n <= steps for n in range(1, step_count + 1))
        result = scoring.MixedResult(done, value.value if value else None)
        return (
            scoring.score(criteria, result),
            f"{steps}/{step_count}" + (f", {value.value.normalize():f}" if value else ""),
            method,
        )
    if isinstance(criteria, scoring.PassFailCriteria):
        latest = points[max(points)]
        return scoring.score(criteria, bool(latest.passed)), "", "hold"
    projection = project({m: r.value for m, r in points.items()}, cumulative=False)
    if projection is None:
        return None, "", ""
    return (
        scoring.score(criteria, projection.value),
        f"{projection.value.normalize():f}",
        projection.method,
    )


def _in_order(done_numbers, step_count: int) -> int:
    done = set(done_numbers or [])
    level = 0
    while level < step_count and level + 1 in done:
        level += 1
    return level


@dataclass(frozen=True)
class WorkbenchRow:
    agreement: Agreement
    reporting_round: ReportingRound
    report: RoundReport
    to_verify: int
    indicators: int


def workbench(user) -> list[WorkbenchRow]:
    """The reports submitted to this evaluator, with how many indicators still wait for a verified score."""
    evaluated = Agreement.objects.for_user(user, Action.EVALUATE)
    reports = list(
        RoundReport.objects.filter(agreement__in=evaluated)
        .exclude(status=ReportStatus.OPEN)
        .select_related("agreement__organization", "agreement__fiscal_year", "reporting_round")
        .annotate(
            top=Count(
                "agreement__indicators",
                filter=Q(
                    agreement__indicators__parent__isnull=True,
                    agreement__indicators__retired_from__isnull=True,
                ),
                distinct=True,
            ),
        )
        .order_by("reporting_round__deadline", "agreement__organization__path")
    )
    # What still waits for the evaluator comes first.
    reports.sort(key=lambda r: r.status != ReportStatus.SUBMITTED)
    verified = defaultdict(int)
    for agreement_id, round_id in Result.objects.filter(
        indicator__agreement__in=[r.agreement_id for r in reports],
        indicator__parent__isnull=True,
        indicator__retired_from__isnull=True,
        verified_score__isnull=False,
    ).values_list("indicator__agreement_id", "reporting_round_id"):
        verified[(agreement_id, round_id)] += 1
    return [
        WorkbenchRow(
            r.agreement,
            r.reporting_round,
            r,
            r.top - verified[(r.agreement_id, r.reporting_round_id)],
            r.top,
        )
        for r in reports
    ]


def indicator_scores_by_round(
    agreement: Agreement, indicators: list[Indicator]
) -> dict[int, dict[int, Decimal | None]]:
    """{indicator id: {months: counted score}} for the trend lines of each indicator, from the
    official rounds only (as organization_trend), each read as its score card shows it."""
    rounds = {r.pk: r for r in agreement.fiscal_year.rounds.all()}
    reports = {
        report.reporting_round_id: report
        for report in RoundReport.objects.filter(agreement=agreement).exclude(
            status=ReportStatus.OPEN
        )
    }
    by_round: dict[int, dict[int, Result]] = defaultdict(dict)
    for result in Result.objects.filter(
        indicator__agreement=agreement, reporting_round__in=list(reports)
    ):
        by_round[result.reporting_round_id][result.indicator_id] = result
    scores: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for round_id, report in reports.items():
        card = scorecard(agreement, indicators, rounds[round_id], by_round[round_id], report)
        for row in card.rows:
            scores[row.indicator.pk][rounds[round_id].months] = row.counted
    return scores
