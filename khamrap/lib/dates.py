"""Dates in the reader's language, for the pages, the messages of services and the histories:
Thai month names in Thai, English ones in English, the year in the Buddhist Era in both
(15 พฤศจิกายน 2568 / 15 November 2568 BE). The calendar itself is rules.thai (pure)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from khamrap.rules import thai


def reader_is_english() -> bool:
    """Whether the text is being written for a reader of English (Thai digits never shown then)."""
    return (translation.get_language() or "th").startswith("en")


def reader_date(value, style: str = "") -> str:
    """31 มีนาคม 2569; style "short" → 31 มี.ค. 2569; "digits" → ๓๑ มีนาคม ๒๕๖๙ (Thai only)."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    options = set(style.split(","))
    if reader_is_english():
        return thai.format_date_english(value, short="short" in options)
    return thai.format_date(value, short="short" in options, digits="digits" in options)


def reader_datetime(value, style: str = "") -> str:
    """31 มีนาคม 2569 เวลา 14:05 น., in Bangkok time."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    options = set(style.split(","))
    if reader_is_english():
        return thai.format_datetime_english(value, short="short" in options)
    return thai.format_datetime(value, short="short" in options, digits="digits" in options)
