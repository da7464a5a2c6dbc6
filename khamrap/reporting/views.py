from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from khamrap.agreements import selectors as agreement_selectors
from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.criteria import criteria_for
from khamrap.agreements.models import Indicator, IndicatorStep
from khamrap.lib.views import apply_validation_error
from khamrap.periods.models import ReportingRound
from khamrap.rules import counting, scoring

from . import policy, selectors, services
from .choices import ReportStatus, ResultStatus
from .evidence_views import evidence_context, evidence_first_context
from .forms import CommentForm, ReasonForm, ResultForm, VerifyForm
from .models import Result, RoundReport


def _round_of(agreement, round_pk: int) -> ReportingRound:
    return get_object_or_404(ReportingRound, pk=round_pk, fiscal_year=agreement.fiscal_year_id)


@login_required
def round_detail(request, agreement_pk: int, round_pk: int):
    """The organization's self-assessment report for a round: every indicator, its state and scores."""
    agreement = agreement_selectors.agreement_get_for_user(request.user, agreement_pk)
    reporting_round = _round_of(agreement, round_pk)
    view = selectors.round_view(agreement, reporting_round)
    organization = agreement.organization
    awaiting = (
        selectors.results_awaiting_approval(request.user, agreement.pk, reporting_round.pk)
        if view.status == ReportStatus.OPEN
        else []
    )
    context = {
        "view": view,
        "agreement": agreement,
        "reporting_round": reporting_round,
        "report_rights": policy.report_rights(request.user, organization, view.report),
        "reason_form": ReasonForm(),
        # Submitted results this person may approve: ticked together and approved in one step.
        "approvable": {result.pk for result in awaiting},
    }
    return render(request, "reporting/round_detail.html", context)


@login_required
@require_POST
def round_approve(request, agreement_pk: int, round_pk: int):
    """The KPI supervisor approves the ticked submitted results of the round at once (all or none)."""
    agreement = agreement_selectors.agreement_get_for_user(request.user, agreement_pk)
    reporting_round = _round_of(agreement, round_pk)
    awaiting = {
        result.pk: result
        for result in selectors.results_awaiting_approval(
            request.user, agreement.pk, reporting_round.pk
        )
    }
    chosen = []
    for key in request.POST.getlist("result"):
        # isdecimal, not isdigit: int() refuses digits such as '²' that isdigit accepts.
        result = awaiting.get(int(key)) if key.isdecimal() else None
        if result is None:  # not submitted any more, not theirs, or not a result at all
            messages.error(
                request,
                _(
                    "One of the ticked results can no longer be approved by you: nothing was approved."
                ),
            )
            return redirect("reporting:round_detail", agreement.pk, reporting_round.pk)
        chosen.append(result)
    try:
        approved = services.results_approve_many(results=chosen, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d result was approved.", "%(count)d results were approved.", len(approved)
            )
            % {"count": len(approved)},
        )
    return redirect("reporting:round_detail", agreement.pk, reporting_round.pk)


def _indicator_for(user, indicator_pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.for_user(user)
        .select_related(
            "agreement__organization",
            "agreement__fiscal_year",
            "agreement__framework",
            "group",
            "parent",
        )
        # The form, the criteria and the page each read the steps: once.
        .prefetch_related(Prefetch("steps", queryset=IndicatorStep.objects.order_by("number"))),
        pk=indicator_pk,
    )


@login_required
def result_edit(request, indicator_pk: int, round_pk: int):
    """Enter what an indicator achieved in a round, with its narrative; the score follows live."""
    indicator = _indicator_for(request.user, indicator_pk)
    reporting_round = _round_of(indicator.agreement, round_pk)
    result = Result.objects.filter(indicator=indicator, reporting_round=reporting_round).first()
    form = ResultForm(
        request.POST or None, initial=ResultForm.initial_for(result), indicator=indicator
    )
    if request.method == "POST":
        report = RoundReport.objects.filter(
            agreement=indicator.agreement, reporting_round=reporting_round
        ).first()
        if not policy.result_rights(request.user, indicator, result, report).edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                result = services.result_save(
                    indicator=indicator,
                    reporting_round=reporting_round,
                    user=request.user,
                    **form.result_fields(),
                )
                if "submit" in request.POST:
                    services.result_submit(result=result, user=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return _after_save(request, form, indicator, reporting_round)
    return _result_page(request, indicator, reporting_round, result, form=form)


def _after_save(request, form, indicator, reporting_round):
    """The saved page, or the next indicator's for "save and next"; warnings said either way."""
    for warning in form.warnings():
        messages.warning(request, warning)
    if "submit" in request.POST:
        messages.success(request, _("The result was submitted for approval."))
    else:
        messages.success(request, _("The result was saved."))
    if "save_next" in request.POST:
        following = selectors.round_neighbours(request.user, indicator).next
        if following is not None:
            return redirect("reporting:result_edit", following.pk, reporting_round.pk)
        return redirect("reporting:round_detail", indicator.agreement_id, reporting_round.pk)
    return redirect("reporting:result_edit", indicator.pk, reporting_round.pk)


def _result_page(request, indicator, reporting_round, result, *, status=200, **forms):
    """The result page, with the bound forms of a refused step so that what was typed stays."""
    report = RoundReport.objects.filter(
        agreement=indicator.agreement, reporting_round=reporting_round
    ).first()
    roles = policy.Roles(request.user, indicator)
    rights = policy.result_rights(request.user, indicator, result, report, roles)
    form = forms.get("form") or ResultForm(
        initial=ResultForm.initial_for(result), indicator=indicator
    )
    # A supervisor who sent the result back sees it as its reviewer, not the collector's form;
    # they may still choose to correct it themselves.
    reviewing = (
        rights.edit
        and result is not None
        and result.status == ResultStatus.RETURNED
        and roles.supervisor
        and not roles.collector
        and "edit" not in request.GET
        and request.method != "POST"
    )
    round_open = report is None or report.status == ReportStatus.OPEN
    awaiting = (
        [
            r
            for r in selectors.results_awaiting_approval(
                request.user, indicator.agreement_id, reporting_round.pk
            )
            if result is None or r.pk != result.pk
        ]
        if round_open
        else []
    )
    context = {
        "form": form,
        "indicator": indicator,
        "reporting_round": reporting_round,
        "result": result,
        "report": report,
        "rights": rights,
        "show_form": rights.edit and not reviewing,
        "reviewing": reviewing,
        "neighbours": selectors.round_neighbours(request.user, indicator),
        "parts": (
            selectors.composite_parts(indicator, reporting_round)
            if indicator.kind == ScoringKind.COMPOSITE
            else []
        ),
        "next_to_approve": awaiting[0] if awaiting else None,
        "steps": list(indicator.steps.all()),
        "changes": result.changes.select_related("actor", "token")[:50] if result else [],
        "comment_form": forms.get("comment_form") or CommentForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "verify_form": forms.get("verify_form")
        or VerifyForm(initial={"score": result.counted_score} if result else None),
        **(
            evidence_context(request, result, rights=rights, report_open=round_open)
            if result
            else evidence_first_context(request, indicator, reporting_round)
        ),
    }
    return render(request, "reporting/result_form.html", context, status=status)


@login_required
@require_POST
def result_preview(request, indicator_pk: int, round_pk: int):
    """The score the typed result would earn (an htmx fragment; nothing is saved)."""
    indicator = _indicator_for(request.user, indicator_pk)
    form = ResultForm(request.POST, indicator=indicator)
    score = None
    if form.is_valid() and indicator.kind != "composite":
        fields = form.result_fields()
        floor = indicator.agreement.framework.floor
        try:
            criteria = criteria_for(indicator, floor)
            score = scoring.score(criteria, _engine_value(indicator, criteria, fields))
        except scoring.ScoringError:
            score = None
    context = {
        "score": score,
        "form": form,
        "at_risk": counting.is_at_risk(score),
        "warnings": form.warnings(),
    }
    return render(request, "reporting/_score_preview.html", context)


def _engine_value(indicator, criteria, fields):
    if isinstance(criteria, scoring.MilestoneCriteria):
        return tuple(n in fields["steps_done"] for n in range(1, criteria.steps + 1))
    if isinstance(criteria, scoring.MixedCriteria):
        steps = tuple(n in fields["steps_done"] for n in range(1, criteria.steps + 1))
        return scoring.MixedResult(steps, fields["value"])
    if isinstance(criteria, scoring.PassFailCriteria):
        return fields["passed"]
    return fields["value"]


ACTIONS = {
    "submit": (
        None,
        lambda result, user, form: services.result_submit(result=result, user=user),
        gettext_lazy("Submitted."),
    ),
    "approve": (
        None,
        lambda result, user, form: services.result_approve(result=result, user=user),
        gettext_lazy("Approved."),
    ),
    "return": (
        CommentForm,
        lambda result, user, form: services.result_return(
            result=result, user=user, comment=form.cleaned_data["comment"]
        ),
        gettext_lazy("Returned to the collector."),
    ),
    "reopen": (
        ReasonForm,
        lambda result, user, form: services.result_reopen(
            result=result, user=user, reason=form.cleaned_data["reason"]
        ),
        gettext_lazy("Reopened."),
    ),
    "verify": (
        VerifyForm,
        lambda result, user, form: services.result_verify(
            result=result, user=user, **form.cleaned_data
        ),
        gettext_lazy("The verified score was saved."),
    ),
}


# The forms a refused step gives back to the page, under the name the page shows them by.
FORM_NAMES = {CommentForm: "comment_form", ReasonForm: "reason_form", VerifyForm: "verify_form"}


@login_required
@require_POST
def result_action(request, pk: int, action: str):
    """One workflow step on a result, by the role allowed to take it.

    A refused step shows the result page again with what was typed and the message at its field.
    """
    if action not in ACTIONS:
        raise Http404
    result = get_object_or_404(
        Result.objects.for_user(request.user).select_related("indicator"), pk=pk
    )
    form_class, step, done = ACTIONS[action]
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            step(result, request.user, form)
        except ValidationError as error:
            if form is None:
                for message in error.messages:
                    messages.error(request, message)
            else:
                apply_validation_error(form, error)
        else:
            messages.success(request, str(done))
            return _after_step(request, result, action)
    if form is None or not form.errors:
        return redirect("reporting:result_edit", result.indicator_id, result.reporting_round_id)
    indicator = _indicator_for(request.user, result.indicator_id)
    reporting_round = _round_of(indicator.agreement, result.reporting_round_id)
    result = Result.objects.get(pk=result.pk)
    return _result_page(
        request, indicator, reporting_round, result, **{FORM_NAMES[form_class]: form}
    )


def _after_step(request, result, action: str):
    """After approving, the supervisor goes on to the next result waiting for them (after
    returning one they stay on it, as its reviewer, with a link to the next)."""
    if action == "approve" and "next" in request.POST:
        waiting = selectors.results_awaiting_approval(
            request.user, result.indicator.agreement_id, result.reporting_round_id
        )
        if waiting:
            return redirect(
                "reporting:result_edit", waiting[0].indicator_id, result.reporting_round_id
            )
    return redirect("reporting:result_edit", result.indicator_id, result.reporting_round_id)


@login_required
@require_POST
def report_action(request, agreement_pk: int, round_pk: int, action: str):
    """Submit, close or reopen the organization's report for a round."""
    agreement = agreement_selectors.agreement_get_for_user(request.user, agreement_pk)
    reporting_round = _round_of(agreement, round_pk)
    try:
        if action == "submit":
            services.report_submit(
                agreement=agreement, reporting_round=reporting_round, user=request.user
            )
            messages.success(request, _("The report was submitted to the evaluator."))
        elif action in ("close", "reopen"):
            report = get_object_or_404(
                RoundReport, agreement=agreement, reporting_round=reporting_round
            )
            if action == "close":
                services.report_close(report=report, user=request.user)
                messages.success(request, _("The round is closed."))
            else:
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors["reason"])
                services.report_reopen(
                    report=report, user=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The report was sent back to the organization."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("reporting:round_detail", agreement.pk, reporting_round.pk)
