"""A Fundamental-Level PMQA year walked through its pages in Debian's Chromium (issue 12).

The coordinator starts the year, links the agreement's PMQA indicator, records the briefing,
plans and names the working group; the head approves the plan; the coordinator records the
training, answers the organizational profile, assesses every item of the chosen categories, marks
the preliminary report complete and reports an improvement project. Every step is a click or a
typed form; only the people and the agreement are made through the services. On the way: the
indicator follows the year to step 5 with nobody typing it, a refused form keeps what was typed,
axe-core finds nothing and the pages fit a phone. Screenshots go to artifacts/browser/pmqa/.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from khamrap.pmqa.models import PmqaYear, Project
from khamrap.pmqa.services.criteria import shipped_criteria
from khamrap.reporting.models import Result

from .test_pages import WIDEST, axe_violations

# serialized_rollback puts back the rows of data migrations (the preset frameworks, the shipped
# PMQA criteria) after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "password-for-tests"  # the root conftest's world.person
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
BRIEFING_NOTE = "ห้องประชุมใหญ่ ชั้น 3 ผู้บริหารทุกระดับเข้าร่วม"
MEMBERS = (
    ("นายประธาน คณะทำงาน", "รองอธิบดี", "chair"),
    ("นางสมาชิก คณะทำงาน", "ผู้อำนวยการกอง", "member"),
    ("นายเลขา คณะทำงาน", "นักวิเคราะห์นโยบายและแผน", "secretary"),
)


@pytest.fixture
def head(world):
    """The department's head (an executive), who approves the plan."""
    from khamrap.organizations.choices import Role
    from khamrap.organizations.services import membership_grant

    user = world.person("head")
    membership_grant(user=user, organization=world.dept, role=Role.EXECUTIVE)
    return user


@pytest.fixture
def pmqa_artifacts(artifacts):
    folder = artifacts / "pmqa"
    folder.mkdir(exist_ok=True)
    return folder


def thai(message: str) -> str:
    """A message as the Thai page prints it (the English text until the catalogue has it)."""
    with translation.override("th"):
        return gettext(message)


class Person:
    """One person's browser: signs in with the test password and walks by clicking."""

    def __init__(self, browser, live_server, user, folder):
        self.browser, self.base, self.folder = browser, live_server.url, folder
        self.context = browser.new_context(viewport=DESKTOP, locale="th-TH")
        self.page = self.context.new_page()
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.press("#id_password", "Enter")
        self.page.wait_for_url(f"{self.base}/")

    def click(self, selector):
        """Click a link or a submit button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.click(selector)

    def path(self) -> str:
        """The page's path; a redirect keeps the fragment of the form's action (#start)."""
        return self.page.url.removeprefix(self.base).partition("#")[0]

    def shot(self, name):
        self.page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)

    def phone_width(self, name) -> tuple[int, str]:
        """The page at 375 px in the same session: its width, what sticks out, a screenshot."""
        phone = self.browser.new_context(viewport=PHONE, locale="th-TH")
        phone.add_cookies(self.context.cookies())
        page = phone.new_page()
        page.goto(self.page.url)
        width = page.evaluate("document.documentElement.scrollWidth")
        culprit = page.evaluate(WIDEST) if width != PHONE["width"] else ""
        page.screenshot(path=str(self.folder / f"{name}-phone.png"), full_page=True)
        phone.close()
        return width, culprit

    def close(self):
        self.context.close()


def status(person) -> str:
    return person.page.get_attribute("#year-status", "data-status")


def steps_done(person) -> int:
    return person.page.locator("#steps li[data-done='1']").count()


def test_a_pmqa_year_walked_in_the_browser(
    browser, live_server, pmqa_artifacts, world, head, fiscal_year, agreement
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    criteria = shipped_criteria()  # a transactional test before this one may have flushed it
    indicator = agreement.indicators.get(number="16")
    six = fiscal_year.rounds.get(months=6)

    # 1. The coordinator starts the year from the main menu with the shipped criteria.
    bob = Person(browser, live_server, world.coordinator, pmqa_artifacts)
    bob.click(".main-nav a[href='/pmqa/']")
    bob.page.select_option("#id_organization", str(world.dept.pk))
    bob.page.select_option("#id_fiscal_year", str(fiscal_year.pk))
    bob.page.select_option("#id_criteria", str(criteria.pk))
    bob.click("#start button[type=submit]")
    year = PmqaYear.objects.get()
    year_page = f"/pmqa/{year.pk}/"
    assert bob.path() == year_page
    assert status(bob) == "planning" and steps_done(bob) == 0

    # The agreement's indicator 16, the only five-step milestone, is linked.
    bob.click("#indicator a[href$='/indicator/']")
    assert bob.page.locator("#id_indicator option[value]:not([value=''])").count() == 1
    bob.page.select_option("#id_indicator", str(indicator.pk))
    bob.click("form.card button.primary")
    assert bob.path() == year_page
    assert bob.page.locator("#indicator a[href*='/indicators/']").count() == 1

    # The briefing: a day with 0 attendees is refused and what was typed stays on the form.
    bob.click("#briefing a[href$='/activities/briefing/']")
    bob.page.fill("#id_held_on", "20/11/2568")
    bob.page.fill("#id_attendees", "0")
    bob.page.fill("#id_note", BRIEFING_NOTE)
    bob.click("form.card button.primary")
    assert bob.path() == f"/pmqa/{year.pk}/activities/briefing/"
    refusal = bob.page.inner_text(".field.has-error:has(#id_attendees) .errorlist")
    assert refusal == thai("Give the number of attendees.")  # beside the field it is about
    assert bob.page.input_value("#id_note") == BRIEFING_NOTE
    assert bob.page.input_value("#id_held_on") == "20/11/2568"
    assert bob.page.input_value("#id_attendees") == "0"
    bob.shot("1-briefing-refused")
    bob.page.fill("#id_attendees", "45")
    bob.click("form.card button.primary")
    assert bob.path() == year_page
    assert steps_done(bob) == 1

    # The plan: category 1 mandatory, category 2 voluntary, each with who answers for it.
    bob.click("a[href$='/plan/']")
    bob.page.select_option("#id_scope_1", "mandatory")
    bob.page.fill("#id_name_1", "นางสาวหนึ่ง ผู้รับผิดชอบ")
    bob.page.select_option("#id_user_1", str(world.collector.pk))
    bob.page.select_option("#id_scope_2", "voluntary")
    bob.page.fill("#id_name_2", "นายสอง ผู้รับผิดชอบ")
    bob.click("form.card button.primary")
    assert bob.path() == year_page
    assert bob.page.get_attribute("#plan tr[data-category='1']", "data-scope") == "mandatory"
    assert bob.page.get_attribute("#plan tr[data-category='2']", "data-scope") == "voluntary"

    # The working group of three.
    bob.click("a[href$='/working-group/']")
    for n, (name, position, role) in enumerate(MEMBERS):
        bob.page.fill(f"#id_members-{n}-name", name)
        bob.page.fill(f"#id_members-{n}-position", position)
        bob.page.select_option(f"#id_members-{n}-role", role)
    bob.click("form.card button.primary")
    assert bob.path() == year_page
    assert bob.page.locator("#members li").count() == 3
    assert bob.page.locator("#owed").count() == 0  # nothing is owed: the plan may be sent
    bob.shot("2-plan-ready")

    bob.click("#move-submit button[type=submit]")
    assert status(bob) == "awaiting_approval"
    assert bob.page.locator("#move-submit").count() == 0

    # 2. The head, in a browser of their own, approves the plan from the year's page.
    boss = Person(browser, live_server, head, pmqa_artifacts)
    boss.click(".main-nav a[href='/pmqa/']")
    boss.click(f"#pmqa-years a[href='{year_page}']")
    assert boss.page.locator("a[href$='/plan/']").count() == 0  # the head does not edit it
    boss.shot("3-head-approves")
    boss.click("#move-approve button[type=submit]")
    assert status(boss) == "approved" and steps_done(boss) == 2
    boss.close()

    # 3. The coordinator records the training.
    bob.click(".main-nav a[href='/pmqa/']")
    bob.click(f"#pmqa-years a[href='{year_page}']")
    assert status(bob) == "approved" and steps_done(bob) == 2
    bob.click("#training a[href$='/activities/training/']")
    bob.page.fill("#id_held_on", "15/01/2569")
    bob.page.fill("#id_attendees", "30")
    bob.page.fill("#id_note", "อบรมคณะทำงานโดยวิทยากรจากสำนักงาน ก.พ.ร.")
    bob.click("form.card button.primary")
    assert bob.path() == year_page and steps_done(bob) == 3

    # Every question of the organizational profile answered: completeness reaches 100%.
    bob.click("nav.downloads a[href$='/profile/']")
    answers = bob.page.locator("#profile-form textarea")
    assert answers.count() > 0
    for n in range(answers.count()):
        answers.nth(n).fill(f"คำตอบของคำถามข้อที่ {n + 1} ของกรมหนึ่ง")
    bob.click("#profile-form button[type=submit]")
    progress = bob.page.locator("#profile-completeness progress")
    assert progress.get_attribute("value") == progress.get_attribute("max")
    assert "100%" in bob.page.inner_text("#profile-completeness")
    assert bob.page.locator("[data-unanswered]").count() == 0
    bob.shot("4-profile-complete")

    # Every item of categories 1 and 2 assessed: a band per dimension, a strength and an OFI.
    bob.click("nav.round-pager a[href$='/assessment/']")
    assessment_list = bob.path()
    rows = bob.page.locator("#category-1 tbody tr, #category-2 tbody tr").all()
    items = [
        (r.get_attribute("id").removeprefix("item-"), r.locator("a").get_attribute("href"))
        for r in rows
    ]
    assert [code for code, _href in items] == ["1.1", "1.2", "2.1", "2.2"]
    for number, (code, href) in enumerate(items):
        bob.click(f"tr[id='item-{code}'] a[href='{href}']")
        ratings = bob.page.locator("#assessment-form select[name^='rating_']")
        assert ratings.count() == 4  # A, D, L, I
        for n in range(ratings.count()):
            ratings.nth(n).select_option(str(2 + (n + number) % 3))
        bob.page.check("#assessment-form input[name=requirements_met] >> nth=0")
        bob.page.fill("#id_strengths", f"ผู้บริหารสื่อสารทิศทางของ {code} อย่างสม่ำเสมอ")
        bob.page.fill("#id_ofis", f"ควรวัดผลการดำเนินการของ {code} อย่างเป็นระบบ")
        bob.page.fill("#id_evidence_title_0", f"รายงานการประชุม {code}")
        bob.page.fill("#id_evidence_url_0", "https://example.go.th/pmqa/report.pdf")
        if number == 0:
            problems = axe_violations(axe, bob.page)
            assert not problems, "\n".join(problems)
            bob.shot("5-assessment-form")
        bob.click("#assessment-form button[type=submit]")
        assert bob.path() == href  # saved, back on the item
        assert bob.page.input_value("#id_ofis") == f"ควรวัดผลการดำเนินการของ {code} อย่างเป็นระบบ"
        bob.click(f"nav.breadcrumbs a[href='{assessment_list}']")
    answered = bob.page.locator("#category-1 [data-answered=yes], #category-2 [data-answered=yes]")
    assert answered.count() == 4
    bob.shot("6-assessment-list")
    width, culprit = bob.phone_width("6-assessment-list")
    assert width == PHONE["width"], f"the assessment list is {width} px wide at 375: {culprit}"

    # The preliminary report is complete: the year has done its five steps.
    bob.click("#year-link")
    assert bob.page.locator("#owed").count() == 0
    bob.click("#move-complete button[type=submit]")
    assert status(bob) == "reported" and steps_done(bob) == 5
    assert bob.page.locator("#indicator-in-step").count() == 1
    # Reopening would take step 5 back: it asks first, and a "no" leaves the year as it is.
    questions = []
    bob.page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    bob.page.click("#move-reopen button[type=submit]")
    assert len(questions) == 1 and status(bob) == "reported"
    bob.shot("7-year-reported-message")
    # axe reads the page with its one-time message: the messages are a list inside a status region.
    assert bob.page.locator("[role=status] .messages li").count() >= 1
    problems = axe_violations(axe, bob.page)
    assert not problems, "\n".join(problems)
    bob.shot("7-year-reported")
    width, culprit = bob.phone_width("7-year-reported")
    assert width == PHONE["width"], f"the year page is {width} px wide at 375: {culprit}"

    # The indicator's result holds the five steps, and nobody typed them.
    result = Result.objects.get(indicator=indicator, reporting_round=six)
    assert result.steps_done == [1, 2, 3, 4, 5]
    bob.page.goto(f"{bob.base}/results/indicator/{indicator.pk}/round/{six.pk}/")
    for step in range(1, 6):
        assert bob.page.is_checked(f"#id_step_{step}")
    bob.shot("8-indicator-result")

    # An improvement project from an OFI, and its progress in the 6-month round.
    bob.page.go_back()
    bob.click("nav.downloads a[href$='/improvement-plan/']")
    bob.click("#project-create")
    bob.page.fill("#id_title", "โครงการพัฒนาระบบวัดผลการดำเนินการ")
    ofis = bob.page.locator("#id_ofi option:not([value=''])")
    assert ofis.count() == 4
    bob.page.select_option("#id_ofi", ofis.first.get_attribute("value"))
    bob.page.fill("#id_owner_name", "กองยุทธศาสตร์และแผนงาน")
    bob.page.fill("#id_deadline", "30/09/2570")
    bob.page.select_option("#id_status", "in_progress")
    bob.click("#project-form button[type=submit]")
    project = Project.objects.get()
    assert bob.path() == f"/pmqa/{year.pk}/improvement-plan/"
    bob.click(f"#project-{project.pk} td[data-round='6'] a")
    bob.page.fill("#id_progress", "40")
    bob.page.fill("#id_note", "จัดประชุมออกแบบตัวชี้วัดแล้ว")
    bob.click("#project-report-form button[type=submit]")
    assert bob.path() == f"/pmqa/{year.pk}/improvement-plan/"
    assert "40%" in bob.page.inner_text(f"#project-{project.pk} td[data-round='6']")
    bob.shot("9-improvement-plan")
    width, culprit = bob.phone_width("9-improvement-plan")
    assert width == PHONE["width"], f"the improvement plan is {width} px wide at 375: {culprit}"

    # The PMQA dashboard of the organization.
    bob.click("#year-link")
    bob.click(f"nav.downloads a[href='/pmqa/organization/{world.dept.pk}/']")
    assert bob.page.locator("#categories tr[data-category]").count() == 3  # 1, 2 and all
    problems = axe_violations(axe, bob.page)
    assert not problems, "\n".join(problems)
    bob.shot("10-dashboard")
    width, culprit = bob.phone_width("10-dashboard")
    assert width == PHONE["width"], f"the dashboard is {width} px wide at 375: {culprit}"
    bob.close()
