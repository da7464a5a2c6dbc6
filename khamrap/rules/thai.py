"""The Thai calendar: Buddhist Era years, fiscal years, reporting-round dates, Thai dates and digits.

Pure functions over values (no Django, no database). The Thai fiscal year runs from 1 October to
30 September and is named by the Buddhist Era year in which it ends: ปีงบประมาณ พ.ศ. 2569 is
1 October 2025 – 30 September 2026.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime

BE_OFFSET = 543
FISCAL_YEAR_FIRST_MONTH = 10
DEFAULT_ROUND_MONTHS = (6, 9, 12)

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

# English month names for dates shown in English: the year stays Buddhist Era, marked "BE", because
# the fiscal years, rounds and documents a reader compares them with are all named in BE years.
# (Written out: calendar.month_name follows the process's locale.)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ENGLISH_MONTHS_ABBR = tuple(name[:3] for name in ENGLISH_MONTHS)

# Years from here on are taken as Buddhist Era when a person types a date; below it, as CE.
_BE_THRESHOLD = 2400


def be_year(ce_year: int) -> int:
    """The Buddhist Era year of a Common Era year (2026 → 2569)."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """The Common Era year of a Buddhist Era year (2569 → 2026)."""
    return be - BE_OFFSET


def fiscal_year_of(day: dt.date) -> int:
    """The BE fiscal year that a date falls in (1 Oct 2025 and 30 Sep 2026 → 2569)."""
    ce = day.year + 1 if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year
    return be_year(ce)


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a BE fiscal year (2569 → 2025-10-01, 2026-09-30)."""
    ends = ce_year(fiscal_year)
    return dt.date(ends - 1, FISCAL_YEAR_FIRST_MONTH, 1), dt.date(ends, 9, 30)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def end_of_month(day: dt.date) -> dt.date:
    """The last day of the month of `day`."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class RoundDates:
    """The default dates of one reporting round: results up to `cutoff`, due by `deadline`."""

    months: int
    cutoff: dt.date
    deadline: dt.date


def round_dates(fiscal_year: int, months: int) -> RoundDates:
    """Default dates of the `months`-month round of a fiscal year.

    The cut-off is the last day of the round's last month (6 months of 2569 → 31 March 2569) and the
    results are due by the end of the following month (seed 003: the 6-month report in April, the
    12-month report in October). Both are editable per year.
    """
    if not 1 <= months <= 12:
        raise ValueError("a reporting round covers 1 to 12 months")
    start, _end = fiscal_year_bounds(fiscal_year)
    cutoff = add_months(start, months) - dt.timedelta(days=1)
    deadline = end_of_month(add_months(cutoff.replace(day=1), 1))
    return RoundDates(months=months, cutoff=cutoff, deadline=deadline)


def thai_digits(text: object) -> str:
    """Arabic digits as Thai digits (2569 → ๒๕๖๙); other characters unchanged."""
    return arabic_digit_to_thai_digit(str(text))


def format_date(day: dt.date, *, short: bool = False, digits: bool = False) -> str:
    """A date the Thai way: 31 มีนาคม 2569, or 31 มี.ค. 2569 when short; ๓๑ มีนาคม ๒๕๖๙ with digits."""
    return thai_strftime(day, "%-d %b %Y" if short else "%-d %B %Y", thaidigit=digits)


def format_datetime(moment: dt.datetime, *, short: bool = False, digits: bool = False) -> str:
    """A date and time the Thai way: 31 มีนาคม 2569 เวลา 14:05 น."""
    text = f"{format_date(moment.date(), short=short, digits=digits)} เวลา {moment:%H:%M} น."
    return thai_digits(text) if digits else text


def format_date_english(day: dt.date, *, short: bool = False) -> str:
    """A date for a reader of English, in the Buddhist Era: 31 March 2569 BE, or 31 Mar 2569 BE."""
    months = ENGLISH_MONTHS_ABBR if short else ENGLISH_MONTHS
    return f"{day.day} {months[day.month - 1]} {be_year(day.year)} BE"


def format_datetime_english(moment: dt.datetime, *, short: bool = False) -> str:
    """A date and time for a reader of English: 31 March 2569 BE, 14:05."""
    return f"{format_date_english(moment.date(), short=short)}, {moment:%H:%M}"


class ThaiDateError(ValueError):
    """A date that a person typed could not be read; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_MONTH_NAMES = {name: i for i, name in enumerate(THAI_MONTHS, start=1)}
_MONTH_NAMES.update({abbr.replace(".", ""): i for i, abbr in enumerate(THAI_MONTHS_ABBR, start=1)})
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s*([^\d\s]+)\s*(\d{4})$")


def parse_date(text: str) -> dt.date:
    """Read a date typed by a Thai user.

    Accepts day/month/year with `/`, `-` or `.` (31/3/2569), ISO (2026-03-31), and a Thai month name
    or abbreviation (31 มีนาคม 2569, 31 มี.ค. 2569); Thai or Arabic digits. A year of 2400 or more
    is Buddhist Era, a smaller one Common Era. Raises ThaiDateError with code "format", "year" or
    "invalid".
    """
    value = thai_digit_to_arabic_digit(text.strip())
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC.match(value):
        day, month, year = (int(g) for g in match.groups())
    elif match := _WORDS.match(value):
        day, year = int(match.group(1)), int(match.group(3))
        month_name = match.group(2).replace(".", "").replace(" ", "")
        if month_name not in _MONTH_NAMES:
            raise ThaiDateError("format")
        month = _MONTH_NAMES[month_name]
    else:
        raise ThaiDateError("format")
    if year >= _BE_THRESHOLD:
        year = ce_year(year)
    if not 1900 <= year <= 2200:
        raise ThaiDateError("year")
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise ThaiDateError("invalid") from error


def input_format(day: dt.date) -> str:
    """How a date is written back into a form field: 31/03/2569."""
    return f"{day.day:02d}/{day.month:02d}/{be_year(day.year)}"


class ThaiNumberError(ValueError):
    """A number that a person typed could not be read; `code` says why ("comma_decimal" for 3,2,
    which Thai writing never uses for a decimal point, or "format")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Thousands grouped by commas (1,234,567.5) or none at all (1234567.5); an optional sign.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(text: str) -> Decimal | None:
    """Read a number typed by a Thai user: Thai or Arabic digits, commas between thousands,
    spaces (also non-breaking) ignored; None for an empty text.

    A comma is a thousands separator in Thai: "1,234.5" is 1234.5, while "3,2" or "85,5" (a decimal
    comma, as in some European keyboards) is refused with code "comma_decimal" rather than read as
    32 or 855. Raises ThaiNumberError.
    """
    value = thai_digit_to_arabic_digit(str(text)).replace("\u00a0", "").replace(" ", "").strip()
    if not value:
        return None
    if _PLAIN.match(value):
        return Decimal(value)
    if _GROUPED.match(value):
        return Decimal(value.replace(",", ""))
    if re.match(r"^[+-]?\d+,\d+$", value):
        raise ThaiNumberError("comma_decimal")
    raise ThaiNumberError("format")
