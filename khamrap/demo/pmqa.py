"""The demo's PMQA: two organizations' PMQA years in the demo's fiscal year, told as seed 002 tells
the first years of the Fundamental Level.

- กรมส่งเสริมการเกษตร (the department of the demo's coordinator, supervisor and collector) does its
  first Fundamental-Level year: briefing, working group and plan approved by the ministry's
  executive, training, the organizational profile, category 1 mandatory and category 2 voluntary
  (seed 002's 2552 pattern) all assessed, the preliminary report complete, and an improvement plan
  made from its opportunities for improvement, reported in each round. Its agreement has seed
  000's PMQA indicator (a five-step milestone); LINK_INDICATOR says whether the demo links it.
- จังหวัดเชียงราย (DEMO_PROVINCE) selects its provincial office, takes category 3 mandatory and
  category 6 voluntary (seed 002's 2554 pattern), has its plan approved by the governor and is half
  way: the profile partly written, some items assessed, two projects.

Every row is written through khamrap.pmqa.services, as the pages write it, each step at the
moment the story puts it (the loader's clock), so the history, the events and the reports of the
projects read as they would have. Loading twice changes nothing: a year already there is
left as it is. (A little over 600 lines, most of them the two years' Thai texts, kept beside the
story that uses them.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.models import Agreement, Indicator
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear, ReportingRound
from khamrap.pmqa import services
from khamrap.pmqa.choices import FindingKind, MemberRole, Scope, YearMove
from khamrap.pmqa.models import CriteriaVersion, Finding, Item, PmqaYear, ProfileQuestion
from khamrap.pmqa.services.criteria import shipped_criteria
from khamrap.pmqa.services.work import Evidence
from khamrap.pmqa.services.year import CategoryChoice, Member

from .people import CHIANG_RAI

DEPARTMENT = "DOAE"
RECORDED_DAYS = 7  # projects are reported a week after a round's cut-off, as the results are
# The agreement's PMQA indicator keeps seed 000's name.
PMQA_INDICATOR_NAME = "คุณภาพการบริหารจัดการภาครัฐ"
# Linked, the indicator takes the year's five steps into the first round not yet submitted, the
# 9-month round; the demo leaves it unlinked, because tests of other modules read กรมส่งเสริมการเกษตร's
# 9-month round as the demo's empty round (an empty round prints dashes, the Excel round trip of
# the 6-month results into it, the browser's walk through it). A person links it on the year's
# page and sees the steps arrive; the demo tests link it in their own savepoint.
LINK_INDICATOR = False

Clock = Callable[[dt.datetime], AbstractContextManager[None]]


@dataclass(frozen=True)
class DemoItem:
    """One item's self-assessment: who wrote it on which day (month, day of the fiscal year), a band
    per dimension (0–5, the criteria's six bands), what the organization shows (LD1, …), strengths,
    opportunities for improvement and evidence titles."""

    code: str
    by: str
    on: tuple[int, int]
    ratings: dict[str, int | None]
    met: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    ofis: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoProject:
    """A project of the improvement plan made from the `ofi`-th OFI of item `item`, its deadline
    (month, day of the fiscal year) and the progress reported in each round ({months: (percent,
    what was done)})."""

    item: str
    ofi: int
    title: str
    owner: str
    deadline: tuple[int, int]
    progress: dict[int, tuple[int, str]] = field(default_factory=dict)


# --- กรมส่งเสริมการเกษตร ------------------------------------------------------------------------

DEPARTMENT_PROFILE = {
    "1": "ส่งเสริมและพัฒนาเกษตรกรให้มีความรู้และใช้เทคโนโลยีที่เหมาะสมในการผลิต พัฒนาองค์กรเกษตรกร "
    "กลุ่มเกษตรกรและวิสาหกิจชุมชนให้เข้มแข็ง และให้บริการข้อมูลการเกษตรแก่เกษตรกร "
    "ตามกฎกระทรวงแบ่งส่วนราชการกรมส่งเสริมการเกษตร",
    "2": "วิสัยทัศน์ “องค์กรนำในการส่งเสริมการเกษตร เพื่อให้เกษตรกรพึ่งตนเองได้อย่างยั่งยืน” "
    "เป้าประสงค์หลัก คือ เกษตรกรมีรายได้เพิ่มขึ้น และองค์กรเกษตรกรเข้มแข็ง "
    "ค่านิยม “มุ่งมั่น โปร่งใส ทำงานเป็นทีม บริการด้วยใจ”",
    "3": "ข้าราชการ 9,850 คน และพนักงานราชการ 4,120 คน ร้อยละ 78 ปฏิบัติงานในสำนักงานเกษตรจังหวัด"
    "และสำนักงานเกษตรอำเภอ ร้อยละ 64 จบปริญญาตรี ร้อยละ 29 จบปริญญาโทขึ้นไป อายุเฉลี่ย 46 ปี",
    "4": "ระบบทะเบียนเกษตรกรอิเล็กทรอนิกส์ ระบบรายงานผลการส่งเสริมการเกษตรออนไลน์ "
    "ศูนย์เรียนรู้การเพิ่มประสิทธิภาพการผลิตสินค้าเกษตรประจำอำเภอ 882 แห่ง "
    "และห้องปฏิบัติการตรวจวิเคราะห์ดินและศัตรูพืชของศูนย์ส่งเสริมและพัฒนาการเกษตร",
    "5": "พระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. 2546 "
    "พระราชบัญญัติส่งเสริมวิสาหกิจชุมชน พ.ศ. 2548 ระเบียบกระทรวงเกษตรและสหกรณ์ว่าด้วยการขึ้นทะเบียนเกษตรกร "
    "และระเบียบว่าด้วยการช่วยเหลือผู้ประสบภัยพิบัติกรณีฉุกเฉินด้านพืช",
    "6": "อธิบดีและรองอธิบดี 3 คน กำกับ 14 สำนัก/กอง สำนักงานส่งเสริมและพัฒนาการเกษตรเขต 6 แห่ง "
    "สำนักงานเกษตรจังหวัด 77 แห่ง และสำนักงานเกษตรอำเภอ 882 แห่ง "
    "มีคณะกรรมการบริหารความเสี่ยงและควบคุมภายใน และผู้ตรวจสอบภายในรายงานตรงต่ออธิบดี",
    "7": "ผู้รับบริการหลักคือเกษตรกรที่ขึ้นทะเบียน กลุ่มเกษตรกรและวิสาหกิจชุมชน "
    "ต้องการความรู้ด้านการผลิต ข้อมูลราคาและตลาด และบริการที่รวดเร็วใกล้บ้าน "
    "ผู้มีส่วนได้ส่วนเสีย ได้แก่ องค์กรปกครองส่วนท้องถิ่น ภาคเอกชนผู้รับซื้อผลผลิต และสถาบันการศึกษา",
    "8": "กรมวิชาการเกษตรส่งมอบพันธุ์พืชและเทคโนโลยีการผลิต ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร"
    "สนับสนุนสินเชื่อ กรมพัฒนาที่ดินร่วมปรับปรุงบำรุงดิน และองค์กรปกครองส่วนท้องถิ่นร่วมจัดเวทีชุมชน",
    "9": "เปรียบเทียบผลการดำเนินงานกับกรมในกลุ่มเดียวกันผ่านคำรับรองการปฏิบัติราชการทุกรอบ "
    "ผลคะแนนเฉลี่ยปีที่ผ่านมาอยู่ในกลุ่มสูงของกระทรวง แต่ด้านคุณภาพการให้บริการยังต่ำกว่าค่ากลางของกลุ่ม",
    "10": "ความเชื่อถือของเกษตรกรต่อเจ้าหน้าที่ส่งเสริมในพื้นที่ เครือข่ายอาสาสมัครเกษตรหมู่บ้าน "
    "และข้อมูลทะเบียนเกษตรกรที่ถูกต้องเป็นปัจจุบัน",
    "11": "ผลคำรับรองการปฏิบัติราชการของกรมในกลุ่มเดียวกัน สถิติของสำนักงานเศรษฐกิจการเกษตร "
    "และผลสำรวจความพึงพอใจของผู้รับบริการที่จัดทำโดยสถาบันการศึกษา",
    "12": "ด้านพันธกิจ: สภาพภูมิอากาศแปรปรวนและราคาสินค้าเกษตรผันผวน "
    "ด้านการปฏิบัติการ: ข้อมูลจากหลายระบบยังไม่เชื่อมโยงกัน "
    "ด้านบุคลากร: ผู้มีประสบการณ์จะเกษียณอายุราชการจำนวนมากในอีก 5 ปี",
    "13": "ทบทวนผลการดำเนินงานทุกไตรมาสในที่ประชุมผู้บริหารกรม จัดการความรู้ผ่านชุมชนนักปฏิบัติ"
    "ของนักวิชาการส่งเสริมการเกษตร และเผยแพร่แนวปฏิบัติที่ดีในคลังความรู้ของกรม",
}
# The profile as far as it was written at the first sitting (section 1); the rest came in April.
DEPARTMENT_PROFILE_FIRST = ("1", "2", "3", "4", "5", "6", "7", "8")

DEPARTMENT_ITEMS = (
    DemoItem(
        "1.1",
        "coordinator",
        (2, 20),
        {"A": 3, "D": 3, "L": 2, "I": 2},
        met=("LD1", "LD2", "LD3", "LD5"),
        strengths=(
            "ผู้บริหารกำหนดวิสัยทัศน์และค่านิยมชัดเจน และสื่อสารผ่านการประชุมผู้บริหารประจำเดือน"
            "และการประชุมทางไกลถึงสำนักงานเกษตรจังหวัดทุกแห่ง",
            "อธิบดีติดตามผลการดำเนินงานตามคำรับรองการปฏิบัติราชการทุกไตรมาส",
        ),
        ofis=(
            "ยังไม่ได้ทบทวนวิสัยทัศน์และค่านิยมร่วมกับผู้มีส่วนได้ส่วนเสีย เช่น ผู้แทนเกษตรกรและวิสาหกิจชุมชน",
            "การสื่อสารทิศทางองค์การยังไปไม่ถึงเจ้าหน้าที่ระดับอำเภออย่างทั่วถึง และยังไม่วัดผลการรับรู้",
        ),
        evidence=(
            "บันทึกการประชุมผู้บริหารกรมส่งเสริมการเกษตร ประจำเดือนพฤศจิกายน 2568",
            "แผนปฏิบัติราชการกรมส่งเสริมการเกษตร ประจำปีงบประมาณ พ.ศ. 2569",
        ),
    ),
    DemoItem(
        "1.2",
        "coordinator",
        (2, 24),
        {"A": 3, "D": 2, "L": 2, "I": 1},
        met=("LD6",),
        strengths=("ประกาศนโยบายการกำกับดูแลองค์การที่ดีและเผยแพร่บนเว็บไซต์ของกรม",),
        ofis=(
            "ยังไม่มีระบบประเมินผลกระทบทางลบต่อสังคมและสิ่งแวดล้อมจากการส่งเสริมการใช้สารเคมีทางการเกษตร",
            "การรายงานผลการปฏิบัติตามนโยบายธรรมาภิบาลยังไม่ครบทุกสำนัก/กอง",
            "ยังไม่มีช่องทางให้เกษตรกรแจ้งเบาะแสการทุจริตที่ตรวจสอบสถานะเรื่องได้เอง",
        ),
        evidence=(
            "ประกาศนโยบายการกำกับดูแลองค์การที่ดี กรมส่งเสริมการเกษตร",
            "รายงานผลการดำเนินงานของศูนย์ปฏิบัติการต่อต้านการทุจริต ปี 2568",
        ),
    ),
    DemoItem(
        "2.1",
        "supervisor",
        (3, 10),
        {"A": 4, "D": 3, "L": 3, "I": 2},
        met=("SP1", "SP2", "SP3"),
        strengths=(
            "จัดทำแผนยุทธศาสตร์จากข้อมูลทะเบียนเกษตรกรและผลสำรวจความต้องการของเกษตรกร",
            "รับฟังความคิดเห็นจากสำนักงานเกษตรจังหวัดทุกภาคก่อนจัดทำแผน",
            "ทบทวนแผนยุทธศาสตร์ทุกปีเมื่อสิ้นปีงบประมาณ",
        ),
        ofis=("การวิเคราะห์ความเสี่ยงเชิงยุทธศาสตร์ยังไม่ครอบคลุมผลกระทบจากการเปลี่ยนแปลงสภาพภูมิอากาศ",),
        evidence=(
            "แผนยุทธศาสตร์กรมส่งเสริมการเกษตร พ.ศ. 2566–2570 (ฉบับทบทวน)",
            "รายงานการประชุมเชิงปฏิบัติการทบทวนแผนยุทธศาสตร์ ปี 2569",
        ),
    ),
    DemoItem(
        "2.2",
        "supervisor",
        (3, 12),
        {"A": 4, "D": 2, "L": 2, "I": 1},
        met=("SP5", "SP6"),
        strengths=("ถ่ายทอดตัวชี้วัดตามคำรับรองลงสู่ระดับสำนัก/กองและสำนักงานเกษตรจังหวัดครบทุกแห่ง",),
        ofis=(
            "ตัวชี้วัดยังไม่ถ่ายทอดถึงระดับบุคคลอย่างเป็นระบบ",
            "ยังไม่มีระบบติดตามการจัดสรรงบประมาณและอัตรากำลังให้สอดคล้องกับแผนปฏิบัติการ",
        ),
        evidence=(
            "คำรับรองการปฏิบัติราชการระดับสำนัก/กอง ปีงบประมาณ พ.ศ. 2569",
            "รายงานการติดตามผลการดำเนินงานรายไตรมาส",
        ),
    ),
)

DEPARTMENT_PROJECTS = (
    DemoProject(
        "1.1",
        0,
        "โครงการทบทวนวิสัยทัศน์และค่านิยมร่วมกับผู้มีส่วนได้ส่วนเสีย",
        "กองแผนงาน",
        (6, 30),
        {
            6: (30, "จัดเวทีรับฟังความคิดเห็นผู้แทนเกษตรกร 4 ภาคแล้ว 2 ภาค"),
            9: (100, "ผู้บริหารเห็นชอบวิสัยทัศน์และค่านิยมฉบับทบทวน และประกาศใช้แล้ว"),
        },
    ),
    DemoProject(
        "1.1",
        1,
        "โครงการสื่อสารทิศทางองค์การถึงเจ้าหน้าที่ระดับอำเภอ",
        "กลุ่มพัฒนาระบบบริหาร",
        (8, 31),
        {
            6: (20, "จัดทำสื่อวีดิทัศน์และคู่มือสรุปทิศทางองค์การ"),
            9: (60, "ประชุมทางไกลชี้แจงสำนักงานเกษตรอำเภอแล้ว 540 แห่ง"),
            12: (100, "ชี้แจงครบทุกอำเภอ และสำรวจการรับรู้ได้ร้อยละ 87"),
        },
    ),
    DemoProject(
        "2.1",
        0,
        "โครงการวิเคราะห์ความเสี่ยงเชิงยุทธศาสตร์ด้านการเปลี่ยนแปลงสภาพภูมิอากาศ",
        "กองแผนงาน",
        (9, 30),
        {
            6: (10, "แต่งตั้งคณะทำงานวิเคราะห์ความเสี่ยง"),
            9: (40, "รวบรวมข้อมูลพื้นที่เสี่ยงภัยแล้งและน้ำท่วมรายจังหวัด"),
            12: (85, "ร่างแผนบริหารความเสี่ยงแล้ว รอเสนอผู้บริหาร"),
        },
    ),
    DemoProject(
        "2.2",
        0,
        "โครงการถ่ายทอดตัวชี้วัดสู่ระดับบุคคล",
        "กองการเจ้าหน้าที่",
        (9, 30),
        {
            6: (15, "จัดทำแนวทางการถ่ายทอดตัวชี้วัด"),
            9: (50, "นำร่องในกองแผนงานและกองส่งเสริมการผลิตพืช"),
            12: (100, "ทุกสำนัก/กองจัดทำข้อตกลงการปฏิบัติงานรายบุคคลครบแล้ว"),
        },
    ),
)

# --- จังหวัดเชียงราย ------------------------------------------------------------------------------

PROVINCE_PROFILE = {
    "1": "บริหารราชการส่วนภูมิภาคตามพระราชบัญญัติระเบียบบริหารราชการแผ่นดิน นำนโยบายรัฐบาลสู่การปฏิบัติ "
    "และขับเคลื่อนแผนพัฒนาจังหวัดเชียงราย",
    "2": "วิสัยทัศน์ “เมืองน่าอยู่ เศรษฐกิจก้าวหน้า ประตูการค้าสู่อนุภูมิภาคลุ่มน้ำโขง” "
    "ค่านิยม “ทำงานเชิงรุก บูรณาการ ประชาชนเป็นศูนย์กลาง”",
    "3": "ข้าราชการส่วนภูมิภาคประมาณ 3,400 คนใน 35 ส่วนราชการประจำจังหวัด และ 18 อำเภอ "
    "อายุเฉลี่ย 44 ปี ร้อยละ 70 จบปริญญาตรีขึ้นไป",
    "4": "ศูนย์ปฏิบัติการจังหวัด ระบบสารสนเทศเพื่อการบริหารเชิงยุทธศาสตร์ และระบบรับเรื่องร้องเรียน"
    "ของศูนย์ดำรงธรรมจังหวัด",
    "5": "พระราชบัญญัติระเบียบบริหารราชการแผ่นดิน พ.ศ. 2534 พระราชกฤษฎีกาว่าด้วยการบริหารงานจังหวัด"
    "และกลุ่มจังหวัดแบบบูรณาการ พ.ศ. 2551 และพระราชบัญญัติป้องกันและบรรเทาสาธารณภัย พ.ศ. 2550",
    "6": "ผู้ว่าราชการจังหวัดกำกับดูแลผ่านรองผู้ว่าราชการจังหวัด 3 คน คณะกรมการจังหวัด "
    "และคณะกรรมการบริหารงานจังหวัดแบบบูรณาการ",
    "7": "ประชาชนในจังหวัด เกษตรกร ผู้ประกอบการการค้าชายแดน และนักท่องเที่ยว "
    "ต้องการบริการที่รวดเร็ว การแก้ไขปัญหาหมอกควัน และโครงสร้างพื้นฐานด้านการค้า",
    "8": "ส่วนราชการประจำจังหวัด องค์กรปกครองส่วนท้องถิ่น หอการค้าจังหวัด "
    "และมหาวิทยาลัยในพื้นที่ร่วมจัดทำและขับเคลื่อนแผนพัฒนาจังหวัด",
}

PROVINCE_ITEMS = (
    DemoItem(
        "3.1",
        "supervisor.cri",
        (3, 9),
        {"A": 3, "D": 2, "L": 1, "I": 1},
        met=("CS1", "CS2"),
        strengths=("ศูนย์ดำรงธรรมจังหวัดรับฟังเรื่องร้องเรียนได้หลายช่องทาง ทั้งสายด่วน เว็บไซต์ และไลน์",),
        ofis=(
            "ยังไม่ได้จำแนกกลุ่มผู้รับบริการและความต้องการของแต่ละกลุ่มอย่างเป็นระบบ",
            "ยังไม่นำข้อมูลเรื่องร้องเรียนมาวิเคราะห์เพื่อปรับปรุงบริการ",
        ),
        evidence=("รายงานสรุปเรื่องร้องเรียนของศูนย์ดำรงธรรมจังหวัดเชียงราย ปี 2568",),
    ),
    # Begun: two dimensions rated so far.
    DemoItem(
        "6.1",
        "coordinator.cri",
        (3, 11),
        {"A": 2, "D": 1, "L": None, "I": None},
        ofis=("ยังไม่ได้กำหนดกระบวนการที่สร้างคุณค่าของจังหวัดและข้อกำหนดที่สำคัญของแต่ละกระบวนการ",),
    ),
)

PROVINCE_PROJECTS = (
    DemoProject(
        "3.1",
        1,
        "โครงการวิเคราะห์เรื่องร้องเรียนเพื่อปรับปรุงบริการของส่วนราชการประจำจังหวัด",
        "ศูนย์ดำรงธรรมจังหวัดเชียงราย",
        (9, 30),
        {6: (25, "รวบรวมและจัดหมวดหมู่เรื่องร้องเรียนย้อนหลัง 2 ปีแล้ว")},
    ),
    DemoProject(
        "3.1",
        0,
        "โครงการจำแนกกลุ่มผู้รับบริการและความต้องการของจังหวัด",
        "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
        (9, 30),
    ),
)


# --- loading ---------------------------------------------------------------------------------


def demo_pmqa(*, clock: Clock) -> int:
    """Load the demo's PMQA years; returns how many were new. `clock` runs the services inside it
    as on a moment (or now, if the moment is still to come): the loader's own."""
    criteria = shipped_criteria()
    department = Organization.objects.get(code=DEPARTMENT)
    agreement = (
        Agreement.objects.filter(organization=department)
        .select_related("fiscal_year")
        .order_by("-fiscal_year__year")
        .first()
    )
    if agreement is None:
        return 0
    fiscal_year = agreement.fiscal_year  # the demo's year: its agreements' and rounds'
    story = _Story(clock, fiscal_year, criteria)
    created = 0
    if not PmqaYear.objects.filter(organization=department, fiscal_year=fiscal_year).exists():
        story.department(department, pmqa_indicator(agreement) if LINK_INDICATOR else None)
        created += 1
    province = Organization.objects.get(code=CHIANG_RAI)
    if not PmqaYear.objects.filter(organization=province, fiscal_year=fiscal_year).exists():
        story.province(province)
        created += 1
    return created


def pmqa_indicator(agreement: Agreement) -> Indicator | None:
    """The agreement's PMQA indicator: a top-level milestone of five steps under seed 000's name."""
    return (
        agreement.indicators.filter(
            kind=ScoringKind.MILESTONE,
            parent__isnull=True,
            retired_from__isnull=True,
            name__contains=PMQA_INDICATOR_NAME,
        )
        .annotate(step_count=Count("steps"))
        .filter(step_count=services.indicator.STEPS)
        .first()
    )


def _user(username: str):
    return get_user_model().objects.get(username=username)


class _Story:
    """The steps of a PMQA year, each run through a service at its moment of the story."""

    def __init__(self, clock: Clock, fiscal_year: FiscalYear, criteria: CriteriaVersion) -> None:
        self.clock = clock
        self.fiscal_year = fiscal_year
        self.criteria = criteria
        # Activities cannot be held in the future: when the story's day is still to come, today.
        self.today = timezone.localdate()
        self.rounds = {r.months: r for r in fiscal_year.rounds.all()}

    def on(self, month: int, day: int, hour: int = 10) -> AbstractContextManager[None]:
        """Run as on `day`/`month` of the fiscal year (October to September) at `hour`."""
        moment = dt.datetime.combine(self.day(month, day), dt.time(hour))
        return self.clock(timezone.make_aware(moment))

    def day(self, month: int, day: int) -> dt.date:
        """The day of the fiscal year, or the Monday after it when it falls on a weekend."""
        start = self.fiscal_year.starts_on
        found = dt.date(start.year + (month < start.month), month, day)
        return found + dt.timedelta(days=7 - found.weekday()) if found.weekday() >= 5 else found

    def held(self, month: int, day: int) -> dt.date:
        return min(self.day(month, day), self.today)

    def answer(self, year: PmqaYear, user, texts: dict[str, str], numbers: Sequence[str]) -> None:
        questions = dict(
            ProfileQuestion.objects.filter(section__version=self.criteria).values_list(
                "number", "pk"
            )
        )
        services.profile_save(
            year=year, user=user, answers={questions[n]: texts[n] for n in numbers}
        )

    def assess(self, year: PmqaYear, entries: Sequence[DemoItem]) -> None:
        """Each item assessed by its responsible person or the coordinator, on its day."""
        for entry in entries:
            item = Item.objects.get(category__version=self.criteria, code=entry.code)
            with self.on(*entry.on):
                services.assessment_save(
                    year=year,
                    item=item,
                    user=_user(entry.by),
                    version=1,
                    ratings=entry.ratings,
                    strengths=entry.strengths,
                    ofis=entry.ofis,
                    evidence=[Evidence(title) for title in entry.evidence],
                    requirements_met=entry.met,
                )

    def projects(self, year: PmqaYear, user, entries: Sequence[DemoProject]) -> list:
        made = []
        for entry in entries:
            ofi = Finding.objects.filter(
                assessment__year=year, assessment__item__code=entry.item, kind=FindingKind.OFI
            ).order_by("order")[entry.ofi]
            made.append(
                services.project_save(
                    year=year,
                    user=user,
                    title=entry.title,
                    owner_name=entry.owner,
                    deadline=self.day(*entry.deadline),
                    ofi=ofi,
                )
            )
        return made

    def report(self, projects, entries: Sequence[DemoProject], months: int, user) -> None:
        """The projects' progress in the `months` round, a week after its cut-off."""
        reporting_round: ReportingRound | None = self.rounds.get(months)
        if reporting_round is None:
            return
        moment = dt.datetime.combine(
            reporting_round.cutoff_date + dt.timedelta(days=RECORDED_DAYS), dt.time(10)
        )
        with self.clock(timezone.make_aware(moment)):
            for project, entry in zip(projects, entries, strict=True):
                if months in entry.progress:
                    progress, note = entry.progress[months]
                    services.project_report(
                        project=project,
                        reporting_round=reporting_round,
                        user=user,
                        progress=progress,
                        note=note,
                    )

    def department(self, organization: Organization, indicator: Indicator | None) -> None:
        """กรมส่งเสริมการเกษตร's year, from its briefing to the preliminary report and its projects;
        `indicator`, when given, is linked once the 6-month round is closed."""
        coordinator = _user("coordinator")
        with self.on(10, 21):
            year = services.year_create(
                organization=organization,
                fiscal_year=self.fiscal_year,
                criteria=self.criteria,
                user=coordinator,
            )
        with self.on(11, 14, 15):
            services.activity_record(
                year=year,
                user=coordinator,
                activity="briefing",
                held_on=self.held(11, 14),
                attendees=126,
                note="ประชุมชี้แจงผู้บริหารและผู้แทนทุกสำนัก/กอง ณ ห้องประชุมกรมส่งเสริมการเกษตร "
                "และถ่ายทอดผ่านระบบประชุมทางไกลถึงสำนักงานเกษตรจังหวัด",
            )
        with self.on(11, 20):
            services.plan_save(
                year=year,
                user=coordinator,
                categories=[
                    CategoryChoice(1, Scope.MANDATORY, "นายธีรวัฒน์ ก้าวหน้า รองอธิบดีกรมส่งเสริมการเกษตร"),
                    CategoryChoice(
                        2,
                        Scope.VOLUNTARY,
                        "นายประเสริฐ วงศ์ไทย ผู้อำนวยการกองแผนงาน",
                        responsible_user=_user("supervisor"),
                    ),
                ],
            )
            services.working_group_save(
                year=year,
                user=coordinator,
                members=[
                    Member("นายธีรวัฒน์ ก้าวหน้า", "รองอธิบดีกรมส่งเสริมการเกษตร", MemberRole.CHAIR),
                    Member("นายประเสริฐ วงศ์ไทย", "ผู้อำนวยการกองแผนงาน"),
                    Member("นางวรรณา เกษตรสมบูรณ์", "ผู้อำนวยการกองส่งเสริมการผลิตพืช"),
                    Member("นายอนุชา ทองดี", "หัวหน้ากลุ่มพัฒนาระบบบริหาร"),
                    Member(
                        "นางสาวพรทิพย์ ศรีสุข",
                        "นักวิเคราะห์นโยบายและแผนชำนาญการ",
                        MemberRole.SECRETARY,
                    ),
                ],
            )
        with self.on(11, 25):
            services.year_move(year=year, move=YearMove.SUBMIT, user=coordinator)
        with self.on(12, 3, 14):
            services.year_move(
                year=year,
                move=YearMove.APPROVE,
                user=_user("executive"),
                comment="อนุมัติแผนดำเนินการ ให้รายงานความก้าวหน้าในที่ประชุมผู้บริหารทุกเดือน",
            )
        with self.on(1, 15, 16):
            services.activity_record(
                year=year,
                user=coordinator,
                activity="training",
                held_on=self.held(1, 15),
                attendees=48,
                note="อบรมการประเมินองค์การด้วยตนเองตามเกณฑ์ระดับพื้นฐาน วิทยากรจากสำนักงาน ก.พ.ร.",
            )
        with self.on(2, 16):
            self.answer(year, coordinator, DEPARTMENT_PROFILE, DEPARTMENT_PROFILE_FIRST)
        self.assess(year, DEPARTMENT_ITEMS)
        with self.on(3, 20):
            projects = self.projects(year, coordinator, DEPARTMENT_PROJECTS)
        self.report(projects, DEPARTMENT_PROJECTS, 6, coordinator)
        with self.on(4, 20):  # step 4: the rest of the profile
            self.answer(year, coordinator, DEPARTMENT_PROFILE, list(DEPARTMENT_PROFILE))
        if indicator is not None:
            # After the 6-month round is closed: the steps go to the 9-month round's result.
            with self.on(5, 18):
                services.indicator_link(year=year, indicator=indicator, user=coordinator)
        with self.on(6, 19, 15):  # step 5
            services.year_move(year=year, move=YearMove.COMPLETE, user=coordinator)
            if indicator is not None:
                services.indicator_sync(year=year, user=coordinator)
        self.report(projects, DEPARTMENT_PROJECTS, 9, coordinator)
        self.report(projects, DEPARTMENT_PROJECTS, 12, coordinator)

    def province(self, organization: Organization) -> None:
        """จังหวัดเชียงราย's year, half way: plan approved, profile and assessment under way."""
        coordinator = _user("coordinator.cri")
        with self.on(10, 28):
            year = services.year_create(
                organization=organization,
                fiscal_year=self.fiscal_year,
                criteria=self.criteria,
                user=coordinator,
            )
        with self.on(12, 4, 15):
            services.activity_record(
                year=year,
                user=coordinator,
                activity="briefing",
                held_on=self.held(12, 4),
                attendees=85,
                note="ประชุมชี้แจงหัวหน้าส่วนราชการประจำจังหวัด ณ ศาลากลางจังหวัดเชียงราย",
            )
        with self.on(12, 8):
            services.units_save(
                year=year, user=coordinator, units=[Organization.objects.get(code="CRI-PO")]
            )
            services.plan_save(
                year=year,
                user=coordinator,
                categories=[
                    CategoryChoice(
                        3,
                        Scope.MANDATORY,
                        "นายสมชาย ดอยสูง รองผู้ว่าราชการจังหวัดเชียงราย",
                        responsible_user=_user("supervisor.cri"),
                    ),
                    CategoryChoice(
                        6,
                        Scope.VOLUNTARY,
                        "นางอรทัย คำแสน หัวหน้ากลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
                    ),
                ],
            )
            services.working_group_save(
                year=year,
                user=coordinator,
                members=[
                    Member("นายสมชาย ดอยสูง", "รองผู้ว่าราชการจังหวัดเชียงราย", MemberRole.CHAIR),
                    Member("นายวีระพงษ์ แสงคำ", "หัวหน้าสำนักงานจังหวัดเชียงราย"),
                    Member("นางอรทัย คำแสน", "หัวหน้ากลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด"),
                    Member(
                        "นางสาวกนกวรรณ ดอยคำ",
                        "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ",
                        MemberRole.SECRETARY,
                    ),
                ],
            )
        with self.on(12, 10):
            services.year_move(year=year, move=YearMove.SUBMIT, user=coordinator)
        with self.on(12, 17, 14):
            services.year_move(year=year, move=YearMove.APPROVE, user=_user("governor.cri"))
        with self.on(2, 12, 16):
            services.activity_record(
                year=year,
                user=coordinator,
                activity="training",
                held_on=self.held(2, 12),
                attendees=40,
                note="อบรมคณะทำงานและผู้แทนสำนักงานจังหวัดเชียงรายเรื่องการประเมินองค์การด้วยตนเอง",
            )
        with self.on(3, 2):  # section 1 only: the profile is not complete yet
            self.answer(year, coordinator, PROVINCE_PROFILE, list(PROVINCE_PROFILE))
        self.assess(year, PROVINCE_ITEMS)
        with self.on(3, 23):
            projects = self.projects(year, coordinator, PROVINCE_PROJECTS)
        self.report(projects, PROVINCE_PROJECTS, 6, coordinator)
