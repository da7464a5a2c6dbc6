"""Builders for agreement tests: the framework groups, reform issues and steps of seed 000."""

from khamrap.agreements import services
from khamrap.agreements.models import FrameworkGroup, ReformIssue

FIVE_STEPS = [
    services.StepData("จัดประชุมชี้แจงให้ความรู้", "รายงานการประชุม"),
    services.StepData("จัดตั้งคณะทำงานและจัดทำแผน", "คำสั่งแต่งตั้งและแผนที่ผู้บังคับบัญชาอนุมัติ"),
    services.StepData("จัดอบรมคณะทำงาน", "รายชื่อผู้เข้าอบรม"),
    services.StepData("จัดทำลักษณะสำคัญขององค์กร", "เอกสารลักษณะสำคัญขององค์กร"),
    services.StepData("จัดทำรายงานผลการดำเนินการเบื้องต้น", "รายงานผลการดำเนินการ"),
]


def group(key):
    return FrameworkGroup.objects.get(framework__code="dimensions-4", key=key)


def issues(*codes):
    return list(ReformIssue.objects.filter(code__in=codes))
