"""Table XML that python-docx's API does not write: cell widths, shading, cell margins, and rows that
repeat as a header or never split across pages, each element in the schema's order."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu


def set_widths(row, widths) -> None:
    """Each cell's width (Word reads it, not the grid): merged cells span their columns' widths."""
    column = 0
    for tc in row._tr.tc_lst:
        span = tc.grid_span
        tc.width = Emu(sum(widths[column : column + span]))
        column += span


def shade_cell(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = tc_pr.find(qn("w:shd"))
    if shading is None:
        shading = OxmlElement("w:shd")
        # w:shd comes after the borders and before noWrap/tcMar/vAlign in CT_TcPr.
        following = [tc_pr.find(qn(f"w:{n}")) for n in ("noWrap", "tcMar", "textDirection")]
        following += [tc_pr.find(qn(f"w:{n}")) for n in ("tcFitText", "vAlign", "hideMark")]
        anchor = next((element for element in following if element is not None), None)
        if anchor is not None:
            anchor.addprevious(shading)
        else:
            tc_pr.append(shading)
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def cell_margins(table, sides, *, top, bottom) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    # CT_TblCellMar's order: top, left (start), bottom, right (end).
    for side, margin in (("top", top), ("left", sides), ("bottom", bottom), ("right", sides)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(margin.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    # tblCellMar follows tblLayout and precedes tblLook in CT_TblPr.
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def repeat_as_header(row) -> None:
    _row_flag(row, "tblHeader")


def cant_split(row) -> None:
    _row_flag(row, "cantSplit")


def _row_flag(row, name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(f"w:{name}")) is None:
        element = OxmlElement(f"w:{name}")
        # CT_TrPr's children form a choice in any order, but Word prefers cantSplit first.
        if name == "cantSplit":
            tr_pr.insert(0, element)
        else:
            tr_pr.append(element)
