from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from khamrap.agreements.models import Indicator
from khamrap.lib.views import apply_validation_error
from khamrap.periods.models import ReportingRound

from . import services
from .forms import ResultForm, VerifyForm
from .models import Result


@login_required
def result_edit(request, indicator_pk: int, round_pk: int):
    """Enter what an indicator achieved in a round; the score follows from the scoring rules."""
    indicator = get_object_or_404(
        Indicator.objects.for_user(request.user).select_related(
            "agreement__organization", "agreement__fiscal_year"
        ),
        pk=indicator_pk,
    )
    reporting_round = get_object_or_404(
        ReportingRound, pk=round_pk, fiscal_year=indicator.agreement.fiscal_year
    )
    result = Result.objects.filter(indicator=indicator, reporting_round=reporting_round).first()
    initial = (
        {"value": result.value, "steps_done": result.steps_done, "passed": result.passed}
        if result
        else None
    )
    form = ResultForm(request.POST or None, initial=initial, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_record(
                indicator=indicator,
                reporting_round=reporting_round,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The result was saved."))
            return redirect("agreements:indicator_detail", indicator.agreement_id, indicator.pk)
    context = {"form": form, "indicator": indicator, "reporting_round": reporting_round}
    return render(request, "reporting/result_form.html", context)


@login_required
def result_verify(request, pk: int):
    """The evaluator's verified score for one result, with the reason when it differs."""
    result = get_object_or_404(
        Result.objects.filter(
            indicator__in=Indicator.objects.for_user(request.user)
        ).select_related("indicator__agreement", "reporting_round"),
        pk=pk,
    )
    initial = {
        "score": result.verified_score if result.verified_score is not None else result.self_score
    }
    form = VerifyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_verify(result=result, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The verified score was saved."))
            return redirect(
                "agreements:indicator_detail", result.indicator.agreement_id, result.indicator_id
            )
    return render(request, "reporting/result_verify.html", {"form": form, "result": result})
