"""A Thailand Public Service Award (type 1) walked from the first draft to an announced result in
Debian's Chromium (issue 13).

The coordinator starts the application from the awards page, writes forms 1-3 (a Thai B.E. date,
every condition met with how, the summary and twelve answers in Thai whose word count follows the
typing; an answer pasted past its 700 words is marked over the limit and keeps the send button
disabled with its reason until it is shortened) and sends it. The award office checks the
documents, screens and assigns the two pool assessors; each assessor finds the sheet on their home
page, is refused points above a criterion's maximum beside it with what they typed kept, and
finishes. The office takes it to the site visit and the committee and announces: the consolidated
total is the mean of the two sheets, computed here by hand, at the level its thresholds give, and
the award enters the organization's history. The coordinator reads the level and downloads both
PDFs. Each person has a browser of their own; only what an administrator does outside these pages
(the people, the pool, the year, the calls and a receiving window that includes today) is made
through the ORM and the services. Screenshots go to artifacts/browser/awards/.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone, translation

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Stage
from khamrap.awards.models import Application, Assessor, AwardRecord, CallDate, Criterion
from khamrap.awards.services.assessment import problem_text
from khamrap.rules import awards as rules
from khamrap.rules.thai import format_date

from .test_pages import axe_violations
from .test_pmqa_walk import PHONE, Person, thai

# serialized_rollback puts back the rows of data migrations (the preset frameworks) after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "ศูนย์บริการเกษตรกรเบ็ดเสร็จ ณ จุดเดียว"
SUMMARY = (
    "กรมหนึ่งรวมงานบริการเกษตรกรของสามกองไว้ที่ศูนย์เดียวในทุกอำเภอ "
    "เกษตรกรยื่นคำขอครั้งเดียวแล้วติดตามผลได้ทางโทรศัพท์ "
    "เวลารอรับบริการลดลงจาก 3 วันเหลือ 1 วัน และความพึงพอใจเพิ่มเป็นร้อยละ 92"
)
# A sentence whose words a reader counts by hand: เรา|ลด|เวลา|รอ|จาก|สาม|วัน|เหลือ|หนึ่ง|วัน,
# then ประชาชน|พอใจ|มาก.
TYPED = "เราลดเวลารอจากสามวันเหลือหนึ่งวัน"
TYPED_WORDS = 10
TYPED_MORE = " ประชาชนพอใจมาก"
TYPED_MORE_WORDS = 13
ANSWERS = {
    "1": TYPED + TYPED_MORE,
    "2": "ผู้อำนวยการกองบริการเสนอแนวทาง เจ้าหน้าที่สามกองร่วมออกแบบ และผู้แทนเกษตรกรให้ความเห็น",
    "3": "ริเริ่มคำขอชุดเดียวที่ใช้ได้กับงานบริการทั้งสิบสองเรื่องของกรม",
    "4": "ใช้ข้อมูลทะเบียนเกษตรกรร่วมกันและอบรมเจ้าหน้าที่หน้าศูนย์ให้ตอบได้ทุกเรื่อง",
    "5": "ใช้งบประมาณ 2.4 ล้านบาท และเจ้าหน้าที่เดิมของแต่ละอำเภอ",
    "6.1": "สำรวจปัญหาของเกษตรกร ออกแบบขั้นตอนใหม่ และทดลองในสองอำเภอก่อนขยาย",
    "6.2": "เจ้าหน้าที่รับคำขอ ตรวจเอกสาร ส่งต่อทางระบบ และแจ้งผลทางข้อความสั้น",
    "6.3": "ติดตามเวลารอและความพึงพอใจทุกเดือนจากแบบสอบถามหน้าศูนย์",
    "7": "ช่วงแรกระบบของสามกองไม่เชื่อมกัน จึงตั้งคณะทำงานร่วมแก้ไขทุกสัปดาห์",
    "8": "เกษตรกรเดินทางน้อยลง ค่าใช้จ่ายลดลงครัวเรือนละ 450 บาทต่อปี",
    "9": "กรมอื่นในกระทรวงขอนำแนวทางไปใช้กับศูนย์บริการของตนแล้ว 2 แห่ง",
    "10": "การออกแบบร่วมกับผู้รับบริการตั้งแต่ต้นทำให้บริการใหม่ตรงกับความต้องการ",
}
OVER = "2"  # the answer pasted past its 700 words, then shortened
# Thirty-six different sentences of 21 words each (756 words), as a long draft is pasted in.
LONG_TEXT = " ".join(
    f"ศูนย์บริการแห่งที่ {n} ให้บริการเกษตรกร {n * 37} รายในเดือนที่ผ่านมา และลดเวลารอคอยลงเหลือ {n % 9 + 5} นาที"
    for n in range(1, 37)
)
CONDITIONS = {
    1: "ได้รับรางวัลคุณภาพการให้บริการประชาชนเมื่อปี 2565",
    2: "ให้บริการในศูนย์ 850 แห่งจาก 882 แห่งทั่วประเทศ (ร้อยละ 96)",
    3: "ทุกศูนย์ใช้คู่มือและมาตรฐานเวลาเดียวกัน ตรวจสอบโดยกองตรวจราชการ",
    4: "เปิดให้บริการตั้งแต่ 1 ตุลาคม 2567",
}
# What each assessor types, criterion by criterion.
SHEETS = {
    "assessor1": {
        "1.1": "100",
        "1.2": "98.5",
        "1.3": "101",
        "1.4": "97",
        "1.5": "99",
        "B": "30",
        "2.1": "80",
        "2.2": "78.5",
        "2.3": "82",
        "2.4": "79",
    },
    "assessor2": {
        "1.1": "96",
        "1.2": "99",
        "1.3": "97.25",
        "1.4": "100",
        "1.5": "95",
        "B": "25",
        "2.1": "84",
        "2.2": "77",
        "2.3": "80.5",
        "2.4": "81",
    },
}
# By hand: the sheets total 845 and 834.75. The means per criterion are 98, 98.75, 99.13 (99.125
# half-up), 98.5, 97, 27.5, 82, 77.75, 81.25 and 80, which add up to 839.88 (the mean of the two
# totals, 839.875, gives the same at two places): 800 or more is distinguished (ดีเด่น).
TOTAL = Decimal("839.88")


def mean_by_hand(sheets) -> Decimal:
    """The consolidated total worked out without khamrap: each criterion's mean, half-up to two
    places, summed."""
    codes = next(iter(sheets.values())).keys()
    means = [
        (sum(Decimal(s[code]) for s in sheets.values()) / len(sheets)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        for code in codes
    ]
    return sum(means, Decimal(0))


class Walker(Person):
    """A person of the walk: signs in with the test password, answers the page's questions yes."""

    def __init__(self, browser, live_server, user, folder):
        super().__init__(browser, live_server, user, folder)
        self.questions: list[str] = []
        self.page.on("dialog", self._answer)

    def _answer(self, dialog):
        self.questions.append(dialog.message)
        dialog.accept()

    def confirmed(self, selector) -> str:
        """Click a button that asks first, wait for the page it leads to; the question asked."""
        asked = len(self.questions)
        self.click(selector)
        assert len(self.questions) == asked + 1, f"{selector} was sent without asking"
        return self.questions[-1]

    def fits_a_phone(self, name) -> None:
        width, culprit = self.phone_width(name)
        assert width == PHONE["width"], f"{name} is {width} px wide at 375: {culprit}"

    def accessible(self, axe) -> None:
        problems = axe_violations(axe, self.page)
        assert not problems, "\n".join(problems)

    def download(self, selector) -> bytes:
        """Click a download link: the file's bytes, after checking what the server answered."""
        href = self.page.get_attribute(selector, "href")
        response = self.context.request.get(f"{self.base}{href}")
        assert response.status == 200, f"{href}: HTTP {response.status}"
        assert response.headers["content-type"] == "application/pdf"
        with self.page.expect_download() as download:
            self.page.click(selector)
        return download.value.path().read_bytes()


def words_shown(person, box) -> str:
    return person.page.get_attribute(f"{box} .word-count", "data-words")


@pytest.fixture
def awards_artifacts(artifacts):
    folder = artifacts / "awards"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def pool(world):
    """Two assessors of the pool: no role in any organization."""
    people = []
    for username, first_name in (("assessor1", "ศศิธร"), ("assessor2", "กิตติพงษ์")):
        user = world.person(username, first_name=first_name)
        Assessor.objects.create(user=user, expertise="บริการภาครัฐ")
        people.append(user)
    return people


@pytest.fixture
def public_service(world, fiscal_year):
    """The year's three calls opened by an administrator; the Public Service call's receiving
    window moved to include today (the shipped 2569 window has passed)."""
    calls = {
        family: services.call_open(fiscal_year=fiscal_year, family=family, user=world.superuser)
        for family in Family.values
    }
    today = timezone.localdate()
    changed = CallDate.objects.filter(
        call=calls[Family.PUBLIC_SERVICE], stage=Stage.RECEIVED
    ).update(starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=20))
    assert changed == 1
    return calls[Family.PUBLIC_SERVICE]


def test_a_public_service_award_from_first_draft_to_announced_in_the_browser(
    browser, live_server, awards_artifacts, world, evaluator, pool, public_service
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    scheme = public_service.schemes.get(number=1)
    questions = {q.number: q for q in scheme.questions.all()}
    assert set(questions) == set(ANSWERS)

    # 1. The coordinator starts the application from the awards page.
    bob = Walker(browser, live_server, world.coordinator, awards_artifacts)
    bob.click(".main-nav a[href='/awards/']")
    bob.click("#new-application")
    bob.page.select_option("#id_organization", str(world.dept.pk))
    bob.page.select_option("#id_scheme", str(scheme.pk))
    bob.page.fill("#id_title", TITLE)
    bob.click("#new-form button.primary")
    application = Application.objects.get()
    page = f"/awards/{application.pk}/"
    assert bob.path() == page
    assert (application.organization, application.scheme, application.title) == (
        world.dept,
        scheme,
        TITLE,
    )
    assert bob.page.get_attribute("#stage", "data-stage") == Stage.DRAFT
    assert bob.page.locator("#blocked-submit button[disabled]").count() == 1

    # Form 1, with the day the work went into use typed as a Thai reader writes it.
    bob.click("#edit-form-1")
    bob.page.fill("#id_contact_name", "นางสาวพรทิพย์ ศรีสุข")
    bob.page.fill("#id_contact_position", "นักวิเคราะห์นโยบายและแผนชำนาญการ")
    bob.page.fill("#id_contact_phone", "0-2579-0001")
    bob.page.fill("#id_contact_email", "service@dept1.go.th")
    bob.page.fill("#id_started_on", "1/10/2567")
    bob.click("#form-1 button.primary")
    assert bob.path() == page
    application.refresh_from_db()
    assert application.started_on == dt.date(2024, 10, 1)
    assert format_date(dt.date(2024, 10, 1)) in bob.page.inner_text("#form-1-summary")

    # Form 2: every condition met, and how.
    bob.click("#edit-form-2")
    for number, how in CONDITIONS.items():
        bob.page.check(f"input[name=met_{number}][value=yes]")
        bob.page.fill(f"#id_how_{number}", how)
    bob.click("#form-2 button.primary")
    assert bob.path() == page
    assert bob.page.locator("#form-2-summary li[data-met=yes]").count() == len(CONDITIONS)

    # Form 3: the count follows the typing, word by word as a reader counts them.
    bob.click("#edit-form-3")
    form_3 = bob.path()
    bob.page.fill("#id_summary", SUMMARY)
    first = "[data-question='1']"
    bob.page.click(f"{first} textarea")
    bob.page.keyboard.type(TYPED, delay=15)
    bob.page.wait_for_selector(f"{first} .word-count[data-words='{TYPED_WORDS}']")
    assert bob.page.locator(f"{first} .word-count[data-over]").count() == 0
    bob.page.keyboard.type(TYPED_MORE, delay=15)
    bob.page.wait_for_selector(f"{first} .word-count[data-words='{TYPED_MORE_WORDS}']")
    for number, text in ANSWERS.items():
        if number != "1":
            bob.page.fill(f"[data-question='{number}'] textarea", text)
    # A long draft pasted at the end of answer 2 takes it past its 700 words.
    over = f"[data-question='{OVER}']"
    bob.page.click(f"{over} textarea")
    bob.page.keyboard.press("End")
    bob.page.keyboard.insert_text(" " + LONG_TEXT)
    bob.page.wait_for_selector(f"{over} .word-count[data-over]")
    assert questions[OVER].word_limit == 700
    assert int(words_shown(bob, over)) > 700
    bob.shot("1-form-3-over-the-limit")
    bob.accessible(axe)
    bob.click("#form-3 button.primary")
    assert bob.path() == page

    # The page marks the answer over its limit and keeps the send button disabled, saying why.
    assert bob.page.locator(f"#answers tr[data-question='{OVER}'][data-over]").count() == 1
    problems = bob.page.locator("#problems li").all_inner_texts()
    over_problem = thai("Form 3: the answer to question %(number)s is over its word limit.") % {
        "number": OVER
    }
    assert [p.removeprefix("! ") for p in problems] == [over_problem]
    assert bob.page.locator("#move-submit").count() == 0
    assert bob.page.locator("#blocked-submit button[disabled]").count() == 1
    reason = bob.page.inner_text("#blocked-submit")
    assert thai("Complete what is still to do first.") in reason
    bob.shot("2-send-blocked")
    bob.accessible(axe)
    bob.fits_a_phone("2-send-blocked")

    # Shortened again, the answer is within its limit and the application can be sent.
    bob.click("#edit-form-3")
    bob.page.fill(f"{over} textarea", ANSWERS[OVER])
    bob.page.wait_for_selector(f"{over} .word-count:not([data-over])")
    bob.accessible(axe)
    bob.fits_a_phone("3-form-3")
    bob.click("#form-3 button.primary")
    assert bob.path() == page
    assert bob.page.locator("#ready").count() == 1
    assert bob.page.locator("#problems").count() == 0
    bob.confirmed("#move-submit button[type=submit]")
    assert bob.page.get_attribute("#stage", "data-stage") == Stage.RECEIVED
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED
    assert application.summary == SUMMARY
    saved = {a.question.number: a for a in application.answers.select_related("question")}
    assert {number: a.text for number, a in saved.items()} == ANSWERS
    assert saved["1"].words == TYPED_MORE_WORDS
    # Form 3 is no longer offered once sent.
    assert bob.page.locator("#edit-form-3").count() == 0
    assert bob.page.goto(f"{bob.base}{form_3}").status == 403
    bob.page.goto(f"{bob.base}{page}")

    # 2. The award office finds it waiting, checks the documents, screens and assigns the pool.
    office = Walker(browser, live_server, evaluator, awards_artifacts)
    office.click(".main-nav a[href='/awards/']")
    office.click(f"#checks-owed a[href='{page}']")
    office.click("#move-check button[type=submit]")
    assert office.page.get_attribute("#stage", "data-stage") == Stage.DOCUMENT_CHECK
    office.click("#move-screen button[type=submit]")
    assert office.page.get_attribute("#stage", "data-stage") == Stage.SCREENING
    for assessor in pool:
        office.page.select_option("#id_assessor", str(assessor.pk))
        office.click("#assign-form button[type=submit]")
    listed = office.page.locator("#assessor-list li[data-finished='0']")
    assert [int(li.get_attribute("data-assessor")) for li in listed.all()] == [p.pk for p in pool]
    # Nobody has scored yet: the committee waits, saying why.
    assert office.page.locator("#move-committee").count() == 0
    assert office.page.locator("#blocked-committee button[disabled]").count() == 1
    office.shot("4-office-assigned")

    # 3. Each assessor finds the sheet on their home page and scores every criterion.
    criteria = {c.code: c for c in Criterion.objects.filter(scheme=scheme)}
    assert set(criteria) == set(SHEETS["assessor1"])
    for n, assessor in enumerate(pool):
        typed = SHEETS[assessor.username]
        person = Walker(browser, live_server, assessor, awards_artifacts)
        assert person.path() == "/"
        person.click(f"a[href='{page}sheet/']")
        assert person.path() == f"{page}sheet/"
        for code, points in typed.items():
            person.page.fill(f"#id_points_{criteria[code].pk}", points)
            person.page.fill(f"#id_note_{criteria[code].pk}", f"หลักฐานของเกณฑ์ {code} ครบถ้วน")
        person.page.check("#id_bonus_traits_0")
        person.page.fill("#id_note", "ผลงานเป็นมาตรฐานเดียวกันทั่วประเทศ")
        if n == 0:
            # Points above the maximum are refused beside their criterion; the rest stays typed.
            person.page.fill(f"#id_points_{criteria['1.1'].pk}", "130")
            person.click("#sheet-form button[name=save]")
            refused = person.page.locator("#sheet-form .sheet-criterion.has-error")
            assert [r.get_attribute("data-criterion") for r in refused.all()] == ["1.1"]
            with translation.override("th"):
                expected = problem_text(rules.PointProblem("1.1", "over", criteria["1.1"].maximum))
            shown = person.page.inner_text("[data-criterion='1.1'] .errorlist")
            assert shown == expected
            assert "120" in shown and "120.00" not in shown  # as the criterion's label says it
            assert person.page.input_value(f"#id_points_{criteria['1.1'].pk}") == "130"
            for code, points in typed.items():
                if code != "1.1":
                    assert person.page.input_value(f"#id_points_{criteria[code].pk}") == points
            assert person.page.input_value("#id_note") == "ผลงานเป็นมาตรฐานเดียวกันทั่วประเทศ"
            assert person.page.is_checked("#id_bonus_traits_0")
            assert not Application.objects.get().assignments.get(assessor=assessor).scores.exists()
            person.shot("5-sheet-refused")
            person.accessible(axe)
            person.fits_a_phone("5-sheet")
            person.page.fill(f"#id_points_{criteria['1.1'].pk}", typed["1.1"])
        person.confirmed("#sheet-form button[name=finish]")
        assert person.path() == page
        assert person.page.locator("#my-sheet-link").count() == 1
        sheet = application.assignments.get(assessor=assessor)
        assert sheet.submitted_at is not None
        assert {s.criterion.code: s.points for s in sheet.scores.select_related("criterion")} == {
            code: Decimal(points) for code, points in typed.items()
        }
        person.close()

    # 4. The office takes it to the site visit and the committee, and announces.
    office.page.goto(f"{office.base}{page}")
    assert office.page.locator("#assessor-list li[data-finished='1']").count() == 2
    office.click("#move-visit button[type=submit]")
    assert office.page.get_attribute("#stage", "data-stage") == Stage.SITE_VISIT
    office.click("#move-committee button[type=submit]")
    assert office.page.get_attribute("#stage", "data-stage") == Stage.COMMITTEE
    assert office.page.get_attribute("#result", "data-status") == "provisional"
    office.page.click("#move-announce summary")
    office.page.fill("#id_announce-note", "อ.ก.พ.ร. มีมติตามผลการตรวจประเมิน")
    office.confirmed("#move-announce button[type=submit]")
    assert office.page.get_attribute("#stage", "data-stage") == Stage.ANNOUNCED
    assert office.page.get_attribute("#result", "data-status") == "announced"
    assert mean_by_hand(SHEETS) == TOTAL
    assert Decimal(office.page.get_attribute("#result-total", "data-total")) == TOTAL
    with translation.override("th"):
        distinguished = str(Level.DISTINGUISHED.label)
    assert distinguished in office.page.inner_text("#result")
    application.refresh_from_db()
    assert (application.total, application.level) == (TOTAL, Level.DISTINGUISHED)
    office.shot("6-announced-office")
    office.accessible(axe)
    office.fits_a_phone("6-announced-office")

    # The award is in the organization's history.
    office.click("#history-link")
    assert office.path() == f"/awards/history/{world.dept.pk}/"
    record = AwardRecord.objects.get(organization=world.dept)
    row = f"#records tr[data-record='{record.pk}']"
    assert office.page.get_attribute(row, "data-level") == Level.DISTINGUISHED
    assert office.page.locator(f"{row} a[href='{page}']").inner_text() == TITLE
    office.shot("7-history")
    office.close()

    # 5. The coordinator reads the announced level and downloads both documents.
    bob.page.reload()
    assert bob.page.get_attribute("#stage", "data-stage") == Stage.ANNOUNCED
    assert distinguished in bob.page.inner_text("#next")
    assert Decimal(bob.page.get_attribute("#result-total", "data-total")) == TOTAL
    assert bob.page.locator("#move-recall, #sheets-link").count() == 0
    assert bob.download("#application-pdf").startswith(b"%PDF")
    assert bob.download("#assessment-pdf").startswith(b"%PDF")
    bob.shot("8-announced-coordinator")
    bob.accessible(axe)
    bob.fits_a_phone("8-announced-coordinator")
    bob.close()
