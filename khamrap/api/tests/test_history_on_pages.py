"""A change made through a token is in the result page's history, naming the token."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_result_page_says_which_token_changed_the_result(world, agreement, six, api_as):
    indicator = agreement.indicators.get(number="1")
    system = api_as(world.coordinator, world.dept, write=True)
    token_name = "test token"
    saved = system.put(
        f"/api/v1/indicators/{indicator.pk}/rounds/{six.pk}/result", {"version": 1, "value": "92"}
    )
    assert saved.status_code == 200
    browser = Client()
    browser.force_login(world.coordinator)
    page = browser.get(reverse("reporting:result_edit", args=[indicator.pk, six.pk]))
    assert page.status_code == 200
    changes = list(page.context["changes"])
    assert changes and all(c.token is not None and c.token.name == token_name for c in changes)
    assert f"“{token_name}”" in page.content.decode()
    # A change made on the page names no token.
    browser.post(
        reverse("reporting:result_edit", args=[indicator.pk, six.pk]),
        {"version": 2, "value": "95"},
    )
    latest = browser.get(reverse("reporting:result_edit", args=[indicator.pk, six.pk]))
    assert latest.context["changes"][0].token is None
