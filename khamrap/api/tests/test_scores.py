"""GET /api/v1/agreements/{id}/scores and /api/v1/standings: the counting rule's figures read back,
each with its standing, only for what the token may see."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khamrap.agreements import services as agreement_services
from khamrap.agreements.models import Agreement
from khamrap.agreements.tests.builders import (
    FIVE_STEPS,
    composite_of_two,
    group,
    issues,
    sign_off,
)
from khamrap.dashboards.selectors import rank_agreements
from khamrap.organizations.choices import Role
from khamrap.periods.services import fiscal_year_create
from khamrap.reporting import services
from khamrap.reporting.models import RoundStanding
from khamrap.reporting.tests.workflow import submitted_round

pytestmark = pytest.mark.django_db

STANDINGS = "/api/v1/standings"


def scores_url(agreement):
    return f"/api/v1/agreements/{agreement.pk}/scores"


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def rows(body):
    return {row["number"]: row for row in body["indicators"]}


# --- the score card ----------------------------------------------------------------------------


def test_a_draft_total_shows_its_standing_and_is_not_official(world, signed, six, api_as):
    indicator = signed.indicators.get(number="1")
    # Targets 80–100 by 5 (conftest): 85 scores 2, under 3: at risk.
    services.result_save(
        indicator=indicator, reporting_round=six, user=world.collector, value=Decimal(85)
    )
    api = api_as(world.coordinator, world.dept)
    body = ok(api.get(scores_url(signed), {"round": six.pk}))
    assert body["round"]["id"] == six.pk and body["round"]["months"] == 6
    assert [r["months"] for r in body["rounds"]] == [6, 9, 12]
    assert (body["standing"], body["is_official"], body["frozen"]) == ("in_progress", False, False)
    # Weight 50 × score 2 = 1 point of the total; the others have nothing yet.
    assert (body["total_self"], body["total"]) == ("1.0000", "1.0000")
    one = rows(body)["1"]
    assert (one["self_score"], one["verified_score"], one["score"]) == ("2.0000", None, "2.0000")
    assert (one["source"], one["status"], one["at_risk"]) == ("self", "draft", True)
    assert one["weighted_score"] == "1.0000"
    assert rows(body)["16"]["score"] is None and rows(body)["16"]["status"] is None
    progress = body["progress"]
    assert (progress["reported"], progress["verified"], progress["indicators"]) == (1, 0, 3)
    assert progress["results"]["draft"] == 1 and progress["results"]["missing"] == 2
    assert body["problem"] == ""
    assert body["organization"]["code"] == "M1-D1" and body["fiscal_year"] == 2569


def test_a_submitted_total_is_official_and_a_verified_score_counts(
    world, signed, six, evaluator, api_as
):
    done, _report = submitted_round(signed, six, world)
    api = api_as(world.executive, world.ministry, subtree=True)
    body = ok(api.get(scores_url(signed), {"round": six.pk}))
    assert (body["standing"], body["is_official"], body["total"]) == ("submitted", True, "5.0000")
    assert {r["status"] for r in body["indicators"]} == {"approved"}

    services.result_verify(result=done["1"], user=evaluator, score=Decimal(3), reason="ตรวจแล้ว")
    body = ok(api.get(scores_url(signed), {"round": six.pk}))
    one = rows(body)["1"]
    assert (one["self_score"], one["verified_score"], one["score"]) == (
        "5.0000",
        "3.0000",
        "3.0000",
    )
    assert one["source"] == "verified"
    # 0.5 × 3 + 0.5 × 5 = 4; the self total stays 5.
    assert (body["standing"], body["total_self"], body["total"]) == (
        "verifying",
        "5.0000",
        "4.0000",
    )
    assert body["progress"]["verified"] == 1
    # The stored standing (reporting.standings) says the same as the card.
    stored = RoundStanding.objects.get(agreement=signed, reporting_round=six)
    assert (stored.standing, stored.total_final) == ("verifying", Decimal(4))


def test_a_closed_round_answers_its_frozen_figures(world, signed, six, evaluator, api_as):
    done, report = submitted_round(signed, six, world)
    for result in done.values():
        services.result_verify(result=result, user=evaluator, score=result.self_score)
    services.report_close(report=report, user=evaluator)
    body = ok(api_as(world.coordinator, world.dept).get(scores_url(signed), {"round": six.pk}))
    assert (body["standing"], body["is_official"], body["frozen"]) == ("final", True, True)
    assert body["total"] == "5.0000"
    assert {r["source"] for r in body["indicators"]} == {"verified"}


def test_without_a_round_the_latest_round_with_results_is_scored(world, signed, api_as):
    nine = signed.fiscal_year.rounds.get(months=9)
    api = api_as(world.coordinator, world.dept)
    # Nothing reported yet: the year's first round, with no total.
    body = ok(api.get(scores_url(signed)))
    assert (body["round"]["months"], body["standing"], body["total"]) == (6, "none", None)
    services.result_save(
        indicator=signed.indicators.get(number="3"),
        reporting_round=nine,
        user=world.collector,
        passed=True,
    )
    body = ok(api.get(scores_url(signed)))
    assert body["round"]["id"] == nine.pk
    assert rows(body)["3"]["score"] == "5.0000"


def test_a_composite_shows_the_least_advanced_status_of_its_parts_and_the_problem(
    world, agreement, six, api_as
):
    whole = composite_of_two(world, agreement)  # weight 10 more: the top adds to 110, not 100
    first = whole.parts.get(number="4.1")
    result = services.result_save(
        indicator=first, reporting_round=six, user=world.collector, passed=True
    )
    services.result_submit(result=result, user=world.collector)
    body = ok(api_as(world.coordinator, world.dept).get(scores_url(agreement), {"round": six.pk}))
    four = rows(body)["4"]
    # One part submitted, the other without a result (a draft once another has one).
    assert four["status"] == "draft"
    assert [(p["number"], p["status"]) for p in four["parts"]] == [
        ("4.1", "submitted"),
        ("4.2", None),
    ]
    assert body["problem"] != ""  # the weights do not add up to 100 yet: no total, no error
    assert (body["total"], body["total_self"], body["groups"]) == (None, None, [])
    assert four["weighted_score"] is None


def test_another_organizations_agreement_is_404(world, signed, api_as):
    assert api_as(world.outsider, world.other_dept).get(scores_url(signed)).status_code == 404
    # The executive's token for the ministry alone, without the subtree, does not reach it.
    assert api_as(world.executive, world.ministry).get(scores_url(signed)).status_code == 404
    assert (
        api_as(world.executive, world.dept2, subtree=True).get(scores_url(signed)).status_code
        == 404
    )
    assert (
        api_as(world.executive, world.ministry, subtree=True).get(scores_url(signed)).status_code
        == 200
    )
    assert (
        api_as(world.coordinator, world.dept).get("/api/v1/agreements/999999/scores").status_code
        == 404
    )


def test_a_round_of_another_year_or_unknown_is_422(world, signed, api_as):
    api = api_as(world.coordinator, world.dept)
    other = fiscal_year_create(year=2570).rounds.get(months=6)
    for value in (other.pk, 999999):
        response = api.get(scores_url(signed), {"round": value})
        assert response.status_code == 422, value
        [problem] = response.json()["detail"]
        assert problem["loc"] == ["query", "round"]
        assert problem["code"] == "unknown_round"
    response = api.get(scores_url(signed), {"round": "six"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "round"


def test_scores_without_a_token_are_401(signed, anonymous_api):
    assert anonymous_api.get(scores_url(signed)).status_code == 401
    assert anonymous_api.get(STANDINGS).status_code == 401


# --- the stored standings ----------------------------------------------------------------------


def three_indicators(agreement, coordinator, collector, supervisor):
    """The fixture agreement's three indicators (conftest `agreement`), weights 50/30/20."""
    people = {"supervisors": [supervisor], "collectors": [collector]}
    targets = {f"target_{n}": Decimal(75 + 5 * n) for n in range(1, 6)}
    for fields, extra in (
        (
            {"group": group("1"), "number": "1", "name": "ร้อยละ", "weight": Decimal(50)}
            | {"kind": "numeric", "direction": "higher", "unit": "ร้อยละ", **targets},
            {"issues": issues("cost-reduction", "staffing")},
        ),
        (
            {"group": group("4"), "number": "16", "name": "ระดับความสำเร็จ", "weight": Decimal(30)}
            | {"kind": "milestone"},
            {"steps": FIVE_STEPS, "issues": issues("service-time", "service-quality")},
        ),
        (
            {"group": group("2"), "number": "3", "name": "ผ่านการรับรอง", "weight": Decimal(20)}
            | {"kind": "pass_fail"},
            # Department group 2 also shows two further issues (seed 001).
            {"issues": issues("development-success", "e-work", "e-service")},
        ),
    ):
        agreement_services.indicator_save(
            agreement=agreement, user=coordinator, fields=fields, **people, **extra
        )


def signed_agreement_of(world, organization, fiscal_year, name):
    """A signed agreement of `organization` with its own coordinator and collector; the
    ministry's executive supervises its results and signs it. Returns it and its people."""
    people = SimpleNamespace(
        coordinator=world.person(f"{name}-coordinator", Role.COORDINATOR, organization),
        collector=world.person(f"{name}-collector", Role.COLLECTOR, organization),
        executive=world.executive,
    )
    agreement = agreement_services.agreement_create(
        organization=organization, fiscal_year=fiscal_year, user=people.coordinator
    )
    three_indicators(agreement, people.coordinator, people.collector, world.executive)
    return sign_off(agreement, people, world.executive), people


def items(response):
    return ok(response)["items"]


def test_standings_list_drafts_unranked_and_rank_official_totals_like_with_like(
    world, signed, six, fiscal_year, evaluator, api_as
):
    second, people = signed_agreement_of(world, world.dept2, fiscal_year, "dept2")
    done, _ = submitted_round(signed, six, world)  # every score 5: 5.0000
    low = {
        "1": {"value": Decimal(85), "explanation": "ฝนแล้ง"},
        "16": {"steps_done": [1, 2, 3, 4, 5]},
        "3": {"passed": True},
    }
    submitted_round(second, six, people, low)  # 0.5 × 2 + 0.3 × 5 + 0.2 × 5 = 3.5
    bureau = agreement_services.agreement_create(
        organization=world.bureau, fiscal_year=fiscal_year, user=world.coordinator
    )
    three_indicators(bureau, world.coordinator, world.collector, world.executive)
    services.result_save(
        indicator=bureau.indicators.get(number="3"),
        reporting_round=six,
        user=world.collector,
        passed=True,
    )

    api = api_as(world.executive, world.ministry, subtree=True)
    found = {r["organization"]["code"]: r for r in items(api.get(STANDINGS, {"round": six.pk}))}
    assert set(found) == {"M1-D1", "M1-D1-B1", "M1-D2"}
    assert (found["M1-D1"]["standing"], found["M1-D1"]["rank"]) == ("submitted", 1)
    assert found["M1-D1"]["is_official"] and found["M1-D1"]["total"] == "5.0000"
    assert (found["M1-D2"]["standing"], found["M1-D2"]["rank"]) == ("submitted", 2)
    assert found["M1-D2"]["total"] == "3.5000"
    draft = found["M1-D1-B1"]
    assert (draft["standing"], draft["is_official"], draft["rank"]) == ("in_progress", False, None)
    assert (draft["total_self"], draft["reported"], draft["indicators"]) == ("1.0000", 1, 3)
    assert draft["round_id"] == six.pk and draft["months"] == 6 and draft["fiscal_year"] == 2569

    # Verified totals are ranked among verified ones, submitted ones among submitted ones.
    services.result_verify(result=done["1"], user=evaluator, score=Decimal(1), reason="ตรวจแล้ว")
    found = {r["organization"]["code"]: r for r in items(api.get(STANDINGS, {"round": six.pk}))}
    assert (found["M1-D1"]["standing"], found["M1-D1"]["rank"]) == ("verifying", 1)
    assert (found["M1-D2"]["standing"], found["M1-D2"]["rank"]) == ("submitted", 1)
    # The same ranks as the roll-up page's (dashboards.selectors.rank_agreements).
    rollup = rank_agreements(Agreement.objects.for_user(world.executive), six)
    assert {t.agreement.organization.code: t.rank for t in rollup} == {
        code: found[code]["rank"] for code in ("M1-D1", "M1-D2")
    }

    # A token for the second department alone ranks among what it sees, as the roll-up does.
    alone = api_as(people.coordinator, world.dept2)
    assert [
        (r["organization"]["code"], r["rank"])
        for r in items(alone.get(STANDINGS, {"round": six.pk}))
    ] == [("M1-D2", 1)]


def test_standings_filter_by_year_round_organization_subtree_standing_and_official(
    world, signed, six, fiscal_year, api_as
):
    submitted_round(signed, six, world)
    agreement_services.agreement_create(
        organization=world.dept2, fiscal_year=fiscal_year, user=world.superuser
    )
    api = api_as(world.executive, world.ministry, subtree=True)

    def codes(**params):
        return [
            (r["organization"]["code"], r["months"], r["standing"])
            for r in items(api.get(STANDINGS, params))
        ]

    # Newest year first, then by round, then in tree order.
    ordered = codes(year=2569)
    assert ordered == [
        ("M1-D1", 6, "submitted"),
        ("M1-D2", 6, "none"),
        ("M1-D1", 9, "none"),
        ("M1-D2", 9, "none"),
        ("M1-D1", 12, "none"),
        ("M1-D2", 12, "none"),
    ]
    assert codes(year=2570) == []
    assert codes(official_only=True) == [("M1-D1", 6, "submitted")]
    assert codes(standing="submitted") == [("M1-D1", 6, "submitted")]
    assert codes(round=six.pk, standing="none") == [("M1-D2", 6, "none")]
    # An organization with everything below it: the ministry holds both departments' rows.
    assert len(codes(organization=world.ministry.pk, round=six.pk)) == 2
    assert codes(organization=world.dept2.pk, round=six.pk) == [("M1-D2", 6, "none")]
    # One the caller does not see gives nothing, not an error that would reveal it.
    assert codes(organization=world.other_dept.pk) == []


def test_another_organizations_standings_are_not_listed(world, signed, six, api_as):
    submitted_round(signed, six, world)
    assert items(api_as(world.outsider, world.other_dept).get(STANDINGS)) == []
    assert items(api_as(world.executive, world.ministry).get(STANDINGS)) == []
    assert {
        r["agreement_id"] for r in items(api_as(world.coordinator, world.dept).get(STANDINGS))
    } == {signed.pk}


def test_bad_standing_filters_are_422_with_the_field(world, api_as):
    api = api_as(world.executive, world.ministry, subtree=True)
    for params, field in (
        ({"standing": "excellent"}, "standing"),
        ({"year": "soon"}, "year"),
        ({"year": 12}, "year"),
        ({"round": 999999}, "round"),
        ({"round": "x"}, "round"),
        ({"organization": "M1"}, "organization"),
        ({"official_only": "perhaps"}, "official_only"),
        ({"page": 0}, "page"),
    ):
        response = api.get(STANDINGS, params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["loc"][-1] == field


def test_standings_run_the_same_queries_at_two_sizes(world, fiscal_year, api_as):
    api = api_as(world.executive, world.ministry, subtree=True)
    agreement_services.agreement_create(
        organization=world.dept, fiscal_year=fiscal_year, user=world.superuser
    )
    api.get(STANDINGS)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        assert len(items(api.get(STANDINGS))) == 3
    for organization in (world.dept2, world.bureau, world.ministry):
        agreement_services.agreement_create(
            organization=organization, fiscal_year=fiscal_year, user=world.superuser
        )
    with CaptureQueriesContext(connection) as four:
        assert len(items(api.get(STANDINGS))) == 12
    assert len(one) == len(four)
