"""Importing indicators from Excel: an exported workbook or a filled template becomes a draft
agreement as it was, every problem is placed on its sheet, row and column, and an import takes
every indicator or none."""

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khamrap.agreements.file_export import agreement_export
from khamrap.agreements.models import Agreement, Indicator
from khamrap.documents.excel.exports import agreement_indicators_xlsx, indicators_template_xlsx
from khamrap.documents.excel.import_indicators import indicators_import
from khamrap.documents.excel.problems import ExcelImportError
from khamrap.documents.tests.excel.workbooks import (
    book,
    column_of,
    counts,
    edited,
    headers,
    import_indicators,
    messages_of,
    set_cell,
    upload,
    user,
)

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


# --- property: all or nothing ------------------------------------------------------------------------


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
