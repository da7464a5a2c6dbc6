"""The PDF documents, rendered from the demo data and read back as a person's tools read them.

Each document's text is extracted with poppler's pdftotext and with PDFium (pypdfium2) and compared
with the source text (names, dates, scores, the seed 000 sheet): the character error rate over the
reference strings must not grow beyond what was measured. Line breaks must fall between Thai
words; Thai digits must replace every Arabic digit when chosen; every page carries its number and
the header. One page of each document is saved as a PNG in artifacts/documents/ for a person to
look at.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse

from khamrap import urls as root_urls
from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import indicators_of
from khamrap.dashboards.selectors import early_warning, rollup
from khamrap.demo.loader import DEMO_EXPLANATION, demo_load
from khamrap.documents import pdf
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear
from khamrap.reporting.evidence import evidence_attach
from khamrap.reporting.models import Result
from khamrap.reporting.services import result_save
from khamrap.rules.thai import format_date

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "documents"

# The character error rate (Levenshtein distance / length, summed over each document's reference
# strings, after whitespace normalisation) of the text each extractor reads back.
# Measured on 2026-11-22; must not grow.
MAX_CER = {
    ("indicator_sheet", "pdftotext"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("indicator_sheet", "pdfium"): 0.00104,  # measured 0.00103 on 2026-11-22; must not grow
    ("agreement", "pdftotext"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("agreement", "pdfium"): 0.00116,  # measured 0.00116 on 2026-11-22; must not grow
    ("sar", "pdftotext"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("sar", "pdfium"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("summary", "pdftotext"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
    ("summary", "pdfium"): 0.0,  # measured 0.0000 on 2026-11-22; must not grow
}

# Seed 000 as it stands: the sheet's description, notes and rationale.
SEED_DESCRIPTION = (
    "การพัฒนาคุณภาพการบริหารจัดการภาครัฐเป็นการนำกรอบการดำเนินการตามพระราชกฤษฎีกาว่าด้วย"
    "หลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. 2546 รวมทั้งหลักเกณฑ์และแนวคิดของ"
    "รางวัลคุณภาพแห่งชาติของสหรัฐอเมริกา ได้แก่ Malcolm Baldrige Quality Award (MBNQA) และ "
    "Thailand Quality Award (TQA) มาศึกษา วิเคราะห์ และเปรียบเทียบเพื่อพัฒนาเป็นเกณฑ์คุณภาพ"
    "การบริหารจัดการภาครัฐ และนำเกณฑ์ดังกล่าวไปส่งเสริมให้จังหวัดใช้ในการยกระดับและพัฒนา"
    "คุณภาพการปฏิบัติงาน ซึ่งเป็นการดำเนินงานที่สอดคล้องกับกลยุทธ์ในการสร้างความเป็นเลิศ"
    "ในระบบราชการ ตามประเด็นยุทธศาสตร์ที่ 6 ด้านการพัฒนาระบบราชการ ของแผนการบริหาร"
    "ราชการแผ่นดิน",
    "การดำเนินงานพัฒนาคุณภาพการบริหารจัดการภาครัฐ คือ การยกระดับและพัฒนาคุณภาพการบริหาร"
    "จัดการของจังหวัดให้สอดคล้องตามพระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการ"
    "บ้านเมืองที่ดี พ.ศ. 2546 โดยส่วนราชการต้องทำการประเมินตนเองเพื่อหาจุดแข็งและโอกาส"
    "ในการปรับปรุงองค์กร ตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ",
    "ในปีงบประมาณ พ.ศ. 2548 สำนักงาน ก.พ.ร. ได้เริ่มเตรียมความพร้อมในการยกระดับและพัฒนา"
    "คุณภาพการบริหารจัดการภาครัฐให้กับจังหวัดต่าง ๆ โดยการให้ความรู้พื้นฐานในการประเมินตนเอง "
    "สำหรับในระยะต่อไป จะเป็นการส่งเสริมให้จังหวัดดำเนินการในเรื่องต่าง ๆ เพิ่มเติมต่อไป"
    "ตามแนวทางที่สำนักงาน ก.พ.ร. กำหนดไว้ สำหรับการดำเนินการตามตัวชี้วัดนี้ สำนักงาน ก.พ.ร. "
    "จะได้จัดทำคู่มือแนวทางการดำเนินการพัฒนาคุณภาพการบริหารจัดการภาครัฐ เพื่อให้จังหวัด"
    "ใช้เป็นแนวทางดำเนินการในรายละเอียดต่อไป",
)
SEED_NOTES = (
    "- ความครบถ้วนของขั้นตอนที่ 4 และ 5 หมายถึง ความครบถ้วนของการตอบคำถามตามแนวทางและเกณฑ์"
    "คุณภาพการบริหารจัดการภาครัฐ ตามแบบฟอร์มที่ ก.พ.ร. กำหนด",
    "- ให้จังหวัดคัดเลือกอย่างน้อย 1 หน่วยงานมาดำเนินการพัฒนาคุณภาพการบริหารจัดการภาครัฐ "
    "โดยหน่วยงานที่คัดเลือกต้องมีคุณลักษณะขององค์กรตามที่ ก.พ.ร. กำหนด",
)
SEED_RATIONALE = (
    "- มติคณะรัฐมนตรี เมื่อวันที่ 28 มิ.ย. 48 ได้เห็นชอบข้อเสนอของสำนักงาน ก.พ.ร. ในการยกระดับ"
    "และพัฒนาคุณภาพการบริหารจัดการภาครัฐ เพื่อรองรับการพัฒนากระบวนการในขั้นต่อไป",
    "- ประเด็นยุทธศาสตร์ที่ 6 (การพัฒนากฎหมายและส่งเสริมการบริหารกิจการบ้านเมืองที่ดี) ตามแผน"
    "การบริหารราชการแผ่นดิน พ.ศ. 2548 – 2551 ได้กำหนดกลยุทธ์หลักในการเสริมสร้างความเป็นเลิศ"
    "ในการปฏิบัติราชการโดยการพัฒนาคุณภาพมาตรฐานกาทำงานของภาครัฐ ให้อยู่ในระดับและเกณฑ์"
    "ที่สามารถยอมรับได้",
)
# The words that break other engines' text layers (two marks on a letter, SARA AM).
HARD_WORDS = "ทั้ง ฤทธิ์ ดำเนิน น้ำหนัก ปั้น สั่ง คำรับรอง สำนักงาน"
NARRATIVE = {
    "performance": (
        "จัดประชุมชี้แจงทั้งสี่ภาคและจัดตั้งคณะทำงานครบทุกหน่วยงาน ดำเนินการตามแผนทั้งหมด "
        "รวมทั้งสั่งการให้สำนักงานเกษตรจังหวัดรายงานความก้าวหน้าทุกเดือน"
    ),
    "obstacles": "งบประมาณสำหรับการอบรมได้รับการจัดสรรล่าช้า ทำให้ขั้นตอนที่ 3 เลื่อนออกไป",
    "suggestions": "ควรกำหนดปฏิทินการดำเนินงานร่วมกับสำนักงาน ก.พ.ร. ตั้งแต่ต้นปีงบประมาณ",
}
EVIDENCE_NAMES = ("รายงานการประชุมชี้แจง ครั้งที่ 1.pdf", "คำสั่งแต่งตั้งคณะทำงาน.pdf")


# --- the demo world -------------------------------------------------------------------------------


@dataclass
class Demo:
    doae: Agreement
    doa: Agreement
    six_months: object
    sheet_indicator: Indicator
    admin: object
    coordinator: object
    other_coordinator: object
    nobody: object


@pytest.fixture
def demo(db, settings, tmp_path) -> Demo:
    """The demo data, seed 000's full text on DOAE's indicator 16, and DOA's indicator 16 with a
    narrative and two evidence files (DOA's round is still open)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "evidence"},
        },
    }
    demo_load()
    users = get_user_model().objects
    doae = Agreement.objects.select_related("organization", "fiscal_year", "framework").get(
        organization__code="DOAE"
    )
    doa = Agreement.objects.select_related("organization", "fiscal_year", "framework").get(
        organization__code="DOA"
    )
    six = doae.fiscal_year.rounds.get(months=6)
    Indicator.objects.filter(agreement=doae, number="16").update(
        description="\n".join(SEED_DESCRIPTION),
        notes="\n".join(SEED_NOTES),
        rationale="\n".join(SEED_RATIONALE),
    )
    coordinator_doa = users.get(username="coordinator.doa")
    indicator = doa.indicators.get(number="16")
    result = Result.objects.get(indicator=indicator, reporting_round=six)
    result = result_save(
        indicator=indicator,
        reporting_round=six,
        user=coordinator_doa,
        steps_done=result.steps_done,
        **NARRATIVE,
    )
    # A real PDF as evidence: the indicator sheet itself.
    content = pdf.render_indicator_sheet(indicator)
    for step, name in enumerate(EVIDENCE_NAMES, start=1):
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
        evidence_attach(result=result, user=coordinator_doa, upload=upload, step_number=step)
    return Demo(
        doae=doae,
        doa=doa,
        six_months=six,
        sheet_indicator=doae.indicators.get(number="16"),
        admin=users.get(username="admin"),
        coordinator=users.get(username="coordinator"),
        other_coordinator=coordinator_doa,
        nobody=users.create_user(username="nobody", password="password-for-tests"),
    )


# --- the four documents and their reference strings -----------------------------------------------


def sheet_document(demo: Demo, **options) -> tuple[bytes, list[str]]:
    indicator = next(i for i in indicators_of(demo.doae) if i.pk == demo.sheet_indicator.pk)
    people = [*indicator.supervisors.all(), *indicator.collectors.all()]
    references = [
        "รายงานผลการปฏิบัติราชการตามคำรับรองฯ (ตามตัวชี้วัด)",
        indicator.group.name_th,
        f"ชื่อตัวชี้วัดที่ : {indicator.number} {indicator.name}",
        *(p.display_name for p in people),
        *(p.phone for p in people if p.phone),
        *SEED_DESCRIPTION,
        *(step.description for step in indicator.steps.all()),
        *SEED_NOTES,
        *SEED_RATIONALE,
    ]
    return pdf.render_indicator_sheet(indicator, **options), references


def agreement_document(demo: Demo, **options) -> tuple[bytes, list[str]]:
    agreement = demo.doae
    year = agreement.fiscal_year
    indicators = indicators_of(agreement)
    references = [
        "คำรับรองการปฏิบัติราชการ",
        agreement.organization.name_th,
        f"ประจำปีงบประมาณ พ.ศ. {year.year}",
        f"{agreement.promisee_name} {agreement.promisee_position} ผู้รับคำรับรอง",
        f"กับ {agreement.promisor_name} {agreement.promisor_position} ผู้ทำคำรับรอง",
        f"เริ่มตั้งแต่วันที่ {format_date(year.starts_on)} ถึงวันที่ {format_date(year.ends_on)}",
        f"วันที่ {format_date(agreement.signed_on)}",
        f"({agreement.promisee_name})",
        f"({agreement.promisor_name})",
        *{i.group.name_th for i in indicators},
        *(i.name for i in indicators),
    ]
    return pdf.render_agreement(agreement, **options), references


def sar_document(demo: Demo, **options) -> tuple[bytes, list[str]]:
    agreement, six = demo.doa, demo.six_months
    results = Result.objects.filter(indicator__agreement=agreement, reporting_round=six)
    references = [
        "รายงานผลการประเมินตนเอง (Self Assessment Report: SAR)",
        agreement.organization.name_th,
        f"ผลการดำเนินงาน ณ วันที่ {format_date(six.cutoff_date)}",
        f"กำหนดส่ง {format_date(six.deadline)}",
        "3.4267",
        *(i.name for i in indicators_of(agreement)),
        *NARRATIVE.values(),
        DEMO_EXPLANATION,
        *(name for name in EVIDENCE_NAMES),
        *(f"{r.self_score:.4f}" for r in results if r.self_score is not None),
    ]
    return pdf.render_sar(agreement, six, **options), references


def summary_document(demo: Demo, **options) -> tuple[bytes, list[str]]:
    year = demo.doae.fiscal_year
    totals = rollup(demo.admin, year, 6)
    at_risk = [w.indicator.name for t in totals for w in early_warning(t.agreement) if w.at_risk]
    references = [
        "สรุปผลการดำเนินงานตามคำรับรองการปฏิบัติราชการสำหรับผู้บริหาร",
        f"รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. {year.year}",
        "ผลการดำเนินงาน ณ วันที่ 31 มีนาคม 2569",
        *(t.agreement.organization.name_th for t in totals),
        *(f"{t.total_final:.4f}" for t in totals),
        "3.4350",
        *at_risk,
    ]
    return pdf.render_summary(year, 6, demo.admin, **options), references


DOCUMENTS = {
    "indicator_sheet": sheet_document,
    "agreement": agreement_document,
    "sar": sar_document,
    "summary": summary_document,
}


# --- reading PDFs back ----------------------------------------------------------------------------


def pdftotext(content: bytes, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()


def pdfium_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


# The running header ends 50 pt below the top of the page and the footer starts 44 pt above its
# bottom; the body lies between (points, on portrait and landscape pages alike).
HEADER_PT, FOOTER_PT = 60, 58


def body_text(content: bytes, extractor: str) -> str:
    """The text of every page's body, without the running header and footer (which a paragraph
    broken across two pages would otherwise have in its middle)."""
    document = pypdfium2.PdfDocument(content)
    try:
        pages = []
        for number, page in enumerate(document, start=1):
            width, height = page.get_size()
            if extractor == "pdfium":
                pages.append(
                    page.get_textpage().get_text_bounded(
                        left=0, bottom=FOOTER_PT, right=width, top=height - HEADER_PT
                    )
                )
            else:
                crop = ["-x", "0", "-y", str(HEADER_PT), "-W", str(int(width) + 1)]
                crop += ["-H", str(int(height) - HEADER_PT - FOOTER_PT)]
                pages.append(pdftotext(content, "-f", str(number), "-l", str(number), *crop))
        return "\n".join(pages)
    finally:
        document.close()


def pages_of(content: bytes) -> list[str]:
    """Each page's whole text as pdftotext reads it (pages end with a form feed)."""
    return pdftotext(content).split("\f")[:-1]


def save_first_page(content: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    subprocess.run(
        ["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile", "-", str(target)],
        input=content,
        check=True,
    )
    return target.with_suffix(".png")


# --- measuring ------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Runs of spaces → one space; a line break, with the spaces around it → one "\\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def exact_pattern(reference: str) -> re.Pattern:
    """`reference` as typeset: a space may have become a line break, and a line may break between
    any two letters (Thai breaks without a space)."""
    parts = ["[ \n]" if char == " " else re.escape(char) + "\n?" for char in reference]
    return re.compile("".join(parts))


def in_lines(reference: str, text: str) -> bool:
    """Whether `reference` is, letter for letter, the end of a line of `text`, then whole lines,
    then the start of a line, wherever those lines are: the lines of a table cell, which an
    extractor may read in another order than the cell's (column by column, row by row)."""
    lines = text.split("\n")
    whole = set(lines)
    reached = {
        i for i in range(1, len(reference) + 1) if any(ln.endswith(reference[:i]) for ln in lines)
    }
    done = set()
    while reached - done:
        start = min(reached - done)
        done.add(start)
        position = start + 1 if reference[start : start + 1] == " " else start
        if position >= len(reference):
            return True
        rest = reference[position:]
        if any(line.startswith(rest) for line in lines):
            return True
        reached.update(position + len(line) for line in whole if line and rest.startswith(line))
    return False


def distance(reference: str, text: str) -> int:
    """The least Levenshtein distance between `reference` and any stretch of `text`; a line break
    in `text` costs nothing to drop and stands for a space for free."""
    if exact_pattern(reference).search(text) or in_lines(reference, text):
        return 0
    letters = [re.escape(c) for c in reference if not c.isspace()]
    anchor = re.search(r"\s*".join(letters[:12]), text)
    if anchor:
        text = text[max(0, anchor.start() - 20) : anchor.start() + len(reference) * 2 + 20]
    previous = [0] * (len(text) + 1)  # free start anywhere in the text
    for i, char in enumerate(reference, start=1):
        current = [i] + [0] * len(text)
        for j, other in enumerate(text, start=1):
            same = char == other or (other == "\n" and char == " ")
            current[j] = min(
                previous[j - 1] + (0 if same else 1),
                previous[j] + 1,
                current[j - 1] + (0 if other == "\n" else 1),
            )
        previous = current
    return min(previous)  # free end anywhere


def contains(text: str, phrase: str) -> bool:
    """Whether the extracted `text` has `phrase`, wherever its lines break."""
    return exact_pattern(" ".join(phrase.split())).search(normalise(text)) is not None


def character_error_rate(references: list[str], extracted: str) -> float:
    text = normalise(extracted)
    references = [" ".join(r.split()) for r in references if r.strip()]
    errors = sum(distance(reference, text) for reference in references)
    return errors / sum(len(reference) for reference in references)


def breaks_inside_words(paragraph: str, extracted: str) -> list[str]:
    """Where the typeset `paragraph` breaks lines inside a word ("left|right"), by the dictionary
    that decides where Thai lines may break (PyThaiNLP's newmm with the domain's words)."""
    paragraph = " ".join(paragraph.split())
    found = exact_pattern(paragraph).search(normalise(extracted))
    assert found, f"not found in the text layer: {paragraph[:40]}…"
    boundaries = word_boundaries(paragraph)
    inside = []
    position = 0
    for char in found.group():
        if position == len(paragraph):
            break
        if char == "\n" and paragraph[position] != " ":
            if position not in boundaries:
                inside.append(
                    f"{paragraph[max(0, position - 8) : position]}|{paragraph[position:][:8]}"
                )
            continue
        position += 1
    return inside


def word_boundaries(text: str) -> set[int]:
    """Offsets where a Thai line may break: between dictionary words, and around anything not Thai."""
    boundaries = {0, len(text)}
    for run in re.finditer("[\u0e01-\u0e4e]+", text):
        offset = run.start()
        boundaries.update({run.start(), run.end()})
        for word in pdf._words(run.group()):
            offset += len(word)
            boundaries.add(offset)
    for index, char in enumerate(text):
        if not re.match("[\u0e01-\u0e4e]", char):
            boundaries.update({index, index + 1})
    return boundaries


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


def test_the_summary_of_an_organization_covers_only_what_is_below_it(demo):
    ministry = Organization.objects.get(code="MOAC")
    year = demo.doae.fiscal_year
    text = pdftotext(pdf.render_summary(year, 6, ministry))
    for phrase in ("กรมส่งเสริมการเกษตร", "กรมวิชาการเกษตร", "3.4350", "3.4267"):
        assert contains(text, phrase), phrase
    assert "เชียงราย" not in text
    # Ranked as the dashboard's roll-up ranks them for a person of the ministry.
    executive = get_user_model().objects.get(username="executive")
    assert [t.agreement.organization.code for t in rollup(executive, year, 6)] == ["DOAE", "DOA"]
    assert text.index("กรมส่งเสริมการเกษตร") < text.index("กรมวิชาการเกษตร")


def test_one_typesetter_serves_every_document_of_the_process():
    assert pdf.typesetter() is pdf.typesetter()


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
    assert pdf.WJ.join(["กั", "น", "ย", "า", "ย", "น"]) in prepared  # no break in กันยายน
    assert f"ถึ{pdf.WJ}ง{pdf.ZWSP}วั{pdf.WJ}น" in prepared  # a break may come after ถึง
    assert f"ที{pdf.ZWJ}่" in prepared  # the tone mark joined to its vowel
    name = pdf.prepare_text("นางสุดารัตน์ มีสุข", unbroken=True)
    assert pdf.ZWSP not in name


# --- the downloads --------------------------------------------------------------------------------

# The project's URLs, with the PDF downloads at documents/pdf/ until khamrap/urls.py includes them.
urlpatterns = list(root_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "documents_pdf" for p in urlpatterns):
    urlpatterns.insert(0, path("documents/pdf/", include("khamrap.documents.pdf_urls")))
handler400, handler403 = root_urls.handler400, root_urls.handler403
handler404, handler500 = root_urls.handler404, root_urls.handler500


@pytest.fixture
def pdf_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_the_downloads_are_pdfs_with_a_thai_file_name(demo, client, pdf_urls):
    client.force_login(demo.coordinator)
    agreement = demo.doae
    indicator = demo.sheet_indicator
    urls = {
        reverse("documents_pdf:agreement", args=[agreement.pk]): "คำรับรอง-DOAE-2569.pdf",
        reverse(
            "documents_pdf:indicator_sheet", args=[agreement.pk, indicator.pk]
        ): "ตัวชี้วัด-16-DOAE-2569.pdf",
        reverse(
            "documents_pdf:sar", args=[agreement.pk, demo.six_months.pk]
        ): "SAR-DOAE-2569-6เดือน.pdf",
        reverse("documents_pdf:summary", args=[2569, 6]): "สรุปผู้บริหาร-2569-6เดือน.pdf",
    }
    from urllib.parse import quote

    for url, filename in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=utf-8''{quote(filename)}" in disposition
        assert response["Cache-Control"] == "private, no-store"


def test_thai_digits_on_request(demo, client, pdf_urls):
    client.force_login(demo.coordinator)
    url = reverse("documents_pdf:agreement", args=[demo.doae.pk])
    assert "๒๕๖๙" in pdftotext(client.get(url + "?digits=thai").content)
    assert "๒๕๖๙" not in pdftotext(client.get(url).content)


def test_someone_else_s_documents_are_not_found(demo, client, pdf_urls):
    client.force_login(demo.other_coordinator)  # DOA's coordinator asks for DOAE's documents
    agreement = demo.doae
    for url in (
        reverse("documents_pdf:agreement", args=[agreement.pk]),
        reverse("documents_pdf:indicator_sheet", args=[agreement.pk, demo.sheet_indicator.pk]),
        reverse("documents_pdf:sar", args=[agreement.pk, demo.six_months.pk]),
        # DOA's own agreement with an indicator of DOAE's: not found either.
        reverse("documents_pdf:indicator_sheet", args=[demo.doa.pk, demo.sheet_indicator.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(demo.nobody)
    assert client.get(reverse("documents_pdf:summary", args=[2569, 6])).status_code == 404
    client.force_login(demo.admin)
    assert client.get(reverse("documents_pdf:summary", args=[2569, 7])).status_code == 404


def test_the_public_is_sent_to_sign_in(demo, client, pdf_urls):
    for url in (
        reverse("documents_pdf:agreement", args=[demo.doae.pk]),
        reverse("documents_pdf:summary", args=[2569, 6]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_a_round_of_another_year_is_not_found(demo, client, pdf_urls):
    client.force_login(demo.coordinator)
    other_year = FiscalYear.objects.get(year=2570).rounds.get(months=6)
    url = reverse("documents_pdf:sar", args=[demo.doae.pk, other_year.pk])
    assert client.get(url).status_code == 404
