"""Evidence files; included at results/evidence/ in khamrap/urls.py."""

from django.urls import path

from . import evidence_views as views

app_name = "evidence"

urlpatterns = [
    path("result/<int:result_pk>/upload/", views.evidence_upload, name="evidence_upload"),
    path(
        "indicator/<int:indicator_pk>/round/<int:round_pk>/upload/",
        views.evidence_upload_first,
        name="evidence_upload_first",
    ),
    path("<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/download/", views.evidence_download, name="evidence_download"),
]
