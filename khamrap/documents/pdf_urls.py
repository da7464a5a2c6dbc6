"""The PDF documents.

Included from khamrap/urls.py as path("documents/pdf/", include("khamrap.documents.pdf_urls")).
"""

from django.urls import path

from . import pdf_views

app_name = "documents_pdf"

urlpatterns = [
    path("agreements/<int:pk>/", pdf_views.agreement_pdf, name="agreement"),
    path(
        "agreements/<int:pk>/indicators/<int:indicator_pk>/",
        pdf_views.indicator_sheet_pdf,
        name="indicator_sheet",
    ),
    path("agreements/<int:pk>/rounds/<int:round_pk>/sar/", pdf_views.sar_pdf, name="sar"),
    path("summary/<int:year>/<int:months>/", pdf_views.summary_pdf, name="summary"),
    path("pmqa/<int:pk>/self-assessment/", pdf_views.pmqa_assessment_pdf, name="pmqa_assessment"),
    path("pmqa/<int:pk>/improvement-plan/", pdf_views.pmqa_plan_pdf, name="pmqa_plan"),
    path("awards/<int:pk>/application/", pdf_views.award_application_pdf, name="award_application"),
    path("awards/<int:pk>/assessment/", pdf_views.award_assessment_pdf, name="award_assessment"),
]
