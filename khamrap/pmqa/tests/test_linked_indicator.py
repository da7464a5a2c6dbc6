"""Seed 000's PMQA indicator follows the PMQA year: its five steps need no retyping."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from khamrap.agreements import services as agreements
from khamrap.agreements.tests.builders import FIVE_STEPS, group
from khamrap.pmqa import services
from khamrap.pmqa.choices import YearMove
from khamrap.pmqa.services.indicator import reporting_round
from khamrap.reporting import services as reporting
from khamrap.reporting.models import Result

from .conftest import answer_profile, assess_all, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def pmqa_indicator(signed):
    return signed.indicators.get(number="16")


def stored(indicator, reporting_round):
    return Result.objects.filter(indicator=indicator, reporting_round=reporting_round).first()


def test_each_pmqa_step_moves_the_indicator(year, world, head, pmqa_indicator, six):
    services.indicator_link(year=year, indicator=pmqa_indicator, user=world.coordinator)
    assert stored(pmqa_indicator, six).steps_done == []
    services.activity_record(
        year=year,
        user=world.coordinator,
        activity="briefing",
        held_on=dt.date(2025, 11, 20),
        attendees=45,
    )
    result = stored(pmqa_indicator, six)
    assert result.steps_done == [1] and result.step_dates == {"1": "2025-11-20"}
    assert result.self_score == Decimal(1)
    assert "45" in result.performance and "2568" in result.performance  # 20 Nov 2025 in B.E.

    plan(year, world.coordinator)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    # The head approves the plan but may not record results: the step is recorded on behalf of
    # the coordinator who linked the indicator, and the history says who.
    services.year_move(year=year, move=YearMove.APPROVE, user=head)
    year.refresh_from_db()
    result = stored(pmqa_indicator, six)
    assert result.steps_done == [1, 2]
    assert result.changes.order_by("-pk").first().actor == world.coordinator
    assert services.indicator_sync(year=year, user=head).in_step

    services.activity_record(
        year=year,
        user=world.coordinator,
        activity="training",
        held_on=dt.date(2026, 1, 14),
        attendees=30,
    )
    answer_profile(year, world.coordinator)
    assert stored(pmqa_indicator, six).steps_done == [1, 2, 3, 4]
    assess_all(year, world.coordinator)
    services.year_move(year=year, move=YearMove.COMPLETE, user=world.coordinator)
    result = stored(pmqa_indicator, six)
    assert result.steps_done == [1, 2, 3, 4, 5] and result.self_score == Decimal(5)
    assert set(result.step_dates) == {"1", "2", "3", "4", "5"}

    services.year_move(year=year, move=YearMove.REOPEN, user=world.coordinator)
    assert stored(pmqa_indicator, six).steps_done == [1, 2, 3, 4]


def test_a_submitted_round_is_left_alone_and_the_next_round_follows(
    year, world, pmqa_indicator, six, fiscal_year
):
    services.indicator_link(year=year, indicator=pmqa_indicator, user=world.coordinator)
    services.activity_record(
        year=year,
        user=world.coordinator,
        activity="briefing",
        held_on=dt.date(2025, 11, 20),
        attendees=45,
    )
    # The 6-month round's results are approved and its report sent to the evaluator.
    agreement = pmqa_indicator.agreement
    for indicator in agreement.indicators.all():
        if indicator.pk != pmqa_indicator.pk:
            reporting.result_save(
                indicator=indicator,
                reporting_round=six,
                user=world.coordinator,
                value=Decimal(90) if indicator.kind == "numeric" else None,
                passed=True if indicator.kind == "pass_fail" else None,
            )
    pmqa_result = stored(pmqa_indicator, six)
    reporting.result_save(
        indicator=pmqa_indicator,
        reporting_round=six,
        user=world.coordinator,
        version=pmqa_result.version,
        steps_done=pmqa_result.steps_done,
        step_dates=pmqa_result.step_dates,
        explanation="อยู่ระหว่างดำเนินการตามแผน PMQA",
    )
    for result in Result.objects.filter(reporting_round=six):
        reporting.result_submit(result=result, user=world.collector)
        reporting.result_approve(result=Result.objects.get(pk=result.pk), user=world.executive)
    reporting.report_submit(agreement=agreement, reporting_round=six, user=world.coordinator)
    nine = fiscal_year.rounds.get(months=9)
    year.refresh_from_db()
    assert reporting_round(year) == nine

    services.activity_record(
        year=year,
        user=world.coordinator,
        activity="briefing",
        held_on=dt.date(2025, 11, 21),
        attendees=50,
    )
    assert stored(pmqa_indicator, six).step_dates == {"1": "2025-11-20"}  # sent: unchanged
    assert stored(pmqa_indicator, nine).step_dates == {"1": "2025-11-21"}


def test_only_a_five_step_milestone_indicator_of_the_same_agreement_links(
    year, world, signed, fiscal_year
):
    numeric = signed.indicators.get(number="1")
    with pytest.raises(ValidationError) as refused:
        services.indicator_link(year=year, indicator=numeric, user=world.coordinator)
    assert refused.value.error_list[0].code == "kind"
    other = agreements.agreement_create(
        organization=world.dept2, fiscal_year=fiscal_year, user=world.superuser
    )
    foreign = agreements.indicator_save(
        agreement=other,
        user=world.superuser,
        fields={
            "group": group("4"),
            "number": "16",
            "name": "ระดับความสำเร็จของการพัฒนาคุณภาพการบริหารจัดการภาครัฐ",
            "weight": Decimal(100),
            "kind": "milestone",
        },
        steps=FIVE_STEPS,
    )
    with pytest.raises(ValidationError) as refused:
        services.indicator_link(year=year, indicator=foreign, user=world.coordinator)
    assert refused.value.error_list[0].code == "indicator"
    year.refresh_from_db()
    assert year.indicator is None
