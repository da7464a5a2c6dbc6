"""The fixed tables the national dataset draws from: its sizes, the ministries, people's names, the
25 indicators of every agreement, and how far each round has gone.

All Thai text here is data (names of ministries, people, indicators), not interface strings.
"""

from __future__ import annotations

from decimal import Decimal

from khamrap.organizations.choices import Role

NATIONAL_PASSWORD = "khamrap-national"
NATIONAL_DOMAIN = "national.khamrap.example"  # every generated user's e-mail ends with it
NATIONAL_YEAR = 2569
ROUND_MONTHS = (6, 9, 12)
BATCH = 1000  # rows per INSERT
CHUNK = 200  # agreements built in memory at a time

# Full size: 20 ministries, 300 departments, the 77 provinces, about 5,000 units under them.
FULL_MINISTRIES = 20
FULL_DEPARTMENTS = 300
FULL_PROVINCES = 77
FULL_DEPARTMENT_UNITS = 3600  # bureaus and divisions, 12 a department
FULL_PROVINCE_UNITS = 1400  # provincial offices, about 18 a province

# Username prefixes: <prefix>-<organization code in lower case>, e.g. coord-nm01-d01.
ORGANIZATION_ROLES = {
    "coord": Role.COORDINATOR,
    "collect": Role.COLLECTOR,
    "super": Role.SUPERVISOR,
    "exec": Role.EXECUTIVE,
}
# Only at the top of the tree (ministries and provinces): they reach everything below.
TOP_ROLES = {"eval": Role.EVALUATOR, "admin": Role.ADMINISTRATOR}

# The twenty ministries (the Office of the Prime Minister counts as one): Thai, English, abbreviation.
MINISTRIES = [
    ("สำนักนายกรัฐมนตรี", "Office of the Prime Minister", "นร."),
    ("กระทรวงกลาโหม", "Ministry of Defence", "กห."),
    ("กระทรวงการคลัง", "Ministry of Finance", "กค."),
    ("กระทรวงการต่างประเทศ", "Ministry of Foreign Affairs", "กต."),
    ("กระทรวงการท่องเที่ยวและกีฬา", "Ministry of Tourism and Sports", "กก."),
    (
        "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        "Ministry of Social Development and Human Security",
        "พม.",
    ),
    (
        "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
        "Ministry of Higher Education, Science, Research and Innovation",
        "อว.",
    ),
    ("กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture and Cooperatives", "กษ."),
    ("กระทรวงคมนาคม", "Ministry of Transport", "คค."),
    (
        "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        "Ministry of Natural Resources and Environment",
        "ทส.",
    ),
    ("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society", "ดศ."),
    ("กระทรวงพลังงาน", "Ministry of Energy", "พน."),
    ("กระทรวงพาณิชย์", "Ministry of Commerce", "พณ."),
    ("กระทรวงมหาดไทย", "Ministry of Interior", "มท."),
    ("กระทรวงยุติธรรม", "Ministry of Justice", "ยธ."),
    ("กระทรวงแรงงาน", "Ministry of Labour", "รง."),
    ("กระทรวงวัฒนธรรม", "Ministry of Culture", "วธ."),
    ("กระทรวงศึกษาธิการ", "Ministry of Education", "ศธ."),
    ("กระทรวงสาธารณสุข", "Ministry of Public Health", "สธ."),
    ("กระทรวงอุตสาหกรรม", "Ministry of Industry", "อก."),
]

TITLES = ["นาย", "นาง", "นางสาว"]
FIRST_NAMES = [
    "สมชาย", "สมหญิง", "ประเสริฐ", "วิไลวรรณ", "ธนากร", "กนกวรรณ", "อำนาจ", "นภัสสร", "วิชัย",
    "สุดารัตน์", "พรทิพย์", "ณรงค์", "อรุณี", "เกษม", "วิทยา", "จันทร์เพ็ญ", "ปิยะ", "รัตนา",
]  # fmt: skip
LAST_NAMES = [
    "ศรีสุข", "วงศ์ไทย", "มีสุข", "รุ่งเรือง", "ธรรมรักษ์", "แก้วมณี", "ดอยคำ", "ชัยมงคล", "บุญมา",
    "ศักดิ์ดี", "ทองดี", "ใจงาม", "สายสุวรรณ", "พูลสวัสดิ์", "เจริญผล", "นาคสวัสดิ์",
]  # fmt: skip
POSITIONS = {
    "coord": "นักวิเคราะห์นโยบายและแผนชำนาญการ",
    "collect": "นักวิชาการชำนาญการ",
    "super": "ผู้อำนวยการกองแผนงาน",
    "exec": "หัวหน้าส่วนราชการ",
    "eval": "ผู้ประเมินอิสระ",
    "admin": "ผู้ดูแลระบบของหน่วยงาน",
}

MILESTONE_STEPS = [
    ("จัดประชุมชี้แจงให้ความรู้", "รายงานการประชุม"),
    ("จัดตั้งคณะทำงานและจัดทำแผน", "คำสั่งแต่งตั้งและแผนที่ผู้บังคับบัญชาอนุมัติ"),
    ("ดำเนินการตามแผน", "รายงานความก้าวหน้า"),
    ("ติดตามและประเมินผล", "รายงานการติดตามผล"),
    ("สรุปผลและเสนอผู้บริหาร", "รายงานสรุปผลการดำเนินงาน"),
]

# The 25 indicators of every agreement: framework group key and scoring kind, in order.
# 7 numeric (higher), 4 numeric (lower), 5 milestone, 4 mixed, 2 pass/fail, 3 composites.
N, NL, M, MX, PF, C = "numeric", "numeric_lower", "milestone", "mixed", "pass_fail", "composite"
LAYOUT = [
    ("1", N), ("1", N), ("1", M), ("1", NL), ("1", MX),
    ("1", C), ("1", N), ("1", PF), ("1", M), ("1", N),
    ("2", NL), ("2", N), ("2", MX), ("2", M), ("2", C),
    ("3", N), ("3", NL), ("3", MX), ("3", PF), ("3", M),
    ("4", N), ("4", NL), ("4", M), ("4", C), ("4", MX),
]  # fmt: skip
NAMES = {
    N: ("ร้อยละความสำเร็จของการดำเนินงานตามแผนงานด้าน{topic}", "ร้อยละ"),
    NL: ("ระยะเวลาเฉลี่ยในการให้บริการด้าน{topic}", "วัน"),
    M: ("ระดับความสำเร็จของการพัฒนาระบบงานด้าน{topic}", ""),
    MX: ("ระดับความสำเร็จของการขับเคลื่อนโครงการด้าน{topic}", "ร้อยละ"),
    PF: ("การจัดทำรายงานด้าน{topic}แล้วเสร็จตามกำหนด", ""),
    C: ("ดัชนีรวมด้าน{topic}", ""),
}
TOPICS = [
    "การเบิกจ่ายงบประมาณ", "การบริการประชาชน", "การพัฒนาบุคลากร", "ความพึงพอใจของผู้รับบริการ",
    "การลดต้นทุน", "รัฐบาลดิจิทัล", "การควบคุมภายใน", "การจัดการความรู้", "การลดระยะเวลาบริการ",
    "การบริหารความเสี่ยง", "การมีส่วนร่วมของประชาชน", "ความโปร่งใส", "นวัตกรรมการบริการ",
    "การประหยัดพลังงาน", "ข้อมูลเปิดภาครัฐ", "การพัฒนาพื้นที่",
]  # fmt: skip
# A composite's parts: (kind, weight).
COMPOSITE_PARTS = [
    [(N, Decimal(60)), (PF, Decimal(40))],
    [(N, Decimal(40)), (M, Decimal(30)), (PF, Decimal(30))],
]
WEIGHT = Decimal("4.0000")  # 25 × 4 = 100
PLACES = Decimal("0.0001")

# How far each round's report has gone, agreement by agreement: (6 months, 9 months, 12 months).
# The first profiles are given in this order so that even a tiny dataset shows every state; the
# 12-month round is mostly open: the deadline-day load test saves results in it.
PROFILES = [
    ("closed", "submitted", "open"),
    ("closed", "open", "open"),
    ("submitted", "submitted", "open"),
    ("closed", "closed", "submitted"),
    ("open", "open", "open"),
    ("closed", "closed", "open"),
]
PROFILE_WEIGHTS = [3, 2, 1, 1, 1, 3]
# Results of an open report: no result yet, draft, submitted, returned, approved.
OPEN_RESULT_STATUSES = [None, "draft", "submitted", "returned", "approved"]
OPEN_RESULT_WEIGHTS = {6: [5, 20, 25, 10, 40], 9: [15, 30, 20, 10, 25], 12: [25, 35, 15, 15, 10]}
EXPLANATION = "งบประมาณได้รับการจัดสรรล่าช้ากว่าแผน จะเร่งดำเนินการในไตรมาสถัดไป"
RETURN_COMMENT = "กรุณาแนบหลักฐานให้ครบถ้วน"
VERIFY_REASON = "หลักฐานบางส่วนไม่ครบถ้วน"


def quantized(value: float | Decimal) -> Decimal:
    """A figure to two decimals, stored with the four places of an indicator's numbers."""
    return Decimal(str(value)).quantize(Decimal("0.01")).quantize(PLACES)
