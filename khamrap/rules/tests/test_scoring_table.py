"""Tests of the weighted score table: printed weighted scores added up by line, group and total,
worked by hand and as a property."""

import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules.scoring import ScoreLine, score_table, weighted_score
from khamrap.rules.tests.scoring_criteria import scores

D = Decimal


# --- table ----------------------------------------------------------------------------------


def test_it_adds_up_the_printed_weighted_scores_of_a_table() -> None:
    table = score_table(
        [
            ScoreLine("1", "มิติที่ 1", D(30), D("3.3333")),
            ScoreLine("2", "มิติที่ 1", D(30), D("4.6667")),
            ScoreLine("3", "มิติที่ 4", D(40), D(5)),
        ]
    )
    assert [line.weighted for line in table.lines] == [D("1.0000"), D("1.4000"), D("2.0000")]
    assert [(g.group, g.weight, g.weighted) for g in table.groups] == [
        ("มิติที่ 1", D(60), D("2.4000")),
        ("มิติที่ 4", D(40), D("2.0000")),
    ]
    assert table.total == D("4.4000")
    assert table.unreported == ()


def test_it_gives_four_point_zero_with_weight_twenty_a_weighted_score_of_zero_point_eight() -> None:
    assert weighted_score(D("4.0000"), D(20)) == D("0.8000")


def test_it_flags_an_unreported_line_and_counts_it_as_zero() -> None:
    table = score_table([ScoreLine("a", "g", D(50), D(4)), ScoreLine("b", "g", D(50), None)])
    assert table.total == D("2.0000")
    assert table.unreported == ("b",)
    assert [line.reported for line in table.lines] == [True, False]


def test_it_orders_groups_by_first_appearance() -> None:
    table = score_table(
        [
            ScoreLine("a", "ข", D(25), D(1)),
            ScoreLine("b", "ก", D(25), D(2)),
            ScoreLine("c", "ข", D(50), D(3)),
        ]
    )
    assert [g.group for g in table.groups] == ["ข", "ก"]
    assert [g.weighted for g in table.groups] == [D("1.7500"), D("0.5000")]


# --- properties -----------------------------------------------------------------------------


@st.composite
def weights_of_100(draw: st.DrawFn) -> list[Decimal]:
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=99), max_size=12)))
    bounds = [0, *cuts, 100]
    return [D(b - a) for a, b in itertools.pairwise(bounds)]


@given(weights_of_100(), st.data())
def test_it_totals_a_table_as_the_sum_of_its_printed_lines_and_groups(
    weights: list[Decimal], data: st.DataObject
) -> None:
    lines = [
        ScoreLine(
            str(i),
            data.draw(st.sampled_from(["มิติที่ 1", "มิติที่ 2", "มิติที่ 3"])),
            weight,
            data.draw(st.none() | scores),
        )
        for i, weight in enumerate(weights)
    ]
    table = score_table(lines)
    assert table.total == sum((line.weighted for line in table.lines), D(0))
    for group in table.groups:
        members = [line for line in table.lines if line.group == group.group]
        assert group.weighted == sum((line.weighted for line in members), D(0))
        assert group.weight == sum((line.weight for line in members), D(0))
    assert D(0) <= table.total <= D(5)
