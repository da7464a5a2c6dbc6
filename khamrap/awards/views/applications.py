"""The awards' list and an application's page: the calls and their timetables, the applications a
person may see, a new application, the application's stage, forms, writing aid, eligibility,
assessors and result, and its moves.

Every page about an application starts from `selectors.application_get` (an application the person
may not see is a 404); what it offers is `policy.rights`, and each write is one service (which
refuses with a PermissionDenied, a 403, or a coded ValidationError shown on the page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
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
from khamrap.rules import awards as rules

from .. import selectors, services
from ..choices import APPLICANT, MOVE_DONE, OFFICE, Family, Level, Move, Stage
from ..forms import ApplicationCreateForm, AssignForm, CallOpenForm, FilterForm, MoveForm
from ..models import Application, Assignment, Call, CallDate, Scheme
from ..policy import may_open_calls
from ..readiness import committee_problem, reason_text

PAGE_SIZE = 50  # applications on one page of the index

# --- the index -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallRow:
    """A call with its timetable and where its receiving window stands today."""

    call: Call
    timetable: list[CallDate]
    receiving: CallDate | None
    state: str  # "upcoming", "open", "closed", or "" when the call gives no receiving dates
    days_left: int | None  # days left to apply, the closing day included, while open
    schemes: list[Scheme]

    @property
    def takes_applications(self) -> bool:
        return self.state in ("", "upcoming", "open")


def _call_row(call: Call, today: dt.date) -> CallRow:
    timetable = list(call.dates.all())
    receiving = next((d for d in timetable if d.stage == Stage.RECEIVED), None)
    state, days_left = "", None
    if receiving is not None:
        if today < receiving.starts_on:
            state = "upcoming"
        elif today > receiving.ends_on:
            state = "closed"
        else:
            state, days_left = "open", (receiving.ends_on - today).days + 1
    return CallRow(call, timetable, receiving, state, days_left, list(call.schemes.all()))


def _index_page(request, *, open_form=None, status=200):
    user = request.user
    today = timezone.localdate()
    calls = [_call_row(c, today) for c in selectors.call_list()]
    years = sorted({row.call.fiscal_year.year for row in calls}, reverse=True)
    filters = FilterForm(request.GET or None, years=years)
    # A national award office sees every ministry's applications: a page at a time.
    page = Paginator(selectors.application_list(user, **filters.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    applications = list(page)
    may_open = may_open_calls(user)
    if may_open and open_form is None:
        open_form = CallOpenForm(fiscal_years=FiscalYear.objects.order_by("-year"))
    may_apply = Organization.objects.for_user(user, APPLICANT).exists()
    office = Organization.objects.for_user(user, OFFICE).exists()
    owed = selectors.owed_awards(user, coordinate=may_apply, office=office)
    # An assessor reads the applications assigned to them, not their organizations' histories.
    organizations = {a.organization_id for a in applications}
    visible = Organization.objects.for_user(user).filter(pk__in=organizations)
    context = {
        "calls": calls,
        "filters": filters,
        "applications": applications,
        "page": page,
        "history_visible": set(visible.values_list("pk", flat=True)) if organizations else set(),
        "any_taking": any(
            row.takes_applications and any(s.is_open for s in row.schemes) for row in calls
        ),
        "owed": {task: [o for o in owed if o.task == task] for task in ("sheet", "draft", "check")},
        "may_apply": may_apply,
        "open_form": open_form if may_open else None,
        "today": today,
    }
    return render(request, "awards/index.html", context, status=status)


@login_required
def index(request):
    """The calls, newest year first, the applications the person may see and the work owed."""
    return _index_page(request)


@login_required
@require_POST
def call_open(request):
    """Open a family's awards for a fiscal year (whoever sets up fiscal years)."""
    if not may_open_calls(request.user):
        raise PermissionDenied
    form = CallOpenForm(request.POST, fiscal_years=FiscalYear.objects.order_by("-year"))
    if form.is_valid():
        try:
            call = services.call_open(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(call)s is open.") % {"call": call})
            return redirect("awards:index")
    return _index_page(request, open_form=form)


# --- a new application ---------------------------------------------------------------------------


def open_schemes(today: dt.date):
    """The award types taking applications: open, in a call whose receiving window has not closed."""
    closed = CallDate.objects.filter(stage=Stage.RECEIVED, ends_on__lt=today).values("call_id")
    return (
        Scheme.objects.filter(is_open=True)
        .exclude(Q(call_id__in=closed))
        .select_related("call__fiscal_year")
        .order_by("-call__fiscal_year__year", "call__family", "number")
    )


@login_required
def application_new(request):
    """Start an application: the organization (one the person coordinates), the type, the title."""
    organizations = Organization.objects.for_user(request.user, APPLICANT)
    if not organizations.exists():
        raise PermissionDenied
    initial = (
        {"scheme": request.GET.get("scheme")} if request.GET.get("scheme", "").isdigit() else {}
    )
    form = ApplicationCreateForm(
        request.POST or None,
        initial=initial,
        organizations=organizations,
        schemes=open_schemes(timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The application was started. Fill in forms 1 to 3."))
            return redirect("awards:detail", application.pk)
    return render(request, "awards/application_new.html", {"form": form})


# --- the application's page ---------------------------------------------------------------------


@dataclass
class MoveOffer:
    """A move the person may make, its form, and why it waits when it cannot be taken yet."""

    move: Move
    form: MoveForm
    blocked: str = ""  # shown instead of the button
    refused: bool = False  # the form comes back with a refusal

    @property
    def needs_comment(self) -> bool:
        return self.move == Move.REJECT

    @property
    def is_announce(self) -> bool:
        return self.move == Move.ANNOUNCE


def _blocked(move: str, view: selectors.ApplicationView) -> str:
    """Why a move the stage allows would be refused now (what the service checks beyond it)."""
    if move == Move.SUBMIT and view.problems:
        return _("Complete what is still to do first.")
    if move == Move.COMMITTEE:
        return committee_problem([sheet.assignment for sheet in view.sheets])
    return ""


def _eligibility(eligibility: rules.Eligibility | None) -> dict | None:
    if eligibility is None:
        return None
    return {
        "met": eligibility.met,
        "reasons": [reason_text(code) for code in eligibility.reasons],
        "evidence": [
            {
                "year": a.year,
                "family": Family(a.family).label,
                "number": a.number,
                "level": _level(a.level),
                "work": a.work,
            }
            for a in eligibility.evidence
        ],
    }


def result_figures(view: selectors.ApplicationView) -> dict | None:
    """The consolidated figures by part, when the person may see them."""
    result = view.consolidated
    if result is None:
        return None
    groups: list[tuple[str, list]] = []
    for criterion in view.criteria:
        row = (criterion, result.by_criterion.get(criterion.code))
        if groups and groups[-1][0] == criterion.group:
            groups[-1][1].append(row)
        else:
            groups.append((criterion.group, [row]))
    return {
        "groups": groups,
        "total": result.total,
        "maximum": rules.sheet_maximum([c.limit() for c in view.criteria]),
        "level": _level(result.level),
        "sheets": result.sheets,
    }


def detail_page(request, application: Application, *, refused=None, assign_form=None, status=200):
    """The application's page; `refused` is a (move, bound MoveForm) that came back refused."""
    view = selectors.application_view(application, request.user)
    # A refusal of a move or an assignment the page no longer offers is said at the top.
    if refused and refused[0] not in view.rights.moves:
        _as_messages(request, refused[1])
    if assign_form is not None and not view.rights.assign:
        _as_messages(request, assign_form)
    offers = []
    for move in view.rights.moves:
        if refused and refused[0] == move:
            offers.append(MoveOffer(Move(move), refused[1], refused=True))
        else:
            offers.append(MoveOffer(Move(move), MoveForm(prefix=move), _blocked(move, view)))
    if view.rights.assign and assign_form is None:
        assessors = services.assessors_for(application).select_related("award_assessor")
        assign_form = AssignForm(assessors=assessors)
    context = {
        "application": application,
        "view": view,
        "rights": view.rights,
        "call": application.scheme.call,
        "offers": offers,
        "eligibility": _eligibility(view.eligibility),
        "result": result_figures(view) if view.rights.see_result else None,
        "assign_form": assign_form if view.rights.assign else None,
        "recommending": sum(1 for s in view.sheets if s.assignment.recommends),
        # An assessor reads the application, not always its organization's award history.
        "history_visible": view.rights.assignment is None
        or can(request.user, application.organization, Action.VIEW),
    }
    return render(request, "awards/application_detail.html", context, status=status)


def _as_messages(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _level(code: str) -> str:
    return Level(code).label if code in Level.values else code


@login_required
def application_detail(request, pk: int):
    """The application: its stage and history, forms, writing aid, eligibility, assessors, result
    and the moves this person may make."""
    return detail_page(request, selectors.application_get(request.user, pk))


@login_required
@require_POST
def application_move(request, pk: int, move: str):
    """A move along choices.TRANSITIONS; a refused move comes back on the page with its reasons."""
    application = selectors.application_get(request.user, pk)
    if move not in Move.values:
        raise Http404
    form = MoveForm(request.POST, prefix=move)
    if form.is_valid():
        data = form.cleaned_data
        decision = None
        if move == Move.ANNOUNCE and (data["level"] or data["note"]):
            decision = services.Decision(data["level"], data["note"])
        try:
            services.application_move(
                application=application,
                move=move,
                user=request.user,
                comment=data["comment"],
                decision=decision,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, MOVE_DONE[move])
            return redirect("awards:detail", application.pk)
    return detail_page(request, application, refused=(move, form))


@login_required
@require_POST
def assessor_assign(request, pk: int):
    """The award office assigns an assessor from the pool."""
    application = selectors.application_get(request.user, pk)
    form = AssignForm(
        request.POST,
        assessors=services.assessors_for(application).select_related("award_assessor"),
    )
    if form.is_valid():
        try:
            services.assessor_assign(
                application=application, assessor=form.cleaned_data["assessor"], user=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is assigned.") % {"name": form.cleaned_data["assessor"].display_name},
            )
            return redirect("awards:detail", application.pk)
    return detail_page(request, application, assign_form=form)


@login_required
@require_POST
def assessor_unassign(request, pk: int, assignment_pk: int):
    """Take an assessor off the application (their sheet not finished)."""
    application = selectors.application_get(request.user, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("assessor"), pk=assignment_pk, application=application
    )
    try:
        services.assessor_unassign(assignment=assignment, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer assigned.") % {"name": assignment.assessor.display_name},
        )
    return redirect("awards:detail", application.pk)
