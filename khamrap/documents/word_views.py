"""The agreement as a Word file to download."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from khamrap.agreements.selectors import agreement_get_for_user

from .word import render_agreement_docx

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def agreement_docx(request, pk: int):
    """The agreement as .docx (?digits=thai for Thai digits); 404 outside the user's organizations."""
    agreement = agreement_get_for_user(request.user, pk)
    content = render_agreement_docx(agreement, thai_digits=request.GET.get("digits") == "thai")
    filename = f"คำรับรอง-{agreement.organization.code}-{agreement.fiscal_year.year}.docx"
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
