"""Redis down with TASKS_BACKEND=rq: the job fails at once with a Thai message, never a 500."""

import socket

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from khamrap.documents.models import DocumentJob
from khamrap.periods.models import ReportingRound


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def rq_without_redis(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{closed_port()}/0"}}


def test_a_queue_that_cannot_be_reached_fails_the_job_with_a_thai_message(
    client, demo, rq_without_redis, django_capture_on_commit_callbacks
):
    six = ReportingRound.objects.get(fiscal_year__year=2569, months=6)
    client.force_login(get_user_model().objects.get(username="executive"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents_jobs:sar_zip_start", args=[six.pk]))
    assert response.status_code == 302
    job = DocumentJob.objects.get()
    assert job.status == "failed"
    assert job.queue_unavailable
    assert job.finished_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "ติดต่อคิวงานเบื้องหลังไม่ได้" in page
    # The page no longer polls: nothing will ever move the job on.
    assert "hx-trigger" not in page
