from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from khamrap.lib.views import apply_validation_error
from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization

from . import selectors, services
from .forms import FiscalYearCreateForm, ReportingRoundForm
from .models import ReportingRound


def may_set_up(user) -> bool:
    """Whether `user` may create fiscal years and move their rounds' dates.

    Years and rounds are every organization's at once, so they are set up by whoever may manage
    every organization (Organization.objects.for_user with Action.MANAGE reaching every top of
    the tree): a superuser, or an administrator of the whole tree; an administrator of one
    ministry is not. No query for a superuser (who may before any organization exists), one for
    a person who manages nothing, two otherwise.
    """
    if user.is_superuser:
        return True
    managed = Organization.objects.for_user(user, Action.MANAGE)
    return (
        managed.exists()
        and not Organization.objects.get_root_nodes().exclude(pk__in=managed).exists()
    )


def _require(request) -> None:
    # To anyone who may not set up years and rounds the pages do not exist.
    if not may_set_up(request.user):
        raise Http404


@login_required
def fiscal_year_list(request):
    """Every fiscal year with its rounds, cut-off dates and deadlines."""
    can_edit = may_set_up(request.user)
    context = {"fiscal_years": selectors.fiscal_year_list(), "can_edit": can_edit}
    return render(request, "periods/fiscalyear_list.html", context)


@login_required
def fiscal_year_create(request):
    _require(request)
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
    _require(request)
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
