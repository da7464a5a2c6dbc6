"""The required-result solver on the indicator page: unreported indicators, direction, counts.

The `agreement` fixture has indicator 1 (numeric, weight 50), 16 (milestone, 30) and 3 (pass/fail,
20). Every expected figure is worked out by hand in the test's comment.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from khamrap.agreements.models import Indicator
from khamrap.reporting.services import result_record

D = Decimal


def solve(client, agreement, indicator, target):
    url = reverse("agreements:indicator_solver", args=[agreement.pk, indicator.pk])
    response = client.get(url, {"target_total": target}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.context["answer"], " ".join(response.content.decode().split())


def make_numeric(indicator, *, unit, direction, targets):
    Indicator.objects.filter(pk=indicator.pk).update(
        unit=unit, direction=direction, **{f"target_{n}": D(t) for n, t in enumerate(targets, 1)}
    )


@pytest.fixture
def others_reported(agreement, world, six):
    """Indicator 16 at 4 steps (4 × 30/100 = 1.2000) and 3 passed (5 × 20/100 = 1.0000): 2.2000."""
    milestone = agreement.indicators.get(number="16")
    result_record(
        indicator=milestone, reporting_round=six, user=world.coordinator, steps_done=[1, 2, 3, 4]
    )
    passfail = agreement.indicators.get(number="3")
    result_record(indicator=passfail, reporting_round=six, user=world.coordinator, passed=True)


def test_it_assumes_an_unreported_indicator_scores_the_target_instead_of_zero(
    client, world, agreement, six
):
    # Only 3 has a result (passed: 1.0000); 16 (weight 30) has none. Counted as 0, indicator 1
    # would have to bring 3.0000 from weight 50: out of reach. Assumed at the target 4 instead,
    # 16 adds 4 × 30/100 = 1.2000, so 1 must bring 4 − 2.2 = 1.8: score 3.5999 (× 0.5 = 1.79995
    # → 1.8000); raw 3.59985 needs 90 + 0.59985 × 5 = 92.99925, and 92.9993 scores 3.59986.
    passfail = agreement.indicators.get(number="3")
    result_record(indicator=passfail, reporting_round=six, user=world.coordinator, passed=True)
    client.force_login(world.coordinator)
    answer, text = solve(client, agreement, agreement.indicators.get(number="1"), "4")
    assert answer.status == "reachable"
    assert (answer.value, answer.score, answer.total) == (D("92.9993"), D("3.5999"), D("4.0000"))
    assert (answer.unreported, answer.unreported_weight, answer.assumed) == (1, D(30), D("1.2000"))
    assert "ต้องได้ผลอย่างน้อย 92.9993 ร้อยละ" in text
    assert "ตัวชี้วัดอื่นที่ยังไม่รายงานผล 1 ตัว (น้ำหนักรวม 30) ไม่นับเป็น 0 คะแนน" in text
    assert "ถือว่าได้คะแนนเท่ากับเป้าหมาย 4.0000 คิดเป็นคะแนนถ่วงน้ำหนัก 1.2000" in text


def test_it_says_nothing_is_assumed_when_every_other_indicator_has_a_result(
    client, world, agreement, others_reported
):
    client.force_login(world.coordinator)
    answer, text = solve(client, agreement, agreement.indicators.get(number="1"), "4")
    assert (answer.unreported, answer.assumed) == (0, D(0))
    assert "ยังไม่รายงานผล" not in text


def test_it_asks_at_most_a_value_when_lower_is_better(client, world, agreement, others_reported):
    # Hours, 48/36/24/12/6. Others 2.2000, so weight 50 must bring 1.8: score 3.5999, raw
    # 3.59985: 24 − 0.59985 × 12 = 16.8018 hours at most (16.8018 scores exactly 3.59985 →
    # 3.5999; 16.8019 scores 3.59984 → 3.5998).
    numeric = agreement.indicators.get(number="1")
    make_numeric(numeric, unit="ชั่วโมง", direction="lower", targets=[48, 36, 24, 12, 6])
    client.force_login(world.collector)
    answer, text = solve(client, agreement, numeric, "4")
    assert (answer.value, answer.at_most) == (D("16.8018"), True)
    assert (answer.score, answer.total) == (D("3.5999"), D("4.0000"))
    assert "ต้องได้ผลไม่เกิน 16.8018 ชั่วโมง" in text
    assert "อย่างน้อย" not in text


def test_it_asks_a_whole_number_of_counted_things_rounded_up(
    client, world, agreement, others_reported
):
    # Varieties, 4/6/8/10/12. Score 3.5999 needs 8 + 0.59985 × 2 = 9.1997 varieties, so 10 as a
    # count: 10 scores 4.0000, weighs 4 × 50/100 = 2.0000, total 2.2 + 2.0 = 4.2000.
    numeric = agreement.indicators.get(number="1")
    make_numeric(numeric, unit="พันธุ์", direction="higher", targets=[4, 6, 8, 10, 12])
    client.force_login(world.coordinator)
    answer, text = solve(client, agreement, numeric, "4")
    assert (answer.value, answer.score, answer.total) == (D(10), D("4.0000"), D("4.2000"))
    assert "ต้องได้ผลอย่างน้อย 10 พันธุ์ — คะแนน 4.0000 คะแนนรวม 4.2000" in text


def test_it_asks_a_whole_number_of_counted_things_rounded_down_when_lower_is_better(
    client, world, agreement, others_reported
):
    # Complaints, 10/8/6/4/2 (lower is better). Score 3.5999 (raw 3.59985) allows at most
    # 6 − 0.59985 × 2 = 4.8003 complaints, so 4 as a count: 4 scores 4.0000, total 4.2000.
    numeric = agreement.indicators.get(number="1")
    make_numeric(numeric, unit="เรื่อง", direction="lower", targets=[10, 8, 6, 4, 2])
    client.force_login(world.coordinator)
    answer, text = solve(client, agreement, numeric, "4")
    assert (answer.value, answer.score, answer.total) == (D(4), D("4.0000"), D("4.2000"))
    assert "ต้องได้ผลไม่เกิน 4 เรื่อง" in text


def test_the_solver_is_refused_to_another_organization(client, world, agreement):
    client.force_login(world.outsider)
    indicator = agreement.indicators.get(number="1")
    url = reverse("agreements:indicator_solver", args=[agreement.pk, indicator.pk])
    assert client.get(url, {"target_total": "4"}).status_code == 404


def test_the_criteria_of_a_lower_is_better_indicator_put_score_5_at_or_below_the_last_target(
    client, world, agreement
):
    numeric = agreement.indicators.get(number="1")
    make_numeric(numeric, unit="ชั่วโมง", direction="lower", targets=[48, 36, 24, 12, 6])
    client.force_login(world.collector)
    url = reverse("agreements:indicator_detail", args=[agreement.pk, numeric.pk])
    text = client.get(url).content.decode()
    assert "ยิ่งน้อยยิ่งดี: ผลที่อยู่ระหว่างค่าเป้าหมายสองระดับ" in text
    assert "ผลไม่เกิน 6 (ค่าเป้าหมายระดับ 5) ได้ 5 คะแนน" in text
    assert "ถึงหรือเกินค่าเป้าหมายระดับ 5" not in text


def test_the_criteria_of_a_higher_is_better_indicator_put_score_5_at_or_above_the_last_target(
    client, world, agreement
):
    numeric = agreement.indicators.get(number="1")
    client.force_login(world.collector)
    url = reverse("agreements:indicator_detail", args=[agreement.pk, numeric.pk])
    text = client.get(url).content.decode()
    assert "ผลตั้งแต่ 100 (ค่าเป้าหมายระดับ 5) ขึ้นไปได้ 5 คะแนน" in text


def test_the_page_states_what_the_solver_assumes_of_the_other_indicators(client, world, agreement):
    numeric = agreement.indicators.get(number="1")
    client.force_login(world.collector)
    url = reverse("agreements:indicator_detail", args=[agreement.pk, numeric.pk])
    text = " ".join(client.get(url).content.decode().split())
    assert "ตัวชี้วัดที่ยังไม่รายงานผลถือว่าได้คะแนนเท่ากับคะแนนที่ต้องการ" in text
    assert "ผลที่น้อยที่สุด" not in text  # not "the smallest": lower-is-better asks the most
