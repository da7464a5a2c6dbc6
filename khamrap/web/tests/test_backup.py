"""`khamrap backup` and `khamrap restore`: the database and the evidence and job files come back
together, and an archive that is not whole, or a database in use, is refused before anything
changes. Runs on SQLite and, with DATABASE_URL set, on PostgreSQL (pg_dump, pg_restore, psql)."""

import hashlib
import io
import json
import re
import shutil
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from khamrap.agreements.tests.builders import sign_off
from khamrap.documents import jobs
from khamrap.reporting import evidence as evidence_services
from khamrap.reporting.services import result_record
from khamrap.reporting.tests.evidence_samples import pdf_bytes, upload
from khamrap.web import backup as backups


@pytest.fixture
def folders(settings, tmp_path):
    """The evidence folder and the media folder (job files) of this test, as in production."""
    evidence, media = tmp_path / "evidence", tmp_path / "media"
    filesystem = "django.core.files.storage.FileSystemStorage"
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": filesystem, "OPTIONS": {"location": media}},
        "evidence": {
            "BACKEND": filesystem,
            "OPTIONS": {"location": evidence, "file_permissions_mode": 0o640},
        },
    }
    return evidence, media


@pytest.fixture
def kept(world, agreement, signer, folders):
    """A signed agreement's result with an evidence file, and a finished zip of its SAR, committed
    (pg_dump and psql use connections of their own)."""
    signed = sign_off(agreement, world, signer)
    six = signed.fiscal_year.rounds.get(months=6)
    result = result_record(
        indicator=signed.indicators.get(number="1"),
        reporting_round=six,
        user=world.collector,
        value=Decimal("92.5"),
    )
    evidence = evidence_services.evidence_attach(
        result=result, user=world.collector, upload=upload(pdf_bytes(), "ผลงาน.pdf")
    )
    job = jobs.sar_zip_request(user=world.executive, reporting_round=six)
    jobs.build_sar_zip.call(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.total) == ("done", 1)
    return [
        reverse("evidence:evidence_download", args=[evidence.pk]),
        reverse("documents_jobs:job_download", args=[job.pk]),
    ]


def downloads(client, urls) -> list[bytes]:
    """Each URL's bytes, as the ministry's executive (who asked for the job and sees the evidence)."""
    client.force_login(get_user_model().objects.get(username="alice"))
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found.append(b"".join(response.streaming_content))
    client.logout()
    return found


def run(command, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue()


# Committed rows and a flush after: the database as migrations left it (the presets) is restored
# before the test (an earlier transactional test may have flushed it) and after it.
ROLLED_BACK_WHOLE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@ROLLED_BACK_WHOLE
def test_it_restores_the_database_and_the_files_together(client, kept, folders, tmp_path):
    before = downloads(client, kept)
    assert before[0] == pdf_bytes() and before[1].startswith(b"PK")
    archive = tmp_path / "backups" / "khamrap.tar"

    said = run("backup", str(archive))

    assert "หลักฐาน: 1 ไฟล์" in said and "ไฟล์ของงานเบื้องหลัง: 1 ไฟล์" in said
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["format"] == "khamrap-backup" and manifest["version"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert {f["path"] for f in manifest["files"]} == set(names) - {"manifest.json"}
    assert sum(name.startswith("evidence/") for name in names) == 1
    assert [name for name in names if name.startswith("media/")] == [
        f"media/jobs/{kept[1].split('/')[-3]}.zip"
    ]

    # A database in use is never replaced by mistake.
    with pytest.raises(CommandError, match="ฐานข้อมูลไม่ว่าง"):
        run("restore", str(archive))

    # Lose everything: the rows and both folders.
    call_command("flush", interactive=False, verbosity=0)
    for folder in folders:
        shutil.rmtree(folder)

    said = run("restore", str(archive))

    assert "กู้คืนฐานข้อมูล" in said
    assert "หลักฐาน: กู้คืน 1 ไฟล์" in said and "ไฟล์ของงานเบื้องหลัง: กู้คืน 1 ไฟล์" in said
    assert "ไฟล์ทุกไฟล์ที่ฐานข้อมูลอ้างถึงอยู่ครบ" in said
    assert downloads(client, kept) == before
    (stored,) = [p for p in folders[0].rglob("*") if p.is_file()]
    assert stored.stat().st_mode & 0o777 == 0o640


# --- archives that are refused before anything changes ---------------------------------------------


def archive_of(tmp_path, members: dict[str, bytes], **manifest_changes) -> str:
    """An archive like `khamrap backup` writes, from the given members, with the manifest changed."""
    vendor = connection.vendor
    manifest = {
        "format": "khamrap-backup",
        "version": 1,
        "created_at": "2026-03-31T17:00:00+00:00",
        "database": {"vendor": vendor, "member": backups.DATABASE_MEMBERS[vendor]},
        "folders": {"evidence": {"stored": "folder"}, "media": {"stored": "folder"}},
        "files": [
            {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in members.items()
        ],
        **manifest_changes,
    }
    path = tmp_path / "archive.tar"
    with tarfile.open(path, "w") as tar:
        for name, data in [*members.items(), ("manifest.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return str(path)


@pytest.fixture
def members():
    return {
        backups.DATABASE_MEMBERS[connection.vendor]: b"a database",
        "evidence/2026/03/a.pdf": pdf_bytes(),
    }


def test_it_refuses_a_file_whose_sha256_differs_from_the_manifest(tmp_path, members):
    path = archive_of(tmp_path, members)
    path = Path(path)
    path.write_bytes(path.read_bytes().replace(b"%PDF-1.4", b"%PDF-1.5"))
    with pytest.raises(backups.BackupError, match=re.escape("SHA-256 ของ evidence/2026/03/a.pdf")):
        backups.restore(path)


def test_it_refuses_a_newer_format(tmp_path, members):
    with pytest.raises(backups.BackupError, match="รุ่น 2"):
        backups.restore(archive_of(tmp_path, members, version=2))


def test_it_refuses_a_member_the_manifest_does_not_list(tmp_path, members):
    path = archive_of(tmp_path, members)
    with tarfile.open(path, "a") as tar:
        info = tarfile.TarInfo("evidence/extra.pdf")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"abc"))
    with pytest.raises(backups.BackupError, match=re.escape("evidence/extra.pdf")):
        backups.restore(path)


def test_it_refuses_what_is_not_an_archive(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(backups.BackupError):
        backups.restore(path)


@ROLLED_BACK_WHOLE
def test_an_s3_evidence_bucket_is_skipped_and_said_so(settings, tmp_path):
    """The bucket is not copied: its own versioning is its backup."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "khamrap-evidence", "region_name": "ap-southeast-1"},
        },
    }
    archive = tmp_path / "khamrap.tar.gz"

    said = run("backup", str(archive), "--language", "en")

    assert "evidence: skipped, kept in the bucket “khamrap-evidence”" in said
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["folders"]["evidence"] == {
        "stored": "bucket",
        "bucket": "khamrap-evidence",
        "files": 0,
    }
