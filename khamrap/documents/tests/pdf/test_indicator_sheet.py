"""The indicator sheet's layout as a PDF: the milestone table kept whole, no line starting with
mai yamok, no gaping justified line, phones beside their label, and the closing note."""

from __future__ import annotations

import itertools
import re

from khamrap.agreements.file_export import agreement_export
from khamrap.agreements.models import Indicator
from khamrap.documents import pdf
from khamrap.documents.tests.pdf.demo_documents import (
    SEED_CLOSING_NOTE,
    SEED_DESCRIPTION,
    SEED_NOTES,
    SEED_RATIONALE,
    sheet_document,
)
from khamrap.documents.tests.pdf.reading import (
    body_text,
    contains,
    one_line,
    pages_of,
    pdftotext,
    visual_lines,
)
from khamrap.rules import agreement_file

# --- the indicator sheet's layout -----------------------------------------------------------------


def test_the_milestone_table_stays_with_its_heading_and_its_last_row(demo):
    """Wherever the description pushes it, the criteria's heading, the table's header and all
    15 ✓ of its five rows are on one page (row 5 once stood alone on the next page)."""
    indicator = demo.sheet_indicator
    sentence = "การพัฒนาคุณภาพการบริหารจัดการภาครัฐเป็นการนำกรอบการดำเนินการตามพระราชกฤษฎีกา"
    pages_seen = set()
    for lines in range(26):  # more than a page's worth of one-line paragraphs
        Indicator.objects.filter(pk=indicator.pk).update(description="\n".join([sentence] * lines))
        pages = pages_of(pdf.render_indicator_sheet(indicator))
        heading = next(i for i, page in enumerate(pages) if "เกณฑ์การให้คะแนน :" in page)
        assert "ระดับขั้นของความสำเร็จ (Milestone)" in pages[heading], lines
        assert [page.count("✓") for page in pages] == [
            15 if i == heading else 0 for i in range(len(pages))
        ], lines
        pages_seen.add(heading)
    assert len(pages_seen) >= 2  # the table did move to the next page on the way


def test_no_line_starts_with_mai_yamok_and_year_ranges_stay_whole(demo):
    indicator = demo.sheet_indicator
    # The phrases at every position along a line: one paragraph per offset.
    filler = "คุณภาพ"
    description = [
        f"{filler * offset} ให้จังหวัดต่าง ๆ ดำเนินการตามแผน พ.ศ. 2548 – 2551 ในเรื่องต่าง ๆ ต่อไป"
        for offset in range(24)
    ]
    Indicator.objects.filter(pk=indicator.pk).update(description="\n".join(description))
    for digits in (False, True):
        content = pdf.render_indicator_sheet(indicator, thai_digits=digits)
        lines = visual_lines(content)
        assert [ws[0].text for ws in lines if ws[0].text[:1] in ("ๆ", "ฯ")] == []
        start, end = ("๒๕๔๘", "๒๕๕๑") if digits else ("2548", "2551")
        ranges = [
            [w.text for w in ws[i : i + 3]]
            for ws in lines
            for i, w in enumerate(ws)
            if w.text == start
        ]
        assert ranges == [[start, "–", end]] * (len(description) + 1)  # + the rationale's
        # However loose a line, its letters stay one word for the extractors (tracking kept
        # below what poppler reads as a gap between words: ใ ห้ จั ง).
        for extractor in ("pdftotext", "pdfium"):
            tokens = body_text(content, extractor).split()
            letters = [t for t in tokens if re.fullmatch("[\u0e01-\u0e4e]{1,2}", t)]
            assert set(letters) <= {"ๆ", "ใน"}, extractor


def test_a_justified_line_never_gapes(demo):
    """Between two words of the sheet's prose (seed 000's description, steps, notes and
    rationale) no space is wider than 0.8 em (12.8 pt; a plain space is 0.23 em): a justified Thai
    line with one or two spaces spreads its slack over its letters too, and the steps' narrower
    column is not justified. Step 2 once had gaps of 25 and 38 pt, the rationale 21 pt."""
    content, _references = sheet_document(demo)
    steps = [s.description for s in demo.sheet_indicator.steps.all()]
    prose = [" ".join(p.split()) for p in (*SEED_DESCRIPTION, *SEED_NOTES, *SEED_RATIONALE, *steps)]
    gaps = [
        (right.x0 - left.x1, left.text, right.text)
        for words in visual_lines(content)
        for left, right in itertools.pairwise(words)
        if any(f"{left.text} {right.text}" in paragraph for paragraph in prose)
    ]
    assert len(gaps) > 50
    assert max(gaps)[0] <= 12.8, sorted(gaps)[-3:]


def test_phone_numbers_stand_beside_their_label(demo):
    content, _references = sheet_document(demo)
    text = pdftotext(content)
    indicator = demo.sheet_indicator
    people = [*indicator.supervisors.all(), *indicator.collectors.all()]
    assert [p for p in people if p.phone]
    for person in people:
        if person.phone:
            assert one_line(text, f"เบอร์ติดต่อ : {person.phone}"), person.phone
            assert one_line(text, person.display_name)


def test_the_closing_note_ends_the_sheet_when_there_is_one(demo):
    content, _references = sheet_document(demo)
    last_page = pages_of(content)[-1]
    assert contains(last_page, f"หมายเหตุ : {SEED_CLOSING_NOTE}")
    assert last_page.index("เหตุผล :") < last_page.index("หมายเหตุ : รูปแบบ")
    Indicator.objects.filter(pk=demo.sheet_indicator.pk).update(closing_note="")
    assert "รูปแบบการกำหนดเกณฑ์" not in pdftotext(pdf.render_indicator_sheet(demo.sheet_indicator))


def test_the_closing_note_travels_in_the_agreement_file(demo):
    exported = agreement_export(demo.doae)
    data = agreement_file.to_data(exported)
    sixteen = next(i for i in data["indicators"] if i["number"] == "16")
    assert sixteen["closing_note"] == SEED_CLOSING_NOTE
    assert "closing_note" not in next(i for i in data["indicators"] if i["number"] == "1")
    read = agreement_file.from_data(data)
    assert next(i for i in read.indicators if i.number == "16").closing_note == SEED_CLOSING_NOTE
