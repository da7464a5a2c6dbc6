from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khamrap.lib.views import apply_validation_error
from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization
from khamrap.organizations.permissions import can
from khamrap.periods.models import FiscalYear
from khamrap.reporting import scorecard as scores
from khamrap.reporting.policy import may_record

from . import checks, forms, selectors, services
from .choices import TRANSITION_DONE, TRANSITIONS, Transition
from .forms import AgreementCreateForm, AmendmentForm, SignForm, TransitionForm
from .models import Amendment, Indicator

LIST_PAGE_SIZE = 50


@login_required
def agreement_list(request):
    """The agreements of the organizations the user may see, newest year first."""
    agreements = selectors.agreement_list_for_user(request.user)
    page = Paginator(agreements, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = Organization.objects.for_user(request.user, Action.COORDINATE).exists()
    return render(
        request,
        "agreements/agreement_list.html",
        {"page": page, "can_create": can_create},
    )


@login_required
def agreement_create(request):
    organizations = Organization.objects.for_user(request.user, Action.COORDINATE)
    if not organizations.exists():
        raise Http404
    form = AgreementCreateForm(
        request.POST or None,
        organizations=organizations,
        fiscal_years=FiscalYear.objects.order_by("-year"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The draft agreement was created. Add its indicators."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return render(request, "agreements/agreement_form.html", {"form": form})


@login_required
def agreement_detail(request, pk: int):
    """The agreement: its indicators by group, its life, its check list and its score table."""
    agreement = selectors.agreement_get_for_user(request.user, pk)
    return _agreement_page(request, agreement)


def _agreement_page(request, agreement, failed=None):
    """The agreement page; `failed` is a step (transition, bound form) to show again with its errors."""
    indicators = selectors.indicators_of(agreement)
    rounds = selectors.rounds_of(agreement)
    chosen = next((r for r in rounds if str(r.pk) == request.GET.get("round")), None)
    chosen = chosen or scores.latest_round_with_results(agreement)
    events = list(agreement.events.select_related("actor"))
    context = {
        "agreement": agreement,
        "groups": selectors.grouped(indicators),
        "timeline": selectors.agreement_timeline(agreement, events, timezone.localdate()),
        "events": events,
        "problems": checks.problems_for(agreement, indicators),
        "coverage": checks.coverage_for(agreement, indicators),
        "scorecard": scores.scorecard(agreement, indicators, chosen),
        "rounds": rounds,
        "amendments": list(agreement.amendments.select_related("opened_by")),
        "open_amendment": next(
            (a for a in agreement.amendments.all() if a.closed_at is None), None
        ),
        "can_coordinate": can(request.user, agreement.organization, Action.COORDINATE),
        "can_sign": can(request.user, agreement.organization, Action.SIGN),
        "transitions": _transitions_for(request.user, agreement, failed),
    }
    return render(request, "agreements/agreement_detail.html", context)


def _transitions_for(user, agreement, failed=None):
    """The steps this user may take now, each with its form and the question asked before it.

    The signing form starts with the people who sign (selectors.signatories_suggested); a step that
    failed keeps its typed form, with the errors at its fields.
    """
    available = []
    for transition in TRANSITIONS:
        if _may_take(user, agreement, transition):
            if failed and failed[0] == transition:
                form = failed[1]
            elif transition == Transition.SIGN:
                form = SignForm(initial=selectors.signatories_suggested(agreement, user))
            else:
                form = TransitionForm(transition=transition)
            question = forms.TRANSITION_QUESTIONS[transition]
            available.append((Transition(transition), form, question))
    return available


def _may_take(user, agreement, transition: str) -> bool:
    allowed_from, _to, action = TRANSITIONS[transition]
    return agreement.status in allowed_from and can(user, agreement.organization, action)


@login_required
@require_POST
def agreement_transition(request, pk: int, transition: str):
    agreement = selectors.agreement_get_for_user(request.user, pk)
    if transition not in Transition.values:
        raise Http404
    if transition == Transition.SIGN:
        form = SignForm(request.POST)
    else:
        form = TransitionForm(request.POST, transition=transition)
    if form.is_valid():
        data = dict(form.cleaned_data)
        signatories = None
        if transition == Transition.SIGN:
            note = data.pop("note", "")
            signatories = services.Signatories(**data)
            data = {"note": note}
        try:
            services.agreement_transition(
                agreement=agreement,
                transition=transition,
                user=request.user,
                signatories=signatories,
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, TRANSITION_DONE[transition])
            return redirect("agreements:agreement_detail", agreement.pk)
    if _may_take(request.user, agreement, transition):
        # The step is on the page: show its form again as typed, the errors at their fields.
        return _agreement_page(request, agreement, failed=(transition, form))
    # A step the page does not offer now (taken meanwhile, or never allowed): say why at the top.
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)
    return redirect("agreements:agreement_detail", agreement.pk)


@login_required
def amendment_open(request, pk: int):
    agreement = selectors.agreement_get_for_user(request.user, pk)
    # Opened from a refused indicator edit: go on to that indicator's form (or a new one) after.
    then = (request.POST or request.GET).get("then", "")
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_open(agreement=agreement, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The amendment is open: the indicators can be changed."))
            if then == "new":
                return redirect("agreements:indicator_create", agreement.pk)
            # isdecimal, not isdigit: int() refuses digits such as "²" that isdigit accepts.
            if then.isdecimal() and agreement.indicators.filter(pk=then).exists():
                return redirect("agreements:indicator_edit", agreement.pk, int(then))
            return redirect("agreements:agreement_detail", agreement.pk)
    context = {"form": form, "agreement": agreement, "then": then}
    return render(request, "agreements/amendment_form.html", context)


@login_required
@require_POST
def amendment_close(request, pk: int, number: int):
    agreement = selectors.agreement_get_for_user(request.user, pk)
    amendment = get_object_or_404(Amendment, agreement=agreement, number=number)
    try:
        services.amendment_close(amendment=amendment, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The amendment is closed: the agreement is locked again."))
    return redirect("agreements:agreement_detail", agreement.pk)


@login_required
def amendment_detail(request, pk: int, number: int):
    agreement = selectors.agreement_get_for_user(request.user, pk)
    amendment = get_object_or_404(
        Amendment.objects.select_related("opened_by"), agreement=agreement, number=number
    )
    context = {
        "agreement": agreement,
        "amendment": amendment,
        "changes": selectors.amendment_lines(amendment),
    }
    return render(request, "agreements/amendment_detail.html", context)


def _indicator_forms(request, agreement, indicator=None):
    people = forms.people_for(agreement.organization)
    cascade_sources = Indicator.objects.for_user(request.user).filter(
        agreement__fiscal_year=agreement.fiscal_year,
        agreement__organization__depth__lt=agreement.organization.depth,
    )
    form = forms.IndicatorForm(
        request.POST or None,
        instance=indicator,
        agreement=agreement,
        people=people,
        cascade_sources=cascade_sources,
    )
    initial = (
        [{"description": s.description, "evidence": s.evidence} for s in indicator.steps.all()]
        if indicator
        else []
    )
    # Room for five steps at least: a mixed indicator given more step levels shows more rows.
    initial += [{} for _ in range(forms.STEP_FORMS - len(initial))]
    steps = forms.StepFormSet(request.POST or None, initial=initial, prefix="steps")
    return form, steps


@login_required
def indicator_edit(request, pk: int, indicator_pk: int | None = None):
    """Add or change an indicator: every field of seed 000's sheet and its scoring criteria."""
    agreement = selectors.agreement_get_for_user(request.user, pk, Action.COORDINATE)
    indicator = get_object_or_404(agreement.indicators, pk=indicator_pk) if indicator_pk else None
    if not selectors.indicators_editable(agreement) or (indicator and indicator.retired_from_id):
        # Refused before anything is typed, not after: why, and the way to change it (amend).
        context = {"agreement": agreement, "indicator": indicator}
        return render(request, "agreements/indicator_locked.html", context, status=409)
    form, steps = _indicator_forms(request, agreement, indicator)
    step_data = _step_data(form, steps) if request.method == "POST" and form.is_valid() else None
    if step_data is not None:
        data = dict(form.cleaned_data)
        people = {key: data.pop(key) for key in ("supervisors", "collectors", "issues")}
        try:
            saved = services.indicator_save(
                agreement=agreement,
                user=request.user,
                fields=data,
                steps=step_data,
                indicator=indicator,
                **people,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Indicator %(number)s was saved.") % {"number": saved.number}
            )
            return redirect("agreements:indicator_detail", agreement.pk, saved.pk)
    context = {"agreement": agreement, "indicator": indicator, "form": form, "steps": steps}
    return render(request, "agreements/indicator_form.html", context)


def _step_data(form, steps) -> list[services.StepData] | None:
    """The described steps; None when they have errors. A kind without steps gets none: its step
    rows (shown without JavaScript) are ignored, not checked."""
    if form.cleaned_data["kind"] not in forms.STEP_KINDS:
        return []
    if not steps.is_valid():
        return None
    return [
        services.StepData(s["description"], s["evidence"])
        for s in steps.cleaned_data
        if s.get("description", "").strip()
    ]


@login_required
@require_POST
def indicator_delete(request, pk: int, indicator_pk: int):
    agreement = selectors.agreement_get_for_user(request.user, pk, Action.COORDINATE)
    indicator = get_object_or_404(agreement.indicators, pk=indicator_pk)
    try:
        services.indicator_delete(indicator=indicator, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("agreements:indicator_detail", agreement.pk, indicator.pk)
    messages.success(request, _("Indicator %(number)s was removed.") % {"number": indicator.number})
    return redirect("agreements:agreement_detail", agreement.pk)


@login_required
def indicator_detail(request, pk: int, indicator_pk: int):
    """The indicator sheet as seed 000 prints it, with its results and scores by round."""
    agreement = selectors.agreement_get_for_user(request.user, pk)
    indicators = selectors.indicators_of(agreement)
    indicator = next((i for i in indicators if i.pk == indicator_pk), None)
    if indicator is None:
        raise Http404
    context = {
        "agreement": agreement,
        "indicator": indicator,
        "levels": selectors.milestone_levels(indicator),
        "round_results": scores.indicator_results(agreement, indicator),
        "solver": forms.SolverForm(),
        "can_coordinate": can(request.user, agreement.organization, Action.COORDINATE),
        "can_evaluate": can(request.user, agreement.organization, Action.EVALUATE),
        "can_record": may_record(request.user, indicator),
        "editable": not agreement.is_locked
        or agreement.amendments.filter(closed_at__isnull=True).exists(),
    }
    return render(request, "agreements/indicator_detail.html", context)


@login_required
def indicator_solver(request, pk: int, indicator_pk: int):
    """What this indicator must achieve to lift the total to a chosen score (an htmx fragment)."""
    agreement = selectors.agreement_get_for_user(request.user, pk)
    indicators = selectors.indicators_of(agreement)
    indicator = next((i for i in indicators if i.pk == indicator_pk and i.parent_id is None), None)
    if indicator is None:
        raise Http404
    form = forms.SolverForm(request.GET or None)
    answer = None
    if form.is_valid():
        answer = scores.required_result_for(
            agreement, indicators, indicator, form.cleaned_data["target_total"]
        )
    return render(
        request, "agreements/_solver.html", {"form": form, "answer": answer, "indicator": indicator}
    )


@login_required
def agreement_download(request, pk: int, file_format: str):
    """The agreement as an agreement file (YAML or JSON), with the chosen round's results."""
    from django.http import HttpResponse

    from khamrap.reporting.exchange import agreement_export_with_results
    from khamrap.rules import agreement_file

    from .file_export import agreement_export

    agreement = selectors.agreement_get_for_user(request.user, pk)
    reporting_round = next(
        (r for r in selectors.rounds_of(agreement) if str(r.pk) == request.GET.get("round")), None
    )
    data = (
        agreement_export_with_results(agreement, reporting_round)
        if reporting_round is not None
        else agreement_export(agreement)
    )
    text = agreement_file.dump(data, format=file_format)
    content_type = "application/json" if file_format == "json" else "application/yaml"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    name = f"{agreement.organization.code}-{agreement.fiscal_year.year}.{'json' if file_format == 'json' else 'yaml'}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def agreement_upload(request):
    """Start a draft agreement from an agreement file: all of it, or nothing with every problem listed."""
    from khamrap.rules import agreement_file

    from .file_import import AgreementImportError, agreement_import

    organizations = Organization.objects.for_user(request.user, Action.COORDINATE)
    if not organizations.exists():
        raise Http404
    form = forms.AgreementUploadForm(
        request.POST or None, request.FILES or None, organizations=organizations
    )
    problems: list[str] = []
    # The file's own problems, each in Thai and English: the page shows the reader's language.
    file_problems: tuple[agreement_file.Problem, ...] = ()
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        try:
            data = agreement_file.load(form.cleaned_data["text"])
            fiscal_year = FiscalYear.objects.filter(year=data.fiscal_year).first()
            if fiscal_year is None:
                problems.append(
                    _("Fiscal year %(year)s has not been set up.") % {"year": data.fiscal_year}
                )
            else:
                agreement = agreement_import(
                    organization=organization, fiscal_year=fiscal_year, data=data, user=request.user
                )
                messages.success(request, _("The agreement file was imported as a draft."))
                return redirect("agreements:agreement_detail", agreement.pk)
        except agreement_file.AgreementFileError as error:
            file_problems = error.problems
        except AgreementImportError as error:
            problems = error.problems
    context = {"form": form, "problems": problems, "file_problems": file_problems}
    return render(request, "agreements/agreement_upload.html", context)
