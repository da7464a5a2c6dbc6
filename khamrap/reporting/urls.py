from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path(
        "indicator/<int:indicator_pk>/round/<int:round_pk>/", views.result_edit, name="result_edit"
    ),
    path("<int:pk>/verify/", views.result_verify, name="result_verify"),
]
