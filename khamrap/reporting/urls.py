from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path(
        "agreement/<int:agreement_pk>/round/<int:round_pk>/",
        views.round_detail,
        name="round_detail",
    ),
    path(
        "agreement/<int:agreement_pk>/round/<int:round_pk>/approve-many/",
        views.round_approve,
        name="round_approve",
    ),
    path(
        "agreement/<int:agreement_pk>/round/<int:round_pk>/<slug:action>/",
        views.report_action,
        name="report_action",
    ),
    path(
        "indicator/<int:indicator_pk>/round/<int:round_pk>/", views.result_edit, name="result_edit"
    ),
    path(
        "indicator/<int:indicator_pk>/round/<int:round_pk>/preview/",
        views.result_preview,
        name="result_preview",
    ),
    path("<int:pk>/<slug:action>/", views.result_action, name="result_action"),
]
