"""rules.pmqa: worked examples by hand from the PMQA scoring guide and seed 000, and properties."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules import pmqa
from khamrap.rules.pmqa import BandProblem, ItemAnswer, PlanProblem, YearState

BANDS = pmqa.DEFAULT_BANDS


# --- bands ------------------------------------------------------------------------------------


def test_the_guides_six_bands_are_valid():
    assert pmqa.band_problems(BANDS) == []
    assert [pmqa.band_label(b) for b in BANDS][3] == "50–65%"
    assert pmqa.band_midpoint((50, 65)) == Decimal("57.5")


@pytest.mark.parametrize(
    ("bands", "problems"),
    [
        ([], [(BandProblem.EMPTY, None)]),
        ("0-100", [(BandProblem.EMPTY, None)]),
        ([[5, 40], [45, 100]], [(BandProblem.START, 1)]),
        ([[0, 40], [45, 95]], [(BandProblem.END, 2)]),
        ([[0, 50], [50, 100]], [(BandProblem.OVERLAP, 2)]),
        ([[0, 40], [60, 100]], [(BandProblem.GAP, 2)]),
        ([[0, 60], [50, 100]], [(BandProblem.OVERLAP, 2)]),
        ([[0, 40], [45]], [(BandProblem.SHAPE, 2)]),
        ([[0, 40], [45, 101]], [(BandProblem.SHAPE, 2)]),
        ([[0, 40], [70, 45]], [(BandProblem.SHAPE, 2)]),
        ([[0, 40.5], [45, 100]], [(BandProblem.SHAPE, 1)]),
        ([[0, True], [45, 100]], [(BandProblem.SHAPE, 1)]),
        ([[0, 100]], []),
        ([[0, 49], [50, 100]], []),
    ],
)
def test_band_problems_name_the_band(bands, problems):
    assert pmqa.band_problems(bands) == problems


@st.composite
def valid_bands(draw):
    """Bands built to the rule: from 0, each starting 1–5 points after the last ends, to 100."""
    bands, low = [], 0
    while True:
        high = draw(st.integers(low, 100))
        if high >= 95 or (draw(st.booleans()) and high == 100):
            bands.append([low, 100])
            return bands
        bands.append([low, high])
        low = high + draw(st.integers(1, 5))
        if low > 100:
            bands[-1][1] = 100
            return bands


@given(valid_bands())
def test_bands_built_to_the_rule_are_valid_and_ascend(bands):
    assert pmqa.band_problems(bands) == []
    mids = [pmqa.band_midpoint(b) for b in bands]
    assert mids == sorted(mids) and len(set(mids)) == len(mids)


@given(valid_bands(), st.data())
def test_moving_a_bands_start_onto_the_band_before_is_an_overlap(bands, data):
    if len(bands) < 2:
        return
    n = data.draw(st.integers(1, len(bands) - 1))
    bands[n][0] = data.draw(st.integers(bands[n - 1][0], bands[n - 1][1]))
    if bands[n][0] <= bands[n][1]:
        assert (BandProblem.OVERLAP, n + 1) in pmqa.band_problems(bands)


@given(st.lists(st.lists(st.integers(-10, 110), min_size=0, max_size=3), max_size=8))
def test_any_list_of_bands_is_judged_without_an_error(bands):
    problems = pmqa.band_problems(bands)
    assert all(isinstance(p, BandProblem) for p, _n in problems)


# --- ratings, answers and summaries ------------------------------------------------------------


def test_a_process_item_is_rated_on_adli_and_a_result_item_on_letcli():
    assert pmqa.dimensions("process") == ("A", "D", "L", "I")
    assert pmqa.dimensions("result") == ("Le", "T", "C", "Li")
    assert pmqa.rating_problems({"A": 0, "Le": 1}, "process", 6) == [
        (pmqa.RatingProblem.DIMENSION, "Le")
    ]
    assert pmqa.rating_problems({"A": 6, "D": -1, "L": "2", "I": None}, "process", 6) == [
        (pmqa.RatingProblem.BAND, "A"),
        (pmqa.RatingProblem.BAND, "D"),
        (pmqa.RatingProblem.BAND, "L"),
    ]


def test_a_worked_summary_of_two_categories():
    # By hand: 1.1 rated A 50–65 (57.5), D 30–45 (37.5), L 10–25 (17.5), I 30–45 (37.5):
    # mean 37.5. 1.2 rated A 70–85 (77.5) only: 77.5, not answered. Category 1: (37.5 + 77.5) / 2
    # = 57.5, 1 of 2 answered. 7.1 (results) Le 90–100 (95), T 50–65, C 0–5 (2.5), Li 10–25:
    # (95 + 57.5 + 2.5 + 17.5) / 4 = 43.125 -> 43.13. Overall over the three items:
    # (37.5 + 77.5 + 43.125) / 3 = 52.7083 -> 52.71.
    answers = [
        ItemAnswer(1, "1.1", "process", {"A": 3, "D": 2, "L": 1, "I": 2}, strengths=1),
        ItemAnswer(1, "1.2", "process", {"A": 4}, ofis=2),
        ItemAnswer(7, "7.1", "result", {"Le": 5, "T": 3, "C": 0, "Li": 1}, ofis=1),
    ]
    by_category = pmqa.summarize_by_category(answers, BANDS)
    assert by_category[1].percent == Decimal("57.50")
    assert (by_category[1].answered, by_category[1].items) == (1, 2)
    assert by_category[7].percent == Decimal("43.13")
    assert by_category[7].complete
    overall = pmqa.summarize(answers, BANDS)
    assert overall.percent == Decimal("52.71")
    assert (overall.strengths, overall.ofis, overall.answered_percent) == (1, 3, 67)
    assert overall.by_dimension["A"] == Decimal("67.50")  # (57.5 + 77.5) / 2
    assert overall.by_dimension["L"] == Decimal("17.50")
    assert overall.by_dimension["C"] == Decimal("2.50")


def test_an_item_is_answered_only_with_every_dimension_and_a_finding():
    rated = {"A": 1, "D": 1, "L": 1, "I": 1}
    assert not ItemAnswer(1, "1.1", "process", rated).answered
    assert ItemAnswer(1, "1.1", "process", rated, ofis=1).answered
    assert not ItemAnswer(1, "1.1", "process", rated | {"I": None}, ofis=1).answered
    assert ItemAnswer(1, "1.1", "process", {}).percent(BANDS) is None


ratings = st.dictionaries(
    st.sampled_from(pmqa.PROCESS_DIMENSIONS), st.one_of(st.none(), st.integers(0, 5))
)
answers = st.lists(
    st.builds(
        ItemAnswer,
        category=st.integers(1, 6),
        code=st.just("x"),
        kind=st.just("process"),
        ratings=ratings,
        strengths=st.integers(0, 2),
        ofis=st.integers(0, 2),
    ),
    max_size=12,
)


@given(answers)
def test_summaries_stay_within_the_bands_and_count_what_they_hold(items):
    summary = pmqa.summarize(items, BANDS)
    assert summary.items == len(items)
    assert 0 <= summary.answered <= summary.items
    if summary.percent is not None:
        assert Decimal("2.5") <= summary.percent <= Decimal("95")
    by_category = pmqa.summarize_by_category(items, BANDS)
    assert sum(s.items for s in by_category.values()) == len(items)
    assert sum(s.answered for s in by_category.values()) == summary.answered
    assert summary.complete == (bool(items) and all(i.answered for i in items))


@given(answers, st.integers(0, 5))
def test_raising_a_rating_never_lowers_the_percent(items, band):
    if not items:
        return
    lower = dict.fromkeys(pmqa.PROCESS_DIMENSIONS, 0)
    higher = dict.fromkeys(pmqa.PROCESS_DIMENSIONS, band)
    low = pmqa.summarize([ItemAnswer(1, "x", "process", lower), *items[1:]], BANDS).percent
    high = pmqa.summarize([ItemAnswer(1, "x", "process", higher), *items[1:]], BANDS).percent
    assert high >= low


# --- completeness (seed 000's note) -----------------------------------------------------------


def test_completeness_counts_answers_that_say_something():
    done = pmqa.completeness([1, 2, 3, 4], {1: "มีพันธกิจ 3 ด้าน", 2: " - ", 3: "...", 5: "x"})
    assert (done.answered, done.required, done.percent, done.complete) == (1, 4, 25, False)
    assert pmqa.completeness([], {}).complete
    assert pmqa.completeness([1, 2, 3], {1: "ก", 2: "ข", 3: "๓"}).percent == 100


@given(st.integers(1, 200), st.data())
def test_an_unfinished_profile_never_shows_100_percent(required, data):
    answered = data.draw(st.integers(0, required))
    done = pmqa.completeness(range(required), dict.fromkeys(range(answered), "ตอบ"))
    assert (done.percent == 100) == done.complete == (answered == required)


# --- the year plan ----------------------------------------------------------------------------


def test_plan_problems():
    assert pmqa.plan_problems(
        chosen={2: True, 5: False},
        responsible={2: "นางสาวหนึ่ง"},
        working_group=0,
        is_province=True,
        units=0,
    ) == [
        (PlanProblem.NO_RESPONSIBLE, 5),
        (PlanProblem.NO_WORKING_GROUP, None),
        (PlanProblem.NO_UNIT, None),
    ]
    assert pmqa.plan_problems(
        chosen={5: False}, responsible={5: "ก"}, working_group=3, is_province=False, units=0
    ) == [(PlanProblem.NO_MANDATORY, None)]


# --- seed 000's five steps --------------------------------------------------------------------


def test_the_five_steps_of_seed_000():
    state = YearState(
        briefing_on=dt.date(2025, 11, 20),
        briefing_attendees=45,
        plan_approved_on=dt.date(2025, 12, 5),
        training_on=dt.date(2026, 1, 14),
        training_attendees=30,
        profile_completed_on=dt.date(2026, 2, 27),
        report_completed_on=dt.date(2026, 3, 20),
    )
    steps = pmqa.milestone_steps(state)
    assert steps.done == (1, 2, 3, 4, 5) and steps.level == 5
    assert steps.dates == {
        "1": "2025-11-20",
        "2": "2025-12-05",
        "3": "2026-01-14",
        "4": "2026-02-27",
        "5": "2026-03-20",
    }


def test_a_step_counts_only_after_those_before_it():
    # The profile is complete, but no training was held: level 2, as the indicator's table scores.
    state = YearState(
        briefing_on=dt.date(2025, 11, 20),
        briefing_attendees=45,
        plan_approved_on=dt.date(2025, 12, 5),
        profile_completed_on=dt.date(2026, 2, 27),
    )
    assert pmqa.milestone_steps(state).done == (1, 2)
    # A briefing with no one recorded is not held.
    assert pmqa.milestone_steps(YearState(briefing_on=dt.date(2025, 11, 20))).done == ()


dates = st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)))


@given(
    st.builds(
        YearState,
        briefing_on=dates,
        briefing_attendees=st.integers(0, 3),
        plan_approved_on=dates,
        training_on=dates,
        training_attendees=st.integers(0, 3),
        profile_completed_on=dates,
        report_completed_on=dates,
    )
)
def test_steps_are_a_prefix_with_a_date_each(state):
    steps = pmqa.milestone_steps(state)
    assert steps.done == tuple(range(1, steps.level + 1))
    assert set(steps.dates) == {str(n) for n in steps.done}


# --- comparisons ------------------------------------------------------------------------------


def test_a_worked_comparison():
    # Eight departments' totals; ours is 4.1. Sorted: 2.9 3.2 3.5 3.8 4.1 4.1 4.4 4.8.
    # Ranks: 4.8 first, 4.4 second, 4.1 shares third. Quartiles by linear interpolation
    # (QUARTILE.INC): Q1 at position 1.75 = 3.2 + 0.75 × 0.3 = 3.425; median at 3.5 = 3.95;
    # Q3 at 5.25 = 4.1 + 0.25 × 0.3 = 4.175.
    totals = [Decimal(v) for v in ("4.1", "3.5", "4.8", "2.9", "4.1", "3.8", "4.4", "3.2")]
    c = pmqa.compare(Decimal("4.1"), totals)
    assert (c.count, c.rank) == (8, 3)
    assert (c.q1, c.median, c.q3) == (Decimal("3.4250"), Decimal("3.9500"), Decimal("4.1750"))
    assert c.quartile == 2
    assert pmqa.compare(None, []).rank is None
    alone = pmqa.compare(Decimal(3), [Decimal(3)])
    assert (alone.rank, alone.quartile, alone.median) == (1, 1, Decimal(3))


@given(st.lists(st.decimals(0, 5, places=4), min_size=1, max_size=30), st.data())
def test_rank_and_quartiles_agree(peers, data):
    own = data.draw(st.sampled_from(peers))
    c = pmqa.compare(own, peers)
    assert 1 <= c.rank <= c.count == len(peers)
    assert min(peers) <= c.q1 <= c.median <= c.q3 <= max(peers)
    if own == max(peers):
        assert c.rank == 1 and c.quartile == 1
    if own < c.q1:
        assert c.quartile == 4


# --- the improvement plan ---------------------------------------------------------------------


def test_plan_progress():
    today = dt.date(2026, 4, 1)
    figures = [
        pmqa.ProjectFigure(progress=40, done=False, cancelled=False, deadline=dt.date(2026, 3, 31)),
        pmqa.ProjectFigure(progress=80, done=True, cancelled=False, deadline=dt.date(2026, 3, 31)),
        pmqa.ProjectFigure(
            progress=None, done=False, cancelled=False, deadline=dt.date(2026, 9, 1)
        ),
        pmqa.ProjectFigure(progress=10, done=False, cancelled=True, deadline=dt.date(2026, 1, 1)),
    ]
    progress = pmqa.plan_progress(figures, today)
    # Cancelled does not count; done counts as 100; the mean is over the two that reported.
    assert progress == pmqa.PlanProgress(projects=3, done=1, overdue=1, mean_progress=70)
    assert pmqa.plan_progress([], today).mean_progress is None
