"""Which PDF engine gives Thai documents the most faithful text layer, and how fast?

Renders the same Thai passage (the words that break text layers, then seed 000's indicator sheet)
with typst, WeasyPrint and Chromium (Playwright's page.pdf on Debian's /usr/bin/chromium), each with
the settings and text preparations worth trying, on A4 in Sarabun 16 pt, justified. Then reads the
text back with poppler's pdftotext and with PDFium (pypdfium2) and prints, per variant:

- the character error rate (CER): Levenshtein distance / reference length, after whitespace
  normalisation (runs of white space are one space; a line break may stand for a space or for
  nothing, since Thai breaks lines between words without spaces); again after NFKC on both sides;
- the time per document: cold (a fresh process: the engine's import and set-up and the first
  document) and warm (the median of the next documents in the same process);
- the page count, the line breaks that fall inside a word, and how the test words come back from
  each extractor.

Run: .venv/bin/python scripts/pdf_engines.py [--runs 5] [--no-cold] [--keep DIR]
The production choice and its reasons: docs/pdf-documents.md. It stays one file (over 600 lines): a
one-off comparison run by hand, read from top to bottom, imported by nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings")
# Production settings refuse to start without a secret key; nothing here signs anything.
os.environ.setdefault("SECRET_KEY", "khamrap-bench-throwaway-key")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

CHROMIUM = os.environ.get("KHAMRAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# The words that break text layers (two marks on one letter, SARA AM, a tone mark over SARA AM),
# then seed 000 as it stands: the heading lines, the description, the criteria, the steps, the
# notes and the rationale.
WORDS = "ทั้ง ฤทธิ์ ดำเนิน น้ำหนัก ปั้น สั่ง คำรับรอง สำนักงาน ที่ นี้ ผู้ ชื่อ เรื่อง ญี่ปุ่น ฝั่ง ฐาน ฎีกา"
PASSAGE = [
    WORDS,
    "รายงานผลการปฏิบัติราชการตามคำรับรองฯ (ตามตัวชี้วัด)",
    "มิติที่ 4 ด้านการพัฒนาองค์กร",
    "ชื่อตัวชี้วัดที่ : 16 ระดับความสำเร็จของการดำเนินงานตามขั้นตอนการพัฒนาคุณภาพการบริหารจัดการภาครัฐ",
    "ผู้กำกับดูแลตัวชี้วัด : นายวิรัตน์ มะลิวรรณ เบอร์ติดต่อ : 0-1959-3489",
    "ผู้จัดเก็บข้อมูล : นางดวงแก้ว อัสภาชน์ เบอร์ติดต่อ : 0-7290-4393",
    "คำอธิบาย :",
    "การพัฒนาคุณภาพการบริหารจัดการภาครัฐเป็นการนำกรอบการดำเนินการตามพระราชกฤษฎีกาว่าด้วยหลักเกณฑ์"
    "และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. 2546 รวมทั้งหลักเกณฑ์และแนวคิดของรางวัลคุณภาพแห่งชาติ"
    "ของสหรัฐอเมริกา ได้แก่ Malcolm Baldrige Quality Award (MBNQA) และ Thailand Quality Award (TQA) "
    "มาศึกษา วิเคราะห์ และเปรียบเทียบเพื่อพัฒนาเป็นเกณฑ์คุณภาพการบริหารจัดการภาครัฐ "
    "และนำเกณฑ์ดังกล่าวไปส่งเสริมให้จังหวัดใช้ในการยกระดับและพัฒนาคุณภาพการปฏิบัติงาน "
    "ซึ่งเป็นการดำเนินงานที่สอดคล้องกับกลยุทธ์ในการสร้างความเป็นเลิศในระบบราชการ "
    "ตามประเด็นยุทธศาสตร์ที่ 6 ด้านการพัฒนาระบบราชการ ของแผนการบริหารราชการแผ่นดิน",
    "การดำเนินงานพัฒนาคุณภาพการบริหารจัดการภาครัฐ คือ การยกระดับและพัฒนาคุณภาพการบริหารจัดการ"
    "ของจังหวัดให้สอดคล้องตามพระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี "
    "พ.ศ. 2546 โดยส่วนราชการต้องทำการประเมินตนเองเพื่อหาจุดแข็งและโอกาสในการปรับปรุงองค์กร "
    "ตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ",
    "ในปีงบประมาณ พ.ศ. 2548 สำนักงาน ก.พ.ร. ได้เริ่มเตรียมความพร้อมในการยกระดับและพัฒนาคุณภาพ"
    "การบริหารจัดการภาครัฐให้กับจังหวัดต่าง ๆ โดยการให้ความรู้พื้นฐานในการประเมินตนเอง "
    "สำหรับในระยะต่อไป จะเป็นการส่งเสริมให้จังหวัดดำเนินการในเรื่องต่าง ๆ เพิ่มเติมต่อไป"
    "ตามแนวทางที่สำนักงาน ก.พ.ร. กำหนดไว้ สำหรับการดำเนินการตามตัวชี้วัดนี้ สำนักงาน ก.พ.ร. "
    "จะได้จัดทำคู่มือแนวทางการดำเนินการพัฒนาคุณภาพการบริหารจัดการภาครัฐ "
    "เพื่อให้จังหวัดใช้เป็นแนวทางดำเนินการในรายละเอียดต่อไป",
    "เกณฑ์การให้คะแนน :",
    "กำหนดเป็นระดับขั้นของความสำเร็จ (Milestone) แบ่งเกณฑ์การให้คะแนนเป็น 5 ระดับ "
    "พิจารณาจากความก้าวหน้าของขั้นตอนการดำเนินงานตามเป้าหมายแต่ละระดับ ดังนี้",
    "ขั้นตอนที่ 1 : จัดประชุมชี้แจงให้ความรู้เรื่องการพัฒนาคุณภาพการบริหารจัดการภาครัฐ"
    "แก่เจ้าหน้าที่ของหน่วยงานที่ได้รับการคัดเลือกมาดำเนินการ",
    "ขั้นตอนที่ 2 : จัดตั้งคณะทำงานดำเนินการพัฒนาคุณภาพการบริหารจัดการภาครัฐของหน่วยงาน"
    "ที่ได้รับการคัดเลือกมาดำเนินการ และจัดทำแผนดำเนินการพร้อมกำหนดผู้รับผิดชอบในแต่ละหมวด"
    "ตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ พร้อมขออนุมัติแผนดำเนินการต่อผู้บังคับบัญชา",
    "ขั้นตอนที่ 3 : จัดอบรมคณะทำงานเพื่อเตรียมความพร้อมในการประเมินองค์กรด้วยตนเอง",
    "ขั้นตอนที่ 4 : ความครบถ้วนของการจัดทำลักษณะสำคัญขององค์กรตามแนวทางการพัฒนาคุณภาพการบริหารจัดการภาครัฐ",
    "ขั้นตอนที่ 5 : ความครบถ้วนของการจัดทำเอกสารรายงานผลการดำเนินการเบื้องต้นตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ",
    "หมายเหตุ :",
    "- ความครบถ้วนของขั้นตอนที่ 4 และ 5 หมายถึง ความครบถ้วนของการตอบคำถามตามแนวทางและเกณฑ์"
    "คุณภาพการบริหารจัดการภาครัฐ ตามแบบฟอร์มที่ ก.พ.ร. กำหนด",
    "- ให้จังหวัดคัดเลือกอย่างน้อย 1 หน่วยงานมาดำเนินการพัฒนาคุณภาพการบริหารจัดการภาครัฐ "
    "โดยหน่วยงานที่คัดเลือกต้องมีคุณลักษณะขององค์กรตามที่ ก.พ.ร. กำหนด",
    "เหตุผล :",
    "- มติคณะรัฐมนตรี เมื่อวันที่ 28 มิ.ย. 48 ได้เห็นชอบข้อเสนอของสำนักงาน ก.พ.ร. "
    "ในการยกระดับและพัฒนาคุณภาพการบริหารจัดการภาครัฐ เพื่อรองรับการพัฒนากระบวนการในขั้นต่อไป",
    "- ประเด็นยุทธศาสตร์ที่ 6 (การพัฒนากฎหมายและส่งเสริมการบริหารกิจการบ้านเมืองที่ดี) "
    "ตามแผนการบริหารราชการแผ่นดิน พ.ศ. 2548 – 2551 ได้กำหนดกลยุทธ์หลักในการเสริมสร้างความเป็นเลิศ"
    "ในการปฏิบัติราชการโดยการพัฒนาคุณภาพมาตรฐานกาทำงานของภาครัฐ "
    "ให้อยู่ในระดับและเกณฑ์ที่สามารถยอมรับได้",
]


def fonts_dir() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).parent / "files"


# --- measuring ------------------------------------------------------------------------------------


def normalise_reference(text: str) -> str:
    return " ".join(text.split())


def normalise_extracted(text: str) -> str:
    """Runs of spaces → one space; a line break (with the spaces around it) → one "\\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def distance(reference: str, extracted: str) -> int:
    """Levenshtein distance, where a line break in `extracted` costs nothing to drop and matches a
    space of the reference for free (Thai breaks lines between words, mostly without a space).

    Exact, computed in a band around the diagonal that widens until the answer cannot leave it.
    """
    start = 0
    while start < min(len(reference), len(extracted)) and reference[start] == extracted[start]:
        start += 1
    reference, extracted = reference[start:], extracted[start:]
    breaks = extracted.count("\n")
    band = max(32, abs(len(reference) - len(extracted)) + breaks + 8)
    while True:
        found = _banded(reference, extracted, band)
        if found + breaks + abs(len(reference) - len(extracted)) <= band:
            return found
        band *= 2


def _banded(a: str, b: str, band: int) -> int:
    inf = 1 << 30
    n, m = len(a), len(b)
    previous = [inf] * (m + 1)
    previous[0] = 0
    for j in range(1, min(m, band) + 1):
        previous[j] = previous[j - 1] + (0 if b[j - 1] == "\n" else 1)
    for i in range(1, n + 1):
        current = [inf] * (m + 1)
        low, high = max(0, i - band), min(m, i + band)
        if low == 0:
            current[0] = i
        ai = a[i - 1]
        for j in range(max(1, low), high + 1):
            bj = b[j - 1]
            same = ai == bj or (bj == "\n" and ai == " ")
            best = previous[j - 1] + (0 if same else 1)
            if previous[j] + 1 < best:
                best = previous[j] + 1
            extra = current[j - 1] + (0 if bj == "\n" else 1)
            if extra < best:
                best = extra
            current[j] = best
        previous = current
    return previous[m]


def cer(reference: str, extracted: str, *, nfkc: bool = False, letters: bool = False) -> float:
    reference, extracted = normalise_reference(reference), normalise_extracted(extracted)
    if letters:  # spaces and line breaks left out: only what is printed is compared
        reference, extracted = "".join(reference.split()), "".join(extracted.split())
    if nfkc:
        reference = unicodedata.normalize("NFKC", reference)
        extracted = unicodedata.normalize("NFKC", extracted)
    return distance(reference, extracted) / len(reference)


def word_boundaries(paragraphs: list[str]) -> tuple[str, set[int]]:
    """The passage's letters (white space left out) and the letter offsets where a line may break:
    between words as the production text preparation finds them (PyThaiNLP's dictionary with the
    domain's words, where newmm and longest matching agree), at spaces, around anything not Thai."""
    from khamrap.documents.pdf.typesetting import _words

    letters: list[str] = []
    boundaries: set[int] = set()
    thai = re.compile("[\u0e01-\u0e4e]+")
    for paragraph in paragraphs:
        boundaries.add(len(letters))
        cuts = set()
        for run in thai.finditer(paragraph):
            offset = run.start()
            for word in _words(run.group()):
                offset += len(word)
                cuts.add(offset)
            cuts.add(run.start())
        for index, char in enumerate(paragraph):
            if index in cuts or char.isspace() or not thai.match(char):
                boundaries.add(len(letters))
            if not char.isspace():
                letters.append(char)
                if not thai.match(char):
                    boundaries.add(len(letters))
        boundaries.add(len(letters))
    return "".join(letters), boundaries


def breaks_inside_words(paragraphs: list[str], extracted: str) -> tuple[int, int, list[str]]:
    """(line breaks inside a word, line breaks placed, examples), the extracted lines aligned
    with the passage letter by letter (difflib), so a faulty text layer does not hide them."""
    import difflib

    reference, boundaries = word_boundaries(paragraphs)
    letters, ends = "", []
    for line in normalise_extracted(extracted).split("\n"):
        letters += "".join(line.split())
        ends.append(len(letters))
    blocks = difflib.SequenceMatcher(None, letters, reference, autojunk=False).get_matching_blocks()
    inside, placed, examples = 0, 0, []
    for end in ends[:-1]:
        for a, b, size in blocks:
            if a < end < a + size:  # the letters on both sides of the break are matched
                placed += 1
                at = b + end - a
                if at not in boundaries:
                    inside += 1
                    examples.append(f"{reference[at - 6 : at]}|{reference[at : at + 6]}")
                break
    return inside, placed, examples


def extract_poppler(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", file.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def extract_pdfium(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


# --- the engines ----------------------------------------------------------------------------------

HTML_STYLE = """
@font-face {{ font-family: "Sarabun"; src: url("{regular}"); font-weight: 400; }}
@font-face {{ font-family: "Sarabun"; src: url("{bold}"); font-weight: 700; }}
@page {{ size: A4; margin: 2.8cm 2cm 2.2cm 3cm; }}
html {{ font-family: "Sarabun"; font-size: 16pt; line-height: 1.45; color: #1f2933; }}
body {{ margin: 0; }}
p {{ margin: 0 0 0.4em; text-align: justify; }}
{extra}
"""


def html_document(paragraphs: list[str], extra_css: str = "") -> str:
    from html import escape

    style = HTML_STYLE.format(
        regular=(fonts_dir() / "Sarabun-Regular.ttf").as_uri(),
        bold=(fonts_dir() / "Sarabun-Bold.ttf").as_uri(),
        extra=extra_css,
    )
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><style>{style}</style>'
        f"</head><body>{body}</body></html>"
    )


TYPST_SOURCE = """
#set page(paper: "a4", margin: (top: 2.8cm, bottom: 2.2cm, left: 3cm, right: 2cm))
#set text(font: "Sarabun", size: 16pt, lang: "th", region: "TH", hyphenate: false,
  top-edge: "ascender", bottom-edge: "descender"{features})
#set par(justify: true, justification-limits: (tracking: (min: -0.01em, max: 0.05em)),
  leading: 0.25em, spacing: 0.6em)
#for p in json(bytes(sys.inputs.data)) [#par(p)]
"""


class Typst:
    name = "typst"

    def __init__(self, features: str = "", tags: bool = True) -> None:
        self.features, self.tags = features, tags

    def start(self) -> None:
        import typst

        self.compiler = typst.Compiler(font_paths=[str(fonts_dir())], ignore_system_fonts=True)
        self.source = TYPST_SOURCE.format(
            features=f", features: {self.features}" if self.features else ""
        ).encode()

    def render(self, paragraphs: list[str]) -> bytes:
        import json

        return self.compiler.compile(
            input=self.source,
            sys_inputs={"data": json.dumps(paragraphs, ensure_ascii=False)},
            pdf_tags=self.tags,
        )

    def stop(self) -> None:
        pass


class WeasyPrint:
    name = "WeasyPrint"

    def __init__(self, extra_css: str = "") -> None:
        self.extra_css = extra_css

    def start(self) -> None:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        self.html, self.fonts = HTML, FontConfiguration()

    def render(self, paragraphs: list[str]) -> bytes:
        document = self.html(string=html_document(paragraphs, self.extra_css), base_url=str(ROOT))
        return document.write_pdf(font_config=self.fonts)

    def stop(self) -> None:
        pass


class Chromium:
    name = "Chromium"

    def start(self) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.page = self.browser.new_page()
        self.folder = tempfile.TemporaryDirectory()

    def render(self, paragraphs: list[str]) -> bytes:
        # A file URL, not set_content: a page at about:blank may not load the file:// fonts.
        path = Path(self.folder.name) / "document.html"
        path.write_text(html_document(paragraphs), encoding="utf-8")
        self.page.goto(path.as_uri())
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return self.page.pdf(prefer_css_page_size=True, print_background=True)

    def stop(self) -> None:
        self.browser.close()
        self.playwright.stop()
        self.folder.cleanup()


def _identity(value):
    return value


def _joiners(text: str) -> str:
    from khamrap.documents.pdf import join_stacked_marks

    return join_stacked_marks(text)


def _prepared(text: str) -> str:
    from khamrap.documents.pdf import prepare_text

    return prepare_text(text)


def _drop(pdf: bytes) -> bytes:
    from khamrap.documents.pdf import drop_joiners

    return drop_joiners(pdf)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _nfkd(text: str) -> str:
    return unicodedata.normalize("NFKD", text)


@dataclass
class Variant:
    key: str
    label: str
    engine: Callable[[], object]
    prepare: Callable[[str], str] = _identity
    finish: Callable[[bytes], bytes] = _identity
    notes: str = ""
    results: dict = field(default_factory=dict)


VARIANTS = [
    Variant("typst", "typst, defaults (tagged PDF)", Typst),
    Variant("typst-untagged", "typst, pdf_tags=False", lambda: Typst(tags=False)),
    Variant("typst-ccmp", "typst, features ccmp off", lambda: Typst(features="(ccmp: 0)")),
    Variant("typst-mkmk", "typst, features mkmk off", lambda: Typst(features="(mkmk: 0)")),
    Variant("typst-zwj", "typst + ZWJ between stacked marks", Typst, _joiners),
    Variant("typst-zwj-drop", "typst + ZWJ + drop_joiners", Typst, _joiners, _drop),
    Variant(
        "typst-production",
        "typst + prepare_text + drop_joiners (production)",
        Typst,
        _prepared,
        _drop,
    ),
    Variant("weasyprint", "WeasyPrint, defaults", WeasyPrint),
    Variant("weasyprint-nfc", "WeasyPrint + NFC", WeasyPrint, _nfc),
    Variant("weasyprint-nfkd", "WeasyPrint + NFKD (ำ → ํ + า)", WeasyPrint, _nfkd),
    Variant(
        "weasyprint-ccmp",
        "WeasyPrint, font-feature-settings ccmp off",
        lambda: WeasyPrint("html { font-feature-settings: 'ccmp' 0; }"),
    ),
    Variant("chromium", "Chromium (Playwright page.pdf)", Chromium),
]
BY_KEY = {v.key: v for v in VARIANTS}


def render(variant: Variant, engine, number: int = 0) -> bytes:
    """Document `number`: the passage, its first line numbered so no engine can reuse a cached
    result (typst memoizes: the same input again costs almost nothing)."""
    passage = list(PASSAGE)
    if number:
        passage[0] = f"{number} {passage[0]}"
    return variant.finish(engine.render([variant.prepare(p) for p in passage]))


def cold(key: str) -> None:
    """In a fresh process: the engine's import and set-up and one document, timed."""
    import django

    django.setup()
    import khamrap.documents.pdf  # noqa: F401 (the text preparation; typst itself loads later)

    variant = BY_KEY[key]
    started = time.perf_counter()
    engine = variant.engine()
    engine.start()
    render(variant, engine)
    elapsed = time.perf_counter() - started
    engine.stop()
    print(f"{elapsed:.3f}")


def measure(variant: Variant, runs: int, keep: Path | None) -> None:
    engine = variant.engine()
    engine.start()
    try:
        pdf = render(variant, engine)
        times = []
        for number in range(1, runs + 1):
            started = time.perf_counter()
            render(variant, engine, number)
            times.append(time.perf_counter() - started)
    finally:
        engine.stop()
    if keep:
        (keep / f"{variant.key}.pdf").write_bytes(pdf)
    reference = "\n".join(PASSAGE)
    poppler, pdfium = extract_poppler(pdf), extract_pdfium(pdf)
    variant.results.update(
        warm=statistics.median(times),
        pages=page_count(pdf),
        poppler=cer(reference, poppler),
        pdfium=cer(reference, pdfium),
        poppler_nfkc=cer(reference, poppler, nfkc=True),
        pdfium_nfkc=cer(reference, pdfium, nfkc=True),
        poppler_letters=cer(reference, poppler, letters=True),
        pdfium_letters=cer(reference, pdfium, letters=True),
        poppler_words=first_line(poppler),
        pdfium_words=first_line(pdfium),
        breaks=breaks_inside_words(PASSAGE, poppler),
    )


PROBES = ("ถึงวันที่ 30 กันยายน 2569", "กรอบการประเมินผล (กรอบการประเมิน 4 มิติ)")


def probe_line_breaks() -> list[str]:
    """Where typst breaks two short phrases in narrow columns, on its own and after prepare_text
    (a column too narrow for a word lets it run past the edge instead of breaking it)."""
    import json

    import typst

    compiler = typst.Compiler(font_paths=[str(fonts_dir())], ignore_system_fonts=True)
    report = []
    for phrase in PROBES:
        for label, prepare, finish in (
            ("typst on its own", _identity, _identity),
            ("typst after prepare_text", _prepared, _drop),
        ):
            seen = []
            for width in (2, 2.5, 3, 3.5, 4):
                source = (
                    f"#set page(width: {width}cm, height: auto, margin: 0.2cm)\n"
                    '#set text(font: "Sarabun", size: 16pt, lang: "th", hyphenate: false)\n'
                    "#json(bytes(sys.inputs.data)).t\n"
                )
                data = json.dumps({"t": prepare(phrase)}, ensure_ascii=False)
                pdf = finish(compiler.compile(input=source.encode(), sys_inputs={"data": data}))
                lines = " | ".join(normalise_extracted(extract_poppler(pdf)).split("\n"))
                if lines not in seen:
                    seen.append(lines)
            report.append(f"  {label}: " + "  /  ".join(seen))
    return report


def first_line(text: str) -> str:
    return normalise_extracted(text).split("\n")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="warm documents per variant")
    parser.add_argument("--no-cold", action="store_true", help="skip the fresh-process timings")
    parser.add_argument("--keep", type=Path, help="save each variant's PDF in this folder")
    parser.add_argument("--only", nargs="*", help="variant keys to measure")
    parser.add_argument("--cold", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        cold(args.cold)
        return

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    variants = [BY_KEY[k] for k in args.only] if args.only else VARIANTS
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    reference_length = len(normalise_reference("\n".join(PASSAGE)))
    for variant in variants:
        measure(variant, args.runs, args.keep)
        if not args.no_cold:
            child = subprocess.run(
                [sys.executable, __file__, "--cold", variant.key],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            variant.results["cold"] = float(child.stdout.strip().splitlines()[-1])
        print(f"measured {variant.label}", file=sys.stderr)

    print(
        f"Thai passage: {reference_length} characters (the test words, then seed 000); "
        "A4, Sarabun 16 pt, justified."
    )
    print(
        "CER = Levenshtein distance / reference length, after whitespace normalisation "
        "(a line break may stand for a space or for nothing).\n"
    )
    print(
        "| engine and text preparation | CER pdftotext | CER PDFium | NFKC pdftotext "
        "| NFKC PDFium | letters pdftotext | letters PDFium | cold s | warm s/doc | pages "
        "| line breaks inside a word |"
    )
    print("|" + "---|" * 11)
    for variant in variants:
        r = variant.results
        cold_time = f"{r['cold']:.2f}" if "cold" in r else "–"
        rates = (
            r[key]
            for key in (
                "poppler",
                "pdfium",
                "poppler_nfkc",
                "pdfium_nfkc",
                "poppler_letters",
                "pdfium_letters",
            )
        )
        print(
            f"| {variant.label} | "
            + " | ".join(f"{rate:.4f}" for rate in rates)
            + f" | {cold_time} | {r['warm']:.3f} | {r['pages']} | "
            + f"{r['breaks'][0]} of {r['breaks'][1]} |"
        )
    print(
        "\nNFKC: both texts NFKC-normalised first (ํ + า and ำ then compare equal). "
        "letters: white space left out of both."
    )
    print(
        "line breaks inside a word: of the line breaks pdftotext reads, those that do not fall "
        "between two words as production finds them (PyThaiNLP's dictionary with the domain's "
        "words, where newmm and longest matching agree), at a space or next to a character that "
        "is not Thai; production's 0 is by construction, the examples show the others.\n"
    )
    print("Line breaks inside a word, examples:\n")
    for variant in variants:
        examples = variant.results["breaks"][2]
        if examples:
            print(f"  {variant.label}: " + ", ".join(examples[:6]))
    print("\nLine breaks of two phrases in columns 2 to 4 cm wide (each layout once):\n")
    print("\n".join(probe_line_breaks()))
    print("\nThe test words as each extractor reads them back (reference first):\n")
    print(f"    reference : {WORDS}")
    for variant in variants:
        print(f"\n  {variant.label}")
        print(f"    pdftotext : {variant.results['poppler_words']}")
        print(f"    PDFium    : {variant.results['pdfium_words']}")


if __name__ == "__main__":
    main()
