"""Background jobs that build large documents (every SAR of a round as a zip, big exports)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The start of DocumentJob.error when the task queue could not take the job (documents.jobs).
QUEUE_UNAVAILABLE = "task queue unavailable"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Working")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")


class JobKind(models.TextChoices):
    SAR_ZIP = "sar_zip", _("Every organization's SAR of a round (PDF, zipped)")


class DocumentJob(models.Model):
    """A document built in the background, with its progress and, when done, its file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=JobKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reporting_round = models.ForeignKey(
        "periods.ReportingRound", on_delete=models.CASCADE, related_name="+"
    )
    # The agreements the requester could see when asking: the job never reaches further.
    agreements = models.ManyToManyField("agreements.Agreement", related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    file_name = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def queue_unavailable(self) -> bool:
        """Whether the job failed because the task queue could not take it (nothing was built)."""
        return self.status == JobStatus.FAILED and self.error.startswith(QUEUE_UNAVAILABLE)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
