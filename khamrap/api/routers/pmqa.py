"""PMQA read back: an organization's PMQA years, and one year's self-assessment summary, profile
completeness and improvement plan, as the PMQA pages compute them (pmqa.selectors, rules.pmqa).

The figures are "mean band midpoints" (docs/pmqa.md): a guide for the organization, never a score
of its agreement.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from khamrap.pmqa import selectors
from khamrap.pmqa.choices import YearStatus
from khamrap.rules import pmqa as rules

from ..schemas import READ_ERRORS, Id, OrganizationRef, Pages, Year

router = Router(tags=["pmqa"])


class CriteriaRef(Schema):
    id: int
    code: str
    name_th: str
    name_en: str
    level: str = Field(description="checklist, fundamental, basic, advance or significance.")
    first_year: int


class PmqaYearOut(Schema):
    id: int
    organization: OrganizationRef
    fiscal_year: int = Field(alias="fiscal_year.year", description="The B.E. year, e.g. 2569.")
    status: str = Field(
        description="planning, awaiting_approval, approved (assessing) or reported."
    )
    criteria: CriteriaRef
    indicator_id: int | None = Field(description="The agreement's linked PMQA indicator, if any.")
    steps_done: list[int] = Field(
        description="Seed 000's five steps done, in order (the linked indicator's level)."
    )
    plan_approved_on: dt.date | None
    profile_completed_on: dt.date | None
    report_completed_on: dt.date | None

    @staticmethod
    def resolve_steps_done(obj) -> list[int]:
        return list(rules.milestone_steps(obj.state()).done)


class PmqaYearFilters(Schema):
    organization: Id | None = Field(None, description="Only this organization's years.")
    year: Year | None = None
    status: YearStatus | None = None


@router.get(
    "/pmqa/years",
    response={200: list[PmqaYearOut], **READ_ERRORS},
    summary="PMQA years the caller may see",
)
@paginate(Pages)
def pmqa_year_list(request, filters: Query[PmqaYearFilters]):
    """Newest fiscal year first, then in tree order; filter by organization, year or status."""
    years = selectors.year_list(request.user)
    if filters.organization is not None:
        years = years.filter(organization=filters.organization)
    if filters.year is not None:
        years = years.filter(fiscal_year__year=filters.year)
    if filters.status is not None:
        years = years.filter(status=filters.status)
    return years.order_by("-fiscal_year__year", "organization__path", "pk")


# --- one year ---------------------------------------------------------------------------------


class SummaryOut(Schema):
    """rules.pmqa.Summary: a category's, or the whole assessment's, figures."""

    items: int
    answered: int = Field(description="Items with every dimension rated and a finding written.")
    complete: bool
    percent: Decimal | None = Field(description="The mean band midpoint of the rated items (%).")
    strengths: int
    ofis: int = Field(description="Opportunities for improvement written.")
    by_dimension: dict[str, Decimal | None] = Field(
        description="The mean band midpoint of each dimension (A, D, L, I; Le, T, C, Li)."
    )


class CategoryOut(Schema):
    number: int
    name_th: str
    name_en: str
    chosen: bool = Field(description="Chosen in the year's plan.")
    scope: str | None = Field(description="mandatory or voluntary when chosen.")
    responsible_name: str
    summary: SummaryOut


class ProfileOut(Schema):
    answered: int
    required: int
    complete: bool
    percent: int


class ProjectOut(Schema):
    id: int
    title: str
    owner_name: str
    deadline: dt.date
    status: str = Field(description="planned, in_progress, done or cancelled.")
    progress: int | None = Field(description="The latest round's progress (%), null if none.")
    overdue: bool


class PlanOut(Schema):
    projects: int = Field(description="Projects not cancelled.")
    done: int
    overdue: int
    mean_progress: int | None
    items: list[ProjectOut]


class PmqaYearDetailOut(PmqaYearOut):
    briefing_on: dt.date | None
    briefing_attendees: int
    training_on: dt.date | None
    training_attendees: int
    overall: SummaryOut = Field(description="Over the chosen categories' items.")
    categories: list[CategoryOut]
    profile: ProfileOut
    plan: PlanOut


def _summary(summary: rules.Summary) -> dict:
    return {
        "items": summary.items,
        "answered": summary.answered,
        "complete": summary.complete,
        "percent": summary.percent,
        "strengths": summary.strengths,
        "ofis": summary.ofis,
        "by_dimension": dict(summary.by_dimension),
    }


@router.get(
    "/pmqa/years/{pmqa_year_id}",
    response={200: PmqaYearDetailOut, **READ_ERRORS},
    summary="One PMQA year",
)
def pmqa_year_detail(request, pmqa_year_id: Id):
    """The year's status and criteria, the self-assessment summary of each category and of the
    chosen ones together, the profile's completeness and the improvement plan's progress."""
    year = selectors.year_get(request.user, pmqa_year_id)
    assessment = selectors.assessment_view(year)
    completeness = selectors.profile_view(year).completeness
    plan = selectors.plan_view(year, timezone.localdate())
    # The year itself answers the fields of the list; what the selectors computed is added.
    year.overall = _summary(assessment.overall)
    year.categories = [
        {
            "number": row.category.number,
            "name_th": row.category.name_th,
            "name_en": row.category.name_en,
            "chosen": row.chosen,
            "scope": row.plan.scope if row.plan else None,
            "responsible_name": row.plan.responsible_name if row.plan else "",
            "summary": _summary(row.summary),
        }
        for row in assessment.categories
    ]
    year.profile = {
        "answered": completeness.answered,
        "required": completeness.required,
        "complete": completeness.complete,
        "percent": completeness.percent,
    }
    year.plan = {
        "projects": plan.progress.projects,
        "done": plan.progress.done,
        "overdue": plan.progress.overdue,
        "mean_progress": plan.progress.mean_progress,
        "items": [
            {
                "id": row.project.pk,
                "title": row.project.title,
                "owner_name": row.project.owner_name,
                "deadline": row.project.deadline,
                "status": row.project.status,
                "progress": row.latest.progress if row.latest else None,
                "overdue": row.overdue,
            }
            for row in plan.projects
        ],
    }
    return year


__all__ = ["router"]
