"""GET /api/v1/pmqa/years and /api/v1/pmqa/years/{id}: PMQA years and their figures read back, as
the PMQA pages compute them, only for what the token may see."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khamrap.pmqa import services
from khamrap.pmqa.models import Item

# world.dept's PMQA year and its helpers (khamrap/pmqa/tests/conftest.py).
from khamrap.pmqa.tests.conftest import (  # noqa: F401 (fixtures)
    answer_profile,
    approved,
    assess_all,
    criteria,
    head,
    year,
)

pytestmark = pytest.mark.django_db

YEARS = "/api/v1/pmqa/years"


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def test_the_years_list_shows_what_the_token_may_see(world, year, api_as):  # noqa: F811
    body = ok(api_as(world.coordinator, world.dept).get(YEARS))
    assert body["count"] == 1
    [row] = body["items"]
    assert (row["id"], row["fiscal_year"], row["status"]) == (year.pk, 2569, "planning")
    assert row["organization"]["code"] == "M1-D1"
    assert row["criteria"]["code"] == year.criteria.code
    assert row["criteria"]["level"] == "fundamental"
    assert row["steps_done"] == [] and row["indicator_id"] is None


def test_the_years_filter_by_organization_year_and_status(
    world,
    approved,  # noqa: F811
    fiscal_year,
    criteria,  # noqa: F811
    api_as,
):
    services.year_create(
        organization=world.dept2, fiscal_year=fiscal_year, criteria=criteria, user=world.superuser
    )
    api = api_as(world.executive, world.ministry, subtree=True)

    def codes(**params):
        return [
            (r["organization"]["code"], r["status"]) for r in ok(api.get(YEARS, params))["items"]
        ]

    assert codes() == [("M1-D1", "approved"), ("M1-D2", "planning")]
    assert codes(status="approved") == [("M1-D1", "approved")]
    assert codes(organization=world.dept2.pk) == [("M1-D2", "planning")]
    assert codes(year=2569, status="planning") == [("M1-D2", "planning")]
    assert codes(year=2570) == []
    assert codes(organization=world.other_dept.pk) == []
    # The approved year has held its briefing and had its plan approved: steps 1 and 2.
    [row] = ok(api.get(YEARS, {"status": "approved"}))["items"]
    assert row["steps_done"] == [1, 2] and row["plan_approved_on"] is not None


def test_a_years_detail_gives_the_assessment_profile_and_plan_figures(
    world,
    approved,  # noqa: F811
    six,
    api_as,
):
    coordinator = world.coordinator
    answer_profile(approved, coordinator)
    items = assess_all(approved, coordinator)  # every item of categories 1 and 2 in band 3
    project = services.project_save(
        year=approved,
        user=coordinator,
        title="ปรับปรุงระบบรับเรื่องร้องเรียน",
        owner_name="ศูนย์ดำรงธรรม",
        deadline=dt.date(2026, 9, 30),
    )
    services.project_report(project=project, reporting_round=six, user=coordinator, progress=40)

    body = ok(api_as(world.executive, world.ministry, subtree=True).get(f"{YEARS}/{approved.pk}"))
    assert (body["id"], body["status"], body["fiscal_year"]) == (approved.pk, "approved", 2569)
    assert body["briefing_attendees"] == 45 and body["briefing_on"] == "2025-11-20"
    chosen = {c["number"]: c for c in body["categories"] if c["chosen"]}
    assert {n: c["scope"] for n, c in chosen.items()} == {1: "mandatory", 2: "voluntary"}
    assert len(body["categories"]) == 7
    first = chosen[1]["summary"]
    count = Item.objects.filter(category__version=approved.criteria, category__number=1).count()
    # Band 3 of the default bands is 50–65%: its midpoint, 57.5, for every item.
    assert (first["items"], first["answered"], first["complete"]) == (count, count, True)
    assert first["percent"] == "57.50"
    assert (first["strengths"], first["ofis"]) == (count, count)
    assert set(first["by_dimension"].values()) == {"57.50"}
    overall = body["overall"]
    assert (overall["items"], overall["answered"]) == (len(items), len(items))
    unchosen = next(c for c in body["categories"] if not c["chosen"])
    assert (unchosen["scope"], unchosen["summary"]["percent"]) == (None, None)
    assert body["profile"]["complete"] is True and body["profile"]["percent"] == 100
    plan = body["plan"]
    assert (plan["projects"], plan["done"], plan["mean_progress"]) == (1, 0, 40)
    [row] = plan["items"]
    assert (row["title"], row["status"], row["progress"]) == (
        "ปรับปรุงระบบรับเรื่องร้องเรียน",
        "in_progress",
        40,
    )


def test_another_organizations_year_is_404_and_not_listed(world, year, api_as):  # noqa: F811
    url = f"{YEARS}/{year.pk}"
    outsider = api_as(world.outsider, world.other_dept)
    assert outsider.get(url).status_code == 404
    assert ok(outsider.get(YEARS))["items"] == []
    # The ministry's executive, through a token for the ministry alone (no subtree).
    ministry_only = api_as(world.executive, world.ministry)
    assert ministry_only.get(url).status_code == 404
    assert ok(ministry_only.get(YEARS))["items"] == []
    assert api_as(world.executive, world.dept2, subtree=True).get(url).status_code == 404
    assert api_as(world.coordinator, world.dept).get(f"{YEARS}/999999").status_code == 404
    assert api_as(world.collector, world.dept).get(url).status_code == 200


def test_bad_input_is_422_with_the_field(world, api_as):
    api = api_as(world.coordinator, world.dept)
    for params, field in (
        ({"status": "finished"}, "status"),
        ({"year": "this"}, "year"),
        ({"year": 69}, "year"),
        ({"organization": "M1-D1"}, "organization"),
        ({"page_size": 0}, "page_size"),
    ):
        response = api.get(YEARS, params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["loc"][-1] == field
    response = api.get(f"{YEARS}/first")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "pmqa_year_id"


def test_without_a_token_it_is_401(year, anonymous_api):  # noqa: F811
    assert anonymous_api.get(YEARS).status_code == 401
    assert anonymous_api.get(f"{YEARS}/{year.pk}").status_code == 401


def test_the_years_list_runs_the_same_queries_at_two_sizes(
    world,
    year,  # noqa: F811
    criteria,  # noqa: F811
    api_as,
):
    from khamrap.periods.services import fiscal_year_create

    api = api_as(world.executive, world.ministry, subtree=True)
    api.get(YEARS)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        assert ok(api.get(YEARS))["count"] == 1
    for number in (2570, 2571):
        later = fiscal_year_create(year=number)
        for organization in (world.dept, world.dept2, world.ministry):
            services.year_create(
                organization=organization,
                fiscal_year=later,
                criteria=criteria,
                user=world.superuser,
            )
    with CaptureQueriesContext(connection) as seven:
        assert ok(api.get(YEARS))["count"] == 7
    assert len(one) == len(seven)
