"""An organization's PMQA dashboard: the latest year's progress, scores by item and improvement plan,
and every year side by side, with charts drawn on the server (lib.charts).

Every figure comes from the selectors (years_overview, assessment_view), which read a fixed number
of queries whatever the number of years, items, findings and projects; each figure says whether
its year is still a draft or its preliminary report is complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.lib import charts
from khamrap.lib.charts.style import PALETTE
from khamrap.organizations.selectors import organization_get_for_user

from .. import selectors
from ..choices import YearStatus

# A PMQA percent is a guide (the mean of band midpoints), not a score of the agreement: its bars
# are drawn in one colour instead of the agreement's red, amber and green.
ONE_COLOUR = ((Decimal(0), PALETTE[0]),)
HUNDRED = Decimal(100)


def percent_text(value: Decimal) -> str:
    """A PMQA percent as the tables print it: 57.50%."""
    return f"{value:.2f}%"


@dataclass
class ItemLine:
    """A row of the scores-by-item table: the item, its band per dimension (None: not rated)."""

    row: selectors.ItemRow
    cells: list[tuple[str, str | None]]


def _item_lines(
    view: selectors.AssessmentView,
) -> list[tuple[selectors.CategoryRow, list[ItemLine]]]:
    return [
        (
            category,
            [ItemLine(r, [(d, r.bands.get(d)) for d in r.item.dimensions]) for r in category.items],
        )
        for category in view.chosen
    ]


def _category_chart(view: selectors.AssessmentView) -> str:
    year = view.year
    title = (
        _("Percent by category, fiscal year %(year)s")
        if year.status == YearStatus.REPORTED
        else _("Percent by category, fiscal year %(year)s (draft)")
    )
    return charts.bar_chart(
        [
            charts.BarItem(
                _("Category %(number)s %(name)s")
                % {"number": c.category.number, "name": c.category.name},
                c.summary.percent,
            )
            for c in view.chosen
        ],
        title=title % {"year": year.fiscal_year.year},
        max_value=HUNDRED,
        bands=ONE_COLOUR,
        value_format=percent_text,
    )


def _trend_chart(years: list[selectors.YearFigures]) -> str:
    labels = [
        str(f.year.fiscal_year.year)
        if f.year.status == YearStatus.REPORTED
        else _("%(year)s (draft)") % {"year": f.year.fiscal_year.year}
        for f in years
    ]
    return charts.line_chart(
        [charts.Series(_("Overall percent"), [f.overall.percent for f in years])],
        x_labels=labels,
        title=_("Overall percent year by year"),
        y_max=HUNDRED,
        value_format=percent_text,
    )


@login_required
def dashboard(request, org_pk: int):
    """The PMQA dashboard of an organization the person may view (404 for any other)."""
    organization = organization_get_for_user(request.user, org_pk)
    years = selectors.years_overview(request.user, organization, timezone.localdate())
    latest = years[-1] if years else None
    view = selectors.assessment_view(latest.year) if latest else None
    context = {
        "organization": organization,
        "years": years,
        "latest": latest,
        "view": view,
        "categories": _item_lines(view) if view else [],
        "category_chart": _category_chart(view) if view else "",
        "trend_chart": _trend_chart(years) if years else "",
    }
    return render(request, "pmqa/dashboard.html", context)
