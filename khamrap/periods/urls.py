from django.urls import path

from . import views

app_name = "periods"

urlpatterns = [
    path("", views.fiscal_year_list, name="fiscal_year_list"),
    path("new/", views.fiscal_year_create, name="fiscal_year_create"),
    path("rounds/<int:pk>/edit/", views.reporting_round_edit, name="reporting_round_edit"),
]
