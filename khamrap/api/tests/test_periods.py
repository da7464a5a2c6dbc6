"""GET /api/v1/fiscal-years and /api/v1/rounds: every organization's, read by any caller."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from khamrap.periods.services import fiscal_year_create

pytestmark = pytest.mark.django_db

YEARS = "/api/v1/fiscal-years"
ROUNDS = "/api/v1/rounds"


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def test_fiscal_years_newest_first_with_their_rounds(world, fiscal_year, api_as):
    fiscal_year_create(year=2568, round_months=[6, 12])
    fiscal_year_create(year=2570)
    body = ok(api_as(world.coordinator, world.dept).get(YEARS))
    assert body["count"] == 3
    assert [y["year"] for y in body["items"]] == [2570, 2569, 2568]
    year_2569 = body["items"][1]
    assert year_2569["starts_on"] == "2025-10-01"
    assert year_2569["ends_on"] == "2026-09-30"
    assert year_2569["framework_id"] == fiscal_year.framework_id
    assert [r["months"] for r in year_2569["rounds"]] == [6, 9, 12]
    assert [r["months"] for r in body["items"][2]["rounds"]] == [6, 12]
    assert body["items"][0]["framework_id"] is None


def test_one_fiscal_year_by_its_be_year_with_its_rounds(world, fiscal_year, six, api_as):
    body = ok(api_as(world.outsider, world.other_dept).get(f"{YEARS}/2569"))
    assert body["year"] == 2569
    six_month = body["rounds"][0]
    assert six_month == {
        "id": six.pk,
        "year": 2569,
        "months": 6,
        "cutoff_date": six.cutoff_date.isoformat(),
        "deadline": six.deadline.isoformat(),
        "status": six.status_on(timezone.localdate()).value,
    }


def test_a_round_says_where_it_stands_today(world, fiscal_year, api_as):
    today = timezone.localdate()
    rounds = list(fiscal_year.rounds.order_by("months"))
    # Before the cut-off, being reported, past the deadline: the dates moved around today.
    for reporting_round, (cutoff, deadline) in zip(
        rounds,
        [
            (today + dt.timedelta(days=1), today + dt.timedelta(days=30)),
            (today, today),
            (today - dt.timedelta(days=2), today - dt.timedelta(days=1)),
        ],
        strict=True,
    ):
        reporting_round.cutoff_date, reporting_round.deadline = cutoff, deadline
        reporting_round.save()
    body = ok(api_as(world.coordinator, world.dept).get(ROUNDS, {"year": 2569}))
    assert [r["status"] for r in body["items"]] == ["in_progress", "in_progress", "closed"]
    rounds[1].cutoff_date = today - dt.timedelta(days=1)
    rounds[1].save()
    body = ok(api_as(world.coordinator, world.dept).get(ROUNDS, {"year": 2569}))
    assert body["items"][1]["status"] == "reporting"


def test_rounds_by_year_then_months_and_filtered_by_year(world, fiscal_year, api_as):
    fiscal_year_create(year=2570, round_months=[3, 12])
    fiscal_year_create(year=2568, round_months=[12])
    api = api_as(world.executive, world.ministry)
    body = ok(api.get(ROUNDS))
    assert [(r["year"], r["months"]) for r in body["items"]] == [
        (2568, 12),
        (2569, 6),
        (2569, 9),
        (2569, 12),
        (2570, 3),
        (2570, 12),
    ]
    body = ok(api.get(ROUNDS, {"year": 2570}))
    assert [(r["year"], r["months"]) for r in body["items"]] == [(2570, 3), (2570, 12)]
    assert ok(api.get(ROUNDS, {"year": 2500}))["items"] == []


def test_anyone_signed_in_reads_them_even_with_no_role(world, fiscal_year, client):
    client.force_login(world.nobody)
    assert ok(client.get(YEARS))["count"] == 1
    assert ok(client.get(f"{YEARS}/2569"))["year"] == 2569
    assert ok(client.get(ROUNDS))["count"] == 3


def test_an_unknown_year_is_404(world, fiscal_year, api_as):
    api = api_as(world.coordinator, world.dept)
    assert api.get(f"{YEARS}/2570").status_code == 404
    assert api.get(f"{YEARS}/99999999999999999999").status_code == 422  # not a B.E. year


def test_bad_input_is_422_with_the_field(world, fiscal_year, api_as):
    api = api_as(world.coordinator, world.dept)
    response = api.get(ROUNDS, {"year": "abc"})
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"][-1] == "year"
    assert problem["code"] == "int_parsing"
    response = api.get(f"{YEARS}/abc")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "year"
    assert api.get(YEARS, {"page": "zero"}).status_code == 422


def test_not_signed_in_is_401(world, fiscal_year, anonymous_api):
    for url in (YEARS, f"{YEARS}/2569", ROUNDS):
        assert anonymous_api.get(url).status_code == 401


def _queries(api, url):
    ok(api.get(url))  # the token's first use of the minute records it: not counted
    with CaptureQueriesContext(connection) as queries:
        ok(api.get(url))
    return len(queries)


def test_the_lists_do_not_grow_with_their_rows(world, fiscal_year, api_as):
    api = api_as(world.coordinator, world.dept)
    few = (_queries(api, YEARS), _queries(api, ROUNDS))
    for year in (2566, 2567, 2568, 2570):
        fiscal_year_create(year=year, round_months=[3, 6, 9, 12])
    assert ok(api.get(ROUNDS))["count"] == 19
    assert (_queries(api, YEARS), _queries(api, ROUNDS)) == few
