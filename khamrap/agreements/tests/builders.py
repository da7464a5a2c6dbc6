"""Builders for agreement tests: the framework groups, reform issues and steps of seed 000, and
the life steps that take an agreement to signed."""

import datetime as dt
from decimal import Decimal

from khamrap.agreements import services
from khamrap.agreements.choices import Transition
from khamrap.agreements.models import Agreement, FrameworkGroup, ReformIssue

FIVE_STEPS = [
    services.StepData("จัดประชุมชี้แจงให้ความรู้", "รายงานการประชุม"),
    services.StepData("จัดตั้งคณะทำงานและจัดทำแผน", "คำสั่งแต่งตั้งและแผนที่ผู้บังคับบัญชาอนุมัติ"),
    services.StepData("จัดอบรมคณะทำงาน", "รายชื่อผู้เข้าอบรม"),
    services.StepData("จัดทำลักษณะสำคัญขององค์กร", "เอกสารลักษณะสำคัญขององค์กร"),
    services.StepData("จัดทำรายงานผลการดำเนินการเบื้องต้น", "รายงานผลการดำเนินการ"),
]


SIGNATORIES = services.Signatories(
    promisor_name="นายประเสริฐ วงศ์ไทย",
    promisor_position="อธิบดีกรมหนึ่ง",
    promisee_name="นายวิชัย รุ่งเรือง",
    promisee_position="ปลัดกระทรวงหนึ่ง",
    signed_on=dt.date(2025, 10, 20),
)


def move(agreement, transition, user, **extra):
    return services.agreement_transition(
        agreement=agreement, transition=transition, user=user, **extra
    )


def sign_off(agreement, world, signer):
    """The agreement approved by the committee, negotiated and signed by `signer` (seed 003)."""
    move(agreement, Transition.APPROVE, world.coordinator, note="มติคณะกรรมการ กพร. ครั้งที่ 1/2569")
    move(agreement, Transition.NEGOTIATE, world.coordinator, agreed_changes="ปรับค่าเป้าหมายตัวชี้วัดที่ 1")
    move(agreement, Transition.SIGN, signer, signatories=SIGNATORIES)
    return Agreement.objects.get(pk=agreement.pk)


def group(key):
    return FrameworkGroup.objects.get(framework__code="dimensions-4", key=key)


def issues(*codes):
    return list(ReformIssue.objects.filter(code__in=codes))


def composite_of_two(world, agreement, *, part_weight=Decimal(50)):
    """Indicator 4 of the fixture agreement: a composite scored from two pass/fail parts (4.1,
    4.2), in indicator 3's group; the collector is named on the composite only."""
    from khamrap.agreements.models import Indicator

    group = agreement.indicators.get(number="3").group
    whole = Indicator.objects.create(
        agreement=agreement,
        group=group,
        number="4",
        name="ดัชนีรวม",
        weight=Decimal(10),
        kind="composite",
        order=10,
    )
    for n in (1, 2):
        Indicator.objects.create(
            agreement=agreement,
            group=group,
            parent=whole,
            number=f"4.{n}",
            name=f"ส่วนที่ {n}",
            weight=part_weight,
            kind="pass_fail",
            order=10 + n,
        )
    whole.collectors.add(world.collector)
    return whole


def pass_fail_indicator(agreement, world, n: int):
    """A pass/fail indicator x`n` of weight 1 in group 3, saved by the coordinator with the
    executive as supervisor and the collector named: for tests that grow an agreement."""
    return services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "group": group("3"),
            "number": f"x{n}",
            "name": f"ตัวชี้วัด {n}",
            "weight": Decimal(1),
            "kind": "pass_fail",
        },
        supervisors=[world.executive],
        collectors=[world.collector],
    )
