"""Every refusal of the round services carries a code, field errors included, so a caller (a page,
an import, the API) tells refusals apart without reading their Thai text."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from khamrap.reporting import services


def field_codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_a_return_without_a_comment_is_refused_at_the_comment_field(world, draft):
    submitted = services.result_submit(result=draft, user=world.collector)
    with pytest.raises(ValidationError) as error:
        services.result_return(result=submitted, user=world.executive, comment="  ")
    assert field_codes(error.value) == {"comment": ["required"]}


def test_a_reopening_without_a_reason_is_refused_at_the_reason_field(world, draft):
    submitted = services.result_submit(result=draft, user=world.collector)
    with pytest.raises(ValidationError) as error:
        services.result_reopen(result=submitted, user=world.coordinator, reason="")
    assert field_codes(error.value) == {"reason": ["required"]}


def test_a_step_number_out_of_range_is_refused_at_the_steps_field(world, agreement, six):
    milestone = agreement.indicators.get(number="16")
    with pytest.raises(ValidationError) as error:
        services.result_save(
            indicator=milestone, reporting_round=six, user=world.collector, steps_done=[9]
        )
    assert field_codes(error.value) == {"steps_done": ["step_number"]}


def test_a_score_under_3_without_an_explanation_is_refused_at_the_explanation(
    world, agreement, six
):
    indicator = agreement.indicators.get(number="1")
    low = services.result_save(
        indicator=indicator, reporting_round=six, user=world.collector, value=Decimal(10)
    )
    with pytest.raises(ValidationError) as error:
        services.result_submit(result=low, user=world.collector)
    assert field_codes(error.value) == {"explanation": ["explanation"]}


def test_a_stale_save_says_so_by_its_code(world, draft):
    with pytest.raises(ValidationError) as error:
        services.result_save(
            indicator=draft.indicator,
            reporting_round=draft.reporting_round,
            user=world.collector,
            version=draft.version - 1,
            value=Decimal(93),
        )
    assert error.value.code == "stale"
