"""The writing aid of an award application: Thai word counts, the figures used, repeated
sentences and the page estimate.

Seed 004 slides 15 and 19–21: form 3 answers ten questions, each within 700 or 1,400 words, the
report at most 15 pages; slide 18's lessons: use statistics but not too many, do not repeat the
same point. Thai is written without spaces between words, so a word count needs a segmenter:
PyThaiNLP's dictionary-based "newmm". Before it, the pieces a reader sees as one word whatever the
dictionary says are taken out and counted one each: numbers with their separators and percent
sign ("1,400", "80.5%", "๒๕๖๙"), Latin words with their hyphens or dots ("e-Service",
"www.opdc.go.th", "COVID-19"), and Thai abbreviations ("ก.พ.ร.", "พ.ศ.", "มี.ค.", which newmm
cuts into pieces). Spaces, punctuation and the repetition and abbreviation marks alone (ๆ, ฯ) are
no words.

newmm's dictionary (PyThaiNLP's `thai_words`) also lists phrases a reader reads as two words, so
each word newmm finds is cut again by two rules:

1. The nominal prefixes การ and ความ before a verb or an adjective are words of their own:
   การ|พัฒนา, ความ|สำคัญ, ความ|เห็น. Before a noun they make a compound that stays one word:
   การเงิน, การบ้าน, การเมือง. The rest is taken for a noun when the part-of-speech lexicons
   PyThaiNLP ships (ORCHID, Parallel UD and Thai UD, each word's commonest tag) know it only as
   a noun; a rest they do not know is a verb, as most words after การ and ความ are.
2. A light verb (ให้, มี, เป็น, ได้), the negation ไม่, the preposition ใน or the intensifier มาก
   before a word of two syllables or more is a phrase: ให้|บริการ, มี|ประสิทธิภาพ, ไม่|ต้องการ,
   ใน|อนาคต, มาก|เกินไป. Before a one-syllable word it is mostly a lexicalised compound and stays
   whole (ได้รับ, ได้ยิน, เป็นเลิศ, เป็นมา), and so does any entry of the Royal Institute
   dictionary (`thai_orst_words`: idioms such as มีชื่อเสียง). Syllables are counted with
   PyThaiNLP's syllable dictionary.

Both rules cut only where each part is itself a dictionary word, and apply again to the rest
(ความ|เป็นมา, มี|ความ|สุข). Phrases of two content words (แก้ปัญหา, เทคโนโลยีสารสนเทศ,
ประสบความสำเร็จ) stay as the dictionary lists them.

Pure Python: no Django, no app.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

_DIGITS = "0-9\u0e50-\u0e59"  # Arabic and Thai digits
_LATIN = "A-Za-z\u00c0-\u024f"
_NUMBER = rf"[{_DIGITS}]+(?:[.,/:][{_DIGITS}]+)*%?"
_LATIN_WORD = rf"[{_LATIN}][{_LATIN}0-9]*(?:[-'’.][{_LATIN}0-9]+)*"
# A Thai abbreviation: groups of one to three letters (with their marks), each closed by a dot,
# starting where a Thai run starts: "ก.พ.ร.", "พ.ศ.", "ศอ.", "มี.ค.", "ส.".
_THAI = "\u0e01-\u0e4e"
_ABBREVIATION = rf"(?<![{_THAI}])(?:[\u0e01-\u0e2e\u0e40-\u0e44][{_THAI}]{{0,2}}\.)+"
_PIECES = re.compile(
    rf"(?P<number>{_NUMBER})|(?P<latin>{_LATIN_WORD})|(?P<abbreviation>{_ABBREVIATION})"
)
# Marks that are no word by themselves: repetition (ต่าง ๆ) and abbreviation (กรุงเทพฯ).
_NOT_LETTERS = frozenset("ๆฯ")


def _is_word(token: str) -> bool:
    return any((ch.isalpha() and ch not in _NOT_LETTERS) or ch.isdigit() for ch in token)


# Rule 1's prefixes and rule 2's function words (see the module's docstring).
_NOMINAL_PREFIXES = ("การ", "ความ")
_LIGHT_WORDS = ("ให้", "มี", "เป็น", "ได้", "ไม่", "ใน", "มาก")
# The lexicons of PyThaiNLP's unigram tagger, and the tags in them that name a noun.
_LEXICONS = ("orchid", "pud", "tud")
_NOUN_TAGS = frozenset({"NCMN", "NCNM", "NPRP", "NLBL", "NTTL", "NONM", "NOUN", "PROPN"})


@lru_cache(maxsize=4096)
def _is_noun(word: str) -> bool:
    """Whether the lexicons know `word`, and only as a noun."""
    from pythainlp.tag import pos_tag

    tags = [
        tag for corpus in _LEXICONS for _, tag in pos_tag([word], engine="unigram", corpus=corpus)
    ]
    known = [tag for tag in tags if tag]
    return bool(known) and all(tag in _NOUN_TAGS for tag in known)


@lru_cache(maxsize=65536)
def _split(token: str) -> tuple[str, ...]:
    """A word newmm found, cut by the two rules of the module's docstring."""
    from pythainlp.corpus import thai_orst_words, thai_words
    from pythainlp.tokenize import syllable_tokenize

    words = thai_words()
    for prefix in _NOMINAL_PREFIXES:
        rest = token.removeprefix(prefix)
        if rest != token and rest in words and not _is_noun(rest):
            return (prefix, *_split(rest))
    if token in thai_orst_words():
        return (token,)
    for light in _LIGHT_WORDS:
        rest = token.removeprefix(light)
        if rest != token and rest in words and len(syllable_tokenize(rest, engine="dict")) >= 2:
            return (light, *_split(rest))
    return (token,)


def _segment(run: str) -> int:
    """How many words a reader counts in a run of text with no number, Latin word or
    abbreviation: newmm's words, each cut again by the rules of the module's docstring."""
    if not _is_word(run):
        return 0
    # PyThaiNLP takes about 0.15 s to import: only the callers that count words pay it.
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(run, engine="newmm", keep_whitespace=False)
    return sum(len(_split(token)) for token in tokens if _is_word(token))


def word_count(text: str) -> int:
    """The words a Thai reader counts in `text` (see the module's docstring).

    Whitespace always parts two words, so each whitespace-separated chunk is counted alone: the
    count of two texts joined by a space or a line break is the sum of their counts."""
    count = 0
    for chunk in text.split():
        start = 0
        for match in _PIECES.finditer(chunk):
            count += _segment(chunk[start : match.start()]) + 1
            start = match.end()
        count += _segment(chunk[start:])
    return count


def figures(text: str) -> list[str]:
    """The numbers and statistics in `text` as written, in order: "ลดลงร้อยละ 35 จาก 1,200 ราย"
    gives ["35", "1,200"]. Digits inside a Latin word ("COVID-19", "ISO9001") are no figure."""
    return [
        match.group("number")
        for match in _PIECES.finditer(text)
        if match.group("number") is not None
    ]


@dataclass(frozen=True)
class Repeat:
    """A sentence written twice or more, and the keys of the texts where it is."""

    sentence: str
    places: tuple[str, ...]


# Thai writes a space where English ends a sentence or a clause; ! ? ; end one anywhere. A dot ends
# one only before a space or the end (a dot inside "3.5" or "ก.พ.ร." does not): the chunks are
# split at whitespace, so a sentence's last dot is trimmed with its other edge punctuation.
_SENTENCE_BREAK = re.compile(r"[\s!?;]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def _trim(piece: str) -> str:
    """A sentence without the quotes, brackets and dots around it."""
    piece = _INVISIBLE.sub("", piece)
    start, end = 0, len(piece)
    while start < end and unicodedata.category(piece[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(piece[end - 1]).startswith("P"):
        end -= 1
    return piece[start:end]


def sentences(text: str) -> list[str]:
    """`text` cut where Thai or English ends a sentence or clause, each piece trimmed."""
    return [s for piece in _SENTENCE_BREAK.split(text) if (s := _trim(piece))]


def repeated_sentences(texts: Mapping[str, str], *, min_words: int = 4) -> list[Repeat]:
    """Every sentence of at least `min_words` words written twice or more in the whole report (in
    one answer or across answers), with the keys of the texts where it is, both in order of first
    appearance. Slide 18: "อย่าเขียนประเด็นเดิมซ้ำไปซ้ำมา"."""
    places: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    long_enough: dict[str, bool] = {}
    for key, text in texts.items():
        for sentence in sentences(text):
            if sentence not in long_enough:
                long_enough[sentence] = word_count(sentence) >= min_words
            if not long_enough[sentence]:
                continue
            counts[sentence] = counts.get(sentence, 0) + 1
            where = places.setdefault(sentence, [])
            if key not in where:
                where.append(key)
    return [Repeat(s, tuple(places[s])) for s in places if counts[s] >= 2]


def page_estimate(words: int, *, words_per_page: int, fixed_pages: int = 0) -> int:
    """The pages `words` fill at `words_per_page`, rounded up, plus the `fixed_pages` (a cover, the
    three-page executive summary of slide 15); no words are only the fixed pages."""
    if words < 0 or words_per_page < 1 or fixed_pages < 0:
        raise ValueError("words and fixed pages cannot be negative, a page holds at least a word")
    return math.ceil(words / words_per_page) + fixed_pages
