"""A finished job's file is reachable only while its requester may still see what it holds."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from khamrap.documents import jobs
from khamrap.organizations.choices import Role
from khamrap.organizations.models import Membership
from khamrap.organizations.services import membership_grant, membership_revoke
from khamrap.periods.models import ReportingRound


@pytest.fixture
def finished(demo, tmp_path, settings, django_capture_on_commit_callbacks):
    """The ministry executive's zip of every SAR of the 6-month round, built."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    six = ReportingRound.objects.get(fiscal_year__year=2569, months=6)
    executive = get_user_model().objects.get(username="executive")
    with django_capture_on_commit_callbacks(execute=False):
        job = jobs.sar_zip_request(user=executive, reporting_round=six)
    jobs.build_sar_zip.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "done" and job.total == 2
    return job


def urls(job):
    return [
        reverse("documents_jobs:job_detail", args=[job.pk]),
        reverse("documents_jobs:job_download", args=[job.pk]),
    ]


def revoke_all(user):
    for membership in list(Membership.objects.filter(user=user).select_related("organization")):
        membership_revoke(user=user, organization=membership.organization, role=membership.role)


def test_the_job_answers_404_once_the_requester_leaves_the_organization(client, finished):
    executive = finished.requested_by
    client.force_login(executive)
    for url in urls(finished):
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)  # read to the end, which closes the file
    revoke_all(executive)
    for url in urls(finished):
        assert client.get(url).status_code == 404, url


def test_the_job_answers_404_once_any_of_its_agreements_is_out_of_reach(client, finished):
    """Moved from the ministry to one department: the zip still holds the other's SAR."""
    executive = finished.requested_by
    reachable = finished.agreements.first().organization
    revoke_all(executive)
    membership_grant(user=executive, organization=reachable, role=Role.EXECUTIVE)
    client.force_login(executive)
    for url in urls(finished):
        assert client.get(url).status_code == 404, url
