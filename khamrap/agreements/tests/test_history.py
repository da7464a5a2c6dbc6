"""Histories and amendments read as sentences: Thai, Buddhist-Era dates, no Python in sight."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from khamrap.agreements import history, services
from khamrap.agreements.models import IndicatorChange
from khamrap.reporting.choices import ResultStatus
from khamrap.reporting.models import Change

from .builders import sign_off


def test_it_reads_a_changed_target_without_trailing_zeros():
    assert (
        history.indicator_change("target_1", "70.0000", "75")
        == "เปลี่ยนค่าเป้าหมายระดับ 1 จาก 70 เป็น 75"
    )
    with translation.override("en"):
        assert (
            history.indicator_change("target_1", "70.0000", "75")
            == "Changed target for score 1 from 70 to 75"
        )


def test_it_says_a_value_was_set_or_cleared():
    assert history.indicator_change("unit", "", "ร้อยละ") == "กำหนดหน่วยวัด เป็น “ร้อยละ”"
    assert history.indicator_change("weight", "12.5000", "") == "ลบน้ำหนัก (เดิม 12.5)"


def test_it_reads_choices_by_their_labels_and_groups_and_parents_by_name():
    assert history.indicator_change("kind", "numeric", "pass_fail") == (
        "เปลี่ยนรูปแบบเกณฑ์การให้คะแนน จาก “ค่าเป้าหมาย 5 ระดับ” เป็น “ผ่าน/ไม่ผ่าน”"
    )
    groups = {"7": "มิติที่ 1 ด้านประสิทธิผล", "8": "มิติที่ 4 ด้านการพัฒนาองค์กร"}
    assert history.indicator_change("group", "7", "8", groups=groups) == (
        "เปลี่ยนกลุ่ม จาก มิติที่ 1 ด้านประสิทธิผล เป็น มิติที่ 4 ด้านการพัฒนาองค์กร"
    )
    assert history.indicator_change("parent", "", "41", parents={"41": "2"}) == (
        "กำหนดตัวชี้วัดหลัก เป็น ตัวชี้วัดที่ 2"
    )


def test_it_reads_a_change_of_steps_step_by_step():
    old = "จัดตั้งคณะทำงาน | จัดทำแผน"
    new = "จัดตั้งคณะทำงาน | จัดทำแผนปฏิบัติการ | รายงานผล"
    assert history.indicator_change("steps", old, new) == (
        "เปลี่ยนขั้นตอนที่ 2 จาก “จัดทำแผน” เป็น “จัดทำแผนปฏิบัติการ”; กำหนดขั้นตอนที่ 3 เป็น “รายงานผล”"
    )


def test_a_change_at_the_end_of_a_long_step_shows_where_it_differs():
    step = "จัดตั้งคณะทำงานและจัดทำแผนดำเนินการพร้อมกำหนดผู้รับผิดชอบในแต่ละหมวด และขออนุมัติแผนต่อผู้บริหาร"
    assert history.indicator_change("steps", step, step + " ภายในเดือนธันวาคม") == (
        "เปลี่ยนขั้นตอนที่ 1 จาก “…และขออนุมัติแผนต่อผู้บริหาร” เป็น “…และขออนุมัติแผนต่อผู้บริหาร ภายในเดือนธันวาคม”"
    )


def test_a_long_text_is_cut_in_the_sentence():
    text = history.indicator_change("name", "", "ก" * 200)
    assert len(text) < 120 and text.endswith("…”")


def test_the_step_dates_of_a_result_read_in_the_buddhist_era():
    change = Change(field="step_dates", old="", new="{'1': '2025-11-15', '2': '2025-12-01'}")
    assert change.sentence == (
        "กำหนดวันที่ดำเนินการแต่ละขั้นตอนแล้วเสร็จ เป็น ขั้นตอนที่ 1: 15 พ.ย. 2568, ขั้นตอนที่ 2: 1 ธ.ค. 2568"
    )
    with translation.override("en"):  # as the pages' dates in English
        assert change.sentence == (
            "Set dates the steps were done to step 1: 15 Nov 2568 BE, step 2: 1 Dec 2568 BE"
        )


def test_the_steps_done_read_as_a_phrase():
    change = Change(field="steps_done", old="[1]", new="[1, 2, 3]")
    assert change.sentence == "เปลี่ยนขั้นตอนที่ทำแล้ว จาก ขั้นตอนที่ 1 เป็น ขั้นตอนที่ 1, 2 และ 3"
    with translation.override("en"):
        assert change.sentence == "Changed steps done from step 1 to steps 1, 2 and 3"


def test_the_number_result_and_the_narrative_are_named_apart():
    number = Change(field="value", old="92.0000", new="97.5")
    narrative = Change(field="performance", old="", new="จัดอบรมครบ 77 จังหวัด")
    passed = Change(field="passed", old="False", new="True")
    assert number.sentence == "เปลี่ยนผลการดำเนินงาน (ตัวเลข) จาก 92 เป็น 97.5"
    assert narrative.sentence == "กำหนดผลการดำเนินงาน เป็น “จัดอบรมครบ 77 จังหวัด”"
    assert passed.sentence == "เปลี่ยนผลการดำเนินงาน (ผ่าน/ไม่ผ่าน) จาก ไม่ผ่าน เป็น ผ่าน"


def test_scores_keep_their_four_decimals_and_evidence_reads_as_added():
    assert Change(field="self_score", old="", new="3.4").sentence == (
        "กำหนดคะแนนประเมินตนเอง เป็น 3.4000"
    )
    assert Change(field="evidence", old="", new="รายงาน.pdf").sentence == (
        "เพิ่มไฟล์หลักฐาน “รายงาน.pdf”"
    )


def test_a_status_stored_as_a_label_before_the_migration_still_reads():
    assert history.result_change(
        "status", "ร่าง", "submitted", label="สถานะ", statuses=ResultStatus
    ) == ("เปลี่ยนสถานะ จาก “ร่าง” เป็น “รออนุมัติ”")


def test_a_closed_amendments_targets_read_level_by_level():
    # A mixed indicator with 2 steps has targets for levels 3, 4 and 5 only.
    assert history.snapshot_change("targets", ["80", "85", "90"], ["80", "86", "90.0000"]) == (
        "เปลี่ยนค่าเป้าหมายระดับ 4 จาก 85 เป็น 86"
    )
    assert history.snapshot_change("*", None, "ตัวชี้วัดใหม่", number="4") == ("เพิ่มตัวชี้วัดที่ 4 “ตัวชี้วัดใหม่”")
    assert history.snapshot_change(
        "supervisor", {"name": "นายก"}, [{"name": "นายก"}, {"name": "นางข"}]
    ) == ("เปลี่ยนผู้กำกับดูแลตัวชี้วัด จาก นายก เป็น นายก และ นางข")
    assert history.snapshot_change("baseline", {}, {"2567": "80.0000", "2566": "78.5"}) == (
        "กำหนดข้อมูลพื้นฐาน เป็น 2566: 78.5, 2567: 80"
    )


def _row(field, old, new, *, at, indicator_id=9, number="4"):
    return SimpleNamespace(
        field=field,
        old=old,
        new=new,
        at=at,
        actor=None,
        actor_id=1,
        indicator_id=indicator_id,
        number=number,
    )


def test_the_rows_of_an_added_indicator_read_as_one_line():
    added = dt.datetime(2026, 1, 5, 10, 0)
    edited = dt.datetime(2026, 1, 6, 9, 30)
    rows = [
        _row("number", "", "4", at=added),
        _row("name", "", "ร้อยละของงานที่แล้วเสร็จ", at=added),
        _row("weight", "", "10", at=added),
        _row("weight", "10.0000", "15", at=edited),
    ]
    lines = history.indicator_lines(rows)
    assert [(line.number, line.text) for line in lines] == [
        ("4", "เพิ่มตัวชี้วัดที่ 4 “ร้อยละของงานที่แล้วเสร็จ”"),
        ("4", "เปลี่ยนน้ำหนัก จาก 10 เป็น 15"),
    ]


# --- the amendment page --------------------------------------------------------------------------


def _amend_target(agreement, world, target_1):
    indicator = agreement.indicators.get(number="1")
    services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={"target_1": target_1},
        indicator=indicator,
        supervisors=[world.executive],
        collectors=[world.collector],
        issues=list(indicator.issues.all()),
    )


def test_an_open_amendment_lists_its_pending_changes(client, agreement, world, signer):
    agreement = sign_off(agreement, world, signer)
    amendment = services.amendment_open(
        agreement=agreement, user=world.coordinator, reason="ก.พ.ร. ปรับเป้าหมาย"
    )
    url = reverse("agreements:amendment_detail", args=[agreement.pk, amendment.number])
    client.force_login(world.coordinator)
    assert "ยังไม่มีการเปลี่ยนแปลงตัวชี้วัดในการแก้ไขครั้งนี้" in client.get(url).text

    _amend_target(agreement, world, Decimal(75))
    page = client.get(url).text
    assert "การเปลี่ยนแปลงที่ทำไปแล้ว" in page
    assert "เปลี่ยนค่าเป้าหมายระดับ 1 จาก 80 เป็น 75" in page
    assert "บ๊อบ" in page  # who made it
    assert "80.0000" not in page and "target_1" not in page
    # Changes made before the amendment (the draft's) are not its changes.
    assert IndicatorChange.objects.filter(agreement=agreement, amendment=None).exists()
    assert "เพิ่มตัวชี้วัดที่" not in page

    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_the_open_amendment_page_reads_its_changes_in_a_fixed_number_of_queries(
    client, agreement, world, signer, django_assert_max_num_queries
):
    agreement = sign_off(agreement, world, signer)
    amendment = services.amendment_open(agreement=agreement, user=world.coordinator, reason="ปรับ")
    url = reverse("agreements:amendment_detail", args=[agreement.pk, amendment.number])
    client.force_login(world.coordinator)
    _amend_target(agreement, world, Decimal(75))
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for target in (Decimal(76), Decimal(77), Decimal(78)):
        _amend_target(agreement, world, target)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).text
    assert page.count("เปลี่ยนค่าเป้าหมายระดับ 1") == 4


def test_a_closed_amendment_lists_what_changed_as_sentences(client, agreement, world, signer):
    agreement = sign_off(agreement, world, signer)
    amendment = services.amendment_open(
        agreement=agreement, user=world.coordinator, reason="ก.พ.ร. ปรับเป้าหมาย"
    )
    _amend_target(agreement, world, Decimal(75))
    services.amendment_close(amendment=amendment, user=world.coordinator)
    client.force_login(world.collector)
    url = reverse("agreements:amendment_detail", args=[agreement.pk, amendment.number])
    page = client.get(url).text
    assert "สิ่งที่เปลี่ยนแปลง" in page
    assert "เปลี่ยนค่าเป้าหมายระดับ 1 จาก 80 เป็น 75" in page
    assert "['" not in page and "targets" not in page


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_agreement_history_reads_as_sentences(client, agreement, world, signer, language):
    sign_off(agreement, world, signer)
    client.force_login(world.coordinator)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).text
    expected = {
        "th": "เปลี่ยนสถานะคำรับรองจาก “เจรจาตัวชี้วัดและค่าเป้าหมายแล้ว” เป็น “ลงนามแล้ว”",
        "en": "Moved the agreement from “Negotiated with the evaluator” to “Signed”",
    }
    assert expected[language] in page
