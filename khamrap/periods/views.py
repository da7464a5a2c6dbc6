from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from khamrap.lib.views import apply_validation_error

from . import selectors, services
from .forms import FiscalYearCreateForm, ReportingRoundForm
from .models import ReportingRound


def _require(request, permission: str) -> None:
    # Setting up years is for system administrators; to others the page does not exist.
    if not request.user.has_perm(permission):
        raise Http404


@login_required
def fiscal_year_list(request):
    """Every fiscal year with its rounds, cut-off dates and deadlines."""
    can_edit = request.user.has_perm("periods.change_reportinground")
    context = {"fiscal_years": selectors.fiscal_year_list(), "can_edit": can_edit}
    return render(request, "periods/fiscalyear_list.html", context)


@login_required
def fiscal_year_create(request):
    _require(request, "periods.add_fiscalyear")
    form = FiscalYearCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fiscal_year = services.fiscal_year_create(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Fiscal year %(year)s was created.") % {"year": fiscal_year.year}
            )
            return redirect("periods:fiscal_year_list")
    return render(request, "periods/fiscalyear_form.html", {"form": form})


@login_required
def reporting_round_edit(request, pk: int):
    _require(request, "periods.change_reportinground")
    reporting_round = get_object_or_404(ReportingRound.objects.select_related("fiscal_year"), pk=pk)
    initial = {"cutoff_date": reporting_round.cutoff_date, "deadline": reporting_round.deadline}
    form = ReportingRoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_round_update(reporting_round=reporting_round, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The round's dates were saved."))
            return redirect("periods:fiscal_year_list")
    context = {"form": form, "reporting_round": reporting_round}
    return render(request, "periods/reportinground_form.html", context)
