"""Every SAR of a round built in the background by the django-tasks database worker."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from khamrap.demo.loader import demo_load
from khamrap.documents.models import DocumentJob
from khamrap.periods.models import ReportingRound


def _demo_six():
    return ReportingRound.objects.get(fiscal_year__year=2569, months=6)


@pytest.fixture
def demo_six(demo):
    """The demo's 6-month round of 2569."""
    return _demo_six()


@pytest.fixture
def six_committed(django_db_serialized_rollback, transactional_db):
    # The worker closes its database connection between tasks, so its test needs real commits.
    demo_load()
    return _demo_six()


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.mark.transactional
def test_the_worker_builds_every_visible_sar_into_a_zip_with_progress(
    client, six_committed, tmp_path, settings
):
    six = six_committed
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    client.force_login(user("executive"))
    response = client.post(reverse("documents_jobs:sar_zip_start", args=[six.pk]))
    job = DocumentJob.objects.get()
    assert response["Location"] == reverse("documents_jobs:job_detail", args=[job.pk])
    assert (job.status, job.total) == (
        "queued",
        2,
    )  # the ministry's two departments, not the province
    page = client.get(response["Location"]).content.decode()
    # Just asked: a worker normally takes it within seconds, so no alarm and no command yet.
    assert "ปกติระบบจะเริ่มสร้างเอกสารภายในไม่กี่วินาที" in page
    assert "db_worker" not in page
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.percent) == ("done", 2, 100)
    download = client.get(reverse("documents_jobs:job_download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == ["SAR-DOA-2569-6.pdf", "SAR-DOAE-2569-6.pdf"]
    assert archive.read("SAR-DOAE-2569-6.pdf").startswith(b"%PDF")


def test_a_job_is_only_its_requesters(client, demo_six, django_capture_on_commit_callbacks):
    client.force_login(user("executive"))
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("documents_jobs:sar_zip_start", args=[demo_six.pk]))
    job = DocumentJob.objects.get()
    client.force_login(user("coordinator"))
    assert client.get(reverse("documents_jobs:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("documents_jobs:job_download", args=[job.pk])).status_code == 404


def test_a_job_that_fails_says_so(demo_six, monkeypatch):
    from khamrap.documents import jobs

    job = jobs.sar_zip_request(user=user("executive"), reporting_round=demo_six)

    def broken(*args, **kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr("khamrap.documents.pdf.render_sar", broken)
    with pytest.raises(RuntimeError):
        jobs.build_sar_zip.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and "engine down" in job.error


def test_a_job_no_worker_takes_tells_the_executive_to_call_the_administrator_and_what_to_run(
    client, demo_six, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone
    from freezegun import freeze_time

    from khamrap.documents import jobs

    client.force_login(user("executive"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents_jobs:sar_zip_start", args=[demo_six.pk]))
    job = DocumentJob.objects.get()
    assert jobs.job_wait(job) is None  # a fresh job: waiting is normal
    now = timezone.now()
    DocumentJob.objects.filter(pk=job.pk).update(created_at=now - dt.timedelta(seconds=95))
    with freeze_time(now):
        page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "ระบบยังไม่ได้เริ่มสร้างเอกสาร" in page
    assert "งานนี้รอมาแล้ว 95 วินาที แต่ยังไม่มีตัวประมวลผลเบื้องหลังรับงาน" in page
    assert "กรุณาแจ้งผู้ดูแลระบบ" in page
    assert "<code>khamrap db_worker</code>" in page
    assert 'hx-trigger="every 2s"' in page  # still watching: it starts by itself once a worker runs

    # A worker busy with an earlier job: this one waits its turn, and the page says so.
    earlier = jobs.sar_zip_request(user=user("executive"), reporting_round=demo_six)
    DocumentJob.objects.filter(pk=earlier.pk).update(
        status="running", created_at=now - dt.timedelta(minutes=10)
    )
    DocumentJob.objects.filter(pk=job.pk).update(created_at=now - dt.timedelta(minutes=4))
    with freeze_time(now):
        page = client.get(response["Location"]).content.decode()
    assert "งานนี้รอมาแล้ว 4 นาที เพราะตัวประมวลผลเบื้องหลังกำลังสร้างเอกสารของงานที่สั่งไว้ก่อน" in page
    assert "งานที่รออยู่ก่อนหน้า 1 งานเสร็จ" in page


def test_the_worker_command_follows_the_task_backend(settings):
    from khamrap.documents.jobs import worker_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert worker_command() == "khamrap db_worker"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    assert worker_command() == "khamrap rqworker default"
