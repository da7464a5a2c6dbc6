"""The history of results and reports: statuses kept as codes, read in the reader's language."""

import importlib

from django.urls import reverse
from django.utils import translation

from khamrap.reporting import services
from khamrap.reporting.models import Change, RoundReport

from .workflow import approved_round

migration = importlib.import_module("khamrap.reporting.migrations.0005_status_history_codes")


def test_a_status_is_stored_as_its_code_and_read_in_the_readers_language(world, draft):
    services.result_submit(result=draft, user=world.collector)
    change = Change.objects.get(result=draft, field="status")
    assert (change.old, change.new) == ("draft", "submitted")
    assert change.sentence == "เปลี่ยนสถานะ จาก “ร่าง” เป็น “รออนุมัติ”"
    with translation.override("en"):
        assert change.sentence == "Changed status from “Draft” to “Submitted for approval”"


def test_a_reports_status_reads_as_the_reports_label(world, agreement, six):
    approved_round(agreement, six, world)
    report = services.report_submit(
        agreement=agreement, reporting_round=six, user=world.coordinator
    )
    change = Change.objects.get(report=report, field="status")
    assert (change.old, change.new) == ("open", "submitted")
    # "submitted" of a report is not "submitted" of a result.
    assert change.sentence == "เปลี่ยนสถานะ จาก “อยู่ระหว่างจัดทำ” เป็น “ส่งให้ผู้ประเมินแล้ว”"
    with translation.override("en"):
        assert change.sentence == (
            "Changed status from “Being prepared” to “Submitted to the evaluator”"
        )


def test_the_migration_turns_stored_labels_back_into_codes(world, draft, agreement, six):
    report, _created = RoundReport.objects.get_or_create(agreement=agreement, reporting_round=six)
    Change.objects.all().delete()
    rows = [
        Change(result=draft, field="status", old="ร่าง", new="รออนุมัติ"),
        Change(result=draft, field="status", old="Submitted for approval", new="Approved"),
        Change(result=draft, field="status", old="อนุมัติแล้ว", new="ร่าง"),
        Change(report=report, field="status", old="อยู่ระหว่างจัดทำ", new="Verified and closed"),
        Change(report=report, field="status", old="submitted", new="ส่งให้ผู้ประเมินแล้ว"),
        # Not a status: a narrative that happens to say ร่าง stays as it was written.
        Change(result=draft, field="performance", old="", new="ร่าง"),
    ]
    for row in rows:
        row.actor, row.at = world.coordinator, draft.updated_at
    Change.objects.bulk_create(rows)

    migration.labels_to_codes(Change)

    stored = list(Change.objects.order_by("pk").values_list("field", "old", "new"))
    assert stored == [
        ("status", "draft", "submitted"),
        ("status", "submitted", "approved"),
        ("status", "approved", "draft"),
        ("status", "open", "closed"),
        ("status", "submitted", "submitted"),
        ("performance", "", "ร่าง"),
    ]
    migration.codes_to_labels(Change)
    assert Change.objects.order_by("pk").values_list("old", "new")[0] == ("ร่าง", "รออนุมัติ")
    assert Change.objects.order_by("pk").values_list("old", "new")[3] == (
        "อยู่ระหว่างจัดทำ",
        "ตรวจสอบและปิดรอบแล้ว",
    )


def test_the_result_page_shows_the_history_as_sentences(client, world, agreement, six):
    indicator = agreement.indicators.get(number="16")
    result = services.result_save(
        indicator=indicator,
        reporting_round=six,
        user=world.collector,
        steps_done=[1, 2, 3],
        step_dates={"1": "2025-11-15", "2": "2025-12-01"},
    )
    services.result_submit(result=result, user=world.collector)
    client.force_login(world.collector)
    page = client.get(reverse("reporting:result_edit", args=[indicator.pk, six.pk])).text
    assert "กำหนดขั้นตอนที่ทำแล้ว เป็น ขั้นตอนที่ 1, 2 และ 3" in page
    assert "ขั้นตอนที่ 1: 15 พ.ย. 2568, ขั้นตอนที่ 2: 1 ธ.ค. 2568" in page
    assert "เปลี่ยนสถานะ จาก “ร่าง” เป็น “รออนุมัติ”" in page
    assert "[1, 2, 3]" not in page and "2025-11-15" not in page


def test_an_evidence_step_is_stored_as_its_number_and_read_in_the_readers_language(db):
    from django.utils import translation

    from khamrap.reporting.models import Change

    change = Change(field="evidence", old="", new="รายงาน.pdf", note="3")
    assert change.note_text == "ขั้นตอนที่ 3"
    with translation.override("en"):
        assert change.note_text == "Step 3"
    # A reason or a comment stays as it was written.
    assert Change(field="status", note="แนบหลักฐานเพิ่ม").note_text == "แนบหลักฐานเพิ่ม"


def test_the_migration_turns_a_written_step_note_into_its_number(world, agreement, fiscal_year):
    import importlib

    from khamrap.reporting.models import Change, Result

    migration = importlib.import_module(
        "khamrap.reporting.migrations.0006_evidence_step_history_codes"
    )
    result = Result.objects.create(
        indicator=agreement.indicators.get(number="16"),
        reporting_round=fiscal_year.rounds.get(months=6),
    )

    def row(note, field="evidence"):
        return Change.objects.create(
            result=result, actor=world.collector, at=result.created_at, field=field, note=note
        )

    thai, english, reason = row("ขั้นตอนที่ 2"), row("Step 4"), row("ขั้นตอนที่ 2", field="status")
    assert migration.step_notes_to_numbers(Change) == 2
    assert [Change.objects.get(pk=r.pk).note for r in (thai, english, reason)] == [
        "2",
        "4",
        "ขั้นตอนที่ 2",
    ]
    assert migration.numbers_to_thai(Change) == 2
    assert Change.objects.get(pk=english.pk).note == "ขั้นตอนที่ 4"
