"""Excel in and out: exports people read, templates they fill in, and imports that take all or nothing.

Out (openpyxl): an agreement's indicators and targets, a round's results with their scores, and a
roll-up of many organizations. Every table is one row generator (`indicator_rows`, `result_rows`,
`rollup_rows`, ...) that yields plain values, so a CSV writer can reuse it; `_write_table` turns a
`Table` into a sheet: the title row (organization, fiscal year), the frozen Thai header row,
numbers as numbers (scores with four decimals), column widths from the longest cell (Thai vowel and
tone marks take no width), Sarabun as the workbook font, rows tall enough for Thai marks (and for
every line of wrapped text), and the print set-up: A4, one page wide, landscape when the columns are
wider than a portrait page, the title and header rows on every page, numbered pages.

In: the same sheets come back. Sheet names and column headers are the file format, like the keys of
an agreement file, so they are fixed Thai words and not translated; titles, instructions and every
problem message go through gettext. Indicators become a `rules.agreement_file.AgreementFile` and go
through `agreements.exchange.agreement_import`, so the database rules stay in one place; results go
through `reporting.services.results_save_many` (result_save's rules for every row, in bulk), with the
uploading person's rights and the version each result had when the file was downloaded. Every problem is reported with its sheet,
row and column, and a file with any problem writes nothing.

What is refused before a row is read: files over MAX_UPLOAD_BYTES, anything that is not an .xlsx
workbook (a PDF or text renamed .xlsx, an old .xls), password-protected workbooks (an OLE2 container
with an EncryptedPackage stream), workbooks that unpack to more than MAX_UNPACKED_BYTES, sheets with
more than MAX_ROWS rows of data, formulas, Excel errors and merged cells in the rows read, and a
results file whose hidden sheet (META_SHEET) is missing or names another organization, fiscal year
or round.
"""

from __future__ import annotations

import io
import logging
import math
import re
import warnings
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.exchange import AgreementImportError, agreement_export, agreement_import
from khamrap.agreements.forms import people_for
from khamrap.agreements.models import Agreement, Indicator, ReformIssue
from khamrap.agreements.selectors import indicators_of_many
from khamrap.dashboards.selectors import rollup
from khamrap.lib.filetypes import OLE2_SIGNATURE, XLS, XLSX, detect_type
from khamrap.lib.permissions import require
from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear, ReportingRound
from khamrap.reporting.choices import STANDING_LABELS, ReportStatus
from khamrap.reporting.models import Result, RoundReport
from khamrap.reporting.selectors import RoundView, build_round_view, round_view
from khamrap.reporting.services import (
    NARRATIVE_FIELDS,
    ResultRow,
    ResultsSaveError,
    results_save_many,
)
from khamrap.rules import agreement_file as af

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = XLSX.content_type
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
# A 10 MB zip of repeated text can unpack to gigabytes; real 10,000-row sheets are a few MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 64
HEADER_SEARCH_ROWS = 10
FIRST_DATA_ROW = 3  # row 1: title, row 2: headers
TEMPLATE_ROWS = 500  # empty rows of a template that get the drop-down lists
FONT_NAME = "Sarabun"
FONT_SIZE = 14
MAX_WIDTH = 60
MIN_WIDTH = 6
HELP_WIDTH = 64  # the instructions read down a portrait page
# Excel sizes a row by the font's Windows ascent and descent: Sarabun's are 1286 + 567 thousandths
# of an em, so a line of Sarabun 14 needs 26 pt where Excel's default row is 15 pt and cuts off the
# tone marks (ที่, นี้ reach 1.25 em up). LibreOffice's line (1.3 em) fits inside.
LINE_EM = 1.853
ROW_PADDING_PT = 2
# A Thai letter of Sarabun is as wide as its "0" (0.55 em), the unit of Excel's column widths, so
# a column W wide holds about W - 1 letters a line; words that do not fit leave a line short.
WRAP_SLACK = 1.1
CHARACTER_PT = FONT_SIZE * 0.55
COLUMN_PADDING_PT = 3.75  # Excel's 5 pixels on either side of a column's text
# A4 between margins of 0.6 inch: 595 - 86 points across a portrait page.
PORTRAIT_PT = 509
MARGINS = PageMargins(left=0.6, right=0.6, top=0.75, bottom=0.75, header=0.3, footer=0.3)
FOUR_PLACES = Decimal("0.0001")
# DecimalField(max_digits=20, decimal_places=4) holds 16 digits before the point.
NUMBER_LIMIT = Decimal(10) ** 16
RESULTS_FORMAT = "khamrap-results/1"
OLE2_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# --- the file format: sheet names and column headers --------------------------------------------

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


# --- writing ---------------------------------------------------------------------------------------


def _new_workbook() -> Workbook:
    """An empty workbook whose default font (the Normal style, font 0) is Sarabun."""
    workbook = Workbook()
    font = Font(name=FONT_NAME, sz=FONT_SIZE, family=2)
    # openpyxl has no public setting for the default font: cells without a font use font 0.
    workbook._fonts = IndexedList([font])
    workbook._named_styles["Normal"].font = copy(font)
    workbook.remove(workbook.active)
    return workbook


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(value: object) -> object:
    """Decimals become Excel numbers (an int when whole), so no number is ever stored as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        # Control characters pasted from other programs are not allowed in a workbook.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _text_width(value: object, kind: str) -> int:
    if value is None or value == "":
        return 0
    if kind == SCORE and isinstance(value, int | float | Decimal):
        text = f"{Decimal(str(value)):.4f}"
    elif isinstance(value, Decimal):
        text = f"{value.normalize():f}"
    else:
        text = str(value)
    return max(af.display_width(line) for line in text.splitlines() or [""])


_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_REQUIRED_FILL = PatternFill("solid", fgColor="B4C6E7")
_BOLD = Font(name=FONT_NAME, sz=FONT_SIZE, family=2, bold=True)
_TITLE = Font(name=FONT_NAME, sz=FONT_SIZE + 2, family=2, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")  # beside a wrapped cell, a row reads from its first line


def _write_table(workbook: Workbook, table: Table) -> Any:
    """Write a table as a sheet: title row, frozen header row, typed cells, fitted column widths."""
    sheet = workbook.create_sheet(table.sheet)
    sheet.append([table.title])
    sheet.cell(row=1, column=1).font = _TITLE
    sheet.append(list(table.headers))
    widths = [af.display_width(header) for header in table.headers]
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=2, column=index)
        cell.font = _BOLD
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = _WRAP
    formats = [NUMBER_FORMATS.get(column.kind) for column in table.columns]
    count = 0
    for row in table.rows:
        count += 1
        values = [_cell_value(value) for value in row]
        sheet.append(values)
        for index, (value, column) in enumerate(zip(values, table.columns, strict=True)):
            widths[index] = max(widths[index], _text_width(value, column.kind))
            if value is None:
                continue
            if formats[index] not in (None, "General"):
                cell = sheet.cell(row=count + FIRST_DATA_ROW - 1, column=index + 1)
                cell.number_format = formats[index]
            if isinstance(value, str) and value.startswith("="):
                # Text such as an indicator's formula ("= A ÷ B × 100") stays text.
                sheet.cell(row=count + FIRST_DATA_ROW - 1, column=index + 1).data_type = "s"
    last_row = FIRST_DATA_ROW + max(count, table.template_rows) - 1
    columns = []  # (width, whether its text is wider) of each column
    for index, column in enumerate(table.columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        width = column.width or min(max(round(widths[index - 1] * 1.1) + 2, MIN_WIDTH), MAX_WIDTH)
        dimension.width = width
        dimension.hidden = column.hidden
        columns.append((width, widths[index - 1] + 2 > width))
        if formats[index - 1] not in (None, "General"):
            # The column's own format reaches the empty rows people fill in later, too.
            dimension.number_format = formats[index - 1]
    _fit_rows(sheet, columns, count)
    for header, choices in table.choices.items():
        index = table.headers.index(header) + 1
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=header,
            error=_("Choose one of the values in the list."),
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{max(last_row, FIRST_DATA_ROW)}")
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    shown = [w for (w, _wider), c in zip(columns, table.columns, strict=True) if not c.hidden]
    _print_setup(sheet, shown)
    return sheet


def row_height(lines: int, size: int = FONT_SIZE) -> float:
    """Points for `lines` lines of Sarabun at `size` pt, in Excel's quarter points, rounded up."""
    return math.ceil((lines * size * LINE_EM + ROW_PADDING_PT) * 4) / 4


def wrapped_lines(text: str, width: float) -> int:
    """The lines a wrapped cell of text takes in a column `width` characters wide."""
    letters = max(width - 1, 1)
    return sum(
        max(1, math.ceil(af.display_width(line) * WRAP_SLACK / letters))
        for line in text.splitlines() or [""]
    )


def _fit_rows(sheet, columns: Sequence[tuple[float, bool]], count: int) -> None:
    """Rows as tall as their Thai text: every written row, and the empty ones by default.

    Text wraps inside its column where it is wider than the column (or has line breaks), and its
    row takes as many lines as the longest such cell; the row's other cells start at its top.
    """
    sheet.sheet_format.defaultRowHeight = row_height(1)
    sheet.sheet_format.customHeight = True
    sheet.row_dimensions[1].height = row_height(1, FONT_SIZE + 2)
    for number, cells in enumerate(
        sheet.iter_rows(min_row=2, max_row=FIRST_DATA_ROW + count - 1), start=2
    ):
        lines = 1
        for cell, (width, wider) in zip(cells, columns, strict=False):
            value = cell.value
            if number >= FIRST_DATA_ROW and value is not None:
                text = isinstance(value, str)
                # Long text wraps inside the widest column allowed instead of running off the page.
                cell.alignment = _WRAP if text and (wider or "\n" in value) else _TOP
            if isinstance(value, str) and cell.alignment.wrap_text:
                lines = max(lines, wrapped_lines(value, width))
        sheet.row_dimensions[number].height = row_height(lines)


def _print_setup(sheet, widths: Sequence[float]) -> None:
    """A4, one page wide and as many down as it takes, the title and header rows on every page,
    landscape when the columns are wider than a portrait page, "หน้า 1 จาก 3" at the foot."""
    across = sum(width * CHARACTER_PT + 2 * COLUMN_PADDING_PT for width in widths)
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if across > PORTRAIT_PT else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # without it Excel ignores fitToWidth
    sheet.print_title_rows = "1:2"
    sheet.page_margins = copy(MARGINS)
    footer = sheet.oddFooter.center
    footer.text = _("Page &P of &N")
    footer.font, footer.size = f"{FONT_NAME},Regular", FONT_SIZE - 2


def _write_help(workbook: Workbook, lines: Sequence[str]) -> None:
    _write_table(
        workbook,
        Table(
            HELP_SHEET, _("How to fill in this workbook"), HELP_COLUMNS, [(line,) for line in lines]
        ),
    )


def _write_meta(workbook: Workbook, reporting_round: ReportingRound, agreement=None) -> None:
    """A hidden sheet naming the round (and agreement) the file was made for.

    An import refuses a file of another organization, year or round (`_identification_problems`);
    the codes, year and months are there so that the refusal can say what does not match.
    """
    sheet = workbook.create_sheet(META_SHEET)
    sheet.append(["format", RESULTS_FORMAT])
    sheet.append(["round", reporting_round.pk])
    sheet.append(["agreement", agreement.pk if agreement is not None else None])
    sheet.append(["organization", agreement.organization.code if agreement is not None else None])
    sheet.append(["fiscal_year", reporting_round.fiscal_year.year])
    sheet.append(["months", reporting_round.months])
    sheet.sheet_state = "hidden"


def _common_help() -> list[str]:
    return [
        _(
            "Write numbers as numbers, not as text; they are kept to 4 decimal places. "
            "Do not use formulas or merged cells: copy the cells and paste them as values."
        ),
        _(
            "Do not rename the sheets or the column headers in row 2. Columns with a darker "
            "header must be there; other columns may be left out."
        ),
        _(
            "If anything is wrong, nothing is imported and every problem is listed with its "
            "sheet, row and column. Correct them and upload the file again."
        ),
        _("At most %(rows)s rows of data a sheet and %(size)s MB a file.")
        % {"rows": f"{MAX_ROWS:,}", "size": MAX_UPLOAD_BYTES // (1024 * 1024)},
    ]


# --- rows of the tables ------------------------------------------------------------------------------


def _names(people: Sequence[af.PersonSpec]) -> str | None:
    return ", ".join(person.name for person in people) or None


def _target_cells(spec: af.IndicatorSpec) -> list[Decimal | None]:
    """Targets by level 1-5: a mixed indicator's first levels are its steps, so they stay empty."""
    targets = list(spec.targets)
    return [None] * (5 - len(targets)) + targets if targets else [None] * 5


def indicator_rows(
    data: af.AgreementFile, issue_names: Mapping[str, str] | None = None
) -> Iterator[tuple]:
    """One row per indicator, each sub-indicator right after its composite (INDICATOR_COLUMNS).

    The reform issues are codes, which an import reads, with their Thai names (`issue_names`,
    code → name) beside them, one a line in the codes' order.
    """
    names = issue_names or {}

    def row(spec: af.IndicatorSpec, parent: af.IndicatorSpec | None) -> tuple:
        return (
            spec.number,
            parent.number if parent else None,
            spec.group,
            spec.name,
            spec.weight,
            KIND_LABELS[spec.kind.value],
            DIRECTION_LABELS[spec.direction.value] if spec.direction else None,
            spec.unit,
            *_target_cells(spec),
            _names(spec.supervisors),
            _names(spec.collectors),
            ", ".join(spec.issues) or None,
            "\n".join(names.get(code, code) for code in spec.issues) or None,
            *(getattr(spec, name) for name in TEXT_FIELDS),
        )

    for spec in data.indicators:
        yield row(spec, None)
        for part in spec.parts:
            yield row(part, spec)


def _issue_names() -> dict[str, str]:
    return dict(ReformIssue.objects.values_list("code", "name_th"))


def _all_specs(data: af.AgreementFile) -> Iterator[af.IndicatorSpec]:
    for spec in data.indicators:
        yield spec
        yield from spec.parts


def step_rows(data: af.AgreementFile) -> Iterator[tuple]:
    """One row per milestone step (STEP_COLUMNS)."""
    for spec in _all_specs(data):
        for number, step in enumerate(spec.steps, start=1):
            yield (spec.number, number, step.description, step.evidence)


def baseline_rows(data: af.AgreementFile) -> Iterator[tuple]:
    """One row per indicator and earlier year (BASELINE_COLUMNS)."""
    for spec in _all_specs(data):
        for year, value in spec.baseline:
            yield (spec.number, year, value)


def list_rows(framework, organization: Organization) -> Iterator[tuple]:
    """The values the indicator sheet's columns accept, with what they mean (LIST_COLUMNS)."""
    for group in framework.groups.all():
        yield (H_GROUP, group.key, group.name_th)
    for kind, label in KIND_LABELS.items():
        yield (H_KIND, label, kind)
    for direction, label in DIRECTION_LABELS.items():
        yield (H_DIRECTION, label, direction)
    for issue in ReformIssue.objects.all():
        yield (H_ISSUES, issue.code, issue.name_th)
    for person in people_for(organization):
        yield (f"{H_SUPERVISORS} / {H_COLLECTORS}", person.display_name, person.position or None)


def _steps_done_cell(done: Sequence[int]) -> int | str:
    """Steps done in order as their count (3); any other set as the step numbers ("1, 2, 4")."""
    numbers = sorted(set(done))
    if numbers == list(range(1, len(numbers) + 1)):
        return len(numbers)
    return ", ".join(str(n) for n in numbers)


def result_rows(view: RoundView, *, template: bool = False, organization: bool = False):
    """One row per indicator of the round (RESULT_COLUMNS, after ORGANIZATION_COLUMNS if asked).

    A template leaves what people fill in (results, narrative) and the scores empty but keeps the
    versions, so an upload can tell whether someone changed a result in between.
    """
    agreement = view.agreement
    for row in view.rows:
        indicator, result = row.indicator, row.result
        kind = indicator.kind
        steps = (
            len(indicator.steps.all())
            if kind in (ScoringKind.MILESTONE, ScoringKind.MIXED)
            else None
        )
        value = steps_done = passed = None
        narrative: list[str | None] = [None] * len(NARRATIVE_FIELDS)
        if result is not None and not template:
            value = result.value
            if kind in (ScoringKind.MILESTONE, ScoringKind.MIXED):
                steps_done = _steps_done_cell(result.steps_done or [])
            if result.passed is not None:
                passed = PASSED_LABELS[result.passed]
            narrative = [getattr(result, name) or None for name in NARRATIVE_FIELDS]
        scores = (
            (None, None, None) if template else (row.self_score, row.verified_score, row.weighted)
        )
        status = None
        if row.status is not None and not template:
            status = row.status_label  # a composite's follows its parts (rules.counting)
        prefix = (
            (agreement.organization.code, agreement.organization.name_th) if organization else ()
        )
        yield (
            *prefix,
            indicator.number,
            indicator.name,
            KIND_LABELS[kind],
            indicator.unit or None,
            indicator.weight,
            steps,
            value,
            steps_done,
            passed,
            *scores,
            status,
            *narrative,
            result.version if result is not None else None,
        )


def round_views(
    agreements: Sequence[Agreement], reporting_round: ReportingRound
) -> list[RoundView]:
    """reporting.selectors.round_view for many agreements, in a fixed number of queries."""
    # Read again whole, with their frameworks: callers may pass agreements read in part.
    whole = Agreement.objects.select_related("organization", "framework", "fiscal_year").in_bulk(
        [a.pk for a in agreements]
    )
    agreements = [whole[a.pk] for a in agreements]
    indicators = indicators_of_many(agreements)
    results: dict[int, dict[int, Result]] = defaultdict(dict)
    for result in Result.objects.filter(
        indicator__agreement__in=[a.pk for a in agreements], reporting_round=reporting_round
    ).select_related("indicator"):
        results[result.indicator.agreement_id][result.indicator_id] = result
    reports = {
        report.agreement_id: report
        for report in RoundReport.objects.filter(
            agreement__in=[a.pk for a in agreements], reporting_round=reporting_round
        )
    }
    return [
        build_round_view(
            agreement,
            indicators[agreement.pk],
            reporting_round,
            results[agreement.pk],
            reports.get(agreement.pk),
        )
        for agreement in agreements
    ]


def summary_rows(view: RoundView) -> Iterator[tuple]:
    """The round's weighted scores by framework group and in total (SUMMARY_COLUMNS)."""
    card = view.card
    for group, weight, own, final in card.groups:
        yield (group.name_th, weight, own, final)
    if card.groups:
        weight = sum((weight for _group, weight, _own, _final in card.groups), Decimal(0))
        yield (TOTAL_LABEL, weight, card.total_self, card.total_final)


def rollup_rows(totals) -> Iterator[tuple]:
    """One row per organization as the dashboard ranks them (ROLLUP_COLUMNS): ranked only among
    totals of the same standing (rules.counting.rank), which the row names."""
    for total in totals:
        organization = total.agreement.organization
        yield (
            total.rank,
            organization.code,
            organization.name_th,
            total.reported,
            total.indicators,
            total.total_self,
            total.total_final,
            STANDING_LABELS[str(total.standing)],
            ReportStatus(total.report_status).label,
        )


# --- exports -------------------------------------------------------------------------------------------


def _indicator_choices(framework) -> dict[str, list[str]]:
    return {
        H_GROUP: [group.key for group in framework.groups.all()],
        H_KIND: list(KIND_LABELS.values()),
        H_DIRECTION: list(DIRECTION_LABELS.values()),
    }


def _indicator_help() -> list[str]:
    return [
        _(
            "Sheet “%(sheet)s”: one row per indicator. A sub-indicator of a composite indicator "
            "has its own row, with the composite's number in column “%(parent)s”."
        )
        % {"sheet": INDICATORS_SHEET, "parent": H_PARENT},
        _(
            "Column “%(kind)s”: choose from the list. “%(numeric)s” needs the five targets; "
            "“%(milestone)s” needs its steps in sheet “%(steps)s”; “%(mixed)s” needs its steps "
            "there and the targets of the levels after the steps (the first levels stay empty)."
        )
        % {
            "kind": H_KIND,
            "numeric": KIND_LABELS["numeric"],
            "milestone": KIND_LABELS["milestone"],
            "mixed": KIND_LABELS["mixed"],
            "steps": STEPS_SHEET,
        },
        _("Column “%(direction)s”: “%(higher)s” (the default) or “%(lower)s”.")
        % {
            "direction": H_DIRECTION,
            "higher": DIRECTION_LABELS["higher"],
            "lower": DIRECTION_LABELS["lower"],
        },
        _(
            "Columns “%(supervisors)s” and “%(collectors)s”: names as the system knows them, "
            "separated by commas; column “%(issues)s”: issue codes separated by commas. "
            "Sheet “%(lists)s” lists them."
        )
        % {
            "supervisors": H_SUPERVISORS,
            "collectors": H_COLLECTORS,
            "issues": H_ISSUES,
            "lists": LISTS_SHEET,
        },
        _(
            "Column “%(names)s” shows the Thai names of the issues in column “%(issues)s”, to "
            "read; it is not imported."
        )
        % {"names": H_ISSUE_NAMES, "issues": H_ISSUES},
        _(
            "Sheet “%(sheet)s”: the results of earlier years, one row per indicator and "
            "Buddhist Era year."
        )
        % {"sheet": BASELINE_SHEET},
        _("The weights of the indicators add up to 100; so do the weights of a composite's parts."),
        *_common_help(),
    ]


def _indicators_workbook(
    title: str, data: af.AgreementFile | None, framework, organization
) -> bytes:
    workbook = _new_workbook()
    _write_table(
        workbook,
        Table(
            INDICATORS_SHEET,
            title,
            INDICATOR_COLUMNS,
            indicator_rows(data, _issue_names()) if data else (),
            _indicator_choices(framework),
            TEMPLATE_ROWS,
        ),
    )
    _write_table(workbook, Table(STEPS_SHEET, title, STEP_COLUMNS, step_rows(data) if data else ()))
    _write_table(
        workbook,
        Table(BASELINE_SHEET, title, BASELINE_COLUMNS, baseline_rows(data) if data else ()),
    )
    _write_table(
        workbook, Table(LISTS_SHEET, title, LIST_COLUMNS, list_rows(framework, organization))
    )
    _write_help(workbook, _indicator_help())
    return _workbook_bytes(workbook)


def _indicators_title(organization: Organization, year: int) -> str:
    return _("Indicators and targets: %(organization)s, fiscal year %(year)s") % {
        "organization": organization.name_th,
        "year": year,
    }


def agreement_indicators_xlsx(agreement: Agreement) -> bytes:
    """An agreement's indicators, targets, steps and baselines; it imports back as it is."""
    return _indicators_workbook(
        _indicators_title(agreement.organization, agreement.fiscal_year.year),
        agreement_export(agreement),
        agreement.framework,
        agreement.organization,
    )


def indicators_template_xlsx(organization: Organization, fiscal_year: FiscalYear) -> bytes:
    """The empty indicator workbook for an organization's year, with the year's framework groups."""
    if fiscal_year.framework is None:
        raise ValueError("the fiscal year has no framework")
    return _indicators_workbook(
        _indicators_title(organization, fiscal_year.year), None, fiscal_year.framework, organization
    )


def _results_help() -> list[str]:
    return [
        _(
            "Sheet “%(sheet)s”: one row per indicator. Fill in the columns of the indicator's "
            "kind: “%(value)s” for numeric targets; “%(steps)s” for steps (a number such as 3 "
            "means steps 1 to 3 are done, text such as 1, 2, 4 lists the steps done); both for "
            "a mixed indicator; “%(passed)s” for pass/fail. A composite indicator is scored from "
            "its sub-indicators."
        )
        % {"sheet": RESULTS_SHEET, "value": H_RESULT, "steps": H_STEPS_DONE, "passed": H_PASSED},
        _(
            "An empty cell keeps what the system holds, and a row left empty is skipped: "
            "to clear a result, use the result's page."
        ),
        _(
            "The other columns (names, scores, status) are there to read and are not imported. "
            "The hidden column “%(version)s” tells whether someone changed a result after the "
            "file was downloaded: leave it as it is."
        )
        % {"version": H_VERSION},
        *_common_help(),
    ]


def _round_title(agreement: Agreement, reporting_round: ReportingRound) -> str:
    return _("Results of %(organization)s, fiscal year %(year)s, %(months)s-month round") % {
        "organization": agreement.organization.name_th,
        "year": agreement.fiscal_year.year,
        "months": reporting_round.months,
    }


def round_results_xlsx(
    agreement: Agreement, reporting_round: ReportingRound, *, template: bool = False
) -> bytes:
    """A round's results with their scores (or, as a template, the rows to fill in); it imports back."""
    view = round_view(agreement, reporting_round)
    title = _round_title(agreement, reporting_round)
    workbook = _new_workbook()
    _write_table(
        workbook,
        Table(
            RESULTS_SHEET,
            title,
            RESULT_COLUMNS,
            result_rows(view, template=template),
            {H_PASSED: list(PASSED_LABELS.values())},
        ),
    )
    if not template:
        _write_table(workbook, Table(SUMMARY_SHEET, title, SUMMARY_COLUMNS, summary_rows(view)))
    _write_help(workbook, _results_help())
    _write_meta(workbook, reporting_round, agreement)
    return _workbook_bytes(workbook)


def rollup_xlsx(user, fiscal_year: FiscalYear, months: int) -> bytes:
    """The organizations the user may see ranked by their totals, and every indicator's result.

    The second sheet has the results sheet's columns after the organization's code, so a
    coordinator of many organizations can fill it in and upload it (`results_import_many`).
    """
    totals = rollup(user, fiscal_year, months)
    reporting_round = fiscal_year.rounds.get(months=months)
    title = _("Roll-up of performance agreements, fiscal year %(year)s, %(months)s-month round") % {
        "year": fiscal_year.year,
        "months": months,
    }
    workbook = _new_workbook()
    _write_table(workbook, Table(ROLLUP_SHEET, title, ROLLUP_COLUMNS, rollup_rows(totals)))

    def rows():
        for view in round_views([total.agreement for total in totals], reporting_round):
            yield from result_rows(view, organization=True)

    _write_table(
        workbook,
        Table(
            RESULTS_SHEET,
            title,
            (*ORGANIZATION_COLUMNS, *RESULT_COLUMNS),
            rows(),
            {H_PASSED: list(PASSED_LABELS.values())},
        ),
    )
    _write_help(workbook, _results_help())
    _write_meta(workbook, reporting_round)
    return _workbook_bytes(workbook)


# --- problems --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong with an uploaded workbook: where it is, and a translated sentence saying what."""

    sheet: str  # "" when the problem is with the whole file
    message: str  # e.g. "Row 12, column น้ำหนัก: must be a number"
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return _("Sheet %(sheet)s: %(problem)s") % {"sheet": self.sheet, "problem": self.message}


class ExcelImportError(ValidationError):
    """A workbook that cannot be imported; `problems` lists every reason, by sheet, row and column."""

    def __init__(self, problems: Sequence[SheetProblem]):
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


def _file_problem(message: str) -> ExcelImportError:
    return ExcelImportError([SheetProblem("", message)])


# --- reading ----------------------------------------------------------------------------------------


class _Invalid:
    """A cell that could not be read (its problem is already recorded); unlike None, not empty."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER_TEXT = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)\Z")
_GROUPED_NUMBER_TEXT = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?\Z")
_NAME_SEPARATORS = re.compile(r"\s*[,;\n]\s*")
_CODE_SEPARATORS = re.compile(r"[\s,;]+")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


@dataclass
class _Book:
    """An opened upload: the read-only workbook and the raw bytes (for what openpyxl does not read)."""

    workbook: Any
    data: bytes

    def sheet(self, name: str):
        for title in self.workbook.sheetnames:
            if title.strip() == name:
                return self.workbook[title]
        return None

    def meta(self) -> dict[str, object]:
        sheet = self.sheet(META_SHEET)
        if sheet is None:
            return {}
        found: dict[str, object] = {}
        for row in sheet.iter_rows(min_row=1, max_row=10, max_col=2, values_only=True):
            if row and isinstance(row[0], str):
                found[row[0]] = row[1]
        return found if found.get("format") == RESULTS_FORMAT else {}


def _read_upload(upload) -> bytes:
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _file_problem(
            _("The file is larger than %(size)s MB: split it into smaller files.")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    return data


def _open_book(upload) -> _Book:
    """Open an upload as a read-only workbook, or refuse it with one clear message."""
    data = _read_upload(upload)
    not_excel = _(
        "The file is not an Excel workbook (.xlsx). Open it in Excel and save it as "
        "“Excel Workbook (.xlsx)”."
    )
    if data.startswith(OLE2_SIGNATURE):
        if OLE2_ENCRYPTED_STREAM in data:
            raise _file_problem(
                _(
                    "The workbook is protected with a password. Remove the password in Excel "
                    "(File › Info › Protect Workbook › Encrypt with Password), save it and "
                    "upload it again."
                )
            )
        if detect_type(io.BytesIO(data)) is XLS:
            raise _file_problem(
                _(
                    "The file is an old Excel 97–2003 workbook (.xls). Open it in Excel and save "
                    "it as “Excel Workbook (.xlsx)”."
                )
            )
        raise _file_problem(not_excel)
    if detect_type(io.BytesIO(data)) is not XLSX:
        raise _file_problem(not_excel)
    damaged = _("The workbook is damaged and cannot be read. Save it again in Excel and upload it.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _file_problem(damaged) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _file_problem(
            _("The workbook holds too much data to read: at most %(rows)s rows a sheet.")
            % {"rows": f"{MAX_ROWS:,}"}
        )
    try:
        with warnings.catch_warnings():
            # Unsupported extensions (slicers, some validations) are ignored, not a problem.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds of errors on broken files
        logger.info("unreadable workbook: %r", error)
        raise _file_problem(damaged) from None
    return _Book(workbook, data)


@dataclass
class _Sheet:
    """The rows of one sheet below its header row, as (row number, {header: cell})."""

    name: str
    header_row: int
    headers: dict[str, int]  # header → 0-based column index
    rows: list[tuple[int, dict[str, Any]]]

    def column_name(self, index: int) -> str:
        for header, at in self.headers.items():
            if at == index:
                return header
        return get_column_letter(index + 1)


def _header_text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_sheet(
    book: _Book,
    name: str,
    columns: Sequence[Column],
    problems: list[SheetProblem],
    *,
    required: bool = True,
) -> _Sheet | None:
    """Find the header row (the first to hold the first column's header), check the headers and
    keep the rows below it that have something in a column the import reads."""
    worksheet = book.sheet(name)
    if worksheet is None:
        if required:
            problems.append(
                SheetProblem(
                    name,
                    _("The workbook has no sheet named “%(sheet)s” (its sheets: %(sheets)s).")
                    % {"sheet": name, "sheets": ", ".join(book.workbook.sheetnames)},
                )
            )
        return None
    known = {column.header for column in columns}
    key = columns[0].header
    header_row, headers, indexes = 0, {}, []
    rows: list[tuple[int, dict[str, Any]]] = []
    anything = too_many = False
    try:
        # The size a file states may be wrong: read what is there.
        worksheet.reset_dimensions()
        for number, cells in enumerate(worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), 1):
            if header_row:
                if all(_is_blank(cells[index].value) for index in indexes):
                    continue
                if len(rows) >= MAX_ROWS:
                    too_many = True
                    break
                rows.append((number, {header: cells[i] for header, i in headers.items()}))
                continue
            texts = [_header_text(cell.value) for cell in cells]
            if key in texts and number <= HEADER_SEARCH_ROWS:
                header_row = number
                headers = _headers(name, texts, known, problems)
                indexes = list(headers.values())
                continue
            anything = anything or any(texts)
            if anything and number >= HEADER_SEARCH_ROWS:
                break
    except Exception as error:  # a sheet that openpyxl cannot parse
        logger.info("unreadable sheet %s: %r", name, error)
        problems.append(
            SheetProblem(
                name,
                _("The sheet is damaged and cannot be read. Save the workbook again in Excel."),
            )
        )
        return None
    if not header_row:
        if anything:
            message = _(
                "The header row was not found: one of the first %(rows)s rows must hold the "
                "column names, starting with “%(column)s”."
            ) % {"rows": HEADER_SEARCH_ROWS, "column": key}
        else:
            message = _("The sheet is empty.")
        problems.append(SheetProblem(name, message))
        return None
    if too_many:
        problems.append(
            SheetProblem(
                name,
                _("The sheet has more than %(rows)s rows of data: split it into smaller files.")
                % {"rows": f"{MAX_ROWS:,}"},
            )
        )
        return None
    missing = [
        column.header for column in columns if column.required and column.header not in headers
    ]
    for header in missing:
        problems.append(
            SheetProblem(
                name,
                _("The header row (row %(row)s) lacks the column “%(column)s”.")
                % {"row": header_row, "column": header},
                row=header_row,
                column=header,
            )
        )
    if missing:
        return None  # the rows would only repeat that the column is missing
    sheet = _Sheet(name, header_row, headers, rows)
    _check_merges(book, worksheet, sheet, problems)
    return sheet


def _headers(
    sheet: str, texts: Sequence[str], known: set[str], problems: list[SheetProblem]
) -> dict[str, int]:
    headers: dict[str, int] = {}
    for index, text in enumerate(texts):
        if text not in known:
            continue  # a column of the person's own: not read
        if text in headers:
            problems.append(
                SheetProblem(
                    sheet,
                    _("The column “%(column)s” appears twice in the header row.")
                    % {"column": text},
                    column=text,
                )
            )
            continue
        headers[text] = index
    return headers


def _check_merges(book: _Book, worksheet, sheet: _Sheet, problems: list[SheetProblem]) -> None:
    """Refuse merged cells from the header row down; read-only openpyxl does not read merges."""
    path = getattr(worksheet, "_worksheet_path", None)
    if not path:
        return
    tail = b""
    seen: set[bytes] = set()
    with zipfile.ZipFile(io.BytesIO(book.data)) as archive, archive.open(path.lstrip("/")) as xml:
        while chunk := xml.read(1024 * 1024):
            text = tail + chunk
            for match in _MERGE.finditer(text):
                seen.add(match.group(1))
            tail = text[-512:]
    for ref in sorted(seen):
        min_col, min_row, _max_col, max_row = range_boundaries(ref.decode())
        if max_row < sheet.header_row:
            continue  # a merged title above the table does no harm
        row = max(min_row, sheet.header_row)
        column = sheet.column_name(min_col - 1)
        problems.append(
            SheetProblem(
                sheet.name,
                _(
                    "Row %(row)s, column %(column)s: merged cells (%(range)s): unmerge them "
                    "(Home › Merge & Center)"
                )
                % {"row": row, "column": column, "range": ref.decode()},
                row,
                column,
            )
        )


def _decimal(value: object) -> Decimal | None:
    """A cell's number as a Decimal from its shortest decimal form, or None if it is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().translate(_THAI_DIGITS)
        if _GROUPED_NUMBER_TEXT.match(text):
            text = text.replace(",", "")
        if not _NUMBER_TEXT.match(text):
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


class _Row:
    """One data row: reads its cells by header, recording each problem with its row and column."""

    def __init__(self, sheet: _Sheet, number: int, cells: dict[str, Any], problems: list):
        self.sheet = sheet
        self.row_number = number
        self.cells = cells
        self.problems = problems
        self.bad = False

    def problem(self, column: str | None, message: str, **params: object) -> object:
        """Record a problem; `message` is a translated text with %(row)s and %(column)s."""
        params = {"row": self.row_number, "column": column, **params}
        self.problems.append(
            SheetProblem(self.sheet.name, message % params, self.row_number, column)
        )
        self.bad = True
        return INVALID

    def raw(self, header: str) -> object:
        """The cell's value; INVALID for a formula or an Excel error; None when absent or empty."""
        cell = self.cells.get(header)
        if cell is None or _is_blank(cell.value):
            return None
        if cell.data_type == "f":
            formula = cell.value if isinstance(cell.value, str) else "="
            return self.problem(
                header,
                _(
                    "Row %(row)s, column %(column)s: holds a formula (%(formula)s): copy the cell "
                    "and paste it as a value"
                ),
                formula=formula[:40],
            )
        if cell.data_type == "e":
            return self.problem(
                header,
                _("Row %(row)s, column %(column)s: holds the Excel error %(error)s"),
                error=cell.value,
            )
        return cell.value

    def blank(self, header: str) -> bool:
        cell = self.cells.get(header)
        return cell is None or _is_blank(cell.value)

    def missing(self, header: str) -> object:
        return self.problem(header, _("Row %(row)s, column %(column)s: must be filled in"))

    def text(self, header: str, *, required: bool = False, max_length: int | None = None):
        value = self.raw(header)
        if value is INVALID:
            return INVALID
        if value is None:
            return self.missing(header) if required else None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return self.problem(header, _("Row %(row)s, column %(column)s: must be text"))
        if isinstance(value, float):
            value = f"{Decimal(repr(value)).normalize():f}"
        text = str(value).strip()
        if max_length is not None and len(text) > max_length:
            return self.problem(
                header,
                _("Row %(row)s, column %(column)s: must be at most %(limit)s characters"),
                limit=max_length,
            )
        return text

    def number(self, header: str, *, required: bool = False, positive: bool = False):
        value = self.raw(header)
        if value is INVALID:
            return INVALID
        if value is None:
            return self.missing(header) if required else None
        number = _decimal(value)
        if number is None:
            return self.problem(header, _("Row %(row)s, column %(column)s: must be a number"))
        if abs(number) >= NUMBER_LIMIT:
            return self.problem(
                header, _("Row %(row)s, column %(column)s: the number is too large")
            )
        if positive and number <= 0:
            return self.problem(
                header, _("Row %(row)s, column %(column)s: must be a number greater than 0")
            )
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -4:
            # Excel keeps binary fractions (0.1 + 0.2 = 0.30000000000000004); 4 places are stored.
            number = number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
        return number

    def integer(self, header: str, *, required: bool = False):
        value = self.raw(header)
        if value is INVALID:
            return INVALID
        if value is None:
            return self.missing(header) if required else None
        number = _decimal(value)
        if number is None or number != number.to_integral_value() or abs(number) >= NUMBER_LIMIT:
            return self.problem(header, _("Row %(row)s, column %(column)s: must be a whole number"))
        return int(number)

    def choice(self, header: str, choices: Mapping[str, object], *, required: bool = False):
        value = self.text(header, required=required)
        if value is None or value is INVALID:
            return value
        found = choices.get(value, choices.get(value.lower(), INVALID))
        if found is INVALID:
            labels = [label for label in choices if not label.isascii()] or list(choices)
            return self.problem(
                header,
                _("Row %(row)s, column %(column)s: must be one of: %(choices)s"),
                choices=", ".join(labels),
            )
        return found


# --- importing indicators ------------------------------------------------------------------------------


@dataclass
class _IndicatorRow:
    row: _Row
    number: str | None
    parent: str | None
    data: dict[str, Any]
    steps: list[tuple[int, int, dict[str, str]]] = field(default_factory=list)  # (no., row, step)
    baseline: dict[int, tuple[int, Decimal]] = field(default_factory=dict)  # year → (row, value)
    parts: list[_IndicatorRow] = field(default_factory=list)
    # A row of sheet ขั้นตอน or ข้อมูลพื้นฐาน of this indicator has a problem.
    steps_bad: bool = False
    baseline_bad: bool = False

    @property
    def bad(self) -> bool:
        """Whether a problem of this indicator is reported already (its other problems then wait)."""
        return self.row.bad or self.steps_bad or self.baseline_bad


def _person_finder(organization: Organization):
    """People who may be named, found as agreements.exchange finds them (which checks again)."""
    by_name: dict[str, object] = {}
    for user in people_for(organization):
        by_name.setdefault(user.display_name, user)
        by_name.setdefault(f"{user.first_name} {user.last_name}".strip(), user)
        by_name.setdefault(user.username, user)
    return by_name


def _read_indicator(
    row: _Row,
    *,
    groups: Sequence[str],
    people: Mapping[str, object],
    issues: set[str],
    organization,
) -> _IndicatorRow:
    number = row.text(H_NUMBER, required=True, max_length=20)
    parent = row.text(H_PARENT, max_length=20)
    data: dict[str, Any] = {}
    if isinstance(number, str):
        data["number"] = number
    if parent is None:
        group = row.text(H_GROUP, required=True, max_length=10)
        if isinstance(group, str):
            if group in groups:
                data["group"] = group
            else:
                row.problem(
                    H_GROUP,
                    _(
                        "Row %(row)s, column %(column)s: no group “%(group)s” in the framework (its groups: %(groups)s)"
                    ),
                    group=group,
                    groups=", ".join(groups),
                )
    name = row.text(H_NAME, required=True)
    if isinstance(name, str):
        data["name"] = name
    weight = row.number(H_WEIGHT, required=True, positive=True)
    if isinstance(weight, Decimal):
        data["weight"] = weight
    kind = row.choice(H_KIND, KIND_CHOICES, required=True)
    if isinstance(kind, str):
        data["kind"] = kind
    direction = row.choice(H_DIRECTION, DIRECTION_CHOICES)
    if isinstance(direction, str) and kind in ("numeric", "mixed"):
        data["direction"] = direction
    unit = row.text(H_UNIT, max_length=60)
    if isinstance(unit, str):
        data["unit"] = unit
    data["_targets"] = [row.number(header) for header in H_TARGETS]
    for header, key in ((H_SUPERVISORS, "supervisor"), (H_COLLECTORS, "collector")):
        names = row.text(header)
        if not isinstance(names, str):
            continue
        found = []
        for person in (n for n in _NAME_SEPARATORS.split(names) if n):
            if person in people:
                found.append({"name": person})
            else:
                row.problem(
                    header,
                    _(
                        "Row %(row)s, column %(column)s: nobody called “%(name)s” works in %(organization)s or above it"
                    ),
                    name=person,
                    organization=organization.name_th,
                )
        if found:
            data[key] = found
    codes = row.text(H_ISSUES)
    if isinstance(codes, str):
        tags = [code for code in _CODE_SEPARATORS.split(codes) if code]
        for code in tags:
            if code not in issues:
                row.problem(
                    H_ISSUES,
                    _("Row %(row)s, column %(column)s: unknown issue code “%(code)s”"),
                    code=code,
                )
        if tags:
            data["issues"] = list(dict.fromkeys(tags))
    for key, header in TEXT_FIELDS.items():
        text = row.text(header)
        if isinstance(text, str):
            data[key] = text
    return _IndicatorRow(row, number if isinstance(number, str) else None, parent, data)


def _criteria_checks(item: _IndicatorRow) -> None:
    """Targets and steps of the indicator's kind, with the row and column of each one missing."""
    row, data = item.row, item.data
    kind = data.get("kind")
    targets = data.pop("_targets")
    if item.baseline:
        data["baseline"] = {year: value for year, (_row, value) in sorted(item.baseline.items())}
    if kind is None:
        return
    steps = len(item.steps)
    if kind in ("milestone", "mixed") and steps:
        data["steps"] = [step for _number, _row, step in sorted(item.steps, key=lambda s: s[0])]
    elif kind in ("milestone", "mixed") and not item.steps_bad:
        row.problem(
            H_KIND,
            _(
                "Row %(row)s, column %(column)s: indicator %(number)s needs its steps in sheet “%(sheet)s”"
            ),
            number=item.number,
            sheet=STEPS_SHEET,
        )
    if kind == "mixed" and not steps:
        return  # which levels are targets depends on the steps
    first = {"numeric": 1, "mixed": steps + 1}.get(kind, 6)  # 6: no targets at all
    for level, (header, value) in enumerate(zip(H_TARGETS, targets, strict=True), start=1):
        if value is INVALID:
            continue
        if level < first and value is not None:
            if kind == "mixed":
                row.problem(
                    header,
                    _(
                        "Row %(row)s, column %(column)s: leave this empty: levels 1 to %(steps)s of indicator %(number)s are its steps"
                    ),
                    steps=steps,
                    number=item.number,
                )
            else:
                row.problem(
                    header,
                    _(
                        "Row %(row)s, column %(column)s: leave this empty: indicator %(number)s is scored by “%(kind)s”"
                    ),
                    number=item.number,
                    kind=KIND_LABELS[kind],
                )
        elif level >= first and value is None:
            row.missing(header)
    given = targets[first - 1 :]
    if given and all(isinstance(value, Decimal) for value in given):
        data["targets"] = given


def _read_steps(sheet: _Sheet, by_number: dict[str, _IndicatorRow], problems: list) -> None:
    for number_row, cells in sheet.rows:
        row = _Row(sheet, number_row, cells, problems)
        number = row.text(H_NUMBER, required=True, max_length=20)
        step = row.integer(H_STEP, required=True)
        description = row.text(H_STEP_TEXT, required=True)
        evidence = row.text(H_EVIDENCE)
        item = by_number.get(number) if isinstance(number, str) else None
        if isinstance(number, str) and item is None:
            row.problem(
                H_NUMBER,
                _(
                    "Row %(row)s, column %(column)s: there is no indicator %(number)s in sheet “%(sheet)s”"
                ),
                number=number,
                sheet=INDICATORS_SHEET,
            )
        elif item is not None and item.data.get("kind") not in (None, "milestone", "mixed"):
            row.problem(
                H_NUMBER,
                _(
                    "Row %(row)s, column %(column)s: indicator %(number)s is scored by “%(kind)s”, which has no steps"
                ),
                number=number,
                kind=KIND_LABELS[item.data["kind"]],
            )
        if item is None:
            continue
        if row.bad:
            item.steps_bad = True
            continue
        step_data = {"description": description}
        if isinstance(evidence, str):
            step_data["evidence"] = evidence
        item.steps.append((step, number_row, step_data))
    for item in by_number.values():
        count, seen = len(item.steps), set()
        for step, number_row, _step in item.steps:
            if step > count or step in seen:
                problems.append(
                    SheetProblem(
                        sheet.name,
                        _(
                            "Row %(row)s, column %(column)s: the steps of indicator %(number)s must be numbered 1, 2, 3… without gaps or repeats"
                        )
                        % {"row": number_row, "column": H_STEP, "number": item.number},
                        number_row,
                        H_STEP,
                    )
                )
                item.steps_bad = True
                break
            seen.add(step)


def _read_baseline(sheet: _Sheet, by_number: dict[str, _IndicatorRow], problems: list) -> None:
    for number_row, cells in sheet.rows:
        row = _Row(sheet, number_row, cells, problems)
        number = row.text(H_NUMBER, required=True, max_length=20)
        year = row.integer(H_YEAR, required=True)
        value = row.number(H_VALUE, required=True)
        item = by_number.get(number) if isinstance(number, str) else None
        if isinstance(number, str) and item is None:
            row.problem(
                H_NUMBER,
                _(
                    "Row %(row)s, column %(column)s: there is no indicator %(number)s in sheet “%(sheet)s”"
                ),
                number=number,
                sheet=INDICATORS_SHEET,
            )
        if isinstance(year, int) and not 2400 <= year <= 3000:
            row.problem(
                H_YEAR,
                _("Row %(row)s, column %(column)s: must be a Buddhist Era year, such as 2569"),
            )
        if item is not None and not row.bad and year in item.baseline:
            row.problem(
                H_YEAR,
                _(
                    "Row %(row)s, column %(column)s: year %(year)s of indicator %(number)s is also in row %(first)s"
                ),
                year=year,
                number=number,
                first=item.baseline[year][0],
            )
        if item is None:
            continue
        if row.bad:
            item.baseline_bad = True
            continue
        item.baseline[year] = (number_row, value)


_AF_PATH = re.compile(r"indicators\[(\d+)\](?:\.parts\[(\d+)\])?(?:\.(\w+))?(?:\[(\d+)\]|\.(\w+))?")
_AF_COLUMNS = {
    "number": H_NUMBER,
    "group": H_GROUP,
    "name": H_NAME,
    "weight": H_WEIGHT,
    "parts": H_WEIGHT,
    "kind": H_KIND,
    "floor": H_KIND,
    "steps": H_KIND,
    "direction": H_DIRECTION,
    "unit": H_UNIT,
    "supervisor": H_SUPERVISORS,
    "collector": H_COLLECTORS,
    "issues": H_ISSUES,
    **TEXT_FIELDS,
}


def _locate(problem: af.Problem, top: Sequence[_IndicatorRow]) -> SheetProblem | None:
    """An agreement-file problem at its sheet, row and column; None when its row has one already."""
    english = (translation.get_language() or "th").startswith("en")
    message = problem.message_en if english and problem.message_en else problem.message
    match = _AF_PATH.match(problem.path)
    if match is None:
        # The weights of all the indicators, or of a framework group ("กลุ่ม 1 › weight").
        place = problem.where.split(" › ")[0] if problem.path.startswith("framework") else ""
        text = _("Column %(column)s: %(problem)s") % {
            "column": H_WEIGHT,
            "problem": f"{place}: {message}" if place else message,
        }
        return SheetProblem(INDICATORS_SHEET, text, column=H_WEIGHT)
    index, part, key, item_index, sub_key = match.groups()
    item = top[int(index)]
    if part is not None:
        item = item.parts[int(part)]
    if item.bad:
        return None
    sheet, row, column = INDICATORS_SHEET, item.row.row_number, _AF_COLUMNS.get(key or "")
    if key == "targets":
        first = len(item.steps) + 1 if item.data.get("kind") == "mixed" else 1
        level = first + (int(item_index) if item_index is not None else 0)
        column = H_TARGETS[min(max(level, 1), 5) - 1]
    elif key == "steps" and item_index is not None:
        ordered = sorted(item.steps, key=lambda step: step[0])
        sheet, row, column = STEPS_SHEET, ordered[int(item_index)][1], H_STEP_TEXT
    elif key == "baseline" and sub_key is not None and sub_key.isdigit():
        found = item.baseline.get(int(sub_key))
        if found is not None:
            sheet, row, column = BASELINE_SHEET, found[0], H_VALUE
    if column is None:
        text = _("Row %(row)s: %(problem)s") % {"row": row, "problem": message}
    else:
        text = _("Row %(row)s, column %(column)s: %(problem)s") % {
            "row": row,
            "column": column,
            "problem": message,
        }
    return SheetProblem(sheet, text, row, column)


def _indicator_items(
    book: _Book, organization: Organization, framework, problems: list[SheetProblem]
) -> tuple[list[_IndicatorRow], bool] | None:
    """The indicator rows with their steps and baselines, composites holding their parts.

    Returns the top-level rows and whether some row could not be placed (then the sums of the
    weights mean nothing); None when the indicator sheet cannot be read at all.
    """
    sheet = _read_sheet(book, INDICATORS_SHEET, INDICATOR_COLUMNS, problems)
    steps_sheet = _read_sheet(book, STEPS_SHEET, STEP_COLUMNS, problems, required=False)
    baseline_sheet = _read_sheet(book, BASELINE_SHEET, BASELINE_COLUMNS, problems, required=False)
    if sheet is None:
        return None
    if not sheet.rows:
        problems.append(SheetProblem(sheet.name, _("The sheet has no indicators.")))
        return None
    groups = [group.key for group in framework.groups.all()]
    people = _person_finder(organization)
    issues = set(ReformIssue.objects.values_list("code", flat=True))
    items: list[_IndicatorRow] = []
    by_number: dict[str, _IndicatorRow] = {}
    for number_row, cells in sheet.rows:
        row = _Row(sheet, number_row, cells, problems)
        item = _read_indicator(
            row, groups=groups, people=people, issues=issues, organization=organization
        )
        if item.number is not None and item.number in by_number:
            row.problem(
                H_NUMBER,
                _("Row %(row)s, column %(column)s: indicator %(number)s is also in row %(first)s"),
                number=item.number,
                first=by_number[item.number].row.row_number,
            )
        elif item.number is not None:
            by_number[item.number] = item
        items.append(item)
    if steps_sheet is not None:
        _read_steps(steps_sheet, by_number, problems)
    if baseline_sheet is not None:
        _read_baseline(baseline_sheet, by_number, problems)

    top: list[_IndicatorRow] = []
    dropped = False
    for item in items:
        _criteria_checks(item)
        if item.parent is None:
            top.append(item)
            continue
        parent = by_number.get(item.parent) if isinstance(item.parent, str) else None
        dropped = dropped or parent is None
        if item.parent is INVALID:
            continue
        if parent is None:
            item.row.problem(
                H_PARENT,
                _(
                    "Row %(row)s, column %(column)s: there is no indicator %(number)s in sheet “%(sheet)s”"
                ),
                number=item.parent,
                sheet=INDICATORS_SHEET,
            )
        elif parent.parent is not None:
            item.row.problem(
                H_PARENT,
                _("Row %(row)s, column %(column)s: indicator %(number)s is itself a sub-indicator"),
                number=item.parent,
            )
        elif parent.data.get("kind") not in (None, "composite"):
            item.row.problem(
                H_PARENT,
                _(
                    "Row %(row)s, column %(column)s: indicator %(number)s is not a composite indicator (its kind is “%(kind)s”)"
                ),
                number=item.parent,
                kind=KIND_LABELS[parent.data["kind"]],
            )
        else:
            parent.parts.append(item)
    for item in top:
        if item.data.get("kind") == "composite" and not item.parts and not item.bad:
            item.row.problem(
                H_KIND,
                _(
                    "Row %(row)s, column %(column)s: composite indicator %(number)s needs sub-indicators: rows with %(number)s in column %(parent)s"
                ),
                number=item.number,
                parent=H_PARENT,
            )
        if item.parts:
            item.data["parts"] = [part.data for part in item.parts]
    return top, dropped


@transaction.atomic
def indicators_import(
    *, organization: Organization, fiscal_year: FiscalYear, user, upload
) -> Agreement:
    """A new draft agreement from an indicator workbook: all of it, or nothing with every problem listed.

    The rows become an agreement file (rules.agreement_file) that agreements.exchange imports, so
    an Excel import obeys the same rules as a YAML one.
    """
    require(user, organization, Action.COORDINATE)
    framework = fiscal_year.framework
    if framework is None:
        raise _file_problem(
            _("Fiscal year %(year)s has no framework yet: ask the administrator to set one.")
            % {"year": fiscal_year.year}
        )
    book = _open_book(upload)
    problems: list[SheetProblem] = []
    if Agreement.objects.filter(organization=organization, fiscal_year=fiscal_year).exists():
        problems.append(
            SheetProblem("", _("This organization already has an agreement for this fiscal year."))
        )
    found = _indicator_items(book, organization, framework, problems)
    if found is None:
        raise ExcelImportError(problems)
    top, dropped = found
    data = {
        "format": af.FORMAT,
        "organization": {"code": organization.code, "name": organization.name_th},
        "fiscal_year": fiscal_year.year,
        "framework": {
            "name": framework.name_th,
            "floor": framework.floor,
            "groups": [
                {"key": g.key, "name": g.name_th, **({"weight": g.weight} if g.weight else {})}
                for g in framework.groups.all()
            ],
        },
        "indicators": [item.data for item in top],
    }
    try:
        agreement_data = af.from_data(data)
    except af.AgreementFileError as error:
        agreement_data = None
        for problem in error.problems:
            located = _locate(problem, top)
            if located is None or (located.row is None and dropped):
                continue  # its row is reported already, or a row left out makes the sums wrong
            problems.append(located)
        if not problems:
            problems.append(SheetProblem(INDICATORS_SHEET, str(error)))
    if problems:
        raise ExcelImportError(problems)
    try:
        return agreement_import(
            organization=organization, fiscal_year=fiscal_year, data=agreement_data, user=user
        )
    except AgreementImportError as error:
        raise ExcelImportError(
            [SheetProblem(INDICATORS_SHEET, message) for message in error.problems]
        ) from error


# --- importing results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsImportSummary:
    """What an upload of results did: rows saved, rows already as the system holds them, empty rows."""

    saved: int
    unchanged: int
    empty: int


@dataclass
class _ResultRow:
    row: _Row
    indicator: Indicator
    value: Decimal | None
    steps: list[int] | None
    passed: bool | None
    narrative: dict[str, str]
    version: int | None


def _steps_done(row: _Row, indicator, count: int) -> Any:
    value = row.raw(H_STEPS_DONE)
    if value is None or value is INVALID:
        return value
    explain = _(
        "Row %(row)s, column %(column)s: write how many steps are done in order (such as 3) or "
        "the numbers of the steps done (such as 1, 2, 4)"
    )
    if isinstance(value, bool):
        return row.problem(H_STEPS_DONE, explain)
    out_of_range = _(
        "Row %(row)s, column %(column)s: indicator %(number)s has steps 1 to %(count)s only"
    )
    if isinstance(value, int | float):
        number = _decimal(value)
        if number is None or number != number.to_integral_value():
            return row.problem(H_STEPS_DONE, explain)
        if not 0 <= number <= count:
            return row.problem(H_STEPS_DONE, out_of_range, number=indicator.number, count=count)
        return list(range(1, int(number) + 1))
    if not isinstance(value, str):
        return row.problem(H_STEPS_DONE, explain)
    parts = [p for p in _CODE_SEPARATORS.split(value.translate(_THAI_DIGITS)) if p]
    if not parts or not all(part.isdigit() for part in parts):
        return row.problem(H_STEPS_DONE, explain)
    numbers = [int(part) for part in parts]
    if any(not 1 <= number <= count for number in numbers):
        return row.problem(H_STEPS_DONE, out_of_range, number=indicator.number, count=count)
    if len(set(numbers)) != len(numbers):
        return row.problem(
            H_STEPS_DONE, _("Row %(row)s, column %(column)s: a step number is written twice")
        )
    return sorted(numbers)


_INPUT_HEADERS = (H_RESULT, H_STEPS_DONE, H_PASSED)


def _read_result(
    row: _Row, indicator: Indicator, *, has_narrative: Sequence[str]
) -> _ResultRow | None:
    """The row's inputs, checked against the indicator's kind; None for a row with nothing to save."""
    inputs = [*_INPUT_HEADERS, *(H_NARRATIVE[name] for name in has_narrative)]
    if all(row.blank(header) for header in inputs):
        return None
    kind = indicator.kind
    label = KIND_LABELS[kind]
    if kind == ScoringKind.COMPOSITE:
        row.problem(
            H_NUMBER,
            _(
                "Row %(row)s, column %(column)s: indicator %(number)s is a composite: fill in its sub-indicators instead"
            ),
            number=indicator.number,
        )
        return None
    wanted = {
        ScoringKind.NUMERIC: (H_RESULT,),
        ScoringKind.MILESTONE: (H_STEPS_DONE,),
        ScoringKind.MIXED: (H_STEPS_DONE, H_RESULT),
        ScoringKind.PASS_FAIL: (H_PASSED,),
    }[kind]
    for header in _INPUT_HEADERS:
        if header not in wanted and not row.blank(header):
            row.problem(
                header,
                _(
                    "Row %(row)s, column %(column)s: leave this empty: indicator %(number)s is scored by “%(kind)s”"
                ),
                number=indicator.number,
                kind=label,
            )
    value = row.number(H_RESULT) if H_RESULT in wanted else None
    steps = _steps_done(row, indicator, indicator.step_count) if H_STEPS_DONE in wanted else None
    passed = None
    if H_PASSED in wanted:
        raw = row.raw(H_PASSED)
        # Excel's own TRUE and FALSE count as pass and fail.
        if isinstance(raw, bool) or raw is INVALID:
            passed = raw
        else:
            passed = row.choice(H_PASSED, PASSED_CHOICES)
    narrative = {}
    for name in has_narrative:
        text = row.text(H_NARRATIVE[name])
        if isinstance(text, str):
            narrative[name] = text
    # The file is of this round (_identification_problems): an empty version is a result that
    # did not exist when the file was made, which is version 1.
    version = row.integer(H_VERSION)
    if row.bad:
        return None
    return _ResultRow(
        row,
        indicator,
        value,
        steps,
        passed,
        narrative,
        version or 1,
    )


def _merged(entry: _ResultRow, stored: Result | None) -> dict[str, Any]:
    """What the row asks results_save_many to store: an empty cell keeps the stored value."""
    return {
        "value": entry.value if entry.value is not None else (stored.value if stored else None),
        "steps_done": entry.steps
        if entry.steps is not None
        else (list(stored.steps_done or []) if stored else []),
        "passed": entry.passed if entry.passed is not None else (stored.passed if stored else None),
        **entry.narrative,
    }


def _unchanged(fields: Mapping[str, Any], stored: Result | None) -> bool:
    if stored is None:
        return False
    for name, value in fields.items():
        current = getattr(stored, name)
        if name == "steps_done":
            if sorted(set(value)) != sorted(set(current or [])):
                return False
        elif name in NARRATIVE_FIELDS:
            if value.strip() != (current or "").strip():
                return False
        elif value != current:
            return False
    return True


def _identification_problems(
    meta: Mapping[str, object], reporting_round: ReportingRound, single: Agreement | None
) -> list[str]:
    """What the file's hidden sheet names that is not where it is being imported, in words."""
    if not meta:
        return [
            _(
                "This file does not say which organization and round it was made for (its hidden "
                "sheet “%(sheet)s” is missing): download the results file of this round from "
                "khamrap and fill that in."
            )
            % {"sheet": META_SHEET}
        ]
    problems = []
    if single is not None and meta.get("organization") not in (None, single.organization.code):
        problems.append(
            _(
                "This file was made for organization %(file)s, not %(organization)s: download "
                "the file of %(organization)s."
            )
            % {"file": meta.get("organization"), "organization": single.organization.code}
        )
    year = reporting_round.fiscal_year.year
    if meta.get("fiscal_year") not in (None, year):
        problems.append(
            _(
                "This file was made for fiscal year %(file)s, not %(year)s: download the file of "
                "fiscal year %(year)s."
            )
            % {"file": meta.get("fiscal_year"), "year": year}
        )
    elif meta.get("months") not in (None, reporting_round.months):
        problems.append(
            _(
                "This file was made for the %(file)s-month round, not the %(months)s-month "
                "round: download the file of the %(months)s-month round."
            )
            % {"file": meta.get("months"), "months": reporting_round.months}
        )
    elif meta.get("round") != reporting_round.pk:
        problems.append(
            _("This file was made for another reporting round: download the file of this round.")
        )
    elif not problems and single is not None and meta.get("agreement") not in (None, single.pk):
        problems.append(
            _(
                "This file was made for another agreement of %(organization)s: download the "
                "file of this agreement."
            )
            % {"organization": single.organization.code}
        )
    return problems


def _import_results(
    book: _Book,
    *,
    agreements: Mapping[str, Agreement],
    reporting_round: ReportingRound,
    user,
    single: Agreement | None,
) -> ResultsImportSummary:
    """Read the results sheet, check every row, then save the changed rows through results_save_many."""
    meta = book.meta()
    # Rows are matched by indicator number, which every agreement has: a file made for another
    # organization or round would overwrite its results.
    mismatches = _identification_problems(meta, reporting_round, single)
    if mismatches:
        raise ExcelImportError([SheetProblem("", message) for message in mismatches])
    problems: list[SheetProblem] = []
    # The indicator number comes first: it is how the header row is found.
    columns = (*RESULT_COLUMNS, *ORGANIZATION_COLUMNS)
    sheet = _read_sheet(book, RESULTS_SHEET, columns, problems)
    if sheet is None:
        raise ExcelImportError(problems)
    if single is None and H_ORGANIZATION_CODE not in sheet.headers:
        problems.append(
            SheetProblem(
                sheet.name,
                _("The header row (row %(row)s) lacks the column “%(column)s”.")
                % {"row": sheet.header_row, "column": H_ORGANIZATION_CODE},
            )
        )
    if problems:
        raise ExcelImportError(problems)
    has_narrative = [name for name, header in H_NARRATIVE.items() if header in sheet.headers]
    indicators = {
        (indicator.agreement_id, indicator.number): indicator
        # Indicators retired by an amendment take no result (a row of one is "no indicator").
        for indicator in Indicator.objects.filter(
            agreement__in=list(agreements.values()), retired_from__isnull=True
        )
        .annotate(step_count=Count("steps"))
        .order_by()
    }
    closed = set(
        RoundReport.objects.filter(
            agreement__in=list(agreements.values()), reporting_round=reporting_round
        )
        .exclude(status=ReportStatus.OPEN)
        .values_list("agreement_id", flat=True)
    )
    stored = {
        result.indicator_id: result
        for result in Result.objects.filter(
            indicator__agreement__in=list(agreements.values()), reporting_round=reporting_round
        )
    }
    seen: dict[tuple[int, str], int] = {}
    entries: list[tuple[_ResultRow, dict[str, Any]]] = []
    empty = unchanged = 0
    reported_closed: set[int] = set()
    for number_row, cells in sheet.rows:
        row = _Row(sheet, number_row, cells, problems)
        code = row.text(H_ORGANIZATION_CODE, required=single is None)
        number = row.text(H_NUMBER, required=True, max_length=20)
        if code is INVALID or number is INVALID:
            continue
        if single is not None:
            agreement = single
            if code is not None and code != single.organization.code:
                row.problem(
                    H_ORGANIZATION_CODE,
                    _(
                        "Row %(row)s, column %(column)s: this row is for organization %(code)s, not %(organization)s"
                    ),
                    code=code,
                    organization=single.organization.code,
                )
                continue
        else:
            agreement = agreements.get(code)
            if agreement is None:
                row.problem(
                    H_ORGANIZATION_CODE,
                    _(
                        "Row %(row)s, column %(column)s: you coordinate no agreement of organization “%(code)s” for fiscal year %(year)s"
                    ),
                    code=code,
                    year=reporting_round.fiscal_year.year,
                )
                continue
        indicator = indicators.get((agreement.pk, number))
        if indicator is None:
            row.problem(
                H_NUMBER,
                _(
                    "Row %(row)s, column %(column)s: %(organization)s has no indicator %(number)s in this agreement"
                ),
                organization=agreement.organization.name_th,
                number=number,
            )
            continue
        if (agreement.pk, number) in seen:
            row.problem(
                H_NUMBER,
                _("Row %(row)s, column %(column)s: indicator %(number)s is also in row %(first)s"),
                number=number,
                first=seen[(agreement.pk, number)],
            )
            continue
        seen[(agreement.pk, number)] = number_row
        entry = _read_result(row, indicator, has_narrative=has_narrative)
        if entry is None:
            empty += not row.bad
            continue
        fields = _merged(entry, stored.get(indicator.pk))
        if _unchanged(fields, stored.get(indicator.pk)):
            unchanged += 1  # nothing to save, even where results are locked
            continue
        if agreement.pk in closed:
            if agreement.pk not in reported_closed:
                reported_closed.add(agreement.pk)
                problems.append(
                    SheetProblem(
                        sheet.name,
                        _(
                            "%(organization)s: the organization's report for this round has been submitted: its results can no longer change."
                        )
                        % {"organization": agreement.organization.name_th},
                    )
                )
            continue
        entries.append((entry, fields))
    if problems:
        raise ExcelImportError(problems)
    if not seen:
        raise ExcelImportError(
            [SheetProblem(sheet.name, _("The sheet has no indicators to import."))]
        )
    try:
        results_save_many(
            reporting_round=reporting_round,
            user=user,
            rows=[
                ResultRow(indicator=entry.indicator, version=entry.version, **fields)
                for entry, fields in entries
            ],
        )
    except ResultsSaveError as refused:
        for index, error in refused.problems:
            entry = entries[index][0]
            current = stored.get(entry.indicator.pk)
            if isinstance(error, PermissionDenied):
                entry.row.problem(
                    H_NUMBER,
                    _(
                        "Row %(row)s, column %(column)s: you may not record the results of indicator %(number)s"
                    ),
                    number=entry.indicator.number,
                )
            elif getattr(error, "code", None) == "stale":
                last = current.changes.select_related("actor").first() if current else None
                entry.row.problem(
                    None,
                    _(
                        "Row %(row)s: %(who)s changed this result after the file was downloaded: download the file again and redo this row"
                    ),
                    who=last.actor.display_name if last else _("someone else"),
                )
            else:
                for message in error.messages:
                    entry.row.problem(None, _("Row %(row)s: %(problem)s"), problem=message)
        raise ExcelImportError(problems) from refused
    saved = len(entries)
    return ResultsImportSummary(saved, unchanged, empty)


@transaction.atomic
def results_import(
    *, agreement: Agreement, reporting_round: ReportingRound, user, upload
) -> ResultsImportSummary:
    """A round's results from a workbook, through results_save_many: every changed row, or nothing."""
    require(user, agreement.organization, Action.COORDINATE)
    if reporting_round.fiscal_year_id != agreement.fiscal_year_id:
        raise _file_problem(_("The round belongs to another fiscal year."))
    book = _open_book(upload)
    return _import_results(
        book,
        agreements={agreement.organization.code: agreement},
        reporting_round=reporting_round,
        user=user,
        single=agreement,
    )


@transaction.atomic
def results_import_many(*, reporting_round: ReportingRound, user, upload) -> ResultsImportSummary:
    """Results of many organizations (the roll-up's results sheet, by organization code) at once."""
    agreements = {
        agreement.organization.code: agreement
        for agreement in Agreement.objects.for_user(user, Action.COORDINATE)
        .filter(fiscal_year=reporting_round.fiscal_year_id)
        .select_related("organization", "fiscal_year", "framework")
    }
    if not agreements:
        raise _file_problem(
            _("You coordinate no agreement of fiscal year %(year)s.")
            % {"year": reporting_round.fiscal_year.year}
        )
    book = _open_book(upload)
    return _import_results(
        book, agreements=agreements, reporting_round=reporting_round, user=user, single=None
    )
