"""Who may call: tokens and sessions, their rate limits, and what a refusal looks like."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings

from khamrap.accounts.tokens import token_authenticate
from khamrap.api.tests.conftest import ApiClient, issue
from khamrap.reporting import services
from khamrap.reporting.models import Result

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


@override_settings(API_RATE_LIMIT="3/m")
def test_each_token_has_its_own_budget_and_hears_429_with_retry_after(world, api_as):
    first = api_as(world.coordinator, world.dept)
    second = api_as(world.coordinator, world.dept)
    for _ in range(3):
        assert first.get(ME).status_code == 200
    refused = first.get(ME)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert set(refused.json()) == {"detail"}
    # The same person's other token (another system) has a budget of its own.
    assert second.get(ME).status_code == 200


@override_settings(API_RATE_LIMIT="2/m")
def test_a_session_has_a_budget_too(world):
    browser = Client()
    browser.force_login(world.coordinator)
    assert [browser.get(ME).status_code for _ in range(3)] == [200, 200, 429]


@override_settings(API_OPEN_RATE_LIMIT="1/m")
def test_a_forged_forwarded_address_buys_no_new_budget(world, anonymous_api):
    assert anonymous_api.get("/api/v1/open/agreements").status_code == 200
    forged = anonymous_api.get("/api/v1/open/agreements", **{"X-Forwarded-For": "203.0.113.9"})
    assert forged.status_code == 429


def test_the_browser_session_reads_and_must_send_its_csrf_token_to_change(world, agreement, six):
    indicator = agreement.indicators.get(number="1")
    url = f"/api/v1/indicators/{indicator.pk}/rounds/{six.pk}/result"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.coordinator)
    assert browser.get(ME).json()["username"] == "bob"
    refused = browser.put(url, '{"version": 1, "value": "92"}', content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf"
    assert not Result.objects.exists()
    browser.get("/api/tokens/")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    saved = browser.put(
        url,
        '{"version": 1, "value": "92"}',
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 200, saved.content
    assert Result.objects.get().value == Decimal(92)


def test_a_wrong_token_hears_401_even_on_a_change(world, agreement, six):
    indicator = agreement.indicators.get(number="1")
    client = ApiClient("khr_00000000_not-a-token")
    response = client.put(
        f"/api/v1/indicators/{indicator.pk}/rounds/{six.pk}/result", {"version": 1}
    )
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}
    assert ApiClient("Basic abc").get(ME).status_code == 401


def test_a_body_that_is_not_json_is_422_on_the_body(world, agreement, six, api_as):
    indicator = agreement.indicators.get(number="1")
    api = api_as(world.coordinator, world.dept, write=True)
    response = api.client.put(
        f"/api/v1/indicators/{indicator.pk}/rounds/{six.pk}/result",
        "{not json",
        content_type="application/json",
        headers=api.headers,
    )
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert (problem["loc"], problem["code"]) == (["body"], "parse")


def test_a_read_token_changes_nothing_even_for_a_person_named_on_the_indicator(
    world, agreement, six
):
    """charlie is named as collector: being named lets him save, but not through a read token,
    whichever way in (the API refuses first; the round's policy refuses too)."""
    indicator = agreement.indicators.get(number="1")
    reader = token_authenticate(issue(world.collector, world.dept)).user
    with pytest.raises(PermissionDenied):
        services.result_save(
            indicator=indicator, reporting_round=six, user=reader, value=Decimal(92)
        )
    writer = token_authenticate(issue(world.collector, world.dept, write=True)).user
    saved = services.result_save(
        indicator=indicator, reporting_round=six, user=writer, value=Decimal(92)
    )
    assert saved.changes.filter(token__isnull=False).exists()


def test_a_refused_token_is_401_even_beside_a_signed_in_session(world):
    """A caller who sends a token acts as its holder or not at all, never as the session's."""
    browser = Client()
    browser.force_login(world.coordinator)
    assert browser.get(ME).status_code == 200
    refused = browser.get(ME, headers={"Authorization": "Bearer khr_00000000_revoked"})
    assert refused.status_code == 401
