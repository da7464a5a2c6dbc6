"""Writing workbooks: a `Table` as a sheet, people's instructions, a results file's hidden sheet.

`write_table` turns a `Table` into a sheet: the title row (organization, fiscal year), the frozen
Thai header row, numbers as numbers (scores with four decimals), column widths from the longest cell
(Thai vowel and tone marks take no width), Sarabun as the workbook font, rows tall enough for Thai
marks (and for every line of wrapped text), and the print set-up: A4, one page wide, landscape when
the columns are wider than a portrait page, the title and header rows on every page, numbered pages.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from copy import copy
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from khamrap.periods.models import ReportingRound
from khamrap.rules.thai_text import display_width

from .format import (
    FIRST_DATA_ROW,
    HELP_COLUMNS,
    HELP_SHEET,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    META_SHEET,
    NUMBER_FORMATS,
    RESULTS_FORMAT,
    SCORE,
    Table,
)

FONT_NAME = "Sarabun"
FONT_SIZE = 14
MAX_WIDTH = 60
MIN_WIDTH = 6
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


def new_workbook() -> Workbook:
    """An empty workbook whose default font (the Normal style, font 0) is Sarabun."""
    workbook = Workbook()
    font = Font(name=FONT_NAME, sz=FONT_SIZE, family=2)
    # openpyxl has no public setting for the default font: cells without a font use font 0.
    workbook._fonts = IndexedList([font])
    workbook._named_styles["Normal"].font = copy(font)
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
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
    return max(display_width(line) for line in text.splitlines() or [""])


_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_REQUIRED_FILL = PatternFill("solid", fgColor="B4C6E7")
_BOLD = Font(name=FONT_NAME, sz=FONT_SIZE, family=2, bold=True)
_TITLE = Font(name=FONT_NAME, sz=FONT_SIZE + 2, family=2, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")  # beside a wrapped cell, a row reads from its first line


def write_table(workbook: Workbook, table: Table) -> Any:
    """Write a table as a sheet: title row, frozen header row, typed cells, fitted column widths."""
    sheet = workbook.create_sheet(table.sheet)
    sheet.append([table.title])
    sheet.cell(row=1, column=1).font = _TITLE
    sheet.append(list(table.headers))
    widths = [display_width(header) for header in table.headers]
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
        max(1, math.ceil(display_width(line) * WRAP_SLACK / letters))
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


def write_help(workbook: Workbook, lines: Sequence[str]) -> None:
    """The instructions sheet, one paragraph a row."""
    write_table(
        workbook,
        Table(
            HELP_SHEET, _("How to fill in this workbook"), HELP_COLUMNS, [(line,) for line in lines]
        ),
    )


def write_meta(workbook: Workbook, reporting_round: ReportingRound, agreement=None) -> None:
    """A hidden sheet naming the round (and agreement) the file was made for.

    An import refuses a file of another organization, year or round
    (`import_results._identification_problems`); the codes, year and months are there so that the
    refusal can say what does not match.
    """
    sheet = workbook.create_sheet(META_SHEET)
    sheet.append(["format", RESULTS_FORMAT])
    sheet.append(["round", reporting_round.pk])
    sheet.append(["agreement", agreement.pk if agreement is not None else None])
    sheet.append(["organization", agreement.organization.code if agreement is not None else None])
    sheet.append(["fiscal_year", reporting_round.fiscal_year.year])
    sheet.append(["months", reporting_round.months])
    sheet.sheet_state = "hidden"


def common_help() -> list[str]:
    """The instructions every workbook that imports back ends with."""
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
