"""/api/v1/ (the API, its OpenAPI document and docs page) and /api/tokens/ (the tokens pages)."""

from django.urls import include, path

from . import views
from .main import api

# The pages have a namespace of their own: "api" is the NinjaAPI's (api.urls).
token_patterns = (
    [
        path("", views.token_list, name="token_list"),
        path("new/", views.token_new, name="token_new"),
        path("<int:pk>/created/", views.token_created, name="token_created"),
        path("<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    ],
    "apitokens",
)

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", include(token_patterns)),
]
