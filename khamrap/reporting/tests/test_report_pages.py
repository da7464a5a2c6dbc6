"""The round page's report buttons (reporting:report_action): the coordinator submits the report,
the evaluator closes the round or sends the report back with a reason; each answers on the page."""

from decimal import Decimal

from django.urls import reverse

from khamrap.reporting import services
from khamrap.reporting.forms import ReasonForm
from khamrap.reporting.models import RoundReport

from .workflow import approved_round, submitted_round


def action_url(agreement, reporting_round, action):
    return reverse("reporting:report_action", args=[agreement.pk, reporting_round.pk, action])


def status_of(agreement, reporting_round):
    report = RoundReport.objects.filter(agreement=agreement, reporting_round=reporting_round)
    return report.values_list("status", flat=True).first()


def test_the_coordinator_submits_the_report_and_comes_back_to_the_round_page(
    client, world, signed, six
):
    approved_round(signed, six, world)
    client.force_login(world.coordinator)
    response = client.post(action_url(signed, six, "submit"), follow=True)
    assert response.redirect_chain == [
        (reverse("reporting:round_detail", args=[signed.pk, six.pk]), 302)
    ]
    assert "ส่งรายงานให้ผู้ประเมินแล้ว" in response.content.decode()
    assert status_of(signed, six) == "submitted"


def test_a_report_with_a_result_not_approved_stays_open_and_the_page_says_which(
    client, world, signed, six
):
    approved_round(signed, six, world)
    services.result_reopen(
        result=signed.indicators.get(number="16").results.get(reporting_round=six),
        user=world.coordinator,
        reason="ขอแก้ไขหลักฐาน",
    )
    client.force_login(world.coordinator)
    page = client.post(action_url(signed, six, "submit"), follow=True).content.decode()
    assert "ตัวชี้วัด 16 ยังไม่ได้รับการอนุมัติ" in page
    assert status_of(signed, six) == "open"


def test_the_evaluator_closes_a_verified_round_and_sends_it_back_only_with_a_reason(
    client, world, signed, six, evaluator
):
    results, _report = submitted_round(signed, six, world)
    for result in results.values():
        services.result_verify(result=result, user=evaluator, score=Decimal(5))
    client.force_login(evaluator)
    page = client.post(action_url(signed, six, "close"), follow=True).content.decode()
    assert "ปิดรอบการประเมินแล้ว" in page
    assert status_of(signed, six) == "closed"
    page = client.post(action_url(signed, six, "reopen"), {"reason": " "}, follow=True)
    # The reason form's own message, in Thai (lib.forms.friendly_errors).
    refused = list(ReasonForm({"reason": " "}).errors["reason"])
    assert refused and [m.message for m in page.context["messages"]] == refused
    assert status_of(signed, six) == "closed"
    page = client.post(action_url(signed, six, "reopen"), {"reason": "หลักฐานไม่ครบ"}, follow=True)
    assert "ส่งรายงานกลับให้หน่วยงานแล้ว" in page.content.decode()
    assert status_of(signed, six) == "open"


def test_only_a_coordinator_of_the_organization_submits_and_only_by_post(
    client, world, signed, six
):
    approved_round(signed, six, world)
    url = action_url(signed, six, "submit")
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.outsider)  # another organization's coordinator: not even its name
    assert client.post(url).status_code == 404
    client.force_login(world.collector)  # may see the round, may not submit its report
    assert client.post(url).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 405
    assert client.post(action_url(signed, six, "publish")).status_code == 404
    assert status_of(signed, six) == "open"
