"""Evidence files: attach to a result (or one milestone step of it), remove, open for download.

Files live in a storage of their own, `storages["evidence"]` (settings.STORAGES): a folder outside
the web root, or an S3-compatible bucket. No URL serves them; the download view opens them through
`evidence_open`, which checks that the person may see the indicator.

Why the storage is used explicitly: `EvidenceFile.file` was migrated with the default storage, and
giving the field `storage=...` would change its deconstruction and need a migration. So the services
save and delete through `storages["evidence"]` and only store the generated name in the row; never
use `evidence.file.url`, `.open()` or `.path` (they would look in the default storage).

What a file is, is read from its content (khamrap.lib.filetypes), never from its name or the
browser's word.
"""

from __future__ import annotations

import hashlib
import logging
import os
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.accounts.tokens import token_of
from khamrap.agreements.models import Indicator
from khamrap.lib.filetypes import (
    DOC,
    DOCX,
    GIF,
    JPEG,
    PDF,
    PNG,
    WEBP,
    XLS,
    XLSX,
    FileType,
    detect_type,
)

from .choices import ReportStatus, ResultMove, Who
from .models import Change, EvidenceFile, Result, RoundReport
from .policy import Roles, require_result_move, result_refusal
from .services import lock_result, result_start

logger = logging.getLogger(__name__)

STORAGE = "evidence"
HISTORY_FIELD = "evidence"
NAME_MAX_LENGTH = 255
ACCEPTED = (PDF, DOC, DOCX, XLS, XLSX, PNG, JPEG, GIF, WEBP)
# What the file picker offers; the server decides from the content all the same.
ACCEPT_ATTRIBUTE = ",".join(ext for t in ACCEPTED for ext in t.known_extensions)


def clean_name(name: str) -> str:
    """The file name as shown: no folders, no control or invisible characters, at most 255 long."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Categories C*: control, format (e.g. right-to-left override), surrogates, private, unassigned.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    if name.strip(".") == "":
        return ""
    if len(name) > NAME_MAX_LENGTH:
        stem, extension = os.path.splitext(name)
        if len(extension) > 16:
            stem, extension = name, ""
        name = stem[: NAME_MAX_LENGTH - len(extension)] + extension
    return name


def download_name(evidence: EvidenceFile) -> str:
    """The original name, with the real type's extension added when the name claims another."""
    file_type = next((t for t in ACCEPTED if t.content_type == evidence.content_type), None)
    name = evidence.original_name
    if file_type and os.path.splitext(name)[1].lower() not in file_type.known_extensions:
        name = f"{name}{file_type.extension}"
    return name


def _refused_type() -> ValidationError:
    return ValidationError(
        _(
            "This kind of file cannot be attached. Attach a PDF, a Word file (.doc, .docx), "
            "an Excel file (.xls, .xlsx) or an image (PNG, JPEG, GIF, WebP)."
        ),
        code="file_type",
    )


def _inspect(upload: File) -> tuple[FileType, int, str]:
    """The type, size and SHA-256 of an upload, or a ValidationError saying why it is refused."""
    limit = settings.EVIDENCE_MAX_BYTES
    declared = upload.size
    if declared is not None and declared > limit:
        raise _too_large(limit)
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        digest.update(chunk)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    file_type = detect_type(upload)
    if file_type is None:
        raise _refused_type()
    return file_type, size, digest.hexdigest()


def _storage_unavailable() -> ValidationError:
    return ValidationError(
        _(
            "The file could not be stored: the evidence storage cannot be written to right now, "
            "and nothing was attached. Please try again later; if it goes on, tell the system "
            "administrator."
        ),
        code="storage",
    )


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)},
        code="file_size",
    )


def _storage_name(file_type: FileType, when) -> str:
    """evidence/YYYY/MM/<random>.<ext>: the person's file name is never part of a path."""
    folder = timezone.localtime(when).strftime(EvidenceFile._meta.get_field("file").upload_to)
    return f"{folder}{uuid.uuid4().hex}{file_type.extension}"


# --- reads ----------------------------------------------------------------------------------------


def evidence_of(result: Result) -> list[EvidenceFile]:
    """A result's files in display order, with their uploaders, in one query."""
    return list(result.evidence.select_related("uploaded_by"))


def evidence_by_result(results) -> dict[int, list[EvidenceFile]]:
    """The files of many results, keyed by result id, in one query (for a whole report)."""
    found: dict[int, list[EvidenceFile]] = {}
    ids = [r.pk for r in results if r is not None]
    for evidence in EvidenceFile.objects.filter(result__in=ids).select_related("uploaded_by"):
        found.setdefault(evidence.result_id, []).append(evidence)
    return found


def evidence_report_open(result: Result) -> bool:
    """Whether the organization's report for the result's round is still open (or not begun)."""
    return not (
        RoundReport.objects.filter(
            agreement__indicators=result.indicator_id, reporting_round=result.reporting_round_id
        )
        .exclude(status=ReportStatus.OPEN)
        .exists()
    )


def _report_of(result: Result) -> RoundReport | None:
    return RoundReport.objects.filter(
        agreement__indicators=result.indicator_id, reporting_round=result.reporting_round_id
    ).first()


def evidence_may_change(user, result: Result) -> bool:
    """Whether `user` may attach files to `result` or remove its files now (the ATTACH move of the
    round's policy: the result is a draft or returned, its organization's report for the round is
    open, and `user` may record it)."""
    refusal = result_refusal(
        ResultMove.ATTACH,
        roles=Roles(user, result.indicator),
        result=result,
        report=_report_of(result),
    )
    return refusal is None


# --- writes ---------------------------------------------------------------------------------------


def _result_for_change(result: Result, user) -> Result:
    result = Result.objects.select_related("indicator__agreement__organization").get(pk=result.pk)
    _require_attach(result, user, _report_of(result))
    return result


def _require_attach(result: Result, user, report: RoundReport | None) -> None:
    """Refuse unless `user` may change the result's evidence now (policy: the ATTACH move).

    A composite's result stays a draft for good (its score comes from its parts), so the result's
    own state is not enough: once the organization's report is submitted or closed, no evidence of
    the round changes, whoever asks (superusers included).
    """
    require_result_move(
        ResultMove.ATTACH, user=user, indicator=result.indicator, result=result, report=report
    )


def evidence_attach(
    *, result: Result, user, upload: File, step_number: int | None = None
) -> EvidenceFile:
    """Attach an uploaded file to a result, or to one milestone step of it.

    Not one atomic block on purpose: the file is checked and stored before the transaction (a large
    upload to S3 must not hold the result's lock, nor SQLite's write lock), and the row is written
    in a short transaction after; if that fails, the stored file is deleted again. A file whose
    row is rolled back later by a caller's transaction stays behind as an orphan without a row,
    never reachable through the application.
    """
    result = _result_for_change(result, user)
    return _attach(result.indicator, user, upload, step_number, lambda: lock_result(result.pk))


def evidence_attach_first(
    *, indicator: Indicator, reporting_round, user, upload: File, step_number: int | None = None
) -> EvidenceFile:
    """Attach a file before the result's first save: the empty draft result is created in the same
    short transaction as the file's row, so a refused file leaves no result behind. When the
    result exists already (someone saved meanwhile), the file goes to it like evidence_attach."""
    existing = Result.objects.filter(indicator=indicator, reporting_round=reporting_round).first()
    if existing is not None:
        return evidence_attach(result=existing, user=user, upload=upload, step_number=step_number)
    if not Roles(user, indicator).are(Who.RECORDER):
        raise PermissionDenied
    return _attach(
        indicator,
        user,
        upload,
        step_number,
        lambda: lock_result(
            result_start(indicator=indicator, reporting_round=reporting_round, user=user).pk
        ),
    )


def _attach(
    indicator: Indicator, user, upload: File, step_number: int | None, locked_result
) -> EvidenceFile:
    """Check and store the file, then write its row to the result that `locked_result()` locks."""
    if step_number is not None and not indicator.steps.filter(number=step_number).exists():
        raise ValidationError(
            {"step_number": _("This indicator has no step %(number)s.") % {"number": step_number}},
        )
    file_type, size, sha256 = _inspect(upload)
    original_name = clean_name(upload.name or "") or _("file") + file_type.extension
    now = timezone.now()
    storage = storages[STORAGE]
    upload.seek(0)
    try:
        stored_name = storage.save(_storage_name(file_type, now), upload)
    except Exception as error:
        # Whatever the storage raises (a folder that is not writable or is full: OSError; S3
        # refusing or unreachable: botocore's errors), the file is not stored: say so in Thai.
        logger.exception("Could not store an evidence file for indicator %s", indicator.pk)
        raise _storage_unavailable() from error
    try:
        with transaction.atomic():
            # The report, then the result, locked as every round service locks them, so that the
            # report cannot be submitted between this check and the write.
            locked = locked_result()
            _require_attach(locked, user, locked.locked_report)
            evidence = EvidenceFile(
                result=locked,
                step_number=step_number,
                original_name=original_name,
                content_type=file_type.content_type,
                size=size,
                sha256=sha256,
                uploaded_by=user,
                uploaded_at=now,
            )
            evidence.file.name = stored_name
            evidence.full_clean()
            evidence.save()
            _log(result=locked, user=user, at=now, old="", new=original_name, step=step_number)
    except BaseException:
        _delete_stored(stored_name)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, user) -> None:
    """Remove an evidence file; the stored file is deleted once the removal is committed."""
    evidence = EvidenceFile.objects.get(pk=evidence.pk)
    result = lock_result(evidence.result_id)
    _require_attach(result, user, result.locked_report)
    stored_name = evidence.file.name
    _log(
        result=result,
        user=user,
        at=timezone.now(),
        old=evidence.original_name,
        new="",
        step=evidence.step_number,
    )
    evidence.delete()
    # After the commit: a rolled-back removal must still find its file.
    transaction.on_commit(lambda: _delete_stored(stored_name), robust=True)


def evidence_open(*, evidence: EvidenceFile, user) -> File:
    """The stored file, open for reading, for anyone who may see the indicator."""
    if not EvidenceFile.objects.for_user(user).filter(pk=evidence.pk).exists():
        raise PermissionDenied
    return storages[STORAGE].open(evidence.file.name, "rb")


def _delete_stored(name: str) -> None:
    """Delete a stored file; a failure is logged, never raised over the error that led here."""
    try:
        storages[STORAGE].delete(name)
    except Exception:
        logger.exception("Could not delete the stored evidence file %s", name)


def _log(*, result: Result, user, at, old: str, new: str, step: int | None) -> None:
    # The step as its number: the history says it in the reader's language (Change.note_text).
    note = str(step) if step is not None else ""
    Change.objects.create(
        result=result,
        actor=user,
        token=token_of(user),
        at=at,
        field=HISTORY_FIELD,
        old=old,
        new=new,
        note=note,
    )
