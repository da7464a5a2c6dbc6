"""The indicator sheet (PDF) says where score 5 starts in the indicator's own direction."""

import subprocess
from decimal import Decimal

from khamrap.agreements.models import Indicator
from khamrap.documents import pdf


def sheet_text(indicator) -> str:
    content = pdf.render_indicator_sheet(indicator)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    # Lines may break at any space: compare without white space.
    return "".join(text.split())


def test_a_lower_is_better_sheet_gives_score_5_to_at_most_the_fifth_target(agreement):
    numeric = agreement.indicators.get(number="1")
    targets = {f"target_{n}": Decimal(t) for n, t in enumerate([48, 36, 24, 12, 6], 1)}
    Indicator.objects.filter(pk=numeric.pk).update(unit="ชั่วโมง", direction="lower", **targets)
    text = sheet_text(numeric)
    assert "ยิ่งน้อยยิ่งดี:ผลการดำเนินงานไม่เกิน6(ค่าเป้าหมายระดับ5)ได้5คะแนน" in text


def test_a_higher_is_better_sheet_gives_score_5_from_the_fifth_target_up(agreement):
    text = sheet_text(agreement.indicators.get(number="1"))
    assert "ผลการดำเนินงานตั้งแต่100(ค่าเป้าหมายระดับ5)ขึ้นไปได้5คะแนน" in text
