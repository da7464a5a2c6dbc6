from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from khamrap.agreements import selectors as agreement_selectors
from khamrap.agreements.choices import LOCKED_STATUSES
from khamrap.lib import charts
from khamrap.lib.charts.bands import chart_bands
from khamrap.periods.models import FiscalYear
from khamrap.reporting import scorecard as scores

from . import selectors

ROLLUP_PAGE_SIZE = 50
WORKBENCH_PAGE_SIZE = 50


def _chosen_year(request):
    years = list(
        FiscalYear.objects.filter(agreements__status__in=LOCKED_STATUSES)
        .distinct()
        .order_by("-year")
    ) or list(FiscalYear.objects.order_by("-year")[:1])
    chosen = next(
        (y for y in years if str(y.year) == request.GET.get("year")), years[0] if years else None
    )
    return years, chosen


@login_required
def rollup(request):
    """Organizations ranked by their total for a round, with drill-down to each report."""
    years, year = _chosen_year(request)
    rounds = list(year.rounds.order_by("months")) if year else []
    months = next((r.months for r in rounds if str(r.months) == request.GET.get("months")), None)
    totals = []
    if year and rounds:
        # By default the latest round that has results, else the first.
        months = months or selectors.latest_reported_months(request.user, year) or rounds[0].months
        totals = selectors.rollup(request.user, year, months)
    # Every organization is ranked; one page of them is shown (a national roll-up has thousands).
    page = Paginator(totals, ROLLUP_PAGE_SIZE).get_page(request.GET.get("page"))
    chart = (
        charts.bar_chart(
            [
                charts.BarItem(
                    t.agreement.organization.name,
                    t.total_final,
                    reverse("reporting:round_detail", args=[t.agreement.pk, t.reporting_round.pk]),
                )
                for t in page
                if t.official
            ],
            title=_("Official weighted average score by organization (submitted or verified)"),
            bands=chart_bands(),
        )
        if totals
        else ""
    )
    context = {
        "years": years,
        "year": year,
        "rounds": rounds,
        "months": months,
        "totals": totals,
        "page": page,
        "counts": selectors.standing_counts(totals),
        "chart": chart,
    }
    return render(request, "dashboards/rollup.html", context)


@login_required
def agreement_dashboard(request, pk: int):
    """One organization: its score by indicator, its total over time and the year-end projection."""
    agreement = agreement_selectors.agreement_get_for_user(request.user, pk)
    indicators = agreement_selectors.indicators_of(agreement)
    rounds = agreement_selectors.rounds_of(agreement)
    chosen = next((r for r in rounds if str(r.pk) == request.GET.get("round")), None)
    chosen = chosen or scores.latest_round_with_results(agreement)
    card = scores.scorecard(agreement, indicators, chosen)
    trend = selectors.organization_trend(agreement)
    by_round = selectors.indicator_scores_by_round(agreement, indicators)
    top = [i for i in indicators if i.parent_id is None]
    month_labels = [_("%(months)s months") % {"months": r.months} for r in rounds]
    context = {
        "agreement": agreement,
        "rounds": rounds,
        "chosen": chosen,
        "card": card,
        "gauge": charts.gauge(
            card.total_final,
            title=_("Weighted average score"),
            bands=chart_bands(),
        ),
        "bars": charts.bar_chart(
            [
                charts.BarItem(
                    f"{row.indicator.number} {row.indicator.name}",
                    row.counted,
                )
                for row in card.rows
            ],
            title=_("Score by indicator"),
            bands=chart_bands(),
        ),
        "trend": charts.line_chart(
            [charts.Series(agreement.organization.name, [p.total for p in trend])],
            x_labels=[p.label for p in trend],
            title=_("Official weighted average score over time (submitted or verified rounds)"),
        ),
        "indicator_trend": charts.line_chart(
            [
                charts.Series(i.number, [by_round.get(i.pk, {}).get(r.months) for r in rounds])
                for i in top
            ],
            x_labels=month_labels,
            title=_("Official score of each indicator by round"),
        ),
        "warnings": selectors.early_warning(agreement),
    }
    return render(request, "dashboards/agreement.html", context)


@login_required
def workbench(request):
    """The evaluator's workbench: the reports waiting for verification, side by side."""
    page = Paginator(selectors.workbench(request.user), WORKBENCH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "dashboards/workbench.html", {"page": page})
