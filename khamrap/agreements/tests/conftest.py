from decimal import Decimal

import pytest

from khamrap.agreements import services
from khamrap.agreements.models import Framework, FrameworkGroup, ReformIssue
from khamrap.organizations.choices import Role
from khamrap.organizations.services import membership_grant
from khamrap.periods.services import fiscal_year_create

FIVE_STEPS = [
    services.StepData("จัดประชุมชี้แจงให้ความรู้", "รายงานการประชุม"),
    services.StepData("จัดตั้งคณะทำงานและจัดทำแผน", "คำสั่งแต่งตั้งและแผนที่ผู้บังคับบัญชาอนุมัติ"),
    services.StepData("จัดอบรมคณะทำงาน", "รายชื่อผู้เข้าอบรม"),
    services.StepData("จัดทำลักษณะสำคัญขององค์กร", "เอกสารลักษณะสำคัญขององค์กร"),
    services.StepData("จัดทำรายงานผลการดำเนินการเบื้องต้น", "รายงานผลการดำเนินการ"),
]


@pytest.fixture
def fiscal_year(db):
    year = fiscal_year_create(year=2569)
    year.framework = Framework.objects.get(code="dimensions-4")
    year.save()
    return year


@pytest.fixture
def signer(world):
    """The department's executive, who signs its agreement."""
    user = world.person("director")
    membership_grant(user=user, organization=world.dept, role=Role.EXECUTIVE)
    return user


@pytest.fixture
def evaluator(world):
    user = world.person("evaluator")
    membership_grant(user=user, organization=world.ministry, role=Role.EVALUATOR)
    return user


def group(key):
    return FrameworkGroup.objects.get(framework__code="dimensions-4", key=key)


def issues(*codes):
    return list(ReformIssue.objects.filter(code__in=codes))


@pytest.fixture
def agreement(world, fiscal_year):
    """A complete, clean draft for world.dept (department group 1): three indicators, weights 50/30/20."""
    agreement = services.agreement_create(
        organization=world.dept, fiscal_year=fiscal_year, user=world.coordinator
    )
    people = {"supervisors": [world.executive], "collectors": [world.collector]}
    services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "group": group("1"),
            "number": "1",
            "name": "ร้อยละของเกษตรกรที่ได้รับการส่งเสริม",
            "weight": Decimal(50),
            "kind": "numeric",
            "direction": "higher",
            "target_1": Decimal(80),
            "target_2": Decimal(85),
            "target_3": Decimal(90),
            "target_4": Decimal(95),
            "target_5": Decimal(100),
            "unit": "ร้อยละ",
        },
        issues=issues("cost-reduction", "staffing"),
        **people,
    )
    services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "group": group("4"),
            "number": "16",
            "name": "ระดับความสำเร็จของการดำเนินงานตามขั้นตอนการพัฒนาคุณภาพการบริหารจัดการภาครัฐ",
            "weight": Decimal(30),
            "kind": "milestone",
        },
        steps=FIVE_STEPS,
        issues=issues("service-time", "service-quality"),
        **people,
    )
    services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "group": group("2"),
            "number": "3",
            "name": "ผ่านการรับรองมาตรฐานการให้บริการ",
            "weight": Decimal(20),
            "kind": "pass_fail",
        },
        issues=issues("development-success"),
        **people,
    )
    return agreement
