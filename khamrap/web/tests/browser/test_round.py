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


PHONE = {"width": 390, "height": 844}


class Person:
    """One demo user's browser session; every question the page asks is answered yes and kept."""

    def __init__(self, browser, live_server, username, artifacts):
        self.browser = browser
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
        self.page = self.context.new_page()
        self.questions: list[str] = []
        self.page.on("dialog", self._answer)
        self.base = live_server.url
        self.artifacts = artifacts
        self.username = username
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button.primary")
        self.page.wait_for_url(f"{self.base}/")

    def _answer(self, dialog):
        self.questions.append(dialog.message)
        dialog.accept()

    def confirmed(self, selector) -> str:
        """Click a button that asks first; the question it asked (answered yes)."""
        asked = len(self.questions)
        self.page.click(selector)
        self.page.wait_for_load_state()
        assert len(self.questions) == asked + 1, f"{selector} submitted without asking"
        return self.questions[-1]

    def open(self, path):
        self.page.goto(f"{self.base}{path}")

    def shot(self, name):
        """The page at desktop size, and the same page as a phone shows it."""
        self.page.screenshot(path=str(self.artifacts / f"{name}.png"), full_page=True)
        phone = self.browser.new_context(viewport=PHONE, locale="th-TH")
        phone.add_cookies(self.context.cookies())
        page = phone.new_page()
        page.goto(self.page.url)
        page.screenshot(path=str(self.artifacts / f"{name}-phone.png"), full_page=True)
        phone.close()

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
    milestone_page = f"/results/indicator/{milestone.pk}/round/{nine.pk}/"
    numeric_page = f"/results/indicator/{numeric.pk}/round/{nine.pk}/"
    round_page = f"/results/agreement/{agreement.pk}/round/{nine.pk}/"

    # 1. The collector's home page lists what they owe; the milestone is entered with its evidence
    # attached before any save, and submitted in one step, after a question.
    collector = Person(browser, live_server, "collector", artifacts)
    assert collector.page.locator(f".owed a[href='{milestone_page}']").count() == 1
    collector.open(milestone_page)
    collector.page.set_input_files("#evidence input[type=file]", str(evidence))
    collector.page.click("#evidence button[type=submit]")
    collector.page.wait_for_selector("#evidence :text('รายงานการประชุม.pdf')")
    for step in (1, 2, 3, 4):
        collector.page.check(f"#id_step_{step}")
        collector.page.fill(f"#id_step_{step}_date", f"{step + 10}/06/2569")
    # The live score, before saving.
    collector.page.wait_for_selector("#score-preview:has-text('4.0000')")
    collector.page.fill("#id_performance", "ดำเนินการครบ 4 ขั้นตอน จัดทำลักษณะสำคัญขององค์กรแล้ว")
    assert "ล็อก" in collector.confirmed("button[name=submit]")
    collector.page.wait_for_selector("#result-status:has-text('รออนุมัติ')")
    collector.shot("1-collector-milestone-submitted")

    # 2. The numeric result: a decimal comma is refused in Thai and what was typed stays; the
    # five targets are on the page; then 84 is submitted.
    collector.open(numeric_page)
    assert collector.page.locator(".criteria table").count() == 1
    collector.page.fill("#id_value", "8,4")
    collector.page.fill("#id_performance", "ส่งเสริมเกษตรกรแล้ว 8,400 ราย")
    collector.page.click("button[name=save]")
    assert "ใช้จุดทศนิยม" in collector.page.inner_text(".field:has(#id_value)")
    assert collector.page.input_value("#id_value") == "8,4"
    assert collector.page.input_value("#id_performance") == "ส่งเสริมเกษตรกรแล้ว 8,400 ราย"
    collector.page.fill("#id_value", "84")
    collector.page.wait_for_selector("#score-preview:has-text('3.8000')")
    collector.page.set_input_files("#evidence input[type=file]", str(evidence))
    collector.page.click("#evidence button[type=submit]")
    collector.page.wait_for_selector("#evidence :text('รายงานการประชุม.pdf')")
    collector.confirmed("button[name=submit]")
    collector.page.wait_for_selector("#result-status:has-text('รออนุมัติ')")
    collector.shot("2-collector-numeric-submitted")

    # 3. The supervisor is told on the home page; a return without a comment is answered in Thai at
    # the field; the numeric one goes back with a comment and the supervisor stays the reviewer.
    supervisor = Person(browser, live_server, "supervisor", artifacts)
    assert supervisor.page.locator(f".owed a[href='{numeric_page}']").count() == 1
    supervisor.open(numeric_page)
    supervisor.page.click("text=ส่งกลับให้ผู้จัดเก็บข้อมูล")
    assert "ระบุสิ่งที่ต้องแก้ไข" in supervisor.page.inner_text(".field:has(#id_comment)")
    supervisor.page.fill("#id_comment", "ตัวเลขไม่ตรงกับรายงานของจังหวัด กรุณาตรวจสอบ")
    supervisor.page.click("text=ส่งกลับให้ผู้จัดเก็บข้อมูล")
    supervisor.page.wait_for_selector("#result-status:has-text('ส่งกลับแก้ไข')")
    assert supervisor.page.locator("#id_value").count() == 0  # not the collector's form
    # The milestone is approved from the round page: ticked and approved together, after a question.
    supervisor.open(round_page)
    assert supervisor.page.locator("input[name=result]:checked").count() == 1
    assert "อนุมัติ" in supervisor.confirmed("#approve-many button")
    supervisor.page.wait_for_selector("text=อนุมัติแล้ว 1 รายการ")
    supervisor.shot("3-supervisor-approved-milestone")

    # 4. The collector's home page shows the returned result with the comment; they fix it.
    collector.open("/")
    assert "ส่งกลับแก้ไข" in collector.page.inner_text(".owed")
    assert "ตัวเลขไม่ตรงกับรายงานของจังหวัด" in collector.page.inner_text(".owed")
    collector.page.click(f".owed a[href='{numeric_page}']")
    collector.page.fill("#id_value", "86")
    collector.page.wait_for_selector("#score-preview:has-text('4.2000')")
    collector.confirmed("button[name=submit]")
    collector.page.wait_for_selector("#result-status:has-text('รออนุมัติ')")
    collector.shot("4-collector-resubmitted")
    supervisor.open(numeric_page)
    supervisor.confirmed("form[action$='/approve/'] button")
    supervisor.page.wait_for_selector("#result-status:has-text('อนุมัติแล้ว')")

    # 5. The coordinator submits the organization's report, after a question.
    coordinator = Person(browser, live_server, "coordinator", artifacts)
    coordinator.open(round_page)
    assert "ล็อก" in coordinator.confirmed("text=ส่งรายงานให้ผู้ประเมิน")
    coordinator.page.wait_for_selector("text=ส่งให้ผู้ประเมินแล้ว")
    coordinator.shot("5-coordinator-report-submitted")

    # 6. The evaluator finds the report on the home page, verifies every indicator moving with
    # "next" (a score out of range keeps the typed reason), and closes the round after a question.
    evaluator = Person(browser, live_server, "evaluator", artifacts)
    waiting = evaluator.page.inner_text("#verify-title + .owed-list")
    assert agreement.organization.name in waiting
    evaluator.page.click(f".owed a[href='{round_page}']")
    top = agreement.indicators.filter(parent__isnull=True, retired_from__isnull=True)
    evaluator.open(
        f"/results/indicator/{top.order_by('group__order', 'order').first().pk}/round/{nine.pk}/"
    )
    verified = 0
    while True:
        if evaluator.page.url.endswith(numeric_page):
            evaluator.page.fill("#id_score", "7")
            evaluator.page.fill("#id_reason", "หลักฐานยืนยันได้ร้อยละ 85")
            evaluator.page.click("text=บันทึกคะแนนผู้ประเมิน")
            assert "0 ถึง 5" in evaluator.page.inner_text(".field:has(#id_score)")
            assert evaluator.page.input_value("#id_reason") == "หลักฐานยืนยันได้ร้อยละ 85"
            evaluator.page.fill("#id_score", "4")
        if evaluator.page.locator("#id_score").count():
            evaluator.page.click("text=บันทึกคะแนนผู้ประเมิน")
            evaluator.page.wait_for_selector(".message-success")
            verified += 1
        following = evaluator.page.locator("a[rel=next]")
        if not following.count():
            break
        following.click()
        evaluator.page.wait_for_load_state()
    assert verified == top.count()
    evaluator.open(round_page)
    assert "คะแนน" in evaluator.confirmed("text=ปิดรอบการประเมิน")
    evaluator.page.wait_for_selector("text=ตรวจสอบและปิดรอบแล้ว")
    evaluator.shot("6-evaluator-round-closed")

    # 7. The scorecard shows the expected totals, worked out by hand:
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
    # A closed round offers nobody "บันทึกผล" any more.
    collector.open(f"/agreements/{agreement.pk}/indicators/{numeric.pk}/")
    nine_row = collector.page.locator("tr", has_text="รอบ 9 เดือน")
    assert "บันทึกผล" not in nine_row.inner_text()
    assert "บันทึกผล" in collector.page.locator("tr", has_text="รอบ 12 เดือน").inner_text()
    for person in (collector, supervisor, coordinator, evaluator):
        person.close()
