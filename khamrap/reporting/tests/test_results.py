from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khamrap.reporting.models import Result
from khamrap.reporting.services import result_record, result_verify

from .workflow import submitted_round


def test_a_named_collector_records_a_result_and_the_score_follows(world, agreement, six):
    numeric = agreement.indicators.get(number="1")
    result = result_record(
        indicator=numeric, reporting_round=six, user=world.collector, value=Decimal("92.5")
    )
    result.refresh_from_db()
    assert result.self_score == Decimal("3.5000")


def test_a_milestone_step_done_out_of_order_does_not_count(world, agreement, six):
    milestone = agreement.indicators.get(number="16")
    result = result_record(
        indicator=milestone, reporting_round=six, user=world.collector, steps_done=[1, 2, 4]
    )
    result.refresh_from_db()
    assert result.self_score == Decimal("2.0000")
    with pytest.raises(ValidationError):
        result_record(
            indicator=milestone, reporting_round=six, user=world.collector, steps_done=[6]
        )


def test_people_not_named_on_the_indicator_cannot_record(world, agreement, six):
    numeric = agreement.indicators.get(number="1")
    for user in (world.outsider, world.nobody):
        with pytest.raises(PermissionDenied):
            result_record(indicator=numeric, reporting_round=six, user=user, value=Decimal(90))
    assert not Result.objects.exists()


def test_an_evaluator_verifies_with_a_reason_when_the_score_differs(
    world, agreement, six, evaluator
):
    result = submitted_round(agreement, six, world)[0]["1"]
    with pytest.raises(ValidationError) as error:
        result_verify(result=result, user=evaluator, score=Decimal("4.8"))
    assert "reason" in error.value.message_dict
    verified = result_verify(
        result=result, user=evaluator, score=Decimal("4.8"), reason="หลักฐานไม่ครบ 1 รายการ"
    )
    assert verified.verified_score == Decimal("4.8000")
    assert verified.counted_score == Decimal("4.8000")
    assert result_verify(result=result, user=evaluator, score=Decimal(5)).verified_reason == ""


def test_only_an_evaluator_verifies(world, agreement, six):
    result = submitted_round(agreement, six, world)[0]["1"]
    for user in (world.coordinator, world.executive, world.collector, world.outsider):
        with pytest.raises(PermissionDenied):
            result_verify(result=result, user=user, score=Decimal(4), reason="x")


@pytest.mark.parametrize("score", ["5.1", "-0.1", "abc", "4.12345"])
def test_a_verified_score_outside_0_to_5_gets_a_thai_message(
    client, world, agreement, six, evaluator, score
):
    result = submitted_round(agreement, six, world)[0]["1"]
    client.force_login(evaluator)
    response = client.post(
        reverse("reporting:result_action", args=[result.pk, "verify"]),
        {"score": score, "reason": "หลักฐานไม่ครบ 2 รายการ"},
    )
    # The page comes back with what the evaluator typed and the message at the score field.
    assert response.status_code == 200
    form = response.context["verify_form"]
    assert any("คะแนน" in m or "ตัวเลข" in m for m in form.errors["score"])
    text = response.content.decode()
    assert f'value="{score}"' in text
    assert "หลักฐานไม่ครบ 2 รายการ" in text
    result.refresh_from_db()
    assert result.verified_score is None


def test_the_scorecard_uses_the_verified_score_once_given(client, world, agreement, six, evaluator):
    result = submitted_round(agreement, six, world)[0]["1"]
    client.force_login(world.coordinator)
    url = reverse("agreements:agreement_detail", args=[agreement.pk])
    card = client.get(url, {"round": six.pk}).context["scorecard"]
    assert (card.total_self, card.total_final) == (Decimal("5.0000"), Decimal("5.0000"))
    result_verify(result=result, user=evaluator, score=Decimal("4.8"), reason="หลักฐานไม่ครบ")
    card = client.get(url, {"round": six.pk}).context["scorecard"]
    # 4.8 × 50/100 = 2.4000; 5 × 30/100 = 1.5000; 5 × 20/100 = 1.0000
    assert (card.total_self, card.total_final) == (Decimal("5.0000"), Decimal("4.9000"))


def test_the_result_form_refuses_a_word_in_thai(client, world, agreement, six):
    numeric = agreement.indicators.get(number="1")
    client.force_login(world.collector)
    response = client.post(
        reverse("reporting:result_edit", args=[numeric.pk, six.pk]), {"value": "เก้าสิบ"}
    )
    assert "กรุณากรอกตัวเลข" in response.content.decode()
    assert not Result.objects.exists()


def test_the_result_form_reads_thai_digits_and_thousands(client, world, agreement, six):
    numeric = agreement.indicators.get(number="1")
    client.force_login(world.collector)
    url = reverse("reporting:result_edit", args=[numeric.pk, six.pk])
    assert 'inputmode="decimal"' in client.get(url).content.decode()  # a text box, not type=number
    client.post(url, {"version": 1, "value": "๘๕.๕"})
    assert Result.objects.get(indicator=numeric).value == Decimal("85.5")
    client.post(url, {"version": 2, "value": "1,000"})
    assert Result.objects.get(indicator=numeric).value == Decimal(1000)


def test_a_decimal_comma_is_refused_with_the_typed_text_kept(client, world, agreement, six):
    numeric = agreement.indicators.get(number="1")
    client.force_login(world.collector)
    url = reverse("reporting:result_edit", args=[numeric.pk, six.pk])
    response = client.post(url, {"version": 1, "value": "85,5"})
    page = response.content.decode()
    assert "ใช้จุดทศนิยม" in page
    assert 'value="85,5"' in page  # what was typed stays in the box
    assert not Result.objects.exists()
