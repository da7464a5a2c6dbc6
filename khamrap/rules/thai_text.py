"""Thai text as a screen, a terminal or a typesetter sees it: letter clusters and display columns.

One place for the rule every writer of Thai text needs: a Thai letter and the vowel and tone marks
written above or below it are one piece, never parted by a line break, a truncation or a joiner.
The charts cut labels with it (truncate), the command line lines up tables with it (display_width)
and the PDF documents hold the letters of a word together with it (clusters).

Pure Python: no Django, no app. The clusters come from PyThaiNLP's Thai Character Clusters (TCC).
"""

import unicodedata

# Categories that take no column of their own: Thai vowel and tone marks above and below the letter
# (Mn), enclosing marks (Me) and invisible format characters such as the joiners (Cf).
_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})
# Thai and Lao SARA AM are spacing letters (category Lo) but belong to the consonant before them
# (a SpacingMark in Unicode's grapheme rules): "ดำ" must not be cut between ด and ำ.
_ATTACH_TO_PREVIOUS = frozenset("\u0e33\u0eb3")
# Thai and Lao vowels written before their consonant (เ แ โ ใ ไ): cutting after one would leave
# a vowel with no consonant, so they go with the piece that follows.
_ATTACH_TO_NEXT = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")


def clusters(text: str) -> list[str]:
    """`text` in the pieces that must stay together: PyThaiNLP's Thai Character Clusters, mended.

    A TCC is a letter with its marks, often with the letters a syllable cannot be read without
    ("ที่สำเร็จ" → ["ที่", "สำ", "เร็จ"], "จันทร์" → ["จั", "นทร์"]), so it is never wrong to keep
    one whole; a line may break, or a label be cut, only between two. Two mends make that hold for
    any text: a piece that begins with a mark, a joiner or SARA AM joins the piece before it
    (PyThaiNLP 5.4 gives "เสื้อ" as ["เสื", "้", "อ"], and knows nothing of marks after Latin or
    Lao letters), and a piece that ends with a leading vowel (เ แ โ ใ ไ) joins the one after it.

    The pieces stay valid where the PDF documents put a WORD JOINER between them: no joiner lands
    between a letter and a mark or SARA AM, so shaping (mark positioning) is untouched, which the
    text-layer tests of the PDF documents measure.
    """
    # PyThaiNLP takes about 0.15 s to import: only the callers that cut text into clusters pay it.
    from pythainlp.tokenize.tcc import tcc

    pieces: list[str] = []
    for piece in tcc(text):
        if pieces and (_attaches_to_previous(piece[0]) or pieces[-1][-1] in _ATTACH_TO_NEXT):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _attaches_to_previous(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf") or char in _ATTACH_TO_PREVIOUS


def display_width(text: str) -> int:
    """The columns a terminal or an SVG label gives `text`: marks 0, wide (CJK) characters 2,
    others 1 ("ที่" 1, "กำ" 2, "日本" 4)."""
    width = 0
    for char in text:
        if unicodedata.category(char) in _ZERO_WIDTH or unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def truncate(text: str, columns: int, ellipsis: str = "…") -> str:
    """`text` cut to `columns` display columns, `ellipsis` included, never splitting a cluster.

    Text that fits is returned as it is; otherwise the whole clusters that fit before the
    ellipsis, without trailing spaces, then the ellipsis.
    """
    if display_width(text) <= columns:
        return text
    room = columns - display_width(ellipsis)
    kept: list[str] = []
    used = 0
    for piece in clusters(text):
        width = display_width(piece)
        if used + width > room:
            break
        kept.append(piece)
        used += width
    return "".join(kept).rstrip() + ellipsis
