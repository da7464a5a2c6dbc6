"""Pages of the improvement plan (แผนพัฒนาองค์การ): its projects, each from an OFI of the
self-assessment, and their progress reported every reporting round as an indicator's result is.

Every page starts from selectors.year_get (another organization's year is a 404); a project or
round is looked up within that year (another year's is a 404); changes need year_rights.edit_projects
(403 otherwise), and the services refuse what the year's status does not allow.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.lib.views import apply_validation_error
from khamrap.periods.models import ReportingRound

from .. import policy, selectors, services
from ..forms_work import ProjectForm, ProjectReportForm
from ..models import PmqaYear, Project, ProjectReport


@login_required
def plan_detail(request, pk: int):
    """The improvement plan: each project, its OFI, owner, deadline, status and progress in each
    reporting round of the fiscal year, and the plan's progress."""
    year = selectors.year_get(request.user, pk)
    view = selectors.plan_view(year, timezone.localdate())
    rounds = list(year.fiscal_year.rounds.order_by("months"))
    context = {
        "year": year,
        "view": view,
        "rounds": rounds,
        "closed_rounds": selectors.closed_rounds(year),
        "rows": [(row, [(r, row.reports.get(r.pk)) for r in rounds]) for row in view.projects],
        "rights": policy.year_rights(request.user, year),
    }
    return render(request, "pmqa/improvement_plan.html", context)


def _editable_year(request, pk: int) -> PmqaYear:
    """The year, when the person may change its projects now (404 when they may not see it)."""
    year = selectors.year_get(request.user, pk)
    if not policy.year_rights(request.user, year).edit_projects:
        raise PermissionDenied
    return year


def _project_of(year: PmqaYear, project_pk: int) -> Project:
    return get_object_or_404(
        Project.objects.select_related("ofi__assessment__item"), pk=project_pk, year=year
    )


@login_required
def project_create(request, pk: int):
    """A new project of the improvement plan."""
    return _project_page(request, _editable_year(request, pk), None)


@login_required
def project_edit(request, pk: int, project_pk: int):
    """A project of the improvement plan: its name, OFI, owner, deadline and status."""
    year = _editable_year(request, pk)
    return _project_page(request, year, _project_of(year, project_pk))


def _project_page(request, year: PmqaYear, project: Project | None):
    form = ProjectForm(request.POST or None, year=year, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_save(
                year=year, user=request.user, project=project, **form.project_fields()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("pmqa:plan_detail", year.pk)
    context = {"year": year, "project": project, "form": form}
    return render(request, "pmqa/project_form.html", context)


@login_required
def project_report(request, pk: int, project_pk: int, round_pk: int):
    """A project's progress in one reporting round of the year's fiscal year."""
    year = _editable_year(request, pk)
    project = _project_of(year, project_pk)
    reporting_round = get_object_or_404(
        ReportingRound, pk=round_pk, fiscal_year=year.fiscal_year_id
    )
    report = ProjectReport.objects.filter(project=project, reporting_round=reporting_round).first()
    form = ProjectReportForm(request.POST or None, initial=ProjectReportForm.initial_for(report))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_report(
                project=project,
                reporting_round=reporting_round,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project's progress was reported."))
            return redirect("pmqa:plan_detail", year.pk)
    context = {
        "year": year,
        "project": project,
        "reporting_round": reporting_round,
        "report": report,
        "form": form,
    }
    return render(request, "pmqa/project_report_form.html", context)
