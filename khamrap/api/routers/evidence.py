"""Evidence files of results (docs/api.md): list, upload, download, remove; through the same
services as the result page (reporting.evidence), so the round's policy decides who may change
them, and a file's type is read from its content, never from its name."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from ninja.params import FormEx, P

from khamrap.agreements.models import Indicator
from khamrap.periods.models import ReportingRound
from khamrap.reporting import evidence as services
from khamrap.reporting.evidence_views import evidence_file_response
from khamrap.reporting.models import EvidenceFile, Result

from ..auth import require_write
from ..schemas import READ_ERRORS, WRITE_ERRORS, Id, Pages

router = Router(tags=["evidence"])


class EvidenceFileOut(Schema):
    id: int
    result_id: int
    name: str = Field(description="The file's name as uploaded (shown, never used as a path).")
    size: int = Field(description="In bytes.")
    type: str = Field(description="The content type found in the file, e.g. application/pdf.")
    sha256: str = Field(description="The SHA-256 of the content, in hex.")
    step_number: int | None = Field(description="The milestone step it shows; null: the result.")
    uploaded_at: datetime
    uploaded_by: str = Field(description="Who uploaded it (their display name).")

    @staticmethod
    def resolve_name(evidence: EvidenceFile) -> str:
        return evidence.original_name

    @staticmethod
    def resolve_type(evidence: EvidenceFile) -> str:
        return evidence.content_type

    @staticmethod
    def resolve_uploaded_by(evidence: EvidenceFile) -> str:
        return evidence.uploaded_by.display_name


@router.get(
    "/results/{result_id}/evidence",
    response={200: list[EvidenceFileOut], **READ_ERRORS},
    summary="A result's evidence files",
)
@paginate(Pages)
def evidence_list(request, result_id: Id):
    """The files attached to the result or to its steps, by step, then in upload order."""
    result = get_object_or_404(Result.objects.for_user(request.user), pk=result_id)
    return services.evidence_of(result)


@router.post(
    "/indicators/{indicator_id}/rounds/{round_id}/evidence",
    response={201: EvidenceFileOut, **WRITE_ERRORS},
    summary="Attach an evidence file",
)
def evidence_upload(
    request,
    indicator_id: Id,
    round_id: Id,
    file: File[UploadedFile],
    step_number: FormEx[
        int | None, P(ge=1, le=32767, description="The milestone step the file shows.")
    ] = None,
):
    """Attach a file (multipart/form-data, field `file`) to the indicator's result in the round,
    or with `step_number` to one of its milestone steps; a result not saved yet is created as an
    empty draft. Accepted: PDF, Word, Excel, PNG, JPEG, GIF, WebP, up to the size limit."""
    require_write(request)
    indicator = get_object_or_404(
        Indicator.objects.for_user(request.user).select_related("agreement"), pk=indicator_id
    )
    reporting_round = get_object_or_404(
        ReportingRound, pk=round_id, fiscal_year=indicator.agreement.fiscal_year_id
    )
    evidence = services.evidence_attach_first(
        indicator=indicator,
        reporting_round=reporting_round,
        user=request.user,
        upload=file,
        step_number=step_number,
    )
    return Status(201, evidence)


@router.get(
    "/evidence/{evidence_id}/file",
    response=READ_ERRORS,
    summary="Download an evidence file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment, with the type found at upload.",
                "content": {
                    file_type.content_type: {"schema": {"type": "string", "format": "binary"}}
                    for file_type in services.ACCEPTED
                },
            }
        }
    },
)
def evidence_file(request, evidence_id: Id):
    """The stored file as an attachment, with the type found at upload; the same answer as the
    evidence download page."""
    evidence = get_object_or_404(EvidenceFile.objects.for_user(request.user), pk=evidence_id)
    return evidence_file_response(evidence=evidence, user=request.user)


@router.delete(
    "/evidence/{evidence_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an evidence file",
)
def evidence_delete(request, evidence_id: Id):
    """Remove the file from its result; the stored file is deleted once the removal is committed."""
    require_write(request)
    evidence = get_object_or_404(EvidenceFile.objects.for_user(request.user), pk=evidence_id)
    services.evidence_remove(evidence=evidence, user=request.user)
    return Status(204, None)
