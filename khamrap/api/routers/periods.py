"""Fiscal years and their reporting rounds: every organization's, read by any caller."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from khamrap.periods.models import ReportingRound, RoundStatus
from khamrap.periods.selectors import fiscal_year_list

from ..schemas import READ_ERRORS, Pages, Year

router = Router(tags=["periods"])


class RoundOut(Schema):
    id: int
    year: int = Field(description="The fiscal year (B.E.) the round belongs to.")
    months: int = Field(description="How many months of the fiscal year the round covers.")
    cutoff_date: dt.date = Field(description="Results are reported up to this day.")
    deadline: dt.date = Field(description="The day results are due.")
    status: RoundStatus = Field(
        description=(
            "Where the round stands today: in_progress (before its cut-off date), reporting "
            "(between the cut-off date and the deadline) or closed (past its deadline). Whether "
            "an organization's report of the round is closed is the report's own status."
        )
    )

    @staticmethod
    def resolve_year(round_) -> int:
        return round_.fiscal_year.year

    @staticmethod
    def resolve_status(round_) -> str:
        return round_.status_on(timezone.localdate())


class FiscalYearOut(Schema):
    year: int = Field(description="The fiscal year in the Buddhist Era, e.g. 2569.")
    starts_on: dt.date
    ends_on: dt.date
    framework_id: int | None = Field(
        description="How the year's indicators are grouped (GET /frameworks/{id}), if set."
    )
    rounds: list[RoundOut] = Field(description="Its reporting rounds, shortest first.")


class RoundFilters(Schema):
    year: Year | None = Field(None, description="Only the rounds of this fiscal year (B.E.).")


@router.get(
    "/fiscal-years",
    response={200: list[FiscalYearOut], **READ_ERRORS},
    summary="Fiscal years",
)
@paginate(Pages)
def fiscal_year_index(request):
    """Every fiscal year with its reporting rounds, newest first."""
    return fiscal_year_list()


@router.get(
    "/fiscal-years/{year}",
    response={200: FiscalYearOut, **READ_ERRORS},
    summary="One fiscal year",
)
def fiscal_year_detail(request, year: Year):
    """The fiscal year `year` (B.E., e.g. 2569) with its reporting rounds."""
    return get_object_or_404(fiscal_year_list(), year=year)


@router.get(
    "/rounds",
    response={200: list[RoundOut], **READ_ERRORS},
    summary="Reporting rounds",
)
@paginate(Pages)
def round_index(request, filters: Query[RoundFilters]):
    """Reporting rounds by fiscal year, then by months; filter by fiscal year."""
    rounds = ReportingRound.objects.select_related("fiscal_year")
    if filters.year is not None:
        rounds = rounds.filter(fiscal_year__year=filters.year)
    return rounds.order_by("fiscal_year__year", "months", "pk")
