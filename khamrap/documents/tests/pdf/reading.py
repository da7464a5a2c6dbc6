"""PDFs read back as a person's tools read them: the text layer by poppler's pdftotext and by
PDFium (pypdfium2), page by page and word by word with its box, and what comes back measured
against the source text (the character error rate, line breaks inside words)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from khamrap.documents.pdf.typesetting import _words

ARTIFACTS = Path(__file__).resolve().parents[4] / "artifacts" / "documents"


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
        for word in _words(run.group()):
            offset += len(word)
            boundaries.add(offset)
    for index, char in enumerate(text):
        if not re.match("[\u0e01-\u0e4e]", char):
            boundaries.update({index, index + 1})
    return boundaries


@dataclass
class Word:
    page: int  # from 1
    x0: float
    y0: float  # from the top of the page, in points, as pdftotext gives them
    x1: float
    y1: float
    text: str


def words_of(content: bytes) -> list[Word]:
    """Every word pdftotext reads, with its box."""
    from xml.etree import ElementTree

    xml = pdftotext(content, "-bbox")
    root = ElementTree.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1))
    return [
        Word(number, *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
        for number, page in enumerate(root.iter("page"), start=1)
        for w in page.iter("word")
    ]


def first_word(words: list[Word], text: str, *, after: Word | None = None) -> Word:
    return next(
        w
        for w in words
        if w.text == text and (after is None or (w.page, w.y0) > (after.page, after.y0))
    )


def one_line(text: str, phrase: str) -> bool:
    """Whether `phrase` stands whole on one line of the extracted text."""
    return any(phrase in " ".join(line.split()) for line in text.split("\n"))


def visual_lines(content: bytes) -> list[list[Word]]:
    """The words of each line as drawn (same page, same top), left to right: pdftotext's own
    lines part where a justified line has wide gaps."""
    lines: dict[tuple[int, int], list[Word]] = {}
    for word in words_of(content):
        lines.setdefault((word.page, round(word.y0)), []).append(word)
    return [sorted(words, key=lambda w: w.x0) for words in lines.values()]
