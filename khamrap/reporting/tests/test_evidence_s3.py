"""Evidence files kept in an S3-compatible bucket, as a deployment configures one."""

from __future__ import annotations

import runpy

import pytest
from django.urls import reverse

from khamrap import settings as project_settings
from khamrap.reporting import evidence as services

from .evidence_samples import upload, xlsx_bytes

# Every test stores its files in its own folder, never in the data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("evidence_folder")


# --- S3-compatible storage --------------------------------------------------------------------------


@pytest.fixture
def s3_server():
    """A moto S3 server on 127.0.0.1 and a free port, stopped at the end."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:  # pragma: no cover - moto[server] is in requirements/test.txt
        pytest.skip(f"moto[server] is not installed, so no local S3 server can start: {error}")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    try:
        server.start()
    except OSError as error:  # pragma: no cover
        pytest.skip(f"moto's S3 server could not start on 127.0.0.1: {error}")
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def test_files_go_to_an_s3_compatible_bucket(
    client,
    settings,
    s3_server,
    world,
    result,
    monkeypatch,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    import boto3

    # The storage exactly as khamrap/settings.py builds it from a deployment's variables.
    for name, value in {
        "KHAMRAP_DATA_DIR": str(tmp_path),
        "EVIDENCE_S3_BUCKET": "khamrap-evidence",
        "EVIDENCE_S3_ENDPOINT_URL": s3_server,
        "EVIDENCE_S3_REGION": "ap-southeast-1",
        "EVIDENCE_S3_ACCESS_KEY_ID": "testing",
        "EVIDENCE_S3_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    configured = runpy.run_path(project_settings.__file__)["STORAGES"]["evidence"]
    settings.STORAGES = {**settings.STORAGES, "evidence": configured}
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="ap-southeast-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(
        Bucket="khamrap-evidence",
        CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"},
    )
    data = xlsx_bytes()
    evidence = services.evidence_attach(
        result=result, user=world.collector, upload=upload(data, "สรุปผล.xlsx")
    )
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="khamrap-evidence")["Contents"]]
    assert keys == [evidence.file.name]
    assert s3.get_object(Bucket="khamrap-evidence", Key=keys[0])["Body"].read() == data

    client.force_login(world.executive)
    response = client.get(reverse("evidence:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == services.XLSX.content_type

    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(evidence=evidence, user=world.collector)
    assert s3.list_objects_v2(Bucket="khamrap-evidence").get("KeyCount") == 0
