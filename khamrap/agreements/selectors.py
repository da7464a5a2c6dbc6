"""Reads of agreements: lists, the agreement page, its timeline and its score table."""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khamrap.organizations.choices import Action, Role
from khamrap.organizations.models import Membership
from khamrap.organizations.selectors import organization_ancestors
from khamrap.periods.models import ReportingRound
from khamrap.rules import counting, scoring

from . import history
from .choices import PLANNED_DAYS, STATUS_ORDER, AgreementStatus
from .criteria import indicator_score
from .models import (
    Agreement,
    AgreementEvent,
    Amendment,
    FrameworkGroup,
    Indicator,
    IndicatorChange,
    IndicatorStep,
    ReformIssue,
)


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


def indicators_editable(agreement: Agreement) -> bool:
    """Whether the agreement's indicators may change now: a draft, or a signed agreement with an
    open amendment (services._require_editable refuses the others)."""
    return not agreement.is_locked or agreement.amendments.filter(closed_at__isnull=True).exists()


def signatories_suggested(agreement: Agreement, signer) -> dict:
    """The signing form's first values: who makes the promise, who receives it, and today.

    The promisor is the organization's own executive (its head), the promisee the nearest executive
    above it; the signer stands on whichever side they are. Where nobody holds the role, the names
    signed on the organization's latest earlier agreement stand in; where there is none, it is left
    for the signer to write.
    """
    organization = agreement.organization
    chain = [organization, *reversed(organization_ancestors(organization))]
    nearness = {o.pk: n for n, o in enumerate(chain)}
    executives = sorted(
        Membership.objects.filter(role=Role.EXECUTIVE, organization__in=chain, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__username"),
        key=lambda m: nearness[m.organization_id],
    )
    own = [m.user for m in executives if m.organization_id == organization.pk]
    above = [m.user for m in executives if m.organization_id != organization.pk]
    if signer in own:
        promisor, promisee = signer, next(iter(above), None)
    else:
        promisor = next(iter(own), None)
        promisee = signer if signer in above else next(iter(above), None)
    earlier = (
        Agreement.objects.filter(
            organization=organization,
            signed_on__isnull=False,
            fiscal_year__year__lt=agreement.fiscal_year.year,
        )
        .order_by("-fiscal_year__year")
        .first()
    )
    values: dict = {"signed_on": timezone.localdate()}
    for side, person in (("promisor", promisor), ("promisee", promisee)):
        if person is not None:
            values[f"{side}_name"] = person.display_name
            values[f"{side}_position"] = person.position
        elif earlier is not None:
            values[f"{side}_name"] = getattr(earlier, f"{side}_name")
            values[f"{side}_position"] = getattr(earlier, f"{side}_position")
    return values


# What pages and documents show of the people named on an indicator (not their whole rows).
PERSON_FIELDS = ("id", "username", "title", "first_name", "last_name", "position", "phone", "email")


def _indicator_queryset(*, retired: bool = False):
    """Indicators in force (not retired by an amendment), or every one with `retired`."""
    in_force = Q() if retired else Q(retired_from__isnull=True)
    steps = Prefetch("steps", queryset=IndicatorStep.objects.order_by("number"))
    people = [
        Prefetch(relation, queryset=get_user_model().objects.only(*PERSON_FIELDS))
        for relation in ("supervisors", "collectors")
    ]
    parts = Prefetch(
        "parts",
        queryset=Indicator.objects.filter(in_force)
        .order_by("order", "pk")
        .prefetch_related(steps, *people),
    )
    return (
        Indicator.objects.filter(in_force)
        .select_related("group", "retired_from")
        .prefetch_related(steps, parts, *people, "issues")
        .order_by("group__order", "order", "pk")
    )


def indicators_of(agreement: Agreement) -> list[Indicator]:
    """The indicators in force of an agreement with their steps, parts, people and issues.

    An indicator retired by an amendment is left out: it counts only in rounds closed before the
    amendment, whose figures are frozen on their report (scorecard reads it from there).
    """
    return list(_indicator_queryset().filter(agreement=agreement))


def indicators_of_many(agreements: list[Agreement]) -> dict[int, list[Indicator]]:
    """indicators_of for many agreements in the same fixed number of queries."""
    by_agreement: dict[int, list[Indicator]] = {a.pk: [] for a in agreements}
    for indicator in _indicator_queryset().filter(agreement__in=[a.pk for a in agreements]):
        by_agreement[indicator.agreement_id].append(indicator)
    return by_agreement


# What scoring reads of an indicator (rules.scoring through criteria.criteria_for) and what a
# score table shows of it; the long texts stay in the database.
SCORING_FIELDS = (
    "id",
    "agreement_id",
    "group_id",
    "parent_id",
    "number",
    "order",
    "name",
    "weight",
    "kind",
    "direction",
    "mixed_steps",
    "target_1",
    "target_2",
    "target_3",
    "target_4",
    "target_5",
    "unit",
    "retired_from_id",
)


def scoring_indicators_of_many(agreement_ids) -> dict[int, list[Indicator]]:
    """The indicators in force of many agreements as scoring reads them, in three flat queries:
    for the stored standings and the roll-ups at national size.

    Each indicator answers `steps.all()` with as many entries as it has steps (scoring reads
    only their number) and `parts.all()` with its sub-indicators in order: attached here rather
    than by prefetch_related, whose cost per object made a national rebuild take minutes.
    """
    agreement_ids = list(agreement_ids)
    step_counts = dict(
        IndicatorStep.objects.filter(
            indicator__agreement__in=agreement_ids, indicator__retired_from__isnull=True
        )
        .values("indicator_id")
        .annotate(count=Count("pk"))
        .values_list("indicator_id", "count")
    )
    indicators = list(
        Indicator.objects.filter(agreement_id__in=agreement_ids, retired_from__isnull=True)
        .only(*SCORING_FIELDS)
        .order_by("order", "pk")
    )
    groups = FrameworkGroup.objects.in_bulk({i.group_id for i in indicators})
    parts: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.parent_id is not None:
            parts[indicator.parent_id].append(indicator)
    by_agreement: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicator.group = groups[indicator.group_id]
        indicator._prefetched_objects_cache = {
            "steps": [None] * step_counts.get(indicator.pk, 0),
            "parts": parts.get(indicator.pk, []),
        }
        by_agreement[indicator.agreement_id].append(indicator)
    for listed in by_agreement.values():
        listed.sort(key=lambda i: (i.group.order, i.order, i.pk))
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

    from khamrap.reporting.models import Result, RoundReport

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
        by_id.update((i.pk, i) for i in _indicator_queryset(retired=True).filter(pk__in=retired))
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


def latest_official_round(agreement: Agreement) -> ReportingRound | None:
    """The latest round whose figures are official (rules.counting): its report was submitted to
    the evaluator (every result approved) or verified and closed. Drafts are never published."""
    from khamrap.reporting.models import RoundReport

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
    # Whether a result can still be entered: the round's report is open and the result unlocked.
    enterable: bool = False


def indicator_results(agreement: Agreement, indicator: Indicator) -> list[RoundResult]:
    """The indicator's result and scores in every round of the year, in two queries.

    The stored self score is the one the round holds: the services keep it current in rounds
    not closed (a save, an amendment's rescoring) and leave it as it was in a closed round.
    """
    from khamrap.reporting.models import Result, RoundReport

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

    from khamrap.rules import units

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


def amendment_lines(amendment: Amendment) -> list[history.Line]:
    """What an amendment changes, as sentences (agreements.history). Once closed, from its two
    snapshots; while open, the indicator changes made under it so far, with who and when."""
    agreement = amendment.agreement
    groups = list(FrameworkGroup.objects.filter(framework=agreement.framework_id))
    if amendment.closed_at is None:
        changes = (
            IndicatorChange.objects.filter(amendment=amendment)
            .select_related("actor")
            .order_by("at", "pk")
        )
        parents = agreement.indicators.values_list("pk", "number")
        return history.indicator_lines(
            changes,
            groups={str(g.pk): str(g) for g in groups},
            parents={str(pk): number for pk, number in parents},
        )
    issues = {issue.code: str(issue) for issue in ReformIssue.objects.all()}
    lines = []
    for change in amendment_changes(amendment.before, amendment.after):
        text = history.snapshot_change(
            change.field,
            change.before,
            change.after,
            number=change.number,
            groups={g.key: str(g) for g in groups},
            issues=issues,
        )
        if text:  # targets that differ only in how they are written (70 and 70.0000) say nothing
            lines.append(history.Line(change.number, text))
    return lines
