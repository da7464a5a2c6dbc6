"""Evidence files on the web: upload, remove, download. The files are never served by URL."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from khamrap.agreements.models import Indicator
from khamrap.lib.forms import FriendlyForm
from khamrap.lib.views import apply_validation_error
from khamrap.periods.models import ReportingRound

from . import evidence as services
from .models import EvidenceFile, Result
from .policy import ResultRights

PARTIAL = "reporting/_evidence_list.html"
logger = logging.getLogger(__name__)


class EvidenceUploadForm(FriendlyForm):
    """A file and, for an indicator with milestone steps, the step it shows."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        error_messages={
            "required": gettext_lazy("Choose a file to attach."),
            "empty": gettext_lazy("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": services.ACCEPT_ATTRIBUTE}),
    )
    step_number = forms.TypedChoiceField(
        label=gettext_lazy("Evidence for"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, result: Result | None = None, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        indicator = indicator or result.indicator
        steps = list(indicator.steps.order_by("number"))
        if steps:
            self.fields["step_number"].choices = [
                ("", _("The whole result")),
                *((s.number, _("Step %(number)s") % {"number": s.number}) for s in steps),
            ]
        else:
            del self.fields["step_number"]


def _result_for_user(user, pk: int) -> Result:
    """A result of an indicator the user may see, or 404."""
    return get_object_or_404(
        Result.objects.for_user(user).select_related("indicator__agreement__organization"),
        pk=pk,
    )


def _next_url(request: HttpRequest, result: Result) -> str:
    """Where to go back to: the page that asked, when it is a path on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return reverse(
        "agreements:indicator_detail", args=[result.indicator.agreement_id, result.indicator_id]
    )


def evidence_context(
    request: HttpRequest,
    result: Result,
    form=None,
    next_url=None,
    *,
    rights: ResultRights | None = None,
    report_open: bool | None = None,
) -> dict:
    """What reporting/_evidence_list.html needs; pages that include the list call this too.

    A page that has worked out the result's rights (policy.result_rights) and whether its report is
    open passes them, so they are not asked of the database again."""
    return {
        "result": result,
        "evidence_files": services.evidence_of(result),
        "can_change_evidence": (
            rights.attach
            if rights is not None
            else services.evidence_may_change(request.user, result)
        ),
        "evidence_report_open": (
            report_open if report_open is not None else services.evidence_report_open(result)
        ),
        "upload_form": form or EvidenceUploadForm(result=result),
        "next_url": next_url or request.get_full_path(),
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
    }


def _answer(request: HttpRequest, result: Result, form=None) -> HttpResponse:
    """The refreshed list for htmx; otherwise back to the page the person came from."""
    next_url = _next_url(request, result)
    if request.htmx:
        return render(request, PARTIAL, evidence_context(request, result, form, next_url))
    if form is not None and form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(next_url)


def _attached(request: HttpRequest, form: EvidenceUploadForm, attach) -> EvidenceFile | None:
    """Run `attach(file, step_number)` for a valid form; the file's row, or None with the refusal
    on the form."""
    if not form.is_valid():
        return None
    try:
        evidence = attach(form.cleaned_data["file"], form.cleaned_data.get("step_number"))
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    if not request.htmx:
        messages.success(request, _("The file was attached."))
    return evidence


@login_required
@require_POST
def evidence_upload(request: HttpRequest, result_pk: int) -> HttpResponse:
    """Attach a file to a result or to one of its steps."""
    result = _result_for_user(request.user, result_pk)
    form = EvidenceUploadForm(request.POST, request.FILES, result=result)
    evidence = _attached(
        request,
        form,
        lambda upload, step: services.evidence_attach(
            result=result, user=request.user, upload=upload, step_number=step
        ),
    )
    return _answer(request, result) if evidence else _answer(request, result, form)


@login_required
@require_POST
def evidence_upload_first(request: HttpRequest, indicator_pk: int, round_pk: int) -> HttpResponse:
    """Attach a file on the result page before the result's first save (the draft is created)."""
    indicator = get_object_or_404(
        Indicator.objects.for_user(request.user).select_related("agreement__organization"),
        pk=indicator_pk,
    )
    reporting_round = get_object_or_404(
        ReportingRound, pk=round_pk, fiscal_year=indicator.agreement.fiscal_year_id
    )
    form = EvidenceUploadForm(request.POST, request.FILES, indicator=indicator)
    evidence = _attached(
        request,
        form,
        lambda upload, step: services.evidence_attach_first(
            indicator=indicator,
            reporting_round=reporting_round,
            user=request.user,
            upload=upload,
            step_number=step,
        ),
    )
    if evidence:
        return _answer(request, evidence.result)
    if request.htmx:
        return render(
            request,
            "reporting/_evidence_first.html",
            _first_context(request, indicator, reporting_round, form),
        )
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("reporting:result_edit", indicator.pk, reporting_round.pk)


def _first_context(request, indicator, reporting_round, form=None) -> dict:
    """What reporting/_evidence_first.html needs: the upload form of a result not saved yet."""
    return {
        "indicator": indicator,
        "reporting_round": reporting_round,
        "upload_form": form or EvidenceUploadForm(indicator=indicator),
        "next_url": request.get_full_path(),
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
    }


def evidence_first_context(request, indicator, reporting_round) -> dict:
    """For the result page of a result not saved yet (see evidence_upload_first)."""
    return _first_context(request, indicator, reporting_round)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one evidence file."""
    evidence = get_object_or_404(
        EvidenceFile.objects.for_user(request.user).select_related(
            "result__indicator__agreement__organization"
        ),
        pk=pk,
    )
    result = evidence.result
    try:
        services.evidence_remove(evidence=evidence, user=request.user)
    except ValidationError as error:
        form = EvidenceUploadForm(result=result)
        # Unbound, the form has no cleaned_data, which add_error needs to show the refusal.
        form.cleaned_data = {}
        apply_validation_error(form, error)
        return _answer(request, result, form)
    if not request.htmx:
        messages.success(request, _("The file was removed."))
    return _answer(request, result)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file as an attachment, with the type found at upload and no sniffing by the browser."""
    evidence = get_object_or_404(
        EvidenceFile.objects.for_user(request.user).select_related("result"), pk=pk
    )
    return evidence_file_response(evidence=evidence, user=request.user)


def evidence_file_response(*, evidence: EvidenceFile, user) -> FileResponse:
    """An evidence file as the page and the API send it: an attachment, with the type found at
    upload, no sniffing, nothing in it allowed to run, kept by no cache; 404 when the stored file
    is missing (logged)."""
    try:
        stored = services.evidence_open(evidence=evidence, user=user)
    except FileNotFoundError as error:
        logger.error("Evidence file %s is missing from storage: %s", evidence.pk, error)
        raise Http404 from error
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=services.download_name(evidence),
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing in the file may run as part of this site, should a browser show it anyway.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
