"""Bulk documents built in the background through django-tasks (database backend or RQ).

The request creates a DocumentJob with the agreements the person may see and enqueues the task;
a worker (`khamrap db_worker`) renders each SAR with the same renderer as the download pages,
counts progress on the job, and stores the zip where only the job's page can hand it out.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks import task

from khamrap.agreements.choices import LOCKED_STATUSES
from khamrap.agreements.models import Agreement
from khamrap.periods.models import ReportingRound

from .models import QUEUE_UNAVAILABLE, DocumentJob, JobKind, JobStatus

logger = logging.getLogger(__name__)


@transaction.atomic
def sar_zip_request(*, user, reporting_round: ReportingRound) -> DocumentJob:
    """Queue every visible organization's SAR of a round, as PDFs in one zip."""
    agreements = list(
        Agreement.objects.for_user(user).filter(
            fiscal_year=reporting_round.fiscal_year, status__in=LOCKED_STATUSES
        )
    )
    job = DocumentJob.objects.create(
        kind=JobKind.SAR_ZIP,
        requested_by=user,
        reporting_round=reporting_round,
        total=len(agreements),
    )
    job.agreements.set(agreements)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_pk) -> None:
    """Hand the job to the task queue. A queue that cannot be reached (Redis down with
    TASKS_BACKEND=rq) fails the job at once, saying why, instead of a 500 after the job was saved
    and a job page that waits forever for a worker that will never see it."""
    try:
        build_sar_zip.enqueue(str(job_pk))
    except Exception as error:
        logger.exception("Could not queue document job %s", job_pk)
        DocumentJob.objects.filter(pk=job_pk).update(
            status=JobStatus.FAILED,
            error=f"{QUEUE_UNAVAILABLE}: {error}"[:2000],
            finished_at=timezone.now(),
        )


def job_get_for_user(user, pk) -> DocumentJob:
    """The user's own job, while they may still see every agreement it holds; otherwise a 404."""
    job = get_object_or_404(
        DocumentJob.objects.select_related("reporting_round__fiscal_year"),
        pk=pk,
        requested_by=user,
    )
    # Access ends with the membership that made the agreements visible: the zip holds their SARs.
    if job.agreements.exclude(pk__in=Agreement.objects.for_user(user).values("pk")).exists():
        raise Http404
    return job


# A running worker takes a queued job within a second or two (db_worker looks for tasks every
# second); a job still waiting after this long is not merely slow to start.
WAITING_TOO_LONG = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class JobWait:
    """Why a queued job has not started, for the person who asked for it and their administrator."""

    waited: dt.timedelta
    # Jobs asked for earlier and not finished: the worker does them first.
    ahead: int
    # Whether any job is being built now, i.e. whether a worker is running at all.
    worker_busy: bool
    # What the administrator runs to start a worker (docs/deployment.md, "Workers for documents").
    worker_command: str

    @property
    def waited_text(self) -> str:
        seconds = int(self.waited.total_seconds())
        if seconds < 120:
            return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
        minutes = seconds // 60
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


def worker_command() -> str:
    """The command that starts a worker for the configured task backend."""
    backend = settings.TASKS["default"]["BACKEND"]
    return "khamrap rqworker default" if "RQBackend" in backend else "khamrap db_worker"


def job_wait(job: DocumentJob, *, now: dt.datetime | None = None) -> JobWait | None:
    """For a job still queued after WAITING_TOO_LONG: how long, behind what, and what to run.

    None while the wait is normal or once the job has started. A job no worker ever takes would
    otherwise say "waiting" forever to an executive who cannot tell why nor whom to ask.
    """
    if job.status != JobStatus.QUEUED:
        return None
    waited = (now or timezone.now()) - job.created_at
    if waited < WAITING_TOO_LONG:
        return None
    unfinished = DocumentJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    return JobWait(
        waited=waited,
        ahead=unfinished.filter(created_at__lt=job.created_at).count(),
        worker_busy=unfinished.filter(status=JobStatus.RUNNING).exists(),
        worker_command=worker_command(),
    )


@task()
def build_sar_zip(job_id: str) -> str:
    """Render each SAR of the job into a zip; progress is saved after every document."""
    from .pdf import render_sar

    job = DocumentJob.objects.select_related("reporting_round__fiscal_year").get(pk=job_id)
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=0)
    agreements = list(
        job.agreements.select_related("organization", "fiscal_year", "framework").order_by(
            "organization__path"
        )
    )
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for done, agreement in enumerate(agreements, start=1):
                pdf = render_sar(agreement, job.reporting_round)
                archive.writestr(
                    f"SAR-{agreement.organization.code}-{agreement.fiscal_year.year}-{job.reporting_round.months}.pdf",
                    pdf,
                )
                DocumentJob.objects.filter(pk=job.pk).update(done=done)
        name = storages["default"].save(f"jobs/{job.pk}.zip", ContentFile(buffer.getvalue()))
    except Exception as error:  # the job page must say it failed rather than wait forever
        DocumentJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, file_name=name, finished_at=timezone.now()
    )
    return name
