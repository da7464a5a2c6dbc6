"""The PDF tests' demo world (the demo data with seed 000's texts on DOAE's indicator 16, and a
narrative and two evidence files on DOA's) and the four documents rendered from it, each with the
source strings it must give back."""

from __future__ import annotations

from dataclasses import dataclass

from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import indicators_of
from khamrap.dashboards.selectors import early_warning, rollup
from khamrap.demo.loader import DEMO_EXPLANATION
from khamrap.documents import pdf
from khamrap.reporting.models import Result
from khamrap.rules.thai import format_date

# Seed 000 as it stands: the sheet's description, notes and rationale.
SEED_DESCRIPTION = (
    "การพัฒนาคุณภาพการบริหารจัดการภาครัฐเป็นการนำกรอบการดำเนินการตามพระราชกฤษฎีกาว่าด้วย"
    "หลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. 2546 รวมทั้งหลักเกณฑ์และแนวคิดของ"
    "รางวัลคุณภาพแห่งชาติของสหรัฐอเมริกา ได้แก่ Malcolm Baldrige Quality Award (MBNQA) และ "
    "Thailand Quality Award (TQA) มาศึกษา วิเคราะห์ และเปรียบเทียบเพื่อพัฒนาเป็นเกณฑ์คุณภาพ"
    "การบริหารจัดการภาครัฐ และนำเกณฑ์ดังกล่าวไปส่งเสริมให้จังหวัดใช้ในการยกระดับและพัฒนา"
    "คุณภาพการปฏิบัติงาน ซึ่งเป็นการดำเนินงานที่สอดคล้องกับกลยุทธ์ในการสร้างความเป็นเลิศ"
    "ในระบบราชการ ตามประเด็นยุทธศาสตร์ที่ 6 ด้านการพัฒนาระบบราชการ ของแผนการบริหาร"
    "ราชการแผ่นดิน",
    "การดำเนินงานพัฒนาคุณภาพการบริหารจัดการภาครัฐ คือ การยกระดับและพัฒนาคุณภาพการบริหาร"
    "จัดการของจังหวัดให้สอดคล้องตามพระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการ"
    "บ้านเมืองที่ดี พ.ศ. 2546 โดยส่วนราชการต้องทำการประเมินตนเองเพื่อหาจุดแข็งและโอกาส"
    "ในการปรับปรุงองค์กร ตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ",
    "ในปีงบประมาณ พ.ศ. 2548 สำนักงาน ก.พ.ร. ได้เริ่มเตรียมความพร้อมในการยกระดับและพัฒนา"
    "คุณภาพการบริหารจัดการภาครัฐให้กับจังหวัดต่าง ๆ โดยการให้ความรู้พื้นฐานในการประเมินตนเอง "
    "สำหรับในระยะต่อไป จะเป็นการส่งเสริมให้จังหวัดดำเนินการในเรื่องต่าง ๆ เพิ่มเติมต่อไป"
    "ตามแนวทางที่สำนักงาน ก.พ.ร. กำหนดไว้ สำหรับการดำเนินการตามตัวชี้วัดนี้ สำนักงาน ก.พ.ร. "
    "จะได้จัดทำคู่มือแนวทางการดำเนินการพัฒนาคุณภาพการบริหารจัดการภาครัฐ เพื่อให้จังหวัด"
    "ใช้เป็นแนวทางดำเนินการในรายละเอียดต่อไป",
)
SEED_NOTES = (
    "- ความครบถ้วนของขั้นตอนที่ 4 และ 5 หมายถึง ความครบถ้วนของการตอบคำถามตามแนวทางและเกณฑ์"
    "คุณภาพการบริหารจัดการภาครัฐ ตามแบบฟอร์มที่ ก.พ.ร. กำหนด",
    "- ให้จังหวัดคัดเลือกอย่างน้อย 1 หน่วยงานมาดำเนินการพัฒนาคุณภาพการบริหารจัดการภาครัฐ "
    "โดยหน่วยงานที่คัดเลือกต้องมีคุณลักษณะขององค์กรตามที่ ก.พ.ร. กำหนด",
)
SEED_RATIONALE = (
    "- มติคณะรัฐมนตรี เมื่อวันที่ 28 มิ.ย. 48 ได้เห็นชอบข้อเสนอของสำนักงาน ก.พ.ร. ในการยกระดับ"
    "และพัฒนาคุณภาพการบริหารจัดการภาครัฐ เพื่อรองรับการพัฒนากระบวนการในขั้นต่อไป",
    "- ประเด็นยุทธศาสตร์ที่ 6 (การพัฒนากฎหมายและส่งเสริมการบริหารกิจการบ้านเมืองที่ดี) ตามแผน"
    "การบริหารราชการแผ่นดิน พ.ศ. 2548 – 2551 ได้กำหนดกลยุทธ์หลักในการเสริมสร้างความเป็นเลิศ"
    "ในการปฏิบัติราชการโดยการพัฒนาคุณภาพมาตรฐานกาทำงานของภาครัฐ ให้อยู่ในระดับและเกณฑ์"
    "ที่สามารถยอมรับได้",
)
# The sheet's last line in seed 000, after "หมายเหตุ : ".
SEED_CLOSING_NOTE = "รูปแบบการกำหนดเกณฑ์การให้คะแนนอาจปรับเปลี่ยนได้ตามความเหมาะสมของแต่ละตัวชี้วัด"
NARRATIVE = {
    "performance": (
        "จัดประชุมชี้แจงทั้งสี่ภาคและจัดตั้งคณะทำงานครบทุกหน่วยงาน ดำเนินการตามแผนทั้งหมด "
        "รวมทั้งสั่งการให้สำนักงานเกษตรจังหวัดรายงานความก้าวหน้าทุกเดือน"
    ),
    "obstacles": "งบประมาณสำหรับการอบรมได้รับการจัดสรรล่าช้า ทำให้ขั้นตอนที่ 3 เลื่อนออกไป",
    "suggestions": "ควรกำหนดปฏิทินการดำเนินงานร่วมกับสำนักงาน ก.พ.ร. ตั้งแต่ต้นปีงบประมาณ",
}
EVIDENCE_NAMES = ("รายงานการประชุมชี้แจง ครั้งที่ 1.pdf", "คำสั่งแต่งตั้งคณะทำงาน.pdf")


@dataclass
class Demo:
    doae: Agreement
    doa: Agreement
    six_months: object
    sheet_indicator: Indicator
    admin: object
    coordinator: object
    other_coordinator: object
    nobody: object


def sheet_document(demo: Demo, **options) -> tuple[bytes, list[str]]:
    indicator = next(i for i in indicators_of(demo.doae) if i.pk == demo.sheet_indicator.pk)
    people = [*indicator.supervisors.all(), *indicator.collectors.all()]
    references = [
        "รายงานผลการปฏิบัติราชการตามคำรับรองฯ (ตามตัวชี้วัด)",
        indicator.group.name_th,
        f"ชื่อตัวชี้วัดที่ : {indicator.number} {indicator.name}",
        *(p.display_name for p in people),
        *(p.phone for p in people if p.phone),
        *SEED_DESCRIPTION,
        *(step.description for step in indicator.steps.all()),
        *SEED_NOTES,
        *SEED_RATIONALE,
        f"หมายเหตุ : {SEED_CLOSING_NOTE}",
    ]
    return pdf.render_indicator_sheet(indicator, **options), references


def agreement_document(demo: Demo, **options) -> tuple[bytes, list[str]]:
    agreement = demo.doae
    year = agreement.fiscal_year
    indicators = indicators_of(agreement)
    references = [
        "คำรับรองการปฏิบัติราชการ",
        agreement.organization.name_th,
        f"ประจำปีงบประมาณ พ.ศ. {year.year}",
        f"{agreement.promisee_name} {agreement.promisee_position} ผู้รับคำรับรอง",
        f"กับ {agreement.promisor_name} {agreement.promisor_position} ผู้ทำคำรับรอง",
        f"เริ่มตั้งแต่วันที่ {format_date(year.starts_on)} ถึงวันที่ {format_date(year.ends_on)}",
        f"วันที่ {format_date(agreement.signed_on)}",
        f"({agreement.promisee_name})",
        f"({agreement.promisor_name})",
        *{i.group.name_th for i in indicators},
        *(i.name for i in indicators),
    ]
    return pdf.render_agreement(agreement, **options), references


def sar_document(demo: Demo, **options) -> tuple[bytes, list[str]]:
    agreement, six = demo.doa, demo.six_months
    results = Result.objects.filter(indicator__agreement=agreement, reporting_round=six)
    references = [
        "รายงานผลการประเมินตนเอง (Self Assessment Report: SAR)",
        agreement.organization.name_th,
        f"ผลการดำเนินงาน ณ วันที่ {format_date(six.cutoff_date)}",
        f"กำหนดส่ง {format_date(six.deadline)}",
        "3.4267",
        *(i.name for i in indicators_of(agreement)),
        *NARRATIVE.values(),
        DEMO_EXPLANATION,
        *(name for name in EVIDENCE_NAMES),
        *(f"{r.self_score:.4f}" for r in results if r.self_score is not None),
    ]
    return pdf.render_sar(agreement, six, **options), references


def summary_document(demo: Demo, **options) -> tuple[bytes, list[str]]:
    year = demo.doae.fiscal_year
    totals = rollup(demo.admin, year, 6)
    at_risk = [w.indicator.name for t in totals for w in early_warning(t.agreement) if w.at_risk]
    references = [
        "สรุปผลการดำเนินงานตามคำรับรองการปฏิบัติราชการสำหรับผู้บริหาร",
        f"รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. {year.year}",
        "ผลการดำเนินงาน ณ วันที่ 31 มีนาคม 2569",
        *(t.agreement.organization.name_th for t in totals),
        *(f"{t.total_final:.4f}" for t in totals),
        "3.4350",
        *at_risk,
    ]
    return pdf.render_summary(year, 6, demo.admin, **options), references


DOCUMENTS = {
    "indicator_sheet": sheet_document,
    "agreement": agreement_document,
    "sar": sar_document,
    "summary": summary_document,
}
