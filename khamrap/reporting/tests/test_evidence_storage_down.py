"""Evidence storage that cannot be written (a folder, or S3) gives a Thai error, never a 500."""

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from khamrap.reporting import evidence as services
from khamrap.reporting.models import Change, EvidenceFile

from .evidence_samples import pdf_bytes, upload

MESSAGE = "ไม่สามารถจัดเก็บไฟล์ได้"


class RefusingS3Storage(FileSystemStorage):
    """Stands for S3 refusing the upload, as botocore reports it."""

    def _save(self, name, content):
        raise ClientError(
            {"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, "PutObject"
        )


class UnreachableS3Storage(FileSystemStorage):
    def _save(self, name, content):
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9/evidence")


def use_storage(settings, backend: str, location) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": backend, "OPTIONS": {"location": location}},
    }


@pytest.fixture
def unwritable_folder(settings, tmp_path):
    # Under a regular file: no folder can be made there, whoever the tests run as (root too).
    plain_file = tmp_path / "not-a-folder"
    plain_file.write_text("x")
    use_storage(settings, "django.core.files.storage.FileSystemStorage", plain_file / "evidence")


def upload_url(result):
    return reverse("evidence:evidence_upload", args=[result.pk])


def test_an_unwritable_folder_is_a_thai_validation_error(world, result, unwritable_folder):
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(result=result, user=world.collector, upload=upload(pdf_bytes()))
    assert error.value.code == "storage"
    assert MESSAGE in str(error.value)
    assert not EvidenceFile.objects.exists()
    assert not Change.objects.filter(field="evidence").exists()


def test_the_upload_page_shows_the_thai_error_instead_of_a_500(
    client, world, result, unwritable_folder
):
    client.force_login(world.collector)
    response = client.post(upload_url(result), {"file": upload(pdf_bytes())}, follow=True)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_htmx_gets_the_list_back_with_the_thai_error(client, world, result, unwritable_folder):
    client.force_login(world.collector)
    response = client.post(
        upload_url(result), {"file": upload(pdf_bytes())}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("storage", [RefusingS3Storage, UnreachableS3Storage])
def test_s3_refusing_or_unreachable_is_the_same_thai_error(
    client, world, result, settings, tmp_path, storage
):
    use_storage(settings, f"{__name__}.{storage.__name__}", tmp_path)
    client.force_login(world.collector)
    response = client.post(upload_url(result), {"file": upload(pdf_bytes())}, follow=True)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_the_upload_works_again_once_the_storage_is_back(client, world, result, settings, tmp_path):
    use_storage(settings, f"{__name__}.RefusingS3Storage", tmp_path)
    client.force_login(world.collector)
    client.post(upload_url(result), {"file": upload(pdf_bytes())})
    use_storage(settings, "django.core.files.storage.FileSystemStorage", tmp_path / "evidence")
    assert client.post(upload_url(result), {"file": upload(pdf_bytes())}).status_code == 302
    assert EvidenceFile.objects.count() == 1
