"""Excel exports: the indicators, the template, a round's results and the roll-up, in Thai and in
Sarabun, sized for Thai marks, printed on A4 one page wide."""

from khamrap.agreements.models import Agreement, Indicator
from khamrap.documents.excel.exports import (
    agreement_indicators_xlsx,
    indicators_template_xlsx,
    rollup_xlsx,
    round_results_xlsx,
    round_views,
)
from khamrap.documents.excel.format import NUMBER, Column, Table
from khamrap.documents.excel.writer import (
    MAX_WIDTH,
    new_workbook,
    row_height,
    workbook_bytes,
    wrapped_lines,
    write_table,
)
from khamrap.documents.tests.excel.workbooks import (
    book,
    column_of,
    headers,
    record_results,
    six,
    user,
)
from khamrap.periods.models import FiscalYear
from khamrap.rules.thai_text import display_width

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
