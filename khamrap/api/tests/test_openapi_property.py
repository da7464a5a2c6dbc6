"""Schemathesis against the generated OpenAPI document, on a small database: for every operation,
inputs generated from its schema (valid and not) never give a server error, and every answer
matches what the document promises (status code, content type, body schema).

The database holds the `world` with a signed agreement, a round and a saved result, and the calls
carry a write token of the department's coordinator, so that generated ids sometimes hit real
rows; hypothesis runs every operation's examples within the test's transaction.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from khamrap.api.main import api
from khamrap.api.tests.conftest import issue

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def small_database(world, signed, six, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.API_RATE_LIMIT = "100000/m"
    settings.API_OPEN_RATE_LIMIT = "100000/m"
    cache.clear()
    # The calls go through the WSGI handler itself, which closes the database connection after
    # each request: keep it open, as Django's test client does, or the test's transaction (and
    # on PostgreSQL, its connection) is lost after the first call.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def write_token(small_database, world):
    return issue(world.coordinator, world.dept, subtree=True, write=True)


# The document as the running API serves it (/api/v1/openapi.json), called in-process.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = WSGIHandler()


@schema.parametrize()
@settings(
    # 25 examples an operation in CI; API_PROPERTY_EXAMPLES=500 for a longer hunt.
    max_examples=int(os.environ.get("API_PROPERTY_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_every_answer_matches_the_document(case, write_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {write_token}"}, checks=CHECKS)
