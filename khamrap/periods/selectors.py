"""Reads of fiscal years and rounds."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from khamrap.rules import thai

from .models import FiscalYear, ReportingRound


def fiscal_year_list() -> QuerySet[FiscalYear]:
    """Every fiscal year, newest first, with its rounds in two queries."""
    return FiscalYear.objects.prefetch_related(
        Prefetch("rounds", queryset=ReportingRound.objects.order_by("months"))
    ).order_by("-year")


def fiscal_year_current(today: dt.date) -> FiscalYear | None:
    """The fiscal year that `today` falls in, if it has been set up."""
    return fiscal_year_list().filter(year=thai.fiscal_year_of(today)).first()


def reporting_rounds_due(today: dt.date, *, limit: int = 3) -> list[ReportingRound]:
    """The next rounds whose deadline has not passed, soonest first."""
    return list(
        ReportingRound.objects.filter(deadline__gte=today)
        .select_related("fiscal_year")
        .order_by("deadline")[:limit]
    )
