"""Pages anyone may read without signing in: published agreements (seed 001: announced to the public)."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from khamrap.agreements import selectors
from khamrap.agreements.models import Agreement


def agreement_list(request):
    """Every published agreement, newest year first."""
    agreements = (
        Agreement.objects.published()
        .select_related("organization", "fiscal_year", "framework")
        .annotate(indicator_count=Count("indicators", filter=Q(indicators__parent__isnull=True)))
        .order_by("-fiscal_year__year", "organization__path")
    )
    return render(request, "public/agreement_list.html", {"agreements": agreements})


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
        "scorecard": selectors.scorecard(
            agreement, indicators, selectors.latest_official_round(agreement)
        ),
    }
    return render(request, "public/agreement_detail.html", context)
