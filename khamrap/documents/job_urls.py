from django.urls import path

from . import job_views

app_name = "documents_jobs"

urlpatterns = [
    path("sar-zip/<int:round_pk>/", job_views.sar_zip_start, name="sar_zip_start"),
    path("<uuid:pk>/", job_views.job_detail, name="job_detail"),
    path("<uuid:pk>/download/", job_views.job_download, name="job_download"),
]
