"""Fixtures of the API tests: tokens for the `world` people, and a client that sends one."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from khamrap.accounts.tokens import token_create


class ApiClient:
    """A test client that sends a token (or none) and speaks JSON."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, params=None, **headers):
        return self.client.get(path, params or {}, headers={**self.headers, **headers})

    def _send(self, method, path, body, headers):
        return getattr(self.client, method)(
            path,
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def post(self, path, body=None, **headers):
        return self._send("post", path, body, headers)

    def put(self, path, body=None, **headers):
        return self._send("put", path, body, headers)

    def patch(self, path, body=None, **headers):
        return self._send("patch", path, body, headers)

    def delete(self, path, **headers):
        return self.client.delete(path, headers={**self.headers, **headers})

    def upload(self, path, files: dict, data=None, **headers):
        return self.client.post(
            path, {**(data or {}), **files}, headers={**self.headers, **headers}
        )


def issue(user, organization, *, subtree=False, write=False, name="test token") -> str:
    """A token for `user` scoped to `organization`: the secret string to send."""
    return token_create(
        by=user,
        user=user,
        organization=organization,
        name=name,
        include_subtree=subtree,
        can_write=write,
    ).secret


@pytest.fixture
def api_as():
    """`api_as(user, organization, subtree=…, write=…)`: a client with a new token for them."""

    def make(user, organization, **scope) -> ApiClient:
        return ApiClient(issue(user, organization, **scope))

    return make


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient()
