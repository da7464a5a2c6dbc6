from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules.projection import project, project_steps


def test_it_extends_the_line_through_the_6_and_9_month_results():
    # 80 at 6 months, 86 at 9: 2 a month, so 92 at 12.
    projection = project({6: Decimal(80), 9: Decimal(86)}, cumulative=False)
    assert (projection.value, projection.method) == (Decimal("92.0000"), "trend")


def test_a_falling_trend_projects_lower():
    assert project({6: Decimal(20), 9: Decimal(17)}, cumulative=False).value == Decimal("14.0000")


def test_one_measured_point_is_held():
    projection = project({6: Decimal("88.5")}, cumulative=False)
    assert (projection.value, projection.method) == (Decimal("88.5"), "hold")


def test_one_cumulative_point_keeps_its_pace():
    assert project({6: Decimal(3)}, cumulative=True).value == Decimal("6.0000")


def test_nothing_reported_projects_nothing():
    assert project({}, cumulative=False) is None
    assert project({6: None}, cumulative=False) is None


def test_steps_are_projected_within_the_steps_there_are():
    assert project_steps({6: 2}, 5) == (4, "pace")
    assert project_steps({6: 3}, 5) == (5, "pace")
    assert project_steps({6: 2, 9: 2}, 5) == (2, "trend")
    assert project_steps({6: 1, 9: 3}, 5) == (5, "trend")


@given(st.integers(0, 5), st.integers(0, 5))
def test_projected_steps_never_fall_below_what_is_done_nor_exceed_the_steps(six, nine):
    nine = max(six, nine)
    steps, _method = project_steps({6: six, 9: nine}, 5)
    assert nine <= steps <= 5
