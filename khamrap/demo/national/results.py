"""The results of a generated agreement, round by round, as far as its profile says each round has
gone, with the self scores, verified scores and closed figures the services would store."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from khamrap.agreements.criteria import indicator_score
from khamrap.organizations.models import Organization
from khamrap.periods.models import ReportingRound
from khamrap.reporting.choices import ReportStatus, ResultStatus
from khamrap.reporting.models import Result, RoundReport
from khamrap.reporting.scorecard import frozen_figures, scorecard
from khamrap.rules import counting

from .bulk import insert
from .data import (
    BATCH,
    EXPLANATION,
    MX,
    NL,
    OPEN_RESULT_STATUSES,
    OPEN_RESULT_WEIGHTS,
    PF,
    PROFILE_WEIGHTS,
    PROFILES,
    RETURN_COMMENT,
    ROUND_MONTHS,
    VERIFY_REASON,
    M,
    N,
    quantized,
)
from .indicators import Item
from .report import NationalReport


class ResultMaker:
    """Builds each agreement's results and round reports and stores a chunk's at once."""

    def __init__(self, fiscal_year, floor, organizations, users, report: NationalReport, now):
        self.fiscal_year = fiscal_year
        self.floor = floor
        self.rounds = {
            r.months: r
            for r in fiscal_year.rounds.filter(months__in=ROUND_MONTHS).order_by("months")
        }
        self.organizations = organizations
        self.users = users
        self.report = report
        self.roots = {o.path: code for code, o in organizations.items() if o.depth == 1}
        self._pending_results: list[Result] = []
        self._pending_reports: list[RoundReport] = []
        self.now = now

    def _top(self, code: str) -> str:
        """The ministry or province an organization is under (where its evaluator sits)."""
        return self.roots[self.organizations[code].path[: Organization.steplen]]

    def _at(self, reporting_round: ReportingRound, rng: random.Random, days_before: int = 20):
        day = reporting_round.deadline - dt.timedelta(days=rng.randrange(1, days_before))
        return dt.datetime.combine(day, dt.time(10, rng.randrange(60)), tzinfo=dt.UTC)

    def _profile(self, rng: random.Random, index: int) -> tuple[str, str, str]:
        if index < len(PROFILES):
            return PROFILES[index]
        return rng.choices(PROFILES, weights=PROFILE_WEIGHTS)[0]

    def _measure(self, item: Item, months: int, rng: random.Random, result: Result) -> None:
        """A random result for the indicator, further along in later rounds."""
        indicator = item.indicator
        shape = item.shape
        progress = months / 12
        if shape in (N, NL):
            t1, t5 = indicator.target_1, indicator.target_5
            span = abs(t5 - t1)
            low, high = min(t1, t5) - span / 2, max(t1, t5) + span / 4
            result.value = quantized(rng.uniform(float(low), float(high)))
        elif shape == M:
            done = min(5, max(0, round(rng.uniform(0, 5.5) * (0.5 + progress / 2))))
            steps = list(range(1, done + 1))
            if 0 < done < 4 and rng.random() < 0.15:
                steps.append(done + 2)  # a step done out of order: it does not count yet
            result.steps_done = steps
            result.step_dates = {
                str(n): (self.fiscal_year.starts_on + dt.timedelta(days=20 * n)).isoformat()
                for n in steps
            }
        elif shape == MX:
            m = indicator.mixed_steps
            done = m if rng.random() < 0.4 + progress / 2 else rng.randrange(m)
            result.steps_done = list(range(1, done + 1))
            if done == m:
                targets = [t for t in indicator.targets if t is not None]
                span = targets[-1] - targets[0]
                result.value = quantized(
                    rng.uniform(float(targets[0] - span / 3), float(targets[-1] + span / 4))
                )
        elif shape == PF:
            result.passed = rng.random() < 0.5 + progress / 3

    def make(self, spec, agreement, items: list[Item], rng, index: int) -> None:
        """The agreement's results and reports of every round, kept until `store`."""
        profile = self._profile(rng, index)
        collector = self.users[("collect", spec.code)]
        supervisor = self.users[("super", spec.code)]
        coordinator = self.users[("coord", spec.code)]
        evaluator = self.users[("eval", self._top(spec.code))]
        for months, report_status in zip(ROUND_MONTHS, profile, strict=True):
            reporting_round = self.rounds[months]
            results: dict[int, Result] = {}
            for item in items:
                for leaf in item.parts or [item]:
                    if report_status == "open":
                        status = rng.choices(
                            OPEN_RESULT_STATUSES, weights=OPEN_RESULT_WEIGHTS[months]
                        )[0]
                    else:
                        status = ResultStatus.APPROVED
                    if status is None:
                        continue
                    result = Result(
                        indicator=leaf.indicator,
                        reporting_round=reporting_round,
                        status=status,
                        performance=f"ดำเนินการตามแผนงานด้าน{leaf.indicator.name} รอบ {months} เดือน",
                        version=2,
                    )
                    self._measure(leaf, months, rng, result)
                    if status != ResultStatus.DRAFT:
                        result.submitted_by = collector
                        result.submitted_at = self._at(reporting_round, rng)
                        result.version = 3
                    if status == ResultStatus.RETURNED:
                        result.return_comment = RETURN_COMMENT
                        result.version = 4
                    if status == ResultStatus.APPROVED:
                        result.approved_by = supervisor
                        result.approved_at = result.submitted_at + dt.timedelta(days=1)
                        result.version = 4
                    results[leaf.indicator.pk] = result
            # Self scores as the services compute them: the part, then its composite.
            for item in items:
                for part in item.parts:
                    if part.indicator.pk in results:
                        self._score(part, results)
                if item.parts:
                    if any(part.indicator.pk in results for part in item.parts):
                        results[item.indicator.pk] = Result(
                            indicator=item.indicator, reporting_round=reporting_round, version=1
                        )
                        self._score(item, results)
                elif item.indicator.pk in results:
                    self._score(item, results)
            for result in results.values():
                if counting.is_at_risk(result.self_score):
                    result.explanation = EXPLANATION
            report = RoundReport(agreement=agreement, reporting_round=reporting_round)
            report.status = report_status
            if report_status != ReportStatus.OPEN:
                report.submitted_by = coordinator
                report.submitted_at = dt.datetime.combine(
                    reporting_round.deadline, dt.time(16), tzinfo=dt.UTC
                )
                tops = list(items)
                verified = (
                    len(tops)
                    if report_status == ReportStatus.CLOSED
                    else rng.randrange(len(tops) // 2 + 1)
                )
                for item in tops[:verified]:
                    result = results[item.indicator.pk]
                    result.verified_score = result.self_score
                    if rng.random() < 0.15 and result.self_score >= Decimal("0.5"):
                        result.verified_score = result.self_score - Decimal("0.5000")
                        result.verified_reason = VERIFY_REASON
                    result.verified_by = evaluator
                    result.verified_at = report.submitted_at + dt.timedelta(days=7)
                    result.version += 1
            if report_status == ReportStatus.CLOSED:
                indicators = [i.indicator for item in items for i in [item, *item.parts]]
                card = scorecard(agreement, indicators, reporting_round, results, None)
                report.figures = frozen_figures(card)
                report.closed_by = evaluator
                report.closed_at = report.submitted_at + dt.timedelta(days=14)
            self._pending_results.extend(results.values())
            self._pending_reports.append(report)

    def _score(self, item: Item, results: dict[int, Result]) -> None:
        results[item.indicator.pk].self_score = indicator_score(item.indicator, self.floor, results)

    def store(self) -> None:
        """The results and round reports made since the last call."""
        insert(Result, self._pending_results, self.now)
        RoundReport.objects.bulk_create(self._pending_reports, batch_size=BATCH)
        self.report.results += len(self._pending_results)
        self.report.reports += len(self._pending_reports)
        self.report.result_statuses.update(r.status for r in self._pending_results)
        self.report.report_statuses.update(r.status for r in self._pending_reports)
        self._pending_results = []
        self._pending_reports = []
