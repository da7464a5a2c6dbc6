"""Frameworks, performance agreements and their indicators, as the agreement pages read them."""

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from khamrap.agreements import selectors
from khamrap.agreements.choices import AgreementStatus, Direction, ScoringKind
from khamrap.agreements.models import Framework, FrameworkGroup, Indicator

from ..schemas import READ_ERRORS, Id, OrganizationRef, Pages, Year

router = Router(tags=["agreements"])


# --- frameworks ------------------------------------------------------------------------------------


class FrameworkGroupOut(Schema):
    id: int
    key: str = Field(description='The group\'s key within its framework, e.g. "1".')
    name_th: str
    name_en: str
    weight: Decimal | None = Field(description="The weight the framework prescribes, if any.")
    order: int


class FrameworkOut(Schema):
    id: int
    code: str
    name_th: str
    name_en: str
    group_label: str = Field(description="What a group is called, e.g. มิติ or องค์ประกอบ.")
    floor: Decimal = Field(description="The score of a result short of the first target (0 or 1).")
    description: str
    groups: list[FrameworkGroupOut] = Field(description="Its groups in the framework's order.")


def _frameworks():
    groups = FrameworkGroup.objects.order_by("order", "key", "pk")
    return Framework.objects.prefetch_related(Prefetch("groups", queryset=groups))


@router.get(
    "/frameworks",
    response={200: list[FrameworkOut], **READ_ERRORS},
    summary="Frameworks",
)
@paginate(Pages)
def framework_index(request):
    """Every framework (the four dimensions, the five components...) with its groups, by name."""
    return _frameworks().order_by("name_th", "pk")


@router.get(
    "/frameworks/{framework_id}",
    response={200: FrameworkOut, **READ_ERRORS},
    summary="One framework",
)
def framework_detail(request, framework_id: Id):
    """A framework with its groups and the weights they prescribe."""
    return get_object_or_404(_frameworks(), pk=framework_id)


# --- indicators ------------------------------------------------------------------------------------


class GroupRef(Schema):
    id: int
    key: str


class StepOut(Schema):
    number: int
    description: str = Field(description="What is done.")
    evidence: str = Field(description="The evidence expected to show it was done.")


class LevelOut(Schema):
    level: int = Field(description="The score reached.")
    steps: list[int] = Field(description="The step numbers that must be done to reach it.")


class IndicatorPartOut(Schema):
    """An indicator's own fields: what a composite's part shows, and the start of IndicatorOut."""

    id: int
    number: str = Field(description='e.g. "16", or "2.1" for a part of a composite.')
    name: str
    group: GroupRef = Field(description="The framework group it counts in.")
    parent_id: int | None = Field(description="The composite it is a part of, if any.")
    order: int
    weight: Decimal = Field(
        description="Its weight in the agreement; a part's, its share of the composite."
    )
    unit: str
    kind: ScoringKind
    direction: Direction = Field(description="Whether a higher or a lower result is better.")
    mixed_steps: int | None = Field(
        description="A mixed indicator's steps before its targets (they stand for scores 1..n)."
    )
    targets: list[Decimal | None] = Field(
        description=(
            "The results for scores 1 to 5 (numeric and mixed; a mixed indicator's first "
            "`mixed_steps` are null)."
        )
    )
    steps: list[StepOut] = Field(description="Milestone steps (milestone and mixed).")
    levels: list[LevelOut] = Field(
        description="For steps: each score and the steps it needs (level k = steps 1..k)."
    )
    criteria_text: str
    description: str
    formula: str
    data_source: str
    notes: str
    rationale: str
    closing_note: str
    baseline: dict[str, Decimal] = Field(
        description='Results of earlier fiscal years by B.E. year, e.g. {"2566": "78.5"}.'
    )
    issues: list[str] = Field(description="The codes of the reform issues it answers.")
    supervisors: list[str] = Field(description="The KPI supervisors' names.")
    collectors: list[str] = Field(description="The data collectors' names.")
    cascaded_from_id: int | None = Field(description="The indicator above it was cascaded from.")
    retired_from: int | None = Field(
        description=(
            "Removed by an amendment from this reporting round on (its id); null while in force."
        )
    )


class IndicatorOut(IndicatorPartOut):
    """An indicator as its sheet shows it (the people by name only), with a composite's parts."""

    agreement_id: int
    parts: list[IndicatorPartOut] = Field(description="A composite's parts, in order.")


def _indicator_fields(indicator: Indicator) -> dict:
    """What the indicator sheet shows of an indicator (selectors.indicator_queryset's prefetches;
    the people by name only)."""
    return {
        "id": indicator.pk,
        "number": indicator.number,
        "name": indicator.name,
        "group": indicator.group,
        "parent_id": indicator.parent_id,
        "order": indicator.order,
        "weight": indicator.weight,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "direction": indicator.direction,
        "mixed_steps": indicator.mixed_steps,
        "targets": indicator.targets,
        "steps": list(indicator.steps.all()),
        "levels": [
            {"level": level, "steps": [n for n, needed in enumerate(marks, start=1) if needed]}
            for level, marks in selectors.milestone_levels(indicator)
        ],
        "criteria_text": indicator.criteria_text,
        "description": indicator.description,
        "formula": indicator.formula,
        "data_source": indicator.data_source,
        "notes": indicator.notes,
        "rationale": indicator.rationale,
        "closing_note": indicator.closing_note,
        "baseline": {
            str(year): Decimal(str(value)) for year, value in sorted(indicator.baseline.items())
        },
        "issues": [issue.code for issue in indicator.issues.all()],
        "supervisors": [person.display_name for person in indicator.supervisors.all()],
        "collectors": [person.display_name for person in indicator.collectors.all()],
        "cascaded_from_id": indicator.cascaded_from_id,
        "retired_from": indicator.retired_from_id,
    }


def _indicator_out(indicator: Indicator, parts: list[Indicator]) -> dict:
    return {
        **_indicator_fields(indicator),
        "agreement_id": indicator.agreement_id,
        "parts": [_indicator_fields(part) for part in sorted(parts, key=_part_order)],
    }


def _part_order(indicator: Indicator):
    return (indicator.order, indicator.pk)


def _nested(indicators: list[Indicator]) -> list[dict]:
    """The top-level indicators in the page's order, each with its parts (from the same flat list,
    so that a part carries its group and issues as a top-level one does)."""
    parts: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.parent_id is not None:
            parts.setdefault(indicator.parent_id, []).append(indicator)
    return [
        _indicator_out(indicator, parts.get(indicator.pk, []))
        for indicator in indicators
        if indicator.parent_id is None
    ]


@router.get(
    "/indicators/{indicator_id}",
    response={200: IndicatorOut, **READ_ERRORS},
    summary="One indicator",
)
def indicator_detail(request, indicator_id: Id):
    """An indicator as its sheet shows it, with its parts if it is a composite.

    An indicator retired by an amendment is still found (`retired_from` says from which round),
    with the parts retired with it; the agreement lists only the indicators in force.
    """
    indicators = selectors.indicator_queryset(retired=True)
    indicator = get_object_or_404(indicators.for_user(request.user), pk=indicator_id)
    parts = indicators.filter(parent=indicator, retired_from=indicator.retired_from_id)
    return _indicator_out(indicator, list(parts))


# --- agreements ------------------------------------------------------------------------------------


class AgreementOut(Schema):
    id: int
    organization: OrganizationRef
    year: int = Field(description="The fiscal year (B.E.).")
    framework_id: int
    status: AgreementStatus
    status_changed_at: dt.datetime | None = Field(description="When the status last changed.")
    signed_on: dt.date | None = Field(description="The day it was signed, once signed.")
    version: int

    @staticmethod
    def resolve_year(agreement) -> int:
        return agreement.fiscal_year.year


class AgreementDetailOut(AgreementOut):
    promisor_name: str = Field(description="Who signed it, making the promise.")
    promisor_position: str
    promisee_name: str = Field(description="Who received the promise.")
    promisee_position: str
    indicators: list[IndicatorOut] = Field(
        description=(
            "Its indicators in force by framework group, each composite with its parts; "
            "indicators retired by an amendment are left out."
        )
    )

    @staticmethod
    def resolve_indicators(agreement) -> list[dict]:
        return _nested(selectors.indicators_of(agreement))


class AgreementFilters(Schema):
    organization: Id | None = Field(None, description="Only this organization's (its id).")
    year: Year | None = Field(None, description="Only this fiscal year's (B.E.).")
    status: AgreementStatus | None = None


@router.get(
    "/agreements",
    response={200: list[AgreementOut], **READ_ERRORS},
    summary="Performance agreements the caller may see",
)
@paginate(Pages)
def agreement_index(request, filters: Query[AgreementFilters]):
    """Newest fiscal year first, then in tree order; filter by organization, year and status."""
    agreements = selectors.agreement_list_for_user(request.user)
    if filters.organization is not None:
        agreements = agreements.filter(organization=filters.organization)
    if filters.year is not None:
        agreements = agreements.filter(fiscal_year__year=filters.year)
    if filters.status is not None:
        agreements = agreements.filter(status=filters.status)
    return agreements.order_by("-fiscal_year__year", "organization__path", "pk")


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **READ_ERRORS},
    summary="One agreement with its indicators",
)
def agreement_detail(request, agreement_id: Id):
    """The agreement, its parties and its indicators in force, as the agreement page shows them."""
    return selectors.agreement_get_for_user(request.user, agreement_id)
