"""Scores read back: an agreement's score card in a round, and the stored standings of many.

Every figure comes from the counting rule (rules.counting) through `reporting.scorecard` (the
round's card, as the agreement and round pages show it, frozen once the round is closed) or from
the stored `reporting.RoundStanding` rows the services keep equal to it: never recomputed here.
"""

from decimal import Decimal
from typing import Literal

from django.db.models import F, Window
from django.db.models.functions import Rank
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as InputError
from ninja.pagination import paginate

from khamrap.agreements.choices import LOCKED_STATUSES
from khamrap.agreements.selectors import agreement_get_for_user, indicators_of, rounds_of
from khamrap.organizations.models import Organization
from khamrap.periods.models import ReportingRound
from khamrap.reporting import scorecard as scores
from khamrap.reporting.models import RoundStanding
from khamrap.reporting.selectors import build_round_view, round_view
from khamrap.rules import counting

from ..schemas import READ_ERRORS, Id, OrganizationRef, Pages, Year

router = Router(tags=["scores"])

StandingCode = Literal["none", "in_progress", "submitted", "verifying", "final"]
OFFICIAL_CODES = sorted(str(s) for s in counting.OFFICIAL)


def four(value) -> Decimal | None:
    """A score or total as the counting rule prints it: four places, rounded half-up."""
    return None if value is None else Decimal(counting.four_places(value))


def unknown_round() -> InputError:
    """A round that is not one of the agreement's year (or none at all): bad input, 422 with
    the code `unknown_round` at ["query", "round"]."""
    return InputError([{"loc": ("query", "round"), "type": "unknown_round"}])


# --- an agreement's score card ---------------------------------------------------------------


class RoundRef(Schema):
    id: int
    months: int = Field(description="The round's length: 3, 6, 9 or 12 months of the year.")
    deadline: str = Field(description="The day its report is due, YYYY-MM-DD.")


class PartOut(Schema):
    indicator_id: int
    number: str
    name: str
    weight: Decimal = Field(description="Its weight within the composite (the parts add to 100).")
    self_score: Decimal | None
    verified_score: Decimal | None
    status: str | None = Field(
        description="The result's status (draft, submitted, returned, approved); null: none."
    )


class IndicatorScoreOut(Schema):
    indicator_id: int
    number: str
    name: str
    group_id: int
    weight: Decimal
    self_score: Decimal | None = Field(description="The organization's self-assessed score.")
    verified_score: Decimal | None = Field(description="The evaluator's verified score, if any.")
    score: Decimal | None = Field(
        description="The counted score: verified once given, else self-assessed; null: none."
    )
    source: Literal["self", "verified"] | None = Field(
        description="Which of the two `score` is (rules.counting.counted)."
    )
    weighted_self: Decimal | None
    weighted_score: Decimal | None = Field(description="The counted score times its weight.")
    status: str | None = Field(
        description=(
            "The result's status (draft, submitted, returned, approved); a composite's is the "
            "least advanced of its parts'; null: no result."
        )
    )
    at_risk: bool = Field(description="The counted score is under 3 (rules.counting).")
    parts: list[PartOut] = Field(description="A composite's sub-indicators, else empty.")


class GroupScoreOut(Schema):
    group_id: int
    key: str
    name_th: str
    name_en: str
    weight: Decimal
    weighted_self: Decimal | None
    weighted_score: Decimal | None


class ProgressOut(Schema):
    reported: int = Field(description="Top-level indicators with a counted score.")
    verified: int = Field(description="Top-level indicators with a verified score.")
    indicators: int = Field(description="Top-level indicators that count in the round.")
    results: dict[str, int] = Field(
        description=(
            "Results of the indicators that carry their own (not composites), by status, with "
            "`missing` and `total`."
        )
    )


class ScoreCardOut(Schema):
    agreement_id: int
    organization: OrganizationRef
    fiscal_year: int = Field(description="The Buddhist Era year, e.g. 2569.")
    round: RoundRef | None = Field(description="The round scored; null when the year has none.")
    rounds: list[RoundRef] = Field(description="Every round of the agreement's year.")
    standing: StandingCode = Field(
        description="How far the total can be trusted (rules.counting.Standing)."
    )
    is_official: bool = Field(description="Submitted, being verified or final: publishable.")
    frozen: bool = Field(description="The figures frozen when the round closed.")
    total_self: Decimal | None = Field(description="The weighted total of the self scores.")
    total: Decimal | None = Field(description="The weighted total of the counted scores.")
    problem: str = Field(description="Why there is no total yet (weights not adding up), or ''.")
    progress: ProgressOut
    groups: list[GroupScoreOut]
    indicators: list[IndicatorScoreOut]


def _round_ref(reporting_round: ReportingRound) -> dict:
    return {
        "id": reporting_round.pk,
        "months": reporting_round.months,
        "deadline": reporting_round.deadline.isoformat(),
    }


def _indicator_rows(view) -> list[dict]:
    """The card's top-level rows, each with the status the round page shows and its parts."""
    by_indicator = {}
    out = []
    for row in view.rows:
        if row.depth == 1:
            by_indicator[row.indicator.parent_id]["parts"].append(
                {
                    "indicator_id": row.indicator.pk,
                    "number": row.indicator.number,
                    "name": row.indicator.name,
                    "weight": row.indicator.weight,
                    "self_score": four(row.self_score),
                    "verified_score": four(row.verified_score),
                    "status": row.status,
                }
            )
            continue
        by_indicator[row.indicator.pk] = {"status": row.status, "parts": []}
    for line in view.card.rows:
        indicator = line.indicator
        counted, source = line.counted, line.source
        extra = by_indicator.get(indicator.pk, {"status": None, "parts": []})
        out.append(
            {
                "indicator_id": indicator.pk,
                "number": indicator.number,
                "name": indicator.name,
                "group_id": indicator.group_id,
                "weight": indicator.weight,
                "self_score": four(line.self_score),
                "verified_score": four(line.verified_score),
                "score": four(counted),
                "source": str(source) if source else None,
                "weighted_self": four(line.weighted_self),
                "weighted_score": four(line.weighted_final),
                "status": extra["status"],
                "at_risk": counting.is_at_risk(counted),
                "parts": extra["parts"],
            }
        )
    return out


@router.get(
    "/agreements/{agreement_id}/scores",
    response={200: ScoreCardOut, **READ_ERRORS},
    summary="An agreement's score card in a round",
)
def agreement_scores(request, agreement_id: Id, round: Id | None = None):
    """The score table of a round, as the agreement page shows it: each indicator's self,
    verified and counted score with its status, the weighted totals, the standing and whether
    they are official. Without `round`, the latest round with results (else the year's first).
    A closed round answers the figures frozen when it closed."""
    agreement = agreement_get_for_user(request.user, agreement_id)
    rounds = rounds_of(agreement)
    if round is not None:
        chosen = next((r for r in rounds if r.pk == round), None)
        if chosen is None:
            raise unknown_round()
    else:
        chosen = scores.latest_round_with_results(agreement) or (rounds[0] if rounds else None)
    if chosen is not None:
        view = round_view(agreement, chosen)
    else:  # a year without rounds: the card the agreement page shows, with nothing reported
        view = build_round_view(agreement, indicators_of(agreement), None, {}, None)
    card = view.card
    organization = agreement.organization
    return {
        "agreement_id": agreement.pk,
        "organization": organization,
        "fiscal_year": agreement.fiscal_year.year,
        "round": _round_ref(chosen) if chosen else None,
        "rounds": [_round_ref(r) for r in rounds],
        "standing": str(card.standing),
        "is_official": counting.is_official(card.standing),
        "frozen": card.frozen,
        "total_self": four(card.total_self),
        "total": four(card.total_final),
        "problem": card.problem,
        "progress": {
            "reported": card.reported,
            "verified": card.verified,
            "indicators": len(card.rows),
            "results": view.progress,
        },
        "groups": [
            {
                "group_id": group.pk,
                "key": group.key,
                "name_th": group.name_th,
                "name_en": group.name_en,
                "weight": weight,
                "weighted_self": four(own),
                "weighted_score": four(final),
            }
            for group, weight, own, final in card.groups
        ],
        "indicators": _indicator_rows(view),
    }


# --- the stored standings ----------------------------------------------------------------------


class StandingOut(Schema):
    agreement_id: int
    organization: OrganizationRef = Field(alias="agreement.organization")
    fiscal_year: int = Field(alias="reporting_round.fiscal_year.year")
    round_id: int = Field(alias="reporting_round_id")
    months: int = Field(alias="reporting_round.months")
    report_status: str = Field(description="open, submitted or closed.")
    standing: StandingCode
    is_official: bool
    total_self: Decimal | None
    total: Decimal | None = Field(description="The weighted total of the counted scores.")
    reported: int
    verified: int
    indicators: int
    rank: int | None = Field(
        description=(
            "Among the signed agreements the caller may see with an official total of the same "
            "standing in the same round (final among final, …), 1 the highest, ties shared; "
            "null when not official."
        )
    )

    @staticmethod
    def resolve_is_official(obj) -> bool:
        return counting.is_official(obj.standing)

    @staticmethod
    def resolve_total_self(obj) -> Decimal | None:
        return four(obj.total_self)

    @staticmethod
    def resolve_total(obj) -> Decimal | None:
        return four(obj.total_final)


class StandingFilters(Schema):
    year: Year | None = None
    round: Id | None = Field(None, description="A round's id.")
    organization: Id | None = Field(None, description="This organization and every one below it.")
    standing: StandingCode | None = None
    official_only: bool = Field(False, description="Only submitted, verifying or final totals.")


def ranks_of(user, round_ids) -> dict[int, int]:
    """The rank of each ranked standing of these rounds, as rules.counting.rank gives it in the
    roll-up: among the signed agreements `user` may see, official totals of the same standing in
    the same round, the highest first, ties sharing a rank. One window query for the rounds."""
    if not round_ids:
        return {}
    ranked = (
        RoundStanding.objects.for_user(user)
        .filter(
            reporting_round_id__in=round_ids,
            standing__in=OFFICIAL_CODES,
            total_final__isnull=False,
            agreement__status__in=LOCKED_STATUSES,
        )
        .annotate(
            rank=Window(
                Rank(),
                partition_by=[F("reporting_round_id"), F("standing")],
                order_by=F("total_final").desc(),
            )
        )
        .values_list("pk", "rank")
    )
    return dict(ranked)


class RankedStandings:
    """Standings to page through (django-ninja slices and counts it): each page's rows get their
    rank from one window query over the rounds on the page (`ranks_of`), not a count per row (20x
    the floor at national size, BENCHMARKS.md). The rank's domain is everything the caller sees,
    whatever the page's filters."""

    def __init__(self, standings, user):
        self.standings = standings
        self.user = user

    def all(self):
        return self

    def count(self) -> int:
        return self.standings.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list:
        rows = list(self.standings[page])
        ranks = ranks_of(self.user, {row.reporting_round_id for row in rows})
        for row in rows:
            row.rank = ranks.get(row.pk)
        return rows


@router.get(
    "/standings",
    response={200: list[StandingOut], **READ_ERRORS},
    summary="Stored standings of agreements by round",
)
@paginate(Pages)
def standing_list(request, filters: Query[StandingFilters]):
    """Each agreement's figures in each round as stored for roll-ups (reporting.RoundStanding):
    totals, standing, progress and the rank among like totals. Newest year first, then by round,
    then in tree order."""
    standings = RoundStanding.objects.for_user(request.user)
    if filters.round is not None:
        if not ReportingRound.objects.filter(pk=filters.round).exists():
            raise unknown_round()
        standings = standings.filter(reporting_round=filters.round)
    if filters.year is not None:
        standings = standings.filter(reporting_round__fiscal_year__year=filters.year)
    if filters.organization is not None:
        top = (
            Organization.objects.for_user(request.user)
            .filter(pk=filters.organization)
            .values_list("path", flat=True)
            .first()
        )
        if top is None:  # not one the caller may see: nothing, as for any other unseen id
            return RankedStandings(standings.none(), request.user)
        standings = standings.filter(agreement__organization__path__startswith=top)
    if filters.standing is not None:
        standings = standings.filter(standing=filters.standing)
    if filters.official_only:
        standings = standings.filter(standing__in=OFFICIAL_CODES)
    ordered = (
        standings.select_related("agreement__organization", "reporting_round__fiscal_year")
        .defer("groups", "progress")
        .order_by(
            "-reporting_round__fiscal_year__year",
            "reporting_round__months",
            "agreement__organization__path",
            "pk",
        )
    )
    return RankedStandings(ordered, request.user)


__all__ = ["router"]
