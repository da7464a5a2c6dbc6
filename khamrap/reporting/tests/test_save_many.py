"""results_save_many: result_save's rules and history for many rows, in a fixed number of queries."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khamrap.agreements.models import Indicator
from khamrap.agreements.tests.builders import composite_of_two
from khamrap.reporting.models import Change, Result
from khamrap.reporting.services import (
    NARRATIVE_FIELDS,
    ResultRow,
    ResultsSaveError,
    result_save,
    result_submit,
    results_save_many,
)

from .workflow import submitted_round

COMPARED = ("value", "steps_done", "step_dates", "passed", "self_score", "version", "status")


@pytest.fixture
def rounds(fiscal_year):
    return {r.months: r for r in fiscal_year.rounds.all()}


@pytest.fixture
def composite(world, agreement):
    """Indicator 4, scored from two pass/fail parts; the collector is named on the composite only."""
    whole = composite_of_two(world, agreement)
    return whole


def _indicator(agreement, number):
    return agreement.indicators.get(number=number)


def _snapshot(reporting_round):
    results = {
        r.indicator.number: (
            *(getattr(r, name) for name in COMPARED),
            *(getattr(r, name) for name in NARRATIVE_FIELDS),
        )
        for r in Result.objects.filter(reporting_round=reporting_round).select_related("indicator")
    }
    changes = Counter(
        (c.result.indicator.number, c.field, c.old, c.new, c.actor_id)
        for c in Change.objects.filter(result__reporting_round=reporting_round).select_related(
            "result__indicator"
        )
    )
    return results, changes


# What each row asks, in order: numbers, then the fields given (as the Excel import passes them).
SEED = [
    ("1", {"value": Decimal(85), "performance": "เริ่มต้น"}),
    ("4.1", {"passed": True}),
    ("16", {"steps_done": [1], "step_dates": {"1": "2026-01-10"}}),
]
ROWS = [
    ("1", {"version": 2, "value": Decimal("92.5"), "performance": "  ทำได้ดี  "}),
    ("16", {"steps_done": [2, 1, 4, 2], "step_dates": {"1": "2026-01-15", "3": "2026-02-01"}}),
    ("3", {"passed": True, "explanation": "เหตุผล", "obstacles": "ฝน"}),
    ("4.1", {"version": 2, "passed": False}),
    ("4.2", {"passed": True}),
    # The same indicator again: it sees the row before it, as one result_save after another would.
    ("3", {"passed": False}),
    ("1", {"value": Decimal("92.5000"), "performance": "ทำได้ดี"}),
]


def _seed(agreement, reporting_round, user):
    for number, fields in SEED:
        result_save(
            indicator=_indicator(agreement, number),
            reporting_round=reporting_round,
            user=user,
            **fields,
        )


def test_many_rows_store_what_result_save_stores_one_by_one(world, agreement, composite, rounds):
    one_by_one, at_once = rounds[6], rounds[9]
    for reporting_round in (one_by_one, at_once):
        _seed(agreement, reporting_round, world.collector)
    assert _snapshot(one_by_one) == _snapshot(at_once)

    for number, fields in ROWS:
        result_save(
            indicator=_indicator(agreement, number),
            reporting_round=one_by_one,
            user=world.collector,
            **fields,
        )
    summary = results_save_many(
        reporting_round=at_once,
        user=world.collector,
        rows=[ResultRow(indicator=_indicator(agreement, n), **fields) for n, fields in ROWS],
    )

    expected, at_once_got = _snapshot(one_by_one), _snapshot(at_once)
    assert at_once_got[0] == expected[0]
    assert at_once_got[1] == expected[1]
    assert summary.saved == len(ROWS)
    assert summary.agreements == 1
    # The composite got its result and score from its parts, with its own history.
    assert expected[0]["4"][COMPARED.index("self_score")] is not None
    assert any(number == "4" for number, *_rest in expected[1])
    # Nothing about other rounds changed.
    assert not Result.objects.filter(reporting_round=rounds[12]).exists()


def test_the_coordinator_may_record_any_indicator_of_the_organization(world, agreement, rounds):
    results_save_many(
        reporting_round=rounds[6],
        user=world.coordinator,
        rows=[ResultRow(indicator=_indicator(agreement, "1"), value=Decimal(100))],
    )
    result = Result.objects.get(reporting_round=rounds[6], indicator__number="1")
    assert (result.value, result.self_score, result.version) == (Decimal(100), Decimal(5), 2)


def _refused(agreement, reporting_round, user, rows):
    before = (Result.objects.count(), Change.objects.count(), _snapshot(reporting_round))
    with pytest.raises(ResultsSaveError) as caught:
        results_save_many(reporting_round=reporting_round, user=user, rows=rows)
    assert (Result.objects.count(), Change.objects.count(), _snapshot(reporting_round)) == before
    return caught.value.problems


def test_a_row_the_person_may_not_record_refuses_every_row(world, agreement, rounds):
    stranger = world.person("stranger")
    agreement.indicators.get(number="1").collectors.add(stranger)
    problems = _refused(
        agreement,
        rounds[6],
        stranger,
        [
            ResultRow(indicator=_indicator(agreement, "1"), value=Decimal(90)),
            ResultRow(indicator=_indicator(agreement, "3"), passed=True),
        ],
    )
    assert [(index, type(error)) for index, error in problems] == [(1, PermissionDenied)]


def test_a_locked_result_refuses_every_row(world, agreement, rounds):
    six = rounds[6]
    result = result_save(
        indicator=_indicator(agreement, "1"), reporting_round=six, user=world.collector, value=100
    )
    result_submit(result=result, user=world.collector)
    problems = _refused(
        agreement,
        six,
        world.collector,
        [
            ResultRow(indicator=_indicator(agreement, "3"), passed=True),
            ResultRow(indicator=_indicator(agreement, "1"), value=Decimal(90)),
        ],
    )
    assert [index for index, _error in problems] == [1]
    assert "locked" in problems[0][1].messages[0] or "ล็อก" in problems[0][1].messages[0]


def test_a_stale_version_refuses_every_row(world, agreement, rounds):
    six = rounds[6]
    result_save(
        indicator=_indicator(agreement, "1"), reporting_round=six, user=world.coordinator, value=1
    )
    problems = _refused(
        agreement,
        six,
        world.collector,
        [
            ResultRow(indicator=_indicator(agreement, "16"), steps_done=[1]),
            ResultRow(indicator=_indicator(agreement, "1"), version=1, value=Decimal(90)),
            ResultRow(indicator=_indicator(agreement, "3"), version=3, passed=True),
        ],
    )
    assert [(index, error.code) for index, error in problems] == [(1, "stale"), (2, "stale")]


def test_a_submitted_report_refuses_every_row(world, agreement, rounds):
    six = rounds[6]
    submitted_round(agreement, six, world)
    problems = _refused(
        agreement,
        six,
        world.coordinator,
        [ResultRow(indicator=_indicator(agreement, "1"), value=Decimal(90))],
    )
    assert [index for index, _error in problems] == [0]


def test_composites_and_steps_out_of_range_are_refused(world, agreement, composite, rounds):
    problems = _refused(
        agreement,
        rounds[6],
        world.collector,
        [
            ResultRow(indicator=composite, value=Decimal(1)),
            ResultRow(indicator=_indicator(agreement, "16"), steps_done=[6]),
            ResultRow(indicator=_indicator(agreement, "1"), value=Decimal("1e30")),
        ],
    )
    assert [index for index, _error in problems] == [0, 1, 2]
    assert all(isinstance(error, ValidationError) for _index, error in problems)


def _extra_indicators(world, agreement, count):
    group = agreement.indicators.get(number="3").group
    for n in range(count):
        extra = Indicator.objects.create(
            agreement=agreement,
            group=group,
            number=f"9.{n}",
            name=f"เพิ่ม {n}",
            weight=Decimal(1),
            kind="pass_fail",
            order=100 + n,
        )
        extra.collectors.add(world.collector)


def _queries(world, reporting_round, indicators, **fields):
    rows = [ResultRow(indicator=i, **fields) for i in indicators]
    with CaptureQueriesContext(connection) as queries:
        results_save_many(reporting_round=reporting_round, user=world.collector, rows=rows)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(world, agreement, composite, rounds):
    _extra_indicators(world, agreement, 20)
    parts = list(agreement.indicators.filter(kind="pass_fail").order_by("number"))
    few, many = parts[:2], parts
    assert len(many) >= 20
    # New results (and the composite's), then changes to stored ones.
    created = (
        _queries(world, rounds[6], few, passed=True),
        _queries(world, rounds[9], many, passed=True),
    )
    changed = (
        _queries(world, rounds[6], few, passed=False),
        _queries(world, rounds[9], many, passed=False),
    )
    assert created[0] == created[1]
    assert changed[0] == changed[1]
    # The agreements, indicators_of_many's ten, rights, the reports (made if missing, then locked
    # before the results: one lock order for every service), results, then the writes; then the
    # standings stored again (reporting.standings: eight queries, whatever the number of rows).
    assert max(*created, *changed) <= 27
