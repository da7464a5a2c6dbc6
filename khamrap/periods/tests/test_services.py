import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from khamrap.periods.models import FiscalYear, ReportingRound, RoundStatus
from khamrap.periods.services import (
    fiscal_year_create,
    fiscal_year_ensure,
    reporting_round_add,
    reporting_round_update,
)


def test_it_creates_fiscal_year_2569_with_its_three_default_rounds(db):
    fiscal_year = fiscal_year_create(year=2569)
    assert (fiscal_year.starts_on, fiscal_year.ends_on) == (
        dt.date(2025, 10, 1),
        dt.date(2026, 9, 30),
    )
    rounds = [(r.months, r.cutoff_date, r.deadline) for r in fiscal_year.rounds.order_by("months")]
    assert rounds == [
        (6, dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (9, dt.date(2026, 6, 30), dt.date(2026, 7, 31)),
        (12, dt.date(2026, 9, 30), dt.date(2026, 10, 31)),
    ]


def test_it_creates_only_the_rounds_asked_for(db):
    fiscal_year = fiscal_year_create(year=2570, round_months=[12, 6])
    assert list(fiscal_year.rounds.values_list("months", flat=True)) == [6, 12]


def test_it_refuses_a_year_that_exists_and_changes_nothing(db):
    fiscal_year_create(year=2569)
    with pytest.raises(ValidationError) as error:
        fiscal_year_create(year=2569, round_months=[3])
    assert error.value.error_dict["year"][0].code == "unique"
    assert ReportingRound.objects.count() == 3


@pytest.mark.parametrize("year", [2026, 3000])
def test_it_refuses_a_year_that_is_not_buddhist_era_and_writes_nothing(db, year):
    with pytest.raises(ValidationError):
        fiscal_year_create(year=year)
    assert not FiscalYear.objects.exists()


def test_it_refuses_no_round_or_a_round_longer_than_a_year(db):
    with pytest.raises(ValidationError) as error:
        fiscal_year_create(year=2569, round_months=[])
    assert error.value.error_dict["round_months"][0].code == "required"
    with pytest.raises(ValidationError) as error:
        fiscal_year_create(year=2569, round_months=[6, 13])
    assert error.value.error_dict["round_months"][0].code == "range"
    assert not FiscalYear.objects.exists()


def test_ensuring_a_year_twice_creates_it_once(db):
    assert fiscal_year_ensure(year=2569)[1] is True
    assert fiscal_year_ensure(year=2569)[1] is False
    assert FiscalYear.objects.count() == 1


def test_it_moves_a_rounds_dates(db):
    six = fiscal_year_create(year=2569).rounds.get(months=6)
    reporting_round_update(
        reporting_round=six, cutoff_date=dt.date(2026, 3, 31), deadline=dt.date(2026, 4, 10)
    )
    six.refresh_from_db()
    assert six.deadline == dt.date(2026, 4, 10)


def test_it_refuses_a_deadline_before_the_cutoff_and_keeps_the_old_dates(db):
    six = fiscal_year_create(year=2569).rounds.get(months=6)
    with pytest.raises(ValidationError) as error:
        reporting_round_update(
            reporting_round=six, cutoff_date=dt.date(2026, 3, 31), deadline=dt.date(2026, 3, 1)
        )
    assert "กำหนดส่งรายงานต้องไม่ก่อนวันที่ตัดยอดข้อมูล" in str(error.value)
    six.refresh_from_db()
    assert six.deadline == dt.date(2026, 4, 30)


def test_it_refuses_a_cutoff_outside_the_fiscal_year(db):
    six = fiscal_year_create(year=2569).rounds.get(months=6)
    with pytest.raises(ValidationError) as error:
        reporting_round_update(
            reporting_round=six, cutoff_date=dt.date(2026, 12, 31), deadline=dt.date(2027, 1, 31)
        )
    assert error.value.message_dict["cutoff_date"] == ["วันที่ตัดยอดข้อมูลต้องอยู่ในปีงบประมาณ"]


def test_it_adds_a_three_month_round_once(db):
    fiscal_year = fiscal_year_create(year=2569)
    three = reporting_round_add(fiscal_year=fiscal_year, months=3)
    assert three.cutoff_date == dt.date(2025, 12, 31)
    with pytest.raises(ValidationError):
        reporting_round_add(fiscal_year=fiscal_year, months=3)


def test_a_round_is_in_progress_then_reporting_then_closed(db):
    six = fiscal_year_create(year=2569).rounds.get(months=6)
    assert six.status_on(dt.date(2026, 3, 31)) == RoundStatus.IN_PROGRESS
    assert six.status_on(dt.date(2026, 4, 1)) == RoundStatus.REPORTING
    assert six.status_on(dt.date(2026, 4, 30)) == RoundStatus.REPORTING
    assert six.status_on(dt.date(2026, 5, 1)) == RoundStatus.CLOSED
