"""The official Thai style in WordprocessingML: Sarabun 16 pt on every run, lines far enough apart for
Thai marks, and the page number's format, written where python-docx's API does not reach.

Word draws Thai letters with the complex-script font and size (w:cs, w:szCs), which python-docx's
`font.name` and `font.size` do not set (they write w:ascii/w:hAnsi and w:sz only), so every run and
the Normal style get them here by hand (`thai_run_properties`).

Line spacing: Sarabun's stacked marks reach 1.25 em above the baseline (นี้, ฟื้น) and its lower
vowels 0.33 em below it (ปู่, ญู), measured with hb-shape, so the marks of two lines meet when the
lines are closer than 1.58 em. "Single" spacing is 1.3 em in LibreOffice (the font's typographic
metrics) and 1.85 em in Word (its Windows metrics); an at-least spacing of 1.6 em (LINE_HEIGHT) keeps
the marks apart in LibreOffice and leaves Word's looser lines as they are.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

FONT = "Sarabun"
SIZE_HALF_POINTS = 32  # 16 pt, the size of Thai official documents
LINE_HEIGHT = Pt(SIZE_HALF_POINTS / 2 * 1.6)  # at least 1.6 em: see the module's docstring
BIDI_LANGUAGE = "th-TH"

# The order of w:rPr's children in the schema (CT_RPr); Word rejects a file whose order differs.
RUN_PROPERTY_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)
# CT_SectPr's children after pgNumType, in the schema's order.
_AFTER_PAGE_NUMBER_TYPE = (
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def page_number_format(section, number_format: str) -> None:
    """The section's page numbers in `number_format` (w:pgNumType, e.g. thaiNumbers)."""
    sect_pr = section._sectPr
    element = sect_pr.find(qn("w:pgNumType"))
    if element is None:
        element = OxmlElement("w:pgNumType")
        later = [sect_pr.find(qn(f"w:{name}")) for name in _AFTER_PAGE_NUMBER_TYPE]
        anchor = next((e for e in later if e is not None), None)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            sect_pr.append(element)
    element.set(qn("w:fmt"), number_format)


def thai_run_properties(rpr, *, bold: bool = False) -> None:
    """Sarabun 16 pt for Latin and Thai (complex script) text, Thai as the bidi language."""
    fonts = _child(rpr, "rFonts")
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the names below
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    if bold:
        _child(rpr, "b")
        _child(rpr, "bCs")
    for size in ("sz", "szCs"):
        _child(rpr, size).set(qn("w:val"), str(SIZE_HALF_POINTS))
    _child(rpr, "lang").set(qn("w:bidi"), BIDI_LANGUAGE)


def _child(rpr, name: str):
    """rPr's child `name`, created in the schema's order when missing."""
    existing = rpr.find(qn(f"w:{name}"))
    if existing is not None:
        return existing
    element = OxmlElement(f"w:{name}")
    later = set(RUN_PROPERTY_ORDER[RUN_PROPERTY_ORDER.index(name) + 1 :])
    for sibling in rpr:
        if sibling.tag.split("}")[-1] in later:
            sibling.addprevious(element)
            return element
    rpr.append(element)
    return element
