"""The PMQA documents as PDF: the self-assessment report and the improvement plan read back with
poppler, the draft mark on every page until the preliminary report is complete, the queries they
take, and who may download them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from khamrap.documents import pdf
from khamrap.documents.tests.pdf.reading import contains, in_lines, normalise, pages_of, pdftotext
from khamrap.pmqa import services
from khamrap.pmqa.choices import YearMove, YearStatus
from khamrap.pmqa.models import Assessment, Finding, Item
from khamrap.pmqa.selectors import year_get
from khamrap.pmqa.services.work import Evidence

# The PMQA year of world.dept and its helpers (khamrap/pmqa/tests/conftest.py).
from khamrap.pmqa.tests.conftest import (  # noqa: F401 (fixtures)
    answer_profile,
    approved,
    assess_all,
    criteria,
    head,
    plan,
    year,
)

pytestmark = pytest.mark.django_db

PROJECTS = ("โครงการทบทวนวิสัยทัศน์และค่านิยมองค์การ", "ปรับปรุงระบบรับเรื่องร้องเรียน")


@pytest.fixture
def filled(approved, world, fiscal_year):  # noqa: F811 (a fixture)
    """world.dept's year assessed in full: training held, profile answered, every item of
    categories 1 and 2 in band 50–65% (item 1.1 in three bands, two requirements met), two
    projects, one from 1.1's OFI, reported in the 6- and 9-month rounds. Not yet reported."""
    coordinator = world.coordinator
    services.activity_record(
        year=approved,
        user=coordinator,
        activity="training",
        held_on=dt.date(2025, 12, 10),
        attendees=30,
    )
    answer_profile(approved, coordinator)
    assess_all(approved, coordinator)
    item = Item.objects.get(category__version=approved.criteria, code="1.1")
    services.assessment_save(
        year=approved,
        item=item,
        user=coordinator,
        version=Assessment.objects.get(year=approved, item=item).version,
        ratings={"A": 4, "D": 3, "L": 2, "I": 3},
        strengths=["ผู้บริหารกำหนดทิศทางองค์การอย่างชัดเจน"],
        ofis=["ควรทบทวนวิสัยทัศน์และสื่อสารค่านิยมทั่วทั้งองค์การ"],
        evidence=[Evidence("คำสั่งแต่งตั้งคณะทำงาน PMQA", "")],
        requirements_met=["LD1", "LD3"],
    )
    ofi = Finding.objects.get(text="ควรทบทวนวิสัยทัศน์และสื่อสารค่านิยมทั่วทั้งองค์การ")
    first = services.project_save(
        year=approved,
        user=coordinator,
        title=PROJECTS[0],
        owner_name="กองยุทธศาสตร์และแผนงาน",
        deadline=dt.date(2026, 6, 30),
        ofi=ofi,
    )
    second = services.project_save(
        year=approved,
        user=coordinator,
        title=PROJECTS[1],
        owner_name="ศูนย์ดำรงธรรม",
        deadline=dt.date(2026, 9, 30),
    )
    six, nine = fiscal_year.rounds.get(months=6), fiscal_year.rounds.get(months=9)
    for project, reporting_round, progress in (
        (first, six, 40),
        (first, nine, 75),
        (second, six, 100),
    ):
        services.project_report(
            project=project, reporting_round=reporting_round, user=coordinator, progress=progress
        )
    approved.refresh_from_db()
    return approved


def complete(pmqa_year, user):
    services.year_move(year=pmqa_year, move=YearMove.COMPLETE, user=user)
    pmqa_year.refresh_from_db()
    assert pmqa_year.status == YearStatus.REPORTED


def has(text: str, phrase: str) -> bool:
    """Whether `phrase` is in the text, also when it is broken over the lines of a table cell."""
    return contains(text, phrase) or in_lines(phrase, normalise(text))


def read(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return pdftotext(content)


# --- the self-assessment report ------------------------------------------------------------------


def test_the_assessment_report_holds_the_year_item_by_item(filled, world):
    with translation.override("en"):
        content = pdf.render_pmqa_assessment(filled)
    text = read(content)
    assert contains(text, "กรมหนึ่ง")
    assert contains(text, "เกณฑ์คุณภาพการบริหารจัดการภาครัฐ ระดับพื้นฐาน")
    # The plan: both categories, their scope and responsible people, the working group.
    for phrase in ("Mandatory category", "Voluntary category", "นางสาวหนึ่ง ผู้รับผิดชอบ"):
        assert has(text, phrase), phrase
    assert contains(text, "นายประธาน คณะทำงาน") and contains(text, "Chair")
    # The profile: its questions answered, complete.
    assert contains(text, "คำตอบข้อ 1") and contains(text, "13 of 13 required questions")
    # Every item of the chosen categories, with its bands, findings and evidence.
    for code in ("1.1", "1.2", "2.1", "2.2"):
        assert contains(text, code), code
    assert contains(text, "จุดแข็งของ 2.1") and contains(text, "โอกาสในการปรับปรุงของ 2.2")
    assert contains(text, "ผู้บริหารกำหนดทิศทางองค์การอย่างชัดเจน")
    assert contains(text, "ควรทบทวนวิสัยทัศน์และสื่อสารค่านิยมทั่วทั้งองค์การ")
    assert contains(text, "คำสั่งแต่งตั้งคณะทำงาน PMQA") and contains(text, "รายงานการประชุม")
    for band in ("70–85%", "50–65%", "30–45%"):
        assert band in text, band
    assert "Mean band midpoint" in text and "57.5%" in text
    assert contains(text, "LD1, LD3 (2 of 5: LD1, LD2, LD3, LD4, LD5)")
    # The summaries: 4 of 4 items answered, four strengths and four OFIs.
    assert contains(text, "All chosen categories") and "4/4" in text
    # Seed 000's steps with their Buddhist Era dates: briefing, approval, training, profile.
    assert contains(text, "20 พฤศจิกายน 2568") and contains(text, "10 ธันวาคม 2568")
    assert contains(text, "4 of 5 steps")
    assert "2025" not in text and "2026" not in text  # never a Gregorian year
    # A draft on every page until the preliminary report is complete.
    pages = pages_of(content)
    assert len(pages) > 2 and all("Draft" in page for page in pages)
    assert contains(text, "status: Plan approved: assessing")


def test_the_report_is_no_longer_a_draft_once_complete(filled, world):
    complete(filled, world.coordinator)
    with translation.override("en"):
        content = pdf.render_pmqa_assessment(filled)
    text = read(content)
    assert "Draft" not in text
    assert contains(text, "Preliminary report complete")
    assert contains(text, "5 of 5 steps")


def test_a_year_just_begun_prints_what_is_missing(year):  # noqa: F811 (a fixture)
    with translation.override("en"):
        text = read(pdf.render_pmqa_assessment(year))
    assert contains(text, "No category is chosen yet.")
    assert contains(text, "No member is named yet.")
    assert contains(text, "0 of 13 required questions") and contains(text, "Not answered")
    assert contains(text, "0 of 5 steps") and "Draft" in text


def test_result_items_are_rated_on_letcli(year, world, head):  # noqa: F811 (fixtures)
    plan(year, world.coordinator, mandatory=1, voluntary=7)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    services.year_move(year=year, move=YearMove.APPROVE, user=head)
    year.refresh_from_db()
    assess_all(year, world.coordinator, band=5)
    with translation.override("en"):
        text = read(pdf.render_pmqa_assessment(year))
    for code in ("7.1", "7.2", "7.3", "7.4"):
        assert contains(text, code), code
    assert "Le" in text.split() and "Li" in text.split() and "90–100%" in text
    assert "95%" in text  # the midpoint of 90–100


def test_the_documents_take_the_same_queries_whatever_the_year_holds(
    filled, world, django_assert_num_queries
):
    fetched = year_get(world.coordinator, filled.pk)  # as the downloads fetch it
    # Seven of assessment_view (categories, items, requirements, plans, assessments, findings,
    # evidence), three of profile_view, the working group, the units, the plan's approver.
    with django_assert_num_queries(13):
        pdf.render_pmqa_assessment(fetched)
    with django_assert_num_queries(3):  # projects, their reports, the rounds
        pdf.render_pmqa_plan(fetched)
    for number in range(3):  # more projects, reported: no more queries
        project = services.project_save(
            year=fetched,
            user=world.coordinator,
            title=f"โครงการที่ {number}",
            owner_name="กองแผนงาน",
            deadline=dt.date(2026, 9, 30),
        )
        services.project_report(
            project=project,
            reporting_round=fetched.fiscal_year.rounds.get(months=6),
            user=world.coordinator,
            progress=10,
        )
    fetched = year_get(world.coordinator, filled.pk)
    with django_assert_num_queries(3):
        pdf.render_pmqa_plan(fetched)


# --- the improvement plan ------------------------------------------------------------------------


def test_the_plan_lists_the_projects_with_their_progress_in_each_round(filled, world):
    with translation.override("en"):
        content = pdf.render_pmqa_plan(filled)
    text = read(content)
    assert contains(text, "กรมหนึ่ง")
    for title in PROJECTS:
        assert has(text, title), title
    assert has(text, "ควรทบทวนวิสัยทัศน์และสื่อสารค่านิยมทั่วทั้งองค์การ")  # the OFI
    assert "1.1" in text
    assert has(text, "กองยุทธศาสตร์และแผนงาน") and has(text, "ศูนย์ดำรงธรรม")
    assert has(text, "30 มิ.ย. 2569") and has(text, "30 ก.ย. 2569")
    for months in (6, 9, 12):
        assert has(text, f"{months} months")
    for figure in ("40%", "75%", "100%"):
        assert figure in text, figure
    assert "In progress" in text and "Done" in text
    # The plan's progress: two projects, one done, the mean of 75 and 100.
    assert contains(text, "Mean progress") and "88%" in text
    assert "2025" not in text and "2026" not in text
    assert all("Draft" in page for page in pages_of(content))
    complete(filled, world.coordinator)
    with translation.override("en"):
        assert "Draft" not in read(pdf.render_pmqa_plan(filled))


def test_thai_digits_throughout_when_chosen(filled):
    text = read(pdf.render_pmqa_plan(filled, thai_digits=True))
    assert "๒๕๖๙" in text and "๔๐%" in text
    assert "2569" not in text


# --- the downloads -------------------------------------------------------------------------------


def test_the_coordinator_downloads_both_documents(filled, world, client):
    client.force_login(world.coordinator)
    names = {
        "documents_pdf:pmqa_assessment": "PMQA-ประเมินตนเอง-M1-D1-2569.pdf",
        "documents_pdf:pmqa_plan": "PMQA-แผนพัฒนาองค์การ-M1-D1-2569.pdf",
    }
    for name, filename in names.items():
        response = client.get(reverse(name, args=[filled.pk]))
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert f"filename*=utf-8''{quote(filename)}" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
        thai = client.get(reverse(name, args=[filled.pk]) + "?digits=thai")
        assert "๒๕๖๙" in pdftotext(thai.content)


def test_another_organization_and_nobody_get_404(filled, world, client):
    for user in (world.outsider, world.nobody):
        client.force_login(user)
        for name in ("documents_pdf:pmqa_assessment", "documents_pdf:pmqa_plan"):
            assert client.get(reverse(name, args=[filled.pk])).status_code == 404, (user, name)


def test_the_public_is_sent_to_sign_in(filled, client):
    for name in ("documents_pdf:pmqa_assessment", "documents_pdf:pmqa_plan"):
        response = client.get(reverse(name, args=[filled.pk]))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_a_post_is_refused(filled, world, client):
    client.force_login(world.coordinator)
    response = client.post(reverse("documents_pdf:pmqa_plan", args=[filled.pk]))
    assert response.status_code == 405
