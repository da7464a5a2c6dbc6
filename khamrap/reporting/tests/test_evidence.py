"""Evidence files: what may be attached, by whom, where it is kept, and how it comes back."""

from __future__ import annotations

import base64
import hashlib
import io
import runpy
import struct
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils.translation import gettext

from khamrap import settings as project_settings
from khamrap import urls as root_urls
from khamrap.agreements.tests.builders import composite_of_two
from khamrap.reporting import evidence as services
from khamrap.reporting import services as workflow
from khamrap.reporting.choices import ResultStatus
from khamrap.reporting.evidence_views import evidence_context
from khamrap.reporting.models import Change, EvidenceFile, Result
from khamrap.reporting.services import result_record

from .workflow import RESULTS, approved_round

# --- real files, built here ----------------------------------------------------------------------


def pdf_bytes() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png_bytes() -> bytes:
    """A 1×1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """A 1×1 grey baseline JPEG: one Huffman code for 'no difference' and one for 'end of block'."""

    def segment(marker: int, data: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data

    one_code = bytes([1] + [0] * 15)
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xDB, b"\x00" + bytes([1] * 64))
        + segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
        + segment(0xC4, b"\x00" + one_code + b"\x00")
        + segment(0xC4, b"\x10" + one_code + b"\x00")
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x3f"
        + b"\xff\xd9"
    )


# The classic 1×1 transparent GIF and a 1×1 lossless WebP.
GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def _package(main_part: str, main_type: str, parts: dict[str, str]) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="{main_part}"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx_bytes(main_type: str = WORD_MAIN) -> bytes:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>หลักฐาน</w:t></w:r></w:p></w:body></w:document>"
    )
    return _package("word/document.xml", main_type, {"word/document.xml": body})


def xlsx_bytes() -> bytes:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
        '<row r="1"><c r="A1"><v>92.5</v></c></row></sheetData></worksheet>'
    )
    return _package(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        {
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": workbook_rels,
            "xl/worksheets/sheet1.xml": sheet,
        },
    )


def ole2_bytes(stream_name: str) -> bytes:
    """A compound file (legacy Office container) with a root and one empty stream."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 0x1000, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int, child: int = no_stream) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        data = bytearray(128)
        data[: len(encoded)] = encoded
        struct.pack_into("<HBB", data, 64, len(encoded), kind, 1)
        struct.pack_into("<III", data, 68, no_stream, no_stream, child)
        struct.pack_into("<IQ", data, 116, end, 0)
        return bytes(data)

    directory = entry("Root Entry", 5, child=1) + entry(stream_name, 2) + entry("", 0) * 2
    return bytes(header) + fat + directory


ACCEPTED = {
    "pdf": (pdf_bytes, "application/pdf", ".pdf"),
    "png": (png_bytes, "image/png", ".png"),
    "jpeg": (jpeg_bytes, "image/jpeg", ".jpg"),
    "gif": (lambda: GIF, "image/gif", ".gif"),
    "webp": (lambda: WEBP, "image/webp", ".webp"),
    "docx": (docx_bytes, services.DOCX.content_type, ".docx"),
    "xlsx": (xlsx_bytes, services.XLSX.content_type, ".xlsx"),
    "doc": (lambda: ole2_bytes("WordDocument"), "application/msword", ".doc"),
    "xls": (lambda: ole2_bytes("Workbook"), "application/vnd.ms-excel", ".xls"),
}


def not_office_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.pdf", pdf_bytes())
    return buffer.getvalue()


REFUSED = {
    "windows program": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50,
    "linux program": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,
    "html": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "text": "รายงานผลการดำเนินงาน\n".encode(),
    "plain zip": not_office_zip(),
    "macro-enabled word": docx_bytes("application/vnd.ms-word.document.macroEnabled.main+xml"),
    "installer (OLE2 without Word or Excel)": ole2_bytes("SummaryInformation"),
}


def upload(data: bytes, name: str = "หลักฐาน.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- fixtures -------------------------------------------------------------------------------------

# The project's URLs, with the evidence URLs at results/evidence/ until khamrap/urls.py includes them.
urlpatterns = list(root_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "evidence" for p in urlpatterns):
    urlpatterns.insert(0, path("results/evidence/", include("khamrap.reporting.evidence_urls")))
handler400, handler403 = root_urls.handler400, root_urls.handler403
handler404, handler500 = root_urls.handler404, root_urls.handler500


@pytest.fixture(autouse=True)
def evidence_urls(settings):
    settings.ROOT_URLCONF = __name__


# Every test stores its files in its own folder, never in the data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("evidence_folder")


@pytest.fixture
def milestone_result(world, agreement, six):
    return result_record(
        indicator=agreement.indicators.get(number="16"),
        reporting_round=six,
        user=world.collector,
        steps_done=[1, 2],
    )


@pytest.fixture
def evidence(world, result):
    return services.evidence_attach(
        result=result, user=world.collector, upload=upload(pdf_bytes(), "ผลงาน.pdf")
    )


def stored_files(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def lock(result: Result) -> None:
    Result.objects.filter(pk=result.pk).update(status=ResultStatus.SUBMITTED)


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


# --- who may ----------------------------------------------------------------------------------------


def test_only_people_who_may_record_attach_or_remove(world, result, evidence, evaluator):
    services.evidence_attach(result=result, user=world.coordinator, upload=upload(pdf_bytes()))
    for user in (world.outsider, world.nobody, evaluator):
        with pytest.raises(PermissionDenied):
            services.evidence_attach(result=result, user=user, upload=upload(pdf_bytes()))
        with pytest.raises(PermissionDenied):
            services.evidence_remove(evidence=evidence, user=user)
    assert EvidenceFile.objects.count() == 2


def test_a_locked_result_refuses_attach_and_remove(world, result, evidence, evidence_folder):
    lock(result)
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(result=result, user=world.collector, upload=upload(pdf_bytes()))
    assert error.value.code == "locked"
    with pytest.raises(ValidationError):
        services.evidence_remove(evidence=evidence, user=world.collector)
    assert EvidenceFile.objects.count() == 1
    assert len(stored_files(evidence_folder)) == 1


# Everyone who may record the indicators: the collector, the supervisor (world.executive is named
# on them), the organization's coordinator, and a superuser.
RECORDERS = ("collector", "executive", "coordinator", "superuser")


@pytest.fixture
def round_with_evidence(world, agreement, six):
    """As the demo's closed round: every result approved, and indicator 4 a composite whose own
    result stays a draft for good (its score comes from its parts); each has a file."""
    whole = composite_of_two(world, agreement)
    whole.supervisors.add(world.executive)
    first = result_record(
        indicator=agreement.indicators.get(number="1"),
        reporting_round=six,
        user=world.collector,
        value=Decimal(100),
    )
    files = {
        "approved": services.evidence_attach(result=first, user=world.collector, upload=upload(GIF))
    }
    parts = {"4.1": {"passed": True}, "4.2": {"passed": True}}
    approved = approved_round(agreement, six, world, {**RESULTS, **parts})
    composite = Result.objects.get(indicator=whole, reporting_round=six)
    assert composite.status == ResultStatus.DRAFT
    # While the report is open, a draft result's evidence may change, by anyone who may record.
    for who in RECORDERS:
        assert services.evidence_may_change(getattr(world, who), composite)
    files["composite"] = services.evidence_attach(
        result=composite, user=world.collector, upload=upload(GIF)
    )
    return {"composite": composite, "approved": approved["1"]}, files


def take_report_to(stage, agreement, six, world, evaluator):
    """Submit the organization's report; for "closed", verify every indicator and close it."""
    report = workflow.report_submit(
        agreement=agreement, reporting_round=six, user=world.coordinator
    )
    if stage == "closed":
        for result in Result.objects.filter(
            indicator__agreement=agreement, reporting_round=six, indicator__parent__isnull=True
        ):
            workflow.result_verify(result=result, user=evaluator, score=result.self_score)
        workflow.report_close(report=report, user=evaluator)
    return report


@pytest.mark.parametrize("stage", ["submitted", "closed"])
@pytest.mark.parametrize("who", RECORDERS)
def test_no_evidence_changes_once_the_report_is_submitted_or_closed(
    world, agreement, six, evaluator, evidence_folder, round_with_evidence, stage, who
):
    results, files = round_with_evidence
    take_report_to(stage, agreement, six, world, evaluator)
    user = getattr(world, who)
    for name, result in results.items():
        assert not services.evidence_may_change(user, result), name
        with pytest.raises(ValidationError) as error:
            services.evidence_attach(result=result, user=user, upload=upload(pdf_bytes()))
        assert error.value.code == "locked", name
        with pytest.raises(ValidationError) as error:
            services.evidence_remove(evidence=files[name], user=user)
        assert error.value.code == "locked", name
    assert EvidenceFile.objects.count() == 2
    assert len(stored_files(evidence_folder)) == 2


@pytest.mark.parametrize("stage", ["submitted", "closed"])
def test_the_result_page_of_a_submitted_or_closed_report_offers_no_evidence_change(
    client, world, agreement, six, evaluator, round_with_evidence, stage
):
    results, files = round_with_evidence
    take_report_to(stage, agreement, six, world, evaluator)
    for who in RECORDERS:
        client.force_login(getattr(world, who))
        for name, result in results.items():
            page = client.get(
                reverse("reporting:result_edit", args=[result.indicator_id, six.pk])
            ).content.decode()
            assert reverse("evidence:evidence_download", args=[files[name].pk]) in page
            assert upload_url(result) not in page, (who, name)
            assert reverse("evidence:evidence_remove", args=[files[name].pk]) not in page
            # Refused through the page as well: back to the page, or the refusal for htmx.
            assert client.post(upload_url(result), {"file": upload(pdf_bytes())}).status_code == 302
            remove = reverse("evidence:evidence_remove", args=[files[name].pk])
            assert client.post(remove).status_code == 302
            response = client.post(remove, headers={"HX-Request": "true"})
            assert response.context["upload_form"].non_field_errors()
    assert EvidenceFile.objects.count() == 2
    page = client.get(
        reverse("reporting:result_edit", args=[results["composite"].indicator_id, six.pk])
    ).content.decode()
    assert gettext(
        "The organization's report for this round has been submitted: "
        "its evidence files can no longer change."
    ) in page.replace("&#x27;", "'")


def test_anyone_who_sees_the_indicator_opens_the_file(world, evidence, evaluator):
    for user in (world.collector, world.executive, evaluator, world.superuser):
        with services.evidence_open(evidence=evidence, user=user) as stored:
            assert stored.read() == pdf_bytes()
    for user in (world.outsider, world.nobody):
        with pytest.raises(PermissionDenied):
            services.evidence_open(evidence=evidence, user=user)


# --- the views ------------------------------------------------------------------------------------


def upload_url(result):
    return reverse("evidence:evidence_upload", args=[result.pk])


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
