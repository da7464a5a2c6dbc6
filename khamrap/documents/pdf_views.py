"""The PDF documents to download, each fetched through the permission selectors.

An agreement (and so its indicators and rounds), a PMQA year or an award application the person may
not see answers 404, as its pages do; the public, not signed in, is sent to sign in. An award's
consolidated assessment the person may not yet see (before the announcement) answers 403.
`?digits=thai` prints Thai digits throughout.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from khamrap.agreements.selectors import agreement_get_for_user, indicators_of
from khamrap.awards import policy as award_policy
from khamrap.awards.selectors import application_get
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear, ReportingRound
from khamrap.pmqa.selectors import year_get

from .pdf import (
    render_agreement,
    render_indicator_sheet,
    render_pmqa_assessment,
    render_pmqa_plan,
    render_sar,
    render_summary,
)
from .pdf.award_documents import render_award_application, render_award_assessment


def _thai_digits(request) -> bool:
    return request.GET.get("digits") == "thai"


def _attachment(content: bytes, filename: str) -> HttpResponse:
    """The PDF as a download; the Thai file name is sent RFC 5987-encoded (filename*=utf-8'')."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def agreement_pdf(request, pk: int):
    """The performance agreement (คำรับรองการปฏิบัติราชการ)."""
    agreement = agreement_get_for_user(request.user, pk)
    content = render_agreement(agreement, thai_digits=_thai_digits(request))
    name = f"คำรับรอง-{agreement.organization.code}-{agreement.fiscal_year.year}.pdf"
    return _attachment(content, name)


@require_GET
@login_required
def indicator_sheet_pdf(request, pk: int, indicator_pk: int):
    """One indicator's sheet (seed 000)."""
    agreement = agreement_get_for_user(request.user, pk)
    indicator = next((i for i in indicators_of(agreement) if i.pk == indicator_pk), None)
    if indicator is None:
        raise Http404
    content = render_indicator_sheet(indicator, thai_digits=_thai_digits(request))
    name = (
        f"ตัวชี้วัด-{indicator.number}-{agreement.organization.code}-{agreement.fiscal_year.year}.pdf"
    )
    return _attachment(content, name)


@require_GET
@login_required
def sar_pdf(request, pk: int, round_pk: int):
    """The organization's self-assessment report for a round of its agreement's year."""
    agreement = agreement_get_for_user(request.user, pk)
    reporting_round = get_object_or_404(
        ReportingRound, pk=round_pk, fiscal_year=agreement.fiscal_year_id
    )
    content = render_sar(agreement, reporting_round, thai_digits=_thai_digits(request))
    name = (
        f"SAR-{agreement.organization.code}-{agreement.fiscal_year.year}-"
        f"{reporting_round.months}เดือน.pdf"
    )
    return _attachment(content, name)


@require_GET
@login_required
def summary_pdf(request, year: int, months: int):
    """The executive summary of a round over the organizations the person may see (the roll-up)."""
    if not Organization.objects.for_user(request.user).exists():
        raise Http404
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    if not fiscal_year.rounds.filter(months=months).exists():
        raise Http404
    content = render_summary(fiscal_year, months, request.user, thai_digits=_thai_digits(request))
    return _attachment(content, f"สรุปผู้บริหาร-{year}-{months}เดือน.pdf")


@require_GET
@login_required
def pmqa_assessment_pdf(request, pk: int):
    """A PMQA year's self-assessment report (รายงานผลการประเมินองค์การด้วยตนเอง)."""
    year = year_get(request.user, pk)
    with translation.override("th"):  # official documents are Thai, whatever the page's language
        content = render_pmqa_assessment(year, thai_digits=_thai_digits(request))
    name = f"PMQA-ประเมินตนเอง-{year.organization.code}-{year.fiscal_year.year}.pdf"
    return _attachment(content, name)


@require_GET
@login_required
def pmqa_plan_pdf(request, pk: int):
    """A PMQA year's improvement plan (แผนพัฒนาองค์การ)."""
    year = year_get(request.user, pk)
    with translation.override("th"):
        content = render_pmqa_plan(year, thai_digits=_thai_digits(request))
    name = f"PMQA-แผนพัฒนาองค์การ-{year.organization.code}-{year.fiscal_year.year}.pdf"
    return _attachment(content, name)


def _award_name(kind: str, application) -> str:
    call = application.scheme.call
    return (
        f"รางวัล-{kind}-{application.organization.code}-{call.fiscal_year.year}-{application.pk}.pdf"
    )


@require_GET
@login_required
def award_application_pdf(request, pk: int):
    """An award application: forms 1-3 (ใบสมัคร, คุณสมบัติ, รายงานผลการดำเนินงาน)."""
    application = application_get(request.user, pk)
    with translation.override("th"):
        content = render_award_application(
            application, request.user, thai_digits=_thai_digits(request)
        )
    return _attachment(content, _award_name("ใบสมัคร", application))


@require_GET
@login_required
def award_assessment_pdf(request, pk: int):
    """An award application's consolidated assessment: the office's, and everyone's who may see the
    application once the result is announced (403 before that)."""
    application = application_get(request.user, pk)
    if not award_policy.rights(request.user, application).see_result:
        raise PermissionDenied
    with translation.override("th"):
        content = render_award_assessment(
            application, request.user, thai_digits=_thai_digits(request)
        )
    return _attachment(content, _award_name("ผลการประเมิน", application))
