from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from khamrap.periods.models import ReportingRound

from . import jobs
from .models import DocumentJob, JobStatus


@login_required
@require_POST
def sar_zip_start(request, round_pk: int):
    """Start building every visible SAR of a round; the job page shows progress."""
    reporting_round = get_object_or_404(ReportingRound, pk=round_pk)
    job = jobs.sar_zip_request(user=request.user, reporting_round=reporting_round)
    return redirect("documents_jobs:job_detail", job.pk)


def _own_job(request, pk) -> DocumentJob:
    # A job belongs to the person who asked for it, while they may still see what it holds; to
    # anyone else it does not exist.
    return jobs.job_get_for_user(request.user, pk)


@login_required
def job_detail(request, pk):
    """The job's progress; the page polls itself (htmx) until the file is ready."""
    job = _own_job(request, pk)
    template = "documents/_job_progress.html" if request.htmx else "documents/job_detail.html"
    return render(request, template, {"job": job, "wait": jobs.job_wait(job)})


@login_required
def job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != JobStatus.DONE or not job.file_name:
        raise Http404
    handle = storages["default"].open(job.file_name, "rb")
    name = f"SAR-{job.reporting_round.fiscal_year.year}-{job.reporting_round.months}.zip"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")
