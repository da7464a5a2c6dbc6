"""The OpenAPI document and the docs page: generated from the code, served from our own files."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_every_endpoint_with_its_refusals(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "khamrap API"
    paths = document["paths"]
    assert "/api/v1/organizations" in paths
    for path, operations in paths.items():
        for method, operation in operations.items():
            answers = set(operation["responses"])
            assert answers & {"200", "201", "204"}, (method, path)
            if not path.startswith("/api/v1/open/"):
                assert {"401", "404", "422", "429"} <= answers, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert {"403", "409"} <= answers, (method, path)
    schemes = document["components"]["securitySchemes"]
    assert {"TokenAuth", "BrowserSession"} <= set(schemes)


def test_the_docs_page_uses_the_packaged_swagger_files_not_a_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn." not in page
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert f"/static/{name}" in page
        assert finders.find(name), name


def test_no_two_schemas_share_a_name():
    """django-ninja names the document's schemas by class name and silently keeps only one of
    two that share it: a second `ResultOut` would describe another endpoint's answer."""
    import importlib
    import pkgutil

    from ninja import Schema

    import khamrap.api
    import khamrap.api.routers

    seen: dict[str, str] = {}
    for package in (khamrap.api, khamrap.api.routers):
        for info in pkgutil.iter_modules(package.__path__):
            if info.name in {"tests", "management", "migrations"}:
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, Schema)
                    and value.__module__ == module.__name__
                ):
                    where = f"{value.__module__}.{value.__qualname__}"
                    assert seen.setdefault(value.__name__, where) == where, (
                        f"{value.__name__}: {seen[value.__name__]} and {where}"
                    )
    assert len(seen) > 30
