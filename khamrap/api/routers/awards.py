"""Awards read back: the calls and their types, the applications a person may see, one
application with its result when the policy lets the caller see it, and the award history.

Every read is the awards pages' own (awards.selectors, awards.policy.rights): an application the
caller may not see is a 404, and its consolidated scores reach only the award office until the
result is announced, then everyone who may read the application.
"""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from khamrap.awards import selectors
from khamrap.awards.choices import Family, Stage
from khamrap.awards.models import AwardRecord
from khamrap.periods.models import FiscalYear

from ..schemas import READ_ERRORS, Id, OrganizationRef, Pages, Year

router = Router(tags=["awards"])


# --- calls -------------------------------------------------------------------------------------


class ThresholdOut(Schema):
    minimum: Decimal = Field(description="The least consolidated total for the level.")
    level: str = Field(description="The level's code: distinguished, good, excellent, …")


class CallDateOut(Schema):
    stage: str = Field(description="The stage these dates are for: received, document_check, …")
    starts_on: dt.date
    ends_on: dt.date


class SchemeOut(Schema):
    id: int
    family: str = Field(alias="call.family")
    number: int = Field(description="The type's number within its family (ประเภท).")
    name_th: str
    name_en: str
    eligibility_rule: str = Field(description="The rule checked from the award history, or ''.")
    is_open: bool = Field(description="Open for applications.")


class CallOut(Schema):
    id: int
    fiscal_year: int = Field(alias="fiscal_year.year")
    family: str = Field(description="public_service, participatory or pmqa.")
    name_th: str
    name_en: str
    thresholds: list[ThresholdOut] = Field(
        description="The levels the consolidated total reaches, highest first; empty when the "
        "committee decides."
    )
    summary_pages: int
    page_limit: int | None
    timetable: list[CallDateOut] = Field(alias="dates")
    schemes: list[SchemeOut]

    @staticmethod
    def resolve_thresholds(obj) -> list[dict]:
        return [{"minimum": t.minimum, "level": t.level} for t in obj.threshold_rules()]


class CallFilters(Schema):
    year: Year | None = None


@router.get(
    "/awards/calls",
    response={200: list[CallOut], **READ_ERRORS},
    summary="Award calls with their types and timetables",
)
@paginate(Pages)
def call_list(request, filters: Query[CallFilters]):
    """Every family's calls (the same for every organization), newest year first."""
    if filters.year is None:
        return selectors.call_list().order_by("-fiscal_year__year", "family", "pk")
    fiscal_year = FiscalYear.objects.filter(year=filters.year).first()
    if fiscal_year is None:
        return selectors.call_list().none()
    return selectors.call_list(fiscal_year).order_by("-fiscal_year__year", "family", "pk")


# --- applications ------------------------------------------------------------------------------


class SchemeRef(Schema):
    id: int
    family: str = Field(alias="call.family")
    number: int
    name_th: str
    name_en: str


class ApplicationOut(Schema):
    id: int
    organization: OrganizationRef
    fiscal_year: int = Field(alias="scheme.call.fiscal_year.year")
    scheme: SchemeRef
    title: str
    stage: str = Field(
        description="draft, received, document_check, not_considered, screening, site_visit, "
        "committee or announced."
    )
    version: int = Field(description="Rises with every save of the forms.")
    submitted_at: dt.datetime | None = Field(description="When it was sent.")
    announced_on: dt.date | None
    level: str | None = Field(description="The announced level; null until announced.")
    total: Decimal | None = Field(description="The announced consolidated total, if scored.")

    @staticmethod
    def resolve_level(obj) -> str | None:
        return (obj.level or None) if obj.stage == Stage.ANNOUNCED else None

    @staticmethod
    def resolve_total(obj) -> Decimal | None:
        return obj.total if obj.stage == Stage.ANNOUNCED else None


class ApplicationFilters(Schema):
    organization: Id | None = Field(None, description="Only this organization's applications.")
    year: Year | None = None
    stage: Stage | None = None
    family: Family | None = None


@router.get(
    "/awards/applications",
    response={200: list[ApplicationOut], **READ_ERRORS},
    summary="Award applications the caller may see",
)
@paginate(Pages)
def application_list(request, filters: Query[ApplicationFilters]):
    """Their organizations' applications, and those the caller is assigned to assess; newest year
    first. A result shows once announced."""
    applications = selectors.application_list(
        request.user,
        stage=filters.stage or "",
        family=filters.family or "",
        year=filters.year,
    )
    if filters.organization is not None:
        applications = applications.filter(organization_id=filters.organization)
    return applications


class CriterionScoreOut(Schema):
    code: str
    points: Decimal = Field(description="The mean of the finished sheets, to two places.")


class ResultOut(Schema):
    provisional: bool = Field(description="Not announced yet: only the award office sees it.")
    level: str | None = Field(description="The level reached (or the committee's decision).")
    total: Decimal | None
    sheets: int = Field(description="Finished score sheets consolidated.")
    by_criterion: list[CriterionScoreOut]
    note: str = Field(description="The committee's note, once announced.")


class ApplicationDetailOut(ApplicationOut):
    timetable: list[CallDateOut]
    result: ResultOut | None = Field(
        description="Only for whoever the policy lets see the result: the award office, and "
        "everyone who may read the application once it is announced; else null."
    )


def _result(view) -> dict | None:
    """The result as the application page shows it to this person (policy.rights.see_result)."""
    if not view.rights.see_result:
        return None
    application, consolidated = view.application, view.consolidated
    announced = application.stage == Stage.ANNOUNCED
    if announced:
        level, total = application.level or None, application.total
    else:
        level = consolidated.level if consolidated else None
        total = consolidated.total if consolidated else None
    return {
        "provisional": not announced,
        "level": level,
        "total": total,
        "sheets": len(view.finished_sheets),
        "by_criterion": [
            {"code": code, "points": points}
            for code, points in (consolidated.by_criterion.items() if consolidated else ())
        ],
        "note": application.result_note if announced else "",
    }


@router.get(
    "/awards/applications/{application_id}",
    response={200: ApplicationDetailOut, **READ_ERRORS},
    summary="One award application",
)
def application_detail(request, application_id: Id):
    """Its stage, type, title and dates, and its result when the caller may see it."""
    application = selectors.application_get(request.user, application_id)
    view = selectors.application_view(application, request.user)
    application.timetable = view.timetable
    application.result = _result(view)
    return application


# --- the award history -------------------------------------------------------------------------


class MaintenanceOut(Schema):
    year: int
    sent_on: dt.date


class AwardRecordOut(Schema):
    id: int
    organization: OrganizationRef
    year: int = Field(description="The award's year (B.E.).")
    family: str
    number: int = Field(description="The type's number within its family.")
    scheme_name: str
    level: str
    work: str = Field(description="The title of the awarded work.")
    application_id: int | None = Field(description="The announced application, if from khamrap.")
    maintenance_reports: list[MaintenanceOut] = Field(
        description="The yearly reports that a distinguished service keeps its standard."
    )


class RecordFilters(Schema):
    organization: Id | None = Field(None, description="Only this organization's awards.")
    family: Family | None = None


@router.get(
    "/awards/records",
    response={200: list[AwardRecordOut], **READ_ERRORS},
    summary="Award history",
)
@paginate(Pages)
def record_list(request, filters: Query[RecordFilters]):
    """The awards held by the organizations the caller may see (announced in khamrap or entered
    by the award office), newest first, each with its yearly maintenance reports."""
    records = AwardRecord.objects.for_user(request.user)
    if filters.organization is not None:
        records = records.filter(organization=filters.organization)
    if filters.family is not None:
        records = records.filter(family=filters.family)
    return (
        records.select_related("organization")
        .prefetch_related("maintenance_reports")
        .order_by("-year", "organization__path", "family", "number", "pk")
    )


__all__ = ["router"]
