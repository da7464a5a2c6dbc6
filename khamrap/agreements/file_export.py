"""An agreement as an agreement file (rules.agreement_file): for downloads, Excel, documents and
the before/after snapshots of amendments. Reads only; the services may use it (file_import, which
writes through the services, is kept apart so the two never import each other).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder

from khamrap.rules import agreement_file as af

from .criteria import criteria_for, engine_result
from .models import Agreement, Indicator
from .selectors import indicators_of


def _person(user) -> af.PersonSpec:
    return af.PersonSpec(
        name=user.display_name, phone=user.phone or None, position=user.position or None
    )


def _indicator_spec(indicator: Indicator, floor: Decimal, results: dict) -> af.IndicatorSpec:
    result = results.get(indicator.pk)
    return af.IndicatorSpec(
        number=indicator.number,
        name=indicator.name,
        weight=indicator.weight,
        criteria=criteria_for(indicator, floor, results),
        group=indicator.group.key if indicator.parent_id is None else None,
        steps=tuple(af.StepSpec(s.description, s.evidence or None) for s in indicator.steps.all()),
        unit=indicator.unit or None,
        supervisors=tuple(_person(u) for u in indicator.supervisors.all()),
        collectors=tuple(_person(u) for u in indicator.collectors.all()),
        description=indicator.description or None,
        formula=indicator.formula or None,
        notes=indicator.notes or None,
        rationale=indicator.rationale or None,
        data_source=indicator.data_source or None,
        closing_note=indicator.closing_note or None,
        baseline=tuple(
            sorted((int(year), Decimal(str(value))) for year, value in indicator.baseline.items())
        ),
        issues=tuple(issue.code for issue in indicator.issues.all()),
        result=engine_result(indicator, result),
        verified_score=result.verified_score
        if result is not None and indicator.parent_id is None
        else None,
        parts=tuple(_indicator_spec(part, floor, results) for part in indicator.parts.all()),
    )


def agreement_export(agreement: Agreement, results: Mapping | None = None) -> af.AgreementFile:
    """An agreement as an agreement file, with a round's `results` (by indicator id) when given:
    reporting.exchange reads them."""
    results = results or {}
    floor = agreement.framework.floor
    groups = tuple(
        af.GroupSpec(g.key, g.name_th, g.weight) for g in agreement.framework.groups.all()
    )
    indicators = [i for i in indicators_of(agreement) if i.parent_id is None]
    return af.AgreementFile(
        organization=af.OrganizationSpec(
            agreement.organization.code, agreement.organization.name_th
        ),
        fiscal_year=agreement.fiscal_year.year,
        framework=af.FrameworkSpec(agreement.framework.name_th, groups, floor),
        indicators=tuple(_indicator_spec(i, floor, results) for i in indicators),
    )


def agreement_snapshot(agreement: Agreement) -> dict:
    """The indicators as they stand, as JSON-ready data (numbers as exact decimal strings)."""
    return json.loads(json.dumps(af.to_data(agreement_export(agreement)), cls=DjangoJSONEncoder))
