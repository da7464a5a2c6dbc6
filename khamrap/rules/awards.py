"""The awards' pure rules: levels from points, point limits, consolidating the evaluators' sheets,
and who may apply for what from an organization's award history.

Seed 004 (OPDC's awards, the Department of Health's briefing of 2558):

- **Thailand Public Service Awards** (รางวัลบริการภาครัฐแห่งชาติ), types 1–6 (slides 6–12). Types
  1–4 are scored out of 1,000 (part 1, the management process, 600; part 2, the results, 400;
  slide 13) plus up to 50 bonus points in part 1 for work that fits the national strategy
  (slide 14). Under 750 fails, 750 to under 800 is good (ดี), 800 and over distinguished (ดีเด่น)
  (slide 16). Type 5 (ยอดเยี่ยม) goes to an organization distinguished the same year in types 1,
  2, and 3 or 4 (slide 11); type 6 to distinguished work kept up for three years (slide 12).
- **Participatory governance awards** (รางวัลความเป็นเลิศด้านการบริหารราชการแบบมีส่วนร่วม),
  slides 25–30: development of a new project (1), expansion of an awarded one (2), excellence
  (3); 90 and over excellent (ดีเยี่ยม), 80–89.99 good (ดี), 70–79.99 honourable (ชมเชย), under 70
  fails. Each indicator's points are on slides 28–29 (`PARTICIPATORY_*_CRITERIA`).
- **PMQA** (slides 3–4): the Fundamental Level certification (1) comes before the category
  awards (2) and the full award (3).

Pure Python: no Django, no database. Levels and reasons are codes; the app turns them into Thai.
Every score is a `Decimal`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# --- families and levels ----------------------------------------------------------------------

PUBLIC_SERVICE = "public_service"
PARTICIPATORY = "participatory"
PMQA = "pmqa"

DISTINGUISHED = "distinguished"  # ดีเด่น (Public Service's top level)
EXCELLENT = "excellent"  # ดีเยี่ยม (Participatory's top level)
GOOD = "good"  # ดี
HONOURABLE = "honourable"  # ชมเชย
AWARDED = "awarded"  # PMQA: certified / awarded
NOT_PASSED = "not_passed"

# Participatory types (slide 26) and PMQA's (slide 3), as `AwardHeld.number`.
PARTICIPATORY_DEVELOPMENT = 1
PARTICIPATORY_EXPANSION = 2
PARTICIPATORY_EXCELLENCE = 3
PMQA_FUNDAMENTAL = 1
PMQA_CATEGORY = 2
PMQA_FULL = 3

# Slide 12: type 6 counts the awards given from 2555 on.
CONTINUOUS_QUALITY_SINCE = 2555
# Slide 12: the quality kept up for at least three years, reports sent for three years.
CONTINUOUS_QUALITY_YEARS = 3

TWO_PLACES = Decimal("0.01")


# --- levels -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """The lowest total that earns `level`."""

    minimum: Decimal
    level: str


PUBLIC_SERVICE_THRESHOLDS = (
    Threshold(Decimal(800), DISTINGUISHED),
    Threshold(Decimal(750), GOOD),
)
PARTICIPATORY_THRESHOLDS = (
    Threshold(Decimal(90), EXCELLENT),
    Threshold(Decimal(80), GOOD),
    Threshold(Decimal(70), HONOURABLE),
)


def level_for(total: Decimal, thresholds: Sequence[Threshold]) -> str:
    """The level of the highest threshold whose minimum is at most `total`; NOT_PASSED below them
    all. Thresholds may come in any order; of two with the same minimum the first given wins."""
    best: Threshold | None = None
    for threshold in thresholds:
        if threshold.minimum <= total and (best is None or threshold.minimum > best.minimum):
            best = threshold
    return NOT_PASSED if best is None else best.level


def threshold_problems(thresholds: Sequence[Threshold]) -> list[str]:
    """What is wrong with a set of thresholds, each code once: "empty", "duplicate_minimum" (two
    thresholds start at the same total), "negative" (a minimum under 0), "duplicate_level"."""
    if not thresholds:
        return ["empty"]
    problems: list[str] = []
    minimums = [t.minimum for t in thresholds]
    if len(set(minimums)) < len(minimums):
        problems.append("duplicate_minimum")
    if any(minimum < 0 for minimum in minimums):
        problems.append("negative")
    levels = [t.level for t in thresholds]
    if len(set(levels)) < len(levels):
        problems.append("duplicate_level")
    return problems


# --- point limits -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionLimit:
    """One line of a scoring sheet and the most points it can give."""

    code: str  # e.g. "1.1", "2.3", "bonus", "d1.1"
    maximum: Decimal
    # Bonus points (Public Service: up to 50 for the five traits of slide 14). They are scored and
    # counted like any other line; the flag lets a sheet print them apart from the parts.
    is_bonus: bool = False


def _participatory(points: Sequence[tuple[str, int]]) -> tuple[CriterionLimit, ...]:
    return tuple(CriterionLimit(code, Decimal(maximum)) for code, maximum in points)


# Slides 27–29: dimension 1 (the organization's capability) and dimension 2 (participation that
# shows), each indicator's points. The codes are "d<dimension>.<the slide's indicator number>".
PARTICIPATORY_DEVELOPMENT_CRITERIA = _participatory(
    [
        ("d1.1", 6),  # a policy that gives weight to participation
        ("d1.2", 4),  # systems and ways of working that build a participatory culture
        ("d1.3", 4),  # a mechanism or unit that promotes participation
        ("d1.4", 6),  # support for the people's, civil society's and private sector's work
        ("d2.5", 5),  # participation for transparency
        ("d2.6", 5),  # a plan to promote or extend participation
        ("d2.7", 55),  # evaluation of the collaboration
        ("d2.8", 15),  # the satisfaction of the people and parties involved
    ]
)
PARTICIPATORY_EXPANSION_CRITERIA = _participatory(
    [
        ("d1.1", 4),
        ("d1.2", 3),
        ("d1.3", 3),
        ("d1.4", 5),
        ("d2.5", 5),  # participation for transparency
        ("d2.6", 5),  # the way or plan to extend or build on the work
        ("d2.7", 5),  # extending the activities or projects
        ("d2.8", 50),  # evaluation of the collaboration
        ("d2.9", 5),  # what the extension achieved
        ("d2.10", 15),  # the satisfaction of the people and parties involved
    ]
)


@dataclass(frozen=True)
class PointProblem:
    """What is wrong with one line of a scoring sheet."""

    code: str  # the criterion's code ("" for a sheet-wide problem)
    kind: str  # "over", "negative", "precision" (more than 2 decimals), "unknown", "missing"
    maximum: Decimal | None = None


def _two_places_at_most(value: Decimal) -> bool:
    """Whether `value` is a finite number of whole hundredths: "1.5" and "1.500" are, "1.505"
    is not (the number, not how it was typed: a stored 1.50 is the same points). Read from the
    digits, not by quantizing, which fails past the context's 28 digits (a typed 1E+30)."""
    if not value.is_finite():
        return False
    _, digits, exponent = value.as_tuple()
    if not any(digits):
        return True  # zero, however many places it was typed with
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return exponent + trailing_zeros >= -2  # type: ignore[operator]


def point_problems(
    points: Mapping[str, Decimal | None],
    criteria: Sequence[CriterionLimit],
    *,
    complete: bool = False,
) -> list[PointProblem]:
    """What is wrong with one evaluator's points, criterion by criterion in the sheet's order,
    then the codes the sheet does not have. None is "not scored yet": a problem ("missing") only
    when the sheet must be `complete`. A point that is not a finite number is a "precision"
    problem. [] when the points can be saved (or, with `complete`, consolidated)."""
    problems: list[PointProblem] = []
    for criterion in criteria:
        value = points.get(criterion.code)
        if value is None:
            if complete:
                problems.append(PointProblem(criterion.code, "missing", criterion.maximum))
            continue
        value = Decimal(value)
        if not value.is_finite():
            problems.append(PointProblem(criterion.code, "precision", criterion.maximum))
            continue
        if value < 0:
            problems.append(PointProblem(criterion.code, "negative", criterion.maximum))
        elif value > criterion.maximum:
            problems.append(PointProblem(criterion.code, "over", criterion.maximum))
        if not _two_places_at_most(value):
            problems.append(PointProblem(criterion.code, "precision", criterion.maximum))
    known = {criterion.code for criterion in criteria}
    problems.extend(PointProblem(str(code), "unknown") for code in points if code not in known)
    return problems


def sheet_total(
    points: Mapping[str, Decimal | None], criteria: Sequence[CriterionLimit]
) -> Decimal:
    """The sum of the scored criteria of the sheet (None counts 0; codes not on it are left out)."""
    total = Decimal(0)
    for criterion in criteria:
        value = points.get(criterion.code)
        if value is not None:
            total += Decimal(value)
    return total


def sheet_maximum(criteria: Sequence[CriterionLimit]) -> Decimal:
    """The most a sheet can total, bonus included."""
    return sum((criterion.maximum for criterion in criteria), Decimal(0))


# --- consolidation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Consolidated:
    """The committee's figures from every evaluator's sheet."""

    by_criterion: dict[str, Decimal]  # mean over sheets, rounded half-up to 2 places
    total: Decimal  # sum of by_criterion (so the printed parts add up)
    sheets: int
    level: str


class SheetError(ValueError):
    """A sheet that cannot be consolidated: incomplete or outside its limits."""

    def __init__(self, sheet: int, problems: Sequence[PointProblem]) -> None:
        self.sheet = sheet  # 0-based, in the order the sheets were given
        self.problems = tuple(problems)
        listed = ", ".join(f"{p.code or '-'}: {p.kind}" for p in self.problems)
        super().__init__(f"sheet {sheet + 1} cannot be consolidated ({listed})")


def consolidate(
    sheets: Sequence[Mapping[str, Decimal | None]],
    criteria: Sequence[CriterionLimit],
    thresholds: Sequence[Threshold],
) -> Consolidated | None:
    """Each criterion's mean over the evaluators' sheets (half-up to 2 places), their sum and its
    level; None when there is no sheet. A sheet that is incomplete or outside its limits raises
    `SheetError` (a ValueError) naming the sheet and its problems.

    The total is the sum of the rounded means, not the rounded mean of the sheets' totals, so the
    table a committee signs adds up; the two can differ by a few hundredths."""
    if not sheets:
        return None
    for index, sheet in enumerate(sheets):
        problems = point_problems(sheet, criteria, complete=True)
        if problems:
            raise SheetError(index, problems)
    count = Decimal(len(sheets))
    by_criterion: dict[str, Decimal] = {}
    for criterion in criteria:
        # Every sheet is complete here: sheet_total of one criterion is its point.
        summed = sum((sheet_total(sheet, (criterion,)) for sheet in sheets), Decimal(0))
        by_criterion[criterion.code] = (summed / count).quantize(TWO_PLACES, ROUND_HALF_UP)
    total = sum(by_criterion.values(), Decimal(0))
    return Consolidated(
        by_criterion=by_criterion,
        total=total,
        sheets=len(sheets),
        level=level_for(total, thresholds),
    )


# --- eligibility from the award history -------------------------------------------------------


@dataclass(frozen=True)
class AwardHeld:
    """One award an organization received (or applied for and did not pass: NOT_PASSED)."""

    year: int  # the award year, Buddhist Era (2569)
    family: str  # PUBLIC_SERVICE / PARTICIPATORY / PMQA
    # The type: Public Service 1–6; Participatory 1 development, 2 expansion, 3 excellence;
    # PMQA 1 Fundamental Level, 2 category award, 3 full award.
    number: int
    level: str
    work: str = ""  # the title of the work/project awarded


@dataclass(frozen=True)
class Eligibility:
    met: bool
    reasons: tuple[str, ...]  # machine codes of what is missing (empty when met)
    evidence: tuple[AwardHeld, ...]  # the records that satisfy it (empty when not met)


def _answer(reasons: Sequence[str], evidence: Iterable[AwardHeld]) -> Eligibility:
    if reasons:
        return Eligibility(False, tuple(reasons), ())
    return Eligibility(True, (), tuple(dict.fromkeys(evidence)))


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def work_key(title: str) -> str:
    """A work's title as two records of it are compared: spaces at the ends and between words
    made one, invisible zero-width characters (Thai text often carries them) taken out."""
    return " ".join(_INVISIBLE.sub("", title).split())


def grand_award_eligibility(history: Iterable[AwardHeld], year: int) -> Eligibility:
    """Public Service type 5 (ยอดเยี่ยม, slide 11): distinguished awards in `year` itself in type 1,
    type 2, and type 3 or 4. Reasons "type_1", "type_2", "type_3_or_4" name each part missing."""
    same_year = [
        award
        for award in history
        if award.family == PUBLIC_SERVICE and award.year == year and award.level == DISTINGUISHED
    ]
    parts = (("type_1", {1}), ("type_2", {2}), ("type_3_or_4", {3, 4}))
    reasons = [
        reason for reason, numbers in parts if not any(a.number in numbers for a in same_year)
    ]
    return _answer(reasons, (a for a in same_year if a.number in {1, 2, 3, 4}))


def continuous_quality_eligibility(
    history: Iterable[AwardHeld], maintenance_years: Iterable[int], year: int
) -> Eligibility:
    """Public Service type 6 (slide 12): a distinguished award in types 1–4 given in 2555 or later
    and at least three years before `year` (award year <= year - 3), and the yearly maintenance
    reports sent to OPDC for each of the three years up to and including `year`.

    Reasons: "no_distinguished_award" (none from 2555 up to `year`), "too_recent" (only awards
    less than three years old), "reports_missing" (a year of year-2, year-1, year without a
    report)."""
    counted = [
        award
        for award in history
        if award.family == PUBLIC_SERVICE
        and award.number in {1, 2, 3, 4}
        and award.level == DISTINGUISHED
        and CONTINUOUS_QUALITY_SINCE <= award.year <= year
    ]
    old_enough = [a for a in counted if a.year <= year - CONTINUOUS_QUALITY_YEARS]
    reasons: list[str] = []
    if not counted:
        reasons.append("no_distinguished_award")
    elif not old_enough:
        reasons.append("too_recent")
    reported = set(maintenance_years)
    if any(year - back not in reported for back in range(CONTINUOUS_QUALITY_YEARS)):
        reasons.append("reports_missing")
    return _answer(reasons, old_enough)


def participatory_excellence_eligibility(
    history: Iterable[AwardHeld], year: int, new_projects: int
) -> Eligibility:
    """Participatory type 3 (slide 26): excellent two years running before `year` (expansion both
    years, or development the first year and expansion the second: years y and y + 1 with
    y + 1 < year) and at least three new projects proposed.

    Reasons: "not_two_years_excellent", "fewer_than_three_projects"."""
    excellent = [
        award
        for award in history
        if award.family == PARTICIPATORY and award.level == EXCELLENT and award.year < year
    ]
    firsts = [
        a for a in excellent if a.number in (PARTICIPATORY_DEVELOPMENT, PARTICIPATORY_EXPANSION)
    ]
    seconds = [a for a in excellent if a.number == PARTICIPATORY_EXPANSION]
    evidence: list[AwardHeld] = []
    for first in firsts:
        following = [a for a in seconds if a.year == first.year + 1]
        if following:
            evidence.append(first)
            evidence.extend(following)
    reasons: list[str] = []
    if not evidence:
        reasons.append("not_two_years_excellent")
    if new_projects < 3:
        reasons.append("fewer_than_three_projects")
    return _answer(reasons, sorted(evidence, key=lambda a: (a.year, a.number)))


def participatory_expansion_eligibility(
    history: Iterable[AwardHeld], year: int, earlier_work: str, added_areas: int
) -> Eligibility:
    """Participatory type 2 (slide 26): `earlier_work` won a development or expansion award at good
    or excellent before `year`, and is now extended to at least three more areas or groups.

    Reasons: "no_earlier_award", "fewer_than_three_areas"."""
    key = work_key(earlier_work)
    earlier = [
        award
        for award in history
        if key
        and award.family == PARTICIPATORY
        and award.number in (PARTICIPATORY_DEVELOPMENT, PARTICIPATORY_EXPANSION)
        and award.level in (GOOD, EXCELLENT)
        and award.year < year
        and work_key(award.work) == key
    ]
    reasons: list[str] = []
    if not earlier:
        reasons.append("no_earlier_award")
    if added_areas < 3:
        reasons.append("fewer_than_three_areas")
    return _answer(reasons, earlier)


def participatory_development_eligibility(history: Iterable[AwardHeld], work: str) -> Eligibility:
    """Participatory type 1 (slide 26): a new project, one that never applied before: no
    Participatory record of any type or level for the same work. Reason: "applied_before"."""
    key = work_key(work)
    applied = any(a.family == PARTICIPATORY and key and work_key(a.work) == key for a in history)
    return _answer(["applied_before"] if applied else [], ())


def pmqa_category_eligibility(history: Iterable[AwardHeld], year: int) -> Eligibility:
    """A PMQA category award needs the Fundamental Level certification (PMQA 1, awarded) in an
    earlier year (slide 4: certified in 2555, category awards from 2559). Reason:
    "no_fundamental_level"."""
    certified = [
        award
        for award in history
        if award.family == PMQA
        and award.number == PMQA_FUNDAMENTAL
        and award.level == AWARDED
        and award.year < year
    ]
    return _answer([] if certified else ["no_fundamental_level"], certified)
