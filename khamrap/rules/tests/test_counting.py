"""The counting rule: worked examples and the invariants of a like-with-like ranking."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules import counting
from khamrap.rules.counting import Source, Standing


def test_the_verified_score_counts_once_given():
    assert counting.counted(Decimal("3.5"), Decimal("3.2")) == (Decimal("3.2"), Source.VERIFIED)
    assert counting.counted(Decimal("3.5"), None) == (Decimal("3.5"), Source.SELF)
    assert counting.counted(None, None) == (None, None)
    # A verified 0 is a score, not "nothing".
    assert counting.counted(Decimal("3.5"), Decimal(0)) == (Decimal(0), Source.VERIFIED)


def test_the_standing_follows_the_report_and_the_verified_count():
    assert counting.standing(None, reported=0, verified=0, total=5) == Standing.NONE
    assert counting.standing("open", reported=1, verified=0, total=5) == Standing.IN_PROGRESS
    assert counting.standing("submitted", reported=5, verified=0, total=5) == Standing.SUBMITTED
    assert counting.standing("submitted", reported=5, verified=2, total=5) == Standing.VERIFYING
    assert counting.standing("closed", reported=5, verified=5, total=5) == Standing.FINAL
    assert not counting.is_official(Standing.IN_PROGRESS)
    assert counting.is_official("submitted") and counting.is_official(Standing.FINAL)


def test_a_score_under_3_is_at_risk_and_nothing_is_not():
    assert counting.is_at_risk(Decimal("2.9999"))
    assert not counting.is_at_risk(Decimal(3))
    assert not counting.is_at_risk(None)


def test_four_places_round_half_up_like_the_scores():
    # Half-even would print 0.0000 and 2.4342; the scores are rounded half-up.
    assert counting.four_places(Decimal("0.00005")) == "0.0001"
    assert counting.four_places(Decimal("2.43425")) == "2.4343"
    assert counting.four_places(Decimal("3.435")) == "3.4350"
    assert counting.four_places(None) == "–"
    assert counting.four_places("") == "–"


def test_a_composite_shows_the_least_advanced_status_of_its_parts():
    assert counting.composite_status(["approved", "approved"]) == "approved"
    assert counting.composite_status(["approved", "submitted"]) == "submitted"
    assert counting.composite_status(["approved", None]) == "draft"
    assert counting.composite_status(["submitted", "returned"]) == "returned"
    assert counting.composite_status([None, None]) is None
    assert counting.composite_status([]) is None


def test_the_reviewers_ranking_keeps_kinds_apart():
    # A province's self-assessed 3.5100 is not ranked above a department verified at 3.4350.
    ranked = counting.rank(
        [
            ("province", Standing.SUBMITTED, Decimal("3.5100")),
            ("department", Standing.FINAL, Decimal("3.4350")),
            ("draft", Standing.IN_PROGRESS, Decimal("4.9000")),
        ]
    )
    assert [(r.key, r.standing, r.rank) for r in ranked] == [
        ("department", Standing.FINAL, 1),
        ("province", Standing.SUBMITTED, 1),
        ("draft", Standing.IN_PROGRESS, None),
    ]


def test_equal_totals_share_a_rank():
    ranked = counting.rank(
        [
            ("a", Standing.FINAL, Decimal(4)),
            ("b", Standing.FINAL, Decimal(3)),
            ("c", Standing.FINAL, Decimal(4)),
            ("d", Standing.FINAL, None),
        ]
    )
    assert [(r.key, r.rank) for r in ranked] == [("a", 1), ("c", 1), ("b", 3), ("d", None)]


rows = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.sampled_from(list(Standing)),
        st.one_of(st.none(), st.decimals(0, 5, places=4)),
    ),
    max_size=30,
    unique_by=lambda row: row[0],
)


@given(rows)
def test_a_ranking_never_compares_totals_of_different_standings(given_rows):
    ranked = counting.rank(given_rows)
    assert sorted(r.key for r in ranked) == sorted(key for key, _s, _t in given_rows)
    order = [counting.LISTED_ORDER.index(r.standing) for r in ranked]
    assert order == sorted(order)  # sections, most trusted first
    for section in Standing:
        members = [r for r in ranked if r.standing == section]
        ranks = [r.rank for r in members if r.rank is not None]
        if section not in counting.RANKED_ORDER:
            assert ranks == []
            continue
        assert ranks == sorted(ranks)
        if ranks:
            assert ranks[0] == 1
        totals = [r.total for r in members if r.total is not None]
        assert totals == sorted(totals, reverse=True)
        for a in members:
            for b in members:
                if a.rank and b.rank and a.total > b.total:
                    assert a.rank < b.rank
