"""Reads for dashboards: roll-ups, trends, the early warning and the evaluator's workbench.

Every function runs a fixed number of queries whatever the number of organizations: agreements,
their indicators and the round's results are each read once, then scored in Python by the same
rules as every page (reporting.scorecard.scorecard → rules.scoring).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, QuerySet, When
from django.utils.translation import gettext

from khamrap.agreements.choices import LOCKED_STATUSES, ScoringKind
from khamrap.agreements.criteria import criteria_for
from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import scoring_indicators_of_many
from khamrap.organizations.choices import Action
from khamrap.periods.models import FiscalYear, ReportingRound
from khamrap.reporting.choices import ReportStatus
from khamrap.reporting.models import Result, RoundReport, RoundStanding
from khamrap.reporting.scorecard import scorecard
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

    One query, whatever the number of agreements: the totals are the stored standings
    (reporting.standings), which the services keep equal to the score card of every page.
    """
    standings = (
        RoundStanding.objects.filter(
            reporting_round=reporting_round,
            agreement__in=agreements.filter(status__in=LOCKED_STATUSES).values("pk"),
        )
        .select_related("agreement__organization")
        .only(*_TOTAL_FIELDS)
        .order_by("agreement__organization__name_th", "agreement_id")
    )
    totals = {}
    for standing in standings:
        totals[standing.agreement_id] = OrganizationTotal(
            standing.agreement,
            reporting_round,
            standing.total_self,
            standing.total_final,
            standing.reported,
            standing.indicators,
            standing.report_status,
            counting.Standing(standing.standing),
            standing.verified,
        )
    ranked = counting.rank([(t.agreement.pk, t.standing, t.total_final) for t in totals.values()])
    return [dataclasses.replace(totals[r.key], rank=r.rank) for r in ranked]


# What a roll-up row reads: the standing's figures and the organization's names.
_TOTAL_FIELDS = (
    "agreement_id",
    "reporting_round_id",
    "report_status",
    "standing",
    "total_self",
    "total_final",
    "reported",
    "verified",
    "indicators",
    "agreement__organization_id",
    "agreement__fiscal_year_id",
    "agreement__status",
    "agreement__organization__code",
    "agreement__organization__name_th",
    "agreement__organization__name_en",
    "agreement__organization__path",
)


def standing_counts(totals: list[OrganizationTotal]) -> list[tuple[str, int]]:
    """How many totals of each standing, in the ranking's order (rules.counting), for the summary
    line above a long roll-up."""
    counts: dict[str, int] = defaultdict(int)
    for total in totals:
        counts[str(total.standing)] += 1
    return [(str(s), counts[str(s)]) for s in counting.LISTED_ORDER if counts[str(s)]]


def latest_reported_months(user, fiscal_year: FiscalYear) -> int | None:
    """The latest round of the year in which a signed agreement the user may see has a score."""
    return (
        RoundStanding.objects.for_user(user)
        .filter(
            reporting_round__fiscal_year=fiscal_year,
            reported__gt=0,
            agreement__fiscal_year=fiscal_year,
            agreement__status__in=LOCKED_STATUSES,
        )
        .order_by("-reporting_round__months")
        .values_list("reporting_round__months", flat=True)
        .first()
    )


@dataclass(frozen=True)
class TrendPoint:
    label: str
    fiscal_year: int
    months: int
    total: Decimal | None


def organization_trend(agreement: Agreement) -> list[TrendPoint]:
    """The organization's official total (rules.counting: submitted, being verified or final) in
    every round of this and earlier years; a round still in progress has no point, so a half-entered
    round never looks like a fall. Read from the stored standings in one query."""
    standings = {
        (s.agreement_id, s.reporting_round_id): s
        for s in RoundStanding.objects.filter(
            agreement__organization=agreement.organization_id,
            agreement__fiscal_year__year__lte=agreement.fiscal_year.year,
        )
    }
    rounds = ReportingRound.objects.filter(
        fiscal_year__agreements__organization=agreement.organization_id,
        fiscal_year__year__lte=agreement.fiscal_year.year,
    ).select_related("fiscal_year")
    agreement_of_year = dict(
        Agreement.objects.filter(
            organization=agreement.organization_id,
            fiscal_year__year__lte=agreement.fiscal_year.year,
        ).values_list("fiscal_year_id", "pk")
    )
    points = []
    for r in sorted(rounds, key=lambda r: (r.fiscal_year.year, r.months)):
        standing = standings.get((agreement_of_year[r.fiscal_year_id], r.pk))
        official = standing is not None and standing.report_status != ReportStatus.OPEN
        points.append(
            TrendPoint(
                gettext("%(months)s mo. %(year)s")
                % {"months": r.months, "year": r.fiscal_year.year},
                r.fiscal_year.year,
                r.months,
                standing.total_final if official else None,
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
    return early_warnings([agreement])[agreement.pk]


def early_warnings(agreements: list[Agreement]) -> dict[int, list[Warning]]:
    """early_warning for many agreements (the summary's indicators at risk), in five queries."""
    ids = [a.pk for a in agreements]
    indicators = scoring_indicators_of_many(ids)
    months = dict(
        ReportingRound.objects.filter(fiscal_year__agreements__in=ids).values_list("pk", "months")
    )
    by_indicator: dict[int, dict[int, Result]] = defaultdict(dict)
    for result in Result.objects.filter(
        indicator__agreement__in=ids, reporting_round__in=list(months)
    ).only(
        "id", "indicator_id", "reporting_round_id", "value", "steps_done", "passed", "self_score"
    ):
        by_indicator[result.indicator_id][months[result.reporting_round_id]] = result
    floors = dict(Agreement.objects.filter(pk__in=ids).values_list("pk", "framework__floor"))
    found: dict[int, list[Warning]] = {}
    for agreement in agreements:
        floor = floors[agreement.pk]
        warnings = []
        for indicator in indicators[agreement.pk]:
            if indicator.kind == ScoringKind.COMPOSITE:
                continue
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
        found[agreement.pk] = sorted(
            warnings, key=lambda w: (not w.at_risk, w.projected_score or Decimal(9))
        )
    return found


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


def workbench(user) -> QuerySet[RoundStanding]:
    """The reports submitted to this evaluator, what still waits for them first, with how many
    indicators wait for a verified score: a queryset of stored standings, for the page to page."""
    waiting_first = Case(When(report_status=ReportStatus.SUBMITTED, then=0), default=1)
    return (
        RoundStanding.objects.for_user(user, Action.EVALUATE)
        .exclude(report_status=ReportStatus.OPEN)
        .select_related("agreement__organization", "agreement__fiscal_year", "reporting_round")
        .order_by(waiting_first, "reporting_round__deadline", "agreement__organization__path", "pk")
    )


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
