"""GET /api/v1/awards/…: calls, applications, one application's result (only for whoever the
policy lets see it) and the award history, read through the awards pages' own selectors."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Move
from khamrap.awards.tests.builders import applied, moved, scheme, score_all

# The calls of 2569, the award office and the assessors' pool (khamrap/awards/tests/conftest.py).
from khamrap.awards.tests.conftest import calls, office, pool  # noqa: F401 (fixtures)
from khamrap.periods.services import fiscal_year_create

pytestmark = pytest.mark.django_db

CALLS = "/api/v1/awards/calls"
APPLICATIONS = "/api/v1/awards/applications"
RECORDS = "/api/v1/awards/records"


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def at_committee(calls, world, office, pool):  # noqa: F811
    """A Public Service type 1 application scored by two assessors (1,050 and 1,000), at the
    committee: its consolidated total is 1,025.00, distinguished, not yet announced."""
    application = applied(calls, world, Family.PUBLIC_SERVICE, 1, "ศูนย์บริการร่วม")
    application = moved(application, office, Move.CHECK, Move.SCREEN)
    first = services.assessor_assign(application=application, assessor=pool[0], user=office)
    second = services.assessor_assign(application=application, assessor=pool[1], user=office)
    score_all(first, pool[0])  # every maximum, the bonus included: 1,050
    score_all(second, pool[1], value="110")  # 5 × 110 + 50 + 4 × 100 = 1,000
    return moved(application, office, Move.VISIT, Move.COMMITTEE)


# --- calls -------------------------------------------------------------------------------------


def test_the_calls_of_a_year_with_their_types_thresholds_and_timetable(
    world,
    calls,  # noqa: F811
    api_as,
):
    api = api_as(world.outsider, world.other_dept)  # calls are every organization's
    body = ok(api.get(CALLS, {"year": 2569}))
    assert [c["family"] for c in body["items"]] == ["participatory", "pmqa", "public_service"]
    public = body["items"][2]
    assert public["fiscal_year"] == 2569
    assert public["thresholds"] == [
        {"minimum": "800", "level": "distinguished"},
        {"minimum": "750", "level": "good"},
    ]
    received = next(d for d in public["timetable"] if d["stage"] == "received")
    assert (received["starts_on"], received["ends_on"]) == ("2025-12-01", "2026-02-13")
    assert [s["number"] for s in public["schemes"]] == [1, 2, 3, 4, 5, 6]
    assert {s["family"] for s in public["schemes"]} == {"public_service"}
    assert body["items"][1]["thresholds"] == []  # PMQA awards: the committee decides
    assert ok(api.get(CALLS, {"year": 2570}))["items"] == []


def test_the_calls_run_the_same_queries_at_two_sizes(world, calls, api_as):  # noqa: F811
    api = api_as(world.coordinator, world.dept)
    api.get(CALLS)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as three:
        assert ok(api.get(CALLS))["count"] == 3
    later = fiscal_year_create(year=2570)
    for family in Family.values:
        services.call_open(fiscal_year=later, family=family, user=world.superuser)
    with CaptureQueriesContext(connection) as six:
        body = ok(api.get(CALLS))
    assert body["count"] == 6 and body["items"][0]["fiscal_year"] == 2570
    assert len(three) == len(six)


# --- applications ------------------------------------------------------------------------------


def test_the_applications_list_what_the_token_may_see_with_filters(
    world,
    calls,  # noqa: F811
    api_as,
):
    sent = applied(calls, world, Family.PUBLIC_SERVICE, 1, "ศูนย์บริการร่วม")
    draft = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PARTICIPATORY, 1),
        title="ร่วมคิดร่วมทำ",
        user=world.coordinator,
    )
    api = api_as(world.coordinator, world.dept)

    def ids(**params):
        return [a["id"] for a in ok(api.get(APPLICATIONS, params))["items"]]

    # Newest year first, then by family: participatory before public service.
    assert ids() == [draft.pk, sent.pk]
    [row] = ok(api.get(APPLICATIONS, {"stage": "received"}))["items"]
    assert (row["id"], row["title"], row["fiscal_year"]) == (sent.pk, "ศูนย์บริการร่วม", 2569)
    assert row["scheme"]["family"] == "public_service" and row["scheme"]["number"] == 1
    assert row["submitted_at"] is not None and row["level"] is None and row["total"] is None
    assert ids(family="participatory") == [draft.pk]
    assert ids(year=2569, organization=world.dept.pk) == [draft.pk, sent.pk]
    assert ids(year=2570) == []
    assert ids(organization=world.dept2.pk) == []
    assert ok(api_as(world.outsider, world.other_dept).get(APPLICATIONS))["items"] == []
    assert ok(api_as(world.executive, world.ministry).get(APPLICATIONS))["items"] == []


def test_the_applications_list_runs_the_same_queries_at_two_sizes(
    world,
    calls,  # noqa: F811
    api_as,
):
    api = api_as(world.executive, world.ministry, subtree=True)
    applied(calls, world, Family.PUBLIC_SERVICE, 1)
    api.get(APPLICATIONS)
    with CaptureQueriesContext(connection) as one:
        assert ok(api.get(APPLICATIONS))["count"] == 1
    for number in (2, 3, 4):
        applied(calls, world, Family.PUBLIC_SERVICE, number, f"ผลงาน {number}")
    with CaptureQueriesContext(connection) as four:
        assert ok(api.get(APPLICATIONS))["count"] == 4
    assert len(one) == len(four)


def test_the_result_reaches_only_the_office_until_it_is_announced(
    world,
    calls,  # noqa: F811
    office,  # noqa: F811
    pool,  # noqa: F811
    api_as,
):
    application = at_committee(calls, world, office, pool)
    url = f"{APPLICATIONS}/{application.pk}"
    applicant = api_as(world.coordinator, world.dept)
    body = ok(applicant.get(url))
    assert (body["stage"], body["title"], body["result"]) == ("committee", "ศูนย์บริการร่วม", None)
    assert body["level"] is None and body["total"] is None
    assert body["version"] == application.version and body["submitted_at"] is not None
    assert any(d["stage"] == "received" for d in body["timetable"])

    # The office's right (policy.rights: EVALUATE on the applicant) through a token that carries
    # it: a read-only scope narrows every action but viewing (organizations.scopes).
    office_api = api_as(office, world.ministry, subtree=True, write=True)
    result = ok(office_api.get(url))["result"]
    assert (result["provisional"], result["level"], result["total"]) == (
        True,
        "distinguished",
        "1025.00",
    )
    assert result["sheets"] == 2
    points = {c["code"]: c["points"] for c in result["by_criterion"]}
    assert points["1.1"] == "115.00" and points["B"] == "50.00"  # (120 + 110) / 2; both bonus 50

    # An assessor reads the application assigned to them (signed in), not its result yet.
    assessor = Client()
    assessor.force_login(pool[0])
    assert ok(assessor.get(url))["result"] is None

    moved(application, office, Move.ANNOUNCE)
    body = ok(applicant.get(url))
    assert (body["stage"], body["level"], body["total"]) == (
        "announced",
        "distinguished",
        "1025.00",
    )
    assert body["announced_on"] is not None
    result = body["result"]
    assert (result["provisional"], result["level"], result["total"]) == (
        False,
        "distinguished",
        "1025.00",
    )
    assert ok(assessor.get(url))["result"]["total"] == "1025.00"
    listed = ok(applicant.get(APPLICATIONS))["items"][0]
    assert (listed["level"], listed["total"]) == ("distinguished", "1025.00")


def test_another_organizations_application_is_404(
    world,
    calls,  # noqa: F811
    pool,  # noqa: F811
    api_as,
):
    application = applied(calls, world, Family.PUBLIC_SERVICE, 1)
    url = f"{APPLICATIONS}/{application.pk}"
    assert api_as(world.outsider, world.other_dept).get(url).status_code == 404
    assert api_as(world.executive, world.ministry).get(url).status_code == 404
    assert api_as(world.executive, world.dept2, subtree=True).get(url).status_code == 404
    assert api_as(world.coordinator, world.dept).get(f"{APPLICATIONS}/999999").status_code == 404
    unassigned = Client()
    unassigned.force_login(pool[2])
    assert unassigned.get(url).status_code == 404


# --- the award history -------------------------------------------------------------------------


def test_the_award_history_with_its_maintenance_reports(
    world,
    calls,  # noqa: F811
    office,  # noqa: F811
    pool,  # noqa: F811
    api_as,
):
    announced = moved(at_committee(calls, world, office, pool), office, Move.ANNOUNCE)
    past = services.record_add(
        organization=world.dept,
        user=office,
        year=2565,
        family=Family.PUBLIC_SERVICE,
        number=4,
        scheme_name="รางวัลพัฒนาการบริการ",
        level=Level.DISTINGUISHED,
        work="ลดขั้นตอนการอนุญาต",
    )
    services.maintenance_report_add(
        record=past, user=world.coordinator, year=2567, sent_on=dt.date(2024, 9, 30)
    )
    services.record_add(
        organization=world.dept2,
        user=office,
        year=2567,
        family=Family.PARTICIPATORY,
        number=1,
        scheme_name="รางวัลการพัฒนาการมีส่วนร่วม",
        level=Level.GOOD,
        work="สภาเกษตรกร",
    )
    api = api_as(world.coordinator, world.dept)
    body = ok(api.get(RECORDS))
    assert [(r["year"], r["number"], r["level"]) for r in body["items"]] == [
        (2569, 1, "distinguished"),
        (2565, 4, "distinguished"),
    ]
    new, old = body["items"]
    assert new["application_id"] == announced.pk and new["work"] == "ศูนย์บริการร่วม"
    assert old["application_id"] is None
    assert old["maintenance_reports"] == [{"year": 2567, "sent_on": "2024-09-30"}]

    ministry = api_as(world.executive, world.ministry, subtree=True)
    assert len(ok(ministry.get(RECORDS))["items"]) == 3
    dept2 = ok(ministry.get(RECORDS, {"organization": world.dept2.pk}))["items"]
    assert [r["organization"]["code"] for r in dept2] == ["M1-D2"]
    assert [
        r["family"] for r in ok(ministry.get(RECORDS, {"family": "participatory"}))["items"]
    ] == ["participatory"]
    assert ok(api_as(world.outsider, world.other_dept).get(RECORDS))["items"] == []
    assert ok(api.get(RECORDS, {"organization": world.dept2.pk}))["items"] == []


def test_the_award_history_runs_the_same_queries_at_two_sizes(world, office, api_as):  # noqa: F811
    api = api_as(world.executive, world.ministry, subtree=True)

    def add(year, organization):
        record = services.record_add(
            organization=organization,
            user=office,
            year=year,
            family=Family.PUBLIC_SERVICE,
            number=1,
            scheme_name="รางวัลมาตรฐานการบริการ",
            level=Level.DISTINGUISHED,
            work=f"ผลงาน {year}",
        )
        services.maintenance_report_add(
            record=record, user=world.superuser, year=year + 1, sent_on=dt.date(2020, 1, 1)
        )

    add(2560, world.dept)
    api.get(RECORDS)
    with CaptureQueriesContext(connection) as one:
        assert ok(api.get(RECORDS))["count"] == 1
    for year, organization in ((2561, world.dept2), (2562, world.dept), (2563, world.bureau)):
        add(year, organization)
    with CaptureQueriesContext(connection) as four:
        assert ok(api.get(RECORDS))["count"] == 4
    assert len(one) == len(four)


# --- refusals ----------------------------------------------------------------------------------


def test_bad_input_is_422_with_the_field(world, api_as):
    api = api_as(world.coordinator, world.dept)
    for url, params, field in (
        (CALLS, {"year": "next"}, "year"),
        (CALLS, {"year": 3000}, "year"),
        (APPLICATIONS, {"stage": "won"}, "stage"),
        (APPLICATIONS, {"family": "nobel"}, "family"),
        (APPLICATIONS, {"year": 1}, "year"),
        (APPLICATIONS, {"organization": "dept"}, "organization"),
        (RECORDS, {"organization": "dept"}, "organization"),
        (RECORDS, {"family": "oscar"}, "family"),
        (RECORDS, {"page": "two"}, "page"),
    ):
        response = api.get(url, params)
        assert response.status_code == 422, (url, params)
        assert response.json()["detail"][0]["loc"][-1] == field
    response = api.get(f"{APPLICATIONS}/first")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "application_id"


def test_without_a_token_it_is_401(anonymous_api):
    for url in (CALLS, APPLICATIONS, f"{APPLICATIONS}/1", RECORDS):
        assert anonymous_api.get(url).status_code == 401
