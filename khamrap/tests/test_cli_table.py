"""The score table `khamrap score` prints: figures in their columns, aligned whatever the Thai.

The figures are the agreement file's own (rules.agreement_file.score_report, tested with the file
rules); these tests hold the layout (subtotals and totals, notes, columns that line up) and that
the figures as printed, in the table and in `--json`, add up to the totals printed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from khamrap.cli_table import render_table
from khamrap.rules.agreement_file import (
    AgreementFile,
    from_data,
    load_path,
    report_json,
    score_report,
)
from khamrap.rules.tests.agreement_file_strategies import PROPERTY, raw_agreement
from khamrap.rules.tests.agreement_files import (
    SEED_GROUPS,
    SEED_LINES,
    SEED_YAML,
    indicator,
    raw_seed,
)
from khamrap.rules.thai_text import display_width, truncate

D = Decimal


@pytest.fixture(scope="module")
def seed() -> AgreementFile:
    return load_path(SEED_YAML)


def test_it_prints_the_worked_example_with_subtotals_and_totals(seed: AgreementFile) -> None:
    table = render_table(score_report(seed))
    rows = table.splitlines()
    assert rows[0] == "คำรับรองการปฏิบัติราชการ ปีงบประมาณ พ.ศ. 2549"
    header = next(row for row in rows if row.startswith("ตัวชี้วัด"))
    for title in ("ชื่อ", "น้ำหนัก", "คะแนน", "คะแนนถ่วงน้ำหนัก", "คะแนนผู้ประเมิน"):
        assert title in header
    sixteen = next(row for row in rows if row.startswith("16 "))
    assert sixteen.split()[-5:] == ["4", "4.0000", "0.1600", "4.8000", "0.1920"]
    composite = next(row for row in rows if row.startswith("2 "))
    assert composite.split()[-2:] == ["3.9600*", "0.9900"]
    part = next(row for row in rows if row.startswith("  2.2 "))
    assert part.split()[-2:] == ["(40)", "3.0000"]
    subtotal = next(row for row in rows if "รวม มิติที่ 4" in row)
    assert subtotal.split()[-3:] == ["10", "0.4600", "0.4920"]
    total = next(row for row in rows if "รวมทั้งหมด" in row)
    assert total.split()[-3:] == ["100", "3.8900", "3.8170"]
    assert "* ยังไม่มีคะแนนผู้ประเมิน ใช้คะแนนประเมินตนเองแทน" in rows


def test_it_aligns_the_columns_whatever_the_thai_marks_in_the_names(seed: AgreementFile) -> None:
    rows = render_table(score_report(seed)).splitlines()
    header = next(row for row in rows if row.startswith("ตัวชี้วัด"))
    # Every row that ends in the last (right-aligned) column ends at the same terminal column.
    parts = [row for row in rows if row.lstrip().startswith(("2.1 ", "2.2 "))]
    full = [row for row in rows if re.search(r"\d\.\d{4}$", row) and row not in parts]
    assert len(parts) == 2
    assert len(full) == len(SEED_LINES) + len(SEED_GROUPS) + 1
    assert {display_width(row) for row in full} == {display_width(header)}
    # And the weighted column ends at the same place in every indicator row.
    widths = set()
    for row in full:
        tokens = list(re.finditer(r"\S+", row))
        # Indicator rows end in five figures; subtotal and total rows in weight and two sums.
        four_places = re.fullmatch(r"\d+\.\d{4}", tokens[-3].group())
        weighted = tokens[-3] if four_places else tokens[-2]
        widths.add(display_width(row[: weighted.end()]))
    assert len(widths) == 1
    # A sub-indicator's score ends where the indicators' scores end.
    score_end = {display_width(row[: row.rindex(row.split()[-1]) + 6]) for row in parts}
    first = full[0]
    assert score_end == {display_width(first[: first.index("3.5000") + 6])}


# --- the widths the table is measured in -----------------------------------------------------------


def test_it_counts_thai_marks_as_zero_width_and_wide_characters_as_two() -> None:
    assert display_width("ตัวชี้วัด") == 5
    assert display_width("น้ำหนัก") == 5
    assert display_width("abc") == 3
    assert display_width("日本") == 4
    assert display_width("a\u200bb") == 2


def test_it_truncates_to_a_width_without_parting_a_mark_from_its_letter() -> None:
    assert truncate("สั้น", 10) == "สั้น"
    cut = truncate("ผู้กำกับดูแลตัวชี้วัด", 6)
    assert display_width(cut) <= 6
    assert cut.endswith("…")
    assert cut == "ผู้กำกับ…"


def test_it_prints_an_unreported_indicator_as_a_dash_counting_zero_and_lists_it() -> None:
    data = raw_seed()
    del indicator(data, "17")["result"]
    table = render_table(score_report(from_data(data)))
    assert "- ยังไม่รายงานผล นับเป็น 0: ตัวชี้วัด 17" in table
    assert next(row for row in table.splitlines() if row.startswith("17 ")).split()[-4:] == [
        "-",
        "0.0000",
        "-",
        "0.0000",
    ]


@PROPERTY
@given(raw_agreement())
def test_it_makes_the_total_the_sum_of_the_printed_weighted_scores(data: dict[str, Any]) -> None:
    report = score_report(from_data(data))
    figures = report_json(report)
    printed = [D(line["weighted"]) for line in figures["indicators"]]
    verified = [D(line["verified_weighted"]) for line in figures["indicators"]]
    assert sum(printed, D(0)) == D(figures["total"]) == report.total
    assert sum(verified, D(0)) == D(figures["verified_total"]) == report.verified_total
    assert sum((D(group["weighted"]) for group in figures["groups"]), D(0)) == report.total
    # The same holds for the figures as the terminal table prints them.
    rows = render_table(report).splitlines()
    shown = []
    for line in report.lines:
        row = next(row for row in rows if row.startswith(f"{line.number} "))
        shown.append(D(row.split()[-3]))
    total_row = next(row for row in rows if "รวมทั้งหมด" in row)
    assert sum(shown, D(0)) == D(total_row.split()[-2]) == report.total
    assert D(total_row.split()[-1]) == report.verified_total
