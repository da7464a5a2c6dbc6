"""Typesetting with typst: Thai text prepared for line breaking, and one compiler per process.

typst finds line breaks in Thai with a statistical model that also breaks inside words
(30 กัน|ยายน, (ก|รอบการประเมิน). So the words are found here, with PyThaiNLP's dictionary (plus
the words of this domain), and typst is told: a WORD JOINER between the letter clusters of a word
(no break; rules.thai_text.clusters), a ZERO WIDTH SPACE between two words (a break may go there).
text_layer.drop_joiners takes both out of the text layer again. Names are kept whole (Unbroken): a
line breaks only at their spaces. Everything typst prints passes through prepare_text first, the
data and the templates' own wording alike.

One typst compiler per process (`typesetter()`): it reads the Sarabun files once and is reused by
every document, which is what bulk jobs (documents.jobs) rely on; the threads of a web process
share it under a lock. The first document in a process also loads PyThaiNLP's dictionary (about
half a second); the next ones take a few hundredths of a second a page.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import threading
from pathlib import Path

import fontpkg_sarabun
from django.utils import timezone

from khamrap.rules import thai
from khamrap.rules.thai_text import clusters

from .text_layer import WJ, ZWSP, drop_joiners, join_stacked_marks

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
TEMPLATE_DIR = Path(__file__).parent.parent / "templates" / "documents"
BASE_TEMPLATE = "_base.typ"
# Definitions a family of documents shares, read after _base.typ and before the document's own.
SHARED_TEMPLATES = {
    "pmqa_assessment.typ": ("_pmqa_page.typ",),
    "pmqa_plan.typ": ("_pmqa_page.typ",),
    # The award documents take the same page, with its mark (a draft, a preliminary result).
    "award_application.typ": ("_pmqa_page.typ",),
    "award_assessment.typ": ("_pmqa_page.typ",),
}

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
        return ZWSP.join(_held_together(word) for word in words)

    text = _SPACE_BEFORE_SIGN.sub(lambda m: m.group() + WJ, text)
    return join_stacked_marks(_THAI_RUN.sub(thai_run, text))


def keep_together(text: str) -> str:
    """`text` with no line break inside a range of numbers (2548 – 2551 stays on one line)."""

    def joined(match: re.Match) -> str:
        return "".join(char + WJ for char in match.group())

    return _NUMBER_RANGE.sub(joined, text)


@functools.lru_cache(maxsize=8192)
def _held_together(word: str) -> str:
    """A Thai word with a WORD JOINER between its letter clusters (cached: words recur)."""
    return WJ.join(clusters(word))


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
                for name in (BASE_TEMPLATE, *SHARED_TEMPLATES.get(template, ()), template)
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


def render_document(template: str, meta: dict, body: dict) -> bytes:
    """A document: every string of `meta` (formatting.document_meta) and `body` prepared (Thai
    digits when chosen, words marked, joined marks), then typeset with `template`."""
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
