"""Builders that take an agreement's round through the workflow, for tests."""

from decimal import Decimal

from khamrap.reporting import services

RESULTS = {
    "1": {"value": Decimal(100)},
    "16": {"steps_done": [1, 2, 3, 4, 5]},
    "3": {"passed": True},
}


def approved_round(agreement, reporting_round, world, results=None):
    """Record, submit and approve every result of the fixture agreement; return the results by number."""
    done = {}
    for number, fields in (results or RESULTS).items():
        indicator = agreement.indicators.get(number=number)
        result = services.result_save(
            indicator=indicator, reporting_round=reporting_round, user=world.collector, **fields
        )
        result = services.result_submit(result=result, user=world.collector)
        done[number] = services.result_approve(result=result, user=world.executive)
    return done


def submitted_round(agreement, reporting_round, world, results=None):
    """approved_round, then the coordinator submits the organization's report."""
    done = approved_round(agreement, reporting_round, world, results)
    report = services.report_submit(
        agreement=agreement, reporting_round=reporting_round, user=world.coordinator
    )
    return done, report
