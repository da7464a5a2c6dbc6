"""The frameworks and reform issues that ship with khamrap (data, not code: editable in the admin)."""

from decimal import Decimal

# (code, Thai name, English name, group label, groups: (key, Thai, English))
FRAMEWORKS = [
    (
        "dimensions-4",
        "กรอบการประเมิน 4 มิติ",
        "Four dimensions",
        "มิติ",
        [
            ("1", "มิติที่ 1 ด้านประสิทธิผลตามแผนปฏิบัติราชการ", "Dimension 1: effectiveness"),
            ("2", "มิติที่ 2 ด้านคุณภาพการให้บริการ", "Dimension 2: service quality"),
            ("3", "มิติที่ 3 ด้านประสิทธิภาพของการปฏิบัติราชการ", "Dimension 3: efficiency"),
            ("4", "มิติที่ 4 ด้านการพัฒนาองค์กร", "Dimension 4: organizational development"),
        ],
    ),
    (
        "components-5",
        "กรอบการประเมิน 5 องค์ประกอบ",
        "Five components",
        "องค์ประกอบ",
        [
            (
                "1",
                "องค์ประกอบที่ 1 ประสิทธิภาพในการดำเนินงานตามหลักภารกิจพื้นฐาน (Functional Base)",
                "Component 1: Functional Base",
            ),
            (
                "2",
                "องค์ประกอบที่ 2 ประสิทธิภาพในการดำเนินงานตามหลักภารกิจยุทธศาสตร์หรือภารกิจที่ได้รับมอบหมายเป็นพิเศษ (Agenda Base)",
                "Component 2: Agenda Base",
            ),
            (
                "3",
                "องค์ประกอบที่ 3 ประสิทธิภาพในการดำเนินงานตามหลักภารกิจพื้นที่ หรือการบูรณาการดำเนินงานหลายหน่วยงาน (Area Base)",
                "Component 3: Area Base",
            ),
            (
                "4",
                "องค์ประกอบที่ 4 ประสิทธิภาพในการบริหารจัดการและพัฒนานวัตกรรมในการบริหารจัดการระบบงาน (Innovation Base)",
                "Component 4: Innovation Base",
            ),
            (
                "5",
                "องค์ประกอบที่ 5 ศักยภาพในการเป็นส่วนราชการที่มีความสำคัญเชิงยุทธศาสตร์เพื่อการพัฒนา (Potential Base)",
                "Component 5: Potential Base",
            ),
        ],
    ),
]

# Seed 001: (code, number, Thai, English, mandatory)
REFORM_ISSUES = [
    ("cost-reduction", 1, "การลดค่าใช้จ่าย", "Cost reduction", True),
    ("staffing", 2, "การลดอัตรากำลังหรือจัดสรรอัตรากำลังให้คุ้มค่า", "Reducing or reallocating staff", True),
    ("service-time", 3, "การลดระยะเวลาการให้บริการ", "Shorter service time", True),
    ("service-quality", 4, "คุณภาพการให้บริการ", "Service quality", True),
    ("development-success", 5, "ผลสำเร็จในการพัฒนาการปฏิบัติราชการ", "Success of the development", True),
    (
        "delegation",
        1,
        "การมอบอำนาจการตัดสินใจ การอนุมัติ อนุญาตไปยังระดับปฏิบัติการ และการแก้ไขหรือยกเลิกกฎหมายที่ไม่จำเป็นหรือล้าสมัยหรือเป็นอุปสรรคต่อการปฏิบัติงานหรือการให้บริการ",
        "Delegation and removal of obsolete rules",
        False,
    ),
    ("e-work", 2, "การนำระบบอิเล็กทรอนิกส์มาใช้กับงานบางส่วน", "Electronic systems for some work", False),
    (
        "strategic-plan",
        3,
        "การจัดทำแผนกลยุทธ์ กำหนดเป้าหมายและตัวชี้วัดระดับองค์กร",
        "Strategic plan and organization-level indicators",
        False,
    ),
    (
        "individual-kpi",
        4,
        "การกำหนดเป้าหมายและตัวชี้วัดระดับบุคคลให้สอดคล้องกับองค์กร",
        "Individual targets aligned with the organization",
        False,
    ),
    ("productivity-increase", 5, "การเพิ่มผลิตภาพ", "Higher productivity", False),
    ("productivity-measure", 6, "การวัดผลิตภาพ", "Measuring productivity", False),
    (
        "contestability",
        7,
        "การเปิดโอกาสให้ภาคเอกชนหรือองค์กรพัฒนาที่ไม่แสวงหากำไรสามารถคัดค้านและเข้ามาดำเนินการแข่งขันได้",
        "Contestability by the private and non-profit sectors",
        False,
    ),
    ("unit-cost", 8, "การวัดต้นทุนต่อหน่วย", "Unit cost", False),
    (
        "capital-charge",
        9,
        "การบริหารสินทรัพย์ให้เกิดประสิทธิภาพ (capital charge)",
        "Asset management (capital charge)",
        False,
    ),
    ("e-service", 10, "การให้บริการผ่านทางระบบอิเล็กทรอนิกส์", "Electronic services", False),
    ("internal-control", 11, "การพัฒนาระบบควบคุมภายใน", "Internal control", False),
    ("quality-assurance", 12, "การนำระบบประกันคุณภาพมาใช้", "Quality assurance", False),
    (
        "public-hearing",
        13,
        "การสำรวจและรับฟังความคิดเห็นของประชาชนและจัดให้มีคณะที่ปรึกษาภาคประชาชน",
        "Public hearing and citizen advisory boards",
        False,
    ),
    ("value-for-money", 14, "การตรวจสอบความคุ้มค่าของเงิน", "Value-for-money audit", False),
    (
        "other-innovation",
        15,
        "นวัตกรรมอื่นๆ ที่กรมเสนอและคณะกรรมการเจรจาข้อตกลงและประเมินผลเห็นชอบให้นำมาเสนอในข้อตกลงได้",
        "Other innovations agreed by the committee",
        False,
    ),
]
MANDATORY_ISSUE_COUNT = 5
GROUP_2_OPTIONAL_MINIMUM = 2


def presets_ensure(Framework, FrameworkGroup, ReformIssue) -> None:
    """Create the preset frameworks and issues that are missing; leave edited ones alone."""
    for code, name_th, name_en, label, groups in FRAMEWORKS:
        framework, _created = Framework.objects.get_or_create(
            code=code,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "group_label": label,
                "floor": Decimal(0),
            },
        )
        for order, (key, group_th, group_en) in enumerate(groups, start=1):
            FrameworkGroup.objects.get_or_create(
                framework=framework,
                key=key,
                defaults={"name_th": group_th, "name_en": group_en, "order": order},
            )
    for code, number, name_th, name_en, mandatory in REFORM_ISSUES:
        ReformIssue.objects.get_or_create(
            code=code,
            defaults={
                "number": number,
                "name_th": name_th,
                "name_en": name_en,
                "mandatory": mandatory,
            },
        )
