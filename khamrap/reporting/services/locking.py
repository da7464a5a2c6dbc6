"""One lock order for every service of the round: the organization's report first, then results."""

from __future__ import annotations

from ..models import Result, RoundReport


def lock_report(agreement_id: int, reporting_round_id: int) -> RoundReport:
    """Lock the organization's report of the round (creating it, open, if it is not there yet).

    Every service that touches a report and its results locks the report first, then the results:
    one order everywhere, so a report submitted at the moment a result is reopened either sees the
    reopened result (and refuses) or the reopening sees the submitted report (and refuses).
    """
    report, _created = RoundReport.objects.get_or_create(
        agreement_id=agreement_id, reporting_round_id=reporting_round_id
    )
    return RoundReport.objects.select_for_update().get(pk=report.pk)


def lock_result(pk: int) -> Result:
    """Lock a result for a change, its round's report first (lock_report): the locked report is
    `result.locked_report`."""
    agreement_id, round_id = Result.objects.values_list(
        "indicator__agreement_id", "reporting_round_id"
    ).get(pk=pk)
    report = lock_report(agreement_id, round_id)
    result = (
        Result.objects.select_for_update()
        .select_related(
            "indicator__agreement__organization",
            "indicator__agreement__framework",
            "reporting_round",
        )
        .get(pk=pk)
    )
    result.locked_report = report
    return result
