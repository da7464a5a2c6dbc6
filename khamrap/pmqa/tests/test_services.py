"""A PMQA year through its services: plan, approval, profile, assessment, report, projects."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khamrap.organizations.choices import OrganizationKind, Role
from khamrap.organizations.services import organization_create
from khamrap.pmqa import services
from khamrap.pmqa.choices import FindingKind, ProjectStatus, Scope, YearMove, YearStatus
from khamrap.pmqa.models import Assessment, Finding, Item, PmqaYear, YearEvent
from khamrap.pmqa.selectors import assessment_view, plan_view, profile_view
from khamrap.pmqa.services.year import CategoryChoice

from .conftest import answer_profile, assess_all, plan

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


def test_it_creates_one_year_per_organization_and_fiscal_year(year, world, fiscal_year, criteria):
    assert year.status == YearStatus.PLANNING
    with pytest.raises(ValidationError) as refused:
        services.year_create(
            organization=world.dept,
            fiscal_year=fiscal_year,
            criteria=criteria,
            user=world.coordinator,
        )
    assert codes(refused.value) == {"exists"}


def test_it_refuses_a_year_to_another_organizations_coordinator(world, fiscal_year, criteria):
    with pytest.raises(PermissionDenied):
        services.year_create(
            organization=world.dept, fiscal_year=fiscal_year, criteria=criteria, user=world.outsider
        )
    assert not PmqaYear.objects.exists()


def test_the_plan_needs_a_mandatory_category_a_responsible_person_and_a_working_group(year, world):
    services.plan_save(
        year=year, user=world.coordinator, categories=[CategoryChoice(2, Scope.VOLUNTARY)]
    )
    with pytest.raises(ValidationError) as refused:
        services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    assert refused.value.messages == [
        "เลือกหมวดบังคับอย่างน้อยหนึ่งหมวด",
        "หมวด 2 ยังไม่มีผู้รับผิดชอบ",
        "ระบุรายชื่อคณะทำงาน",
    ]
    year.refresh_from_db()
    assert year.status == YearStatus.PLANNING and not YearEvent.objects.exists()


def test_a_province_selects_at_least_one_unit(world, fiscal_year, criteria):
    province = organization_create(
        code="P57", name_th="จังหวัดเชียงราย", kind=OrganizationKind.PROVINCE
    )
    unit = organization_create(
        code="P57-1",
        name_th="สำนักงานจังหวัดเชียงราย",
        kind=OrganizationKind.PROVINCIAL_OFFICE,
        parent=province,
    )
    governor = world.person("governor", Role.COORDINATOR, province)
    year = services.year_create(
        organization=province, fiscal_year=fiscal_year, criteria=criteria, user=governor
    )
    plan(year, governor)
    with pytest.raises(ValidationError) as refused:
        services.year_move(year=year, move=YearMove.SUBMIT, user=governor)
    assert "อย่างน้อยหนึ่งหน่วยงาน" in refused.value.messages[0]
    with pytest.raises(ValidationError):  # a unit of another organization
        services.units_save(year=year, user=governor, units=[world.bureau])
    services.units_save(year=year, user=governor, units=[unit])
    services.year_move(year=year, move=YearMove.SUBMIT, user=governor)
    year.refresh_from_db()
    assert year.status == YearStatus.AWAITING_APPROVAL


def test_only_the_head_approves_and_a_return_needs_a_comment(year, world, head):
    plan(year, world.coordinator)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    with pytest.raises(PermissionDenied):
        services.year_move(year=year, move=YearMove.APPROVE, user=world.coordinator)
    with pytest.raises(ValidationError) as refused:
        services.year_move(year=year, move=YearMove.RETURN, user=head)
    assert codes(refused.value) == {"comment"}
    services.year_move(year=year, move=YearMove.RETURN, user=head, comment="เพิ่มหมวด 4")
    year.refresh_from_db()
    assert (year.status, year.return_comment) == (YearStatus.PLANNING, "เพิ่มหมวด 4")
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    services.year_move(year=year, move=YearMove.APPROVE, user=head)
    year.refresh_from_db()
    assert year.status == YearStatus.APPROVED and year.plan_approved_by == head
    assert [e.move for e in year.events.all()] == ["submit", "return", "submit", "approve"]


def test_the_plan_is_fixed_once_sent(approved, world):
    with pytest.raises(ValidationError) as refused:
        services.plan_save(
            year=approved, user=world.coordinator, categories=[CategoryChoice(3, Scope.MANDATORY)]
        )
    assert codes(refused.value) == {"status"}
    assert sorted(approved.category_plans.values_list("category__number", flat=True)) == [1, 2]


def test_the_profile_is_complete_when_every_required_question_says_something(year, world):
    done = answer_profile(year, world.coordinator)
    year.refresh_from_db()
    assert done.complete and year.profile_completed_on is not None
    question = profile_view(year).sections[0][1][0][0]
    services.profile_save(year=year, user=world.coordinator, answers={question.pk: " - "})
    year.refresh_from_db()
    view = profile_view(year)
    assert year.profile_completed_on is None
    assert (view.completeness.answered, view.completeness.required) == (12, 13)
    assert view.completeness.percent == 92


def test_an_assessment_refuses_a_band_the_version_lacks_and_a_stale_save(approved, world):
    item = Item.objects.get(category__version=approved.criteria, code="1.1")
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(
            year=approved, item=item, user=world.coordinator, version=1, ratings={"A": 6}
        )
    assert codes(refused.value) == {"band"}
    assert not Assessment.objects.exists()
    services.assessment_save(
        year=approved, item=item, user=world.coordinator, version=1, ratings={"A": 2}
    )
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(
            year=approved, item=item, user=world.coordinator, version=1, ratings={"A": 4}
        )
    assert codes(refused.value) == {"stale"}
    assert Assessment.objects.get().ratings == {"A": 2, "D": None, "L": None, "I": None}


def test_an_item_outside_the_plan_is_not_assessed(approved, world):
    item = Item.objects.get(category__version=approved.criteria, code="6.1")
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(
            year=approved, item=item, user=world.coordinator, version=1, ratings={}
        )
    assert codes(refused.value) == {"not_chosen"}


def test_a_categorys_responsible_user_assesses_only_that_category(approved, world):
    approved.category_plans.filter(category__number=2).update(responsible_user=world.collector)
    mine = Item.objects.get(category__version=approved.criteria, code="2.1")
    services.assessment_save(
        year=approved, item=mine, user=world.collector, version=1, ratings={"A": 1}
    )
    other = Item.objects.get(category__version=approved.criteria, code="1.1")
    with pytest.raises(PermissionDenied):
        services.assessment_save(
            year=approved, item=other, user=world.collector, version=1, ratings={"A": 1}
        )


def test_an_ofi_keeps_its_project_when_its_text_is_corrected(approved, world):
    item = Item.objects.get(category__version=approved.criteria, code="1.1")
    services.assessment_save(
        year=approved,
        item=item,
        user=world.coordinator,
        version=1,
        ratings={},
        ofis=["ทบทวนวิสัยทัศน์", "สื่อสารค่านิยม"],
    )
    second = Finding.objects.get(text="สื่อสารค่านิยม")
    project = services.project_save(
        year=approved,
        user=world.coordinator,
        title="โครงการสื่อสารค่านิยมองค์กร",
        owner_name="กองการเจ้าหน้าที่",
        deadline=dt.date(2026, 6, 30),
        ofi=second,
    )
    services.assessment_save(
        year=approved,
        item=item,
        user=world.coordinator,
        version=2,
        ratings={},
        ofis=["ทบทวนวิสัยทัศน์", "สื่อสารค่านิยมทั่วทั้งองค์กร"],
    )
    project.refresh_from_db()
    assert project.ofi.text == "สื่อสารค่านิยมทั่วทั้งองค์กร"


def test_the_report_is_complete_only_when_every_chosen_item_is_answered(approved, world):
    items = list(
        Item.objects.filter(category__number__in=[1, 2], category__version=approved.criteria)
    )
    with pytest.raises(ValidationError) as refused:
        services.year_move(year=approved, move=YearMove.COMPLETE, user=world.coordinator)
    assert len(refused.value.messages) == len(items) == 4
    assess_all(approved, world.coordinator)
    services.year_move(year=approved, move=YearMove.COMPLETE, user=world.coordinator)
    approved.refresh_from_db()
    assert approved.status == YearStatus.REPORTED and approved.report_completed_on
    view = assessment_view(approved)
    assert view.overall.complete and view.overall.percent == 57.5  # band 50–65 everywhere
    assert [c.category.number for c in view.chosen] == [1, 2]


def test_projects_are_reported_every_round(approved, world, six, fiscal_year):
    project = services.project_save(
        year=approved,
        user=world.coordinator,
        title="ปรับปรุงระบบรับเรื่องร้องเรียน",
        owner_name="ศูนย์ดำรงธรรม",
        deadline=dt.date(2026, 3, 31),
    )
    services.project_report(
        project=project, reporting_round=six, user=world.coordinator, progress=40
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.project_report(
            project=project, reporting_round=six, user=world.coordinator, progress=101
        )
    nine = fiscal_year.rounds.get(months=9)
    services.project_report(
        project=project, reporting_round=nine, user=world.coordinator, progress=100
    )
    project.refresh_from_db()
    view = plan_view(approved, dt.date(2026, 9, 1))
    assert project.status == ProjectStatus.DONE
    assert view.progress.mean_progress == 100 and view.progress.overdue == 0
    assert [r.progress for r in view.projects[0].reports.values()] == [40, 100]


def test_findings_are_stored_in_order_by_kind(approved, world):
    item = Item.objects.get(category__version=approved.criteria, code="2.2")
    services.assessment_save(
        year=approved,
        item=item,
        user=world.coordinator,
        version=1,
        ratings={},
        strengths=["มีแผน 4 ปี", "  ", "ถ่ายทอดตัวชี้วัด"],
        ofis=["-"],
    )
    stored = Finding.objects.filter(kind=FindingKind.STRENGTH).values_list("text", flat=True)
    assert list(stored) == ["มีแผน 4 ปี", "ถ่ายทอดตัวชี้วัด"]
    assert not Finding.objects.filter(kind=FindingKind.OFI).exists()


def test_a_closed_round_takes_no_project_progress(approved, world, six, fiscal_year, agreement):
    """A closed round's figures are final: the improvement plan's progress in it stays too."""
    from khamrap.reporting.choices import ReportStatus
    from khamrap.reporting.models import RoundReport

    project = services.project_save(
        year=approved,
        user=world.coordinator,
        title="ปรับปรุงระบบรับเรื่องร้องเรียน",
        owner_name="ศูนย์ดำรงธรรม",
        deadline=dt.date(2026, 3, 31),
    )
    services.project_report(
        project=project, reporting_round=six, user=world.coordinator, progress=40
    )
    RoundReport.objects.create(agreement=agreement, reporting_round=six, status=ReportStatus.CLOSED)
    with pytest.raises(ValidationError) as refused:
        services.project_report(
            project=project, reporting_round=six, user=world.coordinator, progress=90
        )
    assert refused.value.error_list[0].code == "closed"
    assert project.reports.get().progress == 40
    nine = fiscal_year.rounds.get(months=9)  # the next round is still open
    services.project_report(
        project=project, reporting_round=nine, user=world.coordinator, progress=90
    )
