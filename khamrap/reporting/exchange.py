"""Agreement files with a round's results: export an agreement with them, record a file's results.

The agreement itself is written and read by agreements.file_export and file_import; this module adds what belongs to
a round (rules.agreement_file's `result` of each indicator).
"""

from __future__ import annotations

from django.db import transaction

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.file_export import agreement_export
from khamrap.agreements.models import Agreement
from khamrap.periods.models import ReportingRound
from khamrap.rules import agreement_file as af
from khamrap.rules import scoring

from .models import Result
from .services import result_record


def agreement_export_with_results(
    agreement: Agreement, reporting_round: ReportingRound
) -> af.AgreementFile:
    """The agreement as an agreement file, each indicator with its result in `reporting_round`."""
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            indicator__agreement=agreement, reporting_round=reporting_round
        )
    }
    return agreement_export(agreement, results)


def result_fields(result) -> dict:
    """An agreement file's result as the arguments result_save takes."""
    if isinstance(result, bool):
        return {"passed": result}
    if isinstance(result, tuple):
        return {"steps_done": [n for n, done in enumerate(result, start=1) if done]}
    if isinstance(result, scoring.MixedResult):
        return {
            "steps_done": [n for n, done in enumerate(result.steps, start=1) if done],
            "value": result.value,
        }
    return {"value": result}


@transaction.atomic
def results_from_file(
    *, agreement: Agreement, data: af.AgreementFile, reporting_round: ReportingRound, user
) -> int:
    """Record the file's results as drafts of `reporting_round` (composites are scored from their
    parts); returns how many. Verified scores are the evaluator's to give in the round's workflow,
    so a file's verified scores are not imported."""
    by_number = {indicator.number: indicator for indicator in agreement.indicators.all()}

    def specs(items):
        for spec in items:
            yield spec
            yield from specs(spec.parts)

    recorded = 0
    for spec in specs(data.indicators):
        indicator = by_number[spec.number]
        if spec.result is not None and indicator.kind != ScoringKind.COMPOSITE:
            result_record(
                indicator=indicator,
                reporting_round=reporting_round,
                user=user,
                **result_fields(spec.result),
            )
            recorded += 1
    return recorded
