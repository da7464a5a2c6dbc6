"""PMQA self-assessment rules: percentage bands, answers, completeness, summaries, the milestone.

Seeds 000 and 002 and the PMQA criteria (เกณฑ์คุณภาพการบริหารจัดการภาครัฐ):

- A process item (หมวด 1–6) is rated on A, D, L, I (Approach, Deployment, Learning, Integration),
  a result item (หมวด 7) on Le, T, C, Li (Level, Trend, Comparison, Linkage). Each rating is one of
  the version's percentage **bands** (0–5, 10–25, 30–45, 50–65, 70–85, 90–100 by default): bands
  ascend, do not overlap, start at 0, end at 100 and leave no whole-number gap but the five-point
  steps the criteria use (a band starts at most 5 points after the one before ends).
- An item is **answered** when every one of its dimensions is rated and it names at least one
  strength or opportunity for improvement (OFI): seed 000's "ความครบถ้วนของการตอบคำถาม".
- A percentage shown for an item is the mean of the midpoints of its rated bands; a category's is
  the mean of its rated items; the whole assessment's is the mean of its rated items. The seeds set
  no official aggregate, so the summary says what it is ("ค่ากลางของช่วงคะแนน") and is a guide for
  the organization, never a score of the agreement.
- The five steps of seed 000's PMQA indicator are read from the PMQA year's own state
  (`milestone_steps`); steps are cumulative, as the indicator's table is.

Pure Python: no Django, no database. Problems are codes; the app turns them into Thai messages.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PROCESS_DIMENSIONS = ("A", "D", "L", "I")
RESULT_DIMENSIONS = ("Le", "T", "C", "Li")

# The six bands of the PMQA scoring guide, as (lowest, highest) percent.
DEFAULT_BANDS: tuple[tuple[int, int], ...] = (
    (0, 5),
    (10, 25),
    (30, 45),
    (50, 65),
    (70, 85),
    (90, 100),
)

# A band may start this many points after the one before it ends: the criteria's bands step by 5.
MAX_BAND_GAP = 5


class ItemKind(enum.StrEnum):
    PROCESS = "process"
    RESULT = "result"


def dimensions(kind: str) -> tuple[str, ...]:
    """The dimensions an item of `kind` is rated on: ADLI for processes, LeTCLi for results."""
    return RESULT_DIMENSIONS if kind == ItemKind.RESULT else PROCESS_DIMENSIONS


class BandProblem(enum.StrEnum):
    EMPTY = "empty"  # no band at all
    SHAPE = "shape"  # a band is not two whole numbers from 0 to 100, lowest first
    START = "start"  # the first band does not start at 0
    END = "end"  # the last band does not end at 100
    OVERLAP = "overlap"  # a band starts at or before the end of the one before
    GAP = "gap"  # a band starts more than MAX_BAND_GAP after the one before ends


def band_problems(bands: object) -> list[tuple[BandProblem, int | None]]:
    """What is wrong with a list of bands, as (problem, 1-based band number or None); [] when
    they are valid. Accepts anything, since bands come from an administrator's form or a file."""
    if not isinstance(bands, Sequence) or isinstance(bands, str) or not bands:
        return [(BandProblem.EMPTY, None)]
    problems: list[tuple[BandProblem, int | None]] = []
    parsed: list[tuple[int, int]] = []
    for number, band in enumerate(bands, start=1):
        if (
            not isinstance(band, Sequence)
            or isinstance(band, str)
            or len(band) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in band)
            or not 0 <= band[0] <= band[1] <= 100
        ):
            problems.append((BandProblem.SHAPE, number))
            continue
        parsed.append((band[0], band[1]))
    if problems:
        return problems
    if parsed[0][0] != 0:
        problems.append((BandProblem.START, 1))
    if parsed[-1][1] != 100:
        problems.append((BandProblem.END, len(parsed)))
    for number, (before, band) in enumerate(itertools.pairwise(parsed), start=2):
        if band[0] <= before[1]:
            problems.append((BandProblem.OVERLAP, number))
        elif band[0] - before[1] > MAX_BAND_GAP:
            problems.append((BandProblem.GAP, number))
    return problems


def band_midpoint(band: Sequence[int]) -> Decimal:
    """The middle of a band, e.g. 57.5 for 50–65."""
    return (Decimal(band[0]) + Decimal(band[1])) / 2


def band_label(band: Sequence[int]) -> str:
    """A band as a reader writes it: "50–65%"."""
    return f"{band[0]}–{band[1]}%"


class RatingProblem(enum.StrEnum):
    DIMENSION = "dimension"  # a rating for a dimension the item is not rated on
    BAND = "band"  # a band number that the version does not have


def rating_problems(
    ratings: Mapping[str, object], kind: str, band_count: int
) -> list[tuple[RatingProblem, str]]:
    """What is wrong with an item's ratings ({"A": 2, "D": None, ...}, band numbers from 0)."""
    allowed = dimensions(kind)
    problems: list[tuple[RatingProblem, str]] = []
    for key, value in ratings.items():
        if key not in allowed:
            problems.append((RatingProblem.DIMENSION, str(key)))
        elif value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < band_count
        ):
            problems.append((RatingProblem.BAND, key))
    return problems


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def has_text(text: str | None) -> bool:
    """Whether an answer says anything: a dash, dots or spaces are not an answer."""
    return bool(text) and any(ch.isalnum() for ch in text)


@dataclass(frozen=True)
class ItemAnswer:
    """One item's self-assessment as the summary needs it."""

    category: int
    code: str
    kind: str
    ratings: Mapping[str, int | None]
    strengths: int = 0  # how many strengths are written
    ofis: int = 0  # how many opportunities for improvement are written

    def rated(self) -> list[str]:
        return [d for d in dimensions(self.kind) if self.ratings.get(d) is not None]

    @property
    def answered(self) -> bool:
        """Every dimension rated and at least one strength or OFI written."""
        return len(self.rated()) == len(dimensions(self.kind)) and self.strengths + self.ofis > 0

    def percent(self, bands: Sequence[Sequence[int]]) -> Decimal | None:
        """The mean midpoint of the rated bands; None when nothing is rated."""
        return _mean([band_midpoint(bands[self.ratings[d]]) for d in self.rated()])  # type: ignore[index]


@dataclass(frozen=True)
class Summary:
    """A category's or the whole assessment's figures."""

    items: int
    answered: int
    percent: Decimal | None
    strengths: int
    ofis: int
    # The mean band midpoint of each dimension over the rated items: where the weak dimension is.
    by_dimension: Mapping[str, Decimal | None] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.items > 0 and self.answered == self.items

    @property
    def answered_percent(self) -> int:
        return round(100 * self.answered / self.items) if self.items else 0


def summarize(answers: Sequence[ItemAnswer], bands: Sequence[Sequence[int]]) -> Summary:
    """The figures of a set of items (one category, or all items in scope)."""
    percents = [p for a in answers if (p := a.percent(bands)) is not None]
    by_dimension: dict[str, Decimal | None] = {}
    for dims in (PROCESS_DIMENSIONS, RESULT_DIMENSIONS):
        for dim in dims:
            mids = [
                band_midpoint(bands[a.ratings[dim]])  # type: ignore[index]
                for a in answers
                if dim in dimensions(a.kind) and a.ratings.get(dim) is not None
            ]
            if any(dim in dimensions(a.kind) for a in answers):
                by_dimension[dim] = _mean(mids)
    return Summary(
        items=len(answers),
        answered=sum(1 for a in answers if a.answered),
        percent=_mean(percents),
        strengths=sum(a.strengths for a in answers),
        ofis=sum(a.ofis for a in answers),
        by_dimension=by_dimension,
    )


def summarize_by_category(
    answers: Sequence[ItemAnswer], bands: Sequence[Sequence[int]]
) -> dict[int, Summary]:
    """Each category's summary, by category number in order."""
    numbers = sorted({a.category for a in answers})
    return {n: summarize([a for a in answers if a.category == n], bands) for n in numbers}


@dataclass(frozen=True)
class Completeness:
    answered: int
    required: int

    @property
    def complete(self) -> bool:
        return self.answered == self.required

    @property
    def percent(self) -> int:
        """Rounded down, so an unfinished profile never shows 100%."""
        return 100 if not self.required else 100 * self.answered // self.required


def completeness(required: Iterable[object], answers: Mapping[object, str | None]) -> Completeness:
    """How many required questions have an answer that says something (has_text)."""
    keys = list(required)
    return Completeness(sum(1 for k in keys if has_text(answers.get(k))), len(keys))


class PlanProblem(enum.StrEnum):
    NO_MANDATORY = "no_mandatory"  # no mandatory category chosen
    NO_RESPONSIBLE = "no_responsible"  # a chosen category has no responsible person
    NO_WORKING_GROUP = "no_working_group"  # the working group has no member
    NO_UNIT = "no_unit"  # a province selected no unit (seed 000's note: at least one)


def plan_problems(
    *,
    chosen: Mapping[int, bool],
    responsible: Mapping[int, str],
    working_group: int,
    is_province: bool,
    units: int,
) -> list[tuple[PlanProblem, int | None]]:
    """What keeps a year plan from going to the head for approval.

    `chosen` maps each chosen category to whether it is mandatory; `responsible` the categories
    with a responsible person to that person's name.
    """
    problems: list[tuple[PlanProblem, int | None]] = []
    if not any(chosen.values()):
        problems.append((PlanProblem.NO_MANDATORY, None))
    for number in sorted(chosen):
        if not has_text(responsible.get(number)):
            problems.append((PlanProblem.NO_RESPONSIBLE, number))
    if working_group < 1:
        problems.append((PlanProblem.NO_WORKING_GROUP, None))
    if is_province and units < 1:
        problems.append((PlanProblem.NO_UNIT, None))
    return problems


@dataclass(frozen=True)
class YearState:
    """What the PMQA year has done, as seed 000's five steps read it."""

    briefing_on: dt.date | None = None
    briefing_attendees: int = 0
    plan_approved_on: dt.date | None = None
    training_on: dt.date | None = None
    training_attendees: int = 0
    profile_completed_on: dt.date | None = None
    report_completed_on: dt.date | None = None


@dataclass(frozen=True)
class Steps:
    done: tuple[int, ...]
    dates: Mapping[str, str]  # {"1": "2026-01-15", ...} as the result stores them

    @property
    def level(self) -> int:
        return len(self.done)


def milestone_steps(state: YearState) -> Steps:
    """Seed 000's five steps, done in order: 1 briefing held (with attendees), 2 working group and
    plan approved, 3 self-assessment training held (with attendees), 4 organizational profile
    complete, 5 preliminary report complete. A step counts only when those before it are done, as
    the indicator's table scores them; its date is the day its own part was done."""
    parts = (
        state.briefing_on if state.briefing_attendees > 0 else None,
        state.plan_approved_on,
        state.training_on if state.training_attendees > 0 else None,
        state.profile_completed_on,
        state.report_completed_on,
    )
    done: list[int] = []
    dates: dict[str, str] = {}
    for number, day in enumerate(parts, start=1):
        if day is None:
            break
        done.append(number)
        dates[str(number)] = day.isoformat()
    return Steps(tuple(done), dates)


# --- comparisons (the C of LeTCLi) ------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Where one organization's figure stands among comparable organizations' figures."""

    own: Decimal | None
    count: int  # peers with a figure, the organization included
    rank: int | None  # 1 is best; ties share a rank
    q1: Decimal | None
    median: Decimal | None
    q3: Decimal | None

    @property
    def quartile(self) -> int | None:
        """1 (top quarter) to 4 (bottom quarter) for the organization's own figure."""
        if self.own is None or self.median is None:
            return None
        if self.own >= self.q3:  # type: ignore[operator]
            return 1
        if self.own >= self.median:
            return 2
        if self.own >= self.q1:  # type: ignore[operator]
            return 3
        return 4


def _quantile(ordered: Sequence[Decimal], fraction: Decimal) -> Decimal:
    """Linear interpolation between closest ranks (numpy's default, Excel's QUARTILE.INC)."""
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return value.quantize(Decimal("0.0001"), ROUND_HALF_UP)


def compare(own: Decimal | None, peers: Iterable[Decimal]) -> Comparison:
    """`own` ranked among `peers` (which include it when it is given), higher is better."""
    values = sorted(peers)
    if not values:
        return Comparison(own, 0, None, None, None, None)
    rank = None if own is None else 1 + sum(1 for v in values if v > own)
    return Comparison(
        own=own,
        count=len(values),
        rank=rank,
        q1=_quantile(values, Decimal("0.25")),
        median=_quantile(values, Decimal("0.5")),
        q3=_quantile(values, Decimal("0.75")),
    )


# --- the improvement plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFigure:
    progress: int | None  # percent reported in the latest round, None when never reported
    done: bool
    cancelled: bool
    deadline: dt.date | None


@dataclass(frozen=True)
class PlanProgress:
    projects: int
    done: int
    overdue: int
    mean_progress: int | None


def plan_progress(projects: Sequence[ProjectFigure], today: dt.date) -> PlanProgress:
    """The improvement plan's progress: cancelled projects do not count; a project not done after
    its deadline is overdue; the mean is over the projects that reported (done counts as 100)."""
    live = [p for p in projects if not p.cancelled]
    reported = [100 if p.done else p.progress for p in live if p.done or p.progress is not None]
    return PlanProgress(
        projects=len(live),
        done=sum(1 for p in live if p.done),
        overdue=sum(1 for p in live if not p.done and p.deadline and p.deadline < today),
        mean_progress=round(sum(reported) / len(reported)) if reported else None,  # type: ignore[arg-type]
    )
