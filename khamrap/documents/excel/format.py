"""The file format: sheet names, column headers and the limits of an upload.

Sheet names and column headers are the file format, like the keys of an agreement file, so they are
fixed Thai words and not translated (titles, instructions and problem messages are). A `Table` is
what one sheet holds, the part a CSV would hold (columns and rows) and how Excel shows it; the
`*_COLUMNS` tuples are the columns of each table, in order, and say which an import needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from khamrap.lib.filetypes import XLSX
from khamrap.reporting.services import NARRATIVE_FIELDS
from khamrap.rules import agreement_file as af

XLSX_CONTENT_TYPE = XLSX.content_type
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
FIRST_DATA_ROW = 3  # row 1: title, row 2: headers
HELP_WIDTH = 64  # the instructions read down a portrait page
RESULTS_FORMAT = "khamrap-results/1"

INDICATORS_SHEET = "ตัวชี้วัด"
STEPS_SHEET = "ขั้นตอน"
BASELINE_SHEET = "ข้อมูลพื้นฐาน"
LISTS_SHEET = "รายการอ้างอิง"
RESULTS_SHEET = "ผลการดำเนินงาน"
SUMMARY_SHEET = "สรุปคะแนน"
ROLLUP_SHEET = "สรุปรายหน่วยงาน"
HELP_SHEET = "คำแนะนำ"
META_SHEET = "khamrap"

H_NUMBER = "ลำดับตัวชี้วัด"
H_PARENT = "ตัวชี้วัดหลัก"
H_GROUP = "มิติ/องค์ประกอบ"
H_NAME = "ชื่อตัวชี้วัด"
H_WEIGHT = "น้ำหนัก"
H_KIND = "เกณฑ์การให้คะแนน"
H_DIRECTION = "ทิศทาง"
H_UNIT = "หน่วยวัด"
H_TARGETS = tuple(f"ค่าเป้าหมายระดับ {level}" for level in range(1, 6))
H_SUPERVISORS = "ผู้กำกับดูแลตัวชี้วัด"
H_COLLECTORS = "ผู้จัดเก็บข้อมูล"
H_ISSUES = "ประเด็น"
H_ISSUE_NAMES = "ชื่อประเด็น"
H_DESCRIPTION = "คำอธิบาย"
H_FORMULA = "สูตรการคำนวณ"
H_DATA_SOURCE = "แหล่งข้อมูล"
H_NOTES = "หมายเหตุ"
H_RATIONALE = "เหตุผล"
H_STEP = "ขั้นตอนที่"
H_STEP_TEXT = "รายละเอียดขั้นตอน"
H_EVIDENCE = "หลักฐาน"
H_YEAR = "ปีงบประมาณ (พ.ศ.)"
H_VALUE = "ค่า"
H_ORGANIZATION_CODE = "รหัสหน่วยงาน"
H_ORGANIZATION = "หน่วยงาน"
H_STEP_COUNT = "จำนวนขั้นตอน"
H_RESULT = "ผลการดำเนินงาน"
H_STEPS_DONE = "ขั้นตอนที่ทำเสร็จ"
H_PASSED = "ผ่าน/ไม่ผ่าน"
H_SELF_SCORE = "คะแนนประเมินตนเอง"
H_VERIFIED_SCORE = "คะแนนผู้ประเมิน"
H_WEIGHTED = "คะแนนถ่วงน้ำหนัก"
H_STATUS = "สถานะ"
H_VERSION = "รุ่นข้อมูล"
H_RANK = "อันดับ"
H_REPORTED = "ตัวชี้วัดที่รายงานแล้ว"
H_INDICATOR_COUNT = "จำนวนตัวชี้วัด"
H_FINAL_SCORE = "คะแนนที่นับ"
H_STANDING = "สถานะของคะแนน"
H_REPORT_STATUS = "สถานะรายงาน"
H_WEIGHTED_SELF = "คะแนนถ่วงน้ำหนัก (ประเมินตนเอง)"
H_WEIGHTED_FINAL = "คะแนนถ่วงน้ำหนัก (สุดท้าย)"
H_LIST = "รายการ"
H_LIST_VALUE = "ค่าที่ใช้"
H_LIST_MEANING = "ความหมาย"
TOTAL_LABEL = "รวม"
# The narrative of e-SAR, in the order of NARRATIVE_FIELDS.
H_NARRATIVE = {
    "performance": "รายละเอียดผลการดำเนินงาน",
    "supporting_factors": "ปัจจัยสนับสนุน",
    "obstacles": "อุปสรรค",
    "suggestions": "ข้อเสนอแนะ",
    "explanation": "คำชี้แจงกรณีคะแนนต่ำกว่า 3",
}
assert tuple(H_NARRATIVE) == NARRATIVE_FIELDS

KIND_LABELS: dict[str, str] = {kind.value: label for kind, label in af.KIND_LABELS.items()}
DIRECTION_LABELS = {"higher": "ยิ่งมากยิ่งดี", "lower": "ยิ่งน้อยยิ่งดี"}
PASSED_LABELS = {True: "ผ่าน", False: "ไม่ผ่าน"}
# What an import accepts: the Thai labels the drop-down lists offer, and the English codes.
KIND_CHOICES = {
    **{label: kind for kind, label in KIND_LABELS.items()},
    **{k: k for k in KIND_LABELS},
}
DIRECTION_CHOICES = {
    **{label: key for key, label in DIRECTION_LABELS.items()},
    **{k: k for k in DIRECTION_LABELS},
}
PASSED_CHOICES = {
    **{label: value for value, label in PASSED_LABELS.items()},
    "pass": True,
    "fail": False,
    "true": True,
    "false": False,
}
TEXT_FIELDS = {
    "description": H_DESCRIPTION,
    "formula": H_FORMULA,
    "data_source": H_DATA_SOURCE,
    "notes": H_NOTES,
    "rationale": H_RATIONALE,
}

# Column kinds: how a value is written and read.
TEXT, CODE, NUMBER, INTEGER, SCORE = "text", "code", "number", "integer", "score"
NUMBER_FORMATS = {CODE: "@", NUMBER: "General", INTEGER: "0", SCORE: "0.0000"}


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its Thai header, how its values are written, whether an import needs it."""

    header: str
    kind: str = TEXT
    required: bool = False
    hidden: bool = False
    width: int | None = None  # fixed, instead of fitted to the longest cell


@dataclass(frozen=True)
class Table:
    """What one sheet holds: the part a CSV would hold (columns and rows) and how Excel shows it."""

    sheet: str
    title: str
    columns: tuple[Column, ...]
    rows: Iterable[Sequence[object]]
    # header → the values its drop-down list offers
    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    template_rows: int = 0

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)


INDICATOR_COLUMNS = (
    Column(H_NUMBER, CODE, required=True),
    Column(H_PARENT, CODE),
    Column(H_GROUP, CODE, required=True),
    Column(H_NAME, required=True),
    Column(H_WEIGHT, NUMBER, required=True),
    Column(H_KIND, required=True),
    Column(H_DIRECTION),
    Column(H_UNIT),
    *(Column(header, NUMBER, required=True) for header in H_TARGETS),
    Column(H_SUPERVISORS),
    Column(H_COLLECTORS),
    Column(H_ISSUES),
    Column(H_ISSUE_NAMES),  # to read beside the codes; an import reads only the codes
    *(Column(header) for header in TEXT_FIELDS.values()),
)
STEP_COLUMNS = (
    Column(H_NUMBER, CODE, required=True),
    Column(H_STEP, INTEGER, required=True),
    Column(H_STEP_TEXT, required=True),
    Column(H_EVIDENCE),
)
BASELINE_COLUMNS = (
    Column(H_NUMBER, CODE, required=True),
    Column(H_YEAR, INTEGER, required=True),
    Column(H_VALUE, NUMBER, required=True),
)
LIST_COLUMNS = (Column(H_LIST), Column(H_LIST_VALUE, CODE), Column(H_LIST_MEANING))
ORGANIZATION_COLUMNS = (Column(H_ORGANIZATION_CODE, CODE), Column(H_ORGANIZATION))
RESULT_COLUMNS = (
    Column(H_NUMBER, CODE, required=True),
    Column(H_NAME),
    Column(H_KIND),
    Column(H_UNIT),
    Column(H_WEIGHT, NUMBER),
    Column(H_STEP_COUNT, INTEGER),
    Column(H_RESULT, NUMBER, required=True),
    Column(H_STEPS_DONE, NUMBER, required=True),
    Column(H_PASSED, required=True),
    Column(H_SELF_SCORE, SCORE),
    Column(H_VERIFIED_SCORE, SCORE),
    Column(H_WEIGHTED, SCORE),
    Column(H_STATUS),
    *(Column(header) for header in H_NARRATIVE.values()),
    Column(H_VERSION, INTEGER, hidden=True),
)
SUMMARY_COLUMNS = (
    Column(H_GROUP),
    Column(H_WEIGHT, NUMBER),
    Column(H_WEIGHTED_SELF, SCORE),
    Column(H_WEIGHTED_FINAL, SCORE),
)
ROLLUP_COLUMNS = (
    Column(H_RANK, INTEGER),
    *ORGANIZATION_COLUMNS,
    Column(H_REPORTED, INTEGER),
    Column(H_INDICATOR_COUNT, INTEGER),
    Column(H_SELF_SCORE, SCORE),
    Column(H_FINAL_SCORE, SCORE),
    Column(H_STANDING),
    Column(H_REPORT_STATUS),
)
HELP_COLUMNS = (Column(HELP_SHEET, width=HELP_WIDTH),)
