"""The results API: reading results, saving them, their workflow and their history, each through
the same services as the result page, refused the same way (404 unseen, 403 not theirs, 422
wrong state or input, 409 stale) and leaving nothing behind when refused."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khamrap.accounts.models import ApiToken
from khamrap.organizations.choices import Role
from khamrap.organizations.services import membership_grant
from khamrap.periods.services import fiscal_year_create
from khamrap.reporting import services
from khamrap.reporting.models import Change, Result, RoundReport
from khamrap.reporting.tests.workflow import submitted_round

pytestmark = pytest.mark.django_db

LIST = "/api/v1/results"


def detail_url(result):
    return f"{LIST}/{result.pk}"


def save_url(indicator, reporting_round):
    return f"/api/v1/indicators/{indicator.pk}/rounds/{reporting_round.pk}/result"


def step_url(result, step):
    return f"{LIST}/{result.pk}/{step}"


@pytest.fixture
def indicator(agreement):
    """Indicator 1: numeric, targets 80–100, charlie collects it and alice supervises it."""
    return agreement.indicators.get(number="1")


@pytest.fixture
def draft(world, indicator, six):
    """Indicator 1's result saved by its collector on the page (92: score 3.4), version 2."""
    return services.result_save(
        indicator=indicator, reporting_round=six, user=world.collector, value=Decimal(92)
    )


@pytest.fixture
def submitted(world, draft):
    return services.result_submit(result=draft, user=world.collector)


@pytest.fixture
def bystander(world):
    """An executive of the ministry named on no indicator: sees the department's results, may
    change none of them."""
    user = world.person("frank")
    membership_grant(user=user, organization=world.ministry, role=Role.EXECUTIVE)
    return user


def refusal(response, status):
    assert response.status_code == status, response.content
    return response.json()["detail"]


def problem(response, status=422):
    """The one problem of a 422 or 409 answer."""
    [found] = refusal(response, status)
    return found


def snapshot(result):
    """What a refused request must leave as it was."""
    stored = Result.objects.get(pk=result.pk)
    return (stored.status, stored.version, stored.value, Change.objects.count())


# --- reading -----------------------------------------------------------------------------------


def test_it_lists_the_results_with_their_counted_scores_in_a_stable_order(
    world, agreement, six, api_as
):
    for number, fields in {
        "3": {"passed": True},
        "16": {"steps_done": [1, 2]},
        "1": {"value": Decimal(92)},
    }.items():
        services.result_save(
            indicator=agreement.indicators.get(number=number),
            reporting_round=six,
            user=world.collector,
            **fields,
        )
    api = api_as(world.executive, world.ministry, subtree=True)
    response = api.get(LIST)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    assert [item["indicator_number"] for item in body["items"]] == ["1", "16", "3"]
    first = body["items"][0]
    assert first["indicator_id"] == agreement.indicators.get(number="1").pk
    assert first["round_id"] == six.pk
    assert (first["status"], first["version"], first["value"]) == ("draft", 2, "92.0000")
    assert (first["self_score"], first["verified_score"]) == ("3.4000", None)
    assert (first["counted_score"], first["counted_source"]) == ("3.4000", "self")
    assert body["items"][1]["steps_done"] == [1, 2]
    assert body["items"][2]["passed"] is True


def test_the_counted_score_is_the_verified_one_once_given(world, agreement, six, evaluator, api_as):
    done, _report = submitted_round(agreement, six, world)
    services.result_verify(result=done["1"], user=evaluator, score=Decimal(4), reason="ตรวจแล้ว")
    api = api_as(world.executive, world.ministry, subtree=True)
    item = api.get(detail_url(done["1"])).json()
    assert (item["self_score"], item["verified_score"]) == ("5.0000", "4.0000")
    assert (item["counted_score"], item["counted_source"]) == ("4.0000", "verified")
    assert item["verified_at"] is not None and item["approved_at"] is not None


def test_filters_narrow_the_list(world, agreement, six, fiscal_year, draft, api_as):
    other_round = fiscal_year.rounds.exclude(pk=six.pk).first()
    later = services.result_save(
        indicator=agreement.indicators.get(number="3"),
        reporting_round=other_round,
        user=world.collector,
        passed=True,
    )
    services.result_submit(result=later, user=world.collector)
    api = api_as(world.coordinator, world.dept)

    def ids(**filters):
        response = api.get(LIST, filters)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [draft.pk, later.pk]
    assert ids(round=six.pk) == [draft.pk]
    assert ids(status="submitted") == [later.pk]
    assert ids(indicator=draft.indicator_id) == [draft.pk]
    assert ids(organization=world.dept.pk, year=2569, agreement=agreement.pk) == [
        draft.pk,
        later.pk,
    ]
    assert ids(year=2570) == []
    assert ids(organization=world.other_dept.pk) == []


def test_bad_filters_are_422_with_the_field(world, api_as):
    api = api_as(world.coordinator, world.dept)
    assert problem(api.get(LIST, {"status": "done"}))["loc"][-1] == "status"
    assert problem(api.get(LIST, {"round": "six"}))["loc"][-1] == "round"
    assert problem(api.get(LIST, {"year": 69}))["loc"][-1] == "year"


def test_other_organizations_results_are_not_listed_nor_found(world, draft, api_as):
    for api in (
        api_as(world.outsider, world.other_dept, subtree=True),
        # bob coordinates the department, but this token reaches only the bureau below it.
        api_as(world.coordinator, world.bureau),
    ):
        assert api.get(LIST).json()["count"] == 0
        assert api.get(detail_url(draft)).status_code == 404
        assert api.get(f"{detail_url(draft)}/history").status_code == 404


def test_the_list_costs_the_same_queries_for_one_result_or_six(
    world, agreement, six, fiscal_year, api_as
):
    api = api_as(world.coordinator, world.dept)
    assert api.get(LIST).status_code == 200  # the token's first use records it

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(LIST)
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    services.result_save(
        indicator=agreement.indicators.get(number="1"),
        reporting_round=six,
        user=world.collector,
        value=Decimal(90),
    )
    one = queries()
    for reporting_round in fiscal_year.rounds.all()[:2]:
        for number, fields in {
            "1": {"value": Decimal(95)},
            "16": {"steps_done": [1]},
            "3": {"passed": False},
        }.items():
            services.result_save(
                indicator=agreement.indicators.get(number=number),
                reporting_round=reporting_round,
                user=world.collector,
                **fields,
            )
    six_results = queries()
    assert (one[1], six_results[1]) == (1, 6)
    assert one[0] == six_results[0]


def test_one_result_carries_its_version_as_etag(world, draft, api_as):
    api = api_as(world.collector, world.dept)
    response = api.get(detail_url(draft))
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    assert response.json()["id"] == draft.pk
    assert api.get(f"{LIST}/999999").status_code == 404
    assert problem(api.get(f"{LIST}/abc"))["loc"][-1] == "result_id"
    assert problem(api.get(f"{LIST}/{2**63}"))["loc"][-1] == "result_id"


# --- saving ------------------------------------------------------------------------------------


def test_the_first_save_creates_the_result_and_a_later_one_keeps_what_it_leaves_out(
    world, indicator, six, api_as
):
    api = api_as(world.collector, world.dept, write=True)
    response = api.put(
        save_url(indicator, six),
        {"version": 1, "value": "92.5", "performance": "จัดอบรม 77 จังหวัด"},
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    body = response.json()
    assert (body["value"], body["self_score"], body["version"]) == ("92.5000", "3.5000", 2)
    result = Result.objects.get(indicator=indicator, reporting_round=six)
    assert result.performance == "จัดอบรม 77 จังหวัด"

    # If-Match instead of the body's version; the value and performance are left out: kept.
    response = api.put(
        save_url(indicator, six), {"obstacles": "งบล่าช้า\nสองเดือน"}, **{"If-Match": '"2"'}
    )
    assert response.status_code == 200, response.content
    result.refresh_from_db()
    assert (result.value, result.performance, result.obstacles) == (
        Decimal("92.5"),
        "จัดอบรม 77 จังหวัด",
        "งบล่าช้า\nสองเดือน",
    )
    assert result.version == 3 and response["ETag"] == '"3"'

    # A value sent as null clears it (and with it the score); a narrative sent as "" is cleared,
    # one sent as null is kept.
    response = api.put(
        save_url(indicator, six),
        {"version": 3, "value": None, "performance": "", "obstacles": None},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["value"], body["self_score"]) == (None, None)
    assert (body["performance"], body["obstacles"]) == ("", "งบล่าช้า\nสองเดือน")


def test_a_milestone_result_takes_its_steps_and_their_dates(world, agreement, six, api_as):
    milestone = agreement.indicators.get(number="16")
    api = api_as(world.collector, world.dept, write=True)
    response = api.put(
        save_url(milestone, six),
        {"version": 1, "steps_done": [1, 2], "step_dates": {"1": "2026-01-15", "3": "2026-02-01"}},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["steps_done"] == [1, 2]
    assert body["step_dates"] == {"1": "2026-01-15"}  # only the steps done keep a date
    assert body["self_score"] == "2.0000"


def test_a_stale_version_is_409_and_changes_nothing(world, draft, six, api_as):
    api = api_as(world.coordinator, world.dept, write=True)
    before = snapshot(draft)
    for response in (
        api.put(save_url(draft.indicator, six), {"version": 1, "value": "99"}),
        api.put(save_url(draft.indicator, six), {"value": "99"}, **{"If-Match": '"1"'}),
    ):
        assert problem(response, 409)["code"] == "stale"
    assert snapshot(draft) == before


def test_a_save_needs_a_version_and_valid_fields(world, draft, six, api_as):
    api = api_as(world.collector, world.dept, write=True)
    url = save_url(draft.indicator, six)
    before = snapshot(draft)
    found = problem(api.put(url, {"value": "92"}))
    assert (found["loc"], found["code"]) == (["body", "version"], "missing")
    assert problem(api.put(url, {"version": 2, "value": "abc"}))["loc"][-1] == "value"
    assert problem(api.put(url, {"version": 0}))["loc"][-1] == "version"
    assert problem(api.put(url, {"version": 2, "performance": ["a"]}))["loc"][-1] == "performance"
    assert (
        problem(api.put(url, {"version": 2, "step_dates": {"1": "15/01/2569"}}))["loc"][-1] == "1"
    )
    found = problem(api.put(url, {"version": 2}, **{"If-Match": '"3"'}))
    assert (found["loc"], found["code"]) == (["body", "version"], "mismatch")
    assert problem(api.put(url, {"version": 2, "obstacles": "งบ\x00"}))["loc"][-1] == "obstacles"
    assert problem(api.put(url, {"version": 2**31}))["loc"][-1] == "version"
    found = problem(api.put(url, {}, **{"If-Match": "latest"}))
    assert (found["loc"], found["code"]) == (["body", "version"], "invalid")
    # Steps on an indicator without steps: the service refuses, at its field.
    found = problem(api.put(url, {"version": 2, "steps_done": [1]}))
    assert (found["loc"], found["code"]) == (["body", "steps_done"], "step_number")
    assert snapshot(draft) == before


def test_a_read_only_token_may_not_save_and_nothing_is_written(world, indicator, six, api_as):
    api = api_as(world.collector, world.dept)
    response = api.put(save_url(indicator, six), {"version": 1, "value": "92"})
    assert refusal(response, 403) and response.json()["code"] == "forbidden"
    assert not Result.objects.exists() and not RoundReport.objects.exists()
    assert not Change.objects.exists()


def test_someone_who_may_not_record_the_indicator_is_refused_and_nothing_is_written(
    world, indicator, six, bystander, api_as
):
    response = api_as(bystander, world.ministry, subtree=True, write=True).put(
        save_url(indicator, six), {"version": 1, "value": "92"}
    )
    assert response.status_code == 403
    # The report the save locked first is rolled back with it.
    assert not Result.objects.exists() and not RoundReport.objects.exists()


def test_another_organizations_indicator_or_round_is_404(world, indicator, six, api_as):
    body = {"version": 1, "value": "92"}
    assert (
        api_as(world.outsider, world.other_dept, write=True)
        .put(save_url(indicator, six), body)
        .status_code
        == 404
    )
    assert (
        api_as(world.coordinator, world.bureau, write=True)
        .put(save_url(indicator, six), body)
        .status_code
        == 404
    )
    next_year_round = fiscal_year_create(year=2570).rounds.first()
    api = api_as(world.collector, world.dept, write=True)
    assert api.put(save_url(indicator, next_year_round), body).status_code == 404
    assert not Result.objects.exists()


def test_a_locked_result_is_not_saved(world, submitted, six, api_as):
    api = api_as(world.collector, world.dept, write=True)
    before = snapshot(submitted)
    response = api.put(save_url(submitted.indicator, six), {"version": 3, "value": "99"})
    assert problem(response)["code"] == "locked"
    assert snapshot(submitted) == before


# --- the workflow ------------------------------------------------------------------------------


def test_a_result_goes_through_its_workflow(world, draft, api_as):
    charlie = api_as(world.collector, world.dept, write=True)
    alice = api_as(world.executive, world.ministry, subtree=True, write=True)
    bob = api_as(world.coordinator, world.dept, write=True)

    response = charlie.post(step_url(draft, "submit"), {"version": 2})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response["ETag"]) == ("submitted", '"3"')

    response = alice.post(step_url(draft, "return"), {"comment": "แนบหลักฐานเพิ่ม"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["return_comment"]) == (
        "returned",
        "แนบหลักฐานเพิ่ม",
    )

    assert charlie.post(step_url(draft, "submit")).json()["status"] == "submitted"  # no body
    response = alice.post(step_url(draft, "approve"), {}, **{"If-Match": '"5"'})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"

    response = bob.post(step_url(draft, "reopen"), {"reason": "ตัวเลขผิด", "version": 6})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == ("draft", 7)
    assert Change.objects.filter(result=draft, field="status", note="ตัวเลขผิด").exists()


def test_the_evaluator_verifies_a_submitted_report(world, agreement, six, evaluator, api_as):
    done, _report = submitted_round(agreement, six, world)
    api = api_as(evaluator, world.ministry, subtree=True, write=True)
    url = step_url(done["1"], "verify")
    found = problem(api.post(url, {"score": "4"}))
    assert (found["loc"], found["code"]) == (["body", "reason"], "required")
    found = problem(api.post(url, {"score": "9", "reason": "x"}))
    assert (found["loc"], found["code"]) == (["body", "score"], "less_than_equal")
    found = problem(api.post(url, {"version": 1, "score": "4", "reson": "x"}))  # misspelt
    assert (found["loc"], found["code"]) == (["body", "reson"], "extra_forbidden")
    assert problem(api.post(url, {"score": "abc"}))["loc"][-1] == "score"
    assert problem(api.post(url, {"reason": "x"}))["loc"][-1] == "score"
    response = api.post(url, {"score": "4.25", "reason": "หลักฐานไม่ครบ"})
    assert response.status_code == 200, response.content
    assert (response.json()["verified_score"], response.json()["counted_source"]) == (
        "4.2500",
        "verified",
    )


def test_the_wrong_role_is_403_and_nothing_moves(world, draft, submitted, bystander, api_as):
    collector = api_as(world.collector, world.dept, write=True)
    before = snapshot(submitted)
    # The collector may not approve or return; the executive (the indicator's supervisor) may
    # not reopen: only the coordinator does.
    for response in (
        collector.post(step_url(submitted, "approve")),
        collector.post(step_url(submitted, "return"), {"comment": "แก้"}),
        api_as(world.executive, world.ministry, subtree=True, write=True).post(
            step_url(submitted, "reopen"), {"reason": "แก้"}
        ),
        api_as(world.coordinator, world.dept, write=True).post(
            step_url(submitted, "verify"), {"score": "4", "reason": "x"}
        ),
    ):
        assert refusal(response, 403) and response.json()["code"] == "forbidden"
    assert snapshot(submitted) == before


def test_someone_not_named_on_the_indicator_may_not_submit(world, draft, bystander, api_as):
    before = snapshot(draft)
    response = api_as(bystander, world.ministry, subtree=True, write=True).post(
        step_url(draft, "submit")
    )
    assert response.status_code == 403
    assert snapshot(draft) == before


def test_a_read_only_token_may_take_no_step(world, draft, api_as):
    before = snapshot(draft)
    response = api_as(world.collector, world.dept).post(step_url(draft, "submit"))
    assert refusal(response, 403) and response.json()["code"] == "forbidden"
    assert snapshot(draft) == before


def test_another_organization_takes_no_step(world, draft, api_as):
    for api in (
        api_as(world.outsider, world.other_dept, write=True),
        api_as(world.coordinator, world.bureau, write=True),
    ):
        assert api.post(step_url(draft, "submit")).status_code == 404
    assert Result.objects.get(pk=draft.pk).status == "draft"


def test_a_step_from_the_wrong_state_is_422_with_the_services_code(world, draft, api_as):
    alice = api_as(world.executive, world.ministry, subtree=True, write=True)
    assert problem(alice.post(step_url(draft, "approve")))["code"] == "locked"
    bob = api_as(world.coordinator, world.dept, write=True)
    assert problem(bob.post(step_url(draft, "reopen"), {"reason": "x"}))["code"] == "not_locked"
    evaluator = api_as(world.superuser, world.ministry, subtree=True, write=True)
    found = problem(evaluator.post(step_url(draft, "verify"), {"score": "3.4"}))
    assert found["code"] == "report_open"
    assert Result.objects.get(pk=draft.pk).status == "draft"


def test_a_step_needs_its_words(world, submitted, api_as):
    alice = api_as(world.executive, world.ministry, subtree=True, write=True)
    assert problem(alice.post(step_url(submitted, "return"), {}))["loc"][-1] == "comment"
    found = problem(alice.post(step_url(submitted, "return"), {"comment": "  "}))
    assert (found["loc"], found["code"]) == (["body", "comment"], "required")
    bob = api_as(world.coordinator, world.dept, write=True)
    assert problem(bob.post(step_url(submitted, "reopen"), {}))["loc"][-1] == "reason"
    assert problem(bob.post(step_url(submitted, "reopen"), {"reason": 5}))["loc"][-1] == "reason"
    assert Result.objects.get(pk=submitted.pk).status == "submitted"


def test_a_score_under_3_needs_an_explanation_before_submitting(world, indicator, six, api_as):
    api = api_as(world.collector, world.dept, write=True)
    low = api.put(save_url(indicator, six), {"version": 1, "value": "82"}).json()
    found = problem(api.post(f"{LIST}/{low['id']}/submit"))
    assert (found["loc"], found["code"]) == (["body", "explanation"], "explanation")


def test_a_step_from_a_stale_version_is_409_and_is_undone(world, draft, submitted, api_as):
    alice = api_as(world.executive, world.ministry, subtree=True, write=True)
    before = snapshot(submitted)
    # The step itself is allowed (alice supervises the indicator): only the version is old.
    assert problem(alice.post(step_url(submitted, "approve"), {"version": 2}), 409)["code"] == (
        "stale"
    )
    response = alice.post(step_url(submitted, "approve"), None, **{"If-Match": 'W/"2"'})
    assert problem(response, 409)["code"] == "stale"
    assert snapshot(submitted) == before
    assert not Change.objects.filter(result=submitted, new="approved").exists()


# --- history -----------------------------------------------------------------------------------


def test_a_change_through_a_token_names_it_in_the_history(world, indicator, six, api_as):
    api = api_as(world.collector, world.dept, write=True)
    saved = api.put(save_url(indicator, six), {"version": 1, "value": "92"}).json()
    api.post(f"{LIST}/{saved['id']}/submit")
    token = ApiToken.objects.get(user=world.collector)
    result = Result.objects.get(pk=saved["id"])
    assert {c.token_id for c in result.changes.all()} == {token.pk}
    # A change made on the pages names no token.
    services.result_approve(result=result, user=world.executive)

    response = api_as(world.executive, world.ministry, subtree=True).get(
        f"{detail_url(result)}/history"
    )
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [(i["field"], i["old"], i["new"]) for i in items] == [
        ("status", "submitted", "approved"),
        ("status", "draft", "submitted"),
        ("self_score", "", "3.4000"),
        ("value", "", "92"),
    ]
    assert items[0]["token"] is None and items[0]["actor"] == world.executive.display_name
    assert items[1]["token"] == {"prefix": token.prefix, "name": token.name}
    assert items[-1]["actor"] == world.collector.display_name
