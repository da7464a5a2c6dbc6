"""Evidence files through the pages: uploading with and without htmx, going back only to a local
page, removing, downloading, refusals by organization, and the list's queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khamrap.reporting import evidence as services
from khamrap.reporting.evidence_views import evidence_context
from khamrap.reporting.models import EvidenceFile, Result

from .evidence_samples import (
    GIF,
    REFUSED,
    docx_bytes,
    lock,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
    upload_url,
)

# Every test stores its files in its own folder, never in the data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("evidence_folder")


# --- the views ------------------------------------------------------------------------------------


def detail_url(result):
    indicator = result.indicator
    return reverse("agreements:indicator_detail", args=[indicator.agreement_id, indicator.pk])


def test_it_uploads_and_goes_back_to_a_local_page(client, world, result):
    client.force_login(world.collector)
    back = f"{detail_url(result)}?round=1"
    response = client.post(
        upload_url(result), {"file": upload(pdf_bytes(), "ผลงาน.pdf"), "next": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert EvidenceFile.objects.get().original_name == "ผลงาน.pdf"


def test_a_large_upload_kept_in_a_temporary_file_is_checked_and_stored(
    client, world, result, settings, evidence_folder
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    client.force_login(world.collector)
    data = docx_bytes()
    response = client.post(upload_url(result), {"file": upload(data, "แผนงาน.docx")})
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.content_type == services.DOCX.content_type
    [path] = stored_files(evidence_folder)
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_it_never_goes_back_to_another_site(client, world, result, unsafe):
    client.force_login(world.collector)
    response = client.post(upload_url(result), {"file": upload(pdf_bytes()), "next": unsafe})
    assert response["Location"] == detail_url(result)


def test_htmx_gets_the_list_back_with_the_new_file(client, world, milestone_result):
    client.force_login(world.collector)
    response = client.post(
        upload_url(milestone_result),
        {"file": upload(png_bytes(), "ภาพถ่าย.png", "image/png"), "step_number": "2"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.templates[0].name == "reporting/_evidence_list.html"
    page = response.content.decode()
    assert "ภาพถ่าย.png" in page
    assert 'name="step_number"' in page
    assert EvidenceFile.objects.get().step_number == 2


def test_htmx_shows_why_a_file_was_refused(client, world, result):
    client.force_login(world.collector)
    response = client.post(
        upload_url(result),
        {"file": upload(REFUSED["windows program"], "setup.pdf")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "PNG" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_refused_file_comes_back_as_a_message_without_htmx(client, world, result):
    client.force_login(world.collector)
    response = client.post(upload_url(result), {"file": upload(b"")}, follow=False)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 1
    assert not EvidenceFile.objects.exists()


def test_other_organizations_get_404_and_the_visible_but_unnamed_403(
    client, world, result, evidence, evaluator
):
    remove = reverse("evidence:evidence_remove", args=[evidence.pk])
    for user in (world.outsider, world.nobody):
        client.force_login(user)
        assert client.post(upload_url(result), {"file": upload(pdf_bytes())}).status_code == 404
        assert client.post(remove).status_code == 404
    client.force_login(evaluator)
    assert client.post(upload_url(result), {"file": upload(pdf_bytes())}).status_code == 403
    assert client.post(remove).status_code == 403
    assert EvidenceFile.objects.count() == 1


def test_a_locked_result_refuses_uploads_through_the_page(client, world, result):
    lock(result)
    client.force_login(world.collector)
    response = client.post(
        upload_url(result), {"file": upload(pdf_bytes())}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    [error] = response.context["upload_form"].non_field_errors()
    assert error in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_the_collector_removes_a_file(
    client, world, result, evidence, evidence_folder, django_capture_on_commit_callbacks
):
    client.force_login(world.collector)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evidence:evidence_remove", args=[evidence.pk]), {"next": detail_url(result)}
        )
    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_folder) == []


def test_the_download_returns_the_bytes_as_an_attachment(client, world, evidence, evaluator):
    url = reverse("evidence:evidence_download", args=[evidence.pk])
    for user in (world.collector, evaluator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        # RFC 5987: the Thai name, percent-encoded in UTF-8.
        assert "filename*=utf-8''%E0%B8%9C%E0%B8%A5%E0%B8%87%E0%B8%B2%E0%B8%99.pdf" in disposition


def test_other_organizations_cannot_download(client, world, evidence):
    url = reverse("evidence:evidence_download", args=[evidence.pk])
    for user in (world.outsider, world.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_no_url_serves_the_stored_files(client, world, evidence, settings):
    client.force_login(world.superuser)
    for prefix in (settings.MEDIA_URL or "/media/", "/", settings.STATIC_URL):
        assert client.get(f"{prefix}{evidence.file.name}").status_code == 404


def test_the_list_costs_the_same_queries_for_one_file_or_many(rf, world, result, evidence):
    request = rf.get("/")
    request.user = world.collector

    def render() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            context = evidence_context(request, Result.objects.get(pk=result.pk))
            page = render_to_string("reporting/_evidence_list.html", context, request=request)
        return page, len(queries)

    _page, one = render()
    for _ in range(3):
        services.evidence_attach(result=result, user=world.collector, upload=upload(GIF))
    page, four = render()
    assert four == one <= 10
    assert page.count("/download/") == 4
