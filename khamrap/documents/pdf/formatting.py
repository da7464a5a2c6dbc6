"""How the PDF documents write numbers, dates and text fields, as the pages write them, and the
header every document carries.

Digits stay Arabic here: typesetting.render_document turns them into Thai digits, with everything
else, when the office chooses them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from khamrap.rules import counting, thai

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


def document_meta(organization_name: str, fiscal_year: int, title: str, thai_digits: bool) -> dict:
    """The header and footer of every page (the organization, the fiscal year), the PDF's title and
    author, and whether digits are Thai."""
    return {
        "organization": organization_name,
        "fiscal_year": f"ปีงบประมาณ พ.ศ. {fiscal_year}",
        "thai_digits": bool(thai_digits),
        "pdf_title": title,
        "pdf_author": organization_name,
    }
