"""The one counting rule: what a round's figure is made of, how sure it is, and how it is shown.

Every page, document, export and command asks these functions; none decides on its own.

- An indicator's **counted score** in a round is the evaluator's verified score once given, else
  the organization's self-assessed score. Which of the two it is travels with it (`Source`).
- A round's **total** is the weighted sum of the counted scores. How far it can be trusted is its
  **standing**, read from the organization's report and how many indicators the evaluator
  verified: in progress (the report is being prepared: drafts count), submitted (every result
  approved and sent to the evaluator), being verified (some scores verified), final (the evaluator
  verified every indicator and closed the round). Only a submitted, verifying or final figure is
  **official**: the public and the rankings of several organizations see only those, labelled.
- Totals of different standings are never ranked against each other: a final total is ranked
  among final totals, a submitted one among submitted ones; in-progress totals are not ranked.
- Nothing reported is "–", never 0.0000.
- A composite indicator has no status of its own: it shows the least advanced status of its parts.

Pure Python: no Django, no database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

# A score under this is at risk: it is shown red by default, and a result needs an explanation
# before it is submitted (seed 003). The colour bands may be set per deployment; this may not.
AT_RISK_BELOW = Decimal(3)

DASH = "–"
_FOUR = Decimal("0.0001")


class Source(enum.StrEnum):
    """Where a counted score comes from."""

    SELF = "self"  # the organization's self-assessment (draft, submitted or approved)
    VERIFIED = "verified"  # the evaluator's verified score


class Standing(enum.StrEnum):
    """How far a round's total can be trusted, from the least to the most."""

    NONE = "none"  # nothing reported yet
    IN_PROGRESS = "in_progress"  # the report is being prepared: drafts count, not official
    SUBMITTED = "submitted"  # sent to the evaluator with every result approved
    VERIFYING = "verifying"  # the evaluator has verified some indicators
    FINAL = "final"  # every indicator verified and the round closed


OFFICIAL = frozenset({Standing.SUBMITTED, Standing.VERIFYING, Standing.FINAL})

# Report statuses (reporting.choices.ReportStatus values), named here so the rule needs no Django.
REPORT_SUBMITTED, REPORT_CLOSED = "submitted", "closed"

# Result statuses from the least advanced to the most (reporting.choices.ResultStatus values).
STATUS_ORDER = ("returned", "draft", "submitted", "approved")


def counted(
    self_score: Decimal | None, verified_score: Decimal | None
) -> tuple[Decimal | None, Source | None]:
    """An indicator's counted score and where it comes from: verified once given, else self."""
    if verified_score is not None:
        return verified_score, Source.VERIFIED
    if self_score is not None:
        return self_score, Source.SELF
    return None, None


def standing(report_status: str | None, *, reported: int, verified: int, total: int) -> Standing:
    """The standing of a round's total from its report's status and the counts of its indicators.

    `reported`: top-level indicators with a counted score; `verified`: those with a verified one;
    `total`: the top-level indicators of the agreement.
    """
    if report_status == REPORT_CLOSED:
        return Standing.FINAL
    if report_status == REPORT_SUBMITTED:
        return Standing.VERIFYING if verified else Standing.SUBMITTED
    if reported == 0:
        return Standing.NONE
    return Standing.IN_PROGRESS


def is_official(value: Standing | str) -> bool:
    """Whether a total may be published and ranked: the organization sent it to the evaluator."""
    return Standing(value) in OFFICIAL


def is_at_risk(score: Decimal | None) -> bool:
    """A score under AT_RISK_BELOW (none is not at risk: it is missing)."""
    return score is not None and score < AT_RISK_BELOW


def composite_status(part_statuses: Iterable[str | None]) -> str | None:
    """A composite's status: the least advanced of its parts' (None when no part has a result).

    A part without a result counts as a draft once another part has one.
    """
    statuses = list(part_statuses)
    if not statuses or all(status is None for status in statuses):
        return None
    return min(
        (status or "draft" for status in statuses),
        key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else 0,
    )


def four_places(value: object) -> str:
    """A score or total as shown everywhere: four decimals rounded half-up, "–" for nothing."""
    if value is None or value == "":
        return DASH
    return f"{Decimal(str(value)).quantize(_FOUR, rounding=ROUND_HALF_UP):.4f}"


K = TypeVar("K")


@dataclass(frozen=True)
class Ranked(Generic[K]):
    """A row of a ranking: its key, standing and total, and its rank among totals of its standing."""

    key: K
    standing: Standing
    total: Decimal | None
    rank: int | None  # None: not ranked (not official, or nothing to rank)


# Ranking sections, most trusted first; in-progress and empty totals are listed, not ranked.
RANKED_ORDER = (Standing.FINAL, Standing.VERIFYING, Standing.SUBMITTED)
LISTED_ORDER = (*RANKED_ORDER, Standing.IN_PROGRESS, Standing.NONE)


def rank(rows: Sequence[tuple[K, Standing | str, Decimal | None]]) -> list[Ranked[K]]:
    """Rank like with like: final totals among themselves, then verifying, then submitted ones.

    Rows keep their given order within equal totals (pass them sorted by name). Equal totals share
    a rank (1, 2, 2, 4). In-progress and empty totals come last, unranked.
    """
    out: list[Ranked[K]] = []
    for section in LISTED_ORDER:
        members = [(key, total) for key, s, total in rows if Standing(s) == section]
        members.sort(key=lambda m: (m[1] is None, -(m[1] or 0)))
        previous: Decimal | None = None
        current = 0
        for position, (key, total) in enumerate(members, start=1):
            ranked = section in RANKED_ORDER and total is not None
            if ranked and total != previous:
                current, previous = position, total
            out.append(Ranked(key, section, total, current if ranked else None))
    return out
