from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("<int:pk>/", views.organization_detail, name="organization_detail"),
]
