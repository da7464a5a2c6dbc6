# ruff: noqa: F811 (the awards tests' fixtures, imported below, are parameters of the tests)
"""The award documents as PDF: an application's forms 1-3 and its consolidated assessment read back
with poppler, the draft and preliminary marks on every page, the queries they take, and who may
download them."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Move, Stage
from khamrap.awards.models import Application
from khamrap.awards.selectors import application_get

# The three calls of 2569, the award office and the assessors' pool (khamrap/awards/tests).
from khamrap.awards.tests.builders import fill, moved, scheme, sent
from khamrap.awards.tests.conftest import calls, office, pool  # noqa: F401 (fixtures)
from khamrap.documents.pdf.award_documents import render_award_application, render_award_assessment
from khamrap.documents.pdf.formatting import date
from khamrap.documents.tests.pdf.reading import contains, in_lines, normalise, pages_of, pdftotext

pytestmark = pytest.mark.django_db

TITLE = "ศูนย์บริการร่วมแบบเบ็ดเสร็จ"
ANSWER_1 = "ประชาชนต้องเดินทางไปติดต่อหลายหน่วยงานและรอคิวนานกว่าสามชั่วโมง"
SUMMARY = "ศูนย์บริการร่วมลดเวลาให้บริการลงร้อยละ 35 และเชื่อมโยงข้อมูลของห้าหน่วยงาน"


def has(text: str, phrase: str) -> bool:
    """Whether `phrase` is in the text, also when it is broken over the lines of a table cell."""
    return contains(text, phrase) or in_lines(phrase, normalise(text))


def read(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return pdftotext(content)


def english(render, *args, **kwargs) -> str:
    with translation.override("en"):
        return read(render(*args, **kwargs))


def application_of(calls, world, family=Family.PUBLIC_SERVICE, number=1, title=TITLE):
    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, family, number),
        title=title,
        user=world.coordinator,
    )
    return fill(application, world.coordinator)


@pytest.fixture
def draft(calls, world):
    """world.dept's Public Service type 1 application: forms 1-3 filled, question 1 answered in a
    sentence of its own, not sent."""
    application = application_of(calls, world)
    return services.report_save(
        application=application,
        user=world.coordinator,
        version=application.version,
        summary=SUMMARY,
        answers={"1": ANSWER_1},
    )


def screened(application, world, office):
    return moved(sent(application, world.coordinator), office, Move.CHECK, Move.SCREEN)


def finished_sheets(application, office, assessors):
    """Each assessor's sheet finished: assessor i gives 100 + 5i points (at most the maximum),
    a note on every criterion, the first bonus trait and the i-th."""
    for i, person in enumerate(assessors):
        assignment = services.assessor_assign(application=application, assessor=person, user=office)
        points = {
            c.code: (min(Decimal(100 + 5 * i), c.maximum), f"ข้อสังเกตเกณฑ์ {c.code} ผู้ตรวจคนที่ {i + 1}")
            for c in application.scheme.criteria.all()
        }
        services.sheet_save(
            assignment=assignment,
            user=person,
            version=assignment.version,
            points=points,
            bonus_traits=[0, i],
            note=f"ภาพรวมผลงานโดดเด่น ความเห็นผู้ตรวจคนที่ {i + 1}",
            finish=True,
        )
    return application


def announced(application, office):
    return moved(application, office, Move.VISIT, Move.COMMITTEE, Move.ANNOUNCE)


# --- the application -----------------------------------------------------------------------------


def test_the_application_holds_forms_1_to_3(draft, world):
    with translation.override("en"):
        content = render_award_application(draft, world.coordinator)
    text = read(content)
    assert len(pages_of(content)) >= 4  # the title page, form 2, the summary, the questions
    # Form 1: the award, its type, the applicant, and a Buddhist Era date.
    assert "Form 1: Application" in text
    assert contains(text, "รางวัลบริการภาครัฐแห่งชาติ")
    assert has(text, "รางวัลภาพรวมมาตรฐานการบริการที่เป็นเลิศ")
    for value in (TITLE, "กรมหนึ่ง", "กองบริการประชาชน", "นางสาวพรทิพย์ ศรีสุข"):
        assert contains(text, value), value
    assert contains(text, "นักวิเคราะห์นโยบายและแผน") and "0-2579-0001" in text
    assert contains(text, "1 ตุลาคม 2567")  # in use since 1 October 2024
    assert "2024" not in text and "2025" not in text
    # Form 2: every condition with its box ticked, and how the work meets it.
    assert "Form 2: Eligibility" in text
    for condition in draft.scheme.conditions.all():
        assert has(text, condition.text_th), condition.number
    assert text.count("☑") == draft.scheme.conditions.count()
    assert contains(text, "มีหลักฐานตามเอกสารแนบ")
    # Form 3: the summary, then each question with its answer and its Thai word count.
    assert "Form 3" in text and contains(text, SUMMARY)
    for question in draft.scheme.questions.all():
        assert has(text, question.title_th), question.number
    assert contains(text, ANSWER_1)
    words = draft.answers.get(question__number="1").words  # as counted when it was saved
    assert words > 5
    assert contains(text, f"{words} words (at most 700 words)")
    assert contains(text, "(at most 1,400 words)")
    assert "Over the word limit" not in text


def test_a_draft_says_so_on_every_page_until_it_is_sent(draft, world):
    with translation.override("en"):
        content = render_award_application(draft, world.coordinator)
    pages = pages_of(content)
    assert all("Draft" in page for page in pages)
    assert contains(pdftotext(content), "Draft: the application is not sent yet.")
    application = sent(draft, world.coordinator)
    text = english(render_award_application, application, world.coordinator)
    assert "Draft" not in text
    assert contains(text, "Received")
    assert contains(text, date(application.submitted_at))


def test_an_answer_over_its_limit_is_marked(draft, world):
    long = " ".join(["ประชาชน"] * 701)
    application = services.report_save(
        application=draft,
        user=world.coordinator,
        version=draft.version,
        summary=SUMMARY,
        answers={"1": long},
    )
    text = english(render_award_application, application, world.coordinator)
    assert contains(text, "701 words (at most 700 words)")
    assert text.count("Over the word limit") == 1


def test_a_type_with_a_history_rule_prints_what_the_history_says(calls, world, office):
    grand = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, 5),
        title="ศูนย์ราชการสะดวก",
        user=world.coordinator,
    )
    text = english(render_award_application, grand, world.coordinator)
    assert "Eligibility from the award history" in text
    assert contains(text, "no distinguished award in type 1 this year")
    assert contains(text, "no distinguished award in type 3 or 4 this year")
    works = ("บริการออนไลน์ครบวงจร", "บูรณาการข้อมูลผู้รับบริการ", "นวัตกรรมคิวอัจฉริยะ")
    for number, work in enumerate(works, start=1):
        services.record_add(
            organization=world.dept,
            user=office,
            year=2569,
            family=Family.PUBLIC_SERVICE,
            number=number,
            scheme_name=f"ประเภทที่ {number}",
            level=Level.DISTINGUISHED,
            work=work,
        )
    text = english(render_award_application, grand, world.coordinator)
    assert "no distinguished award" not in text
    assert "Awards that show it" in text
    for work in works:
        assert contains(text, work), work
    assert contains(text, "B.E. 2569")


def test_a_participatory_application_gives_its_level_and_no_limit(calls, world):
    application = application_of(calls, world, Family.PARTICIPATORY, 1, "เครือข่ายเกษตรกร")
    text = english(render_award_application, application, world.coordinator)
    assert has(text, "Level of public participation") and "Collaborate" in text
    assert contains(text, "รางวัลพัฒนาการบริหารราชการแบบมีส่วนร่วม")
    words = application.answers.first().words
    assert contains(text, f"{words} words") and "at most" not in text


def test_the_application_takes_the_same_queries_whatever_it_holds(calls, world):
    def queries(application) -> int:
        fetched = application_get(world.coordinator, application.pk)  # as the download does
        with CaptureQueriesContext(connection) as captured:
            render_award_application(fetched, world.coordinator)
        return len(captured)

    empty = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
        title="ยังไม่ได้เขียน",
        user=world.coordinator,
    )
    full = application_of(calls, world)
    assert queries(empty) == queries(full)


# --- the consolidated assessment -----------------------------------------------------------------


def test_the_office_reads_the_preliminary_result_with_the_assessors_names(
    draft, world, office, pool
):
    application = finished_sheets(screened(draft, world, office), office, pool[:3])
    with translation.override("en"):
        content = render_award_assessment(application, office)
    text = read(content)
    assert all("Preliminary result" in page for page in pages_of(content))
    assert contains(text, "Status: Preliminary result (not announced yet)")
    assert contains(text, "3 of 3")
    for person in pool[:3]:
        assert person.display_name in text
    assert "Assessor 1" not in text
    # The groups of criteria, each criterion's points on every sheet and its mean.
    for group in ("ส่วนที่ 1 กระบวนการจัดการ", "ส่วนที่ 2 ผลลัพธ์ของการพัฒนา"):
        assert contains(text, group), group
    assert has(text, "การเพิ่มประสิทธิภาพการให้บริการ")
    assert "105.00" in text and "100.00" in text  # the means of 100, 105, 110 and of 100s
    # The total (5 × 105 + 50 + 4 × 100 out of 1,050) and its level.
    assert contains(text, "975.00 / 1,050") and "Distinguished" in text
    assert "950" in text and "1,000" in text  # the first and the last sheet's totals
    # Every bonus trait ticked, and every assessor's notes.
    traits = application.scheme.call.bonus_traits
    for trait in traits[:3]:
        assert has(text, trait), trait
    assert not has(text, traits[3])
    assert contains(text, "ภาพรวมผลงานโดดเด่น ความเห็นผู้ตรวจคนที่ 2")
    assert contains(text, "ข้อสังเกตเกณฑ์ 2.4 ผู้ตรวจคนที่ 3")


def test_once_announced_its_readers_see_the_result_without_the_assessors_names(
    draft, world, office, pool
):
    application = announced(
        finished_sheets(screened(draft, world, office), office, pool[:2]), office
    )
    assert application.stage == Stage.ANNOUNCED
    with translation.override("en"):
        content = render_award_assessment(application, world.collector)
    text = read(content)
    assert "Preliminary" not in text
    assert contains(text, f"Announced on {date(application.announced_on)}")
    assert "Assessor 1" in text and "Assessor 2" in text
    for person in pool[:2]:
        assert person.display_name not in text
    assert "of 2" not in text  # only the office hears of sheets
    # 5 × 102.50 + 50 + 400 = 962.50, as announced
    assert application.total == Decimal("962.50")
    assert contains(text, "962.50 / 1,050") and "Distinguished" in text
    assert "102.50" in text


def test_a_type_with_no_points_prints_the_recommendations_and_the_decision(
    calls, world, office, pool
):
    application = screened(
        application_of(calls, world, Family.PMQA, 1, "การพัฒนาองค์การระดับพื้นฐาน"), world, office
    )
    for person, recommends, note in ((pool[0], True, "ผ่านเกณฑ์ทุกหมวด"), (pool[1], False, "")):
        assignment = services.assessor_assign(application=application, assessor=person, user=office)
        services.sheet_save(
            assignment=assignment,
            user=person,
            version=assignment.version,
            recommends=recommends,
            note=note,
            finish=True,
        )
    text = english(render_award_assessment, application, office)
    assert has(text, "Recommends the award") and has(text, "Does not recommend the award")
    assert contains(text, "ผ่านเกณฑ์ทุกหมวด")
    assert "Not decided yet" in text and contains(text, "Preliminary result (not announced yet)")
    application = moved(application, office, Move.COMMITTEE)
    application = services.application_move(
        application=application,
        move=Move.ANNOUNCE,
        user=office,
        decision=services.Decision(Level.AWARDED, "ผ่านการรับรองระดับพื้นฐาน"),
    )
    text = english(render_award_assessment, application, world.collector)
    assert "Awarded" in text and contains(text, "ผ่านการรับรองระดับพื้นฐาน")
    assert "Assessor 2" in text and "Not decided yet" not in text


def test_the_assessment_takes_the_same_queries_with_one_sheet_or_three(calls, world, office, pool):
    def queries(application, user) -> int:
        fetched = application_get(user, application.pk)
        with CaptureQueriesContext(connection) as captured:
            render_award_assessment(fetched, user)
        return len(captured)

    one = finished_sheets(screened(application_of(calls, world), world, office), office, pool[:1])
    three = finished_sheets(screened(application_of(calls, world), world, office), office, pool[:3])
    assert queries(one, office) == queries(three, office)
    one, three = announced(one, office), announced(three, office)
    assert queries(one, world.collector) == queries(three, world.collector)


def test_thai_digits_throughout_when_chosen(draft, world):
    text = read(render_award_application(draft, world.coordinator, thai_digits=True))
    assert "๒๕๖๙" in text and "๑ ตุลาคม ๒๕๖๗" in text
    assert "2569" not in text


# --- the downloads -------------------------------------------------------------------------------


def urls(application) -> tuple[str, str]:
    return (
        reverse("documents_pdf:award_application", args=[application.pk]),
        reverse("documents_pdf:award_assessment", args=[application.pk]),
    )


def test_the_coordinator_downloads_the_application(draft, world, client):
    client.force_login(world.coordinator)
    response = client.get(urls(draft)[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    filename = f"รางวัล-ใบสมัคร-M1-D1-2569-{draft.pk}.pdf"
    assert f"filename*=utf-8''{quote(filename)}" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    thai = client.get(urls(draft)[0] + "?digits=thai")
    assert "๒๕๖๙" in pdftotext(thai.content)


def test_the_assessment_waits_for_the_announcement_except_for_the_office(
    draft, world, office, pool, client
):
    application = finished_sheets(screened(draft, world, office), office, pool[:1])
    application_url, assessment_url = urls(application)
    with pytest.raises(PermissionDenied):  # the document itself refuses too
        render_award_assessment(application, world.collector)
    # Who may read the application but not yet its result: 403 for the assessment.
    for person in (world.collector, world.coordinator, pool[0]):
        client.force_login(person)
        assert client.get(application_url).status_code == 200, person
        assert client.get(assessment_url).status_code == 403, person
    client.force_login(office)
    response = client.get(assessment_url)
    assert response.status_code == 200
    filename = f"รางวัล-ผลการประเมิน-M1-D1-2569-{application.pk}.pdf"
    assert f"filename*=utf-8''{quote(filename)}" in response["Content-Disposition"]
    announced(application, office)
    client.force_login(world.collector)
    assert client.get(assessment_url).status_code == 200


def test_another_organization_an_unassigned_assessor_and_nobody_get_404(
    draft, world, office, pool, client
):
    application = finished_sheets(screened(draft, world, office), office, pool[:1])
    announced(application, office)
    for person in (world.outsider, world.nobody, pool[1]):
        client.force_login(person)
        for url in urls(application):
            assert client.get(url).status_code == 404, (person, url)


def test_the_public_is_sent_to_sign_in_and_a_post_is_refused(draft, world, client):
    for url in urls(draft):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(world.coordinator)
    assert client.post(urls(draft)[0]).status_code == 405
    assert Application.objects.get(pk=draft.pk).stage == Stage.DRAFT
