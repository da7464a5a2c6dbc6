"""Template filters for the Thai calendar, Thai digits and the reader's language; loaded in every
template.

Dates follow the reader's language: Thai month names in Thai, English ones in English, the year in
the Buddhist Era in both (15 พฤศจิกายน 2568 / 15 November 2568 BE).
"""

import datetime as dt

from django import template
from django.utils import timezone, translation

from khamrap.lib.dates import reader_date, reader_datetime
from khamrap.rules import thai

register = template.Library()


@register.filter
def thaidate(value, style: str = ""):
    """31 มีนาคม 2569; `|thaidate:"short"` → 31 มี.ค. 2569; `"digits"` → ๓๑ มีนาคม ๒๕๖๙."""
    return reader_date(value, style)


@register.filter
def thaidatetime(value, style: str = ""):
    """31 มีนาคม 2569 เวลา 14:05 น., in Bangkok time."""
    return reader_datetime(value, style)


def _english() -> bool:
    """Whether the page is being read in English (Thai digits are never shown then)."""
    return (translation.get_language() or "th").startswith("en")


@register.filter
def in_reader_language(problem):
    """A rule's message (an agreement check's Problem) in the reader's language: the pure rules
    give each message in Thai and in English and cannot know which one the page wants."""
    return problem.text(translation.get_language())


@register.filter
def thaidigits(value):
    """Arabic digits as Thai digits: 2569 → ๒๕๖๙."""
    if value in (None, ""):
        return ""
    return thai.thai_digits(value)


@register.filter
def fiscalyear(value):
    """The BE fiscal year that a date falls in."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return thai.fiscal_year_of(value)
