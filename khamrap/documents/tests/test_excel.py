"""Excel in and out: exports, templates, imports that take all or nothing, and who may use them."""

import io
import struct
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from khamrap.agreements.file_export import agreement_export
from khamrap.agreements.models import Agreement, Indicator
from khamrap.demo.loader import demo_load
from khamrap.documents.excel import reader
from khamrap.documents.excel.exports import (
    agreement_indicators_xlsx,
    indicators_template_xlsx,
    rollup_xlsx,
    round_results_xlsx,
    round_views,
)
from khamrap.documents.excel.format import (
    MAX_UPLOAD_BYTES,
    NUMBER,
    XLSX_CONTENT_TYPE,
    Column,
    Table,
)
from khamrap.documents.excel.import_indicators import indicators_import
from khamrap.documents.excel.import_results import (
    ResultsImportSummary,
    results_import,
    results_import_many,
)
from khamrap.documents.excel.problems import ExcelImportError
from khamrap.documents.excel.writer import (
    MAX_WIDTH,
    new_workbook,
    row_height,
    workbook_bytes,
    wrapped_lines,
    write_meta,
    write_table,
)
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear
from khamrap.reporting.choices import ResultStatus
from khamrap.reporting.models import Change, Result
from khamrap.reporting.services import result_record, result_save, result_submit
from khamrap.rules.thai_text import display_width

# --- helpers -------------------------------------------------------------------------------------


def book(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edited(content: bytes, change) -> bytes:
    """The workbook after `change(workbook)`, as a person would edit it in Excel."""
    workbook = book(content)
    change(workbook)
    return save(workbook)


def carried(content: bytes, target: bytes) -> bytes:
    """The results typed into `target` (another round's file) from `content`, versions aside."""
    source = book(content)["ผลการดำเนินงาน"]
    workbook = book(target)
    sheet = workbook["ผลการดำเนินงาน"]
    version = column_of(sheet, "รุ่นข้อมูล")
    for row in source.iter_rows(min_row=3):
        for cell in row:
            if cell.column != version:
                sheet.cell(row=cell.row, column=cell.column).value = cell.value
    return save(workbook)


def upload(content: bytes, name: str = "แบบฟอร์ม.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def headers(sheet) -> list[str]:
    return [cell.value for cell in sheet[2] if cell.value is not None]


def column_of(sheet, header: str) -> int:
    return headers(sheet).index(header) + 1


def messages_of(error: ExcelImportError) -> list[str]:
    return [problem.message for problem in error.problems]


def six(agreement):
    return agreement.fiscal_year.rounds.get(months=6)


def nine(agreement):
    return agreement.fiscal_year.rounds.get(months=9)


def by_number(agreement, number):
    return Indicator.objects.get(agreement=agreement, number=number)


def record_results(agreement, world, reporting_round):
    """Numeric 92.5, steps 1, 2 and 4 of the milestone, a pass, with some narrative."""
    result_save(
        indicator=by_number(agreement, "1"),
        reporting_round=reporting_round,
        user=world.coordinator,
        value=Decimal("92.5"),
        performance="อบรมเกษตรกร 925 ราย จากเป้าหมาย 1,000 ราย",
        obstacles="งบประมาณล่าช้า",
    )
    result_record(
        indicator=by_number(agreement, "16"),
        reporting_round=reporting_round,
        user=world.coordinator,
        steps_done=[1, 2, 4],
    )
    result_record(
        indicator=by_number(agreement, "3"),
        reporting_round=reporting_round,
        user=world.coordinator,
        passed=True,
    )


def stored(agreement, reporting_round):
    """What a round holds for each indicator, to compare two rounds."""
    rows = {}
    for result in Result.objects.filter(
        indicator__agreement=agreement, reporting_round=reporting_round
    ).select_related("indicator"):
        rows[result.indicator.number] = (
            result.value,
            sorted(result.steps_done or []),
            result.passed,
            result.self_score,
            result.performance,
            result.obstacles,
        )
    return rows


def counts():
    return (
        Agreement.objects.count(),
        Indicator.objects.count(),
        Result.objects.count(),
        Change.objects.count(),
    )


def ole2(*streams: str) -> bytes:
    """A compound file (the container of old Office files and of encrypted workbooks)."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 0x1000, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int, child: int = no_stream) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        data = bytearray(128)
        data[: len(encoded)] = encoded
        struct.pack_into("<HBB", data, 64, len(encoded), kind, 1)
        struct.pack_into("<III", data, 68, no_stream, no_stream, child)
        struct.pack_into("<IQ", data, 116, end, 0)
        return bytes(data)

    entries = [entry("Root Entry", 5, child=1), *(entry(name, 2) for name in streams)]
    entries += [entry("", 0)] * (4 - len(entries) % 4 if len(entries) % 4 else 0)
    return bytes(header) + fat + b"".join(entries)


@pytest.fixture
def demo(db):
    demo_load()


def user(username):
    return get_user_model().objects.get(username=username)


# --- exports --------------------------------------------------------------------------------------


def test_the_indicator_export_opens_with_thai_headers_numbers_and_the_title(agreement):
    workbook = book(agreement_indicators_xlsx(agreement))
    assert workbook.sheetnames[:2] == ["ตัวชี้วัด", "ขั้นตอน"]
    sheet = workbook["ตัวชี้วัด"]
    assert headers(sheet)[:6] == [
        "ลำดับตัวชี้วัด",
        "ตัวชี้วัดหลัก",
        "มิติ/องค์ประกอบ",
        "ชื่อตัวชี้วัด",
        "น้ำหนัก",
        "เกณฑ์การให้คะแนน",
    ]
    title = sheet["A1"].value
    assert "กรมหนึ่ง" in title and "2569" in title
    assert sheet.freeze_panes == "A3"
    first = {h: sheet.cell(row=3, column=column_of(sheet, h)) for h in headers(sheet)}
    assert first["ลำดับตัวชี้วัด"].value == "1" and first["ลำดับตัวชี้วัด"].data_type == "s"
    assert (first["น้ำหนัก"].value, first["น้ำหนัก"].data_type) == (50, "n")
    targets = [first[f"ค่าเป้าหมายระดับ {n}"] for n in range(1, 6)]
    assert [(t.value, t.data_type) for t in targets] == [(v, "n") for v in (80, 85, 90, 95, 100)]
    assert first["เกณฑ์การให้คะแนน"].value == "ค่าเป้าหมาย 5 ระดับ"
    assert first["ทิศทาง"].value == "ยิ่งมากยิ่งดี"
    assert first["ประเด็น"].value == "cost-reduction, staffing"
    steps = workbook["ขั้นตอน"]
    assert [c.value for c in steps[3]] == ["16", 1, "จัดประชุมชี้แจงให้ความรู้", "รายงานการประชุม"]
    assert steps["B3"].data_type == "n"


def test_every_cell_is_in_sarabun_and_columns_fit_thai_text(agreement):
    workbook = book(agreement_indicators_xlsx(agreement))
    sheet = workbook["ตัวชี้วัด"]
    assert {cell.font.name for row in sheet.iter_rows() for cell in row} == {"Sarabun"}
    assert workbook._named_styles["Normal"].font.name == "Sarabun"
    name = "ระดับความสำเร็จของการดำเนินงานตามขั้นตอนการพัฒนาคุณภาพการบริหารจัดการภาครัฐ"
    # Vowel and tone marks above and below a letter take no width: 75 characters, 65 columns.
    assert (len(name), display_width(name)) == (75, 65)
    width = sheet.column_dimensions["D"].width
    assert width == min(round(display_width(name) * 1.1) + 2, MAX_WIDTH)
    # A short column is as wide as its header, not wider.
    assert sheet.column_dimensions["A"].width == round(display_width("ลำดับตัวชี้วัด") * 1.1) + 2


def test_the_reform_issues_have_their_thai_names_beside_their_codes(agreement):
    sheet = book(agreement_indicators_xlsx(agreement))["ตัวชี้วัด"]
    names = headers(sheet)
    assert names.index("ชื่อประเด็น") == names.index("ประเด็น") + 1
    cell = sheet.cell(row=3, column=column_of(sheet, "ชื่อประเด็น"))
    # One name a line, in the order of the codes "cost-reduction, staffing" (agreements/presets.py).
    assert cell.value == "การลดค่าใช้จ่าย\nการลดอัตรากำลังหรือจัดสรรอัตรากำลังให้คุ้มค่า"
    assert cell.alignment.wrap_text
    assert sheet.row_dimensions[3].height >= row_height(2)


def test_a_thai_row_is_as_tall_as_its_lines_of_sarabun(db):
    """Worked examples: a line of Sarabun 14 is 14 × 1.853 = 25.9 pt (Excel's default row: 15)."""
    assert row_height(1) == 28.0  # 25.94 + 2, in quarter points
    assert row_height(3) == 80.0  # 77.83 + 2
    assert row_height(1, 16) == 31.75  # the title
    # 130 letters in a 60-wide column: 59 a line, a tenth lost to word breaks → 3 lines.
    assert wrapped_lines("ก" * 130, 60) == 3
    assert wrapped_lines("ที่นี่", 60) == 1  # marks take no width
    assert wrapped_lines("บรรทัดหนึ่ง\nบรรทัดสอง", 60) == 2
    workbook = new_workbook()
    sheet = write_table(
        workbook,
        Table(
            "ทดสอบ",
            "หัวเรื่องของตาราง",
            (Column("ชื่อ"), Column("ค่า", NUMBER)),
            [("ที่นี่", 1), ("ก" * 130, 2), ("บรรทัดหนึ่ง\nบรรทัดสอง", 3), (None, 4)],
        ),
    )
    sheet = book(workbook_bytes(workbook))["ทดสอบ"]
    heights = [sheet.row_dimensions[n].height for n in range(1, 7)]
    assert heights == [31.75, 28.0, 28.0, 80.0, 54.0, 28.0]
    assert sheet.column_dimensions["A"].width == MAX_WIDTH
    assert [sheet.cell(row=n, column=1).alignment.wrap_text for n in (3, 4, 5)] == [True] * 3
    # Rows written later, in Excel, start as tall as a line of Sarabun too.
    assert (sheet.sheet_format.defaultRowHeight, sheet.sheet_format.customHeight) == (28.0, True)


def test_every_row_of_every_sheet_leaves_room_for_thai_marks(demo):
    agreement = Agreement.objects.get(organization__code="DOAE")
    six_months = agreement.fiscal_year.rounds.get(months=6)
    for content in (
        agreement_indicators_xlsx(agreement),
        round_results_xlsx(agreement, six_months),
    ):
        workbook = book(content)
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "hidden":
                continue
            for number in range(2, sheet.max_row + 1):
                height = sheet.row_dimensions[number].height
                assert height is not None and height >= 28, (sheet.title, number)
    description = Indicator.objects.get(agreement=agreement, number="16").description
    sheet = book(agreement_indicators_xlsx(agreement))["ตัวชี้วัด"]
    (row,) = [r for r in sheet.iter_rows(min_row=3) if r[0].value == "16"]
    lines = wrapped_lines(description, MAX_WIDTH)
    assert lines >= 4
    assert sheet.row_dimensions[row[0].row].height >= row_height(lines)


def print_setup(sheet) -> dict:
    setup = sheet.page_setup
    return {
        "paper": setup.paperSize,
        "orientation": setup.orientation,
        "fit": (sheet.sheet_properties.pageSetUpPr.fitToPage, setup.fitToWidth, setup.fitToHeight),
        "titles": sheet.print_title_rows,
        "margins": (sheet.page_margins.left, sheet.page_margins.top),
        "footer": sheet.oddFooter.center.text,
    }


def test_every_sheet_prints_on_a4_one_page_wide_with_its_headers_on_every_page(demo):
    agreement = Agreement.objects.get(organization__code="DOAE")
    fiscal_year = agreement.fiscal_year
    six_months = fiscal_year.rounds.get(months=6)
    workbooks = {
        "indicators": agreement_indicators_xlsx(agreement),
        "template": indicators_template_xlsx(agreement.organization, fiscal_year),
        "results": round_results_xlsx(agreement, six_months),
        "rollup": rollup_xlsx(user("executive"), fiscal_year, 6),
    }
    orientations = {}
    for name, content in workbooks.items():
        for sheet in book(content).worksheets:
            if sheet.sheet_state == "hidden":
                continue
            setup = print_setup(sheet)
            orientations[(name, sheet.title)] = setup.pop("orientation")
            assert setup == {
                "paper": 9,  # A4
                "fit": (True, 1, 0),  # one page wide, as many pages down as it takes
                "titles": "$1:$2",  # the title and the header row on every page
                "margins": (0.6, 0.75),
                "footer": "หน้า &P จาก &N",
            }, (name, sheet.title)
    # Wide tables lie on their side; the narrow ones and the instructions stand upright.
    assert orientations[("indicators", "ตัวชี้วัด")] == "landscape"
    assert orientations[("results", "ผลการดำเนินงาน")] == "landscape"
    assert orientations[("rollup", "สรุปรายหน่วยงาน")] == "landscape"
    assert orientations[("results", "สรุปคะแนน")] == "landscape"  # 104 characters across
    assert orientations[("indicators", "ข้อมูลพื้นฐาน")] == "portrait"  # 38
    assert orientations[("results", "คำแนะนำ")] == "portrait"  # 64


def test_the_template_offers_lists_for_kind_direction_and_group_and_thai_instructions(
    world, fiscal_year
):
    workbook = book(indicators_template_xlsx(world.dept, fiscal_year))
    sheet = workbook["ตัวชี้วัด"]
    assert sheet.max_row == 2  # title and headers only
    # column letter → the list it offers, on the rows people fill in
    validations = {
        str(dv.sqref)[0]: (str(dv.sqref), dv.formula1)
        for dv in sheet.data_validations.dataValidation
    }
    assert validations["C"] == ("C3:C502", '"1,2,3,4"')
    assert validations["F"][1] == (
        '"ระดับขั้นของความสำเร็จ,ค่าเป้าหมาย 5 ระดับ,แบบผสม,ผ่าน/ไม่ผ่าน,มีตัวชี้วัดย่อย"'
    )
    assert validations["G"][1] == '"ยิ่งมากยิ่งดี,ยิ่งน้อยยิ่งดี"'
    assert "คำแนะนำ" in workbook.sheetnames
    lists = workbook["รายการอ้างอิง"]
    values = [row[1] for row in lists.iter_rows(min_row=3, values_only=True)]
    assert "cost-reduction" in values and "บ๊อบ" in values


def test_the_results_export_has_numbers_and_scores_with_four_decimals(agreement, world):
    reporting_round = six(agreement)
    record_results(agreement, world, reporting_round)
    workbook = book(round_results_xlsx(agreement, reporting_round))
    sheet = workbook["ผลการดำเนินงาน"]
    assert "กรมหนึ่ง" in sheet["A1"].value and "2569" in sheet["A1"].value
    assert sheet.freeze_panes == "A3"
    rows = {
        row[0].value: dict(zip(headers(sheet), row, strict=False))
        for row in sheet.iter_rows(min_row=3)
    }
    numeric, milestone, passed = rows["1"], rows["16"], rows["3"]
    assert (numeric["ผลการดำเนินงาน"].value, numeric["ผลการดำเนินงาน"].data_type) == (92.5, "n")
    score = numeric["คะแนนประเมินตนเอง"]
    assert (score.value, score.data_type, score.number_format) == (3.5, "n", "0.0000")
    assert numeric["คะแนนถ่วงน้ำหนัก"].number_format == "0.0000"
    assert numeric["คะแนนถ่วงน้ำหนัก"].value == 1.75
    assert milestone["ขั้นตอนที่ทำเสร็จ"].value == "1, 2, 4"
    assert milestone["คะแนนประเมินตนเอง"].value == 2
    assert milestone["จำนวนขั้นตอน"].value == 5
    assert passed["ผ่าน/ไม่ผ่าน"].value == "ผ่าน"
    assert numeric["รายละเอียดผลการดำเนินงาน"].value == "อบรมเกษตรกร 925 ราย จากเป้าหมาย 1,000 ราย"
    assert sheet.column_dimensions[
        sheet.cell(row=2, column=column_of(sheet, "รุ่นข้อมูล")).column_letter
    ].hidden
    summary = workbook["สรุปคะแนน"]
    total = next(row for row in summary.iter_rows(min_row=3) if row[0].value == "รวม")
    # 3.5 × 50 + 2 × 30 + 5 × 20 = 3.35 out of 5
    assert (total[2].value, total[2].number_format) == (3.35, "0.0000")


def test_the_rollup_ranks_what_the_user_may_see(demo):
    year = FiscalYear.objects.get(year=2569)
    workbook = book(rollup_xlsx(user("executive"), year, 6))
    sheet = workbook["สรุปรายหน่วยงาน"]
    assert "2569" in sheet["A1"].value
    assert headers(sheet)[:3] == ["อันดับ", "รหัสหน่วยงาน", "หน่วยงาน"]
    rows = list(sheet.iter_rows(min_row=3))
    assert [row[1].value for row in rows] == ["DOAE", "DOA"]
    first, second = (dict(zip(headers(sheet), row, strict=False)) for row in rows)
    assert first["อันดับ"].value == 1
    assert (first["คะแนนประเมินตนเอง"].value, first["คะแนนที่นับ"].value) == (3.51, 3.435)
    assert first["คะแนนที่นับ"].number_format == "0.0000"
    assert first["สถานะของคะแนน"].value == "คะแนนสุดท้าย (ตรวจสอบแล้ว)"
    # DOA's round is still being prepared: listed with what it has, never ranked against DOAE.
    assert (second["อันดับ"].value, second["สถานะของคะแนน"].value) == (
        None,
        "ประเมินตนเอง ยังไม่ส่งรายงาน",
    )
    results = workbook["ผลการดำเนินงาน"]
    assert {row[0] for row in results.iter_rows(min_row=3, values_only=True)} == {"DOAE", "DOA"}
    only_doae = book(rollup_xlsx(user("coordinator"), year, 6))["สรุปรายหน่วยงาน"]
    assert [row[1] for row in only_doae.iter_rows(min_row=3, values_only=True)] == ["DOAE"]


def test_the_rollup_reads_each_round_as_the_round_page_does(demo):
    from khamrap.reporting.selectors import round_view

    agreements = list(Agreement.objects.order_by("pk"))
    reporting_round = agreements[0].fiscal_year.rounds.get(months=6)

    def seen(view):
        rows = [
            (
                r.indicator.pk,
                r.result and r.result.pk,
                r.self_score,
                r.verified_score,
                r.weighted,
                r.depth,
            )
            for r in view.rows
        ]
        return rows, view.card.total_self, view.card.total_final, view.report and view.report.pk

    batched = round_views(agreements, reporting_round)
    assert [seen(view) for view in batched] == [
        seen(round_view(a, reporting_round)) for a in agreements
    ]


def test_the_rollup_export_runs_a_fixed_number_of_queries(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    year = FiscalYear.objects.get(year=2569)
    with CaptureQueriesContext(connection) as three:
        rollup_xlsx(user("admin"), year, 6)
    Agreement.objects.filter(organization__code="DOA").delete()
    with CaptureQueriesContext(connection) as two:
        rollup_xlsx(user("admin"), year, 6)
    assert len(three) == len(two)


# --- importing indicators -------------------------------------------------------------------------


def test_exported_indicators_import_into_a_fresh_draft_as_they_were(agreement, world, fiscal_year):
    before = agreement_export(agreement)
    content = agreement_indicators_xlsx(agreement)
    agreement.delete()
    again = indicators_import(
        organization=world.dept,
        fiscal_year=fiscal_year,
        user=world.coordinator,
        upload=upload(content),
    )
    assert again.status == "draft"
    assert agreement_export(again) == before


def test_the_demo_agreement_with_composites_baselines_and_evidence_round_trips(demo):
    doae = Agreement.objects.get(organization__code="DOAE")
    before = agreement_export(doae)  # no round: results are not part of the indicators
    assert any(spec.parts for spec in before.indicators)
    assert any(spec.baseline for spec in before.indicators)
    content = agreement_indicators_xlsx(doae)
    fiscal_year, organization = doae.fiscal_year, doae.organization
    doae.delete()
    again = indicators_import(
        organization=organization,
        fiscal_year=fiscal_year,
        user=user("coordinator"),
        upload=upload(content),
    )
    assert agreement_export(again) == before


def test_a_mixed_indicator_keeps_its_first_levels_for_its_steps(demo):
    doa = Agreement.objects.get(organization__code="DOA")
    before = agreement_export(doa)
    mixed = next(spec for spec in before.indicators if spec.kind.value == "mixed")
    content = agreement_indicators_xlsx(doa)
    row = next(
        r
        for r in book(content)["ตัวชี้วัด"].iter_rows(min_row=3, values_only=True)
        if r[0] == mixed.number
    )
    steps = mixed.criteria.steps
    targets = list(row[8:13])
    assert targets[:steps] == [None] * steps and None not in targets[steps:]
    organization, fiscal_year = doa.organization, doa.fiscal_year
    doa.delete()
    again = indicators_import(
        organization=organization,
        fiscal_year=fiscal_year,
        user=user("coordinator.doa"),
        upload=upload(content),
    )
    assert agreement_export(again) == before


def test_text_that_starts_with_an_equals_sign_stays_text(agreement, world, fiscal_year):
    Indicator.objects.filter(agreement=agreement, number="1").update(formula="=(ก ÷ ข) × 100")
    before = agreement_export(agreement)
    content = agreement_indicators_xlsx(agreement)
    cell = book(content)["ตัวชี้วัด"].cell(
        row=3, column=column_of(book(content)["ตัวชี้วัด"], "สูตรการคำนวณ")
    )
    assert (cell.value, cell.data_type) == ("=(ก ÷ ข) × 100", "s")
    agreement.delete()
    again = indicators_import(
        organization=world.dept,
        fiscal_year=fiscal_year,
        user=world.coordinator,
        upload=upload(content),
    )
    assert agreement_export(again) == before


def test_a_template_filled_in_becomes_a_draft(world, fiscal_year):
    content = indicators_template_xlsx(world.dept, fiscal_year)

    def fill(workbook):
        sheet = workbook["ตัวชี้วัด"]
        cols = {h: i for i, h in enumerate(headers(sheet))}
        for row in (
            {
                "ลำดับตัวชี้วัด": "1",
                "มิติ/องค์ประกอบ": "1",
                "ชื่อตัวชี้วัด": "ร้อยละของงานที่เสร็จ",
                "น้ำหนัก": 60,
                "เกณฑ์การให้คะแนน": "ค่าเป้าหมาย 5 ระดับ",
                "ทิศทาง": "ยิ่งมากยิ่งดี",
                "หน่วยวัด": "ร้อยละ",
                **{f"ค่าเป้าหมายระดับ {n}": 70 + 5 * n for n in range(1, 6)},
                "ผู้จัดเก็บข้อมูล": "ชาลี",
                "ผู้กำกับดูแลตัวชี้วัด": "อลิส, บ๊อบ",
                "ประเด็น": "staffing",
            },
            {
                "ลำดับตัวชี้วัด": "2",
                "มิติ/องค์ประกอบ": "4",
                "ชื่อตัวชี้วัด": "ระดับความสำเร็จของการจัดการความรู้",
                "น้ำหนัก": "40",
                "เกณฑ์การให้คะแนน": "milestone",
            },
        ):
            values = [None] * len(cols)
            for header, value in row.items():
                values[cols[header]] = value
            sheet.append(values)
        steps = workbook["ขั้นตอน"]
        for number in range(1, 4):
            steps.append(["2", number, f"ขั้นตอนที่ {number} ของการจัดการความรู้", None])

    agreement = indicators_import(
        organization=world.dept,
        fiscal_year=fiscal_year,
        user=world.coordinator,
        upload=upload(edited(content, fill)),
    )
    first, second = agreement_export(agreement).indicators
    assert (first.number, first.weight, first.targets) == ("1", 60, (75, 80, 85, 90, 95))
    assert [p.name for p in first.supervisors] == ["อลิส", "บ๊อบ"]
    assert first.issues == ("staffing",)
    assert (second.kind.value, len(second.steps)) == ("milestone", 3)


def test_a_collector_cannot_import_indicators(world, fiscal_year):
    from django.core.exceptions import PermissionDenied

    content = indicators_template_xlsx(world.dept, fiscal_year)
    with pytest.raises(PermissionDenied):
        indicators_import(
            organization=world.dept,
            fiscal_year=fiscal_year,
            user=world.collector,
            upload=upload(content),
        )


@pytest.fixture
def exported(agreement, fiscal_year):
    """The agreement's indicator workbook, with the agreement gone so that it can come back."""
    content = agreement_indicators_xlsx(agreement)
    agreement.delete()
    return content


def import_indicators(world, fiscal_year, content):
    before = counts()
    with pytest.raises(ExcelImportError) as caught:
        indicators_import(
            organization=world.dept,
            fiscal_year=fiscal_year,
            user=world.coordinator,
            upload=upload(content),
        )
    assert counts() == before, "nothing may be written"
    return caught.value


def set_cell(sheet_name, row, header, value):
    def change(workbook):
        sheet = workbook[sheet_name]
        sheet.cell(row=row, column=column_of(sheet, header)).value = value

    return change


def test_row_and_column_of_a_bad_number_are_named(world, fiscal_year, exported):
    def add_row_12(workbook):
        sheet = workbook["ตัวชี้วัด"]
        cols = {h: i + 1 for i, h in enumerate(headers(sheet))}
        values = {
            "ลำดับตัวชี้วัด": "99",
            "มิติ/องค์ประกอบ": "1",
            "ชื่อตัวชี้วัด": "ตัวชี้วัดใหม่",
            "น้ำหนัก": "ห้าสิบ",
            "เกณฑ์การให้คะแนน": "ผ่าน/ไม่ผ่าน",
        }
        for header, value in values.items():
            sheet.cell(row=12, column=cols[header]).value = value

    content = edited(exported, add_row_12)
    with translation.override("en"):
        error = import_indicators(world, fiscal_year, content)
    assert messages_of(error) == ["Row 12, column น้ำหนัก: must be a number"]
    assert (error.problems[0].sheet, error.problems[0].row, error.problems[0].column) == (
        "ตัวชี้วัด",
        12,
        "น้ำหนัก",
    )
    with translation.override("en"):
        assert str(error.problems[0]) == "Sheet ตัวชี้วัด: Row 12, column น้ำหนัก: must be a number"
    # In Thai, the same message from the catalogue ("แถว 12 คอลัมน์ น้ำหนัก: ต้องเป็นตัวเลข").
    error = import_indicators(world, fiscal_year, content)
    assert messages_of(error) == [
        gettext("Row %(row)s, column %(column)s: must be a number") % {"row": 12, "column": "น้ำหนัก"}
    ]


def test_every_problem_is_listed_at_once(world, fiscal_year, exported):
    def break_things(workbook):
        set_cell("ตัวชี้วัด", 3, "ชื่อตัวชี้วัด", None)(workbook)
        set_cell("ตัวชี้วัด", 4, "เกณฑ์การให้คะแนน", "ขั้นบันได")(workbook)
        set_cell("ตัวชี้วัด", 5, "มิติ/องค์ประกอบ", "9")(workbook)
        set_cell("ตัวชี้วัด", 5, "ผู้จัดเก็บข้อมูล", "นายสมมติ ไม่มีตัวตน")(workbook)
        set_cell("ขั้นตอน", 5, "ขั้นตอนที่", 7)(workbook)

    with translation.override("en"):
        error = import_indicators(world, fiscal_year, edited(exported, break_things))
    found = {(p.sheet, p.row, p.column) for p in error.problems}
    assert found == {
        ("ตัวชี้วัด", 3, "ชื่อตัวชี้วัด"),
        ("ตัวชี้วัด", 4, "เกณฑ์การให้คะแนน"),
        ("ตัวชี้วัด", 5, "มิติ/องค์ประกอบ"),
        ("ตัวชี้วัด", 5, "ผู้จัดเก็บข้อมูล"),
        ("ขั้นตอน", 5, "ขั้นตอนที่"),
    }
    assert "Row 3, column ชื่อตัวชี้วัด: must be filled in" in messages_of(error)


def test_weights_that_do_not_add_up_are_refused_by_the_agreement_file_rules(
    world, fiscal_year, exported
):
    error = import_indicators(
        world, fiscal_year, edited(exported, set_cell("ตัวชี้วัด", 3, "น้ำหนัก", 40))
    )
    assert [p.column for p in error.problems] == ["น้ำหนัก"]
    assert "100" in error.problems[0].message


def test_targets_out_of_order_are_placed_on_their_row(world, fiscal_year, exported):
    error = import_indicators(
        world, fiscal_year, edited(exported, set_cell("ตัวชี้วัด", 3, "ค่าเป้าหมายระดับ 3", 70))
    )
    assert [(p.row, p.column) for p in error.problems] == [(3, "ค่าเป้าหมายระดับ 1")]


def test_an_organization_with_an_agreement_gets_no_second_one(agreement, world, fiscal_year):
    content = agreement_indicators_xlsx(agreement)
    error = import_indicators(world, fiscal_year, content)
    assert messages_of(error) == [
        gettext("This organization already has an agreement for this fiscal year.")
    ]


# --- malformed files --------------------------------------------------------------------------------


NOT_EXCEL = gettext_lazy(
    "The file is not an Excel workbook (.xlsx). Open it in Excel and save it as “Excel Workbook (.xlsx)”."
)


def _zip_of(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", id="pdf renamed .xlsx"
        ),
        pytest.param("ลำดับตัวชี้วัด,น้ำหนัก\n1,50\n".encode(), id="csv text renamed .xlsx"),
        pytest.param(b"", id="empty file"),
        pytest.param(_zip_of("hello.txt", b"hello"), id="a zip that is no workbook"),
        pytest.param(ole2("WordDocument"), id="an old Word file"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_clearly(world, fiscal_year, content):
    error = import_indicators(world, fiscal_year, content)
    assert messages_of(error) == [str(NOT_EXCEL)]


def test_an_old_xls_workbook_is_asked_to_be_saved_as_xlsx(world, fiscal_year):
    error = import_indicators(world, fiscal_year, ole2("Workbook"))
    assert messages_of(error) == [
        gettext(
            "The file is an old Excel 97–2003 workbook (.xls). Open it in Excel and save it as "
            "“Excel Workbook (.xlsx)”."
        )
    ]


def test_a_password_protected_workbook_is_refused(world, fiscal_year):
    error = import_indicators(world, fiscal_year, ole2("EncryptionInfo", "EncryptedPackage"))
    assert messages_of(error) == [
        gettext(
            "The workbook is protected with a password. Remove the password in Excel "
            "(File › Info › Protect Workbook › Encrypt with Password), save it and upload it again."
        )
    ]


def test_a_damaged_workbook_is_refused_without_a_traceback(world, fiscal_year, exported):
    data = bytearray(exported)
    data[len(data) // 2 : len(data) // 2 + 200] = b"\0" * 200
    error = import_indicators(world, fiscal_year, bytes(data))
    assert len(error.problems) == 1


def test_a_file_over_10_mb_is_refused_before_it_is_read(world, fiscal_year):
    error = import_indicators(world, fiscal_year, b"PK\x03\x04" + b"\0" * MAX_UPLOAD_BYTES)
    assert messages_of(error) == [
        gettext("The file is larger than %(size)s MB: split it into smaller files.") % {"size": 10}
    ]


def test_a_sheet_over_the_row_limit_is_refused(world, fiscal_year, exported, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    error = import_indicators(world, fiscal_year, exported)  # 3 indicators, 5 steps
    message = gettext("The sheet has more than %(rows)s rows of data: split it into smaller files.")
    assert [(p.sheet, p.message) for p in error.problems] == [
        ("ตัวชี้วัด", message % {"rows": "2"}),
        ("ขั้นตอน", message % {"rows": "2"}),
    ]


def test_a_workbook_that_unpacks_too_big_is_refused(world, fiscal_year, exported, monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 10_000)
    error = import_indicators(world, fiscal_year, exported)
    assert len(error.problems) == 1 and error.problems[0].sheet == ""


def test_a_formula_is_refused_where_a_value_is_read(world, fiscal_year, exported):
    content = edited(exported, set_cell("ตัวชี้วัด", 4, "น้ำหนัก", "=15+15"))
    with translation.override("en"):
        error = import_indicators(world, fiscal_year, content)
    assert messages_of(error) == [
        "Row 4, column น้ำหนัก: holds a formula (=15+15): copy the cell and paste it as a value"
    ]


def test_merged_cells_are_refused(world, fiscal_year, exported):
    def merge(workbook):
        sheet = workbook["ตัวชี้วัด"]
        sheet.merge_cells(start_row=4, start_column=4, end_row=5, end_column=4)
        # A merged title above the table does no harm.
        sheet.merge_cells("A1:F1")

    with translation.override("en"):
        error = import_indicators(world, fiscal_year, edited(exported, merge))
    problems = [(p.sheet, p.row, p.column) for p in error.problems]
    assert ("ตัวชี้วัด", 4, "ชื่อตัวชี้วัด") in problems
    assert all(p.row != 1 for p in error.problems)
    assert any("merged cells (D4:D5)" in m for m in messages_of(error))


def test_an_empty_sheet_is_refused(world, fiscal_year, exported):
    def empty(workbook):
        workbook.remove(workbook["ตัวชี้วัด"])
        workbook.create_sheet("ตัวชี้วัด", 0)

    error = import_indicators(world, fiscal_year, edited(exported, empty))
    assert messages_of(error) == [gettext("The sheet is empty.")]
    assert error.problems[0].sheet == "ตัวชี้วัด"


def test_a_missing_sheet_is_named(world, fiscal_year, exported):
    def rename(workbook):
        workbook["ตัวชี้วัด"].title = "Sheet1"

    error = import_indicators(world, fiscal_year, edited(exported, rename))
    assert "Sheet1" in messages_of(error)[0] and "ตัวชี้วัด" in messages_of(error)[0]


def test_a_wrong_header_names_the_missing_column(world, fiscal_year, exported):
    content = edited(exported, set_cell("ตัวชี้วัด", 2, "น้ำหนัก", "น้ำหนักตัวชี้วัด"))
    error = import_indicators(world, fiscal_year, content)
    assert messages_of(error) == [
        gettext("The header row (row %(row)s) lacks the column “%(column)s”.")
        % {"row": 2, "column": "น้ำหนัก"}
    ]


def test_a_missing_header_row_is_explained(world, fiscal_year, exported):
    content = edited(exported, set_cell("ตัวชี้วัด", 2, "ลำดับตัวชี้วัด", "ที่"))
    error = import_indicators(world, fiscal_year, content)
    assert "ลำดับตัวชี้วัด" in messages_of(error)[0]


# --- importing results ------------------------------------------------------------------------------


def import_results(agreement, reporting_round, world, content, who=None):
    return results_import(
        agreement=agreement,
        reporting_round=reporting_round,
        user=who or world.coordinator,
        upload=upload(content),
    )


def test_exported_results_typed_into_another_round_import_as_they_were(agreement, world):
    record_results(agreement, world, six(agreement))
    content = carried(
        round_results_xlsx(agreement, six(agreement)),
        round_results_xlsx(agreement, nine(agreement), template=True),
    )
    summary = import_results(agreement, nine(agreement), world, content)
    assert summary == ResultsImportSummary(saved=3, unchanged=0, empty=0)
    assert stored(agreement, nine(agreement)) == stored(agreement, six(agreement))
    changes = Change.objects.count()
    # The same file again changes nothing, and bumps no version.
    again = import_results(agreement, nine(agreement), world, content)
    assert again == ResultsImportSummary(saved=0, unchanged=3, empty=0)
    assert Change.objects.count() == changes


def test_the_demo_results_with_sub_indicators_and_mixed_steps_round_trip(demo):
    for code, username in (("DOAE", "coordinator"), ("DOA", "coordinator.doa")):
        agreement = Agreement.objects.get(organization__code=code)
        six_months, nine_months = six(agreement), nine(agreement)
        content = carried(
            round_results_xlsx(agreement, six_months),
            round_results_xlsx(agreement, nine_months, template=True),
        )
        summary = results_import(
            agreement=agreement,
            reporting_round=nine_months,
            user=user(username),
            upload=upload(content),
        )
        assert (
            summary.saved
            == Indicator.objects.filter(agreement=agreement).exclude(kind="composite").count()
        )
        assert stored(agreement, nine_months) == stored(agreement, six_months)


def test_a_filled_template_saves_the_rows_filled_and_skips_the_others(agreement, world):
    reporting_round = six(agreement)
    content = round_results_xlsx(agreement, reporting_round, template=True)
    sheet = book(content)["ผลการดำเนินงาน"]
    # In the framework's order: dimension 1, 2, then 4.
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["1", "3", "16"]
    assert all(row[6] is None for row in sheet.iter_rows(min_row=3, values_only=True))

    def fill(workbook):
        set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 85)(workbook)
        set_cell("ผลการดำเนินงาน", 5, "ขั้นตอนที่ทำเสร็จ", 3)(workbook)

    summary = import_results(agreement, reporting_round, world, edited(content, fill))
    assert summary == ResultsImportSummary(saved=2, unchanged=0, empty=1)
    rows = stored(agreement, reporting_round)
    assert rows["1"][0] == Decimal("85") and rows["1"][3] == Decimal("2.0000")
    assert rows["16"][1] == [1, 2, 3]
    assert "3" not in rows


def test_a_result_changed_after_the_download_is_not_overwritten(agreement, world):
    reporting_round = six(agreement)
    content = round_results_xlsx(agreement, reporting_round, template=True)
    result_record(
        indicator=by_number(agreement, "1"),
        reporting_round=reporting_round,
        user=world.collector,
        value=Decimal(90),
    )
    before = counts()
    with translation.override("en"), pytest.raises(ExcelImportError) as caught:
        import_results(
            agreement,
            reporting_round,
            world,
            edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 70)),
        )
    assert counts() == before
    assert messages_of(caught.value) == [
        "Row 3: ชาลี changed this result after the file was downloaded: download the file again and redo this row"
    ]


def test_results_problems_are_named_by_row_and_column_and_nothing_is_saved(agreement, world):
    reporting_round = six(agreement)
    content = round_results_xlsx(agreement, reporting_round, template=True)

    def fill(workbook):
        set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 85)(workbook)  # fine on its own
        set_cell("ผลการดำเนินงาน", 4, "ผ่าน/ไม่ผ่าน", "ได้")(workbook)
        set_cell("ผลการดำเนินงาน", 5, "ขั้นตอนที่ทำเสร็จ", 7)(workbook)
        sheet = workbook["ผลการดำเนินงาน"]
        sheet.append(["42"])

    with translation.override("en"), pytest.raises(ExcelImportError) as caught:
        import_results(agreement, reporting_round, world, edited(content, fill))
    assert messages_of(caught.value) == [
        "Row 4, column ผ่าน/ไม่ผ่าน: must be one of: ผ่าน, ไม่ผ่าน",
        "Row 5, column ขั้นตอนที่ทำเสร็จ: indicator 16 has steps 1 to 5 only",
        "Row 6, column ลำดับตัวชี้วัด: กรมหนึ่ง has no indicator 42 in this agreement",
    ]
    assert not Result.objects.filter(reporting_round=reporting_round).exists()


def test_a_locked_result_may_come_back_unchanged_but_not_changed(agreement, world):
    reporting_round = six(agreement)
    record_results(agreement, world, reporting_round)
    result_submit(
        result=Result.objects.get(
            indicator=by_number(agreement, "3"), reporting_round=reporting_round
        ),
        user=world.coordinator,
    )
    content = round_results_xlsx(agreement, reporting_round)
    summary = import_results(
        agreement,
        reporting_round,
        world,
        edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 95)),
    )
    assert summary.saved == 1 and summary.unchanged == 2
    content = round_results_xlsx(agreement, reporting_round)
    with pytest.raises(ExcelImportError) as caught:
        import_results(
            agreement,
            reporting_round,
            world,
            edited(content, set_cell("ผลการดำเนินงาน", 4, "ผ่าน/ไม่ผ่าน", "ไม่ผ่าน")),
        )
    locked = gettext(
        "This result is “%(status)s” and locked; ask the coordinator to reopen it."
    ) % {"status": ResultStatus.SUBMITTED.label}
    assert messages_of(caught.value) == [
        gettext("Row %(row)s: %(problem)s") % {"row": 4, "problem": locked}
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4 not a workbook", NOT_EXCEL),
        (ole2("EncryptionInfo", "EncryptedPackage"), "password"),
    ],
)
def test_malformed_results_files_write_nothing(agreement, world, content, expected):
    before = counts()
    with translation.override("en"), pytest.raises(ExcelImportError) as caught:
        import_results(agreement, six(agreement), world, content)
    assert counts() == before
    with translation.override("en"):
        expected = str(expected)
        assert expected in messages_of(caught.value)[0]


def test_a_formula_in_a_results_cell_is_refused(agreement, world):
    content = round_results_xlsx(agreement, six(agreement), template=True)
    before = counts()
    with pytest.raises(ExcelImportError) as caught:
        import_results(
            agreement,
            six(agreement),
            world,
            edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", "=80+5")),
        )
    assert counts() == before
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "ผลการดำเนินงาน")]


def test_a_collector_cannot_import_results(agreement, world):
    from django.core.exceptions import PermissionDenied

    content = round_results_xlsx(agreement, six(agreement), template=True)
    with pytest.raises(PermissionDenied):
        import_results(agreement, six(agreement), world, content, who=world.collector)


def test_a_ministry_coordinator_imports_the_results_of_many_organizations(
    agreement, world, fiscal_year
):
    from khamrap.agreements import services
    from khamrap.agreements.tests.builders import group
    from khamrap.organizations.choices import Role
    from khamrap.organizations.services import membership_grant

    ministry_coordinator = world.person("mcoord")
    membership_grant(user=ministry_coordinator, organization=world.ministry, role=Role.COORDINATOR)
    other = services.agreement_create(
        organization=world.dept2, fiscal_year=fiscal_year, user=ministry_coordinator
    )
    services.indicator_save(
        agreement=other,
        user=ministry_coordinator,
        fields={
            "group": group("1"),
            "number": "1",
            "name": "ผ่านการตรวจสอบ",
            "weight": Decimal(100),
            "kind": "pass_fail",
        },
    )
    reporting_round = six(agreement)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ผลการดำเนินงาน"
    sheet.append(["ผลรวมทั้งกระทรวง"])
    sheet.append(["รหัสหน่วยงาน", "ลำดับตัวชี้วัด", "ผลการดำเนินงาน", "ขั้นตอนที่ทำเสร็จ", "ผ่าน/ไม่ผ่าน"])
    sheet.append(["M1-D1", "1", 88, None, None])
    sheet.append(["M1-D2", "1", None, None, "ผ่าน"])
    write_meta(workbook, reporting_round)  # the roll-up's hidden identification sheet
    summary = results_import_many(
        reporting_round=reporting_round, user=ministry_coordinator, upload=upload(save(workbook))
    )
    assert summary.saved == 2
    assert stored(agreement, reporting_round)["1"][0] == Decimal(88)
    assert stored(other, reporting_round)["1"][2] is True
    # bob coordinates only his department: the other row is refused, and nothing is saved.
    sheet["C3"] = 89
    before = counts()
    with pytest.raises(ExcelImportError) as caught:
        results_import_many(
            reporting_round=reporting_round, user=world.coordinator, upload=upload(save(workbook))
        )
    assert counts() == before
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "รหัสหน่วยงาน")]


# --- property: all or nothing ------------------------------------------------------------------------

CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-1000, max_value=1000, places=6).map(float),
    st.booleans(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(
        ["ผ่าน", "ไม่ผ่าน", "ห้าสิบ", "๘๕", "1, 2, 4", "3", " ", "-5", "1e3", "=1+1", "92.5", "1,234.5"]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(st.tuples(CELLS, CELLS, CELLS), min_size=3, max_size=3))
def test_a_results_upload_saves_every_row_or_none(agreement, world, cells):
    reporting_round = six(agreement)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ผลการดำเนินงาน"
    sheet.append(["ผลการดำเนินงาน"])
    sheet.append(["ลำดับตัวชี้วัด", "ผลการดำเนินงาน", "ขั้นตอนที่ทำเสร็จ", "ผ่าน/ไม่ผ่าน"])
    filled = set()
    for number, values in zip(["1", "16", "3"], cells, strict=True):
        sheet.append([number, *values])
        if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values):
            filled.add(number)
    write_meta(workbook, reporting_round, agreement)
    content = save(workbook)
    with transaction.atomic():
        before = counts()
        try:
            import_results(agreement, reporting_round, world, content)
        except ExcelImportError as error:
            assert error.problems
            assert counts() == before
        else:
            saved = set(
                Result.objects.filter(
                    reporting_round=reporting_round, indicator__agreement=agreement
                ).values_list("indicator__number", flat=True)
            )
            assert saved == filled
        transaction.set_rollback(True)


NUMBERS = st.one_of(
    st.none(),
    st.integers(min_value=-5, max_value=120),
    st.sampled_from(
        [50, 30, 20, 0, -10, 10**18, 33.33333333, "50", "ห้าสิบ", "๕๐", " ", "=25*2", True]
    ),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(weights=st.lists(NUMBERS, min_size=3, max_size=3), target=NUMBERS)
def test_an_indicator_upload_imports_every_indicator_or_none(
    world, fiscal_year, exported, weights, target
):
    def fill(workbook):
        sheet = workbook["ตัวชี้วัด"]
        for row, weight in zip((3, 4, 5), weights, strict=True):
            sheet.cell(row=row, column=column_of(sheet, "น้ำหนัก")).value = weight
        sheet.cell(row=3, column=column_of(sheet, "ค่าเป้าหมายระดับ 3")).value = target

    content = edited(exported, fill)
    with transaction.atomic():
        before = counts()
        try:
            indicators_import(
                organization=world.dept,
                fiscal_year=fiscal_year,
                user=world.coordinator,
                upload=upload(content),
            )
        except ExcelImportError as error:
            assert error.problems
            assert counts() == before
        else:
            agreement = Agreement.objects.get(organization=world.dept, fiscal_year=fiscal_year)
            assert agreement.indicators.count() == 3
            assert sum(i.weight for i in agreement.indicators.all()) == 100
        transaction.set_rollback(True)


# --- pages ---------------------------------------------------------------------------------------------


def agreement_urls(agreement):
    round_pk = six(agreement).pk
    return [
        reverse("documents_excel:agreement_indicators_export", args=[agreement.pk]),
        reverse("documents_excel:round_results_export", args=[agreement.pk, round_pk]),
        reverse("documents_excel:round_results_template", args=[agreement.pk, round_pk]),
    ]


def test_people_of_the_organization_download_the_workbooks(client, world, agreement):
    client.force_login(world.collector)
    for url in [
        *agreement_urls(agreement),
        reverse("documents_excel:indicators_template", args=[world.dept.pk, 2569]),
        reverse("documents_excel:rollup_export", args=[2569, 6]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == XLSX_CONTENT_TYPE
        assert "attachment" in response["Content-Disposition"]
        book(response.content)


def test_another_organization_gets_404_everywhere(client, world, agreement):
    client.force_login(world.outsider)
    round_pk = six(agreement).pk
    urls = [
        *agreement_urls(agreement),
        reverse("documents_excel:results_import", args=[agreement.pk, round_pk]),
        reverse("documents_excel:indicators_template", args=[world.dept.pk, 2569]),
        reverse("documents_excel:indicators_import", args=[world.dept.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    content = round_results_xlsx(agreement, six(agreement))
    before = counts()
    response = client.post(urls[3], {"file": upload(content)})
    assert response.status_code == 404
    assert counts() == before


def test_a_collector_may_not_open_the_import_pages(client, world, agreement):
    client.force_login(world.collector)
    round_pk = six(agreement).pk
    assert (
        client.get(reverse("documents_excel:indicators_import", args=[world.dept.pk])).status_code
        == 403
    )
    assert (
        client.get(
            reverse("documents_excel:results_import", args=[agreement.pk, round_pk])
        ).status_code
        == 403
    )


def test_signing_in_is_needed(client, agreement):
    response = client.get(agreement_urls(agreement)[0])
    assert response.status_code == 302


def test_the_results_page_imports_a_file_and_lists_problems_by_sheet(client, world, agreement):
    client.force_login(world.coordinator)
    reporting_round = six(agreement)
    url = reverse("documents_excel:results_import", args=[agreement.pk, reporting_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert (
        reverse("documents_excel:round_results_template", args=[agreement.pk, reporting_round.pk])
        in page.content.decode()
    )
    content = round_results_xlsx(agreement, reporting_round, template=True)
    bad = edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", "เก้าสิบ"))
    response = client.post(url, {"file": upload(bad)})
    assert response.status_code == 200
    text = response.content.decode()
    assert gettext("Nothing was imported:") in text
    assert "ผลการดำเนินงาน" in text
    expected = gettext("Row %(row)s, column %(column)s: must be a number") % {
        "row": 3,
        "column": "ผลการดำเนินงาน",
    }
    assert expected in text
    good = edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 90))
    response = client.post(url, {"file": upload(good)})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reporting:round_detail", args=[agreement.pk, reporting_round.pk]
    )
    assert stored(agreement, reporting_round)["1"][0] == Decimal(90)


def test_the_indicators_page_makes_a_draft_from_a_workbook(client, world, agreement, fiscal_year):
    content = agreement_indicators_xlsx(agreement)
    agreement.delete()
    client.force_login(world.coordinator)
    url = reverse("documents_excel:indicators_import", args=[world.dept.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert (
        reverse("documents_excel:indicators_template", args=[world.dept.pk, 2569])
        in page.content.decode()
    )
    response = client.post(url, {"fiscal_year": fiscal_year.pk, "file": upload(b"not a workbook")})
    assert response.status_code == 200 and str(NOT_EXCEL) in response.content.decode()
    assert not Agreement.objects.exists()
    response = client.post(url, {"fiscal_year": fiscal_year.pk, "file": upload(content)})
    created = Agreement.objects.get(organization=world.dept)
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:agreement_detail", args=[created.pk])
    assert created.indicators.count() == 3


def test_an_upload_too_large_is_refused_by_the_form(client, world, agreement):
    client.force_login(world.coordinator)
    url = reverse("documents_excel:results_import", args=[agreement.pk, six(agreement).pk])
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * MAX_UPLOAD_BYTES)
    response = client.post(url, {"file": big})
    assert response.status_code == 200
    assert not Result.objects.exists()


def test_organizations_are_unchanged_by_a_failed_import(world, fiscal_year, exported):
    import_indicators(world, fiscal_year, b"nothing")
    assert Organization.objects.filter(code="M1-D1").exists()


def test_a_template_uploaded_empty_says_so(world, fiscal_year):
    content = indicators_template_xlsx(world.dept, fiscal_year)
    error = import_indicators(world, fiscal_year, content)
    assert [(p.sheet, p.message) for p in error.problems] == [
        ("ตัวชี้วัด", gettext("The sheet has no indicators."))
    ]


def test_a_submitted_report_takes_its_results_back_unchanged_but_no_change(demo):
    doae = Agreement.objects.get(organization__code="DOAE")  # its 6-month report is closed
    content = round_results_xlsx(doae, six(doae))
    summary = results_import(
        agreement=doae, reporting_round=six(doae), user=user("coordinator"), upload=upload(content)
    )
    assert summary.saved == 0 and summary.unchanged > 0
    before = counts()
    changed = edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 99))
    with pytest.raises(ExcelImportError) as caught:
        results_import(
            agreement=doae,
            reporting_round=six(doae),
            user=user("coordinator"),
            upload=upload(changed),
        )
    assert counts() == before
    assert messages_of(caught.value) == [
        gettext(
            "%(organization)s: the organization's report for this round has been submitted: "
            "its results can no longer change."
        )
        % {"organization": "กรมส่งเสริมการเกษตร"}
    ]
