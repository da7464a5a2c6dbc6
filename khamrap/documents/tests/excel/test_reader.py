"""Files that are no workbook, or a workbook the reader must not read (too big, protected,
damaged, formulas, merged cells, missing sheets and headers), refused clearly and writing nothing."""

import io
import zipfile

import pytest
from django.utils import translation
from django.utils.translation import gettext

from khamrap.documents.excel import reader
from khamrap.documents.excel.format import MAX_UPLOAD_BYTES
from khamrap.documents.tests.excel.workbooks import (
    NOT_EXCEL,
    edited,
    import_indicators,
    messages_of,
    ole2,
    set_cell,
)

# --- malformed files --------------------------------------------------------------------------------


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
