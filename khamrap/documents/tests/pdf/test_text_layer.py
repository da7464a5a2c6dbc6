"""The PDF text layer on its own: the joiners that hold Thai words together are taken out again,
so stacked marks, SARA AM and names come back exactly."""

from __future__ import annotations

import re

from khamrap.documents import pdf
from khamrap.documents.tests.pdf.reading import pdfium_text, pdftotext

# The words that break other engines' text layers (two marks on a letter, SARA AM).
HARD_WORDS = "ทั้ง ฤทธิ์ ดำเนิน น้ำหนัก ปั้น สั่ง คำรับรอง สำนักงาน"


# --- the text layer, on its own -------------------------------------------------------------------


def test_stacked_marks_sara_am_and_names_come_back_exactly():
    import typst

    text = f"{HARD_WORDS} 30 กันยายน 2569 นายประเสริฐ วงศ์ไทย"
    source = (
        '#set page(width: 12cm, height: auto, margin: 0.5cm)\n#set text(font: "Sarabun")\n'
        + pdf.prepare_text(text)
    )
    compiled = typst.compile(
        source.encode(), font_paths=[str(pdf.FONT_DIR)], ignore_system_fonts=True
    )
    raw = " ".join(pdftotext(compiled).split())
    assert raw != text  # typst alone: the joiners are in the text layer
    content = pdf.drop_joiners(compiled)
    assert " ".join(pdftotext(content).split()) == text
    assert " ".join(pdfium_text(content).split()).replace(" ", "") == text.replace(" ", "")
    # The rewritten file's cross-reference table points at every object (no reader's repair).
    xref = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", content).group(1))
    assert content[xref:].startswith(b"xref")
    offsets = re.findall(rb"(\d{10}) 00000 n", content[xref:])
    assert offsets
    for offset in offsets:
        assert re.match(rb"\d+ 0 obj", content[int(offset) :])


def test_a_pdf_not_laid_out_as_typst_writes_it_is_left_alone(caplog):
    broken = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
    assert pdf.drop_joiners(broken) == broken
    assert "left with joiners" in caplog.text


def test_prepared_text_holds_words_together_and_marks_them_apart():
    prepared = pdf.prepare_text("ถึงวันที่ 30 กันยายน")
    invisible = str.maketrans("", "", pdf.WJ + pdf.ZWSP + pdf.ZWJ)
    assert prepared.translate(invisible) == "ถึงวันที่ 30 กันยายน"
    assert pdf.WJ.join(["กั", "น", "ยา", "ย", "น"]) in prepared  # no break in กันยายน
    assert f"ถึง{pdf.ZWSP}วั{pdf.WJ}น" in prepared  # a break may come after ถึง
    assert f"ที{pdf.ZWJ}่" in prepared  # the tone mark joined to its vowel
    name = pdf.prepare_text("นางสุดารัตน์ มีสุข", unbroken=True)
    assert pdf.ZWSP not in name
