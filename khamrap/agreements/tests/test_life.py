"""The life of an agreement (seed 003 and seed 001): who moves each step, and what signing locks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khamrap.agreements import services
from khamrap.agreements.choices import AgreementStatus, Transition
from khamrap.agreements.models import Agreement, AgreementEvent

from .builders import SIGNATORIES, group, move, sign_off


def test_it_walks_the_whole_life_and_records_every_step(agreement, world, signer):
    sign_off(agreement, world, signer)
    move(agreement, Transition.CIRCULATE, world.coordinator)
    published = move(agreement, Transition.PUBLISH, world.coordinator)
    assert published.status == AgreementStatus.PUBLISHED
    assert published.signed_on == dt.date(2025, 10, 20)
    assert published.promisor_name == "นายประเสริฐ วงศ์ไทย"
    events = list(
        AgreementEvent.objects.filter(agreement=agreement).values_list(
            "to_status", "actor__username"
        )
    )
    assert events == [
        ("draft", "bob"),
        ("committee_approved", "bob"),
        ("negotiated", "bob"),
        ("signed", "director"),
        ("circulated", "bob"),
        ("published", "bob"),
    ]
    negotiated = AgreementEvent.objects.get(agreement=agreement, to_status="negotiated")
    assert negotiated.agreed_changes == "ปรับค่าเป้าหมายตัวชี้วัดที่ 1"


@pytest.mark.parametrize("who", ["collector", "executive", "outsider", "nobody"])
def test_only_the_coordinator_records_the_committee_approval(agreement, world, who):
    with pytest.raises(PermissionDenied):
        move(agreement, Transition.APPROVE, getattr(world, who))
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.DRAFT


def test_only_an_executive_signs_and_the_coordinator_cannot(agreement, world, signer):
    move(agreement, Transition.APPROVE, world.coordinator)
    move(agreement, Transition.NEGOTIATE, world.coordinator, agreed_changes="ตามเดิม")
    with pytest.raises(PermissionDenied):
        move(agreement, Transition.SIGN, world.coordinator, signatories=SIGNATORIES)
    with pytest.raises(PermissionDenied):
        move(agreement, Transition.SIGN, world.outsider, signatories=SIGNATORIES)
    assert (
        move(agreement, Transition.SIGN, signer, signatories=SIGNATORIES).status
        == AgreementStatus.SIGNED
    )


def test_the_ministrys_executive_may_sign_for_a_department_below(agreement, world):
    move(agreement, Transition.APPROVE, world.coordinator)
    move(agreement, Transition.NEGOTIATE, world.coordinator, agreed_changes="ตามเดิม")
    assert (
        move(agreement, Transition.SIGN, world.executive, signatories=SIGNATORIES).status
        == "signed"
    )


def test_steps_cannot_be_skipped(agreement, world, signer):
    with pytest.raises(ValidationError) as error:
        move(agreement, Transition.SIGN, signer, signatories=SIGNATORIES)
    assert error.value.code == "status"
    with pytest.raises(ValidationError) as error:
        move(agreement, Transition.PUBLISH, world.coordinator)
    assert error.value.code == "status"


def test_the_negotiation_needs_what_was_agreed(agreement, world):
    move(agreement, Transition.APPROVE, world.coordinator)
    with pytest.raises(ValidationError) as error:
        move(agreement, Transition.NEGOTIATE, world.coordinator, agreed_changes="  ")
    assert "agreed_changes" in error.value.message_dict
    assert error.value.error_dict["agreed_changes"][0].code == "required"


def test_sending_back_to_draft_needs_a_reason(agreement, world):
    move(agreement, Transition.APPROVE, world.coordinator)
    with pytest.raises(ValidationError) as error:
        move(agreement, Transition.REVISE, world.coordinator)
    assert error.value.error_dict["note"][0].code == "required"
    assert (
        move(agreement, Transition.REVISE, world.coordinator, note="คณะกรรมการให้แก้ไข").status
        == "draft"
    )


def test_an_agreement_with_problems_cannot_be_signed(agreement, world, signer):
    indicator = agreement.indicators.get(number="3")
    indicator.supervisors.clear()
    move(agreement, Transition.APPROVE, world.coordinator)
    move(agreement, Transition.NEGOTIATE, world.coordinator, agreed_changes="ตามเดิม")
    with pytest.raises(ValidationError) as error:
        move(agreement, Transition.SIGN, signer, signatories=SIGNATORIES)
    assert error.value.code == "problems"
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.NEGOTIATED


def test_a_signed_agreement_is_locked(agreement, world, signer):
    agreement = sign_off(agreement, world, signer)
    indicator = agreement.indicators.get(number="1")
    with pytest.raises(ValidationError) as error:
        services.indicator_save(
            agreement=agreement,
            user=world.coordinator,
            fields={"target_5": Decimal(99)},
            indicator=indicator,
        )
    assert error.value.code == "locked"
    with pytest.raises(ValidationError) as error:
        services.indicator_delete(indicator=indicator, user=world.coordinator)
    assert error.value.code == "locked"
    indicator.refresh_from_db()
    assert indicator.target_5 == Decimal(100)


def test_an_amendment_keeps_the_old_version_and_says_why(agreement, world, signer):
    agreement = sign_off(agreement, world, signer)
    with pytest.raises(ValidationError) as error:
        services.amendment_open(agreement=agreement, user=world.coordinator, reason=" ")
    assert error.value.error_dict["reason"][0].code == "required"
    amendment = services.amendment_open(
        agreement=agreement, user=world.coordinator, reason="ก.พ.ร. ปรับเป้าหมาย"
    )
    indicator = agreement.indicators.get(number="1")
    services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={"target_1": Decimal(75)},
        indicator=indicator,
        supervisors=[world.executive],
        collectors=[world.collector],
        issues=list(indicator.issues.all()),
    )
    closed = services.amendment_close(amendment=amendment, user=world.coordinator)
    before = {i["number"]: i for i in closed.before["indicators"]}
    after = {i["number"]: i for i in closed.after["indicators"]}
    assert before["1"]["targets"][0] != after["1"]["targets"][0]
    assert Agreement.objects.get(pk=agreement.pk).version == 2
    with pytest.raises(ValidationError) as error:  # locked again
        services.indicator_save(
            agreement=agreement,
            user=world.coordinator,
            fields={"target_1": Decimal(70)},
            indicator=indicator,
        )
    assert error.value.code == "locked"


def test_a_draft_needs_no_amendment(agreement, world):
    with pytest.raises(ValidationError) as error:
        services.amendment_open(agreement=agreement, user=world.coordinator, reason="ทดลอง")
    assert error.value.code == "not_locked"


def test_one_agreement_per_organization_and_year(agreement, world, fiscal_year):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            organization=world.dept, fiscal_year=fiscal_year, user=world.coordinator
        )
    assert error.value.code == "unique"


def test_a_collector_cannot_start_an_agreement(world, fiscal_year):
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            organization=world.dept, fiscal_year=fiscal_year, user=world.collector
        )


def test_targets_out_of_order_are_refused_with_a_thai_message(agreement, world):
    with pytest.raises(ValidationError) as error:
        services.indicator_save(
            agreement=agreement,
            user=world.coordinator,
            fields={
                "group": group("1"),
                "number": "9",
                "name": "ตัวชี้วัดทดสอบ",
                "weight": Decimal(5),
                "kind": "numeric",
                "direction": "lower",
                "target_1": Decimal(10),
                "target_2": Decimal(20),
                "target_3": Decimal(30),
                "target_4": Decimal(40),
                "target_5": Decimal(50),
            },
        )
    assert "ค่าเป้าหมายต้องลดลง" in str(error.value)
    assert error.value.error_dict["target_1"][0].code == "targets_not_monotone"
    assert not agreement.indicators.filter(number="9").exists()


def test_the_timeline_shows_seed_003s_planned_days_and_flags_lateness(
    world, fiscal_year, time_machine
):
    from django.utils import timezone

    from khamrap.agreements.selectors import agreement_timeline

    time_machine.move_to(dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC))
    agreement = services.agreement_create(
        organization=world.dept, fiscal_year=fiscal_year, user=world.coordinator
    )
    events = list(agreement.events.all())
    on_time = {s.status: s for s in agreement_timeline(agreement, events, dt.date(2025, 10, 8))}
    approval = on_time["committee_approved"]
    assert (approval.planned_days, approval.due_on, approval.late) == (
        7,
        dt.date(2025, 10, 8),
        False,
    )
    late = {s.status: s for s in agreement_timeline(agreement, events, dt.date(2025, 10, 9))}
    assert late["committee_approved"].late is True
    assert late["published"].due_on is None  # counted from the negotiation, not reached yet
    time_machine.move_to(dt.datetime(2025, 10, 5, 9, 0, tzinfo=dt.UTC))
    move(agreement, Transition.APPROVE, world.coordinator)
    agreement.refresh_from_db()
    steps = {
        s.status: s
        for s in agreement_timeline(agreement, list(agreement.events.all()), timezone.localdate())
    }
    assert (
        steps["committee_approved"].late is False
        and steps["committee_approved"].done_at is not None
    )
