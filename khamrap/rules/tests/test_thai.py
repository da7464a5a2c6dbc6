import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules import thai

dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))


def test_it_converts_between_buddhist_and_common_era():
    assert thai.be_year(2026) == 2569
    assert thai.ce_year(2569) == 2026


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2025, 9, 30), 2568),
        (dt.date(2025, 10, 1), 2569),
        (dt.date(2026, 3, 31), 2569),
        (dt.date(2026, 9, 30), 2569),
        (dt.date(2026, 10, 1), 2570),
        (dt.date(2026, 11, 22), 2570),
    ],
)
def test_it_names_the_fiscal_year_of_a_date(day, fiscal_year):
    assert thai.fiscal_year_of(day) == fiscal_year


def test_it_bounds_fiscal_year_2569_from_1_october_2025_to_30_september_2026():
    assert thai.fiscal_year_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))


@pytest.mark.parametrize(
    ("months", "cutoff", "deadline"),
    [
        (3, dt.date(2025, 12, 31), dt.date(2026, 1, 31)),
        (6, dt.date(2026, 3, 31), dt.date(2026, 4, 30)),  # seed 003: reported in April
        (9, dt.date(2026, 6, 30), dt.date(2026, 7, 31)),
        (12, dt.date(2026, 9, 30), dt.date(2026, 10, 31)),  # seed 003: reported in October
    ],
)
def test_it_gives_default_round_dates(months, cutoff, deadline):
    dates = thai.round_dates(2569, months)
    assert (dates.cutoff, dates.deadline) == (cutoff, deadline)


def test_it_refuses_a_round_longer_than_a_year():
    with pytest.raises(ValueError):
        thai.round_dates(2569, 13)


def test_it_clamps_added_months_to_the_end_of_the_month():
    assert thai.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert thai.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert thai.add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)


def test_it_formats_a_date_with_thai_month_names_and_the_buddhist_era():
    day = dt.date(2026, 3, 31)
    assert thai.format_date(day) == "31 มีนาคม 2569"
    assert thai.format_date(day, short=True) == "31 มี.ค. 2569"
    assert thai.format_date(day, digits=True) == "๓๑ มีนาคม ๒๕๖๙"
    assert thai.format_date(dt.date(2025, 10, 1)) == "1 ตุลาคม 2568"


def test_it_formats_a_time_the_thai_way():
    moment = dt.datetime(2026, 3, 31, 14, 5)
    assert thai.format_datetime(moment) == "31 มีนาคม 2569 เวลา 14:05 น."
    assert thai.format_datetime(moment, digits=True) == "๓๑ มีนาคม ๒๕๖๙ เวลา ๑๔:๐๕ น."


def test_it_formats_a_date_in_english_with_the_buddhist_era_year():
    assert thai.format_date_english(dt.date(2025, 11, 15)) == "15 November 2568 BE"
    assert thai.format_date_english(dt.date(2025, 11, 15), short=True) == "15 Nov 2568 BE"
    assert thai.format_date_english(dt.date(2026, 9, 30), short=True) == "30 Sep 2569 BE"
    moment = dt.datetime(2026, 3, 31, 14, 5)
    assert thai.format_datetime_english(moment) == "31 March 2569 BE, 14:05"
    assert thai.format_datetime_english(moment, short=True) == "31 Mar 2569 BE, 14:05"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_an_english_date_names_the_same_day_as_the_thai_one(day):
    # Same day number, same month (by position), same Buddhist Era year, only the words differ.
    english = thai.format_date_english(day).split()
    thai_words = thai.format_date(day).split()
    assert english[0] == thai_words[0]
    assert thai.ENGLISH_MONTHS.index(english[1]) == thai.THAI_MONTHS.index(thai_words[1])
    assert english[2] == thai_words[2] == str(day.year + 543)
    assert english[3] == "BE"


def test_it_writes_thai_digits():
    assert thai.thai_digits(2569) == "๒๕๖๙"
    assert thai.thai_digits("ตัวชี้วัดที่ 2.1") == "ตัวชี้วัดที่ ๒.๑"


@pytest.mark.parametrize(
    "text",
    [
        "31/03/2569",
        "31/3/2569",
        "31-3-2569",
        "31.03.2569",
        " 31 / 03 / 2569 ",
        "๓๑/๐๓/๒๕๖๙",
        "31 มีนาคม 2569",
        "31 มี.ค. 2569",
        "31มี.ค.2569",
        "2026-03-31",
        "31/03/2026",
    ],
)
def test_it_reads_dates_as_thai_users_type_them(text):
    assert thai.parse_date(text) == dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "format"),
        ("พรุ่งนี้", "format"),
        ("31 มีนา 2569", "format"),
        ("31/03/69", "format"),
        ("30/02/2569", "invalid"),
        ("31/13/2569", "invalid"),
        ("01/01/1800", "year"),
    ],
)
def test_it_says_why_a_date_cannot_be_read(text, code):
    with pytest.raises(thai.ThaiDateError) as error:
        thai.parse_date(text)
    assert error.value.code == code


@given(dates)
def test_a_date_always_falls_inside_its_fiscal_year(day):
    first, last = thai.fiscal_year_bounds(thai.fiscal_year_of(day))
    assert first <= day <= last


@given(dates)
def test_a_date_written_into_a_form_reads_back_the_same(day):
    assert thai.parse_date(thai.input_format(day)) == day


@given(st.integers(min_value=2500, max_value=2700), st.integers(min_value=1, max_value=12))
def test_round_dates_stay_in_order_within_the_fiscal_year(fiscal_year, months):
    first, last = thai.fiscal_year_bounds(fiscal_year)
    dates = thai.round_dates(fiscal_year, months)
    assert first <= dates.cutoff <= last
    assert dates.cutoff < dates.deadline
    assert thai.fiscal_year_of(dates.cutoff) == fiscal_year


@given(st.text(max_size=40))
def test_any_typed_text_reads_as_a_date_or_gives_a_reason(text):
    try:
        result = thai.parse_date(text)
    except thai.ThaiDateError as error:
        assert error.code in {"format", "year", "invalid"}
    else:
        assert isinstance(result, dt.date)
