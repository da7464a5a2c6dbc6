"""A PMQA year of world.dept under the shipped criteria, and helpers to walk it."""

import datetime as dt

import pytest

from khamrap.pmqa import services
from khamrap.pmqa.choices import MemberRole, Scope, YearMove
from khamrap.pmqa.models import Item, ProfileQuestion
from khamrap.pmqa.services.criteria import shipped_criteria
from khamrap.pmqa.services.work import Evidence
from khamrap.pmqa.services.year import CategoryChoice, Member


@pytest.fixture
def criteria(db):
    """The shipped criteria: put back if a transactional test flushed its migration's rows."""
    return shipped_criteria()


@pytest.fixture
def year(world, fiscal_year, criteria):
    """world.dept's PMQA year, planning."""
    return services.year_create(
        organization=world.dept, fiscal_year=fiscal_year, criteria=criteria, user=world.coordinator
    )


@pytest.fixture
def head(world):
    """The department's head (an executive), who approves the plan."""
    from khamrap.organizations.choices import Role
    from khamrap.organizations.services import membership_grant

    user = world.person("head")
    membership_grant(user=user, organization=world.dept, role=Role.EXECUTIVE)
    return user


def plan(year, user, mandatory=1, voluntary=2):
    """A complete plan: one mandatory and one voluntary category (seed 002), a working group."""
    services.plan_save(
        year=year,
        user=user,
        categories=[
            CategoryChoice(mandatory, Scope.MANDATORY, "นางสาวหนึ่ง ผู้รับผิดชอบ"),
            CategoryChoice(voluntary, Scope.VOLUNTARY, "นายสอง ผู้รับผิดชอบ"),
        ],
    )
    services.working_group_save(
        year=year,
        user=user,
        members=[
            Member("นายประธาน คณะทำงาน", "รองอธิบดี", MemberRole.CHAIR),
            Member("นางสมาชิก คณะทำงาน", "ผู้อำนวยการกอง"),
            Member("นายเลขา คณะทำงาน", "นักวิเคราะห์นโยบายและแผน", MemberRole.SECRETARY),
        ],
    )


@pytest.fixture
def approved(year, world, head):
    """The year with a briefing held, its plan approved by the head."""
    services.activity_record(
        year=year,
        user=world.coordinator,
        activity="briefing",
        held_on=dt.date(2025, 11, 20),
        attendees=45,
    )
    plan(year, world.coordinator)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    services.year_move(year=year, move=YearMove.APPROVE, user=head)
    year.refresh_from_db()
    return year


def answer_profile(year, user):
    questions = ProfileQuestion.objects.filter(section__version=year.criteria_id)
    return services.profile_save(
        year=year, user=user, answers={q.pk: f"คำตอบข้อ {q.number}" for q in questions}
    )


def assess_all(year, user, band=3):
    """Every item of the chosen categories rated in `band`, with a strength and an OFI."""
    items = Item.objects.filter(category__in=year.category_plans.values("category"))
    for item in items:
        services.assessment_save(
            year=year,
            item=item,
            user=user,
            version=1,
            ratings=dict.fromkeys(item.dimensions, band),
            strengths=[f"จุดแข็งของ {item.code}"],
            ofis=[f"โอกาสในการปรับปรุงของ {item.code}"],
            evidence=[Evidence("รายงานการประชุม", "https://example.go.th/report.pdf")],
        )
    return items
