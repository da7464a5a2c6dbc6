"""PDF documents in the official Thai style, typeset with typst (why typst: docs/pdf-documents.md).

Six documents, each gathered through the same selectors as the page that shows its data, so a
PDF never says something the pages do not: the indicator sheet and the performance agreement
(agreement_documents.py), an organization's self-assessment report and the executive summary of
a round (round_documents.py), a PMQA year's self-assessment report and improvement plan
(pmqa_documents.py).

Official style: A4, Sarabun 16 pt, margins 2.8/2.2 cm (left 3 cm, right 2 cm), the organization
and the fiscal year in the header, "หน้า 1 จาก 3" in the footer, Buddhist Era dates with Thai month
names (rules.thai.format_date, formatting.py), Thai digits throughout when the office chooses them
(`thai_digits=True`). Lines break between Thai words, never inside one (typesetting.prepare_text),
and the invisible characters that takes are left out of the text layer again
(text_layer.drop_joiners), so copy, search and screen readers get exactly the text that was
typeset.
"""

from .agreement_documents import render_agreement, render_indicator_sheet
from .pmqa_documents import render_pmqa_assessment, render_pmqa_plan
from .round_documents import render_sar, render_summary
from .text_layer import WJ, ZWJ, ZWSP, drop_joiners, join_stacked_marks
from .typesetting import FONT_DIR, prepare_text, typesetter

__all__ = [
    "FONT_DIR",
    "WJ",
    "ZWJ",
    "ZWSP",
    "drop_joiners",
    "join_stacked_marks",
    "prepare_text",
    "render_agreement",
    "render_indicator_sheet",
    "render_pmqa_assessment",
    "render_pmqa_plan",
    "render_sar",
    "render_summary",
    "typesetter",
]
