"""Closed rounds stay closed: amendments change the indicators from the first open round on only.

On the demo, กรมส่งเสริมการเกษตร's 6-month round is verified and closed at 3.4350 (final).
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from khamrap.agreements import services as agreements
from khamrap.agreements.models import Agreement, Indicator, IndicatorChange
from khamrap.reporting.models import Change, Result
from khamrap.reporting.selectors import round_view


def coordinator():
    return get_user_model().objects.get(username="coordinator")


def resave(agreement, indicator, **fields):
    """indicator_save keeping the indicator's steps, people and issues."""
    from khamrap.agreements.services import StepData

    return agreements.indicator_save(
        agreement=agreement,
        user=coordinator(),
        fields=fields,
        indicator=indicator,
        steps=[StepData(s.description, s.evidence) for s in indicator.steps.all()],
        supervisors=list(indicator.supervisors.all()),
        collectors=list(indicator.collectors.all()),
        issues=list(indicator.issues.all()),
    )


def test_an_amendment_never_moves_a_closed_round_nor_erases_its_results(doae, client):
    six = doae.fiscal_year.rounds.get(months=6)
    assert round_view(doae, six).card.total_final == Decimal("3.4350")
    one = doae.indicators.get(number="1")
    kept_results = Result.objects.filter(indicator=one).count()
    kept_history = Change.objects.filter(result__indicator=one).count()
    assert kept_results and kept_history

    amendment = agreements.amendment_open(agreement=doae, user=coordinator(), reason="ปรับตัวชี้วัด")
    # Indicator 1 is dropped and replaced; weights move between 3 and 4; a target changes.
    agreements.indicator_delete(indicator=one, user=coordinator())
    agreements.indicator_save(
        agreement=doae,
        user=coordinator(),
        fields={
            "number": "1.N",
            "name": "ตัวชี้วัดใหม่",
            "group": one.group,
            "weight": one.weight,
            "kind": "numeric",
            "target_1": Decimal(1),
            "target_2": Decimal(2),
            "target_3": Decimal(3),
            "target_4": Decimal(4),
            "target_5": Decimal(5),
        },
        supervisors=list(one.supervisors.all()),
        collectors=list(one.collectors.all()),
        issues=list(one.issues.all()),
    )
    three, four = doae.indicators.get(number="3"), doae.indicators.get(number="4")
    resave(doae, three, weight=three.weight + 5, target_5=three.target_5 + 1)
    resave(doae, four, weight=four.weight - 5)
    agreements.amendment_close(amendment=amendment, user=coordinator())

    # The closed round: same total, indicator 1 still in it, its results and history kept.
    view = round_view(doae, six)
    assert view.card.total_final == Decimal("3.4350")
    assert view.card.is_final
    assert "1" in [row.indicator.number for row in view.rows]
    assert "1.N" not in [row.indicator.number for row in view.rows]
    weights = {row.indicator.number: row.indicator.weight for row in view.card.rows}
    assert (weights["3"], weights["4"]) == (three.weight, four.weight)  # as they were then
    assert Result.objects.filter(indicator=one).count() == kept_results
    assert Change.objects.filter(result__indicator=one).count() == kept_history
    one.refresh_from_db()
    assert one.retired_from == doae.fiscal_year.rounds.get(months=9)

    # From the next round on: indicator 1 is gone, the new one and the new weights count.
    nine = round_view(doae, doae.fiscal_year.rounds.get(months=9))
    numbers = [row.indicator.number for row in nine.card.rows]
    assert "1" not in numbers and "1.N" in numbers

    # Every change to the definition is in the history, tied to the amendment.
    changes = IndicatorChange.objects.filter(agreement=doae, amendment=amendment)
    assert {(c.number, c.field) for c in changes} >= {
        ("1", "name"),  # retired: the definition ends
        ("1.N", "name"),
        ("3", "weight"),
        ("3", "target_5"),
        ("4", "weight"),
    }

    client.force_login(coordinator())
    page = client.get(reverse("reporting:round_detail", args=[doae.pk, six.pk])).content.decode()
    assert "3.4350" in page


def test_a_draft_keeps_a_history_of_its_weights_and_targets(world, agreement):
    indicator = agreement.indicators.get(number="1")
    agreements.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={"weight": indicator.weight + 1, "target_5": Decimal(101)},
        indicator=indicator,
        supervisors=list(indicator.supervisors.all()),
        collectors=list(indicator.collectors.all()),
    )
    changes = {(c.field, c.old, c.new) for c in IndicatorChange.objects.filter(indicator=indicator)}
    assert ("target_5", "100.0000", "101") in changes or ("target_5", "100", "101") in changes
    assert any(field == "weight" for field, _old, _new in changes)


def test_a_retired_indicator_takes_no_new_result(doae):
    amendment = agreements.amendment_open(agreement=doae, user=coordinator(), reason="ทดลอง")
    one = doae.indicators.get(number="1")
    agreements.indicator_delete(indicator=one, user=coordinator())
    assert Indicator.objects.filter(pk=one.pk).exists()
    from django.core.exceptions import ValidationError

    from khamrap.reporting.services import result_save

    with pytest.raises(ValidationError):
        result_save(
            indicator=one,
            reporting_round=doae.fiscal_year.rounds.get(months=9),
            user=coordinator(),
            value=Decimal(1),
        )
    assert amendment.closed_at is None


def test_an_import_row_of_a_retired_indicator_is_refused_in_thai(doae):
    from khamrap.documents.excel.exports import round_results_xlsx
    from khamrap.documents.excel.import_results import results_import
    from khamrap.documents.excel.problems import ExcelImportError
    from khamrap.documents.tests.excel.workbooks import edited, messages_of, set_cell, upload

    fill_indicator_1 = set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 85)

    nine = doae.fiscal_year.rounds.get(months=9)
    made_before = round_results_xlsx(doae, nine, template=True)
    agreements.amendment_open(agreement=doae, user=coordinator(), reason="ปรับตัวชี้วัด")
    agreements.indicator_delete(indicator=doae.indicators.get(number="1"), user=coordinator())
    with pytest.raises(ExcelImportError) as refused:
        results_import(
            agreement=doae,
            reporting_round=nine,
            user=coordinator(),
            upload=upload(edited(made_before, fill_indicator_1)),
        )
    assert any("ไม่มีตัวชี้วัด 1" in message for message in messages_of(refused.value))
    assert not Result.objects.filter(indicator__number="1", reporting_round=nine).exists()


def test_the_indicator_page_keeps_a_closed_rounds_self_score_through_an_amendment(doae, client):
    six = doae.fiscal_year.rounds.get(months=6)
    three = doae.indicators.get(number="3")
    before = Result.objects.get(indicator=three, reporting_round=six).self_score
    amendment = agreements.amendment_open(agreement=doae, user=coordinator(), reason="ปรับเป้า")
    resave(doae, three, target_4=three.target_4 + 2)  # 90 → 92: would move 3.6000
    agreements.amendment_close(amendment=amendment, user=coordinator())
    client.force_login(coordinator())
    page = client.get(reverse("agreements:indicator_detail", args=[doae.pk, three.pk]))
    rows = {row.reporting_round.months: row for row in page.context["round_results"]}
    assert rows[6].self_score == before


def test_a_retired_indicator_is_not_left_to_verify(doae):
    from khamrap.dashboards.selectors import workbench

    evaluator = get_user_model().objects.get(username="evaluator")
    prov = Agreement.objects.get(organization__code="PROV-57")
    waiting = {row.agreement.pk: row.to_verify for row in workbench(evaluator)}[prov.pk]
    amendment = agreements.amendment_open(
        agreement=prov, user=get_user_model().objects.get(username="coordinator.cri"), reason="x"
    )
    first = prov.indicators.filter(parent__isnull=True).order_by("order").first()
    agreements.indicator_delete(
        indicator=first, user=get_user_model().objects.get(username="coordinator.cri")
    )
    assert amendment.closed_at is None
    rows = {row.agreement.pk: row for row in workbench(evaluator)}
    assert rows[prov.pk].to_verify == waiting - 1
