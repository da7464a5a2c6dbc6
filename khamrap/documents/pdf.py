"""PDF documents in the official Thai style, typeset with typst (why typst: docs/pdf-documents.md).

Four documents, each gathered through the same selectors as the page that shows its data, so a
PDF never says something the pages do not:

- render_indicator_sheet: the indicator sheet of seed 000 (agreements.selectors.indicators_of,
  milestone_levels);
- render_agreement: the performance agreement (คำรับรองการปฏิบัติราชการ) with its parties, period,
  promise, signatures and the indicator table (indicators_of, grouped);
- render_sar: an organization's self-assessment report for a round (reporting.selectors.round_view,
  reporting.evidence.evidence_by_result);
- render_summary: the executive summary of a round (dashboards.selectors.rollup or
  agreements.selectors.scorecard, and early_warning).

Official style: A4, Sarabun 16 pt, margins 2.8/2.2 cm (left 3 cm, right 2 cm), the organization
and the fiscal year in the header, "หน้า 1 จาก 3" in the footer, Buddhist Era dates with Thai month
names (rules.thai.format_date), Thai digits throughout when the office chooses them
(`thai_digits=True`). Lines break between Thai words, never inside one (prepare_text).

One typst compiler per process (`typesetter()`): it reads the Sarabun files once and is reused by
every document, which is what bulk jobs (documents.jobs) rely on; the threads of a web process
share it under a lock. The first document in a process also loads PyThaiNLP's dictionary (about
half a second); the next ones take a few hundredths of a second a page.

Everything typst prints passes through prepare_text first, the data and the templates' own wording
alike; the invisible characters it adds are taken out of the text layer again by drop_joiners, so
copy, search and screen readers get exactly the text that was typeset.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import threading
import unicodedata
import zlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import fontpkg_sarabun
from django.utils import timezone, translation

from khamrap.rules import counting, thai

logger = logging.getLogger(__name__)

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
TEMPLATE_DIR = Path(__file__).parent / "templates" / "documents"
BASE_TEMPLATE = "_base.typ"

# --- the text layer -------------------------------------------------------------------------------
#
# typst's PDF writer gives each Thai letter cluster its text (an /ActualText span, or the glyph's
# ToUnicode entry). In a cluster whose upper vowel carries a tone mark or thanthakhat (ทั้ง, ฤทธิ์),
# Sarabun's mark-to-mark positioning lifts the mark a little; the writer then draws that mark in a
# text object of its own, outside the span, whose glyph repeats the whole cluster's text, and
# every extractor reads the cluster twice (ทั้ทั้ง, ฤทธิ์ธิ์). A ZERO WIDTH JOINER between the vowel
# and the mark keeps the cluster in one piece (the mark is then placed from the letter, which in
# Sarabun looks the same), and drop_joiners takes the joiner out of the PDF's text again, so copy,
# search and screen readers get exactly the text that was typeset. Measured with both poppler and
# PDFium by scripts/pdf_engines.py; guarded by documents/tests/test_pdf.py.

ZWJ = "\u200d"
# Upper vowels (ั ิ ี ึ ื ็) followed by an upper mark (่ ้ ๊ ๋ ์ ํ).
_STACKED = re.compile("([\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47])(?=[\u0e48-\u0e4d])")
WJ = "\u2060"  # WORD JOINER: no line break here
ZWSP = "\u200b"  # ZERO WIDTH SPACE: a line may break here
# The invisible characters typesetting adds, in the UTF-16 hex that PDF text strings use.
_INVISIBLE_HEX = (b"200D", b"2060", b"200B")


def join_stacked_marks(text: str) -> str:
    """Put a ZERO WIDTH JOINER between an upper vowel and the mark stacked on it (ทั้ง → ทั‍้ง)."""
    return _STACKED.sub(r"\1" + ZWJ, text)


# --- Thai line breaking ---------------------------------------------------------------------------
#
# typst finds line breaks in Thai with a statistical model that also breaks inside words
# (30 กัน|ยายน, (ก|รอบการประเมิน). So the words are found here, with PyThaiNLP's dictionary (plus
# the words of this domain), and typst is told: a WORD JOINER between the letters of a word (no
# break), a ZERO WIDTH SPACE between two words (a break may go there). drop_joiners takes both out
# of the text layer again. Names are kept whole (Unbroken): a line breaks only at their spaces.

_THAI_RUN = re.compile("[\u0e01-\u0e4e]+")
# Words the dictionary lacks, whose parts must not end a line (ตัว|ชี้|วัด).
DOMAIN_WORDS = frozenset({"ตัวชี้วัด", "ตัวชี้วัดย่อย", "คำรับรอง", "หน่วยวัด"})


class Unbroken(str):
    """Text that no line breaks inside except at its spaces: a person's name."""


class Verbatim(str):
    """Not text but a value for the template (a colour): passed on untouched."""


# Thai signs that never begin a line: MAI YAMOK (ๆ, "say the word again") and PAIYANNOI (ฯ, "and
# so on") belong to the word before them, even across the space that usually comes first
# (ต่าง ๆ). A line may break after the space only, so a WORD JOINER after it keeps the two together.
NO_LINE_START = "ๆฯ"
_SPACE_BEFORE_SIGN = re.compile(f" +(?=[{NO_LINE_START}])")
# A range of numbers (2548 – 2551, a phone number 0-2579-0002) is read as one: a WORD JOINER
# after each space and dash in it. Only in the data: the templates' code has ranges ("[0-9]").
# (Holding "พ.ศ." to its year as well made lines too loose to justify: it may end a line.)
_NUMBER_RANGE = re.compile(r"(?<=\d) *[-–—] *(?=\d)")


def prepare_text(text: str, *, unbroken: bool = False) -> str:
    """`text` as typst must get it: Thai words held together and marked apart, stacked marks
    joined (join_stacked_marks), no line begun with ๆ or ฯ. Everything added is invisible and
    left out of the text layer."""

    def thai_run(match: re.Match) -> str:
        run = match.group()
        words = (run,) if unbroken else _words(run)
        return ZWSP.join(WJ.join(_clusters(word)) for word in words)

    text = _SPACE_BEFORE_SIGN.sub(lambda m: m.group() + WJ, text)
    return join_stacked_marks(_THAI_RUN.sub(thai_run, text))


def keep_together(text: str) -> str:
    """`text` with no line break inside a range of numbers (2548 – 2551 stays on one line)."""

    def joined(match: re.Match) -> str:
        return "".join(char + WJ for char in match.group())

    return _NUMBER_RANGE.sub(joined, text)


@functools.lru_cache(maxsize=8192)
def _words(run: str) -> tuple[str, ...]:
    """A run of Thai letters cut where two dictionary segmentations agree: maximal matching
    (newmm) and longest matching each err alone (newmm ขั้น|ตอนที่, longest ตามพ|ระราช), seldom
    in the same place; a stretch they disagree on stays whole."""
    from pythainlp.tokenize import word_tokenize

    def cuts(engine: str) -> set[int]:
        ends, offset = set(), 0
        for word in word_tokenize(run, custom_dict=_dictionary(), engine=engine):
            offset += len(word)
            ends.add(offset)
        return ends

    agreed = sorted(cuts("newmm") & cuts("longest") | {len(run)})
    words: list[str] = []
    for start, end in zip([0, *agreed[:-1]], agreed, strict=True):
        if words and run[start] in NO_LINE_START:  # ๆ and ฯ stay with the word before
            words[-1] += run[start:end]
        else:
            words.append(run[start:end])
    return tuple(words)


@functools.lru_cache(maxsize=1)
def _dictionary():
    """PyThaiNLP's Thai words and this domain's (read once per process, about half a second)."""
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()) | DOMAIN_WORDS)


def _clusters(word: str) -> list[str]:
    """A Thai word's letters, each with the marks and SARA AM that belong to it."""
    pieces: list[str] = []
    for char in word:
        if pieces and (unicodedata.category(char) == "Mn" or char == "\u0e33"):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


class _Unexpected(ValueError):
    """The PDF is not laid out as typst writes it; it is then left as it is."""


def drop_joiners(pdf: bytes) -> bytes:
    """The PDF with U+200D taken out of its text layer (/ActualText and ToUnicode); drawing unchanged.

    Rewrites the streams that name the joiner and the cross-reference table after them. A file not
    laid out as typst writes it (an xref stream, an incremental update) is returned unchanged.
    """
    try:
        return _rewrite_text_layer(pdf)
    except (_Unexpected, ValueError, zlib.error) as error:
        logger.warning("PDF text layer left with joiners: %s", error)
        return pdf


def _rewrite_text_layer(pdf: bytes) -> bytes:
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if found is None:
        raise _Unexpected("no startxref")
    xref_at = int(found.group(1))
    offsets, trailer = _read_xref(pdf, xref_at)
    if b"/Prev" in trailer or b"/XRefStm" in trailer:
        raise _Unexpected("incremental update")
    size = re.search(rb"/Size\s+(\d+)", trailer)
    if size is None or int(size.group(1)) <= max(offsets, default=0):
        raise _Unexpected("bad /Size")
    order = sorted(offsets.items(), key=lambda item: item[1])
    out = bytearray(pdf[: order[0][1]])
    new_offsets: dict[int, int] = {}
    for index, (number, start) in enumerate(order):
        end = order[index + 1][1] if index + 1 < len(order) else xref_at
        chunk = pdf[start:end]
        if not chunk.startswith(b"%d " % number):
            raise _Unexpected(f"object {number} is not where the xref says")
        new_offsets[number] = len(out)
        out += _rewrite_object(chunk) if b"stream" in chunk else chunk
    xref = len(out)
    total = int(size.group(1))
    out += b"xref\n0 %d\n" % total
    for number in range(total):
        if number in new_offsets:
            out += b"%010d 00000 n \n" % new_offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _read_xref(pdf: bytes, at: int) -> tuple[dict[int, int], bytes]:
    """{object number: offset} of the objects in use, and the trailer dictionary."""
    if not pdf.startswith(b"xref", at):
        raise _Unexpected("cross-reference stream")
    position = at + 4
    offsets: dict[int, int] = {}
    section = re.compile(rb"\s*(\d+)\s+(\d+)\s*?\r?\n")
    entry = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s{1,2}")
    while True:
        header = section.match(pdf, position)
        if header is None:
            break
        first, count = int(header.group(1)), int(header.group(2))
        position = header.end()
        for number in range(first, first + count):
            row = entry.match(pdf, position)
            if row is None:
                raise _Unexpected("bad xref entry")
            if row.group(3) == b"n":
                offsets[number] = int(row.group(1))
            position = row.end()
    trailer = re.compile(rb"\s*trailer\s*").match(pdf, position)
    if trailer is None or not offsets:
        raise _Unexpected("no trailer")
    start = trailer.end()
    return offsets, pdf[start : _dict_end(pdf, start)]


def _rewrite_object(chunk: bytes) -> bytes:
    """One "n 0 obj … endobj": its stream decompressed, cleaned of joiners, compressed again."""
    opening = re.match(rb"\d+ \d+ obj\s*", chunk)
    if opening is None or not chunk.startswith(b"<<", opening.end()):
        return chunk
    dict_start = opening.end()
    dict_end = _dict_end(chunk, dict_start)
    keyword = re.compile(rb"\s*stream(\r\n|\n)").match(chunk, dict_end)
    if keyword is None:
        return chunk
    head = chunk[dict_start:dict_end]
    length = re.search(rb"/Length\s+(\d+)(\s+\d+\s+R)?", head)
    if length is None or length.group(2):
        raise _Unexpected("stream without a direct /Length")
    data_start = keyword.end()
    data_end = data_start + int(length.group(1))
    if not re.match(rb"\s*endstream", chunk[data_end:]):
        raise _Unexpected("stream length does not match")
    flate = re.search(rb"/Filter\s*/FlateDecode", head) is not None
    if (b"/Filter" in head and not flate) or b"/DecodeParms" in head or _NOT_TEXT.search(head):
        return chunk  # images, fonts, colour profiles: no text in them
    data = chunk[data_start:data_end]
    if flate:
        data = zlib.decompress(data)
    cleaned = _clean_stream(data)
    if cleaned == data:
        return chunk
    packed = zlib.compress(cleaned) if flate else cleaned
    head = head[: length.start()] + b"/Length %d" % len(packed) + head[length.end() :]
    return chunk[:dict_start] + head + chunk[dict_end:data_start] + packed + chunk[data_end:]


# The first invisible character of an /ActualText string (UTF-16BE in hex after its byte order
# mark), found on a code unit's boundary; removed again and again until none is left.
_ACTUAL_TEXT_JOINER = re.compile(
    rb"(/ActualText\s*<[Ff][Ee][Ff][Ff](?:[0-9A-Fa-f]{4})*?)(?:200[BbDd]|2060)"
)
_BFCHAR_BLOCK = re.compile(rb"\d+\s+beginbfchar(.*?)endbfchar", re.S)
_BFCHAR_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_INVISIBLE_ANYWHERE = re.compile(rb"20(?:0[BbDd]|60)")
# Streams with no text to clean: font programs, images, colour profiles.
_NOT_TEXT = re.compile(rb"/Length1\b|/Subtype\s*/Image|/N\s+\d")


def _clean_stream(data: bytes) -> bytes:
    if not _INVISIBLE_ANYWHERE.search(data):
        return data
    if b"/ActualText" in data:
        removed = 1
        while removed:
            data, removed = _ACTUAL_TEXT_JOINER.subn(rb"\1", data)
    if b"beginbfchar" in data:
        data = _BFCHAR_BLOCK.sub(_clean_bfchar, data)
    return data


def _clean_bfchar(block: re.Match) -> bytes:
    """A ToUnicode bfchar block with the invisible characters taken out of each glyph's text (and
    the glyphs left with no text dropped)."""
    pairs = []
    for code, text in _BFCHAR_PAIR.findall(block.group(1)):
        text = _without_joiner(text)
        if text:
            pairs.append(b"<%s> <%s>" % (code, text))
    if not pairs:
        return b""
    return b"%d beginbfchar\n%s\nendbfchar" % (len(pairs), b"\n".join(pairs))


def _without_joiner(hex_text: bytes) -> bytes:
    """UTF-16BE in hex, without the code units of the invisible characters."""
    digits = hex_text.translate(None, b" \t\r\n\f").upper()
    if len(digits) % 4:
        return hex_text
    return b"".join(
        digits[i : i + 4]
        for i in range(0, len(digits), 4)
        if digits[i : i + 4] not in _INVISIBLE_HEX
    )


def _dict_end(data: bytes, start: int) -> int:
    """The offset just after the dictionary that opens at `start` (strings and nesting skipped)."""
    depth = 0
    position = start
    while position < len(data):
        if data.startswith(b"<<", position):
            depth += 1
            position += 2
        elif data.startswith(b">>", position):
            depth -= 1
            position += 2
            if depth == 0:
                return position
        elif data[position] == 0x28:  # (
            position = _string_end(data, position)
        elif data[position] == 0x3C:  # < of a hex string
            position = data.index(b">", position) + 1
        else:
            position += 1
    raise _Unexpected("unterminated dictionary")


def _string_end(data: bytes, start: int) -> int:
    depth = 0
    position = start
    while position < len(data):
        byte = data[position]
        if byte == 0x5C:  # backslash escapes the next byte
            position += 2
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    raise _Unexpected("unterminated string")


# --- the engine -----------------------------------------------------------------------------------


class Typesetter:
    """One typst compiler for the process: fonts read once, reused by every document.

    typst is imported here, on first use, so that processes that never render a PDF do not load
    it. Only the Sarabun files (and typst's own fonts, for a sign such as ✓ that Sarabun lacks)
    are used, never the host's: the same data gives the same PDF on every machine.
    """

    def __init__(self) -> None:
        import typst

        self._compiler = typst.Compiler(
            root=str(TEMPLATE_DIR), font_paths=[str(FONT_DIR)], ignore_system_fonts=True
        )
        self._lock = threading.Lock()
        self._sources: dict[str, bytes] = {}

    def source(self, template: str) -> bytes:
        """The shared definitions and the document's template, with their Thai prepared."""
        if template not in self._sources:
            text = "\n".join(
                (TEMPLATE_DIR / name).read_text(encoding="utf-8")
                for name in (BASE_TEMPLATE, template)
            )
            self._sources[template] = prepare_text(text).encode()
        return self._sources[template]

    def render(self, template: str, data: dict) -> bytes:
        """Compile `template` with `data` (read by the template as sys.inputs.data) into a PDF."""
        payload = json.dumps(data, ensure_ascii=False)
        with self._lock:
            pdf = self._compiler.compile(
                input=self.source(template), sys_inputs={"data": payload}, timestamp=_now()
            )
        return drop_joiners(pdf)


_typesetter: Typesetter | None = None
_typesetter_lock = threading.Lock()


def typesetter() -> Typesetter:
    """The process's typesetter, made on first use."""
    global _typesetter
    with _typesetter_lock:
        if _typesetter is None:
            _typesetter = Typesetter()
        return _typesetter


def _now() -> dt.datetime:
    """Now, with the fixed UTC offset typst wants for the PDF's creation date."""
    moment = timezone.localtime().replace(microsecond=0)
    return moment.replace(tzinfo=dt.timezone(moment.utcoffset() or dt.timedelta(0)))


def _render(template: str, meta: dict, body: dict) -> bytes:
    """Prepare every string (Thai digits when chosen, joined marks) and typeset."""
    digits = meta["thai_digits"]
    # The title and the author go to the PDF's metadata, not its text: no joiners in them.
    metadata = {key: meta.pop(key) for key in ("pdf_title", "pdf_author")}
    data = _prepare({"meta": meta, "doc": body}, digits)
    for key, value in metadata.items():
        data["meta"][key] = thai.thai_digits(value) if digits else value
    return typesetter().render(template, data)


def _prepare(value, digits: bool):
    if isinstance(value, Verbatim):
        return str(value)
    if isinstance(value, str):
        text = keep_together(thai.thai_digits(value) if digits else str(value))
        return prepare_text(text, unbroken=isinstance(value, Unbroken))
    if isinstance(value, dict):
        return {key: _prepare(item, digits) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(item, digits) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return _prepare(str(value), digits)


# --- formatting -----------------------------------------------------------------------------------

FOUR = Decimal("0.0001")
DASH = "–"


def score4(value: Decimal | None) -> str:
    """A score with its four decimals (3.4350), as the pages print it; a dash when there is none."""
    return counting.four_places(value)


def plain(value: Decimal | int | None) -> str:
    """A number without trailing zeros, with thousands separators (1000.50 → 1,000.5)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), ",f")


def date(day: dt.date | dt.datetime | None) -> str:
    """31 มีนาคม 2569 (digits become Thai digits later, with everything else, when chosen)."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return thai.format_date(day)


def paragraphs(text: str) -> list[str]:
    """A text field's paragraphs: one per line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _meta(organization_name: str, fiscal_year: int, title: str, thai_digits: bool) -> dict:
    return {
        "organization": organization_name,
        "fiscal_year": f"ปีงบประมาณ พ.ศ. {fiscal_year}",
        "thai_digits": bool(thai_digits),
        "pdf_title": title,
        "pdf_author": organization_name,
    }


# --- 1. the indicator sheet -----------------------------------------------------------------------

MILESTONE_CRITERIA = (
    "กำหนดเป็นระดับขั้นของความสำเร็จ (Milestone) แบ่งเกณฑ์การให้คะแนนเป็น {count} ระดับ "
    "พิจารณาจากความก้าวหน้าของขั้นตอนการดำเนินงานตามเป้าหมายแต่ละระดับ ดังนี้"
)
NUMERIC_CRITERIA = "กำหนดเกณฑ์การให้คะแนนเป็น 5 ระดับ พิจารณาจากผลการดำเนินงานเทียบกับค่าเป้าหมาย ดังนี้"
MIXED_CRITERIA = (
    "กำหนดเกณฑ์การให้คะแนนเป็น 5 ระดับ ระดับ 1 ถึง {steps} พิจารณาจากขั้นตอนการดำเนินงาน "
    "ระดับต่อจากนั้นพิจารณาจากผลการดำเนินงานเทียบกับค่าเป้าหมาย ดังนี้"
)
BETWEEN_TARGETS = "ผลการดำเนินงานที่อยู่ระหว่างค่าเป้าหมายสองระดับ คิดคะแนนตามสัดส่วนระหว่างสองระดับนั้น"
# Where score 5 starts, in the words of the indicator's direction (lower is better: "ไม่เกิน").
BEST_HIGHER = "ผลการดำเนินงานตั้งแต่ {best} (ค่าเป้าหมายระดับ 5) ขึ้นไป ได้ 5 คะแนน"
BEST_LOWER = "ยิ่งน้อยยิ่งดี: ผลการดำเนินงานไม่เกิน {best} (ค่าเป้าหมายระดับ 5) ได้ 5 คะแนน"
PASS_FAIL_CRITERIA = "พิจารณาจากผลการดำเนินงานว่าผ่านหรือไม่ผ่านตามเกณฑ์ที่กำหนด"
COMPOSITE_CRITERIA = "คะแนนคำนวณจากคะแนนของตัวชี้วัดย่อยตามน้ำหนักของแต่ละตัว"


def render_indicator_sheet(indicator, *, thai_digits: bool = False) -> bytes:
    """The indicator sheet of seed 000: group, number and name, people and phones, description,
    scoring criteria (the ✓ table of milestone levels, or the five targets), steps, notes,
    rationale and the closing note."""
    from khamrap.agreements import selectors

    agreement = indicator.agreement
    indicators = selectors.indicators_of(agreement)
    indicator = next(i for i in indicators if i.pk == indicator.pk)
    parent = next((i for i in indicators if i.pk == indicator.parent_id), None)
    with translation.override("th"):
        body = _sheet(indicator, parent, selectors.milestone_levels(indicator))
    title = f"ตัวชี้วัดที่ {indicator.number} {indicator.name}"
    meta = _meta(agreement.organization.name_th, agreement.fiscal_year.year, title, thai_digits)
    return _render("indicator_sheet.typ", meta, body)


def _people(users) -> list[dict]:
    return [{"name": Unbroken(u.display_name), "phone": u.phone} for u in users]


def _sheet(indicator, parent, levels) -> dict:
    kind = indicator.kind
    steps = list(indicator.steps.all())
    if indicator.criteria_text:
        criteria = paragraphs(indicator.criteria_text)
    elif kind == "milestone":
        criteria = [MILESTONE_CRITERIA.format(count=len(levels))]
    elif kind == "mixed":
        criteria = [MIXED_CRITERIA.format(steps=indicator.mixed_steps or 0)]
    elif kind == "numeric":
        criteria = [NUMERIC_CRITERIA]
    elif kind == "pass_fail":
        criteria = [PASS_FAIL_CRITERIA]
    else:
        criteria = [COMPOSITE_CRITERIA]
    targets = []
    if kind in ("numeric", "mixed"):
        for level, target in enumerate(indicator.targets, start=1):
            if target is not None:
                targets.append(plain(target))
            else:
                targets.append(f"ขั้นตอนที่ {level}" if kind == "mixed" else DASH)
    return {
        "group": indicator.group.name_th,
        "number": indicator.number,
        "name": indicator.name,
        "parent": f"{parent.number} {parent.name}" if parent else "",
        "weight": plain(indicator.weight),
        "unit": indicator.unit,
        "kind": kind,
        "direction": indicator.get_direction_display() if kind in ("numeric", "mixed") else "",
        "supervisors": _people(indicator.supervisors.all()),
        "collectors": _people(indicator.collectors.all()),
        "description": paragraphs(indicator.description),
        "formula": paragraphs(indicator.formula),
        "baseline": [
            {"year": str(year), "value": plain(Decimal(str(value)))}
            for year, value in sorted(indicator.baseline.items())
        ],
        "criteria": criteria,
        "levels": [
            {"level": str(level), "marks": list(marks)}
            for level, marks in (levels if kind in ("milestone", "mixed") else [])
        ],
        "step_count": len(levels[0][1]) if levels else 0,
        "targets": targets,
        "between_targets": _between_targets(indicator) if kind in ("numeric", "mixed") else "",
        "steps": [
            {"number": str(s.number), "description": s.description, "evidence": s.evidence}
            for s in steps
        ],
        "parts": [
            {
                "number": part.number,
                "name": part.name,
                "weight": plain(part.weight),
                "kind": part.get_kind_display(),
            }
            for part in indicator.parts.all()
        ],
        "data_source": paragraphs(indicator.data_source),
        "notes": paragraphs(indicator.notes),
        "rationale": paragraphs(indicator.rationale),
        "closing_note": paragraphs(indicator.closing_note),
    }


def _between_targets(indicator) -> str:
    best = (BEST_LOWER if indicator.direction == "lower" else BEST_HIGHER).format(
        best=plain(indicator.targets[-1])
    )
    return f"{BETWEEN_TARGETS} {best}"


# --- 2. the performance agreement -----------------------------------------------------------------

DOTS = "……………………………………"


def render_agreement(agreement, *, thai_digits: bool = False) -> bytes:
    """The performance agreement: parties, period, the promise, the signature block, and the
    indicator table with weights, units and targets (on landscape pages)."""
    from khamrap.agreements import selectors

    groups = selectors.grouped(selectors.indicators_of(agreement))
    year = agreement.fiscal_year
    body = {
        "organization": agreement.organization.name_th,
        "year": str(year.year),
        "start": date(year.starts_on),
        "end": date(year.ends_on),
        "promisee": {
            "name": Unbroken(agreement.promisee_name or DOTS),
            "position": agreement.promisee_position or DOTS,
        },
        "promisor": {
            "name": Unbroken(agreement.promisor_name or DOTS),
            "position": agreement.promisor_position or DOTS,
        },
        "signed_on": date(agreement.signed_on),
        "framework": agreement.framework.name_th,
        "groups": [
            {
                "name": group.group.name_th,
                "weight": plain(group.weight),
                "rows": [
                    row
                    for indicator in group.indicators
                    for row in (
                        _agreement_row(indicator, part=False),
                        *(_agreement_row(p, part=True) for p in indicator.parts.all()),
                    )
                ],
            }
            for group in groups
        ],
        "total_weight": plain(sum((g.weight for g in groups), Decimal(0))),
        "has_parts": any(i.parts.all() for g in groups for i in g.indicators),
    }
    title = f"คำรับรองการปฏิบัติราชการ {agreement.organization.name_th} ประจำปีงบประมาณ พ.ศ. {year.year}"
    meta = _meta(agreement.organization.name_th, year.year, title, thai_digits)
    return _render("agreement.typ", meta, body)


def _agreement_row(indicator, *, part: bool) -> dict:
    kind = indicator.kind
    unit = indicator.unit or ("ระดับ" if kind == "milestone" else "")
    targets: list[str] = []
    span = ""
    if kind in ("numeric", "mixed"):
        steps = (indicator.mixed_steps or 0) if kind == "mixed" else 0
        targets = [
            f"ขั้นที่ {level}" if level <= steps else plain(target) or DASH
            for level, target in enumerate(indicator.targets, start=1)
        ]
    elif kind == "milestone":
        span = "ระดับขั้นของความสำเร็จ (Milestone)"
    elif kind == "pass_fail":
        span = "ผ่าน / ไม่ผ่าน"
    else:
        span = "ตามตัวชี้วัดย่อย"
    return {
        "number": indicator.number,
        "name": indicator.name,
        "weight": f"({plain(indicator.weight)})" if part else plain(indicator.weight),
        "unit": unit,
        "targets": targets,
        "span": span,
        "part": part,
    }


# --- 3. the self-assessment report (SAR) of a round -----------------------------------------------

NARRATIVE_FIELDS = ("performance", "supporting_factors", "obstacles", "suggestions", "explanation")
METHODS = {
    "trend": "เส้นตรงผ่านผลรอบ 6 และ 9 เดือน",
    "pace": "คงอัตราความก้าวหน้าของขั้นตอน",
    "hold": "คงผลล่าสุด",
}


def render_sar(agreement, reporting_round, *, thai_digits: bool = False) -> bytes:
    """The organization's self-assessment report for a round: every indicator with its result,
    score, weight and weighted score, narrative and evidence files; group subtotals and the total,
    self-assessed and verified."""
    from khamrap.reporting.evidence import evidence_by_result
    from khamrap.reporting.models import Result
    from khamrap.reporting.selectors import round_view

    view = round_view(agreement, reporting_round)
    card = view.card
    labels = {}
    with translation.override("th"):
        for name in NARRATIVE_FIELDS:
            labels[name] = str(Result._meta.get_field(name).verbose_name)
        status = (
            view.report.get_status_display()
            if view.report
            else str(dict(_report_statuses()).get("open"))
        )
        kinds = {row.indicator.pk: row.indicator.get_kind_display() for row in view.rows}
    subtotals = {group.pk: (weight, own, final) for group, weight, own, final in card.groups}
    groups: list[dict] = []
    details: list[dict] = []
    by_group: dict[int, dict] = {}
    group: dict = {}
    files = evidence_by_result(row.result for row in view.rows)
    for row in view.rows:
        indicator, result = row.indicator, row.result
        if row.depth == 0:  # a part follows its indicator, in the indicator's group
            if indicator.group_id not in by_group:
                weight, own, final = subtotals.get(indicator.group_id, (None, None, None))
                by_group[indicator.group_id] = {
                    "name": indicator.group.name_th,
                    "weight": plain(weight) if weight is not None else DASH,
                    "self": score4(own),
                    "final": score4(final),
                    "rows": [],
                }
                groups.append(by_group[indicator.group_id])
            group = by_group[indicator.group_id]
        line = {
            "number": indicator.number,
            "name": indicator.name,
            "weight": f"({plain(indicator.weight)})" if row.depth else plain(indicator.weight),
            "result": _result_text(indicator, result),
            "self": score4(row.self_score),
            "verified": score4(row.verified_score),
            "weighted": score4(row.weighted) if row.depth == 0 else "",
            "part": bool(row.depth),
        }
        group["rows"].append(line)
        evidence = files.get(result.pk, []) if result is not None else []
        details.append(
            {
                **line,
                "supervisors": _names(indicator.supervisors.all()),
                "collectors": _names(indicator.collectors.all()),
                "kind": kinds[indicator.pk],
                "unit": indicator.unit,
                "status": _result_status(row),
                "narrative": [
                    {"label": labels[name], "paragraphs": paragraphs(getattr(result, name))}
                    for name in NARRATIVE_FIELDS
                    if result is not None and getattr(result, name).strip()
                ],
                "verified_reason": paragraphs(result.verified_reason) if result else [],
                "evidence": [
                    {
                        "name": e.original_name,
                        "step": str(e.step_number) if e.step_number else "",
                    }
                    for e in evidence
                ],
            }
        )
    report = view.report
    late = report.days_late if report else 0
    body = {
        "organization": agreement.organization.name_th,
        "year": str(agreement.fiscal_year.year),
        "months": str(reporting_round.months),
        "cutoff": date(reporting_round.cutoff_date),
        "deadline": date(reporting_round.deadline),
        "status": status,
        "submitted_on": date(report.submitted_at) if report else "",
        "late": f"ส่งช้า {late} วัน" if late else "",
        "closed_on": date(report.closed_at) if report else "",
        "groups": groups,
        "has_totals": bool(card.groups),
        "total_self": score4(card.total_self) if card.groups else DASH,
        "total_final": score4(card.total_final) if card.groups else DASH,
        "total_label": "คะแนนสุดท้าย" if card.is_final else "คะแนนที่นับ",
        "standing": _standing(card.standing),
        "total_weight": plain(sum((w for _g, w, _s, _f in card.groups), Decimal(0))),
        "progress": {key: str(value) for key, value in view.progress.items()},
        "details": details,
        "reporter": _signatory(report.submitted_by if report else None, report),
        "certifier": _certifier(agreement, report),
    }
    title = (
        f"รายงานผลการประเมินตนเอง {agreement.organization.name_th} "
        f"รอบ {reporting_round.months} เดือน ปีงบประมาณ พ.ศ. {agreement.fiscal_year.year}"
    )
    meta = _meta(agreement.organization.name_th, agreement.fiscal_year.year, title, thai_digits)
    return _render("sar.typ", meta, body)


def _names(users) -> list:
    return [Unbroken(user.display_name) for user in users]


def _signatory(user, report) -> dict:
    """A signature block's name, position and date: a person's, or dotted lines to fill by hand."""
    sent = report is not None and report.submitted_at is not None
    return {
        "name": Unbroken(user.display_name) if user is not None else "",
        "position": user.position if user is not None else "",
        "date": date(report.submitted_at) if sent else "",
    }


def _certifier(agreement, report) -> dict:
    """Who certifies the report's data (ผู้รับรองข้อมูล): the head who made the agreement's promise
    (its promisor), else the organization's executive, else nobody (dotted lines)."""
    from khamrap.organizations.choices import Role
    from khamrap.organizations.selectors import organization_members

    if agreement.promisor_name:
        signatory = _signatory(None, report)
        signatory.update(
            name=Unbroken(agreement.promisor_name), position=agreement.promisor_position
        )
        return signatory
    executive = organization_members(agreement.organization).filter(role=Role.EXECUTIVE).first()
    return _signatory(executive.user if executive else None, report)


def _standing(value) -> str:
    from khamrap.reporting.choices import STANDING_LABELS

    with translation.override("th"):
        return str(STANDING_LABELS[str(value)])


def _report_statuses():
    from khamrap.reporting.choices import ReportStatus

    return ReportStatus.choices


def _result_status(row) -> str:
    """The row's status as the round page shows it (a composite's follows its parts)."""
    if row.status is None:
        return "ยังไม่ได้บันทึกผล"
    with translation.override("th"):
        return str(row.status_label)


def _result_text(indicator, result) -> str:
    """What was achieved, as the result pages say it."""
    if result is None:
        return DASH
    if indicator.kind == "pass_fail":
        return {True: "ผ่าน", False: "ไม่ผ่าน"}.get(result.passed, DASH)
    parts = []
    if result.steps_done:
        parts.append("ขั้นตอนที่ทำแล้ว " + ", ".join(str(n) for n in result.steps_done))
    if result.value is not None:
        if indicator.unit == "ร้อยละ":  # Thai puts this unit first: ร้อยละ 82.5
            parts.append(f"ร้อยละ {plain(result.value)}")
        else:
            parts.append(f"{plain(result.value)} {indicator.unit}".strip())
    return "; ".join(parts) or DASH


# --- 4. the executive summary of a round ----------------------------------------------------------


def render_summary(
    fiscal_year, months: int, organizations_or_user, *, thai_digits: bool = False
) -> bytes:
    """The executive summary of a round: totals, the ranking of the organizations, the indicators
    at risk by the early warning, and bar charts of both.

    `organizations_or_user`: a user (the signed agreements they may see, as the dashboard ranks
    them: dashboards.selectors.rollup), or an organization or several (every signed agreement of
    the year of them and the organizations below them).
    """
    from khamrap.dashboards import selectors as dashboards

    reporting_round = fiscal_year.rounds.filter(months=months).first()
    if _is_user(organizations_or_user):
        user = organizations_or_user
        totals = dashboards.rollup(user, fiscal_year, months)
        heading = _organizations_of_user(user)
    else:
        organizations = _as_list(organizations_or_user)
        totals = _totals_under(organizations, fiscal_year, reporting_round)
        heading = ", ".join(o.name_th for o in organizations)
    with translation.override("th"):
        ranking = [
            {
                "rank": str(t.rank) if t.rank is not None else DASH,
                "organization": t.agreement.organization.name_th,
                "self": score4(t.total_self),
                "final": score4(t.total_final),
                "reported": f"{t.reported}/{t.indicators}",
                "status": _standing(t.standing),
            }
            for t in totals
        ]
    risks = []
    warnings = dashboards.early_warnings([t.agreement for t in totals])
    for total in totals:
        for warning in warnings[total.agreement.pk]:
            if warning.at_risk:
                risks.append((total.agreement, warning))
    # Highest and lowest among official totals only (rules.counting): drafts are not compared.
    scored = [t.total_final for t in totals if t.official and t.total_final is not None]
    body = {
        "year": str(fiscal_year.year),
        "months": str(months),
        "cutoff": date(reporting_round.cutoff_date) if reporting_round else "",
        "count": str(len(totals)),
        "reported": str(len(scored)),
        "closed": str(sum(t.report_status == "closed" for t in totals)),
        "highest": score4(max(scored)) if scored else DASH,
        "lowest": score4(min(scored)) if scored else DASH,
        "ranking": ranking,
        "chart": _bar_chart(
            "คะแนนเฉลี่ยถ่วงน้ำหนักที่เป็นทางการ (ส่งรายงานหรือตรวจสอบแล้ว) ตามหน่วยงาน",
            [(t.agreement.organization.name_th, t.total_final) for t in totals if t.official],
        ),
        "risk_count": str(len(risks)),
        "risks": [
            {
                "organization": agreement.organization.name_th,
                "number": w.indicator.number,
                "name": w.indicator.name,
                "latest": score4(w.latest_score),
                "projected": score4(w.projected_score),
                "result": w.projected_result or DASH,
                "method": METHODS.get(w.method, w.method or DASH),
            }
            for agreement, w in risks
        ],
        "risk_chart": _bar_chart(
            "คะแนนที่คาดการณ์ ณ สิ้นปี ของตัวชี้วัดที่มีความเสี่ยง",
            [
                (
                    f"{agreement.organization.name_th} ตัวชี้วัดที่ {w.indicator.number}",
                    w.projected_score,
                )
                for agreement, w in risks
            ],
        ),
    }
    title = f"สรุปผลการดำเนินงานตามคำรับรองการปฏิบัติราชการ รอบ {months} เดือน ปีงบประมาณ พ.ศ. {fiscal_year.year}"
    meta = _meta(heading, fiscal_year.year, title, thai_digits)
    return _render("summary.typ", meta, body)


def _is_user(value) -> bool:
    return hasattr(value, "is_authenticated") and hasattr(value, "get_username")


def _as_list(organizations) -> list:
    if isinstance(organizations, Iterable) and not isinstance(organizations, str | bytes):
        return list(organizations)
    return [organizations]


def _organizations_of_user(user) -> str:
    """The organizations a person's summary speaks for: their memberships' highest organizations."""
    from khamrap.organizations.selectors import membership_list_for_user

    found = []
    for membership in membership_list_for_user(user):
        organization = membership.organization
        if not any(organization.path.startswith(o.path) for o in found):
            found = [o for o in found if not o.path.startswith(organization.path)]
            found.append(organization)
    return ", ".join(o.name_th for o in found) or "ทุกหน่วยงาน"


def _totals_under(organizations, fiscal_year, reporting_round) -> list:
    """The signed agreements of the year under `organizations`, ranked as the dashboard ranks them."""
    from django.db.models import Q

    from khamrap.agreements.models import Agreement
    from khamrap.dashboards.selectors import rank_agreements

    if reporting_round is None or not organizations:
        return []
    under = Q()
    for organization in organizations:
        under |= Q(organization__path__startswith=organization.path)
    return rank_agreements(
        Agreement.objects.filter(under, fiscal_year=fiscal_year), reporting_round
    )


def _bar_chart(title: str, items: list[tuple[str, Decimal | None]], maximum: int = 5) -> dict:
    """A bar chart for the template to draw with typst (typst draws an SVG's Thai text wrongly:
    ำ is misplaced), coloured by the same score bands as the pages' charts (web.charts)."""
    from khamrap.web.bands import chart_bands
    from khamrap.web.charts import band_colour

    bands = chart_bands()
    return {
        "title": title,
        "ticks": [{"label": str(t), "pos": t / maximum} for t in range(0, maximum + 1)],
        "items": [
            {
                "label": label,
                "value": score4(value) if value is not None else "",
                "pos": float(min(max(value, Decimal(0)), Decimal(maximum)) / maximum)
                if value is not None
                else None,
                "colour": Verbatim(band_colour(value, bands) if value is not None else ""),
            }
            for label, value in items
        ],
        "missing": "ยังไม่มีผล",
    }
