"""The result page asks each question of the database once: who the person is to the indicator
(reporting.policy.Roles, shared by the rights, the review view and the evidence list), the steps
(prefetched), the report. Its cost does not grow with the agreement's indicators, the result's
history or its evidence."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khamrap.agreements.tests.builders import pass_fail_indicator
from khamrap.reporting import services

# Session, user, indicator, round, result, report, the visibility rule (coordinate, evaluate), who
# is named on the indicator, neighbours, awaiting approval, steps, evidence, history, memberships...
QUERIES = {"collector": 18, "executive": 18, "coordinator": 17}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", sorted(QUERIES))
def test_the_result_page_runs_a_fixed_number_of_queries(client, world, agreement, six, who):
    indicator = agreement.indicators.get(number="1")
    services.result_save(
        indicator=indicator, reporting_round=six, user=world.collector, value=Decimal(92)
    )
    client.force_login(getattr(world, who))
    url = reverse("reporting:result_edit", args=[indicator.pk, six.pk])
    before = _count(client, url)
    for n in range(4):
        pass_fail_indicator(agreement, world, n)
        services.result_save(
            indicator=indicator,
            reporting_round=six,
            user=world.collector,
            value=Decimal(90 + n),
        )
    assert _count(client, url) == before == QUERIES[who]


def test_the_evaluator_opens_a_result_page_before_any_report_is_begun(
    client, world, agreement, six, evaluator
):
    """No result and no report of the round yet: the page answers, offering nothing to verify."""
    from khamrap.reporting import policy
    from khamrap.reporting.models import RoundReport

    indicator = agreement.indicators.get(number="1")
    assert not RoundReport.objects.filter(agreement=agreement, reporting_round=six).exists()
    assert not policy.result_rights(evaluator, indicator, None, None).verify
    client.force_login(evaluator)
    response = client.get(reverse("reporting:result_edit", args=[indicator.pk, six.pk]))
    assert response.status_code == 200
