"""The pages of a PMQA year's work: the organizational profile, the self-assessment list and an
item's assessment, and the comparisons with comparable organizations."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from khamrap.agreements import services as agreement_services
from khamrap.agreements.tests.builders import FIVE_STEPS, group, issues, sign_off
from khamrap.organizations.choices import OrganizationKind, Role
from khamrap.organizations.services import organization_create
from khamrap.pmqa import services
from khamrap.pmqa.choices import YearMove
from khamrap.pmqa.models import Assessment, CategoryPlan, Item, ProfileAnswer, ProfileQuestion
from khamrap.pmqa.services.work import Evidence
from khamrap.reporting.models import RoundStanding
from khamrap.reporting.tests.workflow import submitted_round

from .conftest import answer_profile, assess_all, plan

pytestmark = pytest.mark.django_db


def url(name, year, *args):
    return reverse(f"pmqa:{name}", args=[year.pk, *args])


def item(year, code):
    return Item.objects.get(category__version=year.criteria_id, code=code)


def error_codes(form, field=None):
    errors = form.non_field_errors() if field is None else form.errors.get(field, [])
    return {e.code for e in errors.as_data()} if errors else set()


# --- who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "nobody"])
def test_another_organizations_user_gets_404_on_every_page(client, world, approved, who):
    one = item(approved, "1.1")
    client.force_login(getattr(world, who))
    for page in (
        url("profile_edit", approved),
        url("assessment_list", approved),
        url("assessment_edit", approved, one.pk),
        url("comparisons", approved),
    ):
        assert client.get(page).status_code == 404, page
        assert client.post(page, {"version": "1", "rating_A": "3"}).status_code == 404, page
    assert not Assessment.objects.exists() and not ProfileAnswer.objects.exists()


def test_every_page_links_back_to_the_year(client, world, approved):
    client.force_login(world.collector)
    year_page = url("year_detail", approved)
    for page in (
        url("profile_edit", approved),
        url("assessment_list", approved),
        url("assessment_edit", approved, item(approved, "1.1").pk),
        url("comparisons", approved),
    ):
        assert f'href="{year_page}"' in client.get(page).content.decode(), page


# --- the organizational profile ------------------------------------------------------------------


def test_the_profile_shows_each_question_and_marks_the_unanswered_required_ones(
    client, world, year
):
    required = ProfileQuestion.objects.filter(section__version=year.criteria_id, required=True)
    first = required.first()
    services.profile_save(year=year, user=world.coordinator, answers={first.pk: "กรมมีพันธกิจ"})
    client.force_login(world.coordinator)
    response = client.get(url("profile_edit", year))
    text = response.content.decode()
    completeness = response.context["view"].completeness
    assert (completeness.answered, completeness.required) == (1, required.count())
    assert text.count("<textarea") == ProfileQuestion.objects.count()
    assert text.count("data-unanswered") == required.count() - 1
    assert "กรมมีพันธกิจ" in text


def test_the_coordinator_saves_the_profile_and_it_becomes_complete(client, world, year):
    questions = ProfileQuestion.objects.filter(section__version=year.criteria_id)
    client.force_login(world.coordinator)
    data = {f"answer_{q.pk}": f"คำตอบ {q.number}" for q in questions}
    response = client.post(url("profile_edit", year), data)
    assert response.status_code == 302 and response["Location"] == url("profile_edit", year)
    assert ProfileAnswer.objects.filter(year=year).count() == questions.count()
    year.refresh_from_db()
    assert year.profile_completed_on is not None
    response = client.get(url("profile_edit", year))
    assert response.context["view"].completeness.percent == 100
    assert "data-unanswered" not in response.content.decode()


def test_a_too_long_answer_is_refused_with_what_was_typed_kept(client, world, year):
    question = ProfileQuestion.objects.filter(section__version=year.criteria_id).first()
    client.force_login(world.coordinator)
    long_text = "ก" * 20001
    response = client.post(url("profile_edit", year), {f"answer_{question.pk}": long_text})
    assert response.status_code == 200
    assert f"answer_{question.pk}" in response.context["form"].errors
    assert long_text in response.content.decode()
    assert not ProfileAnswer.objects.exists()


def test_someone_who_may_not_edit_reads_the_profile_and_cannot_save_it(client, world, year):
    answer_profile(year, world.coordinator)
    question = ProfileQuestion.objects.filter(section__version=year.criteria_id).first()
    client.force_login(world.collector)
    response = client.get(url("profile_edit", year))
    text = response.content.decode()
    assert 'id="read-only"' in text and "<textarea" not in text
    assert f"คำตอบข้อ {question.number}" in text
    response = client.post(url("profile_edit", year), {f"answer_{question.pk}": "แก้ไข"})
    assert response.status_code == 403
    assert ProfileAnswer.objects.get(year=year, question=question).text != "แก้ไข"


# --- the self-assessment list -------------------------------------------------------------------


def test_the_list_puts_the_chosen_categories_first_marked_by_scope(client, world, year):
    plan(year, world.coordinator, mandatory=4, voluntary=6)
    client.force_login(world.coordinator)
    response = client.get(url("assessment_list", year))
    numbers = [c.row.category.number for c in response.context["categories"]]
    assert numbers == [4, 6, 1, 2, 3, 5, 7]
    text = response.content.decode()
    assert text.count('data-scope="mandatory"') == 1
    assert text.count('data-scope="voluntary"') == 1
    assert text.count('data-scope="none"') == 5
    assert (
        text.index('id="category-4"')
        < text.index('id="category-6"')
        < text.index('id="category-1"')
    )
    # Every item of the version is listed, with a link to its page.
    for one in Item.objects.filter(category__version=year.criteria_id):
        assert url("assessment_edit", year, one.pk) in text


def test_the_list_shows_each_items_bands_percent_and_findings(client, world, approved):
    assess_all(approved, world.coordinator, band=3)  # 50–65%: midpoint 57.5
    results = item(approved, "7.1")
    client.force_login(world.collector)
    response = client.get(url("assessment_list", approved))
    view = response.context["view"]
    assert (view.overall.answered, view.overall.items) == (4, 4)
    assert view.overall.percent == Decimal("57.50")
    assert view.overall.by_dimension == dict.fromkeys("ADLI", Decimal("57.50"))
    text = response.content.decode()
    row = text[text.index('id="item-1.1"') :]
    row = row[: row.index("</tr>")]
    assert row.count("50–65%") == 4 and "57.5%" in row and 'data-answered="yes"' in row
    assert [d for d, _label in response.context["categories"][0].lines[0][1]] == list("ADLI")
    result_lines = next(c for c in response.context["categories"] if c.row.category.number == 7)
    assert result_lines.dimensions == ("Le", "T", "C", "Li")
    assert result_lines.lines[0][0].item == results
    assert 'data-answered="no"' in text  # the categories not chosen


def test_the_list_runs_a_fixed_number_of_queries(
    client, world, approved, django_assert_num_queries
):
    def save(code, version=1, **fields):
        services.assessment_save(
            year=approved,
            item=item(approved, code),
            user=world.coordinator,
            version=version,
            ratings=dict.fromkeys(item(approved, code).dimensions, 3),
            **fields,
        )

    save("1.1", strengths=["หนึ่ง"])
    client.force_login(world.coordinator)
    page = url("assessment_list", approved)
    client.get(page)
    # session, user, header memberships, year, categories, items, requirements, plans,
    # assessments, findings, evidence, the rights (coordinate, sign, responsible)
    with django_assert_num_queries(14):
        client.get(page)
    save("1.1", 2, strengths=["หนึ่ง", "สอง", "สาม"], ofis=["สี่", "ห้า"], evidence=[Evidence("ก")])
    for code in ("1.2", "2.1", "2.2"):
        save(code, strengths=[f"จุดแข็งของ {code}"], evidence=[Evidence("ข"), Evidence("ค")])
    with django_assert_num_queries(14):
        response = client.get(page)
    assert response.context["view"].overall.strengths == 6
    assert response.context["view"].overall.answered == 4


# --- an item's assessment -----------------------------------------------------------------------


def assessment_data(**extra):
    data = {
        "version": "1",
        "requirements_met": ["LD1", "LD3"],
        "rating_A": "3",
        "rating_D": "2",
        "rating_L": "",
        "rating_I": "4",
        "strengths": "ผู้บริหารกำหนดทิศทางชัดเจน\n\n-\nสื่อสารทั่วทั้งองค์การ",
        "ofis": "ยังไม่ทบทวนผลการดำเนินงานอย่างเป็นระบบ",
        "evidence_title_0": "รายงานการประชุมผู้บริหาร",
        "evidence_url_0": "https://example.go.th/meeting.pdf",
        "evidence_title_1": "",
        "evidence_url_1": "",
    }
    return data | extra


def test_the_item_page_offers_requirements_bands_findings_and_evidence_rows(
    client, world, approved
):
    one = item(approved, "1.1")
    client.force_login(world.coordinator)
    response = client.get(url("assessment_edit", approved, one.pk))
    text = response.content.decode()
    assert one.title in text
    for code in ("LD1", "LD2", "LD3", "LD4", "LD5"):
        assert f'value="{code}"' in text
    assert text.count('type="checkbox"') == 5
    for dimension in "ADLI":
        assert f'name="rating_{dimension}"' in text
    assert text.count("<select") == 4
    for label in approved.criteria.band_labels:
        assert text.count(f">{label}</option>") == 4
    assert 'name="version" value="1"' in text
    assert 'name="strengths"' in text and 'name="ofis"' in text
    assert 'name="evidence_title_2"' in text and 'name="evidence_title_3"' not in text


def test_the_coordinator_saves_an_item_one_point_per_line(client, world, approved):
    one = item(approved, "1.1")
    client.force_login(world.coordinator)
    response = client.post(url("assessment_edit", approved, one.pk), assessment_data())
    assert response.status_code == 302
    assessment = Assessment.objects.get(year=approved, item=one)
    assert assessment.ratings == {"A": 3, "D": 2, "L": None, "I": 4}
    assert assessment.requirements_met == ["LD1", "LD3"]
    assert [f.text for f in assessment.findings.filter(kind="strength")] == [
        "ผู้บริหารกำหนดทิศทางชัดเจน",
        "สื่อสารทั่วทั้งองค์การ",
    ]
    assert assessment.findings.filter(kind="ofi").count() == 1
    assert list(assessment.evidence.values_list("title", "url")) == [
        ("รายงานการประชุมผู้บริหาร", "https://example.go.th/meeting.pdf")
    ]
    # The page opens again at the new version, with what was saved and one row more.
    text = client.get(url("assessment_edit", approved, one.pk)).content.decode()
    assert 'name="version" value="2"' in text
    assert 'name="evidence_title_3"' in text
    assert "สื่อสารทั่วทั้งองค์การ</textarea>" in text


def test_a_stale_save_keeps_what_was_typed_and_says_so(client, world, approved):
    one = item(approved, "1.1")
    services.assessment_save(
        year=approved,
        item=one,
        user=world.coordinator,
        version=1,
        ratings={"A": 1},
        strengths=["ของคนที่บันทึกก่อน"],
    )
    client.force_login(world.coordinator)
    response = client.post(
        url("assessment_edit", approved, one.pk),
        assessment_data(strengths="สิ่งที่เพิ่งพิมพ์ไว้"),
    )
    assert response.status_code == 200
    assert error_codes(response.context["form"]) == {"stale"}
    text = response.content.decode()
    assert "สิ่งที่เพิ่งพิมพ์ไว้" in text and 'role="alert"' in text
    assessment = Assessment.objects.get(year=approved, item=one)
    assert (assessment.version, assessment.ratings["A"]) == (2, 1)


@pytest.mark.parametrize(
    ("junk", "field"),
    [
        ({"rating_A": "9"}, "rating_A"),
        ({"rating_D": "สาม"}, "rating_D"),
        ({"version": "abc"}, "version"),
        ({"version": "0"}, "version"),
        ({"requirements_met": ["ZZ9"]}, "requirements_met"),
        ({"evidence_title_0": "", "evidence_url_0": "https://example.go.th/"}, "evidence_title_0"),
    ],
)
def test_junk_input_is_refused_on_the_form_and_nothing_is_saved(
    client, world, approved, junk, field
):
    one = item(approved, "1.1")
    client.force_login(world.coordinator)
    response = client.post(url("assessment_edit", approved, one.pk), assessment_data(**junk))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "ผู้บริหารกำหนดทิศทางชัดเจน" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_link_that_is_no_web_address_is_refused_by_the_service(client, world, approved):
    one = item(approved, "1.1")
    client.force_login(world.coordinator)
    response = client.post(
        url("assessment_edit", approved, one.pk),
        assessment_data(evidence_url_0="javascript:alert(1)"),
    )
    assert response.status_code == 200
    assert error_codes(response.context["form"]) == {"url"}
    assert not Assessment.objects.exists()


def test_many_evidence_rows_sent_are_all_read(client, world, approved):
    one = item(approved, "1.1")
    client.force_login(world.coordinator)
    rows = {f"evidence_title_{n}": f"เอกสาร {n}" for n in range(7)}
    rows |= {"evidence_title_999999": "ไม่อ่าน"}  # past the most rows a form reads
    client.post(url("assessment_edit", approved, one.pk), assessment_data(**rows))
    assessment = Assessment.objects.get(year=approved, item=one)
    assert assessment.evidence.count() == 7


def test_an_item_of_a_category_not_chosen_is_read_only(client, world, approved):
    other = item(approved, "3.1")
    client.force_login(world.coordinator)
    response = client.get(url("assessment_edit", approved, other.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="not-chosen"' in text and 'id="assessment-form"' not in text
    response = client.post(url("assessment_edit", approved, other.pk), assessment_data())
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_a_viewer_reads_the_item_and_cannot_save_it(client, world, approved):
    one = item(approved, "1.1")
    assess_all(approved, world.coordinator)
    client.force_login(world.collector)
    response = client.get(url("assessment_edit", approved, one.pk))
    text = response.content.decode()
    assert 'id="read-only"' in text and 'id="assessment-form"' not in text
    assert "จุดแข็งของ 1.1" in text and "50–65%" in text
    response = client.post(url("assessment_edit", approved, one.pk), assessment_data(version="2"))
    assert response.status_code == 403
    assert Assessment.objects.get(year=approved, item=one).version == 2


def test_a_categorys_responsible_person_writes_that_category_only(client, world, approved):
    CategoryPlan.objects.filter(year=approved, category__number=2).update(
        responsible_user=world.collector
    )
    client.force_login(world.collector)
    theirs, other = item(approved, "2.1"), item(approved, "1.1")
    assert 'id="assessment-form"' in (
        client.get(url("assessment_edit", approved, theirs.pk)).content.decode()
    )
    data = assessment_data(requirements_met=["SP1"])
    assert client.post(url("assessment_edit", approved, theirs.pk), data).status_code == 302
    assert client.post(url("assessment_edit", approved, other.pk), data).status_code == 403
    assert list(Assessment.objects.values_list("item__code", flat=True)) == ["2.1"]


def test_once_the_report_is_complete_the_item_is_read_only(client, world, approved):
    one = item(approved, "1.1")
    client.force_login(world.coordinator)
    assess_all(approved, world.coordinator)
    answer_profile(approved, world.coordinator)
    services.year_move(year=approved, move=YearMove.COMPLETE, user=world.coordinator)
    response = client.get(url("assessment_edit", approved, one.pk))
    assert 'id="read-only"' in response.content.decode()
    data = assessment_data(version="2")
    assert client.post(url("assessment_edit", approved, one.pk), data).status_code == 403
    assert Assessment.objects.get(year=approved, item=one).version == 2


def test_an_item_of_other_criteria_is_not_found(client, world, approved):
    copy = services.criteria_copy(
        version=approved.criteria, code="pmqa-copy", name_th="เกณฑ์ฉบับทดลอง", first_year=2570
    )
    foreign = Item.objects.get(category__version=copy, code="1.1")
    client.force_login(world.coordinator)
    assert client.get(url("assessment_edit", approved, foreign.pk)).status_code == 404
    assert client.post(url("assessment_edit", approved, foreign.pk), {}).status_code == 404


# --- comparisons ---------------------------------------------------------------------------------

PEER_NAME = "กรมคู่เทียบลับเฉพาะ"
PEER_TEXT = "ข้อความผลการดำเนินงานของกรมคู่เทียบที่ต้องไม่ปรากฏ"


def peer_round(world, fiscal_year, six, code="M1-D3"):
    """A second department of world.dept's group with a signed agreement and a submitted
    6-month round whose results carry narrative text."""
    peer = organization_create(
        code=code,
        name_th=PEER_NAME,
        kind=OrganizationKind.DEPARTMENT,
        parent=world.ministry,
        department_group=world.dept.department_group,
    )
    people = SimpleNamespace(
        coordinator=world.person(f"{code}-coordinator", Role.COORDINATOR, peer),
        collector=world.person(f"{code}-collector", Role.COLLECTOR, peer),
        executive=world.executive,
    )
    agreement = agreement_services.agreement_create(
        organization=peer, fiscal_year=fiscal_year, user=people.coordinator
    )
    for number, key, weight, fields, steps, codes in (
        (
            "1",
            "1",
            50,
            {"kind": "numeric", "direction": "higher", "unit": "ร้อยละ"},
            (),
            ("cost-reduction", "staffing"),
        ),
        ("16", "4", 30, {"kind": "milestone"}, FIVE_STEPS, ("service-time", "service-quality")),
        ("3", "2", 20, {"kind": "pass_fail"}, (), ("development-success",)),
    ):
        if number == "1":
            fields |= {f"target_{n}": Decimal(75 + 5 * n) for n in range(1, 6)}
        agreement_services.indicator_save(
            agreement=agreement,
            user=people.coordinator,
            fields={
                "group": group(key),
                "number": number,
                "name": f"ตัวชี้วัด {number} ของ{PEER_NAME}",
                "weight": Decimal(weight),
                **fields,
            },
            steps=list(steps),
            issues=issues(*codes),
            supervisors=[world.executive],
            collectors=[people.collector],
        )
    signed = sign_off(agreement, people, world.executive)
    submitted_round(
        signed,
        six,
        people,
        {
            "1": {"value": Decimal(90), "performance": PEER_TEXT},
            "16": {"steps_done": [1, 2, 3, 4, 5], "obstacles": PEER_TEXT},
            "3": {"passed": True, "supporting_factors": PEER_TEXT},
        },
    )
    return signed


def test_without_an_official_round_the_page_says_there_is_nothing_to_compare(
    client, world, year, signed
):
    client.force_login(world.coordinator)
    response = client.get(url("comparisons", year))
    assert response.status_code == 200
    assert 'id="no-official-round"' in response.content.decode()
    assert response.context["view"].rows == []


def test_the_comparison_ranks_official_figures_among_comparable_departments_without_names(
    client, world, year, signed, six, fiscal_year
):
    submitted_round(signed, six, world)
    peer = peer_round(world, fiscal_year, six)
    assert RoundStanding.objects.get(agreement=peer, reporting_round=six).standing == "submitted"
    client.force_login(world.coordinator)
    response = client.get(url("comparisons", year))
    view = response.context["view"]
    assert (view.reporting_round, view.standing) == (six, "submitted")
    total = view.rows[0].comparison
    assert (total.own, total.rank, total.count) == (Decimal(5), 1, 2)
    assert (total.q1, total.median, total.q3, total.quartile) == (
        Decimal("4.2500"),
        Decimal("4.5000"),
        Decimal("4.7500"),
        1,
    )
    assert len(view.rows) == 4  # the total and the three groups with indicators
    text = response.content.decode()
    assert 'id="comparison-table"' in text and "5.0000" in text and "4.5000" in text
    assert response.context["department_group"] is not None
    # Never another organization's name or text.
    assert PEER_NAME not in text and PEER_TEXT not in text
    assert "ตัวชี้วัด 1 ของ" not in text


def test_the_comparison_runs_a_fixed_number_of_queries(
    client, world, year, signed, six, fiscal_year, django_assert_num_queries
):
    submitted_round(signed, six, world)
    client.force_login(world.coordinator)
    page = url("comparisons", year)
    client.get(page)
    # session, user, header memberships, year, agreement, its official round (two), own
    # standing, peers' standings, framework groups
    with django_assert_num_queries(10):
        assert client.get(page).context["view"].rows[0].comparison.count == 1
    peer_round(world, fiscal_year, six)
    with django_assert_num_queries(10):
        assert client.get(page).context["view"].rows[0].comparison.count == 2
