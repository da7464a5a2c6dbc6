"""Importing a round's results from Excel: results typed into another round's file come back as they
were, a filled template saves the rows filled, a locked or changed result is kept, and an import
saves every row or none."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from khamrap.agreements.models import Agreement, Indicator
from khamrap.documents.excel.exports import round_results_xlsx
from khamrap.documents.excel.import_results import (
    ResultsImportSummary,
    results_import,
    results_import_many,
)
from khamrap.documents.excel.problems import ExcelImportError
from khamrap.documents.excel.writer import write_meta
from khamrap.documents.tests.excel.workbooks import (
    NOT_EXCEL,
    book,
    by_number,
    carried,
    counts,
    edited,
    import_results,
    messages_of,
    nine,
    ole2,
    record_results,
    save,
    set_cell,
    six,
    stored,
    upload,
    user,
)
from khamrap.reporting.choices import ResultStatus
from khamrap.reporting.models import Change, Result
from khamrap.reporting.services import result_record, result_submit

# --- importing results ------------------------------------------------------------------------------


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
