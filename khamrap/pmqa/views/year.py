"""The pages of a PMQA year's life: the list of years, the year's overview, its plan, working
group, units, briefing and training, its moves and the agreement's linked indicator.

Every page starts from `selectors.year_get` (another organization's year is a 404); the edit pages
then need the coordinator's right (403 otherwise) and call one service each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.models import Indicator
from khamrap.lib.views import apply_validation_error
from khamrap.organizations.choices import Action, OrganizationKind
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear
from khamrap.reporting.models import Result
from khamrap.rules import pmqa as rules

from .. import forms_year as forms
from .. import policy, selectors, services
from ..choices import (
    ACTIVITIES_EDITABLE,
    PLAN_EDITABLE,
    YEAR_MOVE_DONE,
    YearMove,
    YearStatus,
)
from ..models import Category, CategoryPlan, PmqaYear
from ..services.indicator import STEPS, reporting_round
from ..services.work import report_messages
from ..services.year import plan_messages

ACTIVITIES = {
    "briefing": gettext_lazy("Briefing on PMQA"),
    "training": gettext_lazy("Self-assessment training"),
}
# The field each refusal of services.activity_record is about (by its code), shown beside it.
ACTIVITY_REFUSAL_FIELDS = {"future": "held_on", "attendees": "attendees"}

# Seed 000's five steps: what each one is, and the year's field holding the day its part was done.
STEP_LABELS = (
    (gettext_lazy("Briefing held"), "briefing_on"),
    (gettext_lazy("Working group named and plan approved by the head"), "plan_approved_on"),
    (gettext_lazy("Self-assessment training held"), "training_on"),
    (gettext_lazy("Organizational profile complete"), "profile_completed_on"),
    (gettext_lazy("Preliminary self-assessment report complete"), "report_completed_on"),
)


# --- the list ----------------------------------------------------------------------------------


def _create_form(request, data=None):
    return forms.YearCreateForm(
        data,
        organizations=Organization.objects.for_user(request.user, Action.COORDINATE),
        fiscal_years=FiscalYear.objects.order_by("-year"),
    )


def _list_page(request, form):
    years = list(selectors.year_list(request.user))
    rows = [(y, rules.milestone_steps(y.state()).level) for y in years]
    context = {"rows": rows, "steps": STEPS, "form": form}
    return render(request, "pmqa/year_list.html", context)


@login_required
def year_list(request):
    """The PMQA years the user may see, newest first, and a form to start one."""
    form = _create_form(request)
    if not form.fields["organization"].queryset.exists():
        form = None
    return _list_page(request, form)


@login_required
def year_create(request):
    form = _create_form(request, request.POST or None)
    if not form.fields["organization"].queryset.exists():
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            year = services.year_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The PMQA year was started. Plan it next."))
            return redirect("pmqa:year_detail", year.pk)
    return _list_page(request, form)


# --- the overview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    number: int
    label: str
    done: bool
    day: dt.date | None  # the day its own part was done, even before the steps ahead of it


def _owed(year: PmqaYear) -> list[str]:
    """What must happen before the year can move on."""
    if year.status == YearStatus.PLANNING:
        return plan_messages(year)
    if year.status == YearStatus.APPROVED:
        return report_messages(year)
    return []


def _indicator_state(year: PmqaYear, steps: rules.Steps) -> services.IndicatorSync | None:
    """Where the linked indicator stands: the round its steps go to and the steps it holds."""
    if year.indicator_id is None:
        return None
    target = reporting_round(year)
    stored = (
        Result.objects.filter(indicator_id=year.indicator_id, reporting_round=target).first()
        if target
        else None
    )
    recorded = tuple(stored.steps_done) if stored else None
    return services.IndicatorSync(steps, target, recorded)


def _plan_rows(year: PmqaYear) -> list[tuple[Category, CategoryPlan | None]]:
    plans = {
        p.category_id: p
        for p in CategoryPlan.objects.filter(year=year).select_related("responsible_user")
    }
    return [
        (c, plans.get(c.pk))
        for c in Category.objects.filter(version=year.criteria_id).order_by("number")
    ]


def _activities(year: PmqaYear) -> list[tuple]:
    """(slug, title, day, attendees, note) of the briefing and the training."""
    return [
        (
            slug,
            label,
            getattr(year, f"{slug}_on"),
            getattr(year, f"{slug}_attendees"),
            getattr(year, f"{slug}_note"),
        )
        for slug, label in ACTIVITIES.items()
    ]


@login_required
def year_detail(request, pk: int):
    """The overview a coordinator works from: what is owed, the five steps, the plan, the
    records, the linked indicator, the history and the moves this person may make."""
    year = selectors.year_get(request.user, pk)
    steps = rules.milestone_steps(year.state())
    rights = policy.year_rights(request.user, year)
    context = {
        "year": year,
        "rights": rights,
        "owed": _owed(year),
        "steps": [
            StepRow(n, label, n in steps.done, getattr(year, field))
            for n, (label, field) in enumerate(STEP_LABELS, start=1)
        ],
        "level": steps.level,
        "plan_rows": _plan_rows(year),
        "members": list(year.members.all()),
        "is_province": year.organization.kind == OrganizationKind.PROVINCE,
        "units": list(year.selected_units.select_related("unit")),
        "indicator": _indicator_state(year, steps),
        "events": list(year.events.select_related("actor")),
        "activities": _activities(year),
        "move_forms": [(YearMove(m), m == YearMove.RETURN) for m in rights.moves],
    }
    return render(request, "pmqa/year_detail.html", context)


# --- the edit pages ----------------------------------------------------------------------------


def _editable(
    request, pk: int, allowed: frozenset[str], *, province_only: bool = False
) -> tuple[PmqaYear, bool]:
    """The year for an edit page: 404 to whoever may not see it (and for units, when it is not a
    province's), 403 to whoever may not coordinate it; and whether its status lets it change now
    (when not, the reason is left as a message for the year's page)."""
    year = selectors.year_get(request.user, pk)
    if province_only and year.organization.kind != OrganizationKind.PROVINCE:
        raise Http404
    policy.require(request.user, year)
    try:
        policy.require_status(year, allowed)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return year, False
    return year, True


@login_required
def plan_edit(request, pk: int):
    """The categories chosen for the year, mandatory or voluntary, and who answers for each."""
    year, editable = _editable(request, pk, PLAN_EDITABLE)
    if not editable:
        return redirect("pmqa:year_detail", year.pk)
    plans = CategoryPlan.objects.filter(year=year).select_related("category")
    form = forms.PlanForm(
        request.POST or None,
        initial=forms.PlanForm.initial_from(plans),
        categories=Category.objects.filter(version=year.criteria_id).order_by("number"),
        members=forms.organization_members(year.organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(year=year, user=request.user, categories=form.choices())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("pmqa:year_detail", year.pk)
    return render(request, "pmqa/plan_form.html", {"year": year, "form": form})


@login_required
def working_group_edit(request, pk: int):
    """The working group (คณะทำงาน): name, position and role of each member."""
    year, editable = _editable(request, pk, PLAN_EDITABLE)
    if not editable:
        return redirect("pmqa:year_detail", year.pk)
    formset = forms.member_formset(request.POST or None, year.members.all())
    error = None
    if request.method == "POST" and formset.is_valid():
        members = forms.members_from(formset)
        try:
            services.working_group_save(year=year, user=request.user, members=members)
        except ValidationError as refusal:
            error = refusal
        else:
            messages.success(request, _("The working group was saved."))
            return redirect("pmqa:year_detail", year.pk)
    context = {"year": year, "formset": formset, "error": error}
    return render(request, "pmqa/working_group_form.html", context)


@login_required
def units_edit(request, pk: int):
    """A province's units selected to do PMQA (seed 000: at least one)."""
    year, editable = _editable(request, pk, PLAN_EDITABLE, province_only=True)
    if not editable:
        return redirect("pmqa:year_detail", year.pk)
    form = forms.UnitsForm(
        request.POST or None,
        initial={"units": list(year.selected_units.values_list("unit_id", flat=True))},
        units=Organization.objects.get_descendants(year.organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.units_save(year=year, user=request.user, units=form.cleaned_data["units"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The selected units were saved."))
            return redirect("pmqa:year_detail", year.pk)
    return render(request, "pmqa/units_form.html", {"year": year, "form": form})


@login_required
def activity_edit(request, pk: int, activity: str):
    """The briefing (seed 000 step 1) or the self-assessment training (step 3)."""
    if activity not in ACTIVITIES:
        raise Http404
    year, editable = _editable(request, pk, ACTIVITIES_EDITABLE)
    if not editable:
        return redirect("pmqa:year_detail", year.pk)
    initial = {
        "held_on": getattr(year, f"{activity}_on"),
        "attendees": getattr(year, f"{activity}_attendees") or None,
        "note": getattr(year, f"{activity}_note"),
    }
    form = forms.ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_record(
                year=year,
                user=request.user,
                activity=activity,
                held_on=data["held_on"],
                attendees=data["attendees"] or 0,
                note=data["note"],
            )
        except ValidationError as error:
            field = ACTIVITY_REFUSAL_FIELDS.get(getattr(error, "code", None))
            if field:
                form.add_error(field, error)
            else:
                apply_validation_error(form, error)
        else:
            messages.success(
                request, _("%(activity)s was saved.") % {"activity": ACTIVITIES[activity]}
            )
            return redirect("pmqa:year_detail", year.pk)
    context = {"year": year, "form": form, "activity": activity, "title": ACTIVITIES[activity]}
    return render(request, "pmqa/activity_form.html", context)


@login_required
def year_move(request, pk: int, move: str):
    """A move of the year (YEAR_TRANSITIONS); a refused move comes back with its reasons."""
    year = selectors.year_get(request.user, pk)  # first: another organization's year is a 404
    if move not in YearMove.values:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.year_move(
            year=year, move=move, user=request.user, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, YEAR_MOVE_DONE[move])
    return redirect("pmqa:year_detail", year.pk)


def _milestone_indicators(request, year: PmqaYear):
    """The five-step milestone indicators of the organization's agreement for the year."""
    return (
        Indicator.objects.for_user(request.user)
        .filter(
            agreement__organization=year.organization_id,
            agreement__fiscal_year=year.fiscal_year_id,
            kind=ScoringKind.MILESTONE,
        )
        .annotate(step_count=Count("steps"))
        .filter(step_count=STEPS)
        .order_by("order", "pk")
    )


@login_required
def indicator_edit(request, pk: int):
    """Link the agreement's PMQA indicator (seed 000), or bring it up to the year's steps."""
    year = selectors.year_get(request.user, pk)
    policy.require(request.user, year)
    if request.method == "POST" and "sync" in request.POST:
        outcome = services.indicator_sync(year=year, user=request.user)
        if outcome.in_step:
            messages.success(request, _("The indicator holds the year's steps."))
        else:
            messages.error(request, outcome.problem or _("The indicator could not be updated."))
        return redirect("pmqa:year_detail", year.pk)
    form = forms.IndicatorLinkForm(
        request.POST or None,
        initial={"indicator": year.indicator_id},
        indicators=_milestone_indicators(request, year),
    )
    if request.method == "POST" and form.is_valid():
        indicator = None if "unlink" in request.POST else form.cleaned_data["indicator"]
        try:
            services.indicator_link(year=year, indicator=indicator, user=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            done = _("The indicator was linked.") if indicator else _("The indicator was unlinked.")
            messages.success(request, done)
            return redirect("pmqa:year_detail", year.pk)
    return render(request, "pmqa/indicator_form.html", {"year": year, "form": form})
