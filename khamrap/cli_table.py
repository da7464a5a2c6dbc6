"""The score table of `khamrap score` as aligned plain text for a terminal.

The figures come from `khamrap.rules.agreement_file.score_report`; this module only lays them out:
Thai headers, a row per indicator and sub-indicator, group subtotals and the totals. Columns are
measured in terminal columns (`khamrap.rules.thai_text`), so Thai vowel and tone marks, which take
none, do not push a row out of line, and a long name is cut between whole letter clusters.
"""

from __future__ import annotations

from decimal import Decimal

from khamrap.rules.agreement_file import ScoreReport
from khamrap.rules.agreement_file.spec import decimal_text
from khamrap.rules.scoring import ZERO, round4
from khamrap.rules.thai_text import display_width, truncate


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


_HEADERS = (
    "ตัวชี้วัด",
    "ชื่อ",
    "น้ำหนัก",
    "คะแนน",
    "คะแนนถ่วงน้ำหนัก",
    "คะแนนผู้ประเมิน",
    "ถ่วงน้ำหนัก (ผู้ประเมิน)",
)
_RIGHT = (False, False, True, True, True, True, True)
_GAP = "  "
_NUMBER_WIDTH = 12


def _cell_text(text: str, width: int) -> str:
    # A newline or tab inside a name would break the row; the table shows it as one space.
    return truncate(" ".join(text.split()), width)


def _score_cell(value: Decimal | None) -> str:
    return "-" if value is None else decimal_text(round4(value))


def render_table(report: ScoreReport, *, name_width: int = 48) -> str:
    """The score table as aligned plain text for a terminal, with Thai headers and subtotals."""
    rows: list[tuple[str, ...] | str] = []
    any_fallback = any(not line.verified_given for line in report.lines)
    for group in report.groups:
        rows.append(" ".join(group.name.split()))
        for line in (line for line in report.lines if line.group == group.key):
            mark = " " if line.verified_given or line.verified_score is None else "*"
            rows.append(
                (
                    _cell_text(line.number, _NUMBER_WIDTH),
                    _cell_text(line.name, name_width),
                    decimal_text(line.weight),
                    _score_cell(line.score),
                    decimal_text(line.weighted),
                    _score_cell(line.verified_score) + (mark if any_fallback else ""),
                    decimal_text(line.verified_weighted),
                )
            )
            for part in line.parts:
                rows.append(
                    (
                        "  " + _cell_text(part.number, _NUMBER_WIDTH),
                        "  " + _cell_text(part.name, name_width - 2),
                        f"({decimal_text(part.weight)})",
                        _score_cell(part.score),
                        "",
                        "",
                        "",
                    )
                )
        rows.append(
            (
                "",
                _cell_text(f"รวม {group.name}", name_width),
                decimal_text(group.weight),
                "",
                decimal_text(group.weighted),
                "",
                decimal_text(group.verified_weighted),
            )
        )
    total_weight = sum((line.weight for line in report.lines), ZERO)
    total = (
        "",
        "รวมทั้งหมด",
        decimal_text(total_weight),
        "",
        decimal_text(report.total),
        "",
        decimal_text(report.verified_total),
    )
    cells = [row for row in rows if isinstance(row, tuple)] + [_HEADERS, total]
    widths = [max(display_width(row[column]) for row in cells) for column in range(len(_HEADERS))]

    def line_of(row: tuple[str, ...]) -> str:
        cells = (_pad(cell, widths[i], right=_RIGHT[i]) for i, cell in enumerate(row))
        return _GAP.join(cells).rstrip()

    rule = "-" * (sum(widths) + len(_GAP) * (len(widths) - 1))
    out = [
        f"คำรับรองการปฏิบัติราชการ ปีงบประมาณ พ.ศ. {report.fiscal_year}",
        f"{report.organization.name} ({report.organization.code}) · {report.framework}",
        "",
        line_of(_HEADERS),
        rule,
    ]
    for row in rows:
        out.append(row if isinstance(row, str) else line_of(row))
    out += [rule, line_of(total)]
    notes = []
    if any_fallback:
        notes.append("* ยังไม่มีคะแนนผู้ประเมิน ใช้คะแนนประเมินตนเองแทน")
    if report.unreported:
        notes.append(f"- ยังไม่รายงานผล นับเป็น 0: ตัวชี้วัด {', '.join(report.unreported)}")
    if any(line.parts for line in report.lines):
        notes.append("(น้ำหนัก) ของตัวชี้วัดย่อยคือน้ำหนักภายในตัวชี้วัดหลัก")
    if notes:
        out += ["", *notes]
    return "\n".join(out)
