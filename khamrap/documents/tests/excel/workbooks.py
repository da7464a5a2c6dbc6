"""What the Excel tests share: workbooks opened, edited as a person would in Excel and uploaded,
results recorded and read back, the rows counted before and after an import, an old Office file, and
the imports that must refuse a file and write nothing."""

import io
import struct
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from khamrap.agreements.models import Agreement, Indicator
from khamrap.documents.excel.format import XLSX_CONTENT_TYPE
from khamrap.documents.excel.import_indicators import indicators_import
from khamrap.documents.excel.import_results import results_import
from khamrap.documents.excel.problems import ExcelImportError
from khamrap.reporting.models import Change, Result
from khamrap.reporting.services import result_record, result_save


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


def user(username):
    return get_user_model().objects.get(username=username)


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


NOT_EXCEL = gettext_lazy(
    "The file is not an Excel workbook (.xlsx). Open it in Excel and save it as “Excel Workbook (.xlsx)”."
)


def import_results(agreement, reporting_round, world, content, who=None):
    return results_import(
        agreement=agreement,
        reporting_round=reporting_round,
        user=who or world.coordinator,
        upload=upload(content),
    )
