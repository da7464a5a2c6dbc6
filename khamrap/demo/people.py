"""The demo's organizations and people: a ministry with two departments, a province with its offices,
and a user per role, each with the roles they hold and where.

Data only; `loader.demo_load` finds or creates every row by its code or username.
"""

from __future__ import annotations

from dataclasses import dataclass

from khamrap.organizations.choices import OrganizationKind as Kind
from khamrap.organizations.choices import Role
from khamrap.organizations.services import PROVINCE_CODE_PREFIX

DEMO_PROVINCE = "57"  # Chiang Rai, whose PMQA team visited OPDC in seed 002
CHIANG_RAI = f"{PROVINCE_CODE_PREFIX}{DEMO_PROVINCE}"

# (code, parent code, Thai name, English name, abbreviation, kind, department group)
ORGANIZATIONS = [
    (
        "MOAC",
        None,
        "กระทรวงเกษตรและสหกรณ์",
        "Ministry of Agriculture and Cooperatives",
        "กษ.",
        Kind.MINISTRY,
        None,
    ),
    (
        "DOAE",
        "MOAC",
        "กรมส่งเสริมการเกษตร",
        "Department of Agricultural Extension",
        "กสก.",
        Kind.DEPARTMENT,
        1,
    ),
    ("DOAE-PLAN", "DOAE", "กองแผนงาน", "Planning Division", "", Kind.BUREAU, None),
    (
        "DOAE-EXT",
        "DOAE",
        "กองส่งเสริมการผลิตพืช",
        "Crop Production Promotion Division",
        "",
        Kind.BUREAU,
        None,
    ),
    (
        "DOAE-PSDG",
        "DOAE",
        "กลุ่มพัฒนาระบบบริหาร",
        "Public Sector Development Group",
        "กพร.",
        Kind.GROUP,
        None,
    ),
    ("DOA", "MOAC", "กรมวิชาการเกษตร", "Department of Agriculture", "กวก.", Kind.DEPARTMENT, 2),
    (
        "DOA-PLAN",
        "DOA",
        "กองแผนงานและวิชาการ",
        "Planning and Technical Division",
        "",
        Kind.BUREAU,
        None,
    ),
    (
        "DOA-PROT",
        "DOA",
        "สำนักวิจัยพัฒนาการอารักขาพืช",
        "Plant Protection Research and Development Office",
        "",
        Kind.BUREAU,
        None,
    ),
    (
        "DOA-PSDG",
        "DOA",
        "กลุ่มพัฒนาระบบบริหาร",
        "Public Sector Development Group",
        "กพร.",
        Kind.GROUP,
        None,
    ),
    (
        "CRI-PO",
        f"{PROVINCE_CODE_PREFIX}{DEMO_PROVINCE}",
        "สำนักงานจังหวัดเชียงราย",
        "Chiang Rai Provincial Office",
        "",
        Kind.PROVINCIAL_OFFICE,
        None,
    ),
    (
        "CRI-AG",
        f"{PROVINCE_CODE_PREFIX}{DEMO_PROVINCE}",
        "สำนักงานเกษตรจังหวัดเชียงราย",
        "Chiang Rai Provincial Agricultural Extension Office",
        "",
        Kind.PROVINCIAL_OFFICE,
        None,
    ),
    (
        "CRI-PH",
        f"{PROVINCE_CODE_PREFIX}{DEMO_PROVINCE}",
        "สำนักงานสาธารณสุขจังหวัดเชียงราย",
        "Chiang Rai Provincial Public Health Office",
        "",
        Kind.PROVINCIAL_OFFICE,
        None,
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    title: str
    first_name: str
    last_name: str
    position: str
    phone: str
    roles: tuple[tuple[str, str], ...]  # (role, organization code)
    superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@khamrap.example"


# Fictional people; the roles are those of DOMAIN.md.
USERS = [
    DemoUser("admin", "นาย", "ผู้ดูแล", "ระบบ", "ผู้ดูแลระบบ", "0-2000-0000", (), superuser=True),
    DemoUser(
        "coordinator",
        "นางสาว",
        "พรทิพย์",
        "ศรีสุข",
        "นักวิเคราะห์นโยบายและแผนชำนาญการ",
        "0-2579-0001",
        ((Role.COORDINATOR, "DOAE"),),
    ),
    DemoUser(
        "supervisor",
        "นาย",
        "ประเสริฐ",
        "วงศ์ไทย",
        "ผู้อำนวยการกองแผนงาน",
        "0-2579-0002",
        ((Role.SUPERVISOR, "DOAE"),),
    ),
    DemoUser(
        "collector",
        "นาง",
        "สุดารัตน์",
        "มีสุข",
        "นักวิชาการส่งเสริมการเกษตรชำนาญการ",
        "0-2579-0003",
        ((Role.COLLECTOR, "DOAE"),),
    ),
    DemoUser(
        "executive",
        "นาย",
        "วิชัย",
        "รุ่งเรือง",
        "ปลัดกระทรวงเกษตรและสหกรณ์",
        "0-2281-0001",
        ((Role.EXECUTIVE, "MOAC"),),
    ),
    DemoUser(
        "evaluator",
        "ดร.",
        "อรุณี",
        "ธรรมรักษ์",
        "ผู้ประเมินอิสระ",
        "0-2356-9999",
        ((Role.EVALUATOR, "MOAC"), (Role.EVALUATOR, f"{PROVINCE_CODE_PREFIX}{DEMO_PROVINCE}")),
    ),
    DemoUser(
        "coordinator.doa",
        "นาย",
        "ธนากร",
        "แก้วมณี",
        "นักวิเคราะห์นโยบายและแผนปฏิบัติการ",
        "0-2579-1001",
        ((Role.COORDINATOR, "DOA"), (Role.ADMINISTRATOR, "DOA")),
    ),
    DemoUser(
        "coordinator.cri",
        "นางสาว",
        "กนกวรรณ",
        "ดอยคำ",
        "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ",
        "0-5315-0001",
        ((Role.COORDINATOR, CHIANG_RAI), (Role.COLLECTOR, CHIANG_RAI)),
    ),
    DemoUser(
        "supervisor.doa",
        "นาย",
        "อำนาจ",
        "ชัยมงคล",
        "ผู้อำนวยการกองแผนงานและวิชาการ",
        "0-2579-1002",
        ((Role.SUPERVISOR, "DOA"),),
    ),
    DemoUser(
        "collector.doa",
        "นางสาว",
        "นภัสสร",
        "บุญมา",
        "นักวิชาการเกษตรชำนาญการ",
        "0-2579-1003",
        ((Role.COLLECTOR, "DOA"),),
    ),
    DemoUser(
        "supervisor.cri",
        "นาย",
        "สมชาย",
        "ดอยสูง",
        "รองผู้ว่าราชการจังหวัดเชียงราย",
        "0-5315-0002",
        ((Role.SUPERVISOR, CHIANG_RAI),),
    ),
    DemoUser(
        "governor.cri",
        "นาย",
        "ณรงค์",
        "ศักดิ์ดี",
        "ผู้ว่าราชการจังหวัดเชียงราย",
        "0-5315-0000",
        ((Role.EXECUTIVE, CHIANG_RAI),),
    ),
    # The pool of award assessors (demo/awards.py): no role in any organization, so they see only
    # the award applications they are assigned to.
    DemoUser(
        "assessor",
        "ดร.",
        "ศศิธร",
        "วรเวชกุล",
        "ผู้ตรวจประเมินรางวัล",
        "0-2356-9801",
        (),
    ),
    DemoUser(
        "assessor2",
        "นาย",
        "กิตติพงษ์",
        "ศรีวิไลพันธ์",
        "ผู้ตรวจประเมินรางวัล",
        "0-2356-9802",
        (),
    ),
]
