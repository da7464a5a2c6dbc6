"""Award pages. Included from khamrap/urls.py as path("awards/", include("khamrap.awards.urls"))."""

from django.urls import path

from .views import applications, assessment, forms_pages, history

app_name = "awards"

urlpatterns = [
    path("", applications.index, name="index"),
    path("calls/open/", applications.call_open, name="call_open"),
    path("new/", applications.application_new, name="new"),
    path("words/", forms_pages.words, name="words"),
    path("<int:pk>/", applications.application_detail, name="detail"),
    path("<int:pk>/move/<slug:move>/", applications.application_move, name="move"),
    path("<int:pk>/assessors/", applications.assessor_assign, name="assign"),
    path(
        "<int:pk>/assessors/<int:assignment_pk>/remove/",
        applications.assessor_unassign,
        name="unassign",
    ),
    path("<int:pk>/form-1/", forms_pages.form_1, name="form_1"),
    path("<int:pk>/form-2/", forms_pages.form_2, name="form_2"),
    path("<int:pk>/form-3/", forms_pages.form_3, name="form_3"),
    path("<int:pk>/sheet/", assessment.sheet, name="sheet"),
    path("<int:pk>/sheets/", assessment.sheets, name="sheets"),
    path("history/<int:org_pk>/", history.history, name="history"),
    path("history/<int:org_pk>/awards/", history.record_add, name="record_add"),
    path("history/<int:org_pk>/reports/", history.report_add, name="report_add"),
]
