"""The round's workflow: each step only to its role, locks, reopening, history, optimistic locking."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khamrap.agreements.tests.builders import composite_of_two, pass_fail_indicator
from khamrap.reporting import services
from khamrap.reporting.models import Change, Result, RoundReport

from .workflow import approved_round, submitted_round


def test_a_collector_drafts_and_submits_and_the_supervisor_approves(world, draft):
    submitted = services.result_submit(result=draft, user=world.collector)
    assert submitted.status == "submitted" and submitted.submitted_by == world.collector
    approved = services.result_approve(result=submitted, user=world.executive)
    assert approved.status == "approved" and approved.approved_by == world.executive


@pytest.mark.parametrize("who", ["coordinator", "collector", "outsider", "nobody"])
def test_only_the_supervisor_approves_or_returns(world, draft, who):
    submitted = services.result_submit(result=draft, user=world.collector)
    with pytest.raises(PermissionDenied):
        services.result_approve(result=submitted, user=getattr(world, who))
    with pytest.raises(PermissionDenied):
        services.result_return(result=submitted, user=getattr(world, who), comment="แก้ไข")
    assert Result.objects.get(pk=draft.pk).status == "submitted"


@pytest.mark.parametrize("who", ["outsider", "nobody", "executive"])
def test_people_not_named_cannot_draft_or_submit(world, agreement, six, draft, who):
    # world.executive supervises the indicator: a supervisor may also enter it; others may not.
    user = getattr(world, who)
    if who == "executive":
        assert services.result_submit(result=draft, user=user).status == "submitted"
        return
    with pytest.raises(PermissionDenied):
        services.result_submit(result=draft, user=user)
    with pytest.raises(PermissionDenied):
        services.result_save(
            indicator=draft.indicator, reporting_round=six, user=user, value=Decimal(1)
        )


def test_a_returned_result_goes_back_to_the_collector_with_the_comment(world, draft, six):
    submitted = services.result_submit(result=draft, user=world.collector)
    with pytest.raises(ValidationError):
        services.result_return(result=submitted, user=world.executive, comment=" ")
    returned = services.result_return(
        result=submitted, user=world.executive, comment="แนบหลักฐานเพิ่ม"
    )
    assert (returned.status, returned.return_comment) == ("returned", "แนบหลักฐานเพิ่ม")
    fixed = services.result_save(
        indicator=draft.indicator,
        reporting_round=six,
        user=world.collector,
        version=returned.version,
        value=Decimal(95),
    )
    assert services.result_submit(result=fixed, user=world.collector).return_comment == ""


def test_submitted_and_approved_results_are_locked(world, draft, six):
    submitted = services.result_submit(result=draft, user=world.collector)
    with pytest.raises(ValidationError) as error:
        services.result_save(
            indicator=draft.indicator, reporting_round=six, user=world.collector, value=Decimal(1)
        )
    assert "locked" in str(error.value) or "ล็อก" in str(error.value)
    approved = services.result_approve(result=submitted, user=world.executive)
    with pytest.raises(ValidationError):
        services.result_save(
            indicator=draft.indicator, reporting_round=six, user=world.coordinator, value=Decimal(1)
        )
    assert Result.objects.get(pk=approved.pk).value == Decimal(92)


def test_reopening_needs_the_coordinator_and_a_reason(world, draft):
    approved = services.result_approve(
        result=services.result_submit(result=draft, user=world.collector), user=world.executive
    )
    with pytest.raises(PermissionDenied):
        services.result_reopen(result=approved, user=world.executive, reason="แก้ตัวเลข")
    with pytest.raises(ValidationError):
        services.result_reopen(result=approved, user=world.coordinator, reason="")
    reopened = services.result_reopen(result=approved, user=world.coordinator, reason="ตัวเลขผิด")
    assert reopened.status == "draft"
    assert Change.objects.filter(result=draft, field="status", note="ตัวเลขผิด").exists()


def test_a_score_under_3_needs_an_explanation_before_submission(world, agreement, six):
    indicator = agreement.indicators.get(number="1")
    low = services.result_save(
        indicator=indicator, reporting_round=six, user=world.collector, value=Decimal(82)
    )
    assert low.self_score == Decimal("1.4000")
    with pytest.raises(ValidationError) as error:
        services.result_submit(result=low, user=world.collector)
    assert "explanation" in error.value.message_dict
    explained = services.result_save(
        indicator=indicator,
        reporting_round=six,
        user=world.collector,
        version=low.version,
        value=Decimal(82),
        explanation="งบประมาณได้รับล่าช้า 2 เดือน",
    )
    assert services.result_submit(result=explained, user=world.collector).status == "submitted"


def test_every_change_is_kept_in_the_history(world, draft, six):
    services.result_save(
        indicator=draft.indicator,
        reporting_round=six,
        user=world.coordinator,
        version=draft.version,
        value=Decimal("97.5"),
        performance="จัดอบรมครบ 77 จังหวัด",
    )
    changes = list(
        Change.objects.filter(result=draft)
        .order_by("pk")
        .values_list("field", "old", "new", "actor__username")
    )
    assert ("value", "", "92", "charlie") in changes
    assert ("self_score", "", "3.4000", "charlie") in changes
    assert ("value", "92.0000", "97.5", "bob") in changes or (
        "value",
        "92",
        "97.5",
        "bob",
    ) in changes
    assert ("performance", "", "จัดอบรมครบ 77 จังหวัด", "bob") in changes
    assert ("self_score", "3.4000", "4.5000", "bob") in changes


def test_the_second_of_two_people_editing_the_same_result_is_refused(world, draft, six):
    version_both_started_from = draft.version
    services.result_save(
        indicator=draft.indicator,
        reporting_round=six,
        user=world.collector,
        version=version_both_started_from,
        value=Decimal(93),
    )
    with pytest.raises(ValidationError) as error:
        services.result_save(
            indicator=draft.indicator,
            reporting_round=six,
            user=world.coordinator,
            version=version_both_started_from,
            value=Decimal(99),
        )
    assert error.value.code == "stale"
    assert Result.objects.get(pk=draft.pk).value == Decimal(93)


def test_the_report_is_submitted_only_when_every_result_is_approved(world, agreement, six):
    approved_round(
        agreement,
        six,
        world,
        results={"1": {"value": Decimal(100)}, "16": {"steps_done": [1, 2, 3]}},
    )
    with pytest.raises(ValidationError) as error:
        services.report_submit(agreement=agreement, reporting_round=six, user=world.coordinator)
    assert "3" in str(error.value)
    approved_round(agreement, six, world, results={"3": {"passed": True}})
    with pytest.raises(PermissionDenied):
        services.report_submit(agreement=agreement, reporting_round=six, user=world.collector)
    report = services.report_submit(
        agreement=agreement, reporting_round=six, user=world.coordinator
    )
    assert report.status == "submitted"
    with pytest.raises(ValidationError):  # results are frozen once the report is in
        services.result_reopen(
            result=Result.objects.get(indicator__number="1"), user=world.coordinator, reason="x"
        )


def test_the_evaluator_verifies_after_submission_and_closes_the_round(
    world, agreement, six, evaluator
):
    results = approved_round(agreement, six, world)
    with pytest.raises(ValidationError):  # not submitted yet
        services.result_verify(result=results["1"], user=evaluator, score=Decimal(5))
    services.report_submit(agreement=agreement, reporting_round=six, user=world.coordinator)
    report = RoundReport.objects.get(agreement=agreement, reporting_round=six)
    services.result_verify(
        result=results["1"], user=evaluator, score=Decimal("4.8"), reason="หลักฐานไม่ครบ"
    )
    with pytest.raises(ValidationError):
        services.report_close(report=report, user=evaluator)  # 16 and 3 not verified yet
    for number in ("16", "3"):
        services.result_verify(result=results[number], user=evaluator, score=Decimal(5))
    with pytest.raises(PermissionDenied):
        services.report_close(report=report, user=world.coordinator)
    assert services.report_close(report=report, user=evaluator).status == "closed"
    with pytest.raises(ValidationError):
        services.result_verify(result=results["1"], user=evaluator, score=Decimal(5))
    reopened = services.report_reopen(report=report, user=evaluator, reason="ทบทวนคะแนนตัวชี้วัดที่ 1")
    assert reopened.status == "open"


def test_no_step_can_be_taken_on_another_organizations_round(world, agreement, six, evaluator):
    results, report = submitted_round(agreement, six, world)
    outsider = world.outsider
    for step in (
        lambda: services.result_submit(result=results["1"], user=outsider),
        lambda: services.result_approve(result=results["1"], user=outsider),
        lambda: services.result_reopen(result=results["1"], user=outsider, reason="x"),
        lambda: services.result_verify(
            result=results["1"], user=outsider, score=Decimal(1), reason="x"
        ),
        lambda: services.report_close(report=report, user=outsider),
        lambda: services.report_reopen(report=report, user=outsider, reason="x"),
        lambda: services.report_submit(agreement=agreement, reporting_round=six, user=outsider),
    ):
        with pytest.raises(PermissionDenied):
            step()


def test_the_round_page_runs_a_fixed_number_of_queries(client, world, agreement, six):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    approved_round(agreement, six, world)
    client.force_login(world.coordinator)
    url = reverse("reporting:round_detail", args=[agreement.pk, six.pk])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    for n in range(5):
        indicator = pass_fail_indicator(agreement, world, n)
        services.result_save(
            indicator=indicator, reporting_round=six, user=world.collector, passed=True
        )
    assert count() == before


# --- composites -------------------------------------------------------------------------------------


@pytest.fixture
def composite_result(world, agreement, six):
    """Indicator 4's result: scored from its two pass/fail parts, both recorded."""
    whole = composite_of_two(world, agreement)
    parts = list(whole.parts.order_by("number"))
    whole.supervisors.add(world.executive)
    for part in parts:
        services.result_save(indicator=part, reporting_round=six, user=world.collector, passed=True)
    result = Result.objects.get(indicator=whole, reporting_round=six)
    assert result.self_score == Decimal(5)
    return result


@pytest.mark.parametrize("who", ["collector", "executive", "coordinator", "superuser"])
def test_a_composite_result_is_never_submitted_on_its_own(world, composite_result, who):
    with pytest.raises(ValidationError) as error:
        services.result_submit(result=composite_result, user=getattr(world, who))
    assert error.value.code == "composite"
    assert "ตัวชี้วัดย่อย" in error.value.messages[0]
    assert Result.objects.get(pk=composite_result.pk).status == "draft"


def test_a_composite_result_is_never_approved_or_returned(world, composite_result):
    from khamrap.reporting import policy

    # As if it had been submitted before the rule: the supervisor may neither approve nor return it.
    Result.objects.filter(pk=composite_result.pk).update(
        status="submitted", submitted_by=world.collector
    )
    composite_result.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.result_approve(result=composite_result, user=world.executive)
    assert error.value.code == "composite"
    with pytest.raises(ValidationError) as error:
        services.result_return(result=composite_result, user=world.executive, comment="แก้ไข")
    assert error.value.code == "composite"
    assert Result.objects.get(pk=composite_result.pk).status == "submitted"
    rights = policy.result_rights(
        world.executive, composite_result.indicator, composite_result, None
    )
    assert not rights.approve and not rights.submit and not rights.edit


def test_a_sub_indicator_is_verified_through_its_composite(world, composite_result, evaluator):
    """Only top-level scores count (rules.counting): the page offers verify on the composite, not
    on its parts, and the service refuses a part the same way (one policy for both)."""
    from khamrap.reporting import policy
    from khamrap.reporting.models import RoundReport

    part = Result.objects.filter(
        indicator__parent=composite_result.indicator,
        reporting_round=composite_result.reporting_round,
    ).first()
    # As if every result were approved and the report submitted.
    report, _created = RoundReport.objects.update_or_create(
        agreement=composite_result.indicator.agreement,
        reporting_round=composite_result.reporting_round,
        defaults={"status": "submitted"},
    )
    assert not policy.result_rights(evaluator, part.indicator, part, report).verify
    with pytest.raises(ValidationError) as error:
        services.result_verify(result=part, user=evaluator, score=Decimal(5))
    assert error.value.code == "part"
    assert "4" in error.value.messages[0]  # names the composite to verify instead
    assert Result.objects.get(pk=part.pk).verified_score is None
    assert policy.result_rights(
        evaluator, composite_result.indicator, composite_result, report
    ).verify
    verified = services.result_verify(result=composite_result, user=evaluator, score=Decimal(5))
    assert verified.verified_score == Decimal(5)


# --- four eyes: whoever submitted a result neither approves nor returns it ---------------------------


@pytest.fixture
def second_supervisor(world, draft):
    user = world.person("frank", first_name="แฟรงก์")
    draft.indicator.supervisors.add(user)
    return user


def test_the_submitter_neither_approves_nor_returns_their_own_result(
    world, draft, second_supervisor
):
    from khamrap.reporting import policy

    # world.executive supervises the indicator and may also enter and submit it.
    submitted = services.result_submit(result=draft, user=world.executive)
    for step in (
        lambda: services.result_approve(result=submitted, user=world.executive),
        lambda: services.result_return(result=submitted, user=world.executive, comment="แก้ไข"),
    ):
        with pytest.raises(ValidationError) as error:
            step()
        assert error.value.code == "four_eyes"
        assert "คุณเป็นผู้ส่ง" in error.value.messages[0]
    assert Result.objects.get(pk=draft.pk).status == "submitted"
    rights = policy.result_rights
    assert not rights(world.executive, draft.indicator, submitted, None).approve
    assert rights(second_supervisor, draft.indicator, submitted, None).approve
    approved = services.result_approve(result=submitted, user=second_supervisor)
    assert (approved.submitted_by, approved.approved_by) == (world.executive, second_supervisor)


def test_the_result_page_offers_the_submitter_no_approval(client, world, draft, six):
    from django.urls import reverse

    services.result_submit(result=draft, user=world.executive)
    client.force_login(world.executive)
    page = client.get(reverse("reporting:result_edit", args=[draft.indicator_id, six.pk]))
    approve = reverse("reporting:result_action", args=[draft.pk, "approve"])
    assert page.status_code == 200 and approve not in page.content.decode()
    client.post(approve)
    assert Result.objects.get(pk=draft.pk).status == "submitted"
    client.force_login(world.collector)
    services.result_reopen(result=draft, user=world.coordinator, reason="ทดสอบ")
    services.result_submit(result=draft, user=world.collector)
    client.force_login(world.executive)
    page = client.get(reverse("reporting:result_edit", args=[draft.indicator_id, six.pk]))
    assert approve in page.content.decode()


def test_with_four_eyes_off_the_submitter_may_approve(world, draft, settings):
    from khamrap.reporting import policy

    settings.FOUR_EYES = False
    submitted = services.result_submit(result=draft, user=world.executive)
    assert policy.result_rights(world.executive, draft.indicator, submitted, None).approve
    approved = services.result_approve(result=submitted, user=world.executive)
    assert approved.submitted_by == approved.approved_by == world.executive


def test_four_eyes_is_on_unless_the_environment_turns_it_off(monkeypatch, tmp_path):
    import runpy
    from pathlib import Path

    from khamrap import settings as project_settings

    settings_file = str(Path(project_settings.__file__))
    monkeypatch.setenv("KHAMRAP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("FOUR_EYES", raising=False)
    assert runpy.run_path(settings_file)["FOUR_EYES"] is True
    monkeypatch.setenv("FOUR_EYES", "off")
    assert runpy.run_path(settings_file)["FOUR_EYES"] is False
