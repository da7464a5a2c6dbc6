"""The database down answers a Thai and English 503 page, and the next request works again."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.urls import reverse

from khamrap.web import views


@contextmanager
def database_refuses_connections():
    """Every query fails as a connection to a stopped server does, in the driver's own error."""

    def refuse(*args, **kwargs):
        with connection.wrap_database_errors:
            raise connection.Database.OperationalError(
                'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
            )

    with mock.patch.object(connection, "ensure_connection", refuse):
        yield


def test_a_page_answers_503_in_thai_and_english_with_retry_after(client, db):
    with database_refuses_connections():
        response = client.get(reverse("public:agreement_list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in page
    assert "The system is unavailable for a moment" in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_signed_in_page_answers_503_without_touching_the_database_again(client, world):
    client.force_login(world.coordinator)
    with database_refuses_connections():
        response = client.get(reverse("web:home"))
    assert response.status_code == 503
    assert "ขณะนี้ระบบติดต่อฐานข้อมูลไม่ได้" in response.content.decode()


def test_it_recovers_by_itself_when_the_database_is_back(client, db):
    with database_refuses_connections():
        assert client.get(reverse("public:agreement_list")).status_code == 503
    assert client.get(reverse("public:agreement_list")).status_code == 200


def test_a_failure_outside_a_view_answers_503_too():
    # A middleware (the session saved after the view) fails: Django calls handler500.
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_any_other_error_stays_a_500(client, db):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500


@pytest.mark.django_db
def test_the_503_page_needs_no_request_and_no_database(django_assert_num_queries):
    from khamrap.web.middleware import database_unavailable_response

    with django_assert_num_queries(0):
        response = database_unavailable_response(OperationalError("down"))
    assert response.status_code == 503
