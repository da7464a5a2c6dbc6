"""Reading an upload: the file opened and checked, its sheets read by header, its cells by type.

What is refused before a row is read (`open_book`): files over MAX_UPLOAD_BYTES, anything that is
not an .xlsx workbook (a PDF or text renamed .xlsx, an old .xls), password-protected workbooks (an
OLE2 container with an EncryptedPackage stream) and workbooks that unpack to more than
MAX_UNPACKED_BYTES. Then (`read_sheet`, `Row`): sheets with more than MAX_ROWS rows of data, and
formulas, Excel errors and merged cells in the rows read. Every problem is recorded with its sheet,
row and column, and reading goes on, so that an upload lists all of them at once.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from khamrap.lib.filetypes import OLE2_SIGNATURE, XLS, XLSX, detect_type

from .format import MAX_ROWS, MAX_UPLOAD_BYTES, META_SHEET, RESULTS_FORMAT, Column
from .problems import SheetProblem, file_problem

logger = logging.getLogger(__name__)

# A 10 MB zip of repeated text can unpack to gigabytes; real 10,000-row sheets are a few MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 64
HEADER_SEARCH_ROWS = 10
FOUR_PLACES = Decimal("0.0001")
# DecimalField(max_digits=20, decimal_places=4) holds 16 digits before the point.
NUMBER_LIMIT = Decimal(10) ** 16
OLE2_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class _Invalid:
    """A cell that could not be read (its problem is already recorded); unlike None, not empty."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
# Thai digits (๐-๙) in a number or a list of step numbers read as 0-9.
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER_TEXT = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)\Z")
_GROUPED_NUMBER_TEXT = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?\Z")
# What separates the codes of a list cell (issues, step numbers): spaces, commas, semicolons.
CODE_SEPARATORS = re.compile(r"[\s,;]+")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


@dataclass
class Book:
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
        raise file_problem(
            _("The file is larger than %(size)s MB: split it into smaller files.")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    return data


def open_book(upload) -> Book:
    """Open an upload as a read-only workbook, or refuse it with one clear message."""
    data = _read_upload(upload)
    not_excel = _(
        "The file is not an Excel workbook (.xlsx). Open it in Excel and save it as "
        "“Excel Workbook (.xlsx)”."
    )
    if data.startswith(OLE2_SIGNATURE):
        if OLE2_ENCRYPTED_STREAM in data:
            raise file_problem(
                _(
                    "The workbook is protected with a password. Remove the password in Excel "
                    "(File › Info › Protect Workbook › Encrypt with Password), save it and "
                    "upload it again."
                )
            )
        if detect_type(io.BytesIO(data)) is XLS:
            raise file_problem(
                _(
                    "The file is an old Excel 97–2003 workbook (.xls). Open it in Excel and save "
                    "it as “Excel Workbook (.xlsx)”."
                )
            )
        raise file_problem(not_excel)
    if detect_type(io.BytesIO(data)) is not XLSX:
        raise file_problem(not_excel)
    damaged = _("The workbook is damaged and cannot be read. Save it again in Excel and upload it.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise file_problem(damaged) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise file_problem(
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
        raise file_problem(damaged) from None
    return Book(workbook, data)


@dataclass
class Sheet:
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


def read_sheet(
    book: Book,
    name: str,
    columns: Sequence[Column],
    problems: list[SheetProblem],
    *,
    required: bool = True,
) -> Sheet | None:
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
    sheet = Sheet(name, header_row, headers, rows)
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


def _check_merges(book: Book, worksheet, sheet: Sheet, problems: list[SheetProblem]) -> None:
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


def to_decimal(value: object) -> Decimal | None:
    """A cell's number as a Decimal from its shortest decimal form, or None if it is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().translate(THAI_DIGITS)
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


class Row:
    """One data row: reads its cells by header, recording each problem with its row and column."""

    def __init__(self, sheet: Sheet, number: int, cells: dict[str, Any], problems: list):
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
        number = to_decimal(value)
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
        number = to_decimal(value)
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
