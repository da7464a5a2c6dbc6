"""Excel exports, templates and imports.

Included from khamrap/urls.py as path("documents/excel/", include("khamrap.documents.excel_urls")).
"""

from django.urls import path

from . import excel_views

app_name = "documents_excel"

urlpatterns = [
    path(
        "agreements/<int:pk>/indicators.xlsx",
        excel_views.agreement_indicators_export,
        name="agreement_indicators_export",
    ),
    path(
        "agreements/<int:pk>/rounds/<int:round_pk>/results.xlsx",
        excel_views.round_results_export,
        name="round_results_export",
    ),
    path(
        "agreements/<int:pk>/rounds/<int:round_pk>/results-template.xlsx",
        excel_views.round_results_template,
        name="round_results_template",
    ),
    path(
        "agreements/<int:pk>/rounds/<int:round_pk>/results/import/",
        excel_views.results_import,
        name="results_import",
    ),
    path(
        "rollup/<int:year>/<int:months>/rollup.xlsx",
        excel_views.rollup_export,
        name="rollup_export",
    ),
    path(
        "organizations/<int:pk>/years/<int:year>/indicators-template.xlsx",
        excel_views.indicators_template,
        name="indicators_template",
    ),
    path(
        "organizations/<int:pk>/indicators/import/",
        excel_views.indicators_import,
        name="indicators_import",
    ),
]
