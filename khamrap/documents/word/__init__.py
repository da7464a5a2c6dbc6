"""The performance agreement as a Word file (.docx), for offices that edit it before signing.

- `styles`: the official Thai style in WordprocessingML: Sarabun 16 pt on every run, Thai as the
  bidi language, lines far enough apart for Thai marks (`LINE_HEIGHT`), the page number's format.
- `tables`: table XML python-docx does not write: cell widths, shading, margins, header rows.
- `agreement`: the document itself (`render_agreement_docx`): the promise and signatures on a
  portrait page, then the indicator table on landscape pages, and the file's properties.
"""

from .agreement import plain_number, render_agreement_docx
from .styles import LINE_HEIGHT, RUN_PROPERTY_ORDER

__all__ = ["LINE_HEIGHT", "RUN_PROPERTY_ORDER", "plain_number", "render_agreement_docx"]
