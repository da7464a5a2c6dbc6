"""Moving through a round without round trips: neighbours, save and next, bulk approval, evidence
before the first save, composites and their parts, the supervisor's view, plausibility warnings."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khamrap.agreements.tests.builders import composite_of_two
from khamrap.reporting import services
from khamrap.reporting.models import EvidenceFile, Result
from khamrap.reporting.selectors import round_view

from .evidence_samples import pdf_bytes
from .workflow import submitted_round


def page(indicator, reporting_round):
    return reverse("reporting:result_edit", args=[indicator.pk, reporting_round.pk])


def submitted(world, indicator, reporting_round, **fields):
    result = services.result_save(
        indicator=indicator, reporting_round=reporting_round, user=world.collector, **fields
    )
    return services.result_submit(result=result, user=world.collector)


# --- neighbours, save and next ------------------------------------------------------------------


def test_the_result_page_links_the_previous_and_next_indicator_of_the_round(
    client, world, agreement, six
):
    # The order of the round page's rows (by the framework's groups, then the indicators' order).
    first, second, third = (row.indicator for row in round_view(agreement, six).rows)
    client.force_login(world.collector)
    response = client.get(page(second, six))
    neighbours = response.context["neighbours"]
    assert (neighbours.previous, neighbours.next) == (first, third)
    assert (neighbours.position, neighbours.total) == (2, 3)
    text = response.content.decode()
    assert page(first, six) in text and page(third, six) in text
    assert "ตัวชี้วัดที่ 2 จาก 3" in text
    last = client.get(page(third, six)).context["neighbours"]
    assert last.next is None and last.previous == second


def test_save_and_next_saves_the_draft_and_opens_the_next_indicator(client, world, agreement, six):
    first, second, _third = (row.indicator for row in round_view(agreement, six).rows)
    client.force_login(world.collector)
    assert first.number == "1"
    response = client.post(page(first, six), {"version": 1, "value": "92", "save_next": ""})
    assert response.status_code == 302 and response["Location"] == page(second, six)
    result = Result.objects.get(indicator=first, reporting_round=six)
    assert (result.value, result.status) == (Decimal(92), "draft")


# --- bulk approval -------------------------------------------------------------------------------


def test_the_supervisor_approves_the_ticked_results_at_once(client, world, agreement, six):
    one = submitted(world, agreement.indicators.get(number="1"), six, value=Decimal(92))
    three = submitted(world, agreement.indicators.get(number="3"), six, passed=True)
    client.force_login(world.executive)  # the fixture's KPI supervisor
    round_page = reverse("reporting:round_detail", args=[agreement.pk, six.pk])
    response = client.get(round_page)
    assert response.context["approvable"] == {one.pk, three.pk}
    assert "data-confirm" in response.content.decode()
    url = reverse("reporting:round_approve", args=[agreement.pk, six.pk])
    response = client.post(url, {"result": [one.pk, three.pk]}, follow=True)
    assert "อนุมัติแล้ว 2 รายการ" in response.content.decode()
    assert set(Result.objects.values_list("status", flat=True)) == {"approved"}


def test_a_bulk_approval_with_one_result_not_theirs_approves_none(client, world, agreement, six):
    one = submitted(world, agreement.indicators.get(number="1"), six, value=Decimal(92))
    draft = services.result_save(
        indicator=agreement.indicators.get(number="3"),
        reporting_round=six,
        user=world.collector,
        passed=True,
    )
    client.force_login(world.executive)
    url = reverse("reporting:round_approve", args=[agreement.pk, six.pk])
    response = client.post(url, {"result": [one.pk, draft.pk]}, follow=True)
    assert "ไม่ได้อนุมัติรายการใด" in response.content.decode()
    assert Result.objects.get(pk=one.pk).status == "submitted"
    # Nor may the collector, who supervises nothing, approve their own.
    client.force_login(world.collector)
    client.post(url, {"result": [one.pk]})
    assert Result.objects.get(pk=one.pk).status == "submitted"


def test_a_bulk_approval_is_whole_or_nothing_in_the_service(world, agreement, six):
    one = submitted(world, agreement.indicators.get(number="1"), six, value=Decimal(92))
    three = submitted(world, agreement.indicators.get(number="3"), six, passed=True)
    services.result_approve(result=three, user=world.executive)
    with pytest.raises(ValidationError, match="3"):
        services.results_approve_many(results=[one, three], user=world.executive)
    assert Result.objects.get(pk=one.pk).status == "submitted"


# --- evidence before the first save --------------------------------------------------------------


def test_a_file_attached_before_the_first_save_creates_the_draft_and_the_save_goes_through(
    client, world, agreement, six, evidence_folder
):
    indicator = agreement.indicators.get(number="1")
    client.force_login(world.collector)
    text = client.get(page(indicator, six)).content.decode()
    upload_url = reverse("evidence:evidence_upload_first", args=[indicator.pk, six.pk])
    # The upload form comes before the buttons that save and submit.
    assert text.index(upload_url) < text.index('name="submit"')
    upload = SimpleUploadedFile("รายงาน.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(upload_url, {"file": upload})
    result = Result.objects.get(indicator=indicator, reporting_round=six)
    assert (result.status, result.version, result.value) == ("draft", 1, None)
    assert EvidenceFile.objects.get(result=result).original_name == "รายงาน.pdf"
    # The form opened before the upload (version 1) still saves.
    client.post(page(indicator, six), {"version": 1, "value": "92", "save": ""})
    assert Result.objects.get(pk=result.pk).value == Decimal(92)


def test_a_refused_first_file_leaves_no_result_behind(
    client, world, agreement, six, evidence_folder
):
    indicator = agreement.indicators.get(number="1")
    client.force_login(world.collector)
    upload_url = reverse("evidence:evidence_upload_first", args=[indicator.pk, six.pk])
    upload = SimpleUploadedFile("โปรแกรม.exe", b"MZ\x90\x00" * 64, content_type="application/pdf")
    response = client.post(upload_url, {"file": upload}, follow=True)
    assert response.status_code == 200
    assert not Result.objects.filter(indicator=indicator).exists()
    # Someone who may not record the indicator attaches nothing.
    client.force_login(world.outsider)
    upload = SimpleUploadedFile("a.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(upload_url, {"file": upload}).status_code == 404
    assert not Result.objects.filter(indicator=indicator).exists()


# --- composites, closed rounds, the supervisor's view ----------------------------------------


def test_a_composite_links_its_parts_and_a_part_its_composite(client, world, agreement, six):
    composite_of_two(world, agreement)
    whole = agreement.indicators.get(number="4")
    part = agreement.indicators.get(number="4.1")
    client.force_login(world.coordinator)
    text = client.get(page(whole, six)).content.decode()
    assert page(part, six) in text and "ส่วนที่ 1" in text and "ส่วนที่ 2" in text
    assert page(whole, six) in client.get(page(part, six)).content.decode()


def test_a_closed_round_offers_no_enter_result(client, world, agreement, six, evaluator):
    results, report = submitted_round(agreement, six, world)
    for result in results.values():
        services.result_verify(result=result, user=evaluator, score=Decimal(5))
    services.report_close(report=report, user=evaluator)
    indicator = agreement.indicators.get(number="1")
    client.force_login(world.collector)
    response = client.get(reverse("agreements:indicator_detail", args=[agreement.pk, indicator.pk]))
    rows = {row.reporting_round.months: row for row in response.context["round_results"]}
    assert not rows[6].enterable and rows[9].enterable


def test_after_returning_a_result_the_supervisor_keeps_the_reviewers_view(
    client, world, agreement, six
):
    one = submitted(world, agreement.indicators.get(number="1"), six, value=Decimal(92))
    client.force_login(world.executive)
    url = reverse("reporting:result_action", args=[one.pk, "return"])
    response = client.post(url, {"comment": "แนบหลักฐาน"}, follow=True)
    assert Result.objects.get(pk=one.pk).status == "returned"
    assert not response.context["show_form"] and response.context["reviewing"]
    # They may still choose to correct it themselves.
    assert client.get(page(one.indicator, six), {"edit": "1"}).context["show_form"]
    # The collector gets the form.
    client.force_login(world.collector)
    assert client.get(page(one.indicator, six)).context["show_form"]


def test_a_return_without_a_comment_keeps_the_page_with_the_message_at_the_field(
    client, world, agreement, six
):
    one = submitted(world, agreement.indicators.get(number="1"), six, value=Decimal(92))
    client.force_login(world.executive)
    response = client.post(reverse("reporting:result_action", args=[one.pk, "return"]), {})
    assert response.status_code == 200
    assert response.context["comment_form"].errors["comment"]
    assert Result.objects.get(pk=one.pk).status == "submitted"


# --- plausibility -------------------------------------------------------------------------------


def test_a_percentage_over_a_hundred_is_saved_with_a_warning(client, world, agreement, six):
    indicator = agreement.indicators.get(number="1")  # ร้อยละ
    client.force_login(world.collector)
    preview = reverse("reporting:result_preview", args=[indicator.pk, six.pk])
    text = client.post(preview, {"version": 1, "value": "120"}).content.decode()
    assert "เกินร้อยละ 100" in text
    assert (
        "เกินร้อยละ 100" not in client.post(preview, {"version": 1, "value": "99"}).content.decode()
    )
    response = client.post(
        page(indicator, six), {"version": 1, "value": "120", "save": ""}, follow=True
    )
    assert "เกินร้อยละ 100" in response.content.decode()
    assert Result.objects.get(indicator=indicator).value == Decimal(120)


def test_a_step_done_outside_the_fiscal_year_is_warned(client, world, agreement, six):
    indicator = agreement.indicators.get(number="16")  # milestone
    client.force_login(world.collector)
    response = client.post(
        page(indicator, six),
        {"version": 1, "step_1": "on", "step_1_date": "15/11/2569", "save": ""},
        follow=True,
    )
    assert "นอกปีงบประมาณ 2569" in response.content.decode()
    assert Result.objects.get(indicator=indicator).steps_done == [1]


def test_after_approving_the_supervisor_is_led_to_the_next_result_waiting(
    client, world, agreement, six
):
    one = submitted(world, agreement.indicators.get(number="1"), six, value=Decimal(92))
    three = submitted(world, agreement.indicators.get(number="3"), six, passed=True)
    client.force_login(world.executive)
    url = reverse("reporting:result_action", args=[one.pk, "approve"])
    response = client.post(url, {"next": "1"})
    assert response["Location"] == page(three.indicator, six)
    # The last one waiting leads back to itself.
    url = reverse("reporting:result_action", args=[three.pk, "approve"])
    assert client.post(url, {"next": "1"})["Location"] == page(three.indicator, six)


def test_a_bulk_approval_of_a_key_that_is_no_number_changes_nothing(client, world, agreement, six):
    one = submitted(world, agreement.indicators.get(number="1"), six, value=Decimal(92))
    client.force_login(world.executive)
    url = reverse("reporting:round_approve", args=[agreement.pk, six.pk])
    for key in ("²", "x", ""):
        response = client.post(url, {"result": [one.pk, key]}, follow=True)
        assert response.status_code == 200
        assert "ไม่ได้อนุมัติรายการใด" in response.content.decode()
    assert Result.objects.get(pk=one.pk).status == "submitted"
