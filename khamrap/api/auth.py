"""Who is calling: an API token (Authorization: Bearer khr_…) or the browser's session.

A token's user is put on the request with the token's scope (accounts.tokens), so every selector
and service called with `request.user` sees only what the token may reach; a session user acts
with all their roles, and the session path checks Django's CSRF token on every change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from khamrap.accounts.tokens import token_authenticate, token_of


class TokenAuth(HttpBearer):
    """A personal or service token, sent as `Authorization: Bearer khr_…`."""

    openapi_description = "A khamrap API token: khr_<prefix>_<secret> (docs/api.md)."

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(token)
        if found is None:
            # A token sent and refused is the answer, even with a session cookie beside it: the
            # caller asked to act as the token's holder, not as whoever is signed in.
            raise AuthenticationError

        request.user = found.user  # the user, narrowed to the token's scope
        return found


class BrowserSession(SessionAuth):
    """The signed-in browser (the docs page's "Try it out"); changes need the CSRF token."""

    def _get_key(self, request: HttpRequest):
        # Without a session cookie there is no session to forge a request with: no CSRF check,
        # so a client with a wrong token hears 401, not a CSRF refusal.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


token_auth = TokenAuth()
session_auth = BrowserSession()
ANY_AUTH = [token_auth, session_auth]


def require_write(request: HttpRequest) -> None:
    """Refuse a change through a token made for reading only (403): its scope says so before
    any service is asked. A session may change what its user's roles allow."""
    token = token_of(request.user)
    if token is not None and not token.can_write:
        raise PermissionDenied
