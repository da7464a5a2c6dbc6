"""Writes to fiscal years and reporting rounds.

Every refusal is a ValidationError on a field whose `code` (`error_dict[field][0].code`) says what
was refused, as in the other apps' services:

- required: no reporting round chosen;
- range: a round does not cover 1 to 12 months;
- unique: the fiscal year exists already.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khamrap.rules import thai

from .models import FiscalYear, ReportingRound
from .signals import round_added


@transaction.atomic
def fiscal_year_create(
    *, year: int, round_months: Iterable[int] = thai.DEFAULT_ROUND_MONTHS
) -> FiscalYear:
    """Create a BE fiscal year with its reporting rounds at their default dates (editable later)."""
    months = sorted(set(round_months))
    if not months:
        raise ValidationError(
            {
                "round_months": ValidationError(
                    _("Choose at least one reporting round."), code="required"
                )
            }
        )
    if any(not 1 <= m <= 12 for m in months):
        raise ValidationError(
            {
                "round_months": ValidationError(
                    _("A reporting round covers 1 to 12 months."), code="range"
                )
            }
        )
    if FiscalYear.objects.filter(year=year).exists():
        raise ValidationError(
            {
                "year": ValidationError(
                    _("Fiscal year %(year)s already exists.") % {"year": year}, code="unique"
                )
            }
        )
    starts_on, ends_on = thai.fiscal_year_bounds(year)
    fiscal_year = FiscalYear(year=year, starts_on=starts_on, ends_on=ends_on)
    fiscal_year.full_clean()
    fiscal_year.save()
    for m in months:
        reporting_round_add(fiscal_year=fiscal_year, months=m)
    return fiscal_year


@transaction.atomic
def fiscal_year_ensure(*, year: int) -> tuple[FiscalYear, bool]:
    """The fiscal year `year`, created with default rounds if it does not exist yet."""
    existing = FiscalYear.objects.filter(year=year).first()
    if existing is not None:
        return existing, False
    return fiscal_year_create(year=year), True


@transaction.atomic
def reporting_round_update(
    *, reporting_round: ReportingRound, cutoff_date: dt.date, deadline: dt.date
) -> ReportingRound:
    """Move a round's cut-off date and deadline; both must stay in order and the cut-off in its year."""
    reporting_round = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    reporting_round.cutoff_date = cutoff_date
    reporting_round.deadline = deadline
    reporting_round.full_clean()
    reporting_round.save()
    return reporting_round


@transaction.atomic
def reporting_round_add(*, fiscal_year: FiscalYear, months: int) -> ReportingRound:
    """Add a round of `months` months at its default dates (e.g. a 3-month round); `round_added`
    lets reporting store every agreement's figures for it in the same transaction."""
    if not 1 <= months <= 12:
        raise ValidationError(
            {"months": ValidationError(_("A reporting round covers 1 to 12 months."), code="range")}
        )
    dates = thai.round_dates(fiscal_year.year, months)
    reporting_round = ReportingRound(
        fiscal_year=fiscal_year, months=months, cutoff_date=dates.cutoff, deadline=dates.deadline
    )
    reporting_round.full_clean()
    reporting_round.save()
    round_added.send(sender=ReportingRound, reporting_round=reporting_round)
    return reporting_round
