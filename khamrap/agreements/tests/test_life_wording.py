"""The agreement's life steps in plain Thai: each step asks for what it records and says what it did."""

from django.urls import reverse
from lxml import html

from khamrap.agreements.choices import TRANSITION_DONE, AgreementStatus, Transition
from khamrap.agreements.models import Agreement

from .builders import move


def step_fields(response, transition):
    """The labels of the fields in the form of one life step, as the page shows them."""
    doc = html.fromstring(response.content.decode())
    form = doc.xpath(f'//form[contains(@action, "/{transition}/")]')[0]
    return [" ".join(label.text_content().split()) for label in form.xpath(".//label")]


def test_the_committee_step_asks_for_the_committees_resolution_not_the_negotiation(
    client, world, agreement
):
    detail = reverse("agreements:agreement_detail", args=[agreement.pk])
    client.force_login(world.coordinator)
    page = client.get(detail)
    assert step_fields(page, "approve") == ["มติของคณะกรรมการ:"]
    assert "เช่น การประชุมครั้งที่ 1/2569 เมื่อวันที่ 15 พฤศจิกายน 2568" in page.content.decode()
    move(agreement, Transition.APPROVE, world.coordinator)
    page = client.get(detail)
    # What was agreed with the evaluator is asked at the negotiation, where it happens.
    assert step_fields(page, "negotiate") == ["หมายเหตุ:", "ผลการเจรจากับผู้ประเมิน:"]
    assert step_fields(page, "revise") == ["เหตุผลที่ส่งคำรับรองกลับไปแก้ไขร่าง:"]


def test_a_step_taken_says_what_was_done_in_a_plain_sentence(client, world, agreement):
    client.force_login(world.coordinator)
    url = reverse("agreements:agreement_transition", args=[agreement.pk, "approve"])
    response = client.post(url, {"note": "การประชุมครั้งที่ 1/2569"}, follow=True)
    text = response.content.decode()
    assert "บันทึกมติเห็นชอบของคณะกรรมการแล้ว" in text
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.COMMITTEE_APPROVED
    event = agreement.events.order_by("-at", "-pk").first()
    assert event.note == "การประชุมครั้งที่ 1/2569"


def test_no_done_message_repeats_the_already_of_a_status():
    # "มีสถานะ “ลงนามแล้ว” แล้ว": a sentence built around a status that already says แล้ว.
    assert set(TRANSITION_DONE) == set(Transition.values)
    for message in TRANSITION_DONE.values():
        assert "” แล้ว" not in str(message) and "มีสถานะ" not in str(message)


def test_an_over_long_resolution_is_refused_under_the_steps_own_name(client, world, agreement):
    client.force_login(world.coordinator)
    url = reverse("agreements:agreement_transition", args=[agreement.pk, "approve"])
    response = client.post(url, {"note": "ม" * 4001})
    assert response.status_code == 200
    assert (
        "“มติของคณะกรรมการ” ยาวได้ไม่เกิน 4,000 ตัวอักษร (ข้อความนี้มี 4,001 ตัวอักษร)"
        in response.content.decode()
    )
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.DRAFT
