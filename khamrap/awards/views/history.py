"""An organization's award history: the awards it holds (announced in khamrap or entered from the
past by the award office) and the yearly reports that a distinguished service keeps its standard.

The organization is found through Organization.objects.for_user (404 otherwise); the award office
(EVALUATE on it) adds past awards, its coordinators the yearly reports (403 for anyone else).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khamrap.lib.views import apply_validation_error
from khamrap.organizations.models import Organization
from khamrap.organizations.permissions import can
from khamrap.rules import awards as rules

from .. import selectors, services
from ..choices import APPLICANT, OFFICE, Level
from ..forms import MaintenanceForm, RecordForm
from ..models import AwardRecord


def _organization(request, org_pk: int) -> Organization:
    return get_object_or_404(Organization.objects.for_user(request.user), pk=org_pk)


def _reported(organization: Organization):
    """The awards a yearly maintenance report is sent for: distinguished Public Service awards."""
    return AwardRecord.objects.filter(
        organization=organization, family=rules.PUBLIC_SERVICE, level=Level.DISTINGUISHED
    ).order_by("-year", "number")


def _history_page(request, organization, *, record_form=None, report_form=None, status=200):
    office = can(request.user, organization, OFFICE)
    coordinator = can(request.user, organization, APPLICANT)
    if office and record_form is None:
        record_form = RecordForm()
    if coordinator and report_form is None:
        report_form = MaintenanceForm(records=_reported(organization))
    context = {
        "organization": organization,
        "records": list(selectors.history(organization).select_related("application")),
        "record_form": record_form if office else None,
        "report_form": report_form if coordinator else None,
    }
    return render(request, "awards/history.html", context, status=status)


@login_required
def history(request, org_pk: int):
    """The organization's awards, newest first, each with its yearly maintenance reports."""
    return _history_page(request, _organization(request, org_pk))


@login_required
@require_POST
def record_add(request, org_pk: int):
    """The award office enters an award held from before khamrap."""
    organization = _organization(request, org_pk)
    if not can(request.user, organization, OFFICE):
        raise PermissionDenied
    form = RecordForm(request.POST)
    if form.is_valid():
        try:
            services.record_add(organization=organization, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The award was added to the history."))
            return redirect("awards:history", organization.pk)
    return _history_page(request, organization, record_form=form)


@login_required
@require_POST
def report_add(request, org_pk: int):
    """A coordinator records the yearly report to OPDC on a distinguished service's standard."""
    organization = _organization(request, org_pk)
    if not can(request.user, organization, APPLICANT):
        raise PermissionDenied
    form = MaintenanceForm(request.POST, records=_reported(organization))
    if form.is_valid():
        try:
            services.maintenance_report_add(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The yearly report was recorded."))
            return redirect("awards:history", organization.pk)
    return _history_page(request, organization, report_form=form)
