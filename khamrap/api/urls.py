"""/api/v1/ (the API, its OpenAPI document and docs page) and /api/tokens/ (the tokens pages)."""

from django.urls import path

from .main import api

urlpatterns = [
    path("v1/", api.urls),
]
