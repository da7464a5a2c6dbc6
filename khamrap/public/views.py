"""Pages anyone may read without signing in: published agreements (seed 001: announced to the public)."""

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, render

from khamrap.agreements import selectors
from khamrap.agreements.models import Agreement
from khamrap.reporting import scorecard as scores
from khamrap.reporting.models import RoundStanding
from khamrap.rules.counting import REPORT_CLOSED, REPORT_SUBMITTED

PAGE_SIZE = 50


def agreement_list(request):
    """Every published agreement, newest year first."""
    # The latest official figure of each (rules.counting: submitted or verified), from the
    # stored standings; a round still being prepared is never shown.
    official = RoundStanding.objects.filter(
        agreement=OuterRef("pk"), report_status__in=[REPORT_SUBMITTED, REPORT_CLOSED]
    ).order_by("-reporting_round__months")
    agreements = (
        Agreement.objects.published()
        .select_related("organization", "fiscal_year", "framework")
        .annotate(
            indicator_count=Count(
                "indicators",
                filter=Q(indicators__parent__isnull=True, indicators__retired_from__isnull=True),
            ),
            official_total=Subquery(official.values("total_final")[:1]),
            official_standing=Subquery(official.values("standing")[:1]),
            official_months=Subquery(official.values("reporting_round__months")[:1]),
        )
        .order_by("-fiscal_year__year", "organization__path")
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/agreement_list.html", {"page": page})


def agreement_detail(request, pk: int):
    """A published agreement: its parties, indicators, weights, targets and latest official scores.

    Only a round the organization submitted to the evaluator (or that was verified and closed)
    is shown, labelled with its standing; drafts and rounds in progress never are.
    """
    agreement = get_object_or_404(
        Agreement.objects.published().select_related("organization", "fiscal_year", "framework"),
        pk=pk,
    )
    indicators = selectors.indicators_of(agreement)
    context = {
        "agreement": agreement,
        "scorecard": scores.scorecard(
            agreement, indicators, scores.latest_official_round(agreement)
        ),
    }
    return render(request, "public/agreement_detail.html", context)
