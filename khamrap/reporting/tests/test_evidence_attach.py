"""Evidence files attached: what may be attached by its content, how its name is kept, the step it
shows, the history, and a stored file that never outlives its row nor goes before it."""

from __future__ import annotations

import hashlib
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from khamrap import settings as project_settings
from khamrap.reporting import evidence as services
from khamrap.reporting.models import Change, EvidenceFile

from .evidence_samples import ACCEPTED, REFUSED, pdf_bytes, png_bytes, stored_files, upload

# Every test stores its files in its own folder, never in the data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("evidence_folder")


# --- what may be attached -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ACCEPTED))
def test_it_accepts_every_allowed_type_by_its_content(world, result, evidence_folder, kind):
    build, content_type, extension = ACCEPTED[kind]
    data = build()
    # The name and the browser's word say PDF; only the content counts.
    evidence = services.evidence_attach(
        result=result, user=world.collector, upload=upload(data, "หลักฐาน.pdf")
    )
    assert evidence.content_type == content_type
    assert evidence.file.name.endswith(extension)
    assert evidence.size == len(data)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.original_name == "หลักฐาน.pdf"
    [path] = stored_files(evidence_folder)
    assert path.read_bytes() == data


@pytest.mark.parametrize("kind", list(REFUSED))
def test_it_refuses_other_content_named_pdf(world, result, evidence_folder, kind):
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(
            result=result, user=world.collector, upload=upload(REFUSED[kind], "report.pdf")
        )
    message = " ".join(error.value.messages)
    assert "PDF" in message and "PNG" in message and ".xlsx" in message
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_folder) == []


def test_it_refuses_a_file_over_the_limit(world, result, settings, evidence_folder):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(result=result, user=world.collector, upload=upload(pdf_bytes()))
    assert error.value.code == "file_size"
    assert "100" in error.value.messages[0]
    assert stored_files(evidence_folder) == []


def test_the_limit_and_the_storage_come_from_the_environment(monkeypatch, tmp_path):
    settings_file = Path(project_settings.__file__)
    monkeypatch.setenv("KHAMRAP_DATA_DIR", str(tmp_path))
    for name in ("EVIDENCE_MAX_MB", "EVIDENCE_S3_BUCKET", "EVIDENCE_DIR", "MEDIA_ROOT"):
        monkeypatch.delenv(name, raising=False)
    default = runpy.run_path(str(settings_file))
    assert default["EVIDENCE_MAX_BYTES"] == 20 * 1024 * 1024
    local = default["STORAGES"]["evidence"]
    assert local["OPTIONS"]["location"] == tmp_path / "evidence"
    assert not local["OPTIONS"]["location"].is_relative_to(default["MEDIA_ROOT"])
    assert not local["OPTIONS"]["location"].is_relative_to(default["STATIC_ROOT"])

    monkeypatch.setenv("EVIDENCE_MAX_MB", "5")
    monkeypatch.setenv("EVIDENCE_S3_BUCKET", "evidence")
    monkeypatch.setenv("EVIDENCE_S3_ENDPOINT_URL", "http://minio:9000")
    s3 = runpy.run_path(str(settings_file))
    assert s3["EVIDENCE_MAX_BYTES"] == 5 * 1024 * 1024
    assert s3["STORAGES"]["evidence"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["STORAGES"]["evidence"]["OPTIONS"]["addressing_style"] == "path"


def test_it_refuses_an_empty_file(world, result, evidence_folder):
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(result=result, user=world.collector, upload=upload(b""))
    assert error.value.code == "empty"
    assert stored_files(evidence_folder) == []


def test_a_thai_name_is_kept_for_display_and_never_used_in_the_path(world, result):
    name = "รายงานผลการดำเนินงาน รอบ 6 เดือน.pdf"
    evidence = services.evidence_attach(
        result=result, user=world.collector, upload=upload(pdf_bytes(), name)
    )
    assert evidence.original_name == name
    stored = evidence.file.name
    assert stored.startswith(f"evidence/{evidence.uploaded_at:%Y}/")
    assert stored.isascii()
    assert not any(word in stored for word in ("รายงาน", "รอบ", "6 เดือน"))


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\system32\\x.pdf", "x.pdf"),
        ("/etc/cron.d/job.pdf", "job.pdf"),
        ("bad\x00name\r\n.pdf", "badname.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("\u200b\u202e", None),
    ],
)
def test_path_traversal_names_are_harmless(world, result, evidence_folder, given, shown):
    evidence = services.evidence_attach(
        result=result, user=world.collector, upload=upload(pdf_bytes(), given)
    )
    assert evidence.original_name == (shown or gettext("file") + ".pdf")
    [path] = stored_files(evidence_folder)
    assert path.is_relative_to(evidence_folder)
    assert path.name == evidence.file.name.rsplit("/", 1)[-1]


def test_names_are_cleaned_even_when_they_do_not_come_from_a_browser():
    assert services.clean_name("..") == ""
    assert services.clean_name("../../") == ""
    assert services.clean_name("C:\\Users\\สมชาย\\ผลงาน.pdf") == "ผลงาน.pdf"
    assert services.clean_name("  รายงาน\tฉบับจริง.pdf ") == "รายงานฉบับจริง.pdf"


def test_a_long_name_is_cut_to_255_keeping_its_extension():
    name = services.clean_name("ก" * 400 + ".docx")
    assert len(name) == 255
    assert name.endswith("ก.docx")


def test_the_download_name_gets_the_real_extension_when_the_name_claims_another(world, result):
    evidence = services.evidence_attach(
        result=result, user=world.collector, upload=upload(png_bytes(), "แผนภูมิ.pdf")
    )
    assert evidence.content_type == "image/png"
    assert services.download_name(evidence) == "แผนภูมิ.pdf.png"


# --- steps, history, atomicity --------------------------------------------------------------------


def test_a_file_may_show_one_step_of_a_milestone_indicator(world, milestone_result, result):
    evidence = services.evidence_attach(
        result=milestone_result, user=world.collector, upload=upload(pdf_bytes()), step_number=2
    )
    assert evidence.step_number == 2
    for target, step in ((milestone_result, 6), (result, 1)):
        with pytest.raises(ValidationError) as error:
            services.evidence_attach(
                result=target, user=world.collector, upload=upload(pdf_bytes()), step_number=step
            )
        assert "step_number" in error.value.message_dict


def test_attaching_and_removing_are_kept_in_the_history(
    world, result, evidence_folder, django_capture_on_commit_callbacks
):
    evidence = services.evidence_attach(
        result=result, user=world.collector, upload=upload(pdf_bytes(), "ภาพกิจกรรม.pdf")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(evidence=evidence, user=world.coordinator)
    changes = Change.objects.filter(result=result, field="evidence").order_by("pk")
    assert [(c.actor, c.old, c.new) for c in changes] == [
        (world.collector, "", "ภาพกิจกรรม.pdf"),
        (world.coordinator, "ภาพกิจกรรม.pdf", ""),
    ]
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_folder) == []


def test_the_stored_file_stays_until_the_removal_is_committed(
    world, result, evidence_folder, django_capture_on_commit_callbacks
):
    evidence = services.evidence_attach(
        result=result, user=world.collector, upload=upload(pdf_bytes())
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.evidence_remove(evidence=evidence, user=world.collector)
    assert len(stored_files(evidence_folder)) == 1
    for callback in callbacks:
        callback()
    assert stored_files(evidence_folder) == []


def test_a_failed_database_write_deletes_the_stored_file(
    world, result, evidence_folder, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(EvidenceFile, "save", broken)
    with pytest.raises(RuntimeError):
        services.evidence_attach(result=result, user=world.collector, upload=upload(pdf_bytes()))
    assert stored_files(evidence_folder) == []
    assert not Change.objects.filter(field="evidence").exists()
