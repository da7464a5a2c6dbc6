"""rules.awards: levels at their edges, point limits, consolidation and eligibility, with worked
examples by hand from seed 004 and hypothesis properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules import awards
from khamrap.rules.awards import (
    AWARDED,
    DISTINGUISHED,
    EXCELLENT,
    GOOD,
    HONOURABLE,
    NOT_PASSED,
    PARTICIPATORY,
    PMQA,
    PUBLIC_SERVICE,
    AwardHeld,
    CriterionLimit,
    PointProblem,
    SheetError,
    Threshold,
)

D = Decimal

# --- levels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "level"),
    [
        ("0", NOT_PASSED),
        ("749.99", NOT_PASSED),
        ("750", GOOD),
        ("750.00", GOOD),
        ("799.99", GOOD),
        ("800", DISTINGUISHED),
        ("1050", DISTINGUISHED),  # 1,000 and the 50 bonus points
    ],
)
def test_public_service_levels_hold_at_their_edges(total, level):
    assert awards.level_for(D(total), awards.PUBLIC_SERVICE_THRESHOLDS) == level


@pytest.mark.parametrize(
    ("total", "level"),
    [
        ("0", NOT_PASSED),
        ("69.99", NOT_PASSED),
        ("70", HONOURABLE),
        ("79.99", HONOURABLE),
        ("80", GOOD),
        ("89.99", GOOD),
        ("90", EXCELLENT),
        ("100", EXCELLENT),
    ],
)
def test_participatory_levels_hold_at_their_edges(total, level):
    assert awards.level_for(D(total), awards.PARTICIPATORY_THRESHOLDS) == level


def test_thresholds_may_come_in_any_order_and_none_means_not_passed():
    ascending = tuple(reversed(awards.PARTICIPATORY_THRESHOLDS))
    assert awards.level_for(D("85"), ascending) == GOOD
    assert awards.level_for(D("1000"), ()) == NOT_PASSED


def test_the_shipped_thresholds_have_no_problem():
    assert awards.threshold_problems(awards.PUBLIC_SERVICE_THRESHOLDS) == []
    assert awards.threshold_problems(awards.PARTICIPATORY_THRESHOLDS) == []


@pytest.mark.parametrize(
    ("thresholds", "problems"),
    [
        ((), ["empty"]),
        ((Threshold(D(80), GOOD), Threshold(D(80), EXCELLENT)), ["duplicate_minimum"]),
        ((Threshold(D(-1), HONOURABLE), Threshold(D(80), GOOD)), ["negative"]),
        ((Threshold(D(90), GOOD), Threshold(D(80), GOOD)), ["duplicate_level"]),
        (
            (Threshold(D(-5), GOOD), Threshold(D(-5), GOOD)),
            ["duplicate_minimum", "negative", "duplicate_level"],
        ),
        ((Threshold(D(0), HONOURABLE),), []),
    ],
)
def test_threshold_problems_are_codes(thresholds, problems):
    assert awards.threshold_problems(thresholds) == problems


def _rank(level, thresholds):
    """A level's place: NOT_PASSED lowest, then by the threshold's minimum."""
    minimums = {t.level: t.minimum for t in thresholds}
    return D("-Infinity") if level == NOT_PASSED else minimums[level]


valid_thresholds = st.lists(
    st.decimals(min_value=0, max_value=1000, places=2), min_size=1, max_size=5, unique=True
).map(lambda minimums: tuple(Threshold(m, f"level_{i}") for i, m in enumerate(minimums)))
totals = st.decimals(min_value=-10, max_value=1100, places=2)


@given(
    st.sampled_from([awards.PUBLIC_SERVICE_THRESHOLDS, awards.PARTICIPATORY_THRESHOLDS])
    | valid_thresholds,
    totals,
    totals,
)
def test_a_higher_total_never_earns_a_lower_level(thresholds, a, b):
    low, high = sorted([a, b])
    assert awards.threshold_problems(thresholds) == []
    assert _rank(awards.level_for(low, thresholds), thresholds) <= _rank(
        awards.level_for(high, thresholds), thresholds
    )


# --- point limits -----------------------------------------------------------------------------

SHEET = (
    CriterionLimit("1.1", D(300)),
    CriterionLimit("1.2", D(300)),
    CriterionLimit("2.1", D(400)),
    CriterionLimit("bonus", D(50), is_bonus=True),
)


def test_the_participatory_indicators_carry_slide_27s_points():
    def dimension(criteria, number):
        return sum(c.maximum for c in criteria if c.code.startswith(f"d{number}."))

    development = awards.PARTICIPATORY_DEVELOPMENT_CRITERIA
    expansion = awards.PARTICIPATORY_EXPANSION_CRITERIA
    assert (dimension(development, 1), dimension(development, 2)) == (20, 80)
    assert (dimension(expansion, 1), dimension(expansion, 2)) == (15, 85)
    assert awards.sheet_maximum(development) == awards.sheet_maximum(expansion) == 100
    assert (len(development), len(expansion)) == (8, 10)


def test_points_within_their_limits_have_no_problem():
    points = {"1.1": D("300"), "1.2": D("0"), "2.1": D("399.99"), "bonus": D("50.00")}
    assert awards.point_problems(points, SHEET) == []
    assert awards.point_problems(points, SHEET, complete=True) == []
    # 1.500 is the number 1.5, whole hundredths, however it was typed.
    assert awards.point_problems({"1.1": D("1.500")}, SHEET) == []


def test_each_point_problem_names_its_criterion_and_limit():
    points = {"1.1": D("300.01"), "1.2": D("-0.5"), "2.1": D("10.125"), "3.9": D(1)}
    assert awards.point_problems(points, SHEET) == [
        PointProblem("1.1", "over", D(300)),
        PointProblem("1.2", "negative", D(300)),
        PointProblem("2.1", "precision", D(400)),
        PointProblem("3.9", "unknown"),
    ]


def test_a_point_can_be_over_and_too_precise_at_once():
    assert awards.point_problems({"bonus": D("50.001")}, SHEET) == [
        PointProblem("bonus", "over", D(50)),
        PointProblem("bonus", "precision", D(50)),
    ]


def test_a_huge_point_is_over_and_a_long_one_too_precise():
    assert awards.point_problems({"1.1": D("1E+30")}, SHEET) == [
        PointProblem("1.1", "over", D(300))
    ]
    long = D("1.0000000000000000000000000000001")  # more digits than the context's 28
    assert awards.point_problems({"1.1": long}, SHEET) == [PointProblem("1.1", "precision", D(300))]
    assert awards.point_problems({"1.1": D("0E-5"), "1.2": D("1E+2")}, SHEET) == []


def test_a_point_that_is_not_a_finite_number_is_refused():
    problems = awards.point_problems({"1.1": D("NaN"), "1.2": D("Infinity")}, SHEET)
    assert [(p.code, p.kind) for p in problems] == [("1.1", "precision"), ("1.2", "precision")]


def test_an_unscored_criterion_is_missing_only_when_the_sheet_must_be_complete():
    points = {"1.1": D(200), "1.2": None}
    assert awards.point_problems(points, SHEET) == []
    assert awards.point_problems(points, SHEET, complete=True) == [
        PointProblem("1.2", "missing", D(300)),
        PointProblem("2.1", "missing", D(400)),
        PointProblem("bonus", "missing", D(50)),  # a bonus the work does not earn is typed 0
    ]


def test_a_sheets_total_counts_the_scored_criteria_only():
    points = {"1.1": D("250.5"), "1.2": None, "bonus": D(20), "elsewhere": D(99)}
    assert awards.sheet_total(points, SHEET) == D("270.5")
    assert awards.sheet_total({}, SHEET) == 0
    assert awards.sheet_maximum(SHEET) == 1050


@st.composite
def criteria_lists(draw):
    count = draw(st.integers(1, 6))
    maxima = draw(
        st.lists(st.decimals(min_value=0, max_value=600, places=2), min_size=count, max_size=count)
    )
    return tuple(CriterionLimit(f"c{i}", m, is_bonus=i == 0) for i, m in enumerate(maxima))


@given(criteria_lists(), st.data())
def test_points_have_no_problem_exactly_when_each_is_within_its_limit_in_hundredths(criteria, data):
    value = st.none() | st.decimals(min_value=-20, max_value=650, places=3)
    points = {c.code: data.draw(value) for c in criteria}
    within = all(
        points[c.code] is None
        or (
            0 <= points[c.code] <= c.maximum
            and points[c.code] == points[c.code].quantize(D("0.01"))
        )
        for c in criteria
    )
    assert (awards.point_problems(points, criteria) == []) == within
    missing = [
        p for p in awards.point_problems(points, criteria, complete=True) if p.kind == "missing"
    ]
    assert [p.code for p in missing] == [c.code for c in criteria if points[c.code] is None]


# --- consolidation ----------------------------------------------------------------------------


def test_three_evaluators_sheets_consolidate_by_hand():
    sheets = [
        {"1.1": D("250"), "1.2": D("240.5"), "2.1": D("300"), "bonus": D("20")},  # 810.50
        {"1.1": D("251"), "1.2": D("240"), "2.1": D("299"), "bonus": D("0")},  # 790.00
        {"1.1": D("251"), "1.2": D("240"), "2.1": D("300.25"), "bonus": D("10")},  # 801.25
    ]
    result = awards.consolidate(sheets, SHEET, awards.PUBLIC_SERVICE_THRESHOLDS)
    # 752 / 3 = 250.666… → 250.67; 720.5 / 3 = 240.1666… → 240.17; 899.25 / 3 = 299.75; 30 / 3 = 10
    assert result.by_criterion == {
        "1.1": D("250.67"),
        "1.2": D("240.17"),
        "2.1": D("299.75"),
        "bonus": D("10.00"),
    }
    # The parts add up to 800.59, distinguished; the mean of the three totals would be 800.58.
    assert result.total == D("800.59")
    assert result.sheets == 3
    assert result.level == DISTINGUISHED


def test_a_mean_halfway_between_two_hundredths_rounds_up():
    criteria = (CriterionLimit("d2.8", D(15)),)
    result = awards.consolidate(
        [{"d2.8": D("0.01")}, {"d2.8": D("0")}], criteria, awards.PARTICIPATORY_THRESHOLDS
    )
    assert result.by_criterion == {"d2.8": D("0.01")}  # 0.005 half-up, not to the even 0.00
    assert result.level == NOT_PASSED


def test_one_sheet_is_its_own_consolidation_and_none_is_none():
    sheet = {c.code: c.maximum for c in awards.PARTICIPATORY_DEVELOPMENT_CRITERIA}
    sheet["d2.7"] = D("45")  # 100 - 10
    result = awards.consolidate(
        [sheet], awards.PARTICIPATORY_DEVELOPMENT_CRITERIA, awards.PARTICIPATORY_THRESHOLDS
    )
    assert (result.total, result.level, result.sheets) == (D(90), EXCELLENT, 1)
    assert awards.consolidate([], SHEET, awards.PUBLIC_SERVICE_THRESHOLDS) is None


def test_a_sheet_incomplete_or_over_its_limits_is_not_consolidated():
    full = {"1.1": D(1), "1.2": D(1), "2.1": D(1), "bonus": D(0)}
    with pytest.raises(SheetError) as caught:
        awards.consolidate([full, {**full, "bonus": None}], SHEET, awards.PUBLIC_SERVICE_THRESHOLDS)
    assert caught.value.sheet == 1
    assert caught.value.problems == (PointProblem("bonus", "missing", D(50)),)
    with pytest.raises(ValueError, match="sheet 1 "):
        awards.consolidate([{**full, "2.1": D(401)}], SHEET, awards.PUBLIC_SERVICE_THRESHOLDS)


@st.composite
def sheets_within(draw):
    criteria = draw(criteria_lists())
    count = draw(st.integers(1, 7))
    sheets = [
        {c.code: draw(st.decimals(min_value=0, max_value=c.maximum, places=2)) for c in criteria}
        for _ in range(count)
    ]
    return criteria, sheets


@given(sheets_within(), valid_thresholds)
def test_a_consolidations_parts_add_up_within_the_maxima_and_give_its_level(drawn, thresholds):
    criteria, sheets = drawn
    result = awards.consolidate(sheets, criteria, thresholds)
    assert result.total == sum(result.by_criterion.values())
    assert result.total <= awards.sheet_maximum(criteria)
    assert result.level == awards.level_for(result.total, thresholds)
    assert result.sheets == len(sheets)
    for c in criteria:
        values = [sheet[c.code] for sheet in sheets]
        assert min(values) <= result.by_criterion[c.code] <= max(values)
        assert result.by_criterion[c.code] == result.by_criterion[c.code].quantize(D("0.01"))


# --- eligibility: Public Service type 5 (slide 11) --------------------------------------------


def ps(year, number, level=DISTINGUISHED, work=""):
    return AwardHeld(year, PUBLIC_SERVICE, number, level, work)


def pa(year, number, level=EXCELLENT, work=""):
    return AwardHeld(year, PARTICIPATORY, number, level, work)


@pytest.mark.parametrize("third", [3, 4])
def test_the_grand_award_needs_types_1_2_and_3_or_4_distinguished_the_same_year(third):
    history = [ps(2569, 1), ps(2569, 2), ps(2569, third), ps(2568, 1, GOOD)]
    answer = awards.grand_award_eligibility(history, 2569)
    assert answer.met and answer.reasons == ()
    assert answer.evidence == (ps(2569, 1), ps(2569, 2), ps(2569, third))


@pytest.mark.parametrize(
    ("history", "reasons"),
    [
        ([ps(2569, 1), ps(2568, 2), ps(2569, 3)], ("type_2",)),  # one year early
        ([ps(2569, 1, GOOD), ps(2569, 2), ps(2569, 4)], ("type_1",)),  # one level short
        (  # the right type and year in another family
            [ps(2569, 1), AwardHeld(2569, PARTICIPATORY, 2, EXCELLENT), ps(2569, 4)],
            ("type_2",),
        ),
        ([ps(2569, 1), ps(2569, 2), ps(2569, 5), ps(2569, 6)], ("type_3_or_4",)),
        ([], ("type_1", "type_2", "type_3_or_4")),
    ],
)
def test_the_grand_award_names_each_part_missing(history, reasons):
    answer = awards.grand_award_eligibility(history, 2569)
    assert (answer.met, answer.reasons, answer.evidence) == (False, reasons, ())


# --- eligibility: Public Service type 6 (slide 12) --------------------------------------------

REPORTS = [2567, 2568, 2569]


def test_continuous_quality_needs_a_distinguished_award_three_years_old_and_three_reports():
    answer = awards.continuous_quality_eligibility([ps(2566, 3, work="หัวฉีด")], REPORTS, 2569)
    assert answer == awards.Eligibility(True, (), (ps(2566, 3, work="หัวฉีด"),))
    # Awards count from 2555 on (2555 = 2558 - 3).
    assert awards.continuous_quality_eligibility([ps(2555, 1)], [2556, 2557, 2558], 2558).met


@pytest.mark.parametrize(
    ("history", "reports", "reasons"),
    [
        ([ps(2567, 3)], REPORTS, ("too_recent",)),  # one year too late
        ([ps(2566, 3, GOOD)], REPORTS, ("no_distinguished_award",)),  # one level short
        ([pa(2566, 2)], REPORTS, ("no_distinguished_award",)),  # another family
        ([ps(2566, 5)], REPORTS, ("no_distinguished_award",)),  # type 5 is not one of the four
        ([ps(2554, 1)], REPORTS, ("no_distinguished_award",)),  # before 2555
        ([ps(2566, 4)], [2567, 2569], ("reports_missing",)),  # 2568's report not sent
        ([ps(2566, 4)], [2566, 2567, 2568], ("reports_missing",)),  # not up to the year applied
        ([ps(2569, 2)], [], ("too_recent", "reports_missing")),
    ],
)
def test_continuous_quality_names_what_is_missing(history, reports, reasons):
    answer = awards.continuous_quality_eligibility(history, reports, 2569)
    assert (answer.met, answer.reasons, answer.evidence) == (False, reasons, ())


# --- eligibility: Participatory excellence (slide 26) -----------------------------------------


@pytest.mark.parametrize(
    "history",
    [
        [pa(2567, 2), pa(2568, 2)],  # expansion two years running
        [pa(2567, 1), pa(2568, 2)],  # development, then expansion
        [pa(2560, 1), pa(2561, 2), pa(2565, 1, GOOD)],  # any two running years before
    ],
)
def test_participatory_excellence_needs_two_excellent_years_running_and_three_projects(history):
    answer = awards.participatory_excellence_eligibility(history, 2569, new_projects=3)
    assert answer.met and answer.reasons == ()
    assert answer.evidence == tuple(a for a in history if a.level == EXCELLENT)


@pytest.mark.parametrize(
    "history",
    [
        [pa(2568, 1), pa(2569, 2)],  # the second year is the year applied: one year late
        [pa(2566, 1), pa(2568, 2)],  # a year between
        [pa(2567, 1), pa(2568, 2, GOOD)],  # one level short
        [pa(2567, 2), pa(2568, 1)],  # expansion, then development: the wrong way round
        [pa(2567, 1), pa(2568, 1)],  # development twice
        [pa(2567, 2), ps(2568, 2)],  # the second year in another family
        [AwardHeld(2567, PARTICIPATORY, 2, DISTINGUISHED), pa(2568, 2)],  # not the level's name
    ],
)
def test_participatory_excellence_refuses_what_is_not_two_years_running(history):
    answer = awards.participatory_excellence_eligibility(history, 2569, new_projects=5)
    assert (answer.met, answer.reasons, answer.evidence) == (
        False,
        ("not_two_years_excellent",),
        (),
    )


def test_participatory_excellence_needs_three_new_projects():
    answer = awards.participatory_excellence_eligibility(
        [pa(2567, 2), pa(2568, 2)], 2569, new_projects=2
    )
    assert (answer.met, answer.reasons) == (False, ("fewer_than_three_projects",))
    answer = awards.participatory_excellence_eligibility([], 2569, new_projects=0)
    assert answer.reasons == ("not_two_years_excellent", "fewer_than_three_projects")


# --- eligibility: Participatory expansion and development (slide 26) --------------------------

WORK = "โครงการสร้างการมีส่วนร่วมของชุมชน เพื่อลดการดื่มสุรา"


@pytest.mark.parametrize("level", [GOOD, EXCELLENT])
@pytest.mark.parametrize("number", [1, 2])
def test_expansion_needs_an_earlier_good_award_for_the_same_work(level, number):
    earlier = pa(2568, number, level, work="  โครงการสร้างการมีส่วนร่วมของชุมชน\n  เพื่อลดการดื่มสุรา ")
    answer = awards.participatory_expansion_eligibility([earlier], 2569, WORK, added_areas=3)
    assert answer == awards.Eligibility(True, (), (earlier,))


@pytest.mark.parametrize(
    "history",
    [
        [pa(2569, 1, GOOD, WORK)],  # the same year: one year late
        [pa(2568, 1, HONOURABLE, WORK)],  # one level short
        [ps(2568, 1, DISTINGUISHED, WORK)],  # another family
        [pa(2568, 3, EXCELLENT, WORK)],  # an excellence award is not development or expansion
        [pa(2568, 1, GOOD, "โครงการอื่น")],  # another work
        [pa(2568, 1, GOOD, "")],  # a record without a title is no work
    ],
)
def test_expansion_refuses_without_an_earlier_award_for_the_work(history):
    answer = awards.participatory_expansion_eligibility(history, 2569, WORK, added_areas=4)
    assert (answer.met, answer.reasons, answer.evidence) == (False, ("no_earlier_award",), ())


def test_expansion_needs_three_more_areas_and_a_title():
    history = [pa(2568, 1, GOOD, WORK)]
    answer = awards.participatory_expansion_eligibility(history, 2569, WORK, added_areas=2)
    assert answer.reasons == ("fewer_than_three_areas",)
    blank = awards.participatory_expansion_eligibility([pa(2568, 1, GOOD)], 2569, " ", 3)
    assert blank.reasons == ("no_earlier_award",)


def test_development_is_for_a_work_that_never_applied():
    history = [pa(2567, 1, NOT_PASSED, "  โครงการ\u200bก "), ps(2567, 4, work="โครงการ ข")]
    assert awards.participatory_development_eligibility(history, "โครงการ ข") == awards.Eligibility(
        True, (), ()
    )  # a Public Service award for it is another family
    answer = awards.participatory_development_eligibility(history, "โครงการก")
    assert (answer.met, answer.reasons) == (False, ("applied_before",))  # even not passed
    assert awards.participatory_development_eligibility([], WORK).met


# --- eligibility: PMQA (slides 3-4) ------------------------------------------------------------


def pmqa(year, number, level=AWARDED):
    return AwardHeld(year, PMQA, number, level)


def test_a_pmqa_category_award_needs_the_fundamental_level_earlier():
    answer = awards.pmqa_category_eligibility([pmqa(2555, 1), pmqa(2559, 2)], 2560)
    assert answer == awards.Eligibility(True, (), (pmqa(2555, 1),))


@pytest.mark.parametrize(
    "history",
    [
        [pmqa(2560, 1)],  # the same year: one year late
        [pmqa(2559, 1, NOT_PASSED)],  # not certified
        [AwardHeld(2559, PUBLIC_SERVICE, 1, AWARDED)],  # another family
        [pmqa(2559, 2)],  # a category award is not the Fundamental Level
    ],
)
def test_a_pmqa_category_award_refuses_without_an_earlier_certification(history):
    answer = awards.pmqa_category_eligibility(history, 2560)
    assert (answer.met, answer.reasons, answer.evidence) == (False, ("no_fundamental_level",), ())


# --- eligibility: adding a record never takes a right away ------------------------------------

records = st.builds(
    AwardHeld,
    year=st.integers(2553, 2571),
    family=st.sampled_from([PUBLIC_SERVICE, PARTICIPATORY, PMQA]),
    number=st.integers(1, 6),
    level=st.sampled_from([DISTINGUISHED, EXCELLENT, GOOD, HONOURABLE, AWARDED, NOT_PASSED]),
    work=st.sampled_from(["", "ก", "ข"]),
)
histories = st.lists(records, max_size=12)
years = st.integers(2555, 2572)


YEAR = 2569


def with_some_of(key_records):
    """Random records with a random part of the records a rule looks for, so that the histories
    drawn meet the rule often enough for "met stays met" to be tested."""
    return st.tuples(histories, st.lists(st.sampled_from(key_records), unique=True)).map(
        lambda drawn: [*drawn[0], *drawn[1]]
    )


grand_histories = with_some_of([ps(YEAR, n) for n in (1, 2, 3, 4)])
quality_histories = with_some_of([ps(y, n) for y in range(YEAR - 5, YEAR + 1) for n in (1, 3)])
excellence_histories = with_some_of([pa(y, n) for y in range(YEAR - 4, YEAR + 1) for n in (1, 2)])
reports = st.lists(st.sampled_from(range(YEAR - 3, YEAR + 1)), unique=True)


@given(grand_histories, records)
def test_a_record_more_never_unmeets_the_grand_award(history, extra):
    if awards.grand_award_eligibility(history, YEAR).met:
        assert awards.grand_award_eligibility([*history, extra], YEAR).met


@given(quality_histories, records, reports)
def test_a_record_more_never_unmeets_continuous_quality(history, extra, sent):
    if awards.continuous_quality_eligibility(history, sent, YEAR).met:
        assert awards.continuous_quality_eligibility([*history, extra], sent, YEAR).met


@given(excellence_histories, records, st.integers(2, 4))
def test_a_record_more_never_unmeets_participatory_excellence(history, extra, projects):
    if awards.participatory_excellence_eligibility(history, YEAR, projects).met:
        assert awards.participatory_excellence_eligibility([*history, extra], YEAR, projects).met


@given(histories, years, st.integers(0, 5))
def test_an_eligibility_is_met_exactly_when_no_reason_is_given(history, year, projects):
    for answer in (
        awards.grand_award_eligibility(history, year),
        awards.continuous_quality_eligibility(history, [year - 2, year - 1, year], year),
        awards.participatory_excellence_eligibility(history, year, projects),
        awards.participatory_expansion_eligibility(history, year, "ก", projects),
        awards.participatory_development_eligibility(history, "ข"),
        awards.pmqa_category_eligibility(history, year),
    ):
        assert answer.met == (answer.reasons == ())
        assert answer.met or answer.evidence == ()
        assert set(answer.evidence) <= set(history)
