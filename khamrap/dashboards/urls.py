from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.rollup, name="rollup"),
    path("agreement/<int:pk>/", views.agreement_dashboard, name="agreement"),
    path("workbench/", views.workbench, name="workbench"),
]
