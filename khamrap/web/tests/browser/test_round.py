"""The whole reporting round, as the demo users do it in the browser (issue: reporting rounds)."""

from decimal import Decimal

import pytest

from khamrap.agreements.models import Agreement
from khamrap.demo.loader import DEMO_PASSWORD, demo_load
from khamrap.reporting import services
from khamrap.reporting.models import Result

# serialized_rollback puts back the rows of data migrations (the preset frameworks) after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class Person:
    """One demo user's browser session."""

    def __init__(self, browser, live_server, username, artifacts):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
        self.page = self.context.new_page()
        self.base = live_server.url
        self.artifacts = artifacts
        self.username = username
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button.primary")
        self.page.wait_for_url(f"{self.base}/")

    def open(self, path):
        self.page.goto(f"{self.base}{path}")

    def shot(self, name):
        self.page.screenshot(path=str(self.artifacts / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


def _fill_in_the_rest(agreement, reporting_round):
    """Every indicator but 1 and 16 is entered and approved by the named people through the services."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    collector, supervisor = users.get(username="collector"), users.get(username="supervisor")
    values = {
        "2.1": {"value": Decimal(8)},
        "2.2": {"value": Decimal(250)},
        "3": {"value": Decimal(90)},
        "4": {"value": Decimal(8)},
        "5": {"passed": True},
    }
    for number, fields in values.items():
        indicator = agreement.indicators.get(number=number)
        result = services.result_save(
            indicator=indicator, reporting_round=reporting_round, user=collector, **fields
        )
        result = services.result_submit(result=result, user=collector)
        services.result_approve(result=result, user=supervisor)


def test_the_whole_round_in_the_browser(browser, live_server, artifacts, tmp_path):
    demo_load()
    agreement = Agreement.objects.get(organization__code="DOAE")
    nine = agreement.fiscal_year.rounds.get(months=9)
    _fill_in_the_rest(agreement, nine)
    numeric = agreement.indicators.get(number="1")
    milestone = agreement.indicators.get(number="16")
    evidence = tmp_path / "รายงานการประชุม.pdf"
    evidence.write_bytes(PDF)

    # 1. The collector enters a milestone result and a numeric result, with evidence, and submits.
    collector = Person(browser, live_server, "collector", artifacts)
    collector.open(f"/results/indicator/{milestone.pk}/round/{nine.pk}/")
    for step in (1, 2, 3, 4):
        collector.page.check(f"#id_step_{step}")
        collector.page.fill(f"#id_step_{step}_date", f"{step + 10}/06/2569")
    collector.page.wait_for_selector(
        "#score-preview:has-text('4.0000')"
    )  # the live score, before saving
    collector.page.fill("#id_performance", "ดำเนินการครบ 4 ขั้นตอน จัดทำลักษณะสำคัญขององค์กรแล้ว")
    collector.page.click("button[name=save]")
    collector.page.set_input_files("#evidence input[type=file]", str(evidence))
    collector.page.click("#evidence button[type=submit]")
    collector.page.wait_for_selector("#evidence :text('รายงานการประชุม.pdf')")
    collector.page.click("button[name=submit]")
    collector.page.wait_for_selector("#result-status:has-text('รออนุมัติ')")
    collector.shot("1-collector-milestone-submitted")

    collector.open(f"/results/indicator/{numeric.pk}/round/{nine.pk}/")
    collector.page.fill("#id_value", "84")
    collector.page.wait_for_selector("#score-preview:has-text('3.8000')")
    collector.page.click("button[name=save]")
    collector.page.set_input_files("#evidence input[type=file]", str(evidence))
    collector.page.click("#evidence button[type=submit]")
    collector.page.wait_for_selector("#evidence :text('รายงานการประชุม.pdf')")
    collector.page.click("button[name=submit]")
    collector.page.wait_for_selector("#result-status:has-text('รออนุมัติ')")
    collector.shot("2-collector-numeric-submitted")

    # 2. The supervisor returns the numeric one with a comment and approves the milestone.
    supervisor = Person(browser, live_server, "supervisor", artifacts)
    supervisor.open(f"/results/indicator/{numeric.pk}/round/{nine.pk}/")
    supervisor.page.fill("#id_comment", "ตัวเลขไม่ตรงกับรายงานของจังหวัด กรุณาตรวจสอบ")
    supervisor.page.click("text=ส่งกลับให้ผู้จัดเก็บข้อมูล")
    supervisor.page.wait_for_selector("#result-status:has-text('ส่งกลับแก้ไข')")
    supervisor.open(f"/results/indicator/{milestone.pk}/round/{nine.pk}/")
    supervisor.page.click("form[action$='/approve/'] button")
    supervisor.page.wait_for_selector("#result-status:has-text('อนุมัติแล้ว')")
    supervisor.shot("3-supervisor-approved-milestone")

    # 3. The collector sees the comment, fixes the result and submits again; the supervisor approves.
    collector.open(f"/results/indicator/{numeric.pk}/round/{nine.pk}/")
    assert "ตัวเลขไม่ตรงกับรายงานของจังหวัด" in collector.page.content()
    collector.page.fill("#id_value", "86")
    collector.page.wait_for_selector("#score-preview:has-text('4.2000')")
    collector.page.click("button[name=submit]")
    collector.page.wait_for_selector("#result-status:has-text('รออนุมัติ')")
    collector.shot("4-collector-resubmitted")
    supervisor.open(f"/results/indicator/{numeric.pk}/round/{nine.pk}/")
    supervisor.page.click("form[action$='/approve/'] button")
    supervisor.page.wait_for_selector("#result-status:has-text('อนุมัติแล้ว')")

    # 4. The coordinator submits the organization's report.
    coordinator = Person(browser, live_server, "coordinator", artifacts)
    coordinator.open(f"/results/agreement/{agreement.pk}/round/{nine.pk}/")
    coordinator.page.click("text=ส่งรายงานให้ผู้ประเมิน")
    coordinator.page.wait_for_selector("text=ส่งให้ผู้ประเมินแล้ว")
    coordinator.shot("5-coordinator-report-submitted")

    # 5. The evaluator verifies every indicator, changing one score with a reason, and closes the round.
    evaluator = Person(browser, live_server, "evaluator", artifacts)
    for indicator in agreement.indicators.filter(parent__isnull=True).order_by("order"):
        evaluator.open(f"/results/indicator/{indicator.pk}/round/{nine.pk}/")
        if indicator.number == "1":
            evaluator.page.fill("#id_score", "4")
            evaluator.page.fill("#id_reason", "หลักฐานยืนยันได้ร้อยละ 85")
        evaluator.page.click("text=บันทึกคะแนนผู้ประเมิน")
        evaluator.page.wait_for_selector(".message-success")
    evaluator.open(f"/results/agreement/{agreement.pk}/round/{nine.pk}/")
    evaluator.page.click("text=ปิดรอบการประเมิน")
    evaluator.page.wait_for_selector("text=ตรวจสอบและปิดรอบแล้ว")
    evaluator.shot("6-evaluator-round-closed")

    # 6. The scorecard shows the expected totals, worked out by hand:
    # 1: 86 → 4.2000 self, verified 4.0000, weight 25 → 1.0000 (self 1.0500)
    # 2: 2.1 8 on 2/4/6/8/10 → 4; 2.2 250 on 100..300 → 4; composite 4.0000, weight 20 → 0.8000
    # 3: 90 on 75..95 → 4.0000, weight 15 → 0.6000
    # 4: 8 days on 15/12/10/8/5 (lower is better) → 4.0000, weight 15 → 0.6000
    # 5: pass → 5.0000, weight 10 → 0.5000
    # 16: 4 steps → 4.0000, weight 15 → 0.6000
    # self total 1.0500 + 0.8 + 0.6 + 0.6 + 0.5 + 0.6 = 4.1500; final 1.0000 + ... = 4.1000
    text = evaluator.page.inner_text("tfoot")
    assert "4.1500" in text and "4.1000" in text
    assert Result.objects.get(indicator=numeric, reporting_round=nine).verified_score == Decimal(
        "4.0000"
    )
    for person in (collector, supervisor, coordinator, evaluator):
        person.close()
