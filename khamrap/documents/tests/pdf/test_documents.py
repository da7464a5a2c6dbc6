"""The four PDF documents, rendered from the demo data and read back as a person's tools read them.

Each document's text is extracted with poppler's pdftotext and with PDFium (pypdfium2) and compared
with the source text (names, dates, scores, the seed 000 sheet): the character error rate over the
reference strings must not grow beyond what was measured. Line breaks must fall between Thai
words; Thai digits must replace every Arabic digit when chosen; every page carries its number and
the header. One page of each document is saved as a PNG in artifacts/documents/ for a person to
look at.
"""

from __future__ import annotations

import re

import pypdfium2
import pytest
from django.contrib.auth import get_user_model

from khamrap.agreements.selectors import indicators_of
from khamrap.dashboards.selectors import rollup
from khamrap.documents import pdf
from khamrap.documents.tests.pdf.demo_documents import (
    DOCUMENTS,
    EVIDENCE_NAMES,
    NARRATIVE,
    SEED_DESCRIPTION,
    SEED_NOTES,
    SEED_RATIONALE,
    agreement_document,
    sar_document,
    sheet_document,
)
from khamrap.documents.tests.pdf.reading import (
    body_text,
    breaks_inside_words,
    character_error_rate,
    contains,
    normalise,
    pages_of,
    pdftotext,
    save_first_page,
)

# The character error rate (Levenshtein distance / length, summed over each document's reference
# strings, after whitespace normalisation) of the text each extractor reads back.
# Measured on 2026-11-22; must not grow. PDFium's errors are spaces it drops (the letters are right):
# 0.00118 for the agreement on 2026-12-01 is the same one space as before, over the demo's
# longer names and positions.
MAX_CER = {
    ("indicator_sheet", "pdftotext"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("indicator_sheet", "pdfium"): 0.00104,  # measured 0.00103 on 2026-11-22; must not grow
    ("agreement", "pdftotext"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("agreement", "pdfium"): 0.00118,  # measured 0.00118 on 2026-12-01; must not grow
    ("sar", "pdftotext"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("sar", "pdfium"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("summary", "pdftotext"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("summary", "pdfium"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
}


# --- the documents --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_text_layer_gives_back_the_source_text(demo, name):
    content, references = DOCUMENTS[name](demo)
    assert content.startswith(b"%PDF-")
    save_first_page(content, name)
    document = pypdfium2.PdfDocument(content)
    title = document.get_metadata_dict()["Title"]
    document.close()
    assert title and not set(title) & {pdf.ZWJ, pdf.WJ, pdf.ZWSP}
    for extractor in ("pdftotext", "pdfium"):
        text = body_text(content, extractor)
        assert pdf.ZWJ not in text and pdf.WJ not in text and pdf.ZWSP not in text
        rate = character_error_rate(references, text)
        assert rate <= MAX_CER[(name, extractor)], f"{name} read by {extractor}: CER {rate:.4f}"


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_page_has_its_number_and_the_header(demo, name):
    content, _references = DOCUMENTS[name](demo)
    pages = pages_of(content)
    organization = "ทุกหน่วยงาน" if name == "summary" else demo.doae.organization.name_th
    if name == "sar":
        organization = demo.doa.organization.name_th
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.split())
        assert f"หน้า {number} จาก {len(pages)}" in text
        assert organization in text
        assert "ปีงบประมาณ พ.ศ. 2569" in text


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_thai_digits_replace_every_digit_when_chosen(demo, name):
    content, _references = DOCUMENTS[name](demo, thai_digits=True)
    text = pdftotext(content)
    assert not re.search("[0-9]", text), re.findall(".{0,20}[0-9].{0,20}", text)[:3]
    assert "หน้า ๑ จาก" in text
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๙" in text
    if name == "sar":
        assert "๓๑ มีนาคม ๒๕๖๙" in " ".join(text.split())
    save_first_page(content, f"{name}-thai-digits")


def test_lines_break_between_words_never_inside_one(demo):
    content, _references = sheet_document(demo)
    text = body_text(content, "pdftotext")
    steps = [s.description for s in demo.sheet_indicator.steps.all()]
    for paragraph in (*SEED_DESCRIPTION, *SEED_NOTES, *SEED_RATIONALE, *steps):
        assert breaks_inside_words(paragraph, text) == []
    # The long paragraphs did break, many times, and the words that typst's own Thai line
    # breaking splits (30 กัน|ยายน, (ก|รอบ) come back whole.
    assert normalise(text).count("\n") > 40
    agreement = pdftotext(agreement_document(demo)[0])
    assert "กันยายน" in agreement.replace("\n", "¶")
    sar = body_text(sar_document(demo)[0], "pdftotext")
    for paragraph in NARRATIVE.values():
        assert breaks_inside_words(paragraph, sar) == []


def test_the_sar_has_every_indicator_with_its_scores_narrative_and_evidence(demo):
    content, _references = sar_document(demo)
    text = pdftotext(content)
    for phrase in (*EVIDENCE_NAMES, "ผลการดำเนินงาน :", "อุปสรรค :", "ข้อเสนอแนะ :"):
        assert contains(text, phrase), phrase
    for indicator in indicators_of(demo.doa):
        assert contains(text, f"ตัวชี้วัดที่ {indicator.number} {indicator.name}")
    # DOAE's round is verified and closed: self and verified totals differ (3.5100 and 3.4350).
    closed = pdftotext(pdf.render_sar(demo.doae, demo.six_months))
    for phrase in (
        "คะแนนเฉลี่ยถ่วงน้ำหนัก (ประเมินตนเอง) 3.5100",
        "คะแนนเฉลี่ยถ่วงน้ำหนัก (คะแนนสุดท้าย) 3.4350",
        "คะแนนผู้ประเมิน : 3.2000",  # the evaluator's score of indicator 1
        "เหตุผลของผู้ประเมิน : ผลสำรวจบางจังหวัดไม่มีเอกสารยืนยัน นับได้ร้อยละ 81",
        "สถานะรายงาน: ตรวจสอบและปิดรอบแล้ว",
        "สถานะของคะแนน: คะแนนสุดท้าย (ตรวจสอบแล้ว)",
    ):
        assert contains(closed, phrase), phrase
    # DOA's round is still being prepared: its total is never called final.
    for phrase in (
        "คะแนนเฉลี่ยถ่วงน้ำหนัก (คะแนนที่นับ)",
        "สถานะของคะแนน: ประเมินตนเอง ยังไม่ส่งรายงาน",
    ):
        assert contains(text, phrase), phrase
    assert not contains(text, "คะแนนเฉลี่ยถ่วงน้ำหนัก (คะแนนสุดท้าย)")


def test_the_summary_of_a_person_of_the_ministry_covers_only_what_is_below_it(demo):
    # The ministry's executive reaches the ministry's departments, not the province: the summary
    # asks the one visibility rule (Agreement.objects.for_user), not a subtree query of its own.
    executive = get_user_model().objects.get(username="executive")
    year = demo.doae.fiscal_year
    text = pdftotext(pdf.render_summary(year, 6, executive))
    for phrase in (
        "กระทรวงเกษตรและสหกรณ์",
        "กรมส่งเสริมการเกษตร",
        "กรมวิชาการเกษตร",
        "3.4350",
        "3.4267",
    ):
        assert contains(text, phrase), phrase
    assert "เชียงราย" not in text
    # Ranked as the dashboard's roll-up ranks them for a person of the ministry.
    assert [t.agreement.organization.code for t in rollup(executive, year, 6)] == ["DOAE", "DOA"]
    assert text.index("กรมส่งเสริมการเกษตร") < text.index("กรมวิชาการเกษตร")


def test_one_typesetter_serves_every_document_of_the_process():
    assert pdf.typesetter() is pdf.typesetter()
